/// The kinds of token the lexer produces. Payloads (numbers, names, string parts) live on `Token`.
public enum TokenKind: String, Sendable, Hashable, CaseIterable {
    // Literals and names
    case number, string, identifier
    // Keywords
    case kwLet = "let", kwVar = "var", kwParam = "param", kwFn = "fn"
    case kwIf = "if", kwElse = "else", kwFor = "for", kwIn = "in", kwWhile = "while"
    case kwBreak = "break", kwContinue = "continue", kwReturn = "return", kwTry = "try", kwCatch = "catch"
    case kwImport = "import", kwAs = "as"
    case kwTrue = "true", kwFalse = "false", kwNull = "null"
    case kwAnd = "and", kwOr = "or", kwNot = "not"
    // Punctuation
    case leftParen = "(", rightParen = ")", leftBracket = "[", rightBracket = "]"
    case leftBrace = "{", rightBrace = "}"
    case comma = ",", colon = ":", semicolon = ";", dot = "."
    case rangeHalfOpen = "..<"
    case plus = "+", minus = "-", star = "*", slash = "/", percent = "%", slashSlash = "//", starStar = "**"
    case questionQuestion = "??"
    case equalEqual = "==", bangEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case equal = "=", plusEqual = "+=", minusEqual = "-=", starEqual = "*=", slashEqual = "/="
    case percentEqual = "%=", slashSlashEqual = "//=", starStarEqual = "**="
    case pipe = "|>", fatArrow = "=>"
    // Control
    case eof
    /// A character or sequence the lexer could not read; a diagnostic was already reported.
    case invalid

    /// Keyword kinds by their spelling.
    public static let keywords: [String: TokenKind] = {
        var table: [String: TokenKind] = [:]
        for kind in TokenKind.allCases where kind.isKeyword { table[kind.rawValue] = kind }
        return table
    }()

    public var isKeyword: Bool {
        switch self {
        case .kwLet, .kwVar, .kwParam, .kwFn, .kwIf, .kwElse, .kwFor, .kwIn, .kwWhile,
             .kwBreak, .kwContinue, .kwReturn, .kwImport, .kwAs, .kwTrue, .kwFalse, .kwNull,
             .kwAnd, .kwOr, .kwNot, .kwTry, .kwCatch:
            return true
        default:
            return false
        }
    }

    /// How the token is named in a message, e.g. `')'`, `identifier`, `end of file`.
    public var displayName: String {
        switch self {
        case .number: return "number"
        case .string: return "string"
        case .identifier: return "identifier"
        case .eof: return "end of file"
        case .invalid: return "invalid character"
        default: return "'\(rawValue)'"
        }
    }
}

/// A piece of a string literal: literal text, or the source of a `${…}` interpolation.
public enum StringSegment: Sendable, Hashable {
    /// Text with escapes already decoded.
    case text(String)
    /// The span of the expression between `${` and `}` (exclusive of the delimiters).
    case interpolation(SourceSpan)
}

/// One lexed token.
public struct Token: Sendable, Hashable {
    public var kind: TokenKind
    public var span: SourceSpan
    /// True when a line break separates this token from the previous one. The parser uses it
    /// to end statements, so Lathe needs no semicolons.
    public var precededByNewline: Bool
    /// The identifier's name, or the number's source text.
    public var text: String
    /// Set for `.number`.
    public var number: Double
    /// Set for `.string`.
    public var segments: [StringSegment]

    public init(
        kind: TokenKind, span: SourceSpan, precededByNewline: Bool, text: String = "",
        number: Double = 0, segments: [StringSegment] = []
    ) {
        self.kind = kind
        self.span = span
        self.precededByNewline = precededByNewline
        self.text = text
        self.number = number
        self.segments = segments
    }
}
