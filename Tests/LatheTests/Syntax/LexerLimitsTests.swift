import Testing
import Syntax

/// The lexer's limits on hostile input (issue 8, part 17): deep interpolation, binary files,
/// and files with thousands of lexical errors.
@Suite("Lexer limits")
struct LexerLimitsTests {
    private func parse(_ text: String) -> [Diagnostic] {
        Parser.parse(file: SourceFile(id: 0, path: "test.mlx", text: text)).diagnostics
    }

    @Test func interpolationsNestUpToTheLimit() {
        let depth = Lexer.maxInterpolationDepth
        let text = "let s = " + String(repeating: "\"${", count: depth) + "1" + String(repeating: "}\"", count: depth) + "\n"
        #expect(parse(text).isEmpty)
    }

    /// 20,000 nested `${` used to be lexed and parsed again at every level, depth × length work
    /// (8 s in a debug build). Now the outer string is refused in one scan: exactly one error, at
    /// the first `${` past the limit, and no "expression nested too deeply" from the parser,
    /// which would show that the levels were still being re-parsed.
    @Test func twentyThousandNestedInterpolationsAreOneError() {
        let count = 20_000
        let text = "let s = " + String(repeating: "\"${", count: count) + "1" + String(repeating: "}\"", count: count) + "\nlet t = 2\n"
        let diagnostics = parse(text)
        #expect(diagnostics.count == 1, "\(diagnostics)")
        let first = diagnostics.first
        #expect(first?.code == "E0019")
        #expect(first?.message == "string interpolations nested too deeply")
        // `let s = ` is 8 bytes, then 3 bytes per level; the 33rd `${` starts after its quote.
        #expect(first.map { Int($0.span.start) } == 8 + 3 * Lexer.maxInterpolationDepth + 1)
    }

    /// A CSV given to `lathe check` lexes cleanly but is one parse error a line: 200,000 lines
    /// made 200,000 diagnostics (5.6 s in a debug build). The parser stops at its limit instead.
    @Test func theParserStopsAfterItsErrorLimit() {
        var text = "a,b,c,label\n"
        for row in 0..<200_000 { text += "0.\(row),1.5,x\(row),yes\n" }
        let diagnostics = parse(text)
        #expect(diagnostics.count == Parser.maxErrors + 1)
        #expect(diagnostics.last?.message == "too many errors; the rest of the file was not read")
    }

    @Test func aNulByteStopsTheLexerWithOneError() {
        let text = "let x = 1\n\u{0}\u{1}@@@ ###\nlet y = @\n"
        let file = SourceFile(id: 0, path: "data.bin", text: text)
        var lexer = Lexer(file: file)
        let (tokens, diagnostics) = lexer.tokenize()
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.message == "unexpected NUL byte: this is a binary file, not a Lathe script")
        #expect(tokens.last?.kind == .eof)
        #expect(tokens.count < 8)
    }

    @Test func theLexerStopsAfterTooManyErrors() {
        let text = String(repeating: "@ ", count: 100_000)
        let file = SourceFile(id: 0, path: "many.mlx", text: text)
        var lexer = Lexer(file: file)
        let (tokens, diagnostics) = lexer.tokenize()
        #expect(diagnostics.count == Lexer.maxErrors + 1)
        #expect(diagnostics.last?.message == "too many errors; the rest of the file was not read")
        #expect(tokens.count <= Lexer.maxErrors + 1)
    }
}
