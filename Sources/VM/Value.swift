import Check
import NameMatching
import IR

/// A Lathe value. Kept to 16 bytes: numbers and bools are inline; everything else is a
/// reference to a `HeapObject` whose `kind` tag lets the VM downcast without `as?`.
public enum Value {
    /// Internal: a parameter that was not passed, or a global not yet defined. Never user-visible.
    case undefined
    case null
    case bool(Bool)
    case number(Double)
    case object(HeapObject)

    @inlinable public static func string(_ text: String) -> Value { .object(StringObject(text)) }
    @inlinable public static func list(_ items: [Value]) -> Value { .object(ListObject(items)) }
}

/// The kinds of heap object. Later layers add opaque handles (tensor, frame, model, report)
/// as `HandleObject` subclasses without growing `Value`.
public enum ObjectKind: UInt8 {
    case string, list, record, closure, native, box, range, iterator, module, handle
}

/// Base class of every heap value.
open class HeapObject {
    public final let kind: ObjectKind
    public init(kind: ObjectKind) { self.kind = kind }
}

/// An immutable-looking string; the VM appends in place only when nothing else shares it.
public final class StringObject: HeapObject {
    public var value: String
    public init(_ value: String) {
        self.value = value
        super.init(kind: .string)
    }
}

/// A mutable list, shared by reference (like Python's list).
public final class ListObject: HeapObject {
    public var items: [Value]
    public init(_ items: [Value]) {
        self.items = items
        super.init(kind: .list)
    }

    /// Appends in place. `push` calls this rather than `items.append` so the write is compiled
    /// here, without the dynamic exclusivity check the bindings' module would add to every call.
    public func append(_ item: Value) {
        items.append(item)
    }

    // Frees the items without recursing deeply (see `ReleaseQueue`).
    deinit {
        if !ReleaseQueue.mayNest(items) { return }
        let queue = ReleaseQueue.current
        if queue.mustPark { queue.parked.append(items); return }
        queue.enter()
        items = []
        queue.leave()
    }
}

/// A record: ordered fields keyed by interned symbols. Field lookup is a short linear scan,
/// which beats hashing for the handful of fields records usually have.
public final class RecordObject: HeapObject {
    public private(set) var keys: [Int32]
    public var values: [Value]
    /// Key → position, kept once a record outgrows a linear scan (a record used as a map);
    /// small records, the usual case, search their few keys directly.
    var positions: [Int32: Int]?
    static let linearLimit = 16

    public init(keys: [Int32], values: [Value]) {
        self.keys = keys
        self.values = values
        super.init(kind: .record)
        if keys.count > Self.linearLimit { indexPositions() }
    }

    func indexPositions() {
        var table: [Int32: Int] = [:]
        table.reserveCapacity(keys.count)
        for (position, key) in keys.enumerated() { table[key] = position }
        positions = table
    }

    @inline(__always)
    public func index(of symbol: Int32) -> Int? {
        if let positions { return positions[symbol] }
        return keys.withUnsafeBufferPointer { buffer in
            for index in 0..<buffer.count where buffer[index] == symbol { return index }
            return nil
        }
    }

    public func set(_ symbol: Int32, _ value: Value) {
        if let index = index(of: symbol) {
            values[index] = value
        } else {
            keys.append(symbol)
            values.append(value)
            if positions != nil {
                positions?[symbol] = keys.count - 1
            } else if keys.count > Self.linearLimit {
                indexPositions()
            }
        }
    }

    /// Deletes the field `symbol`, keeping the others in order; its value, or nil if absent.
    public func remove(_ symbol: Int32) -> Value? {
        guard let index = index(of: symbol) else { return nil }
        keys.remove(at: index)
        let value = values.remove(at: index)
        if positions != nil { indexPositions() }
        return value
    }

