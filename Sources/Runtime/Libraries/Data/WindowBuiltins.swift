import Check
import Data
import LatheCore
import VM

/// Cumulative and window functions on columns: `cumsum`, `shift` and `rolling`, each within
/// groups when given `by:` (pandas' `groupby(...).cumsum()`, `.shift(n)`, `.rolling(w).stat()`;
/// groups keep their rows in order and the result lines up with the input rows).
///
/// `rolling` is one builtin with the statistic as a checked string, as `aggregate` names its
/// statistics, rather than five `rolling_mean`-style names in the one global namespace.
extension Builtins {
    static let byDoc = "a column (or list of columns) of group keys: the window runs within each group; rows with a missing key give missing"

    static let windowFunctions: [Builtin] = [
        Builtin(BuiltinSignature(
            "cumsum", [BuiltinParameter("values", types: [.column]), BuiltinParameter("by", default: .null, types: [.column, .list, .null], doc: byDoc)], returns: .column,
            doc: "the running total, skipping missing values, as pandas' cumsum: cumsum(ds.amount, by: ds.customer)")) { args in
            guard let column = try args.column("values") else { throw args.mismatch("values", expected: "a column") }
            let groups = try rowGroups(try args["by"])
            return .object(ColumnObject(try library { try column.cumulativeSum(groups: groups) }))
        },
        Builtin(BuiltinSignature(
            "shift", [
                BuiltinParameter("values", types: [.column]),
                BuiltinParameter("n", default: .number(1), types: [.number], doc: "rows to move down: a lag; negative for a lead"),
                BuiltinParameter("by", default: .null, types: [.column, .list, .null], doc: byDoc),
            ], returns: .column,
            doc: "the values moved n rows down (missing where none), as pandas' shift: shift(ds.price, 1, by: ds.ticker)")) { args in
            guard let column = try args.column("values") else { throw args.mismatch("values", expected: "a column") }
            let n = try args.integer("n")
            let groups = try rowGroups(try args["by"])
            return .object(ColumnObject(try library { try column.shifted(by: n, groups: groups) }))
        },
        Builtin(BuiltinSignature(
            "rolling", [
                BuiltinParameter("values", types: [.column]),
                BuiltinParameter("window", types: [.number], constraint: ParameterConstraint(.integer(1...Int(Int32.max))),
                                 doc: "rows in each window: the row and the window - 1 before it"),
                BuiltinParameter("stat", default: .string("mean"), types: [.string],
                                 constraint: ParameterConstraint(.choice(RollingStatistic.allCases.map(\.rawValue))),
                                 doc: "mean, sum, min, max, std or var (ddof 1)"),
                BuiltinParameter("by", default: .null, types: [.column, .list, .null], doc: byDoc),
                BuiltinParameter("min_periods", default: .null, types: [.number, .null],
                                 doc: "present values a window needs, else missing; null means the whole window, as pandas"),
            ], returns: .column,
            doc: "a statistic over a sliding window of rows, as pandas' rolling: rolling(ds.sales, 7, \"mean\", by: ds.store)")) { args in
            guard let column = try args.column("values") else { throw args.mismatch("values", expected: "a column") }
            let window = try args.integer("window")
            guard let statistic = RollingStatistic(rawValue: try args.string("stat")) else {
                throw args.mismatch("stat", expected: "one of " + RollingStatistic.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))
            }
            let minimum = try args.isNull("min_periods") ? nil : try args.integer("min_periods")
            let groups = try rowGroups(try args["by"])
            return .object(ColumnObject(try library {
                try column.rolling(statistic, window: window, minPeriods: minimum, groups: groups)
            }))
        },
    ]

    /// The groups `by:` names: one key column or a list of them; nil without `by:`.
    private static func rowGroups(_ value: Value) throws -> RowGroups? {
        if case .null = value.decoded { return nil }
        var keys: [Column] = []
        if let column = value.handle as? ColumnObject {
            keys = [column.column]
        } else if case .object(let object) = value.decoded, object.kind == .list {
            for item in unsafeDowncast(object, to: ListObject.self).items {
                guard let column = item.handle as? ColumnObject else {
                    throw RuntimeError("by: takes columns, found \(item.typeName) in the list", hint: "by: [ds.region, ds.store]")
                }
                keys.append(column.column)
            }
        } else {
            throw RuntimeError("by: takes a column or a list of columns, found \(value.typeName)", hint: "by: ds.region")
        }
        return try library { try RowGroups(keys: keys) }
    }
}
