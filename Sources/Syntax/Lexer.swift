import LatheCore

/// Turns the UTF-8 bytes of a `SourceFile` (or a byte range of it) into tokens.
///
/// The lexer never fails: unreadable input becomes `.invalid` tokens with a diagnostic, and the
/// token list always ends with `.eof`. String literals are lexed whole; the source of each `${…}`
/// interpolation is recorded as a span for the parser to lex and parse on its own.
public struct Lexer {
    let file: SourceFile
    let bytes: [UInt8]
    let start: Int
    let end: Int
    var index: Int
    var tokens: [Token] = []
    var diagnostics: [Diagnostic] = []
    /// Set once the input is clearly not a script (a NUL byte, or too many errors): the rest is
    /// not read, so a 50 MB binary or data file given by mistake costs no more than its start.
    var stopped = false

    /// Lexical errors after which the lexer stops reading.
    public static let maxErrors = 200

    public init(file: SourceFile) {
        self.init(file: file, range: 0..<file.bytes.count)
    }

    /// Lexes only `range` of the file (used for `${…}` interpolations). Spans stay absolute.
    init(file: SourceFile, range: Range<Int>) {
        self.file = file
        self.bytes = file.bytes
        let lower = max(0, min(range.lowerBound, file.bytes.count))
        let upper = max(lower, min(range.upperBound, file.bytes.count))
        self.start = lower
        self.end = upper
        self.index = lower
    }

    public mutating func tokenize() -> (tokens: [Token], diagnostics: [Diagnostic]) {
        tokens = []
        tokens.reserveCapacity((end - start) / 4 + 1)
        diagnostics = []
        index = start
        stopped = false
        while true {
            let newline = skipTrivia()
            if index >= end || stopped {
                tokens.append(Token(kind: .eof, span: span(end, end), precededByNewline: newline))
                break
            }
            lexToken(precededByNewline: newline)
        }
        return (tokens, diagnostics)
    }

    // MARK: - Helpers

    func span(_ from: Int, _ to: Int) -> SourceSpan {
        SourceSpan(file: file.id, start: from, end: to)
    }

    func peek(_ offset: Int = 0) -> UInt8? {
        let position = index + offset
        return position < end ? bytes[position] : nil
    }

