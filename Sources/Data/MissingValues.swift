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
                return Column(name: name, storage: .int64(values.indices.map { valid[$0] ? values[$0] : integer }, valid: nil))
            }
            return Column(name: name, storage: .float64(values.indices.map { valid[$0] ? Double(values[$0]) : x }))
        case (.bool(let values, let valid), .bool(let flag)):
            guard let valid else { return self }
            return Column(name: name, storage: .bool(values.indices.map { valid[$0] ? values[$0] : flag }, valid: nil))
        case (.categorical(let codes, var categories), .text(let text)):
            guard codes.contains(where: { $0 < 0 }) else { return self }
            let code: Int32
            if let existing = categories.firstIndex(of: text) {
                code = Int32(existing)
            } else {
                code = Int32(categories.count)
                categories.append(text)
            }
            return Column(name: name, storage: .categorical(codes: codes.map { $0 < 0 ? code : $0 }, categories: categories))
        default:
            throw DataError.typeMismatch(
                "cannot fill missing values of column '\(name)' (\(type.rawValue)) with \(value.typeName)")
        }
    }

    /// Missing cells filled by `strategy`. Mean and median need an int64 or float64 column
    /// (else `typeMismatch`) and give float64; the others keep the column's type. A column
    /// with no present value stays as it is.
    /// - Complexity: O(rows); O(rows log rows) for the median.
    public func fillingMissing(strategy: FillStrategy) throws -> Column {
        guard missingCount > 0 else {
            if strategy.needsNumbers { try requireNumbers(for: strategy) }
            return self
        }
        switch strategy {
        case .forward, .backward:
            let missing = missingMask
            var rows = Array(0..<count)
            var last = -1
            let order = strategy == .forward ? Array(0..<count) : Array((0..<count).reversed())
            for row in order {
                if missing[row] { if last >= 0 { rows[row] = last } } else { last = row }
            }
            return take(rows)
        case .mean, .median:
            try requireNumbers(for: strategy)
            let values = asDoubles() ?? []
            let present = values.filter { !$0.isNaN }
            guard !present.isEmpty else { return Column(name: name, storage: .float64(values)) }
            let fill = strategy == .mean
                ? Describe.compensatedSum(present) / Double(present.count)
                : Describe.quantile(sorted: present.sorted(), 0.5)
            return Column(name: name, storage: .float64(values.map { $0.isNaN ? fill : $0 }))
        case .mode:
            let frame = Frame(unchecked: [self], rowCount: count)
            let groups = try GroupBy(frame, keys: [name], sort: true, dropMissing: true)
            guard groups.groupCount > 0 else { return self }
            var sizes = [Int](repeating: 0, count: groups.groupCount)
            for group in groups.groupOfRow where group >= 0 { sizes[Int(group)] += 1 }
            // Groups are in sorted key order, so the first largest is the smallest mode.
            var best = 0
            for group in sizes.indices where sizes[group] > sizes[best] { best = group }
            let source = groups.firstRows[best]
            let missing = missingMask
            return take((0..<count).map { missing[$0] ? source : $0 })
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
