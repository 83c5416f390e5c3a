/// Rows of a frame partitioned by the values of one or more key columns: a row→group index
/// array plus one representative row per group. Aggregations (`Aggregation`) read it in one
/// pass over the rows.
///
/// - Keys are hashed on their values (strings by text, numbers by value, -0.0 as 0.0).
/// - `sort: true` (the default, as pandas) orders groups by their key values, column by
///   column, with missing keys last; `sort: false` keeps the order of first appearance.
/// - `dropMissing: false` (the default, unlike pandas' `dropna=True`, because a silently
///   vanishing group hides data problems) makes rows with a missing key a group of their own
///   per distinct combination; `true` leaves out every row with any missing key.
public struct GroupBy: Sendable {
    public let keys: [String]
    /// The group of each row, in 0..<groupCount; -1 for a row left out (a missing key with `dropMissing`).
    public let groupOfRow: [Int32]
    public let groupCount: Int
    /// The first row of each group, in group order; the key columns are read at these rows.
    public let firstRows: [Int]
    /// The key columns, one value per group.
    public let keyColumns: [Column]

    public init(_ frame: Frame, keys: [String], sort: Bool = true, dropMissing: Bool = false) throws {
        guard !keys.isEmpty else { throw DataError.invalidArgument("group by needs at least one key column") }
        var seen = Set<String>()
        for key in keys where !seen.insert(key).inserted {
            throw DataError.invalidArgument("key column '\(key)' is given twice")
        }
        let columns = try keys.map { try frame.column(named: $0) }
        let rows = frame.rowCount
        // Combine the key columns pairwise into dense codes in first-appearance order: the
        // first key by renumbering its value codes through an array, each further key by
        // numbering the (codes so far, its code) pairs in a DenseKeyTable.
        var combined = [Int32](repeating: 0, count: rows)
        var combinedCount = 1
        var dropped = [Bool](repeating: false, count: rows)
        for (position, column) in columns.enumerated() {
            let (codes, count) = GroupBy.valueCodes(column)
            var next: Int32 = 0
            codes.withUnsafeBufferPointer { codes in
                combined.withUnsafeMutableBufferPointer { combined in
                    dropped.withUnsafeMutableBufferPointer { dropped in
                        if dropMissing {
                            for row in 0..<rows where codes[row] < 0 { dropped[row] = true }
                        }
                        if position == 0 {
                            // Missing is its own value: code -1 shifted to 0.
                            var renumber = [Int32](repeating: -1, count: count + 1)
                            renumber.withUnsafeMutableBufferPointer { renumber in
                                for row in 0..<rows {
                                    let value = Int(codes[row]) + 1
                                    if renumber[value] < 0 { renumber[value] = next; next += 1 }
                                    combined[row] = renumber[value]
                                }
                            }
                        } else {
                            var table = DenseKeyTable(expected: Swift.min(rows, 1 << 16))
                            for row in 0..<rows {
                                let pair = UInt64(UInt32(bitPattern: combined[row])) << 32 | UInt64(UInt32(bitPattern: codes[row] &+ 1))
                                combined[row] = table.code(of: pair)
                            }
                            next = Int32(table.count)
                        }
                    }
                }
            }
            combinedCount = Int(next)
        }
        if rows == 0 { combinedCount = 0 }
        // Renumber the kept rows' codes densely in first-appearance order.
        var renumber = [Int32](repeating: -1, count: combinedCount)
        var firstRows = [Int]()
        var groupOfRow = [Int32](repeating: -1, count: rows)
        for row in 0..<rows where !dropped[row] {
            let code = Int(combined[row])
            if renumber[code] < 0 {
                renumber[code] = Int32(firstRows.count)
                firstRows.append(row)
            }
            groupOfRow[row] = renumber[code]
        }
        if sort && firstRows.count > 1 {
            let order = firstRows.indices.sorted { a, b in
                GroupBy.keyPrecedes(columns, firstRows[a], firstRows[b])
            }
            var rank = [Int32](repeating: 0, count: order.count)
            for (position, group) in order.enumerated() { rank[group] = Int32(position) }
            for row in 0..<rows where groupOfRow[row] >= 0 { groupOfRow[row] = rank[Int(groupOfRow[row])] }
            firstRows = order.map { firstRows[$0] }
        }
        self.keys = keys
        self.groupOfRow = groupOfRow
        self.groupCount = firstRows.count
        self.firstRows = firstRows
        self.keyColumns = columns.map { $0.take(firstRows) }
    }

    /// Whether the key at row `a` sorts before the key at row `b`: column by column, numbers
    /// by value, strings by their UTF-8 bytes, false before true, missing last.
    static func keyPrecedes(_ columns: [Column], _ a: Int, _ b: Int) -> Bool {
        for column in columns {
            let ma = column.isMissing(a), mb = column.isMissing(b)
            if ma != mb { return mb }
            if ma { continue }
            switch column.storage {
            case .float64(let v):
                if v[a] != v[b] { return v[a] < v[b] }
            case .int64(let v, _), .datetime(let v, _):
                if v[a] != v[b] { return v[a] < v[b] }
            case .bool(let v, _):
                if v[a] != v[b] { return !v[a] }
            case .categorical(let codes, let categories):
                if codes[a] != codes[b] {
                    return Array(categories[Int(codes[a])].utf8).lexicographicallyPrecedes(categories[Int(codes[b])].utf8)
                }
            }
        }
        return false
    }

    /// A dense code per row for the column's value (-1 for missing) and the number of codes.
    static func valueCodes(_ column: Column) -> (codes: [Int32], count: Int) {
        switch column.storage {
        case .categorical(let codes, let categories):
            return (codes, categories.count)
        case .bool(let v, let valid):
            return (v.indices.map { (valid?[$0] ?? true) ? (v[$0] ? 1 : 0) : -1 }, 2)
        case .int64(let v, let valid), .datetime(let v, let valid):
            var table = DenseKeyTable(expected: Swift.min(v.count, 1 << 16))
            var codes = [Int32](repeating: -1, count: v.count)
            v.withUnsafeBufferPointer { v in
                codes.withUnsafeMutableBufferPointer { codes in
                    if let valid {
                        for row in 0..<v.count where valid[row] { codes[row] = table.code(of: UInt64(bitPattern: v[row])) }
                    } else {
                        for row in 0..<v.count { codes[row] = table.code(of: UInt64(bitPattern: v[row])) }
                    }
                }
            }
            return (codes, table.count)
        case .float64(let v):
            var table = DenseKeyTable(expected: Swift.min(v.count, 1 << 16))
            var codes = [Int32](repeating: -1, count: v.count)
            v.withUnsafeBufferPointer { v in
                codes.withUnsafeMutableBufferPointer { codes in
                    for row in 0..<v.count where !v[row].isNaN {
                        codes[row] = table.code(of: (v[row] == 0 ? 0.0 : v[row]).bitPattern)
                    }
                }
            }
            return (codes, table.count)
        }
    }
}
