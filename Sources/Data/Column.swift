/// The element type of a column, as a user names it (`types: {age: "int64"}`).
public enum ColumnType: String, Sendable, CaseIterable {
    case float64, int64, bool
    /// Text, stored dictionary-encoded (categorical).
    case string
    /// A date or date-time: microseconds since 1970-01-01T00:00:00 UTC, in an Int64.
    case datetime

    /// A type from the name a user writes: the canonical names plus common aliases
    /// (`float`, `double`, `number`, `int`, `integer`, `boolean`, `str`, `text`,
    /// `category`, `categorical`), in any case.
    public init?(name: String) {
        switch name.lowercased() {
        case "float64", "float", "double", "number", "numeric", "real": self = .float64
        case "int64", "int", "integer", "long": self = .int64
        case "bool", "boolean", "logical": self = .bool
        case "string", "str", "text", "category", "categorical": self = .string
        case "datetime", "date", "timestamp", "datetime64": self = .datetime
        default: return nil
        }
    }
}

/// A column's values. Missing values: NaN for `float64`, a `false` validity entry for
/// `int64`/`bool`/`datetime` (a `nil` validity array means every entry is present), code -1
/// for `categorical`.
///
/// Equality is by value: NaNs compare equal to each other, a nil validity equals an
/// all-true one, the values under missing entries are ignored, and two categorical
/// columns are equal when they spell the same strings row by row, whatever their
/// category order.
public enum ColumnStorage: Equatable, Sendable {
    case float64([Double])
    case int64([Int64], valid: [Bool]?)
    case bool([Bool], valid: [Bool]?)
    /// Categories are in first-appearance order; code -1 is missing.
    case categorical(codes: [Int32], categories: [String])
    /// Microseconds since the Unix epoch (UTC), as pandas' datetime64 but in µs: years
    /// ±290,000 fit. Arithmetic and components are in `DateColumn`.
    case datetime([Int64], valid: [Bool]?)

    public var count: Int {
        switch self {
        case .float64(let v): return v.count
        case .int64(let v, _), .datetime(let v, _): return v.count
        case .bool(let v, _): return v.count
        case .categorical(let codes, _): return codes.count
        }
    }

    public static func == (lhs: ColumnStorage, rhs: ColumnStorage) -> Bool {
        switch (lhs, rhs) {
        case (.float64(let a), .float64(let b)):
            guard a.count == b.count else { return false }
            for i in a.indices where !(a[i] == b[i] || (a[i].isNaN && b[i].isNaN)) { return false }
            return true
        case (.int64(let a, let va), .int64(let b, let vb)), (.datetime(let a, let va), .datetime(let b, let vb)):
            return equalMasked(a, va, b, vb)
        case (.bool(let a, let va), .bool(let b, let vb)):
            return equalMasked(a, va, b, vb)
        case (.categorical(let ca, let ka), .categorical(let cb, let kb)):
            guard ca.count == cb.count else { return false }
            if ka == kb { return ca == cb }
            for i in ca.indices {
                let x = ca[i] < 0 ? nil : ka[Int(ca[i])]
                let y = cb[i] < 0 ? nil : kb[Int(cb[i])]
                if x != y { return false }
            }
            return true
        default:
            return false
        }
    }

    private static func equalMasked<T: Equatable>(_ a: [T], _ va: [Bool]?, _ b: [T], _ vb: [Bool]?) -> Bool {
        guard a.count == b.count else { return false }
        for i in a.indices {
            let pa = va?[i] ?? true, pb = vb?[i] ?? true
            if pa != pb || (pa && a[i] != b[i]) { return false }
        }
        return true
    }
}

/// A named, typed column of a frame. Value semantics (copy-on-write arrays).
public struct Column: Equatable, Sendable {
    public var name: String
    public var storage: ColumnStorage

    public init(name: String, storage: ColumnStorage) {
        self.name = name
        self.storage = storage
    }

    public var type: ColumnType {
        switch storage {
        case .float64: return .float64
        case .int64: return .int64
        case .bool: return .bool
        case .categorical: return .string
        case .datetime: return .datetime
        }
    }

    public var count: Int { storage.count }

    public var isNumeric: Bool { type == .float64 || type == .int64 }

