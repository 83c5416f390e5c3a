import LatheCore
import IR

/// The arguments of one native call, bound to the signature's parameter order (defaults
/// filled in), read straight from the caller's registers.
///
/// Bodies read an argument by its declared parameter name (`args.string("path")`), never by
/// position, so a body cannot drift out of step with its signature when parameters are added
/// or reordered. `ArgumentNamesTests` checks every body reads only names its signature declares.
///
/// The small readers are `@inlinable` so a library body in another module reads its registers
/// directly, as it did when the bindings and the VM were one module.
public struct Arguments {
    @usableFromInline let base: UnsafeMutablePointer<Value>
    /// Parameters plus any extra variadic arguments.
    public let count: Int
    // Both outlive the call; unowned(unsafe) keeps a native call free of reference counting.
    public unowned(unsafe) let vm: VM
    /// The builtin being called; bodies name it in their messages.
    public unowned(unsafe) let builtin: Builtin
    /// Named arguments beyond the signature's parameters, for builtins that accept them.
    public var extraNamed: [(name: String, value: Value)] = []

    /// The argument bound to the parameter `name`.
    @inlinable public subscript(name: String) -> Value {
        @inline(__always) get throws { base[try slot(name)] }
    }

    /// Extra positional arguments of a variadic builtin (and, for `print`, all of them).
    public var variadic: [Value] {
        (builtin.parameterCount..<count).map { base[$0] }
    }

    public var all: [Value] { (0..<count).map { base[$0] } }

    /// The register slot of the parameter `name`. An undeclared name is a bug in the body, but
    /// a script must still see an error rather than a crash.
    @inlinable @inline(__always) func slot(_ name: String) throws -> Int {
        guard let index = builtin.index(of: name) else { throw undeclared(name) }
        return index
    }

    @usableFromInline func undeclared(_ name: String) -> RuntimeError {
        RuntimeError("internal error: builtin '\(builtin.signature.name)' reads undeclared parameter '\(name)'",
                     code: RuntimeErrorCodes.builtinFailed)
    }

    /// Whether the argument `name` was left at a null default (or passed as null).
    @inlinable public func isNull(_ name: String) throws -> Bool {
        if case .null = base[try slot(name)].decoded { return true }
        return false
    }

    /// The error for an argument of the wrong type.
    public func mismatch(_ name: String, expected: String) -> RuntimeError {
        guard let index = builtin.index(of: name) else { return undeclared(name) }
        return RuntimeError("'\(builtin.signature.name)' expects \(expected) for '\(name)', found \(base[index].typeName)",
                            hint: "signature: \(builtin.signature.synopsis)",
                            code: RuntimeErrorCodes.wrongArgumentType)
    }

    @inlinable public func number(_ name: String) throws -> Double {
        guard case .number(let value) = base[try slot(name)].decoded else { throw mismatch(name, expected: "a number") }
        return value
    }

    public func integer(_ name: String) throws -> Int {
        let value = try number(name)
        guard value == value.rounded(), abs(value) < 1e15 else {
            throw RuntimeError("'\(builtin.signature.name)' expects a whole number for '\(name)', found \(Scalar.format(number: value))",
                               code: RuntimeErrorCodes.wrongArgumentType)
        }
        return Int(value)
    }

    @inlinable public func string(_ name: String) throws -> String {
        guard let value = base[try slot(name)].stringValue else { throw mismatch(name, expected: "a string") }
        return value
    }

    @inlinable public func bool(_ name: String) throws -> Bool {
        guard case .bool(let value) = base[try slot(name)].decoded else { throw mismatch(name, expected: "a bool") }
        return value
    }

    @inlinable public func list(_ name: String) throws -> ListObject {
        guard case .object(let object) = base[try slot(name)].decoded, object.kind == .list else { throw mismatch(name, expected: "a list") }
        return unsafeDowncast(object, to: ListObject.self)
    }

    @inlinable public func record(_ name: String) throws -> RecordObject {
        guard case .object(let object) = base[try slot(name)].decoded, object.kind == .record else { throw mismatch(name, expected: "a record") }
        return unsafeDowncast(object, to: RecordObject.self)
    }
}
