/// A column's distinct values: `unique` and `valueCounts`, as pandas' `Series.unique` and
/// `Series.value_counts`. Both hash on values through `GroupBy`.
extension Column {
    /// The distinct values in order of first appearance, missing included once if present
    /// (as pandas' `unique`).
    public func unique() -> Column {
        let frame = Frame(unchecked: [self], rowCount: count)
        // One key column that exists: GroupBy cannot fail here.
        guard let groups = try? GroupBy(frame, keys: [name], sort: false, dropMissing: false) else { return self }
        return groups.keyColumns[0]
    }

    /// A frame with this column's distinct values, `count` (rows of each) and `share` (count
    /// over the rows counted), most frequent first; ties keep first appearance. Missing values
    /// are left out unless `dropMissing` is false (pandas' `dropna`, default true).
    /// An unnamed column's values are headed `value`.
    public func valueCounts(dropMissing: Bool = true) throws -> Frame {
        let label = name.isEmpty ? "value" : name
        let frame = Frame(unchecked: [renamed(label)], rowCount: count)
        let groups = try GroupBy(frame, keys: [label], sort: false, dropMissing: dropMissing)
        var sizes = [Int64](repeating: 0, count: groups.groupCount)
        for group in groups.groupOfRow where group >= 0 { sizes[Int(group)] += 1 }
        let order = sizes.indices.sorted { sizes[$0] != sizes[$1] ? sizes[$0] > sizes[$1] : $0 < $1 }
        let total = Double(sizes.reduce(0, +))
        return try Frame(columns: [
            groups.keyColumns[0].take(order),
            Column(name: "count", storage: .int64(order.map { sizes[$0] }, valid: nil)),
            .numeric("share", order.map { Double(sizes[$0]) / total }),
        ])
    }
}
