import Numeric

/// One statistic computed per group over one column, as pandas' `groupby(...).agg`.
/// Missing values are skipped; a group with no present value gives a missing result
/// (0 for `count` and `sum`, as pandas).
public enum Aggregation: Equatable, Sendable {
    /// Rows in the group, missing values included (pandas `size`); takes no column.
    case size
    /// Present (non-missing) values.
    case count
    case sum, mean, median, min, max
    /// Sample standard deviation and variance (ddof 1); missing with fewer than two values.
    case std, variance
    /// Distinct present values.
    case nunique
    /// The first and last present value, of any type (pandas' `first`/`last` skip missing too).
    case first, last
    /// numpy's linear quantile; q in [0, 1].
    case quantile(Double)

    /// The names a user writes, in the order they are listed in errors.
    public static let names = ["size", "count", "sum", "mean", "median", "min", "max", "std", "var",
                               "nunique", "first", "last", "quantile"]

    /// An aggregation from its name (`var` and `variance` both name the variance); `q` only for quantile.
    public init?(name: String, q: Double? = nil) {
        switch name {
        case "size": self = .size
        case "count": self = .count
        case "sum": self = .sum
        case "mean": self = .mean
        case "median": self = .median
        case "min": self = .min
        case "max": self = .max
        case "std": self = .std
        case "var", "variance": self = .variance
        case "nunique": self = .nunique
        case "first": self = .first
        case "last": self = .last
        case "quantile": self = .quantile(q ?? 0.5)
        default: return nil
        }
    }

    public var name: String {
        switch self {
        case .size: return "size"
        case .count: return "count"
        case .sum: return "sum"
        case .mean: return "mean"
        case .median: return "median"
        case .min: return "min"
        case .max: return "max"
        case .std: return "std"
        case .variance: return "var"
        case .nunique: return "nunique"
        case .first: return "first"
        case .last: return "last"
        case .quantile: return "quantile"
        }
    }

    /// Whether the statistic needs a numeric (float64, int64 or bool) column.
    var needsNumbers: Bool {
        switch self {
        case .size, .count, .nunique, .first, .last: return false
        default: return true
        }
    }

    /// The statistic of `column` for each group of `groups`, named `name`.
    /// - Complexity: O(n) for most; O(n log n) for median and quantile (each group is sorted).
    public func apply(to column: Column?, groups: GroupBy, name: String) throws -> Column {
        let g = groups.groupCount
        let of = groups.groupOfRow
        if case .size = self {
            var sizes = [Int64](repeating: 0, count: g)
            for group in of where group >= 0 { sizes[Int(group)] += 1 }
            return Column(name: name, storage: .int64(sizes, valid: nil))
        }
        guard let column else { throw DataError.invalidArgument("\(self.name) needs a column") }
        if case .quantile(let q) = self, !(0...1).contains(q) {
            throw DataError.invalidArgument("quantile q must be between 0 and 1, found \(q)")
        }
        switch self {
        case .count:
            var counts = [Int64](repeating: 0, count: g)
            counts.withUnsafeMutableBufferPointer { counts in
                of.withUnsafeBufferPointer { of in
                    switch column.storage {
                    case .float64(let v):
                        v.withUnsafeBufferPointer { v in
                            for row in 0..<of.count where of[row] >= 0 && !v[row].isNaN { counts[Int(of[row])] += 1 }
                        }
                    case .int64(_, nil), .datetime(_, nil), .bool(_, nil):
                        for row in 0..<of.count where of[row] >= 0 { counts[Int(of[row])] += 1 }
                    default:
                        for row in 0..<of.count where of[row] >= 0 && !column.isMissing(row) { counts[Int(of[row])] += 1 }
                    }
                }
            }
            return Column(name: name, storage: .int64(counts, valid: nil))
        case .nunique:
            let (codes, _) = GroupBy.valueCodes(column)
            var seen = Set<Int64>()
            var counts = [Int64](repeating: 0, count: g)
            for row in of.indices where of[row] >= 0 && codes[row] >= 0 {
                if seen.insert(Int64(of[row]) << 32 | Int64(codes[row])).inserted { counts[Int(of[row])] += 1 }
            }
            return Column(name: name, storage: .int64(counts, valid: nil))
        case .first, .last:
            // A group with no present value takes its first row, which is missing too.
            var picked = groups.firstRows
            var found = [Bool](repeating: false, count: g)
            let rows = Array(of.indices)
            for row in (self == .first ? rows : rows.reversed()) where of[row] >= 0 && !column.isMissing(row) {
                let group = Int(of[row])
                if !found[group] { found[group] = true; picked[group] = row }
            }
            return column.take(picked).renamed(name)
        default:
            break
        }
        if case .datetime(let values, let valid) = column.storage, self == .min || self == .max {
            // The earliest or latest date of each group; missing where a group has none.
            var best = [Int64](repeating: 0, count: g), found = [Bool](repeating: false, count: g)
            let wantsMin = self == .min
            for row in of.indices where of[row] >= 0 && (valid?[row] ?? true) {
                let group = Int(of[row]), x = values[row]
                if !found[group] || (wantsMin ? x < best[group] : x > best[group]) { best[group] = x; found[group] = true }
            }
            return Column(name: name, storage: .datetime(best, valid: Column.normalized(found)))
        }
        guard column.type != .string, let values = column.asDoubles() else {
            throw DataError.typeMismatch(
                "\(self.name) needs a numeric column, but '\(column.name)' holds \(column.type == .datetime ? "dates" : "strings")")
        }
        switch self {
        case .sum:
            if column.type != .float64 {
                var sums = [Int64](repeating: 0, count: g)
                for row in of.indices where of[row] >= 0 && !values[row].isNaN { sums[Int(of[row])] &+= Int64(values[row]) }
                return Column(name: name, storage: .int64(sums, valid: nil))
            }
            return .numeric(name, Aggregation.sums(values, of, g).sum)
        case .mean:
            let (sum, n) = Aggregation.sums(values, of, g)
            return .numeric(name, (0..<g).map { n[$0] > 0 ? sum[$0] / Double(n[$0]) : .nan })
        case .std, .variance:
            let (sum, n) = Aggregation.sums(values, of, g)
            let mean = (0..<g).map { n[$0] > 0 ? sum[$0] / Double(n[$0]) : .nan }
            let centered = values.indices.map { of[$0] >= 0 ? (values[$0] - mean[Int(of[$0])]) * (values[$0] - mean[Int(of[$0])]) : .nan }
            let squares = Aggregation.sums(centered, of, g).sum
            let variance = (0..<g).map { n[$0] > 1 ? squares[$0] / Double(n[$0] - 1) : .nan }
            return .numeric(name, self == .std ? variance.map { $0.squareRoot() } : variance)
        case .min, .max:
            var best = [Double](repeating: .nan, count: g)
            let wantsMin = self == .min
            for row in of.indices where of[row] >= 0 && !values[row].isNaN {
                let group = Int(of[row]), x = values[row]
                if best[group].isNaN || (wantsMin ? x < best[group] : x > best[group]) { best[group] = x }
            }
            if column.type == .float64 { return .numeric(name, best) }
            // Integers and bools keep their type; an all-missing group stays missing.
            let valid = best.map { !$0.isNaN }
            if column.type == .bool {
                return Column(name: name, storage: .bool(best.map { $0 == 1 }, valid: Column.normalized(valid)))
            }
            return Column(name: name, storage: .int64(best.map { $0.isNaN ? 0 : Int64($0) }, valid: Column.normalized(valid)))
        case .median, .quantile:
            let q: Double
            if case .quantile(let given) = self { q = given } else { q = 0.5 }
            return .numeric(name, Aggregation.quantiles(values, of, g, q))
        default:
            throw DataError.invalidArgument("\(self.name) is not a statistic of values")
        }
    }