    public func isMissing(_ row: Int) -> Bool {
        switch storage {
        case .float64(let v): return v[row].isNaN
        case .int64(_, let valid), .datetime(_, let valid): return !(valid?[row] ?? true)
        case .bool(_, let valid): return !(valid?[row] ?? true)
        case .categorical(let codes, _): return codes[row] < 0
        }
    }

    public var missingCount: Int {
        switch storage {
        case .float64(let v): return v.reduce(0) { $0 + ($1.isNaN ? 1 : 0) }
        case .int64(_, let valid), .bool(_, let valid), .datetime(_, let valid):
            guard let valid else { return 0 }
            return valid.reduce(0) { $0 + ($1 ? 0 : 1) }
        case .categorical(let codes, _): return codes.reduce(0) { $0 + ($1 < 0 ? 1 : 0) }
        }
    }

    /// The values as doubles, NaN for missing (bools as 0/1); nil for a categorical or
    /// datetime column (a date is not a number: models and statistics refuse it).
    public func asDoubles() -> [Double]? {
        switch storage {
        case .float64(let v):
            return v
        case .int64(let v, let valid):
            var out = v.map { Double($0) }
            if let valid { for i in valid.indices where !valid[i] { out[i] = .nan } }
            return out
        case .bool(let v, let valid):
            var out = v.map { $0 ? 1.0 : 0.0 }
            if let valid { for i in valid.indices where !valid[i] { out[i] = .nan } }
            return out
        case .categorical, .datetime:
            return nil
        }
    }

    /// The categorical value at `row`; nil if missing or if the column is not categorical.
    public func string(at row: Int) -> String? {
        guard case .categorical(let codes, let categories) = storage, codes[row] >= 0 else { return nil }
        return categories[Int(codes[row])]
    }

    /// The categories of a categorical column, in first-appearance order; nil otherwise.
    public var categories: [String]? {
        if case .categorical(_, let categories) = storage { return categories }
        return nil
    }

    /// The cell as text: the shortest round-tripping decimal for numbers, `true`/`false`,
    /// the string itself; `missing` for a missing cell.
    public func formatted(at row: Int, missing: String = "NaN") -> String {
        switch storage {
        case .float64(let v):
            return v[row].isNaN ? missing : Column.format(v[row])
        case .int64(let v, let valid):
            return (valid?[row] ?? true) ? String(v[row]) : missing
        case .bool(let v, let valid):
            return (valid?[row] ?? true) ? (v[row] ? "true" : "false") : missing
        case .categorical(let codes, let categories):
            return codes[row] < 0 ? missing : categories[Int(codes[row])]
        case .datetime(let v, let valid):
            return (valid?[row] ?? true) ? DateParsing.isoText(v[row]) : missing
        }
    }

    /// Shortest round-tripping text of a double: `1.5`, `2.0`, `1e-05`, `inf`, `-inf`.
    static func format(_ x: Double) -> String {
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        return x.description
    }

    // MARK: Row selection

    /// The rows at `rows`, in that order (indices may repeat).
    /// - Complexity: O(rows.count).
    public func take(_ rows: [Int]) -> Column {
        switch storage {
        case .float64(let v): return Column(name: name, storage: .float64(Column.gather(v, rows)))
        case .int64(let v, let valid):
            return Column(name: name, storage: .int64(Column.gather(v, rows), valid: valid.map { Column.gather($0, rows) }.flatMap(Column.normalized)))
        case .bool(let v, let valid):
            return Column(name: name, storage: .bool(Column.gather(v, rows), valid: valid.map { Column.gather($0, rows) }.flatMap(Column.normalized)))
        case .categorical(let codes, let categories):
            return Column(name: name, storage: .categorical(codes: Column.gather(codes, rows), categories: categories))
        case .datetime(let v, let valid):
            return Column(name: name, storage: .datetime(Column.gather(v, rows), valid: valid.map { Column.gather($0, rows) }.flatMap(Column.normalized)))
        }
    }

    /// `values[rows[i]]` for every i, into a buffer allocated once without zeroing.
    @inline(__always)
    static func gather<T>(_ values: [T], _ rows: [Int]) -> [T] {
        values.withUnsafeBufferPointer { source in
            rows.withUnsafeBufferPointer { indices in
                [T](unsafeUninitializedCapacity: indices.count) { out, initialized in
                    for i in 0..<indices.count { (out.baseAddress! + i).initialize(to: source[indices[i]]) }
                    initialized = indices.count
                }
            }
        }
    }

