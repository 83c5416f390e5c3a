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

    /// A stable identifier (e.g. `E0101`) so tests and docs can refer to a kind of diagnostic.
    public var code: String
    public var severity: Severity
    /// Lowercase, no trailing period, naming the offending thing.
    public var message: String
    public var span: SourceSpan
    /// The fix, when there is one.
    public var hint: String?
    public var notes: [Note]

    public init(
        code: String, severity: Severity = .error, message: String, span: SourceSpan,
        hint: String? = nil, notes: [Note] = []
    ) {
        self.code = code
        self.severity = severity
        self.message = message
        self.span = span
        self.hint = hint
        self.notes = notes
    }

    public var isError: Bool { severity == .error }
}
