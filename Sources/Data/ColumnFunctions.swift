import Foundation
import LatheCore

/// An elementwise function of one number, applied to every present value of a column
/// (`log(ds.income)`); missing values stay missing.
public enum ColumnMath: String, Sendable, CaseIterable {
    case abs, sqrt, exp, log, floor, ceil, sin, cos

    /// The function on one number.
    @inlinable public func callAsFunction(_ x: Double) -> Double {
        switch self {
        case .abs: return Swift.abs(x)
        case .sqrt: return x.squareRoot()
        case .exp: return Foundation.exp(x)
        case .log: return Foundation.log(x)
        case .floor: return x.rounded(.down)
        case .ceil: return x.rounded(.up)
        case .sin: return Foundation.sin(x)
        case .cos: return Foundation.cos(x)
        }
    }

    /// Whether an int64 column stays int64 (numpy: `abs` keeps integers, `floor` and `ceil`
    /// of integers are floats).
    var keepsIntegers: Bool { self == .abs }
}

/// One side of `where(mask, a, b)`: a column, or one value for every row.
public enum ColumnOperand: Sendable {
    case column(Column)
    case scalar(Scalar)
}

/// Which ends `between` includes, as pandas' `inclusive=`.
public enum BetweenInclusive: String, Sendable, CaseIterable {
    case both, neither, left, right
}

extension Column {
    /// The values as doubles (NaN for missing, bools as 0/1), or a type error naming the
    /// operation for a string column.
    func numbers(for operation: String) throws -> [Double] {
        guard let values = asDoubles() else {
            throw DataError.typeMismatch("\(operation) needs a numeric column, but '\(name)' holds \(type == .string ? "strings" : "dates")")
        }
        return values
    }

    /// `function` of every present value. An int64 column stays int64 for `abs`; every
    /// other result is float64 (numpy's dtypes). - Complexity: O(count).
    public func applying(_ function: ColumnMath) throws -> Column {
        if function.keepsIntegers, case .int64(let values, let valid) = storage {
            return Column(name: name, storage: .int64(values.map { $0 == .min ? $0 : Swift.abs($0) }, valid: valid))
        }
        let values = try numbers(for: function.rawValue)
        return Column.numeric(name, Column.map(values, function.callAsFunction))
    }

    /// Rounded to `digits` decimals (negative: tens, hundreds…), halves to even, as numpy's
    /// `around`: `rint(x · 10^d) / 10^d`. An int64 column stays int64. - Complexity: O(count).
    public func rounded(digits: Int) throws -> Column {
        if case .int64(let values, let valid) = storage {
            guard digits < 0 else { return self }
            let scale = pow(10.0, Double(-digits))
            return Column(name: name, storage: .int64(values.map { Int64(exactly: (Double($0) / scale).rounded(.toNearestOrEven) * scale) ?? $0 }, valid: valid))
        }
        let values = try numbers(for: "round")
        return Column.numeric(name, Column.map(values) { Column.round($0, digits: digits) })
    }

    /// numpy's `around` on one number.
    public static func round(_ x: Double, digits: Int) -> Double {
        if digits == 0 { return x.rounded(.toNearestOrEven) }
        if digits > 0 {
            let scale = pow(10.0, Double(digits))
            let scaled = x * scale
            return scaled.isFinite ? scaled.rounded(.toNearestOrEven) / scale : x
        }
        let scale = pow(10.0, Double(-digits))
        return (x / scale).rounded(.toNearestOrEven) * scale
    }

    /// Values below `lower` become `lower` and above `upper` become `upper` (nil: no bound),
    /// as pandas' `clip`. An int64 column stays int64 when the bounds are whole numbers.
    public func clipped(lower: Double?, upper: Double?) throws -> Column {
        if let lower, let upper, lower > upper {
            throw DataError.invalidArgument("clip needs lower <= upper, got \(Scalar.format(number: lower)) and \(Scalar.format(number: upper))")
        }
        let whole = [lower, upper].allSatisfy { bound in bound.map { $0.rounded() == $0 && Swift.abs($0) < 9e18 } ?? true }
        if whole, case .int64(let values, let valid) = storage {
            let low = lower.map { Int64($0) } ?? .min, high = upper.map { Int64($0) } ?? .max
            return Column(name: name, storage: .int64(values.map { Swift.min(Swift.max($0, low), high) }, valid: valid))
        }
        let values = try numbers(for: "clip")
        let low = lower ?? -.infinity, high = upper ?? .infinity
        return Column.numeric(name, Column.map(values) { $0.isNaN ? $0 : Swift.min(Swift.max($0, low), high) })
    }

