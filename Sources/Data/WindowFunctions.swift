import Numeric

/// The rows of each group, for window functions computed within groups (pandas'
/// `groupby(keys).cumsum()`, `.shift(n)`, `.rolling(w)`): every group keeps its rows in
/// their original order. Rows whose key is missing belong to no group, and their results
/// are missing, as with pandas' default `dropna=True`.
public struct RowGroups: Sendable {
    /// The rows of group g are `rows[offsets[g]..<offsets[g + 1]]`, ascending.
    public let offsets: [Int]
    public let rows: [Int]
    public let rowCount: Int

    /// One group of all rows.
    public init(all rowCount: Int) {
        offsets = [0, rowCount]
        rows = Array(0..<rowCount)
        self.rowCount = rowCount
    }

    /// Groups by the values of `keys` (equal lengths), through `GroupBy`, then a counting sort
    /// of the rows by group. - Complexity: O(rows).
    public init(keys: [Column]) throws {
        guard let first = keys.first else { throw DataError.invalidArgument("by: needs at least one key column") }
        let named = keys.enumerated().map { $0.element.renamed("key\($0.offset)") }
        let frame = try Frame(columns: named)
        let groups = try GroupBy(frame, keys: named.map(\.name), sort: false, dropMissing: true)
        var offsets = [Int](repeating: 0, count: groups.groupCount + 1)
        for group in groups.groupOfRow where group >= 0 { offsets[Int(group) + 1] += 1 }
        for g in 0..<groups.groupCount { offsets[g + 1] += offsets[g] }
        var next = offsets
        var rows = [Int](repeating: 0, count: offsets[groups.groupCount])
        for (row, group) in groups.groupOfRow.enumerated() where group >= 0 {
            rows[next[Int(group)]] = row
            next[Int(group)] += 1
        }
        self.offsets = offsets
        self.rows = rows
        self.rowCount = first.count
    }

    public var groupCount: Int { offsets.count - 1 }

    /// Runs `body(range of rows)` for every group, groups spread over the cores in fixed
    /// chunks; each group writes only its own rows, so results never depend on the core count.
    func forEachGroup(_ body: (ArraySlice<Int>) -> Void) {
        let chunks = FixedChunks(count: groupCount, size: Swift.max(1, 4096 * groupCount / Swift.max(rowCount, 1)))
        Parallelism.forEach(chunks.count) { c in
            for g in chunks[c] { body(rows[offsets[g]..<offsets[g + 1]]) }
        }
    }
}

/// A statistic over a sliding window of rows.
public enum RollingStatistic: String, Sendable, CaseIterable {
    case mean, sum, min, max, std, `var`
}

extension Column {
    /// The running total within each group, skipping missing values (which stay missing), as
    /// pandas' `cumsum`. int64 and bool columns give int64; float64 gives float64.
    /// - Complexity: O(count).
    public func cumulativeSum(groups: RowGroups? = nil) throws -> Column {
        let groups = groups ?? RowGroups(all: count)
        try checkLength(groups)
        switch storage {
        case .int64, .bool:
            let values: [Int64]
            let valid: [Bool]?
            switch storage {
            case .int64(let v, let present): values = v; valid = present
            case .bool(let v, let present): values = v.map { $0 ? 1 : 0 }; valid = present
            default: values = []; valid = nil
            }
            var out = [Int64](repeating: 0, count: count)
            var present = [Bool](repeating: false, count: count)
            out.withUnsafeMutableBufferPointer { out in
                present.withUnsafeMutableBufferPointer { present in
                    let (o, p) = (out, present)
                    groups.forEachGroup { rows in
                        var total: Int64 = 0
                        for row in rows where valid?[row] ?? true {
                            total &+= values[row]
                            o[row] = total
                            p[row] = true
                        }
                    }
                }
            }
            return Column(name: name, storage: .int64(out, valid: Column.normalized(present)))
        default:
            let values = try numbers(for: "cumsum")
            var out = [Double](repeating: .nan, count: count)
            out.withUnsafeMutableBufferPointer { out in
                let o = out
                groups.forEachGroup { rows in
                    var total = 0.0
                    for row in rows where !values[row].isNaN {
                        total += values[row]
                        o[row] = total
                    }
                }
            }
            return Column.numeric(name, out)
        }
    }

