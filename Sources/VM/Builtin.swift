import LatheCore
import Check
import IR

/// A native function: its signature (declared once; the checker reads the same value) and
/// its Swift body. One builtin serves every VM in the process, so it holds nothing that
/// belongs to a program: each VM interns the parameter names into its own symbol table.
public final class Builtin {
    public typealias Body = (Arguments) throws -> Value

    public let signature: BuiltinSignature
    public let body: Body
    /// Parameter names in declaration order, for by-name argument reads. A builtin has at
    /// most about ten, so a scan (short names compare as two words) beats hashing.
    @usableFromInline let parameterNames: [String]
    /// Declared defaults as values; `.undefined` for required parameters.
    let defaults: [Value]
    let parameterCount: Int
    let requiredCount: Int

    public init(_ signature: BuiltinSignature, body: @escaping Body) {
        self.signature = signature
        self.body = body
        parameterNames = signature.parameters.map(\.name)
        defaults = signature.parameters.map { parameter in parameter.defaultValue.map(Value.init) ?? .undefined }
        parameterCount = signature.parameters.count
        requiredCount = signature.parameters.prefix(while: \.isRequired).count
    }

    /// The argument slot of the parameter `name`, or nil when the signature declares no such
    /// parameter.
    @inlinable public func index(of name: String) -> Int? {
        parameterNames.firstIndex(of: name)
    }
}