    /// `base ** exponent` elementwise, either side a column or a number (float64, as numpy's
    /// `float_power`); a missing value on either side gives missing.
    public static func power(_ base: ColumnOperand, _ exponent: ColumnOperand) throws -> Column {
        switch (base, exponent) {
        case (.column(let column), .scalar(.number(let p))):
            return Column.numeric(column.name, Column.map(try column.numbers(for: "pow")) { $0.isNaN ? .nan : Foundation.pow($0, p) })
        case (.scalar(.number(let b)), .column(let column)):
            return Column.numeric(column.name, Column.map(try column.numbers(for: "pow")) { $0.isNaN ? .nan : Foundation.pow(b, $0) })
        case (.column(let left), .column(let right)):
            guard left.count == right.count else {
                throw DataError.invalidArgument("pow needs columns of equal length, got \(left.count) and \(right.count) rows")
            }
            let a = try left.numbers(for: "pow"), b = try right.numbers(for: "pow")
            var out = [Double](repeating: 0, count: a.count)
            for i in a.indices { out[i] = a[i].isNaN || b[i].isNaN ? .nan : Foundation.pow(a[i], b[i]) }
            return Column.numeric(left.name, out)
        default:
            throw DataError.typeMismatch("pow needs numbers or numeric columns")
        }
    }

    /// Whether each value lies between `lower` and `upper` (numbers, or strings for a string
    /// column), ends included as `inclusive` says; missing values are false, as in pandas.
    public func isBetween(_ lower: Scalar, _ upper: Scalar, inclusive: BetweenInclusive = .both) throws -> Column {
        let leftClosed = inclusive == .both || inclusive == .left
        let rightClosed = inclusive == .both || inclusive == .right
        var bits = [Bool](repeating: false, count: count)
        switch (storage, lower, upper) {
        case (.categorical(let codes, let categories), .string(let low), .string(let high)):
            // One test per category, then one lookup per row.
            let inside = categories.map { text in
                (leftClosed ? text >= low : text > low) && (rightClosed ? text <= high : text < high)
            }
            for row in codes.indices where codes[row] >= 0 { bits[row] = inside[Int(codes[row])] }
        case (_, .number(let low), .number(let high)) where type != .string:
            let values = try numbers(for: "between")
            for row in values.indices {
                let x = values[row]
                bits[row] = (leftClosed ? x >= low : x > low) && (rightClosed ? x <= high : x < high)
            }
        default:
            throw DataError.typeMismatch(
                "between needs \(type == .string ? "string" : "number") bounds for the \(type.rawValue) column '\(name)', got \(lower) and \(upper)")
        }
        return Column(name: name, storage: .bool(bits, valid: nil))
    }

    /// Whether each value is one of `values`, as pandas' `isin`: numbers match numbers (an
    /// int64 column by value), strings match strings, bools match bools, and `null` in the list
    /// matches missing values. - Complexity: O(count + values.count).
    public func isIn(_ values: [Scalar]) -> Column {
        let matchesMissing = values.contains(.null)
        var bits = [Bool](repeating: false, count: count)
        switch storage {
        case .categorical(let codes, let categories):
            var wanted = Set<String>()
            for case .string(let text) in values { wanted.insert(text) }
            let hit = categories.map { wanted.contains($0) }
            for row in codes.indices { bits[row] = codes[row] < 0 ? matchesMissing : hit[Int(codes[row])] }
        case .bool(let flags, let valid):
            var wanted = Set<Bool>()
            for case .bool(let flag) in values { wanted.insert(flag) }
            for row in flags.indices { bits[row] = (valid?[row] ?? true) ? wanted.contains(flags[row]) : matchesMissing }
        case .datetime(_, let valid):
            // Dates match no number, string or bool; null still finds the missing ones.
            for row in 0..<count { bits[row] = !(valid?[row] ?? true) && matchesMissing }
        case .float64, .int64:
            var wanted = Set<Double>()
            for case .number(let x) in values where !x.isNaN { wanted.insert(x == 0 ? 0 : x) }
            let numbers = asDoubles() ?? []
            for row in numbers.indices {
                let x = numbers[row]
                bits[row] = x.isNaN ? matchesMissing : wanted.contains(x == 0 ? 0 : x)
            }
        }
        return Column(name: name, storage: .bool(bits, valid: nil))
    }

