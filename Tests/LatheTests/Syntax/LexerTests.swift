import Testing
import Syntax

private func lexSource(_ text: String) -> (tokens: [Token], diagnostics: [Diagnostic], file: SourceFile) {
    let file = SourceFile(id: 0, path: "test.mlx", text: text)
    var lexer = Lexer(file: file)
    let (tokens, diagnostics) = lexer.tokenize()
    return (tokens, diagnostics, file)
}

private func tokenKinds(_ text: String) -> [TokenKind] {
    lexSource(text).tokens.map(\.kind)
}

@Suite("Lexer")
struct LexerTests {
    @Test func emptyInputIsJustEOF() {
        let result = lexSource("")
        #expect(result.tokens.map(\.kind) == [.eof])
        #expect(result.diagnostics.isEmpty)
        #expect(lexSource("  # only a comment\n\n").tokens.map(\.kind) == [.eof])
    }

    @Test func numbers() {
        let result = lexSource("3 2.5 1e-3 1_000_000 4E+2 0.25e1 7")
        #expect(result.diagnostics.isEmpty)
        let numbers = result.tokens.filter { $0.kind == .number }
        #expect(numbers.map(\.number) == [3, 2.5, 1e-3, 1_000_000, 400, 2.5, 7])
        #expect(numbers.map(\.text) == ["3", "2.5", "1e-3", "1_000_000", "4E+2", "0.25e1", "7"])
    }

    @Test func numberFollowedByRangeIsNotAFraction() {
        #expect(tokenKinds("0..<n") == [.number, .rangeHalfOpen, .identifier, .eof])
        #expect(tokenKinds("x.5") == [.identifier, .dot, .number, .eof])
    }

    @Test func leadingDotIsNotANumber() {
        #expect(tokenKinds(".5") == [.dot, .number, .eof])
    }

    @Test(arguments: ["1_", "1__0", "1e", "1e+", "12abc", "1.2.3", "3_x"])
    func invalidNumbers(_ text: String) {
        let result = lexSource(text)
        #expect(result.tokens.map(\.kind) == [.invalid, .eof])
        #expect(result.diagnostics.count == 1)
        #expect(result.diagnostics.first?.message == "invalid number literal '\(text)'")
        #expect(result.diagnostics.first?.code == "E0007")
    }

    @Test func hugeNumberIsOutOfRange() {
        let result = lexSource("1e999")
        #expect(result.diagnostics.map(\.message) == ["number literal '1e999' is out of range"])
    }

