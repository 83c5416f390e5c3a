/// A value to put in missing cells: a number, a string or a bool.
public enum FillValue: Equatable, Sendable {
    case number(Double)
    case text(String)
    case bool(Bool)

    var typeName: String {
        switch self {
        case .number: return "a number"
        case .text: return "a string"
        case .bool: return "a bool"
        }
    }
}

/// How `fill_missing` computes the values it puts in missing cells, as pandas' `ffill`,
/// `bfill` and `fillna(df.mean())`/`median()`/`mode().iloc[0]`.
public enum FillStrategy: String, CaseIterable, Sendable {
    /// The last present value above; leading missing cells stay missing.
    case forward
    /// The next present value below; trailing missing cells stay missing.
    case backward
    /// The mean of the present values (numeric columns; the result is float64).
    case mean
    /// The median of the present values (numeric columns; the result is float64).
    case median
    /// The most frequent present value, the smallest on ties (as pandas' `mode()[0]`); any type.
    case mode

    /// Whether the strategy needs numbers (float64 or int64).
    public var needsNumbers: Bool { self == .mean || self == .median }
}

/// Which rows `drop_missing` removes: those with a missing value in any of the checked
/// columns, or only those missing in all of them (pandas' `dropna(how=)`).
public enum MissingRule: String, CaseIterable, Sendable {
    case any, all
}

extension Column {
    /// True where the value is missing (NaN, a missing integer, bool or string).
    /// - Complexity: O(rows).
    public var missingMask: [Bool] {
        switch storage {
        case .float64(let values): return values.map(\.isNaN)
        case .int64(_, let valid), .bool(_, let valid), .datetime(_, let valid):
            return valid.map { $0.map { !$0 } } ?? [Bool](repeating: false, count: count)
        case .categorical(let codes, _): return codes.map { $0 < 0 }
        }
    }

    /// Missing cells replaced by `value`. An int64 column filled with a non-integral number
    /// becomes float64; a value of another kind than the column (text into numbers, a number
    /// into bools) throws `typeMismatch`.
    /// - Complexity: O(rows).
    public func fillingMissing(with value: FillValue) throws -> Column {
        switch (storage, value) {
        case (.float64(let values), .number(let x)):
            let filled = values.withUnsafeBufferPointer { source in
                [Double](unsafeUninitializedCapacity: source.count) { out, initialized in
                    for i in 0..<source.count { out[i] = source[i].isNaN ? x : source[i] }
                    initialized = source.count
                }
            }
            return Column(name: name, storage: .float64(filled))
        case (.int64(let values, let valid), .number(let x)):
            guard let valid else { return self }
            if let integer = Column.truncated(x), Double(integer) == x {
                return Column(name: name, storage: .int64(Column.replacing(values, where: valid, with: integer), valid: nil))
            }
            let filled = values.withUnsafeBufferPointer { source in
                valid.withUnsafeBufferPointer { valid in
                    [Double](unsafeUninitializedCapacity: source.count) { out, initialized in
                        for i in 0..<source.count { out[i] = valid[i] ? Double(source[i]) : x }
                        initialized = source.count
                    }
                }
            }
            return Column(name: name, storage: .float64(filled))
        case (.bool(let values, let valid), .bool(let flag)):
            guard let valid else { return self }
            return Column(name: name, storage: .bool(Column.replacing(values, where: valid, with: flag), valid: nil))
        case (.categorical(let codes, var categories), .text(let text)):
            guard codes.contains(where: { $0 < 0 }) else { return self }
            let code: Int32
            if let existing = categories.firstIndex(of: text) {
                code = Int32(existing)
            } else {
                code = Int32(categories.count)
                categories.append(text)
            }
            let filled = codes.withUnsafeBufferPointer { source in
                [Int32](unsafeUninitializedCapacity: source.count) { out, initialized in
                    for i in 0..<source.count { out[i] = source[i] < 0 ? code : source[i] }
                    initialized = source.count
                }
            }
            return Column(name: name, storage: .categorical(codes: filled, categories: categories))
        default:
            throw DataError.typeMismatch(
                "cannot fill missing values of column '\(name)' (\(type.rawValue)) with \(value.typeName)")
        }
    }

