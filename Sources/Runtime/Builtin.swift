import LatheCore
import Check
import IR

/// A native function: its signature (declared once; the checker reads the same value) and
/// its Swift body.
public final class Builtin {
    public typealias Body = (Arguments) throws -> Value

    public let signature: BuiltinSignature
    public let body: Body
    /// Parameter names as symbols, in declaration order.
    let parameterSymbols: [Int32]
    /// Parameter names in declaration order, for by-name argument reads. A builtin has at
    /// most about ten, so a scan (short names compare as two words) beats hashing.
    let parameterNames: [String]
    /// Declared defaults as values; `.undefined` for required parameters.
    let defaults: [Value]
    let parameterCount: Int
    let requiredCount: Int

    public init(_ signature: BuiltinSignature, body: @escaping Body) {
        self.signature = signature
        self.body = body
        parameterSymbols = signature.parameters.map { SymbolTable.shared.intern($0.name) }
        parameterNames = signature.parameters.map(\.name)
        defaults = signature.parameters.map { parameter in parameter.defaultValue.map(Value.init) ?? .undefined }
        parameterCount = signature.parameters.count
        requiredCount = signature.parameters.prefix(while: \.isRequired).count
    }

    /// The argument slot of the parameter `name`, or nil when the signature declares no such
    /// parameter.
    public func index(of name: String) -> Int? {
        parameterNames.firstIndex(of: name)
    }
}

/// Buffered standard output (libc's stdio buffer; flushed before errors are printed and at exit).
public enum StandardOutput {
    public static func write(_ text: String) {
        fputs(text, stdout)
    }

    public static func flush() {
        fflush(stdout)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