    @Test func plainStrings() {
        let result = lexSource(#""hello" "" "a b""#)
        #expect(result.diagnostics.isEmpty)
        let strings = result.tokens.filter { $0.kind == .string }
        #expect(strings.map(\.segments) == [[.text("hello")], [], [.text("a b")]])
        #expect(result.file.text(of: strings[0].span) == "\"hello\"")
    }

    @Test func escapes() {
        let result = lexSource(#""a\nb\tc\rd\\e\"f\$g\0h\u{1F600}i\u{41}""#)
        #expect(result.diagnostics.isEmpty)
        #expect(result.tokens.first?.segments == [.text("a\nb\tc\rd\\e\"f$g\0h😀iA")])
    }

    @Test func unknownEscape() {
        let result = lexSource(#""a\qb""#)
        #expect(result.diagnostics.count == 1)
        let diagnostic = result.diagnostics[0]
        #expect(diagnostic.message == "unknown escape sequence '\\q'")
        #expect(diagnostic.code == "E0004")
        #expect(diagnostic.hint?.contains("\\n") == true)
        #expect(result.file.text(of: diagnostic.span) == "\\q")
        // The string is still a string token, so the parser goes on.
        #expect(result.tokens.first?.kind == .string)
    }

    @Test(arguments: [#""\u{}""#, #""\u{110000}""#, #""\u41""#, #""\u{12""#, #""\u{D800}""#])
    func invalidUnicodeEscapes(_ text: String) {
        let result = lexSource(text)
        #expect(result.diagnostics.count == 1)
        #expect(result.diagnostics.first?.code == "E0005")
    }

    @Test func unterminatedStringPointsAtOpeningQuote() {
        let result = lexSource("let s = \"abc\nlet t = 1")
        #expect(result.diagnostics.map(\.message) == ["unterminated string"])
        let span = result.diagnostics[0].span
        #expect(span.start == 8 && span.end == 9)
        // Lexing resumes on the next line.
        #expect(result.tokens.suffix(5).map(\.kind) == [.kwLet, .identifier, .equal, .number, .eof])
        #expect(result.tokens.suffix(5).first?.precededByNewline == true)
    }

    @Test func unterminatedStringAtEndOfFile() {
        let result = lexSource("\"abc\\")
        #expect(result.diagnostics.map(\.message) == ["unterminated string"])
    }

    @Test func interpolationSpans() {
        let source = #""a ${x + 1} b ${f("}", {k: 1})} $ c""#
        let result = lexSource(source)
        #expect(result.diagnostics.isEmpty)
        guard let segments = result.tokens.first?.segments, segments.count == 5 else {
            Issue.record("unexpected segments \(String(describing: result.tokens.first?.segments))")
            return
        }
        #expect(segments[0] == .text("a "))
        if case .interpolation(let span) = segments[1] {
            #expect(result.file.text(of: span) == "x + 1")
        } else {
            Issue.record("expected interpolation")
        }
        #expect(segments[2] == .text(" b "))
        if case .interpolation(let span) = segments[3] {
            #expect(result.file.text(of: span) == #"f("}", {k: 1})"#)
        } else {
            Issue.record("expected interpolation")
        }
        #expect(segments[4] == .text(" $ c"))
    }

    @Test func nestedInterpolation() {
        let source = #""x ${"y ${z}"} w""#
        let result = lexSource(source)
        #expect(result.diagnostics.isEmpty)
        #expect(result.tokens.map(\.kind) == [.string, .eof])
        if case .interpolation(let span)? = result.tokens.first?.segments.dropFirst().first {
            #expect(result.file.text(of: span) == #""y ${z}""#)
        } else {
            Issue.record("expected interpolation")
        }
    }

    @Test func escapedDollarIsText() {
        let result = lexSource(#""\${x}""#)
        #expect(result.diagnostics.isEmpty)
        #expect(result.tokens.first?.segments == [.text("${x}")])
    }

    @Test func emptyInterpolation() {
        let result = lexSource(#""a ${ } b""#)
        #expect(result.diagnostics.map(\.message) == ["empty interpolation"])
        #expect(result.diagnostics.first?.code == "E0006")
    }

    @Test func unclosedInterpolationIsUnterminatedString() {
        let result = lexSource("\"a ${x\"\nlet y = 1")
        #expect(result.diagnostics.map(\.message) == ["unterminated string"])
        #expect(result.tokens.first?.kind == .invalid)
    }

    @Test func keywordsAndIdentifiers() {
        let all = "let var param fn if else for in while break continue return import as true false null and or not"
        let result = lexSource(all + " lets _x x1 Foo_Bar")
        let expected: [TokenKind] = [.kwLet, .kwVar, .kwParam, .kwFn, .kwIf, .kwElse, .kwFor, .kwIn, .kwWhile,
                                     .kwBreak, .kwContinue, .kwReturn, .kwImport, .kwAs, .kwTrue, .kwFalse,
                                     .kwNull, .kwAnd, .kwOr, .kwNot,
                                     .identifier, .identifier, .identifier, .identifier, .eof]
        #expect(result.tokens.map(\.kind) == expected)
        #expect(result.tokens.filter { $0.kind == .identifier }.map(\.text) == ["lets", "_x", "x1", "Foo_Bar"])
    }

    @Test func punctuation() {
        let source = "( ) [ ] { } , : ; . ..< + - * / % == != < <= > >= = += -= *= /= |> =>"
        let expected: [TokenKind] = [.leftParen, .rightParen, .leftBracket, .rightBracket, .leftBrace, .rightBrace,
                                     .comma, .colon, .semicolon, .dot, .rangeHalfOpen, .plus, .minus, .star,
                                     .slash, .percent, .equalEqual, .bangEqual, .less, .lessEqual, .greater,
                                     .greaterEqual, .equal, .plusEqual, .minusEqual, .starEqual, .slashEqual,
                                     .pipe, .fatArrow, .eof]
        let result = lexSource(source)
        #expect(result.diagnostics.isEmpty)
        #expect(result.tokens.map(\.kind) == expected)
        for token in result.tokens where token.kind != .eof {
            #expect(result.file.text(of: token.span) == token.kind.rawValue)
        }
        // Longest match without spaces.
        #expect(tokenKinds("a|>b") == [.identifier, .pipe, .identifier, .eof])
        #expect(tokenKinds("x==-1") == [.identifier, .equalEqual, .minus, .number, .eof])
    }

    @Test func precededByNewline() {
        let result = lexSource("a b\nc # comment\n  d # trailing\n\n# whole line\ne")
        #expect(result.tokens.map(\.precededByNewline) == [false, false, true, true, true, false])
        #expect(result.tokens.last?.kind == .eof)
    }

    @Test func crlfLineEndings() {
        let result = lexSource("let a = 1\r\nlet b = 2\r\n")
        #expect(result.diagnostics.isEmpty)
        #expect(result.tokens.filter(\.precededByNewline).count == 2)
    }

    @Test func invalidCharacters() {
        let result = lexSource("a @ b ` c")
        #expect(result.tokens.map(\.kind) == [.identifier, .invalid, .identifier, .invalid, .identifier, .eof])
        #expect(result.diagnostics.map(\.message) == ["unexpected character '@'", "unexpected character '`'"])
        #expect(result.diagnostics.allSatisfy { $0.code == "E0001" })
    }

    @Test func helpfulHintsForForeignOperators() {
        for source in ["a && b", "a || b", "!a", "'s'", "a .. b"] {
            let result = lexSource(source)
            #expect(!result.diagnostics.isEmpty, "\(source)")
            #expect(result.diagnostics.first?.hint != nil, "\(source)")
        }
    }

    @Test func nonASCIIOutsideStrings() {
        let result = lexSource("let é = 1")
        #expect(result.diagnostics.map(\.message) == ["unexpected character 'é'"])
        #expect(result.file.text(of: result.diagnostics[0].span) == "é")
        // Non-ASCII inside strings and comments is fine.
        #expect(lexSource("\"é😀\" # ü").diagnostics.isEmpty)
    }

    @Test func invalidUTF8() {
        let text = String(decoding: [0x61, 0x20, 0xFF, 0xFE, 0x20, 0x62], as: UTF8.self)
        let result = lexSource(text)
        #expect(result.diagnostics.count == 2)
        #expect(result.diagnostics.allSatisfy { $0.message == "invalid UTF-8 in source" && $0.code == "E0002" })
        #expect(result.tokens.map(\.kind) == [.identifier, .invalid, .invalid, .identifier, .eof])
    }

    @Test func controlCharactersAreEscapedInMessages() {
        let result = lexSource("a \u{7} b")
        #expect(result.diagnostics.map(\.message) == ["unexpected character '\\u{0007}'"])
    }

    @Test func spansAreByteOffsets() {
        let result = lexSource("\"é\" x")
        #expect(result.tokens[1].span.start == 5)
        #expect(result.file.text(of: result.tokens[1].span) == "x")
    }
}