    /// Missing cells filled by `strategy`. Mean and median need an int64 or float64 column
    /// (else `typeMismatch`) and give float64; the others keep the column's type. A column
    /// with no present value stays as it is.
    /// - Complexity: O(rows): the median by selection, the mode by hashing.
    public func fillingMissing(strategy: FillStrategy) throws -> Column {
        guard hasMissing else {
            if strategy.needsNumbers { try requireNumbers(for: strategy) }
            return self
        }
        switch strategy {
        case .forward, .backward:
            return fillingFromNeighbours(forward: strategy == .forward)
        case .mean, .median:
            try requireNumbers(for: strategy)
            let values = asDoubles() ?? []
            let fill: Double
            if strategy == .mean {
                // The compensated sum (`Describe.compensatedSum`) of the present values, in row
                // order, read in place. A missing value adds -0.0, which leaves the sum and the
                // compensation exactly as skipping it would, without a branch per row.
                var sum = 0.0, compensation = 0.0, present = 0
                values.withUnsafeBufferPointer { x in
                    for i in 0..<x.count {
                        let missing = x[i].isNaN
                        let value = missing ? -0.0 : x[i]
                        let t = sum + value
                        if Swift.abs(sum) >= Swift.abs(value) { compensation += (sum - t) + value } else { compensation += (value - t) + sum }
                        sum = t
                        present &+= missing ? 0 : 1
                    }
                }
                guard present > 0 else { return Column(name: name, storage: .float64(values)) }
                fill = (sum + compensation) / Double(present)
            } else {
                var present = values.filter { !$0.isNaN }
                guard !present.isEmpty else { return Column(name: name, storage: .float64(values)) }
                fill = Column.median(selectingIn: &present)
            }
            let filled = values.withUnsafeBufferPointer { source in
                [Double](unsafeUninitializedCapacity: source.count) { out, initialized in
                    for i in 0..<source.count { out[i] = source[i].isNaN ? fill : source[i] }
                    initialized = source.count
                }
            }
            return Column(name: name, storage: .float64(filled))
        case .mode:
            let codes = RowKeyCodes([self], rowCount: count, dropMissing: true)
            guard codes.count > 0 else { return self }
            var sizes = [Int](repeating: 0, count: codes.count)
            codes.codes.withUnsafeBufferPointer { of in
                for row in 0..<of.count where of[row] >= 0 { sizes[Int(of[row])] += 1 }
            }
            // The smallest of the most frequent values, as pandas' mode()[0].
            let largest = sizes.max() ?? 0
            var best = -1
            for code in sizes.indices where sizes[code] == largest {
                if best < 0 || GroupBy.keyPrecedes([self], codes.firstRows[code], codes.firstRows[best]) { best = code }
            }
            return fillingMissing(fromRow: codes.firstRows[best])
        }
    }

    /// Whether any value is missing; stops at the first.
    var hasMissing: Bool {
        switch storage {
        case .float64(let values):
            return values.withUnsafeBufferPointer { x in
                for i in 0..<x.count where x[i].isNaN { return true }
                return false
            }
        case .int64(_, let valid), .bool(_, let valid), .datetime(_, let valid):
            return valid?.contains(false) ?? false
        case .categorical(let codes, _):
            return codes.contains { $0 < 0 }
        }
    }

