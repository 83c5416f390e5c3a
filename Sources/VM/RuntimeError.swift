import LatheCore
import Syntax

/// A failure while a program runs. Builtins throw it with a message and hint; the VM adds
/// where it happened and the call stack. The front end renders it once.
public struct RuntimeError: Error, CustomStringConvertible {
    public enum Kind: Sendable {
        case error
        /// Ctrl-C stopped the program.
        case interrupted
        case stackOverflow
    }

    /// One line of the stack trace: the function and where in it the call happened.
    public struct Frame: Sendable, Hashable {
        public var function: String
        public var span: SourceSpan
    }

    public var kind: Kind
    /// The entry in `RuntimeErrorCodes` or a library catalogue; `builtinFailed` when the
    /// thrower gave none (stack overflow and interruption get theirs from `kind`).
    public var code: ErrorCode
    public var message: String
    public var hint: String?
    /// Where the failing instruction came from (set by the VM if the thrower did not).
    public var span: SourceSpan?
    /// Innermost first.
    public var trace: [Frame] = []

    public init(
        _ message: String, hint: String? = nil, kind: Kind = .error, span: SourceSpan? = nil, code: ErrorCode? = nil
    ) {
        self.kind = kind
        self.code = code ?? {
            switch kind {
            case .error: return RuntimeErrorCodes.builtinFailed
            case .interrupted: return RuntimeErrorCodes.interrupted
            case .stackOverflow: return RuntimeErrorCodes.stackOverflow
            }
        }()
        self.message = message
        self.hint = hint
        self.span = span
    }

    public var description: String { message }

    static func typeMismatch(_ what: String, expected: String, found: Value, hint: String? = nil) -> RuntimeError {
        RuntimeError("\(what) expects \(expected), found \(found.typeName)", hint: hint, code: RuntimeErrorCodes.wrongArgumentType)
    }
}
