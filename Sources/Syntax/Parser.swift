import LatheCore

/// A recursive-descent parser from tokens to the AST (`grammar/lathe.ebnf` is its specification).
///
/// The parser never fails and never traps: a syntax error becomes a `Diagnostic`, the offending
/// construct becomes an `.invalid` node (or is dropped), and parsing resumes at the next statement
/// (panic-mode recovery). While panicking, further errors are suppressed so one mistake produces
/// one message. Nesting deeper than `maxDepth` is reported instead of overflowing the stack, and
/// so is a tree deeper than `maxTreeDepth` (a long chain such as `a + b + …`; `Parser+Depth.swift`).
///
/// Statements live in `Parser+Statements.swift`, expressions in `Parser+Expressions.swift`.
public struct Parser {
    /// Deepest nesting of expressions and blocks the parser accepts.
    static let maxDepth = 200
    /// Errors after which the parser stops reading: a data file given by mistake would
    /// otherwise cost time and memory for a million diagnostics that are never shown.
    public static let maxErrors = 200

    let file: SourceFile
    var tokens: [Token]
    var position = 0
    var diagnostics: [Diagnostic] = []
    var nextID: NodeID
    var depth = 0
    /// Set by an error; cleared when the parser resynchronizes at a statement boundary.
    var panicking = false
    /// How many `{ … }` statement blocks enclose the current position.
    var blockDepth = 0
    /// How many `${…}` interpolations are being parsed (their end of input is a `}`).
    var interpolationDepth = 0
    /// Whether the lexer reported errors, which can leave brackets unbalanced.
    var hadLexerErrors = false
    /// Expressions refused as too deep, freed without recursion once nothing else holds them.
    var refusedTrees: [Expr] = []

    init(file: SourceFile, tokens: [Token], firstNodeID: NodeID) {
        self.file = file
        self.tokens = tokens.isEmpty
            ? [Token(kind: .eof, span: SourceSpan(file: file.id, start: file.bytes.count, end: file.bytes.count),
                     precededByNewline: false)]
            : tokens
        self.nextID = firstNodeID
    }

    /// Parses a whole file. `firstNodeID` lets a REPL keep ids unique across entries; returns the next free id.
    public static func parse(file: SourceFile, firstNodeID: NodeID = 0)
        -> (program: SourceProgram, diagnostics: [Diagnostic], nextNodeID: NodeID)
    {
        var lexer = Lexer(file: file)
        let (tokens, lexDiagnostics) = lexer.tokenize()
        var parser = Parser(file: file, tokens: tokens, firstNodeID: firstNodeID)
        parser.hadLexerErrors = !lexDiagnostics.isEmpty
        var statements = parser.parseStatements(insideBlock: false)
        parser.limitTreeDepth(&statements)
        parser.freeRefusedTrees()
        // Report in source order: lexer and parser diagnostics interleave by position.
        let all = (lexDiagnostics + parser.diagnostics).enumerated().sorted { a, b in
            a.element.span.start != b.element.span.start
                ? a.element.span.start < b.element.span.start
                : a.offset < b.offset
        }.map(\.element)
        return (SourceProgram(file: file.id, statements: statements), all, parser.nextID)
    }

    // MARK: - Tokens

    var current: Token { tokens[min(position, tokens.count - 1)] }

    func peek(_ offset: Int) -> Token { tokens[min(position + offset, tokens.count - 1)] }

    func check(_ kind: TokenKind) -> Bool { current.kind == kind }

    @discardableResult
    mutating func advance() -> Token {
        let token = current
        if token.kind != .eof { position += 1 }
        return token
    }

    mutating func match(_ kind: TokenKind) -> Bool {
        guard current.kind == kind else { return false }
        advance()
        return true
    }

    /// End offset of the last consumed token, for spans of nodes whose closing token is missing.
    var previousEnd: Int32 {
        position > 0 ? tokens[min(position - 1, tokens.count - 1)].span.end : current.span.start
    }

    func span(from start: Int32, to end: Int32) -> SourceSpan {
        SourceSpan(file: file.id, start: Int(start), end: Int(max(start, end)))
    }

    func line(of token: Token) -> Int { file.location(of: Int(token.span.start)).line }

    mutating func makeID() -> NodeID {
        let id = nextID
        nextID &+= 1
        return id
    }

    mutating func makeExpr(_ kind: ExprKind, _ span: SourceSpan) -> Expr {
        Expr(kind, span: span, id: makeID())
    }

    // MARK: - Diagnostics

    /// Reports a syntax error and enters panic mode. Suppressed while already panicking.
    mutating func error(_ code: ErrorCode, _ message: String, at span: SourceSpan, hint: String? = nil,
                        notes: [Diagnostic.Note] = []) {
        guard !panicking else { return }
        panicking = true
        append(Diagnostic(code: code, message: message, span: span, hint: hint, notes: notes))
    }

