import Check
import NameMatching
import IR

/// A Lathe value in 8 bytes, NaN-boxed: a number is its own IEEE bits (every NaN stored as
/// the one canonical quiet NaN), and the other cases live in the negative quiet-NaN space that
/// arithmetic never produces: a 16-bit tag and a 48-bit payload. An object's payload is its
/// address. Values are plain bits: copying one never touches a reference count. Objects belong
/// to a `Heap`, which keeps them alive and frees what no root reaches (see `Heap.swift`).
///
/// `decoded` turns a value into `Value.Case` for pattern matching; hot paths test the bits.
@frozen public struct Value {
    public var bits: UInt64

    @inlinable @inline(__always) public init(bits: UInt64) { self.bits = bits }

    /// The decoded form of a value, for `switch`.
    public enum Case {
        /// Internal: a parameter that was not passed, or a global not yet defined. Never user-visible.
        case undefined
        case null
        case bool(Bool)
        case number(Double)
        case object(HeapObject)
    }

    @usableFromInline static let canonicalNaN: UInt64 = 0x7FF8_0000_0000_0000
    /// Every bit pattern at or above this is a tagged (non-number) value.
    @usableFromInline static let firstTag: UInt64 = 0xFFF9_0000_0000_0000
    @usableFromInline static let tagMask: UInt64 = 0xFFFF_0000_0000_0000
    @usableFromInline static let payloadMask: UInt64 = 0x0000_FFFF_FFFF_FFFF
    @usableFromInline static let undefinedBits: UInt64 = 0xFFF9_0000_0000_0000
    @usableFromInline static let nullBits: UInt64 = 0xFFFA_0000_0000_0000
    @usableFromInline static let falseBits: UInt64 = 0xFFFB_0000_0000_0000
    @usableFromInline static let trueBits: UInt64 = 0xFFFB_0000_0000_0001
    @usableFromInline static let objectTag: UInt64 = 0xFFFC_0000_0000_0000

    public static let undefined = Value(bits: undefinedBits)
    public static let null = Value(bits: nullBits)

    @inlinable @inline(__always) public static func bool(_ flag: Bool) -> Value {
        Value(bits: flag ? trueBits : falseBits)
    }

    @inlinable @inline(__always) public static func number(_ number: Double) -> Value {
        number.isNaN ? Value(bits: canonicalNaN) : Value(bits: number.bitPattern)
    }

    /// The result of arithmetic on numbers that are values already, without the NaN check.
    /// Such a result cannot fall in the tag space: a NaN operand is canonical and propagates
    /// as is, and a NaN the FPU makes (`inf - inf`) is its default NaN, `0x7FF8…` on ARM and
    /// `0xFFF8…` on x86, both below `firstTag`. The check cost a fifth of a tight loop.
    @inlinable @inline(__always) public static func arithmeticResult(_ number: Double) -> Value {
        Value(bits: number.bitPattern)
    }

    /// A value for `object`, which joins the heap of the VM running on this thread (or, with
    /// no VM running, lives for the rest of the process).
    @inlinable public static func object(_ object: HeapObject) -> Value {
        Heap.adopt(object)
        return Value(unregistered: object)
    }

    /// A value for an object already in a heap.
    @inlinable @inline(__always) init(unregistered object: HeapObject) {
        bits = Value.objectTag | UInt64(UInt(bitPattern: Unmanaged.passUnretained(object).toOpaque()))
    }

    @inlinable public static func string(_ text: String) -> Value { .object(StringObject(text)) }
    @inlinable public static func list(_ items: [Value]) -> Value { .object(ListObject(items)) }

    @inlinable @inline(__always) public var isNumber: Bool { bits < Value.firstTag }
    @inlinable @inline(__always) public var isObject: Bool { bits & Value.tagMask == Value.objectTag }
    @inlinable @inline(__always) public var isUndefined: Bool { bits == Value.undefinedBits }
    @inlinable @inline(__always) public var isNull: Bool { bits == Value.nullBits }
    /// The number, unchecked: only after `isNumber`.
    @inlinable @inline(__always) public var unsafeNumber: Double { Double(bitPattern: bits) }

    /// The object, unretained: only after `isObject`. The heap keeps it alive.
    @inlinable @inline(__always) public var unmanagedObject: Unmanaged<HeapObject> {
        Unmanaged.fromOpaque(UnsafeRawPointer(bitPattern: UInt(bits & Value.payloadMask)).unsafelyUnwrapped)
    }

    /// The object's kind if this is an object, read without reference counting.
    @inlinable @inline(__always) public var objectKind: ObjectKind? {
        isObject ? unmanagedObject._withUnsafeGuaranteedRef { $0.kind } : nil
    }

    /// The object if this is one.
    @inlinable public var object: HeapObject? {
        isObject ? unmanagedObject.takeUnretainedValue() : nil
    }

    @inlinable public var decoded: Case {
        if bits < Value.firstTag { return .number(Double(bitPattern: bits)) }
        switch bits & Value.tagMask {
        case Value.objectTag: return .object(unmanagedObject.takeUnretainedValue())
        case Value.falseBits: return .bool(bits == Value.trueBits)
        case Value.nullBits: return .null
        default: return .undefined
        }
    }
}