    /// Per-group compensated (Neumaier) sums and counts of the non-NaN values, in one pass.
    static func sums(_ values: [Double], _ of: [Int32], _ g: Int) -> (sum: [Double], n: [Int]) {
        var sum = [Double](repeating: 0, count: g)
        var compensation = [Double](repeating: 0, count: g)
        var n = [Int](repeating: 0, count: g)
        values.withUnsafeBufferPointer { x in
            of.withUnsafeBufferPointer { groups in
                sum.withUnsafeMutableBufferPointer { sum in
                    compensation.withUnsafeMutableBufferPointer { compensation in
                        n.withUnsafeMutableBufferPointer { n in
                            for row in 0..<x.count where groups[row] >= 0 && !x[row].isNaN {
                                let k = Int(groups[row]), v = x[row], s = sum[k]
                                let t = s + v
                                compensation[k] += abs(s) >= abs(v) ? (s - t) + v : (v - t) + s
                                sum[k] = t
                                n[k] += 1
                            }
                        }
                    }
                }
            }
        }
        return ((0..<g).map { sum[$0] + compensation[$0] }, n)
    }

    /// Per-group linear quantiles: the present values bucketed by group (a counting sort),
    /// each bucket sorted.
    static func quantiles(_ values: [Double], _ of: [Int32], _ g: Int, _ q: Double) -> [Double] {
        var start = [Int](repeating: 0, count: g + 1)
        for row in of.indices where of[row] >= 0 && !values[row].isNaN { start[Int(of[row]) + 1] += 1 }
        for k in 0..<g { start[k + 1] += start[k] }
        var next = start
        var bucketed = [Double](repeating: 0, count: start[g])
        for row in of.indices where of[row] >= 0 && !values[row].isNaN {
            let k = Int(of[row])
            bucketed[next[k]] = values[row]
            next[k] += 1
        }
        return (0..<g).map { k in
            Describe.quantile(sorted: bucketed[start[k]..<start[k + 1]].sorted(), q)
        }
    }
}

/// One named output of an aggregation call: `total: sum of amount`.
public struct AggregationSpec: Equatable, Sendable {
    public var output: String
    public var aggregation: Aggregation
    /// The aggregated column; nil for `size`.
    public var column: String?

    public init(output: String, aggregation: Aggregation, column: String?) {
        self.output = output
        self.aggregation = aggregation
        self.column = column
    }
}

extension GroupBy {
    /// A frame with the key columns, then one column per spec, one row per group.
    /// The specs run in parallel, one task each (each is one pass over the rows, so the
    /// result never depends on the core count); the lowest failing spec's error is thrown.
    public func aggregate(_ frame: Frame, _ specs: [AggregationSpec]) throws -> Frame {
        var outputs = [Column?](repeating: nil, count: specs.count)
        try outputs.withUnsafeMutableBufferPointer { outputs in
            let slots = outputs
            try Parallelism.forEach(specs.count) { (task: Int) throws in
                let spec = specs[task]
                let column = try spec.column.map { try frame.column(named: $0) }
                slots[task] = try spec.aggregation.apply(to: column, groups: self, name: spec.output)
            }
        }
        return try Frame(columns: keyColumns + outputs.compactMap { $0 })
    }
}
