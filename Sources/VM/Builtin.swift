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
    /// Parameter names in declaration order.
    @usableFromInline let parameterNames: [String]
    /// The raw bits of each parameter name's `String`. By-name reads happen on every native
    /// call; a name of up to 15 UTF-8 bytes is stored inline in those bits, so equal bits mean
    /// equal names and one 16-byte compare per parameter replaces a String comparison (no
    /// reference counting). Longer names fall back to comparing the strings.
    @usableFromInline let nameBits: UnsafeMutableBufferPointer<SIMD2<UInt64>>
    /// Declared defaults as values; `.undefined` for required parameters.
    let defaults: [Value]
    let parameterCount: Int
    let requiredCount: Int

    public init(_ signature: BuiltinSignature, body: @escaping Body) {
        self.signature = signature
        self.body = body
        parameterNames = signature.parameters.map(\.name)
        nameBits = .allocate(capacity: parameterNames.count)
        for (index, name) in parameterNames.enumerated() { nameBits[index] = Builtin.bits(of: name) }
        // Builtins outlive every VM, so their defaults must not belong to one.
        defaults = Heap.immortal { signature.parameters.map { parameter in parameter.defaultValue.map(Value.init) ?? .undefined } }
        parameterCount = signature.parameters.count
        requiredCount = signature.parameters.prefix(while: \.isRequired).count
    }

    /// The argument slot of the parameter `name`, or nil when the signature declares no such
    /// parameter.
    @inlinable @inline(__always) public func index(of name: String) -> Int? {
        let bits = Builtin.bits(of: name)
        for index in 0..<nameBits.count where nameBits[index] == bits { return index }
        return parameterNames.firstIndex(of: name)
    }

    /// A string's two words as they are stored. Equal bits always mean equal strings (the
    /// same inline bytes, or the same storage); unequal bits decide nothing.
    @inlinable static func bits(of name: String) -> SIMD2<UInt64> {
        unsafeBitCast(name, to: SIMD2<UInt64>.self)
    }
}
