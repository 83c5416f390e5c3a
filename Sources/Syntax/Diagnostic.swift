import LatheCore

/// One problem found in a program, as data. Every phase returns these; only the front end renders them.
public struct Diagnostic: Error, Sendable, Hashable {
    public enum Severity: String, Sendable, Hashable {
        case error
        case warning
        case note
    }

    /// A secondary location with its own short message, e.g. "'(' opened here".
    public struct Note: Sendable, Hashable {
        public var message: String
        public var span: SourceSpan
        public init(message: String, span: SourceSpan) {
            self.message = message
            self.span = span
        }
    }

    /// The stable code (e.g. `E0101`) from the reporting layer's catalogue; `lathe explain`
    /// prints its explanation.
    public var errorCode: ErrorCode
    public var severity: Severity
    /// Lowercase, no trailing period, naming the offending thing.
    public var message: String
    public var span: SourceSpan
    /// The fix, when there is one.
    public var hint: String?
    public var notes: [Note]

    public init(
        code: ErrorCode, severity: Severity = .error, message: String, span: SourceSpan,
        hint: String? = nil, notes: [Note] = []
    ) {
        self.errorCode = code
        self.severity = severity
        self.message = message
        self.span = span
        self.hint = hint
        self.notes = notes
    }

    /// The code as text, e.g. `E0101`.
    public var code: String { errorCode.code }

    public var isError: Bool { severity == .error }
}