    /// Missing cells filled with the last present value above (`forward`) or the next one
    /// below; cells with none stay missing. The column keeps its type and categories.
    /// - Complexity: O(rows), one pass over contiguous values.
    func fillingFromNeighbours(forward: Bool) -> Column {
        switch storage {
        case .float64(var values):
            values.withUnsafeMutableBufferPointer { x in
                var last = Double.nan
                Column.visit(x.count, forward: forward) { i in
                    if x[i].isNaN { x[i] = last } else { last = x[i] }
                }
            }
            return Column(name: name, storage: .float64(values))
        case .int64(var values, let valid):
            guard var valid else { return self }
            Column.fillFromNeighbours(&values, &valid, forward: forward)
            return Column(name: name, storage: .int64(values, valid: Column.normalized(valid)))
        case .datetime(var values, let valid):
            guard var valid else { return self }
            Column.fillFromNeighbours(&values, &valid, forward: forward)
            return Column(name: name, storage: .datetime(values, valid: Column.normalized(valid)))
        case .bool(var values, let valid):
            guard var valid else { return self }
            Column.fillFromNeighbours(&values, &valid, forward: forward)
            return Column(name: name, storage: .bool(values, valid: Column.normalized(valid)))
        case .categorical(var codes, let categories):
            codes.withUnsafeMutableBufferPointer { codes in
                var last: Int32 = -1
                Column.visit(codes.count, forward: forward) { i in
                    if codes[i] < 0 { codes[i] = last } else { last = codes[i] }
                }
            }
            return Column(name: name, storage: .categorical(codes: codes, categories: categories))
        }
    }

    /// Missing cells filled with the value at `source` (a present row).
    func fillingMissing(fromRow source: Int) -> Column {
        switch storage {
        case .float64(let values):
            let x = values[source]
            return Column(name: name, storage: .float64(values.map { $0.isNaN ? x : $0 }))
        case .int64(let values, let valid):
            guard let valid else { return self }
            return Column(name: name, storage: .int64(Column.replacing(values, where: valid, with: values[source]), valid: nil))
        case .datetime(let values, let valid):
            guard let valid else { return self }
            return Column(name: name, storage: .datetime(Column.replacing(values, where: valid, with: values[source]), valid: nil))
        case .bool(let values, let valid):
            guard let valid else { return self }
            return Column(name: name, storage: .bool(Column.replacing(values, where: valid, with: values[source]), valid: nil))
        case .categorical(let codes, let categories):
            let code = codes[source]
            return Column(name: name, storage: .categorical(codes: codes.map { $0 < 0 ? code : $0 }, categories: categories))
        }
    }

    /// `values` with `fill` wherever `valid` is false.
    static func replacing<T>(_ values: [T], where valid: [Bool], with fill: T) -> [T] {
        values.withUnsafeBufferPointer { source in
            valid.withUnsafeBufferPointer { valid in
                [T](unsafeUninitializedCapacity: source.count) { out, initialized in
                    for i in 0..<source.count { (out.baseAddress! + i).initialize(to: valid[i] ? source[i] : fill) }
                    initialized = source.count
                }
            }
        }
    }

    /// Forward or backward fill of a value array under its validity, in place.
    static func fillFromNeighbours<T>(_ values: inout [T], _ valid: inout [Bool], forward: Bool) {
        values.withUnsafeMutableBufferPointer { x in
            valid.withUnsafeMutableBufferPointer { valid in
                var last = -1
                Column.visit(x.count, forward: forward) { i in
                    if valid[i] { last = i } else if last >= 0 { x[i] = x[last]; valid[i] = true }
                }
            }
        }
    }

    /// Calls `body` with 0..<count, ascending when `forward`, else descending.
    @inline(__always)
    static func visit(_ count: Int, forward: Bool, _ body: (Int) -> Void) {
        if forward { for i in 0..<count { body(i) } } else { for i in stride(from: count - 1, through: 0, by: -1) { body(i) } }
    }

    /// The median of `values` (no NaN, not empty) as `Describe.quantile(sorted:, 0.5)` gives
    /// it, found by selection in O(n) rather than a sort; `values` is reordered.
    static func median(selectingIn values: inout [Double]) -> Double {
        let n = values.count
        let position = Double(n - 1) * 0.5
        let lower = Int(position.rounded(.down))
        return values.withUnsafeMutableBufferPointer { x in
            select(x, lower)
            // Everything after `lower` is at least x[lower]; the smallest of it is the next order statistic.
            var next = x[lower]
            if lower + 1 < n {
                next = x[lower + 1]
                for i in (lower + 2)..<n where x[i] < next { next = x[i] }
            }
            return Describe.quantile(sorted: [x[lower], next], position - Double(lower))
        }
    }

