/// Reshaping a frame: `distinct` rows, `pivot` (long to wide, as pandas' `pivot_table`) and
/// `melt` (wide to long, as pandas' `melt`).
extension Frame {
    /// The first row of each distinct combination of the named columns (every column when
    /// nil), in their original order, as pandas' `drop_duplicates(subset, keep="first")`.
    /// Missing values equal each other.
    /// - Complexity: O(rows × key columns), hashing.
    public func distinct(columns names: [String]? = nil) throws -> Frame {
        let keys = names ?? columnNames
        guard !keys.isEmpty, rowCount > 1 else { return self }
        let codes = RowKeyCodes(try keyColumns(keys), rowCount: rowCount, dropMissing: false)
        // Codes are numbered in first-appearance order: their first rows ascend.
        return take(codes.firstRows)
    }

    /// The named key columns; a name given twice or an unknown name throws.
    func keyColumns(_ names: [String]) throws -> [Column] {
        var seen = Set<String>()
        for name in names where !seen.insert(name).inserted {
            throw DataError.invalidArgument("key column '\(name)' is given twice")
        }
        return try names.map { try column(named: $0) }
    }

    /// A wide table, as pandas' `pivot_table(index=, columns=, values=, aggfunc=)`: one row per
    /// distinct value of the `index` columns (sorted), one column per distinct value of
    /// `columns` (sorted, named by its text), each cell the `aggregation` of `values` over
    /// the rows with that pair.
    ///
    /// As pandas (with its default `dropna=True`): rows whose index or column key is
    /// missing are left out; a pair with no rows, or whose statistic is missing, is a missing
    /// cell; an index value or column value with no present cell at all is left out.
    /// - Complexity: O(rows) hashing, plus the aggregation's cost.
    public func pivot(index: [String], columns: String, values: String, aggregation: Aggregation) throws -> Frame {
        guard !index.isEmpty else { throw DataError.invalidArgument("pivot needs at least one index column") }
        if index.contains(columns) {
            throw DataError.invalidArgument("pivot column '\(columns)' is also an index column")
        }
        if index.contains(values) || values == columns {
            throw DataError.invalidArgument("pivot values column '\(values)' is also a key column")
        }
        let valueColumn = try column(named: values)
        let indexColumns = try keyColumns(index)
        let labelColumn = try column(named: columns)
        // Row and column keys numbered by first appearance, then ranked in sorted key order
        // (missing keys left out); each cell is a (row, column) pair that occurs.
        let rowGroups = SortedKeys(indexColumns, rowCount: rowCount)
        let columnGroups = SortedKeys([labelColumn], rowCount: rowCount)
        let cells = GroupBy(Frame.pivotCells(rowGroups, columnGroups))
        let statistic = try aggregation.apply(to: valueColumn, groups: cells, name: values)
        // Which (row, column) each cell is, and which rows and columns have a present cell.
        let width = columnGroups.count
        let size = rowGroups.count.multipliedReportingOverflow(by: width)
        guard !size.overflow, size.partialValue <= 1 << 28 else {
            throw DataError.invalidArgument(
                "pivot would make \(rowGroups.count) rows by \(width) columns, more than 2^28 cells; pivot on a column with fewer distinct values")
        }
        var cellAt = [Int](repeating: -1, count: rowGroups.count * width)
        var rowUsed = [Bool](repeating: false, count: rowGroups.count)
        var columnUsed = [Bool](repeating: false, count: width)
        for (cell, row) in cells.firstRows.enumerated() where !statistic.isMissing(cell) {
            let r = Int(rowGroups.rankOfRow[row]), c = Int(columnGroups.rankOfRow[row])
            cellAt[r * width + c] = cell
            rowUsed[r] = true
            columnUsed[c] = true
        }
        let keptRows = rowUsed.indices.filter { rowUsed[$0] }
        var result = indexColumns.map { $0.take(keptRows.map { rowGroups.sortedFirstRows[$0] }) }
        let labels = labelColumn.take(columnGroups.sortedFirstRows)
        let taken = Set(index)
        // Cells gathered from an extra missing row at the end stand for absent pairs.
        let padded = Concatenation.withMissingRow(statistic)
        let missing = statistic.count
        for c in 0..<width where columnUsed[c] {
            let label = labels.formatted(at: c)
            guard !taken.contains(label) else {
                throw DataError.invalidArgument("pivot column value '\(label)' clashes with the index column of that name; rename one first")
            }
            result.append(padded.take(keptRows.map { r in
                let cell = cellAt[r * width + c]
                return cell >= 0 ? cell : missing
            }).renamed(label))
        }
        return try Frame(columns: result)
    }