    /// Each value moved `n` rows down within its group (a lag; negative `n` moves up, a lead),
    /// missing where no row is that far back, as pandas' `shift`. Keeps the column's type.
    /// - Complexity: O(count).
    public func shifted(by n: Int, groups: RowGroups? = nil) throws -> Column {
        let groups = groups ?? RowGroups(all: count)
        try checkLength(groups)
        var source = [Int](repeating: -1, count: count)
        source.withUnsafeMutableBufferPointer { source in
            let s = source
            groups.forEachGroup { rows in
                let start = rows.startIndex
                for position in rows.indices {
                    let from = position - n
                    if from >= start && from < rows.endIndex { s[rows[position]] = rows[from] }
                }
            }
        }
        return takingOrMissing(source)
    }

    /// `statistic` over each row and the `window - 1` rows before it in its group, from at
    /// least `minPeriods` present values (else missing), as pandas' `rolling(window,
    /// min_periods).stat()`: sums and means by a running compensated sum, min and max by a
    /// monotonic deque, std and var (ddof 1) by Welford's update with removal.
    /// - Complexity: O(count) for any window.
    public func rolling(_ statistic: RollingStatistic, window: Int, minPeriods: Int? = nil, groups: RowGroups? = nil) throws -> Column {
        guard window >= 1 else { throw DataError.invalidArgument("a rolling window needs at least 1 row, got \(window)") }
        let minimum = minPeriods ?? window
        guard minimum >= 0 && minimum <= window else {
            throw DataError.invalidArgument("min_periods must lie in 0...\(window) for a window of \(window), got \(minimum)")
        }
        let groups = groups ?? RowGroups(all: count)
        try checkLength(groups)
        let values = try numbers(for: "rolling \(statistic.rawValue)")
        var out = [Double](repeating: .nan, count: count)
        values.withUnsafeBufferPointer { input in
            out.withUnsafeMutableBufferPointer { out in
                let (x, o) = (input, out)
                groups.forEachGroup { rows in
                    switch statistic {
                    case .sum, .mean: RollingKernels.sum(x, rows, o, window: window, minimum: minimum, mean: statistic == .mean)
                    case .min, .max: RollingKernels.extremum(x, rows, o, window: window, minimum: minimum, max: statistic == .max)
                    case .std, .var: RollingKernels.variance(x, rows, o, window: window, minimum: minimum, root: statistic == .std)
                    }
                }
            }
        }
        return Column.numeric(name, out)
    }

    private func checkLength(_ groups: RowGroups) throws {
        guard groups.rowCount == count else {
            throw DataError.invalidArgument("by: has \(groups.rowCount) rows but the column '\(name)' has \(count)")
        }
    }

    /// The values at `rows`, missing where a row is -1.
    func takingOrMissing(_ rows: [Int]) -> Column {
        let present = rows.map { $0 >= 0 }
        let safe = rows.map { Swift.max($0, 0) }
        guard count > 0 else {
            return Column(name: name, storage: Column.allMissing(type, rows.count))
        }
        switch storage {
        case .float64(let v):
            var out = Column.gather(v, safe)
            for i in rows.indices where rows[i] < 0 { out[i] = .nan }
            return Column.numeric(name, out)
        case .int64(let v, let valid):
            let validity = valid.map { Column.gather($0, safe) }.map { zip($0, present).map { $0 && $1 } } ?? present
            return Column(name: name, storage: .int64(Column.gather(v, safe), valid: Column.normalized(validity)))
        case .bool(let v, let valid):
            let validity = valid.map { Column.gather($0, safe) }.map { zip($0, present).map { $0 && $1 } } ?? present
            return Column(name: name, storage: .bool(Column.gather(v, safe), valid: Column.normalized(validity)))
        case .datetime(let v, let valid):
            let validity = valid.map { Column.gather($0, safe) }.map { zip($0, present).map { $0 && $1 } } ?? present
            return Column(name: name, storage: .datetime(Column.gather(v, safe), valid: Column.normalized(validity)))
        case .categorical(let codes, let categories):
            var out = Column.gather(codes, safe)
            for i in rows.indices where rows[i] < 0 { out[i] = -1 }
            return Column(name: name, storage: .categorical(codes: out, categories: categories))
        }
    }

    /// `count` missing values of `type`.
    static func allMissing(_ type: ColumnType, _ count: Int) -> ColumnStorage {
        switch type {
        case .float64: return .float64([Double](repeating: .nan, count: count))
        case .int64: return .int64([Int64](repeating: 0, count: count), valid: count == 0 ? nil : [Bool](repeating: false, count: count))
        case .bool: return .bool([Bool](repeating: false, count: count), valid: count == 0 ? nil : [Bool](repeating: false, count: count))
        case .string: return .categorical(codes: [Int32](repeating: -1, count: count), categories: [])
        case .datetime: return .datetime([Int64](repeating: 0, count: count), valid: count == 0 ? nil : [Bool](repeating: false, count: count))
        }
    }
}

