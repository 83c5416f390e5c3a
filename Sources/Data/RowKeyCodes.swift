/// Dense codes for the rows of one or more key columns: rows with equal keys share a code,
/// and codes are numbered 0, 1, 2, … in order of first appearance. `distinct` and `pivot`
/// use it in place of a `GroupBy` when they need no sorted groups.
///
/// Each column first gets a small per-value code, 0 for missing: categorical codes as they
/// are, bools 1 and 2, integers and dates by offset from the minimum when their range is
/// small, and otherwise (floats, wide integers) through a `DenseKeyTable` on the bits.
/// The columns' codes are then combined in mixed radix into one 64-bit key per row, folded
/// through another `DenseKeyTable` whenever the product of the radices would overflow, and
/// the final keys are numbered by a direct lookup array when their range is small, else by a
/// `DenseKeyTable`. Keys are compared by value, as `GroupBy`: strings by category, numbers
/// by value with -0.0 equal to 0.0, missing equal to missing.
struct RowKeyCodes {
    /// The code of each row; -1 for a row left out (`dropMissing` and a missing key).
    let codes: [Int32]
    /// The first row of each code, ascending.
    let firstRows: [Int]

    var count: Int { firstRows.count }

    /// Codes for `columns` (each with `rowCount` rows). With `dropMissing`, a row with a
    /// missing value in any key column gets -1 and no code.
    init(_ columns: [Column], rowCount: Int, dropMissing: Bool) {
        precondition(!columns.isEmpty, "row keys need at least one column")
        var keys = [UInt64](repeating: 0, count: rowCount)
        var radix: UInt64 = 1
        var dropped = dropMissing ? [Bool](repeating: false, count: rowCount) : []
        for column in columns {
            let (values, cardinality) = RowKeyCodes.valueCodes(column)
            if radix.multipliedReportingOverflow(by: cardinality).overflow {
                radix = RowKeyCodes.densify(&keys)
            }
            keys.withUnsafeMutableBufferPointer { keys in
                values.withUnsafeBufferPointer { values in
                    for row in 0..<keys.count { keys[row] = keys[row] &* cardinality &+ UInt64(values[row]) }
                }
            }
            radix = radix &* cardinality
            if dropMissing {
                dropped.withUnsafeMutableBufferPointer { dropped in
                    values.withUnsafeBufferPointer { values in
                        for row in 0..<values.count where values[row] == 0 { dropped[row] = true }
                    }
                }
            }
        }
        self.init(keys: keys, radix: radix, dropped: dropped)
    }

    /// Codes for precomputed 64-bit keys, each below `radix`, leaving out the rows where
    /// `dropped` is true (an empty `dropped` drops none).
    init(keys: [UInt64], radix: UInt64, dropped: [Bool]) {
        let rowCount = keys.count
        var codes = [Int32](repeating: -1, count: rowCount)
        var firstRows = [Int]()
        codes.withUnsafeMutableBufferPointer { codes in
            keys.withUnsafeBufferPointer { keys in
                // A small key range is numbered through an array indexed by the key.
                if radix <= UInt64(Swift.max(4 * rowCount, 1 << 16)) {
                    var numbers = [Int32](repeating: -1, count: Int(radix))
                    numbers.withUnsafeMutableBufferPointer { numbers in
                        for row in 0..<rowCount where dropped.isEmpty || !dropped[row] {
                            let key = Int(keys[row])
                            if numbers[key] < 0 {
                                numbers[key] = Int32(firstRows.count)
                                firstRows.append(row)
                            }
                            codes[row] = numbers[key]
                        }
                    }
                } else {
                    var table = DenseKeyTable(expected: Swift.min(rowCount, 1 << 16))
                    for row in 0..<rowCount where dropped.isEmpty || !dropped[row] {
                        let code = table.code(of: keys[row])
                        if Int(code) == firstRows.count { firstRows.append(row) }
                        codes[row] = code
                    }
                }
            }
        }
        self.codes = codes
        self.firstRows = firstRows
    }

    /// Renumbers `keys` densely (first appearance) and returns how many numbers there are.
    private static func densify(_ keys: inout [UInt64]) -> UInt64 {
        var table = DenseKeyTable(expected: Swift.min(keys.count, 1 << 16))
        keys.withUnsafeMutableBufferPointer { keys in
            for row in 0..<keys.count { keys[row] = UInt64(table.code(of: keys[row])) }
        }
        return UInt64(Swift.max(table.count, 1))
    }