    /// The positions where `mask` is true, in order.
    public static func indices(of mask: [Bool]) -> [Int] {
        // Branch-free: a filter's mask is as good as random, and a mispredicted branch per
        // row was most of the time. Each row's index is written, and the cursor moves only
        // past kept rows, so the buffer has one spare slot for the writes after the last.
        // A Bool is stored as the byte 0 or 1, so the flags are read as those bytes.
        mask.withUnsafeBytes { raw in
            let bits = raw.bindMemory(to: UInt8.self)
            var kept = 0
            for flag in bits { kept &+= Int(flag) }
            return [Int](unsafeUninitializedCapacity: kept + 1) { out, initialized in
                guard let base = out.baseAddress else { initialized = 0; return }
                var next = 0
                for i in 0..<bits.count {
                    base[next] = i
                    next &+= Int(bits[i])
                }
                initialized = kept
            }
        }
    }

    /// The rows where `mask` is true. `mask.count` must equal `count`.
    public func filter(_ mask: [Bool]) -> Column {
        precondition(mask.count == count, "mask length must match the column")
        return take(Column.indices(of: mask))
    }

    /// A contiguous range of rows.
    public func slice(_ range: Range<Int>) -> Column {
        switch storage {
        case .float64(let v): return Column(name: name, storage: .float64(Array(v[range])))
        case .int64(let v, let valid): return Column(name: name, storage: .int64(Array(v[range]), valid: valid.map { Array($0[range]) }.flatMap(Column.normalized)))
        case .bool(let v, let valid): return Column(name: name, storage: .bool(Array(v[range]), valid: valid.map { Array($0[range]) }.flatMap(Column.normalized)))
        case .categorical(let codes, let categories): return Column(name: name, storage: .categorical(codes: Array(codes[range]), categories: categories))
        case .datetime(let v, let valid): return Column(name: name, storage: .datetime(Array(v[range]), valid: valid.map { Array($0[range]) }.flatMap(Column.normalized)))
        }
    }

    /// The same values under another name.
    public func renamed(_ newName: String) -> Column {
        Column(name: newName, storage: storage)
    }

    /// A validity array with no missing entry becomes nil.
    static func normalized(_ valid: [Bool]) -> [Bool]? {
        valid.contains(false) ? valid : nil
    }

    // MARK: Construction

    /// A float64 column; NaN marks missing.
    public static func numeric(_ name: String, _ values: [Double]) -> Column {
        Column(name: name, storage: .float64(values))
    }

    /// An int64 column; nil marks missing.
    public static func integers(_ name: String, _ values: [Int64?]) -> Column {
        let valid = values.map { $0 != nil }
        return Column(name: name, storage: .int64(values.map { $0 ?? 0 }, valid: normalized(valid)))
    }

    /// A bool column; nil marks missing.
    public static func bools(_ name: String, _ values: [Bool?]) -> Column {
        let valid = values.map { $0 != nil }
        return Column(name: name, storage: .bool(values.map { $0 ?? false }, valid: normalized(valid)))
    }

    /// A datetime column of microseconds since the Unix epoch (UTC); nil marks missing.
    public static func datetimes(_ name: String, _ values: [Int64?]) -> Column {
        let valid = values.map { $0 != nil }
        return Column(name: name, storage: .datetime(values.map { $0 ?? 0 }, valid: normalized(valid)))
    }

    /// A categorical column; nil marks missing. Categories take first-appearance order.
    public static func strings(_ name: String, _ values: [String?]) -> Column {
        var index = [String: Int32]()
        var categories = [String]()
        var codes = [Int32]()
        codes.reserveCapacity(values.count)
        for value in values {
            guard let value else { codes.append(-1); continue }
            if let code = index[value] {
                codes.append(code)
            } else {
                let code = Int32(categories.count)
                index[value] = code
                categories.append(value)
                codes.append(code)
            }
        }
        return Column(name: name, storage: .categorical(codes: codes, categories: categories))
    }
}