/// The O(n) sliding-window loops, one group at a time: `rows` are the group's rows in order,
/// `x` every row's value (NaN missing), `out` every row's result.
enum RollingKernels {
    /// Sum or mean by a running Kahan–Babuška sum that adds the entering value and
    /// subtracts the leaving one; a window of one repeated value gives it exactly, as pandas.
    static func sum(_ x: UnsafeBufferPointer<Double>, _ rows: ArraySlice<Int>, _ out: UnsafeMutableBufferPointer<Double>,
                    window: Int, minimum: Int, mean: Bool) {
        var total = 0.0, compensation = 0.0, present = 0
        var same = 0, previous = Double.nan
        func add(_ value: Double) {
            let y = value - compensation
            let t = total + y
            compensation = (t - total) - y
            total = t
        }
        let start = rows.startIndex
        for position in rows.indices {
            let value = x[rows[position]]
            if !value.isNaN {
                add(value)
                present += 1
                same = value == previous ? same + 1 : 1
                previous = value
            } else {
                same = 0
                previous = .nan
            }
            if position - start >= window {
                let leaving = x[rows[position - window]]
                if !leaving.isNaN {
                    add(-leaving)
                    present -= 1
                }
            }
            if present == 0 {
                total = 0
                compensation = 0
            }
            guard present >= Swift.max(minimum, 1) else {
                if present == 0 && minimum == 0 { out[rows[position]] = mean ? .nan : 0 }
                continue
            }
            let sum = same >= present ? previous * Double(present) : total
            out[rows[position]] = mean ? (same >= present ? previous : sum / Double(present)) : sum
        }
    }

    /// Min or max by a deque of positions whose values decrease (max) or increase (min).
    static func extremum(_ x: UnsafeBufferPointer<Double>, _ rows: ArraySlice<Int>, _ out: UnsafeMutableBufferPointer<Double>,
                         window: Int, minimum: Int, max: Bool) {
        let start = rows.startIndex
        var deque = [Int](repeating: 0, count: rows.count)
        var head = 0, tail = 0, present = 0
        for position in rows.indices {
            let value = x[rows[position]]
            if !value.isNaN {
                present += 1
                while tail > head {
                    let last = x[rows[deque[tail - 1]]]
                    if max ? last <= value : last >= value { tail -= 1 } else { break }
                }
                deque[tail] = position
                tail += 1
            }
            if position - start >= window {
                let leaving = position - window
                if !x[rows[leaving]].isNaN { present -= 1 }
                if tail > head && deque[head] <= leaving { head += 1 }
            }
            if present >= Swift.max(minimum, 1) && tail > head { out[rows[position]] = x[rows[deque[head]]] }
        }
    }

    /// Variance (ddof 1) or its root by Welford's running mean and sum of squared deviations,
    /// with removal of the leaving value; a window of one repeated value gives 0.
    static func variance(_ x: UnsafeBufferPointer<Double>, _ rows: ArraySlice<Int>, _ out: UnsafeMutableBufferPointer<Double>,
                         window: Int, minimum: Int, root: Bool) {
        let start = rows.startIndex
        var count = 0.0, mean = 0.0, squares = 0.0
        var same = 0, previous = Double.nan
        for position in rows.indices {
            let value = x[rows[position]]
            if !value.isNaN {
                count += 1
                let delta = value - mean
                mean += delta / count
                squares += delta * (value - mean)
                same = value == previous ? same + 1 : 1
                previous = value
            } else {
                same = 0
                previous = .nan
            }
            if position - start >= window {
                let leaving = x[rows[position - window]]
                if !leaving.isNaN {
                    count -= 1
                    if count > 0 {
                        let delta = leaving - mean
                        mean -= delta / count
                        squares -= delta * (leaving - mean)
                    } else {
                        mean = 0
                        squares = 0
                    }
                }
            }
            let present = Int(count)
            guard present >= Swift.max(minimum, 1), present > 1 else {
                if present == 1 && present >= minimum { out[rows[position]] = .nan }
                continue
            }
            let variance = same >= present ? 0 : Swift.max(squares / (count - 1), 0)
            out[rows[position]] = root ? variance.squareRoot() : variance
        }
    }
}
