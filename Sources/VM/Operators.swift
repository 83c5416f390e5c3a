#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import LatheCore
import NameMatching
import Check
import IR

/// The slow paths of the VM's operators: anything that is not number-with-number. Public only
/// for `position`, which library values that can be indexed share.
public enum Operators {
    enum Arithmetic: String {
        case subtract = "-", multiply = "*", divide = "/", remainder = "%", floorDivide = "//", power = "**"

        var handleOperator: HandleOperator {
            switch self {
            case .subtract: return .subtract
            case .multiply: return .multiply
            case .divide: return .divide
            case .remainder: return .remainder
            case .floorDivide: return .floorDivide
            case .power: return .power
            }
        }
    }

    enum Comparison: String {
        case less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="

        var handleOperator: HandleOperator {
            switch self {
            case .less: return .less
            case .lessEqual: return .lessEqual
            case .greater: return .greater
            case .greaterEqual: return .greaterEqual
            }
        }
    }

    /// Hands an operator to whichever operand is a handle, if either is.
    static func handleBinary(_ op: HandleOperator, _ left: Value, _ right: Value) throws -> Value? {
        if let handle = left.handle { return try handle.binary(op, right, handleOnLeft: true) }
        if let handle = right.handle { return try handle.binary(op, left, handleOnLeft: false) }
        return nil
    }

    static func add(_ left: Value, _ right: Value) throws -> Value {
        // String appends, the common case after numbers, touch no reference counts.
        if left.objectKind == .string, right.objectKind == .string {
            let suffix = unsafeBitCast(right.unmanagedObject, to: Unmanaged<StringObject>.self)._withUnsafeGuaranteedRef { $0.value }
            return .object(unsafeBitCast(left.unmanagedObject, to: Unmanaged<StringObject>.self)
                ._withUnsafeGuaranteedRef { $0.appending(suffix) })
        }
        if let result = try handleBinary(.add, left, right) { return result }
        switch (left.decoded, right.decoded) {
        case (.number(let x), .number(let y)):
            return .number(x + y)
        case (.object(let a), .object(let b)) where a.kind == .string && b.kind == .string:
            return .object(unsafeDowncast(a, to: StringObject.self).appending(unsafeDowncast(b, to: StringObject.self).value))
        case (.object(let a), .object(let b)) where a.kind == .list && b.kind == .list:
            return .list(unsafeDowncast(a, to: ListObject.self).items + unsafeDowncast(b, to: ListObject.self).items)
        default:
            let hint = left.stringValue != nil || right.stringValue != nil
                ? "convert with str(…) or interpolate: \"…${x}\"" : nil
            throw RuntimeError("cannot apply '+' to \(left.typeName) and \(right.typeName)", hint: hint,
                               code: RuntimeErrorCodes.operatorTypeMismatch)
        }
    }

    /// `*slot = *slot + right` (strings extend their buffer in place; see `StringObject`).
    static func addInPlace(at slot: UnsafeMutablePointer<Value>, _ right: Value) throws {
        slot.pointee = try add(slot.pointee, right)
    }

    static func arithmetic(_ op: Arithmetic, _ left: Value, _ right: Value) throws -> Value {
        guard case .number(let x) = left.decoded, case .number(let y) = right.decoded else {
            if let result = try handleBinary(op.handleOperator, left, right) { return result }
            let hint = left.stringValue != nil || right.stringValue != nil ? "strings support '+' only" : nil
            throw RuntimeError("cannot apply '\(op.rawValue)' to \(left.typeName) and \(right.typeName)", hint: hint,
                               code: RuntimeErrorCodes.operatorTypeMismatch)
        }
        switch op {
        case .subtract: return .number(x - y)
        case .multiply: return .number(x * y)
        case .divide: return .number(x / y)
        case .remainder: return .number(FlooredDivision.remainder(x, y))
        case .floorDivide: return .number(FlooredDivision.quotient(x, y))
        case .power: return .number(pow(x, y))
        }
    }

    /// `<`, `<=`, `>`, `>=` as values: a bool, or a mask when a handle is involved.
    static func compareValue(_ op: Comparison, _ left: Value, _ right: Value) throws -> Value {
        if let result = try handleBinary(op.handleOperator, left, right) { return result }
        return .bool(try compare(op, left, right))
    }

    /// `==` and `!=`: structural equality, or an elementwise mask when a handle is involved.
    static func equality(_ left: Value, _ right: Value, negated: Bool) throws -> Value {
        if left.handle != nil || right.handle != nil,
           let result = try handleBinary(negated ? .notEqual : .equal, left, right) {
            return result
        }
        return .bool(left.isEqual(to: right) != negated)
    }