    // Frees the fields without recursing deeply (see `ReleaseQueue`).
    deinit {
        if !ReleaseQueue.mayNest(values) { return }
        let queue = ReleaseQueue.current
        if queue.mustPark { queue.parked.append(values); return }
        queue.enter()
        values = []
        queue.leave()
    }
}

/// A cell holding a local that closures capture by reference.
public final class BoxObject: HeapObject {
    public var value: Value
    public init(_ value: Value) {
        self.value = value
        super.init(kind: .box)
    }

    // Frees the value without recursing deeply (see `ReleaseQueue`).
    deinit {
        if !ReleaseQueue.mayNest(value) { return }
        let queue = ReleaseQueue.current
        if queue.mustPark { queue.parked.append(value); return }
        queue.enter()
        value = .null
        queue.leave()
    }
}

/// A half-open numeric range `start ..< end` with step 1.
public final class RangeObject: HeapObject {
    public let start: Double
    public let end: Double
    public init(start: Double, end: Double) {
        self.start = start
        self.end = end
        super.init(kind: .range)
    }
    public var count: Int { end > start ? Int((end - start).rounded(.up)) : 0 }
}

/// A user function together with the boxes it captured.
public final class ClosureObject: HeapObject {
    /// Functions live as long as their module; not counting this reference keeps calls cheap.
    public unowned(unsafe) let function: RuntimeFunction
    public private(set) var captures: [BoxObject]
    public init(function: RuntimeFunction, captures: [BoxObject]) {
        self.function = function
        self.captures = captures
        super.init(kind: .closure)
    }

    // Frees the captured boxes without recursing deeply (see `ReleaseQueue`).
    deinit {
        if captures.isEmpty { return }
        let queue = ReleaseQueue.current
        if queue.mustPark { queue.parked.append(captures); return }
        queue.enter()
        captures = []
        queue.leave()
    }
}

/// A builtin implemented in Swift, as a value made by one VM.
public final class NativeFunctionObject: HeapObject {
    public let builtin: Builtin
    /// The builtin's position in the VM that made this value, which finds its parameter
    /// symbols in that VM's table.
    let index: Int
    init(_ builtin: Builtin, index: Int) {
        self.builtin = builtin
        self.index = index
        super.init(kind: .native)
    }
}

/// The state of a `for … in` loop over a list, range, string or record.
public final class IteratorObject: HeapObject {
    enum Source {
        case list(ListObject)
        case range(Double, Double)
        case characters([Character])
    }
    var source: Source
    var position = 0
    var current: Double = 0
    init(_ source: Source) {
        self.source = source
        if case .range(let start, _) = source { current = start }
        super.init(kind: .iterator)
    }
}

/// An imported module: field reads go to its live globals.
public final class ModuleObject: HeapObject {
    public let instance: ModuleInstance
    public init(_ instance: ModuleInstance) {
        self.instance = instance
        super.init(kind: .module)
    }
}

/// The operators a handle can implement.
public enum HandleOperator: String, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", remainder = "%", floorDivide = "//", power = "**"
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case and, or
}

/// Base class for opaque library values (datasets, tensors, models, reports) that later
/// layers add; the VM only needs their type name and a printable summary.
open class HandleObject: HeapObject {
    public init() { super.init(kind: .handle) }
    /// The declaration of this value's kind: its name (what `type(x)` reports), its fields
    /// and its operators. The checker reads the same declaration.
    open var valueKind: ValueKind { ValueKind("library value", doc: "a value from a library") }
    /// The name `type(x)` reports.
    public final var typeName: String { valueKind.name }
    /// What `print(x)` shows.
    open var summary: String { "<\(typeName)>" }
    /// The value of a field the kind declares (`valueKind.fields`); nil if this value has
    /// none by that name (a metric a report of another task lacks). Records it returns take
    /// their keys from `symbols`, the running program's table.
    open func field(_ name: String, symbols: SymbolTable) throws -> Value? { nil }
    /// `value.name` for a name the kind does not declare, when the kind has data fields
    /// (a dataset's columns).
    open func dataField(_ name: String) throws -> Value {
        throw RuntimeError("\(ValueType.kind(typeName).withArticle) has no field '\(name)'", code: RuntimeErrorCodes.noSuchField)
    }