    /// `a` where `mask` is true, `b` elsewhere (a missing mask entry counts as false, as in
    /// filtering). Both sides are numbers, strings or bools (columns or one value; `null` is
    /// missing). Numbers give int64 when every side is an int64 column or a whole number, else
    /// float64. - Complexity: O(count).
    public static func choosing(_ mask: Column, _ a: ColumnOperand, _ b: ColumnOperand) throws -> Column {
        guard case .bool(let flags, let valid) = mask.storage else {
            throw DataError.typeMismatch("where needs a bool column as its mask, but '\(mask.name)' is \(mask.type.rawValue)")
        }
        let rows = flags.count
        let bits = valid.map { v in zip(flags, v).map { $0 && $1 } } ?? flags
        for case .column(let side) in [a, b] where side.count != rows {
            throw DataError.invalidArgument("where needs columns as long as the mask: '\(side.name)' has \(side.count) rows, the mask \(rows)")
        }
        let name: String = {
            if case .column(let column) = a { return column.name }
            if case .column(let column) = b { return column.name }
            return mask.name
        }()
        let kinds = [a, b].compactMap(operandKind)
        guard let kind = kinds.first else {
            return Column.numeric(name, [Double](repeating: .nan, count: rows))
        }
        guard kinds.allSatisfy({ $0 == kind || ($0.isNumeric && kind.isNumeric) }) else {
            throw DataError.typeMismatch("where needs both sides of one type, got \(kinds[0].rawValue) and \(kinds[1].rawValue)")
        }
        switch kind {
        case .datetime:
            throw DataError.typeMismatch("where does not choose between datetime columns yet")
        case .string:
            let left = strings(a, rows), right = strings(b, rows)
            return Column.strings(name, (0..<rows).map { bits[$0] ? left($0) : right($0) })
        case .bool:
            let left = flagsOf(a), right = flagsOf(b)
            return Column.bools(name, (0..<rows).map { bits[$0] ? left($0) : right($0) })
        case .int64, .float64:
            let integral = [a, b].allSatisfy { operand in
                switch operand {
                case .column(let column): return column.type == .int64
                case .scalar(.number(let x)): return x.rounded() == x && Swift.abs(x) < 9e15
                default: return true
                }
            }
            if integral {
                let left = integersOf(a), right = integersOf(b)
                return Column.integers(name, (0..<rows).map { bits[$0] ? left($0) : right($0) })
            }
            let left = try doublesOf(a, rows), right = try doublesOf(b, rows)
            let out = [Double](unsafeUninitializedCapacity: rows) { out, initialized in
                bits.withUnsafeBufferPointer { bits in
                    left.withUnsafeBufferPointer { left in
                        right.withUnsafeBufferPointer { right in
                            for row in 0..<rows { out[row] = bits[row] ? left[row] : right[row] }
                        }
                    }
                }
                initialized = rows
            }
            return Column.numeric(name, out)
        }
    }

    /// The type an operand brings to `where`; nil for `null`.
    private static func operandKind(_ operand: ColumnOperand) -> ColumnType? {
        switch operand {
        case .column(let column): return column.type
        case .scalar(.number): return .float64
        case .scalar(.string): return .string
        case .scalar(.bool): return .bool
        case .scalar(.null): return nil
        }
    }

    private static func strings(_ operand: ColumnOperand, _ rows: Int) -> (Int) -> String? {
        switch operand {
        case .column(let column): return { column.string(at: $0) }
        case .scalar(.string(let text)): return { _ in text }
        default: return { _ in nil }
        }
    }

    private static func flagsOf(_ operand: ColumnOperand) -> (Int) -> Bool? {
        switch operand {
        case .column(let column):
            guard case .bool(let values, let valid) = column.storage else { return { _ in nil } }
            return { (valid?[$0] ?? true) ? values[$0] : nil }
        case .scalar(.bool(let flag)): return { _ in flag }
        default: return { _ in nil }
        }
    }

    private static func integersOf(_ operand: ColumnOperand) -> (Int) -> Int64? {
        switch operand {
        case .column(let column):
            guard case .int64(let values, let valid) = column.storage else { return { _ in nil } }
            return { (valid?[$0] ?? true) ? values[$0] : nil }
        case .scalar(.number(let x)): return { _ in Int64(exactly: x) }
        default: return { _ in nil }
        }
    }

    private static func doublesOf(_ operand: ColumnOperand, _ rows: Int) throws -> [Double] {
        switch operand {
        case .column(let column): return try column.numbers(for: "where")
        case .scalar(.number(let x)): return [Double](repeating: x, count: rows)
        default: return [Double](repeating: .nan, count: rows)
        }
    }

    /// `transform` of every element into a fresh buffer; NaN (missing) passes through
    /// every function here unchanged.
    @inline(__always)
    static func map(_ values: [Double], _ transform: (Double) -> Double) -> [Double] {
        values.withUnsafeBufferPointer { source in
            [Double](unsafeUninitializedCapacity: source.count) { out, initialized in
                for i in 0..<source.count { out[i] = transform(source[i]) }
                initialized = source.count
            }
        }
    }
}

extension ColumnType {
    /// Whether `where` may mix this type with the other numeric one.
    fileprivate var isNumeric: Bool { self == .float64 || self == .int64 }
}
