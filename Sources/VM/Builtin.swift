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
    /// A 64-bit hash of each parameter name, in declaration order. By-name reads happen on
    /// every native call, so they compare one word per parameter: no String comparison and no
    /// reference counting (the buffer lives as long as the process's builtins).
    @usableFromInline let nameHashes: UnsafeMutableBufferPointer<UInt64>
    /// Declared defaults as values; `.undefined` for required parameters.
    let defaults: [Value]
    let parameterCount: Int
    let requiredCount: Int

    public init(_ signature: BuiltinSignature, body: @escaping Body) {
        self.signature = signature
        self.body = body
        nameHashes = .allocate(capacity: signature.parameters.count)
        for (index, parameter) in signature.parameters.enumerated() { nameHashes[index] = Builtin.hash(parameter.name) }
        defaults = signature.parameters.map { parameter in parameter.defaultValue.map(Value.init) ?? .undefined }
        parameterCount = signature.parameters.count
        requiredCount = signature.parameters.prefix(while: \.isRequired).count
    }

    /// The argument slot of the parameter `name`, or nil when the signature declares no such
    /// parameter.
    ///
    /// Names are matched by their 64-bit FNV-1a hash. Two declared names of one builtin never
    /// collide (`NativeLibraryTests` checks every builtin), and bodies read only declared
    /// names (`ArgumentNamesTests`), so a hash match is a name match.
    @inlinable public func index(of name: String) -> Int? {
        let hash = Builtin.hash(name)
        for index in 0..<nameHashes.count where nameHashes[index] == hash { return index }
        return nil
    }

    /// FNV-1a over the name's UTF-8 bytes. Literal names are small strings, hashed in place.
    @inlinable static func hash(_ name: String) -> UInt64 {
        var name = name
        return name.withUTF8 { bytes in
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            return hash
        }
    }

    /// Whether two of the parameter names share a hash (never, for the declared builtins).
    public var hasCollidingParameterNames: Bool { Set(nameHashes).count != nameHashes.count }
}