/// The kinds of heap object. Later layers add opaque handles (tensor, frame, model, report)
/// as `HandleObject` subclasses without growing `Value`.
public enum ObjectKind: UInt8 {
    case string, list, record, closure, native, box, range, iterator, module, handle
}

/// Base class of every heap value.
open class HeapObject {
    public final let kind: ObjectKind
    /// `unowned` until a value first refers to it, then `inHeap` (a VM's `Heap` keeps it
    /// alive) or `immortal` (made while no VM ran on the thread).
    @usableFromInline final var heapState: UInt8 = HeapObject.unowned
    @usableFromInline static let unowned: UInt8 = 0
    @usableFromInline static let inHeap: UInt8 = 1
    @usableFromInline static let immortal: UInt8 = 2
    /// The collection that last marked this object.
    final var markedEpoch: UInt32 = 0
    public init(kind: ObjectKind) { self.kind = kind }

    /// Reports every value this object refers to, for the collector. Objects that hold values
    /// (lists, records, boxes, closures, iterators) override it; library values hold none.
    open func forEachReference(_ visit: (Value) -> Void) {}

    /// Roughly how many bytes this object keeps alive beyond itself (a dataset's columns, a
    /// tensor's buffer), so that a loop making large library values collects them soon enough.
    open var retainedBytes: Int { 0 }
}

/// A string. Strings are immutable values; `s + t` extends `s`'s text in place when `s` is
/// the longest string of its append chain, so a loop of appends costs O(total length).
///
/// Most strings (constants, interpolations, library results) hold their text directly: one
/// allocation each. Only strings made by `+` share a `Chain`, because appends must extend one
/// buffer that the earlier, shorter strings of the chain still read a prefix of.
public final class StringObject: HeapObject {
    /// Text shared by a chain of appends; each string of the chain is a prefix of it.
    @usableFromInline final class Chain {
        @usableFromInline var text: String
        init(_ text: String) { self.text = text }
    }
    /// The text, when no chain is shared (`chain == nil`).
    @usableFromInline var text: String
    @usableFromInline var chain: Chain?
    /// This string's length in UTF-8 bytes (for a chain member, the prefix of the chain it is).
    @usableFromInline let utf8Count: Int

    public init(_ value: String) {
        text = value
        chain = nil
        utf8Count = value.utf8.count
        super.init(kind: .string)
    }

    private init(chain: Chain, utf8Count: Int) {
        text = ""
        self.chain = chain
        self.utf8Count = utf8Count
        super.init(kind: .string)
    }

    @inlinable public var value: String {
        guard let chain else { return text }
        let shared = chain.text
        if shared.utf8.count == utf8Count { return shared }
        return detach()
    }

    /// Gives a string that a longer one outgrew its own copy of its prefix, so later reads are cheap.
    @usableFromInline func detach() -> String {
        let prefix = String(decoding: (chain?.text ?? text).utf8.prefix(utf8Count), as: UTF8.self)
        text = prefix
        chain = nil
        return prefix
    }

    /// The number of characters (grapheme clusters), as `len` counts them. ASCII text, nearly
    /// every string a script makes, is counted from its bytes: one character a byte, except
    /// that "\r\n" is one character. Other text takes Swift's grapheme breaking.
    public var characterCount: Int {
        var text = value
        let ascii: Int? = text.withUTF8 { bytes in
            var pairs = 0
            var previous: UInt8 = 0
            for byte in bytes {
                if byte >= 0x80 { return nil }
                if byte == 0x0A, previous == 0x0D { pairs += 1 }
                previous = byte
            }
            return bytes.count - pairs
        }
        return ascii ?? text.count
    }

    /// `self + suffix`, extending this string's chain when nothing longer was made from it.
    func appending(_ suffix: String) -> StringObject {
        if let chain, chain.text.utf8.count == utf8Count {
            chain.text += suffix
            return StringObject(chain: chain, utf8Count: utf8Count + suffix.utf8.count)
        }
        let joined = value + suffix
        return StringObject(chain: Chain(joined), utf8Count: joined.utf8.count)
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

    public override func forEachReference(_ visit: (Value) -> Void) {
        for item in items { visit(item) }
    }
}

/// A record: ordered fields keyed by interned symbols. Field lookup is a short linear scan,
/// which beats hashing for the handful of fields records usually have.
public final class RecordObject: HeapObject {
    public private(set) var keys: [Int32]
    public var values: [Value]
    /// Key → position, kept once a record outgrows a linear scan (a record used as a map);
    /// small records, the usual case, search their few keys directly.
    var positions: SymbolPositions?
    static let linearLimit = 16

    public init(keys: [Int32], values: [Value]) {
        self.keys = keys
        self.values = values
        super.init(kind: .record)
        if keys.count > Self.linearLimit { indexPositions() }
    }

    func indexPositions() {
        positions = SymbolPositions(keys: keys)
    }