    /// Reorders `x` so that `x[k]` is the value a sort would put there, smaller-or-equal values
    /// before it and greater-or-equal after (Hoare's selection, median-of-three pivots).
    static func select(_ x: UnsafeMutableBufferPointer<Double>, _ k: Int) {
        var low = 0, high = x.count - 1
        while high > low {
            let middle = low + (high - low) / 2
            // Median of three to x[middle], then partition around it.
            if x[middle] < x[low] { x.swapAt(middle, low) }
            if x[high] < x[low] { x.swapAt(high, low) }
            if x[high] < x[middle] { x.swapAt(high, middle) }
            let pivot = x[middle]
            var i = low, j = high
            while i <= j {
                while x[i] < pivot { i += 1 }
                while pivot < x[j] { j -= 1 }
                if i <= j { x.swapAt(i, j); i += 1; j -= 1 }
            }
            if k <= j { high = j } else if k >= i { low = i } else { return }
        }
    }

    private func requireNumbers(for strategy: FillStrategy) throws {
        guard isNumeric else {
            throw DataError.typeMismatch(
                "cannot fill missing values of column '\(name)' (\(type.rawValue)) with its \(strategy.rawValue): it needs numbers; use strategy: \"mode\" or a value")
        }
    }
}

extension Frame {
    /// The frame with missing cells filled by `value` in the named columns, or, when
    /// `columns` is nil, in every column whose type takes the value (the others are left
    /// as they are, so `fill_missing(ds, 0)` fills the numeric columns).
    public func fillingMissing(with value: FillValue, columns names: [String]? = nil) throws -> Frame {
        var result = self
        for column in try chosenColumns(names) {
            do {
                result = try result.with(try column.fillingMissing(with: value))
            } catch DataError.typeMismatch(let message) {
                if names != nil { throw DataError.typeMismatch(message) }
            }
        }
        return result
    }

    /// The frame with missing cells filled by `strategy` in the named columns, or, when
    /// `columns` is nil, in every column it applies to (mean and median: the numeric ones).
    public func fillingMissing(strategy: FillStrategy, columns names: [String]? = nil) throws -> Frame {
        var result = self
        for column in try chosenColumns(names) where names != nil || !strategy.needsNumbers || column.isNumeric {
            result = try result.with(try column.fillingMissing(strategy: strategy))
        }
        return result
    }

    /// The rows with no missing value in the named columns (all columns when nil), or with
    /// `.all`, the rows where not every one of them is missing (pandas' `dropna(how=, subset=)`).
    /// - Complexity: O(rows × columns checked).
    public func droppingMissing(_ rule: MissingRule = .any, columns names: [String]? = nil) throws -> Frame {
        let checked = try chosenColumns(names)
        guard !checked.isEmpty else { return self }
        var keep = [Bool](repeating: rule == .all ? false : true, count: rowCount)
        keep.withUnsafeMutableBufferPointer { keep in
            for column in checked {
                // Float columns, the common case, are read in place; others through their mask.
                if rule == .any, case .float64(let values) = column.storage {
                    values.withUnsafeBufferPointer { x in
                        for row in 0..<x.count where x[row].isNaN { keep[row] = false }
                    }
                    continue
                }
                let missing = column.missingMask
                missing.withUnsafeBufferPointer { missing in
                    for row in 0..<missing.count {
                        if rule == .any { if missing[row] { keep[row] = false } } else if !missing[row] { keep[row] = true }
                    }
                }
            }
        }
        return try filter(keep)
    }

    /// The named columns (every column when nil); an unknown name throws `unknownColumn`.
    private func chosenColumns(_ names: [String]?) throws -> [Column] {
        guard let names else { return columns }
        return try names.map { try column(named: $0) }
    }
}