    /// Reports `<expected>, found <current token>` at the current token. Silent (but panicking)
    /// when the current token is an `.invalid` one the lexer already reported.
    mutating func errorAtCurrent(_ code: ErrorCode, expected: String, hint: String? = nil,
                                 notes: [Diagnostic.Note] = []) {
        if current.kind == .invalid {
            panicking = true
            return
        }
        if current.kind == .eof && interpolationDepth > 0 {
            // The end of an interpolation's tokens is its closing brace.
            let brace = SourceSpan(file: file.id, start: Int(current.span.start), end: Int(current.span.start) + 1)
            error(code, "\(expected), found '}'", at: brace, hint: hint, notes: notes)
            return
        }
        // (An unclosed bracket is different: inside brackets line breaks do not end anything,
        // so the token on the next line really is what was found.)
        if current.precededByNewline, position > 0, code != SyntaxErrorCodes.unclosedDelimiter {
            // Something is missing at the end of a line: point there, not at the next line's token.
            let end = SourceSpan(file: file.id, start: Int(previousEnd), end: Int(previousEnd))
            let found = current.kind == .eof ? "end of file" : "end of line"
            error(code, "\(expected), found \(found)", at: end, hint: hint, notes: notes)
            return
        }
        error(code, "\(expected), found \(current.kind.displayName)", at: current.span, hint: hint, notes: notes)
    }

    /// Reports an error that leaves the parse in a sensible state (no panic mode).
    mutating func report(_ code: ErrorCode, _ message: String, at span: SourceSpan, hint: String? = nil,
                         notes: [Diagnostic.Note] = []) {
        guard !panicking else { return }
        append(Diagnostic(code: code, message: message, span: span, hint: hint, notes: notes))
    }

    /// Records a diagnostic; at `maxErrors` says so once and skips to the end of input, where
    /// every loop of the descent ends.
    private mutating func append(_ diagnostic: Diagnostic) {
        guard diagnostics.count < Parser.maxErrors else { return }
        diagnostics.append(diagnostic)
        if diagnostics.count == Parser.maxErrors {
            diagnostics.append(Diagnostic(
                code: SyntaxErrorCodes.unexpectedCharacter, message: "too many errors; the rest of the file was not read",
                span: diagnostic.span, hint: "is this a Lathe script? lathe reads .mlx source text"))
            position = tokens.count - 1
        }
    }

    /// Consumes the closing delimiter for `opener`, or reports
    /// `expected ')' (to close '(' at line 3), found '}'`. Returns the end offset of the construct.
    mutating func expectClosing(_ kind: TokenKind, opener: Token) -> Int32 {
        if check(kind) { return advance().span.end }
        errorAtCurrent(SyntaxErrorCodes.unclosedDelimiter,
                       expected: "expected \(kind.displayName) (to close \(opener.kind.displayName) at line \(line(of: opener)))",
                       notes: [Diagnostic.Note(message: "\(opener.kind.displayName) opened here", span: opener.span)])
        return previousEnd
    }

    // MARK: - Recovery

    /// Skips to the start of the next statement: a token beginning a new line at the current
    /// bracket depth, or a `;` or `}` at that depth. Clears panic mode.
    mutating func synchronize() {
        panicking = false
        var balance = 0
        while current.kind != .eof {
            let token = current
            if balance == 0 {
                // A `}` closes the enclosing block; at top level there is none, so skip it.
                if token.kind == .rightBrace && blockDepth > 0 || token.kind == .semicolon
                    || token.precededByNewline { return }
            }
            switch token.kind {
            case .leftParen, .leftBracket, .leftBrace:
                balance += 1
            case .rightParen, .rightBracket, .rightBrace:
                balance = max(0, balance - 1)
            default:
                break
            }
            advance()
        }
    }

    /// Enters one level of nesting; on overflow reports it, skips the over-deep construct and
    /// returns false.
    mutating func enterNesting() -> Bool {
        depth += 1
        if depth <= Parser.maxDepth { return true }
        depth -= 1
        error(SyntaxErrorCodes.nestedTooDeeply, "expression nested too deeply", at: current.span,
              hint: "split the expression into smaller parts with 'let'")
        panicking = true
        skipBalanced()
        return false
    }

    mutating func leaveNesting() { depth -= 1 }

    /// Skips a bracket-balanced run of tokens: stops at a closer of an enclosing bracket, or at a
    /// new line once balanced.
    mutating func skipBalanced() {
        var balance = 0
        let startPosition = position
        while current.kind != .eof {
            let token = current
            if balance == 0, token.precededByNewline, position > startPosition { return }
            switch token.kind {
            case .leftParen, .leftBracket, .leftBrace:
                balance += 1
            case .rightParen, .rightBracket, .rightBrace:
                if balance == 0 { return }
                balance -= 1
            default:
                break
            }
            advance()
        }
    }
}
