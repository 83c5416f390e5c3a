/// A column's distinct values: `unique` and `valueCounts`, as pandas' `Series.unique` and
/// `Series.value_counts`. Both number the values through `RowKeyCodes`.
extension Column {
    /// The distinct values in order of first appearance, missing included once if present
    /// (as pandas' `unique`).
    public func unique() -> Column {
        take(RowKeyCodes([self], rowCount: count, dropMissing: false).firstRows)
    }

    /// A frame with this column's distinct values, `count` (rows of each) and `share` (count
    /// over the rows counted), most frequent first; ties keep first appearance. Missing values
    /// are left out unless `dropMissing` is false (pandas' `dropna`, default true).
    /// An unnamed column's values are headed `value`.
    public func valueCounts(dropMissing: Bool = true) throws -> Frame {
        let label = name.isEmpty ? "value" : name
        let codes = RowKeyCodes([self], rowCount: count, dropMissing: dropMissing)
        var sizes = [Int64](repeating: 0, count: codes.count)
        codes.codes.withUnsafeBufferPointer { of in
            for row in 0..<of.count where of[row] >= 0 { sizes[Int(of[row])] += 1 }
        }
        let order = sizes.indices.sorted { sizes[$0] != sizes[$1] ? sizes[$0] > sizes[$1] : $0 < $1 }
        let total = Double(sizes.reduce(0, +))
        return try Frame(columns: [
            renamed(label).take(order.map { codes.firstRows[$0] }),
            Column(name: "count", storage: .int64(order.map { sizes[$0] }, valid: nil)),
            .numeric("share", order.map { Double(sizes[$0]) / total }),
        ])
    }
}