    /// `value.name`: a declared field first, then the kind's data fields, as the checker
    /// types it; otherwise an error naming the declared fields.
    public final func readField(_ name: String, symbols: SymbolTable) throws -> Value {
        let kind = valueKind
        if kind.field(name) != nil {
            if let value = try field(name, symbols: symbols) { return value }
            throw RuntimeError("this \(kind.name) has no '\(name)'", hint: "type(x) and print(x) show what it holds",
                               code: RuntimeErrorCodes.noSuchField)
        }
        if kind.dataFields != nil { return try dataField(name) }
        let names = kind.fields.map(\.name)
        var hint = "\(kind.name) fields: \(names.joined(separator: ", "))"
        if let suggestion = NameSuggestion.closest(to: name, in: names) { hint = "did you mean '\(suggestion)'? " + hint }
        throw RuntimeError("\(kind.type.withArticle) has no field '\(name)'", hint: hint, code: RuntimeErrorCodes.noSuchField)
    }
    /// `handle[index]`; records it returns take their keys from `symbols`.
    open func subscripted(_ index: Value, symbols: SymbolTable) throws -> Value {
        throw RuntimeError("cannot index into a \(typeName)", code: RuntimeErrorCodes.cannotIndex)
    }
    /// An operator with this handle on one side (`handleOnLeft` tells which). Columns and
    /// tensors apply it elementwise.
    open func binary(_ op: HandleOperator, _ other: Value, handleOnLeft: Bool) throws -> Value {
        // Equality applies to every value; a library value without elementwise operators is
        // equal only to itself, as the checker assumes.
        if op == .equal || op == .notEqual {
            var same = false
            if case .object(let object) = other { same = object === self }
            return .bool(same == (op == .equal))
        }
        let (left, right) = handleOnLeft ? (typeName, other.typeName) : (other.typeName, typeName)
        throw RuntimeError("cannot apply '\(op.rawValue)' to \(left) and \(right)", code: RuntimeErrorCodes.operatorTypeMismatch)
    }
    /// `-handle`.
    open func negated() throws -> Value { throw RuntimeError("cannot negate a \(typeName)", code: RuntimeErrorCodes.operatorTypeMismatch) }
    /// `not handle`.
    open func logicalNot() throws -> Value { throw RuntimeError("'not' needs a bool, found \(typeName)", code: RuntimeErrorCodes.operatorTypeMismatch) }
    /// What `len` returns, if the handle has a length.
    open var length: Int? { nil }
}

extension Value {
    /// The user-facing type name, as `type(x)` returns it.
    public var typeName: String {
        switch self {
        case .undefined: return "undefined"
        case .null: return "null"
        case .bool: return "bool"
        case .number: return "number"
        case .object(let object):
            switch object.kind {
            case .string: return "string"
            case .list: return "list"
            case .record: return "record"
            case .closure, .native: return "function"
            case .box: return "box"
            case .range: return "range"
            case .iterator: return "iterator"
            case .module: return "module"
            case .handle: return unsafeDowncast(object, to: HandleObject.self).typeName
            }
        }
    }

    @inlinable public var isUndefined: Bool {
        if case .undefined = self { return true }
        return false
    }

    /// The string payload, if this is a string.
    @inlinable public var stringValue: String? {
        if case .object(let object) = self, object.kind == .string {
            return unsafeDowncast(object, to: StringObject.self).value
        }
        return nil
    }

    /// The handle, if this is one.
    @inlinable public var handle: HandleObject? {
        if case .object(let object) = self, object.kind == .handle {
            return unsafeDowncast(object, to: HandleObject.self)
        }
        return nil
    }

    @inlinable public var numberValue: Double? {
        if case .number(let value) = self { return value }
        return nil
    }
}