    /// A code per row, 0 for missing and 1… for values, and the number of codes (values + 1).
    static func valueCodes(_ column: Column) -> (codes: [UInt32], cardinality: UInt64) {
        let rows = column.count
        switch column.storage {
        case .categorical(let codes, let categories):
            let out = codes.withUnsafeBufferPointer { codes in
                [UInt32](unsafeUninitializedCapacity: rows) { out, initialized in
                    for row in 0..<rows { out[row] = UInt32(bitPattern: codes[row] &+ 1) }
                    initialized = rows
                }
            }
            return (out, UInt64(categories.count) + 1)
        case .bool(let values, let valid):
            let out = values.withUnsafeBufferPointer { values in
                [UInt32](unsafeUninitializedCapacity: rows) { out, initialized in
                    for row in 0..<rows { out[row] = values[row] ? 2 : 1 }
                    if let valid { for row in 0..<rows where !valid[row] { out[row] = 0 } }
                    initialized = rows
                }
            }
            return (out, 3)
        case .int64(let values, let valid), .datetime(let values, let valid):
            return integerCodes(values, valid)
        case .float64(let values):
            var table = DenseKeyTable(expected: Swift.min(rows, 1 << 16))
            let out = values.withUnsafeBufferPointer { values in
                [UInt32](unsafeUninitializedCapacity: rows) { out, initialized in
                    for row in 0..<rows {
                        let x = values[row]
                        // -0.0 and 0.0 are one key; NaN is missing.
                        out[row] = x.isNaN ? 0 : UInt32(table.code(of: (x == 0 ? 0.0 : x).bitPattern)) + 1
                    }
                    initialized = rows
                }
            }
            return (out, UInt64(table.count) + 1)
        }
    }

    /// Integer codes: the offset from the minimum when the range is at most a few times the
    /// row count, else a `DenseKeyTable` number.
    private static func integerCodes(_ values: [Int64], _ valid: [Bool]?) -> (codes: [UInt32], cardinality: UInt64) {
        let rows = values.count
        var low = Int64.max, high = Int64.min
        values.withUnsafeBufferPointer { values in
            for row in 0..<rows where valid?[row] ?? true {
                low = Swift.min(low, values[row])
                high = Swift.max(high, values[row])
            }
        }
        guard low <= high else { return ([UInt32](repeating: 0, count: rows), 1) }
        let span = high.subtractingReportingOverflow(low)
        if !span.overflow, span.partialValue < Int64(Swift.max(4 * rows, 1 << 16)) {
            let out = values.withUnsafeBufferPointer { values in
                [UInt32](unsafeUninitializedCapacity: rows) { out, initialized in
                    for row in 0..<rows { out[row] = UInt32(truncatingIfNeeded: values[row] &- low &+ 1) }
                    if let valid { for row in 0..<rows where !valid[row] { out[row] = 0 } }
                    initialized = rows
                }
            }
            return (out, UInt64(span.partialValue) + 2)
        }
        var table = DenseKeyTable(expected: Swift.min(rows, 1 << 16))
        let out = values.withUnsafeBufferPointer { values in
            [UInt32](unsafeUninitializedCapacity: rows) { out, initialized in
                for row in 0..<rows {
                    out[row] = (valid?[row] ?? true) ? UInt32(table.code(of: UInt64(bitPattern: values[row]))) + 1 : 0
                }
                initialized = rows
            }
        }
        return (out, UInt64(table.count) + 1)
    }
}

/// The rows of one or more key columns ranked in sorted key order (`GroupBy`'s: column by
/// column, numbers by value, strings by their bytes, false before true), rows with a missing
/// key left out. `pivot` uses it for its row and column labels.
struct SortedKeys {
    /// The rank of each row's key, in 0..<count; -1 where a key is missing.
    let rankOfRow: [Int32]
    /// The first row of each key, in rank order.
    let sortedFirstRows: [Int]

    var count: Int { sortedFirstRows.count }

    init(_ columns: [Column], rowCount: Int) {
        let codes = RowKeyCodes(columns, rowCount: rowCount, dropMissing: true)
        let first = codes.firstRows
        let order = first.indices.sorted { GroupBy.keyPrecedes(columns, first[$0], first[$1]) }
        var rank = [Int32](repeating: 0, count: order.count)
        for (position, code) in order.enumerated() { rank[code] = Int32(position) }
        rankOfRow = codes.codes.withUnsafeBufferPointer { codes in
            rank.withUnsafeBufferPointer { rank in
                [Int32](unsafeUninitializedCapacity: codes.count) { out, initialized in
                    for row in 0..<codes.count { out[row] = codes[row] < 0 ? -1 : rank[Int(codes[row])] }
                    initialized = codes.count
                }
            }
        }
        sortedFirstRows = order.map { first[$0] }
    }
}

extension GroupBy {
    /// Groups numbered by `codes` (first appearance, no key columns), for an `Aggregation`
    /// over groups that `RowKeyCodes` found.
    init(_ codes: RowKeyCodes) {
        self.keys = []
        self.groupOfRow = codes.codes
        self.groupCount = codes.count
        self.firstRows = codes.firstRows
        self.keyColumns = []
    }
}