    /// The right-hand side of `and`/`or` once the left did not decide: bools combine as bools,
    /// masks elementwise.
    static func logical(_ op: HandleOperator, _ left: Value, _ right: Value) throws -> Value {
        if case .bool = left.decoded {
            guard case .bool = right.decoded else {
                if let handle = right.handle { return try handle.binary(op, left, handleOnLeft: false) }
                throw RuntimeError("'\(op.rawValue)' needs bool operands, found \(right.typeName)",
                                   code: RuntimeErrorCodes.operatorTypeMismatch)
            }
            return right
        }
        if let handle = left.handle { return try handle.binary(op, right, handleOnLeft: true) }
        throw RuntimeError("'\(op.rawValue)' needs bool operands, found \(left.typeName)", code: RuntimeErrorCodes.operatorTypeMismatch)
    }

    static func compare(_ op: Comparison, _ left: Value, _ right: Value) throws -> Bool {
        switch (left.decoded, right.decoded) {
        case (.number(let x), .number(let y)):
            switch op {
            case .less: return x < y
            case .lessEqual: return x <= y
            case .greater: return x > y
            case .greaterEqual: return x >= y
            }
        default:
            if let x = left.stringValue, let y = right.stringValue {
                switch op {
                case .less: return x < y
                case .lessEqual: return x <= y
                case .greater: return x > y
                case .greaterEqual: return x >= y
                }
            }
            throw RuntimeError(
                "cannot compare \(left.typeName) and \(right.typeName) with '\(op.rawValue)'",
                hint: "only numbers with numbers, or strings with strings, can be ordered",
                code: RuntimeErrorCodes.operatorTypeMismatch)
        }
    }

    static func field(of value: Value, symbol: Int32, symbols: SymbolTable) throws -> Value {
        // Found record fields (every map read) return before the name is looked up.
        if let record = value.object(.record, as: RecordObject.self), let index = record.index(of: symbol) {
            return record.values[index]
        }
        let name = symbols.name(symbol)
        guard case .object(let object) = value.decoded else {
            throw RuntimeError("a \(value.typeName) has no field '\(name)'", code: RuntimeErrorCodes.noSuchField)
        }
        switch object.kind {
        case .record:
            let record = unsafeDowncast(object, to: RecordObject.self)
            let fields = record.keys.map(symbols.name)
            var hint = fields.isEmpty ? "the record is empty" : "fields: \(fields.joined(separator: ", "))"
            if let suggestion = NameSuggestion.closest(to: name, in: fields) { hint = "did you mean '\(suggestion)'? " + hint }
            throw RuntimeError("record has no field '\(name)'", hint: hint, code: RuntimeErrorCodes.noSuchField)
        case .module:
            let module = unsafeDowncast(object, to: ModuleObject.self).instance
            if let value = module.export(name) { return value }
            throw RuntimeError("module '\(module.ir.displayPath)' has no export '\(name)'", code: RuntimeErrorCodes.noSuchField)
        case .handle:
            return try unsafeDowncast(object, to: HandleObject.self).readField(name, symbols: symbols)
        default:
            throw RuntimeError("a \(value.typeName) has no field '\(name)'", code: RuntimeErrorCodes.noSuchField)
        }
    }

    /// Converts an index value to a position in a collection of `count` items; negative counts from the end.
    public static func position(_ index: Value, count: Int, what: String) throws -> Int {
        guard case .number(let number) = index.decoded else {
            throw RuntimeError("\(what) index must be a number, found \(index.typeName)", code: RuntimeErrorCodes.cannotIndex)
        }
        guard number == number.rounded(), abs(number) < 1e15 else {
            throw RuntimeError("\(what) index must be a whole number, found \(Scalar.format(number: number))",
                               code: RuntimeErrorCodes.cannotIndex)
        }
        var position = Int(number)
        if position < 0 { position += count }
        guard position >= 0, position < count else {
            throw RuntimeError(
                "index \(Scalar.format(number: number)) is out of range for a \(what) of length \(count)",
                hint: count == 0 ? "the \(what) is empty" : "valid indices are 0 to \(count - 1), or -\(count) to -1 from the end",
                code: RuntimeErrorCodes.indexOutOfRange)
        }
        return position
    }

    /// The positions `start ..< end` selects from `count` items, as Python slices: negative
    /// positions count from the end and both ends are clamped, so the result may be empty.
    public static func sliceBounds(start: Int, end: Int, count: Int) -> Range<Int> {
        func clamp(_ value: Int) -> Int { min(count, max(0, value < 0 ? value + count : value)) }
        let low = clamp(start)
        return low..<max(low, clamp(end))
    }

    /// `xs[a ..< b]` on a list or string: a copy of that part.
    static func slice(_ object: HeapObject, by range: RangeObject) throws -> Value {
        for bound in [range.start, range.end] where bound != bound.rounded() || abs(bound) >= 1e15 {
            throw RuntimeError("slice bounds must be whole numbers, found \(Scalar.format(number: bound))",
                               code: RuntimeErrorCodes.cannotIndex)
        }
        let start = Int(range.start), end = Int(range.end)
        if object.kind == .string {
            let characters = Array(unsafeDowncast(object, to: StringObject.self).value)
            return .string(String(characters[sliceBounds(start: start, end: end, count: characters.count)]))
        }
        let items = unsafeDowncast(object, to: ListObject.self).items
        return .list(Array(items[sliceBounds(start: start, end: end, count: items.count)]))
    }

