import LatheCore
import IR

/// The arguments of one native call, bound to the signature's parameter order (defaults
/// filled in), read straight from the caller's registers.
public struct Arguments {
    let base: UnsafeMutablePointer<Value>
    /// Parameters plus any extra variadic arguments.
    public let count: Int
    // Both outlive the call; unowned(unsafe) keeps a native call free of reference counting.
    public unowned(unsafe) let vm: VM
    unowned(unsafe) let builtin: Builtin
    /// Named arguments beyond the signature's parameters, for builtins that accept them.
    public var extraNamed: [(name: String, value: Value)] = []

    public subscript(index: Int) -> Value { base[index] }

    /// Extra positional arguments of a variadic builtin (and, for `print`, all of them).
    public var variadic: [Value] {
        (builtin.parameterCount..<count).map { base[$0] }
    }

    public var all: [Value] { (0..<count).map { base[$0] } }

    /// Whether the argument at `index` was left at a null default (or passed as null).
    public func isNull(_ index: Int) -> Bool {
        if case .null = base[index] { return true }
        return false
    }

    func parameterName(_ index: Int) -> String {
        index < builtin.signature.parameters.count ? builtin.signature.parameters[index].name : "argument \(index + 1)"
    }

    func mismatch(_ index: Int, expected: String) -> RuntimeError {
        RuntimeError("'\(builtin.signature.name)' expects \(expected) for '\(parameterName(index))', found \(base[index].typeName)",
                     hint: "signature: \(builtin.signature.synopsis)")
    }

    public func number(_ index: Int) throws -> Double {
        guard case .number(let value) = base[index] else { throw mismatch(index, expected: "a number") }
        return value
    }

    public func integer(_ index: Int) throws -> Int {
        let value = try number(index)
        guard value == value.rounded(), abs(value) < 1e15 else {
            throw RuntimeError("'\(builtin.signature.name)' expects a whole number for '\(parameterName(index))', found \(Scalar.format(number: value))")
        }
        return Int(value)
    }

    public func string(_ index: Int) throws -> String {
        guard let value = base[index].stringValue else { throw mismatch(index, expected: "a string") }
        return value
    }

    public func bool(_ index: Int) throws -> Bool {
        guard case .bool(let value) = base[index] else { throw mismatch(index, expected: "a bool") }
        return value
    }

    public func list(_ index: Int) throws -> ListObject {
        guard case .object(let object) = base[index], object.kind == .list else { throw mismatch(index, expected: "a list") }
        return unsafeDowncast(object, to: ListObject.self)
    }

    public func record(_ index: Int) throws -> RecordObject {
        guard case .object(let object) = base[index], object.kind == .record else { throw mismatch(index, expected: "a record") }
        return unsafeDowncast(object, to: RecordObject.self)
    }
}