    @inline(__always)
    public func index(of symbol: Int32) -> Int? {
        if positions != nil { return positions.unsafelyUnwrapped.position(of: symbol) }
        return keys.withUnsafeBufferPointer { buffer in
            for index in 0..<buffer.count where buffer[index] == symbol { return index }
            return nil
        }
    }

    /// The position of `symbol`, trying `guess` first: a field-access site's inline cache,
    /// which is updated on a miss. Records have no fixed shapes, so the cache keeps a
    /// position, not a shape: the same site usually sees records built by the same code.
    @inline(__always)
    func index(of symbol: Int32, guess: inout UInt16) -> Int? {
        let hit = keys.withUnsafeBufferPointer { buffer in
            Int(guess) < buffer.count && buffer[Int(guess)] == symbol
        }
        if hit { return Int(guess) }
        guard let found = index(of: symbol) else { return nil }
        if found <= Int(UInt16.max) { guess = UInt16(found) }
        return found
    }

    public func set(_ symbol: Int32, _ value: Value) {
        if let index = index(of: symbol) {
            values[index] = value
        } else {
            keys.append(symbol)
            values.append(value)
            if positions != nil {
                positions!.insert(symbol, at: keys.count - 1)
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

    public override func forEachReference(_ visit: (Value) -> Void) {
        for value in values { visit(value) }
    }
}

/// A cell holding a local that closures capture by reference.
public final class BoxObject: HeapObject {
    public var value: Value
    public init(_ value: Value) {
        self.value = value
        super.init(kind: .box)
    }

    public override func forEachReference(_ visit: (Value) -> Void) { visit(value) }
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
    let unmanagedFunction: Unmanaged<RuntimeFunction>
    public var function: RuntimeFunction { unmanagedFunction.takeUnretainedValue() }
    /// The captured boxes, as values: the heap keeps them alive while this closure is reachable
    /// (a strong reference here would make closures that capture each other immortal). They
    /// sit in one buffer of their own, which a running frame points at directly: a captured
    /// variable's read is then two loads from the frame, not four through the array.
    let captureSlots: UnsafeMutablePointer<Value>
    let captureCount: Int
    public init(function: RuntimeFunction, captures: [Value]) {
        unmanagedFunction = .passUnretained(function)
        captureCount = captures.count
        let slots = UnsafeMutablePointer<Value>.allocate(capacity: max(1, captures.count))
        captures.withUnsafeBufferPointer { source in
            if let base = source.baseAddress { slots.initialize(from: base, count: source.count) }
        }
        captureSlots = slots
        super.init(kind: .closure)
    }

    deinit {
        captureSlots.deallocate()
    }

    /// The captured boxes, in capture order.
    var captures: UnsafeBufferPointer<Value> { UnsafeBufferPointer(start: captureSlots, count: captureCount) }

    public override func forEachReference(_ visit: (Value) -> Void) {
        for box in captures { visit(box) }
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
        /// A list, held as a value so the heap (not this iterator) keeps it alive.
        case list(Value)
        case range(Double, Double)
        case characters([Character])
        /// A library value (kept as a value, for the heap), its item count and item maker.
        case handle(Value, count: Int, item: (Int) -> Value)
    }
    var source: Source
    var position = 0
    var current: Double = 0
    /// The list, when the source is one (the common loop), unretained: the source keeps it
    /// alive for the heap. `next` reads it without switching over (and copying) `source`.
    let list: Unmanaged<ListObject>?
    init(_ source: Source) {
        self.source = source
        if case .range(let start, _) = source { current = start }
        if case .list(let value) = source {
            list = unsafeBitCast(value.unmanagedObject, to: Unmanaged<ListObject>.self)
        } else {
            list = nil
        }
        super.init(kind: .iterator)
    }

    public override func forEachReference(_ visit: (Value) -> Void) {
        switch source {
        case .list(let value), .handle(let value, _, _): visit(value)
        case .range, .characters: break
        }
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
            if case .object(let object) = other.decoded { same = object === self }
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
        switch decoded {
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

    /// The string payload, if this is a string.
    @inlinable public var stringValue: String? {
        guard objectKind == .string else { return nil }
        return unsafeDowncast(unmanagedObject.takeUnretainedValue(), to: StringObject.self).value
    }

    /// The handle, if this is one.
    @inlinable public var handle: HandleObject? {
        guard objectKind == .handle else { return nil }
        return unsafeDowncast(unmanagedObject.takeUnretainedValue(), to: HandleObject.self)
    }

    @inlinable public var numberValue: Double? {
        isNumber ? Double(bitPattern: bits) : nil
    }

    /// The bool, if this is one.
    @inlinable public var boolValue: Bool? {
        bits & Value.tagMask == Value.falseBits ? bits == Value.trueBits : nil
    }

    /// The object of kind `kind` as `type`, if this is one; e.g. `value.object(.list, as: ListObject.self)`.
    @inlinable public func object<T: HeapObject>(_ kind: ObjectKind, as type: T.Type) -> T? {
        guard objectKind == kind else { return nil }
        return unsafeDowncast(unmanagedObject.takeUnretainedValue(), to: T.self)
    }
}