    static func index(_ container: Value, _ index: Value, symbols: SymbolTable) throws -> Value {
        guard case .object(let object) = container.decoded else {
            throw RuntimeError("cannot index into a \(container.typeName)", code: RuntimeErrorCodes.cannotIndex)
        }
        if case .object(let range) = index.decoded, range.kind == .range, object.kind == .list || object.kind == .string {
            return try slice(object, by: unsafeDowncast(range, to: RangeObject.self))
        }
        switch object.kind {
        case .list:
            let list = unsafeDowncast(object, to: ListObject.self)
            return list.items[try position(index, count: list.items.count, what: "list")]
        case .string:
            let characters = Array(unsafeDowncast(object, to: StringObject.self).value)
            return .string(String(characters[try position(index, count: characters.count, what: "string")]))
        case .range:
            let range = unsafeDowncast(object, to: RangeObject.self)
            return .number(range.start + Double(try position(index, count: range.count, what: "range")))
        case .record:
            guard let name = index.stringValue else {
                throw RuntimeError("record index must be a string, found \(index.typeName)", code: RuntimeErrorCodes.cannotIndex)
            }
            return try field(of: container, symbol: symbols.intern(name), symbols: symbols)
        case .handle:
            return try unsafeDowncast(object, to: HandleObject.self).subscripted(index, symbols: symbols)
        default:
            throw RuntimeError("cannot index into a \(container.typeName)", code: RuntimeErrorCodes.cannotIndex)
        }
    }

    static func setIndex(_ container: Value, _ index: Value, _ value: Value, symbols: SymbolTable) throws {
        guard case .object(let object) = container.decoded else {
            throw RuntimeError("cannot assign into a \(container.typeName)", code: RuntimeErrorCodes.cannotAssignInto)
        }
        switch object.kind {
        case .list:
            let list = unsafeDowncast(object, to: ListObject.self)
            list.items[try position(index, count: list.items.count, what: "list")] = value
        case .record:
            guard let name = index.stringValue else {
                throw RuntimeError("record index must be a string, found \(index.typeName)", code: RuntimeErrorCodes.cannotIndex)
            }
            unsafeDowncast(object, to: RecordObject.self).set(symbols.intern(name), value)
        default:
            throw RuntimeError("cannot assign into a \(container.typeName)", hint: "lists and records can be changed in place; strings cannot",
                               code: RuntimeErrorCodes.cannotAssignInto)
        }
    }

    /// The items a `for` loop over `value` visits, in order (a record's keys, a string's
    /// characters), for builtins that take any sequence.
    public static func items(of value: Value, symbols: SymbolTable) throws -> [Value] {
        let iterator = try makeIterator(value, symbols: symbols)
        var items: [Value] = []
        while let item = iterator.next() { items.append(item) }
        return items
    }

    /// Whether `left` sorts before `right`: numbers with numbers, strings with strings, as `<` does.
    public static func less(_ left: Value, _ right: Value) throws -> Bool {
        try compare(.less, left, right)
    }

    static func makeIterator(_ value: Value, symbols: SymbolTable) throws -> IteratorObject {
        if case .object(let object) = value.decoded {
            switch object.kind {
            case .list: return IteratorObject(.list(value))
            case .range:
                let range = unsafeDowncast(object, to: RangeObject.self)
                return IteratorObject(.range(range.start, range.end))
            case .string: return IteratorObject(.characters(Array(unsafeDowncast(object, to: StringObject.self).value)))
            case .record:
                let keys = unsafeDowncast(object, to: RecordObject.self).keys
                return IteratorObject(.list(.list(keys.map { .string(symbols.name($0)) })))
            case .handle:
                if let iterable = unsafeDowncast(object, to: HandleObject.self) as? IterableHandle {
                    return IteratorObject(.handle(value, count: iterable.iterationCount, item: iterable.iterationItems(symbols: symbols)))
                }
            default: break
            }
        }
        throw RuntimeError("cannot iterate over a \(value.typeName)",
                           hint: value.numberValue != nil ? "to count, iterate over a range such as 0..<n" : nil,
                           code: RuntimeErrorCodes.cannotIterate)
    }
}

extension IteratorObject {
    /// The next item, or nil when done. Lists are read live, so appending while iterating is seen.
    /// The next item, or nil at the end. Lists, the loop of nearly every script, are read
    /// inline in the interpreter loop.
    @inline(__always) func next() -> Value? {
        if let list {
            return list._withUnsafeGuaranteedRef { list in
                guard position < list.items.count else { return nil }
                position += 1
                return list.items[position - 1]
            }
        }
        return nextFromSource()
    }

    @inline(never) private func nextFromSource() -> Value? {
        switch source {
        case .list:
            return nil
        case .range(_, let end):
            guard current < end else { return nil }
            let value = current
            current += 1
            return .number(value)
        case .characters(let characters):
            guard position < characters.count else { return nil }
            position += 1
            return .string(String(characters[position - 1]))
        case .handle(_, let count, let item):
            guard position < count else { return nil }
            position += 1
            return item(position - 1)
        }
    }
}