    /// The (row, column) pairs of a pivot that occur, numbered by first appearance; rows with
    /// a missing row or column key are left out.
    private static func pivotCells(_ rows: SortedKeys, _ columns: SortedKeys) -> RowKeyCodes {
        let n = rows.rankOfRow.count
        let width = UInt64(columns.count)
        var keys = [UInt64](repeating: 0, count: n), dropped = [Bool](repeating: false, count: n)
        rows.rankOfRow.withUnsafeBufferPointer { r in
            columns.rankOfRow.withUnsafeBufferPointer { c in
                for row in 0..<n {
                    if r[row] < 0 || c[row] < 0 { dropped[row] = true } else {
                        keys[row] = UInt64(r[row]) &* width &+ UInt64(c[row])
                    }
                }
            }
        }
        return RowKeyCodes(keys: keys, radix: UInt64(rows.count) &* width, dropped: dropped)
    }

    /// A long table, as pandas' `melt(id_vars=, value_vars=, var_name=, value_name=)`: for
    /// each of `valueColumns` in order (default: every column not in `idColumns`), every
    /// row, with the id columns, the melted column's name under `variableName` and its value
    /// under `valueName`. The melted columns must stack (`Column.stackedType`: int64 with
    /// float64 gives float64; text never stacks with numbers).
    /// - Complexity: O(rows × melted columns).
    public func melt(idColumns: [String], valueColumns: [String]? = nil,
                     variableName: String = "variable", valueName: String = "value") throws -> Frame {
        let ids = try idColumns.map { try column(named: $0) }
        let idSet = Set(idColumns)
        let melted = try (valueColumns ?? columnNames.filter { !idSet.contains($0) }).map { try column(named: $0) }
        var seen = Set<String>()
        for column in melted where !seen.insert(column.name).inserted {
            throw DataError.invalidArgument("melt value column '\(column.name)' is given twice")
        }
        for name in [variableName, valueName] where idSet.contains(name) {
            throw DataError.invalidArgument("melt output column '\(name)' clashes with an id column; choose another var_name or value_name")
        }
        guard variableName != valueName else {
            throw DataError.invalidArgument("melt var_name and value_name are both '\(valueName)'")
        }
        guard !melted.isEmpty else {
            var columns = ids.map { $0.take([]) }
            columns.append(Column.strings(variableName, []))
            columns.append(Column.numeric(valueName, []))
            return try Frame(columns: columns)
        }
        guard let type = Column.stackedType(melted.map(\.type)) else {
            let other = melted.first { $0.type != melted[0].type }!
            throw DataError.typeMismatch(
                "cannot melt column '\(other.name)' (\(other.type.rawValue)) with '\(melted[0].name)' (\(melted[0].type.rawValue)) into one value column; cast them to one type first")
        }
        let repeated = Array(Array(repeating: Array(0..<rowCount), count: melted.count).joined())
        var columns = ids.map { $0.take(repeated) }
        var codes = [Int32]()
        codes.reserveCapacity(rowCount * melted.count)
        for k in melted.indices { codes.append(contentsOf: repeatElement(Int32(k), count: rowCount)) }
        columns.append(Column(name: variableName, storage: .categorical(codes: codes, categories: melted.map(\.name))))
        columns.append(Column.stacked(melted, name: valueName, type: type))
        return try Frame(columns: columns)
    }
}

extension Concatenation {
    /// `column` with one missing row appended.
    static func withMissingRow(_ column: Column) -> Column {
        let missing: Column
        switch column.storage {
        case .float64: missing = .numeric(column.name, [.nan])
        case .int64: missing = Column(name: column.name, storage: .int64([0], valid: [false]))
        case .bool: missing = Column(name: column.name, storage: .bool([false], valid: [false]))
        case .categorical: missing = .strings(column.name, [nil])
        case .datetime: missing = Column(name: column.name, storage: .datetime([0], valid: [false]))
        }
        return Column.stacked([column, missing], name: column.name, type: column.type)
    }
}