    mutating func report(_ code: ErrorCode, _ message: String, _ span: SourceSpan, hint: String? = nil) {
        guard !stopped else { return }
        diagnostics.append(Diagnostic(code: code, message: message, span: span, hint: hint))
        if diagnostics.count >= Lexer.maxErrors {
            stopped = true
            diagnostics.append(Diagnostic(
                code: SyntaxErrorCodes.unexpectedCharacter, message: "too many errors; the rest of the file was not read",
                span: span, hint: "is this a Lathe script? lathe reads .mlx source text"))
        }
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    static func isIdentifierStart(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F
    }
    static func isIdentifierContinue(_ byte: UInt8) -> Bool { isIdentifierStart(byte) || isDigit(byte) }
    static func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66)
    }

    /// Skips spaces, tabs, carriage returns, newlines and comments. Returns whether a newline was seen.
    mutating func skipTrivia() -> Bool {
        var sawNewline = false
        while index < end {
            switch bytes[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                index += 1
            case UInt8(ascii: "\n"):
                sawNewline = true
                index += 1
            case UInt8(ascii: "#"):
                while index < end, bytes[index] != UInt8(ascii: "\n") { index += 1 }
            default:
                return sawNewline
            }
        }
        return sawNewline
    }

    mutating func add(_ kind: TokenKind, from: Int, newline: Bool, text: String = "", number: Double = 0,
                      segments: [StringSegment] = []) {
        tokens.append(Token(kind: kind, span: span(from, index), precededByNewline: newline, text: text,
                            number: number, segments: segments))
    }

    // MARK: - Tokens

    mutating func lexToken(precededByNewline newline: Bool) {
        let from = index
        let byte = bytes[index]
        if Lexer.isIdentifierStart(byte) {
            while let next = peek(), Lexer.isIdentifierContinue(next) { index += 1 }
            let name = String(decoding: bytes[from..<index], as: UTF8.self)
            if let keyword = TokenKind.keywords[name] {
                add(keyword, from: from, newline: newline, text: name)
            } else {
                add(.identifier, from: from, newline: newline, text: name)
            }
            return
        }
        if Lexer.isDigit(byte) {
            lexNumber(newline: newline)
            return
        }
        if byte == UInt8(ascii: "\"") {
            if peek(1) == UInt8(ascii: "\""), peek(2) == UInt8(ascii: "\"") {
                lexTripleQuotedString(newline: newline)
            } else {
                lexString(newline: newline)
            }
            return
        }
        index += 1
        let next = peek()
        // Reads the byte at the cursor each time, so three-character operators (`**=`) match twice.
        func match(_ ascii: Unicode.Scalar) -> Bool {
            if peek() == UInt8(ascii: ascii) { index += 1; return true }
            return false
        }
        let kind: TokenKind
        switch byte {
        case UInt8(ascii: "("): kind = .leftParen
        case UInt8(ascii: ")"): kind = .rightParen
        case UInt8(ascii: "["): kind = .leftBracket
        case UInt8(ascii: "]"): kind = .rightBracket
        case UInt8(ascii: "{"): kind = .leftBrace
        case UInt8(ascii: "}"): kind = .rightBrace
        case UInt8(ascii: ","): kind = .comma
        case UInt8(ascii: ":"): kind = .colon
        case UInt8(ascii: ";"): kind = .semicolon
        case UInt8(ascii: "."):
            if next == UInt8(ascii: "."), peek(1) == UInt8(ascii: "<") {
                index += 2
                kind = .rangeHalfOpen
            } else if next == UInt8(ascii: ".") {
                index += 1
                if peek() == UInt8(ascii: ".") { index += 1 }
                report(SyntaxErrorCodes.unexpectedCharacter, "unexpected '\(String(decoding: bytes[from..<index], as: UTF8.self))'",
                       span(from, index), hint: "a half-open range is written 'start ..< end'")
                kind = .invalid
            } else {
                kind = .dot
            }
        case UInt8(ascii: "+"): kind = match("=") ? .plusEqual : .plus
        case UInt8(ascii: "-"): kind = match("=") ? .minusEqual : .minus
        case UInt8(ascii: "*"):
            if match("*") { kind = match("=") ? .starStarEqual : .starStar } else { kind = match("=") ? .starEqual : .star }
        case UInt8(ascii: "/"):
            if match("/") { kind = match("=") ? .slashSlashEqual : .slashSlash } else { kind = match("=") ? .slashEqual : .slash }
        case UInt8(ascii: "%"): kind = match("=") ? .percentEqual : .percent
        case UInt8(ascii: "?") where next == UInt8(ascii: "?"):
            index += 1
            kind = .questionQuestion
        case UInt8(ascii: "="):
            if match("=") { kind = .equalEqual } else if match(">") { kind = .fatArrow } else { kind = .equal }
        case UInt8(ascii: "<"): kind = match("=") ? .lessEqual : .less
        case UInt8(ascii: ">"): kind = match("=") ? .greaterEqual : .greater
        case UInt8(ascii: "!"):
            if match("=") {
                kind = .bangEqual
            } else {
                report(SyntaxErrorCodes.unexpectedCharacter, "unexpected character '!'", span(from, index),
                       hint: "logical negation is written 'not'")
                kind = .invalid
            }
        case UInt8(ascii: "|"):
            if match(">") {
                kind = .pipe
            } else {
                if next == UInt8(ascii: "|") { index += 1 }
                report(SyntaxErrorCodes.unexpectedCharacter, "unexpected character '|'", span(from, index),
                       hint: "the pipe operator is '|>'; logical or is written 'or'")
                kind = .invalid
            }
        case UInt8(ascii: "&"):
            if next == UInt8(ascii: "&") { index += 1 }
            report(SyntaxErrorCodes.unexpectedCharacter, "unexpected character '&'", span(from, index),
                   hint: "logical and is written 'and'")
            kind = .invalid
        case UInt8(ascii: "'"):
            // Swallow a whole 'single-quoted' run on this line so it is one error, not three.
            var close = index
            while close < end, bytes[close] != UInt8(ascii: "'"), bytes[close] != UInt8(ascii: "\n") { close += 1 }
            if close < end, bytes[close] == UInt8(ascii: "'") { index = close + 1 }
            report(SyntaxErrorCodes.unexpectedCharacter, "strings use double quotes, not single quotes", span(from, index),
                   hint: "write \"text\"")
            kind = .invalid
        default:
            index = from
            lexUnexpected(newline: newline)
            return
        }
        add(kind, from: from, newline: newline)
    }

    /// Reports one unexpected scalar (or invalid UTF-8) at `index` and emits an `.invalid` token.
    mutating func lexUnexpected(newline: Bool) {
        let from = index
        let byte = bytes[index]
        if byte == 0 {
            // No text file holds a NUL: this is a binary file given by mistake. One error, then stop.
            index += 1
            report(SyntaxErrorCodes.unexpectedCharacter, "unexpected NUL byte: this is a binary file, not a Lathe script",
                   span(from, index), hint: "lathe reads .mlx source text; check the file name")
            stopped = true
        } else if byte < 0x80 {
            index += 1
            report(SyntaxErrorCodes.unexpectedCharacter, "unexpected character '\(Lexer.describe(Unicode.Scalar(byte)))'",
                   span(from, index))
        } else if let (scalar, length) = decodeScalar(at: index) {
            index += length
            if scalar == "\u{FFFD}" {
                report(SyntaxErrorCodes.invalidUTF8, "invalid UTF-8 in source", span(from, index),
                       hint: "the file contains bytes that are not valid UTF-8; save it as UTF-8")
            } else {
                report(SyntaxErrorCodes.unexpectedCharacter, "unexpected character '\(Lexer.describe(scalar))'", span(from, index))
            }
        } else {
            index += 1
            while index < end, bytes[index] & 0xC0 == 0x80 { index += 1 }
            report(SyntaxErrorCodes.invalidUTF8, "invalid UTF-8 in source", span(from, index),
                   hint: "the file contains bytes that are not valid UTF-8; save it as UTF-8")
        }
        add(.invalid, from: from, newline: newline)
    }

    /// Decodes one UTF-8 scalar at `offset`; nil for a malformed sequence.
    func decodeScalar(at offset: Int) -> (Unicode.Scalar, Int)? {
        let lead = bytes[offset]
        let length: Int
        var value: UInt32
        switch lead {
        case 0x00..<0x80: return (Unicode.Scalar(lead), 1)
        case 0xC2..<0xE0: length = 2; value = UInt32(lead & 0x1F)
        case 0xE0..<0xF0: length = 3; value = UInt32(lead & 0x0F)
        case 0xF0..<0xF5: length = 4; value = UInt32(lead & 0x07)
        default: return nil
        }
        guard offset + length <= end else { return nil }
        for position in (offset + 1)..<(offset + length) {
            let byte = bytes[position]
            guard byte & 0xC0 == 0x80 else { return nil }
            value = (value << 6) | UInt32(byte & 0x3F)
        }
        guard let scalar = Unicode.Scalar(value) else { return nil }
        return (scalar, length)
    }

    /// A scalar as it should appear inside quotes in a message.
    static func describe(_ scalar: Unicode.Scalar) -> String {
        if scalar.value < 0x20 || scalar.value == 0x7F || (scalar.value >= 0x80 && scalar.value < 0xA0) {
            let hex = String(scalar.value, radix: 16, uppercase: true)
            return "\\u{" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + "}"
        }
        return String(Character(scalar))
    }

    // MARK: - Numbers

    /// `digits ('.' digits)? ([eE] [+-]? digits)?` where `digits` may hold single underscores between digits.
    mutating func lexNumber(newline: Bool) {
        let from = index
        var valid = true
        scanDigits()
        if peek() == UInt8(ascii: "."), let after = peek(1), Lexer.isDigit(after) {
            index += 1
            scanDigits()
        }
        if let e = peek(), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            var lookahead = 1
            if let sign = peek(1), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { lookahead = 2 }
            index += lookahead
            if let digit = peek(), Lexer.isDigit(digit) {
                scanDigits()
            } else {
                valid = false
            }
        }
        // A number running straight into letters, underscores or more digits is one bad literal.
        while let next = peek(), Lexer.isIdentifierContinue(next) || next == UInt8(ascii: ".") && peek(1).map(Lexer.isDigit) == true {
            valid = false
            index += 1
        }
        let text = String(decoding: bytes[from..<index], as: UTF8.self)
        guard valid else {
            report(SyntaxErrorCodes.invalidNumber, "invalid number literal '\(text)'", span(from, index),
                   hint: "numbers look like 3, 2.5, 1e-3 or 1_000_000")
            add(.invalid, from: from, newline: newline, text: text)
            return
        }
        let digits = text.filter { $0 != "_" }
        let value = Double(digits) ?? .infinity
        if !value.isFinite {
            report(SyntaxErrorCodes.numberOutOfRange, "number literal '\(text)' is out of range", span(from, index))
        }
        add(.number, from: from, newline: newline, text: text, number: value.isFinite ? value : 0)
    }

    /// Digits with single underscores allowed between two digits.
    mutating func scanDigits() {
        while let byte = peek() {
            if Lexer.isDigit(byte) {
                index += 1
            } else if byte == UInt8(ascii: "_"), index > start, Lexer.isDigit(bytes[index - 1]),
                      let after = peek(1), Lexer.isDigit(after) {
                index += 1
            } else {
                return
            }
        }
    }

    // MARK: - Strings

    /// Lexes a string literal starting at the opening quote.
    mutating func lexString(newline: Bool) {
        let from = index
        index += 1
        var segments: [StringSegment] = []
        var buffer: [UInt8] = []
        var ok = true
        func flush() { Lexer.appendText(&buffer, to: &segments) }
        while true {
            guard let byte = peek(), byte != UInt8(ascii: "\n") else {
                report(SyntaxErrorCodes.unterminatedString, "unterminated string", span(from, from + 1),
                       hint: "close the string with '\"' on the same line; use \\n for a line break")
                ok = false
                break
            }
            if byte == UInt8(ascii: "\"") {
                index += 1
                break
            }
            if byte == UInt8(ascii: "\\") {
                lexEscape(into: &buffer)
                continue
            }
            if byte == UInt8(ascii: "$"), peek(1) == UInt8(ascii: "{") {
                flush()
                switch lexInterpolation(stringStart: from, into: &segments) {
                case .lexed: continue
                case .tooDeep: ok = false; continue
                case .unclosed: ok = false
                }
                break
            }
            buffer.append(byte)
            index += 1
        }
        flush()
        add(ok ? .string : .invalid, from: from, newline: newline, segments: ok ? segments : [])
    }

    /// Moves the pending literal bytes into the last text segment (or a new one), so a string's
    /// text between interpolations is one segment; both string forms use it.
    static func appendText(_ buffer: inout [UInt8], to segments: inout [StringSegment]) {
        guard !buffer.isEmpty else { return }
        let text = String(decoding: buffer, as: UTF8.self)
        if case .text(let previous)? = segments.last {
            segments[segments.count - 1] = .text(previous + text)
        } else {
            segments.append(.text(text))
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// How lexing one `${…}` went.
    enum InterpolationOutcome { case lexed, tooDeep, unclosed }

    /// Lexes the `${…}` at `index` into an interpolation segment (or reports why not) and moves
    /// past it; an unclosed one moves to the end of its line. `from` is the string's opening quote.
    mutating func lexInterpolation(stringStart from: Int, into segments: inout [StringSegment]) -> InterpolationOutcome {
        let open = index
        let innerStart = index + 2
        guard let (close, tooDeep) = findInterpolationEnd(from: innerStart) else {
            // The interpolation runs past the end of the line: the string is unterminated.
            index = innerStart
            while let next = peek(), next != UInt8(ascii: "\n") { index += 1 }
            report(SyntaxErrorCodes.unterminatedString, "unterminated string", span(from, from + 1),
                   hint: "an interpolation '${' at column \(file.location(of: open).column) is never closed with '}'")
            return .unclosed
        }
        if let tooDeep {
            // Each level would be lexed and parsed again by the level above it, so deep
            // nesting costs depth × length; refusing it keeps the lexer linear.
            report(SyntaxErrorCodes.nestedTooDeeply, "string interpolations nested too deeply",
                   span(tooDeep, tooDeep + 2),
                   hint: "at most \(Lexer.maxInterpolationDepth) '${' may nest; build the inner strings with 'let' first")
            index = close + 1
            return .tooDeep
        }
        var blank = true
        for position in innerStart..<close where !(bytes[position] == 0x20 || bytes[position] == 0x09 || bytes[position] == 0x0D) {
            blank = false
            break
        }
        if blank {
            report(SyntaxErrorCodes.emptyInterpolation, "empty interpolation", span(open, close + 1),
                   hint: "put an expression between '${' and '}', or write \\$ for a literal '$'")
        } else {
            segments.append(.interpolation(span(innerStart, close)))
        }
        index = close + 1
        return .lexed
    }

    /// Lexes `"""…"""`, which may span lines. As in Swift, a line break right after the opening
    /// quotes is dropped, and when the closing quotes start their own line, the whitespace
    /// before them is the indentation removed from every line (and the last line break goes).
    /// Escapes and `${…}` work as in a one-line string; an interpolation stays on one line.
    mutating func lexTripleQuotedString(newline: Bool) {
        let from = index
        index += 3
        // The closing quotes: scan past escapes and interpolations (which may hold quotes).
        var close = index
        var closeFound = false
        while close < end {
            let byte = bytes[close]
            if byte == UInt8(ascii: "\\") { close += 2; continue }
            if byte == UInt8(ascii: "$"), close + 1 < end, bytes[close + 1] == UInt8(ascii: "{"),
               let (inner, _) = findInterpolationEnd(from: close + 2) {
                close = inner + 1
                continue
            }
            if byte == UInt8(ascii: "\""), close + 2 < end, bytes[close + 1] == UInt8(ascii: "\""), bytes[close + 2] == UInt8(ascii: "\"") {
                closeFound = true
                break
            }
            close += 1
        }
        guard closeFound else {
            report(SyntaxErrorCodes.unterminatedString, "unterminated string", span(from, from + 3),
                   hint: "close a multi-line string with '\"\"\"'")
            index = end
            add(.invalid, from: from, newline: newline)
            return
        }
        // Content starts after a line break that directly follows the opening quotes.
        var start = index
        while start < close, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        if start < close, bytes[start] == UInt8(ascii: "\n") { start += 1 } else { start = index }
        // Indentation: the blanks before closing quotes that begin their line.
        var lineStart = close
        while lineStart > start, bytes[lineStart - 1] == 0x20 || bytes[lineStart - 1] == 0x09 { lineStart -= 1 }
        var indent: ArraySlice<UInt8> = []
        var contentEnd = close
        if lineStart == start || (lineStart > start && bytes[lineStart - 1] == UInt8(ascii: "\n")) {
            indent = bytes[lineStart..<close]
            contentEnd = max(start, lineStart - 1)
        }
        index = start
        var segments: [StringSegment] = []
        var buffer: [UInt8] = []
        var ok = true
        func flush() { Lexer.appendText(&buffer, to: &segments) }
        var atLineStart = true
        while index < contentEnd {
            if atLineStart, !indent.isEmpty, bytes[index...].starts(with: indent) { index += indent.count }
            atLineStart = false
            guard index < contentEnd else { break }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n") {
                buffer.append(byte)
                index += 1
                atLineStart = true
                continue
            }
            if byte == UInt8(ascii: "\\") {
                lexEscape(into: &buffer)
                continue
            }
            if byte == UInt8(ascii: "$"), peek(1) == UInt8(ascii: "{") {
                flush()
                if lexInterpolation(stringStart: from, into: &segments) != .lexed { ok = false }
                continue
            }
            buffer.append(byte)
            index += 1
        }
        flush()
        index = close + 3
        add(ok ? .string : .invalid, from: from, newline: newline, segments: ok ? segments : [])
    }

    /// Decodes one escape sequence at `index` (the backslash) and appends its bytes.
    mutating func lexEscape(into buffer: inout [UInt8]) {
        let from = index
        index += 1
        guard let byte = peek(), byte != UInt8(ascii: "\n") else {
            return  // the caller reports the unterminated string
        }
        switch byte {
        case UInt8(ascii: "n"): buffer.append(0x0A); index += 1
        case UInt8(ascii: "t"): buffer.append(0x09); index += 1
        case UInt8(ascii: "r"): buffer.append(0x0D); index += 1
        case UInt8(ascii: "0"): buffer.append(0x00); index += 1
        case UInt8(ascii: "\\"), UInt8(ascii: "\""), UInt8(ascii: "$"): buffer.append(byte); index += 1
        case UInt8(ascii: "u"):
            index += 1
            guard peek() == UInt8(ascii: "{") else {
                report(SyntaxErrorCodes.invalidUnicodeEscape, "invalid unicode escape, expected '{' after '\\u'", span(from, index),
                       hint: "write a unicode scalar as \\u{1F600}")
                return
            }
            index += 1
            let digitsStart = index
            while let next = peek(), Lexer.isHexDigit(next) { index += 1 }
            let digits = String(decoding: bytes[digitsStart..<index], as: UTF8.self)
            guard peek() == UInt8(ascii: "}") else {
                report(SyntaxErrorCodes.invalidUnicodeEscape, "invalid unicode escape, expected hex digits and '}'",
                       span(from, index), hint: "write a unicode scalar as \\u{1F600}")
                return
            }
            index += 1
            guard (1...6).contains(digits.count), let value = UInt32(digits, radix: 16),
                  let scalar = Unicode.Scalar(value) else {
                report(SyntaxErrorCodes.invalidUnicodeEscape, "invalid unicode escape '\\u{\(digits)}'", span(from, index),
                       hint: "use 1 to 6 hex digits naming a valid unicode scalar")
                return
            }
            buffer.append(contentsOf: Array(String(Character(scalar)).utf8))
        default:
            var length = 1
            var shown = "?"
            if byte < 0x80 {
                shown = Lexer.describe(Unicode.Scalar(byte))
            } else if let (scalar, scalarLength) = decodeScalar(at: index) {
                shown = Lexer.describe(scalar)
                length = scalarLength
            }
            index += length
            report(SyntaxErrorCodes.unknownEscape, "unknown escape sequence '\\\(shown)'", span(from, index),
                   hint: "valid escapes are \\n \\t \\r \\\\ \\\" \\$ \\0 and \\u{…}")
        }
    }

    /// How many `${…}` may nest inside one another.
    public static let maxInterpolationDepth = 32

    /// Finds the `}` that closes an interpolation whose body starts at `from`, skipping nested
    /// braces and nested string literals (which may hold their own interpolations). Returns nil
    /// when the line or input ends first; `tooDeep` is the offset of the first `${` nested more
    /// than `maxInterpolationDepth` deep. Iterative, so deep nesting cannot overflow the stack.
    func findInterpolationEnd(from: Int) -> (close: Int, tooDeep: Int?)? {
        enum Mode { case code(depth: Int), string }
        var stack: [Mode] = [.code(depth: 0)]
        var interpolations = 1
        var tooDeep: Int?
        var position = from
        while position < end {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\n") { return nil }
            guard let mode = stack.last else { return nil }
            switch mode {
            case .code(let depth):
                if byte == UInt8(ascii: "\"") {
                    stack.append(.string)
                } else if byte == UInt8(ascii: "{") {
                    stack[stack.count - 1] = .code(depth: depth + 1)
                } else if byte == UInt8(ascii: "}") {
                    if depth == 0 {
                        stack.removeLast()
                        interpolations -= 1
                        if stack.isEmpty { return (position, tooDeep) }
                    } else {
                        stack[stack.count - 1] = .code(depth: depth - 1)
                    }
                }
                position += 1
            case .string:
                if byte == UInt8(ascii: "\\") {
                    position += 1
                    if position < end, bytes[position] != UInt8(ascii: "\n") { position += 1 }
                } else if byte == UInt8(ascii: "\"") {
                    stack.removeLast()
                    position += 1
                } else if byte == UInt8(ascii: "$"), position + 1 < end, bytes[position + 1] == UInt8(ascii: "{") {
                    stack.append(.code(depth: 0))
                    interpolations += 1
                    if interpolations > Lexer.maxInterpolationDepth, tooDeep == nil { tooDeep = position }
                    position += 2
                } else {
                    position += 1
                }
            }
        }
        return nil
    }
}
