import Check
import Data
import VM

/// `unique(ds.plan)` and `value_counts(ds.plan)`: a column's distinct values, named as pandas.
extension Builtins {
    static let distinctValues: [Builtin] = [
        Builtin(BuiltinSignature(
            "unique", [BuiltinParameter("values", types: [.column])], returns: .column,
            doc: "the distinct values of a column, in order of first appearance")) { args in
            guard let column = try args["values"].handle as? ColumnObject else { throw args.mismatch("values", expected: "a column") }
            return .object(ColumnObject(column.column.unique()))
        },
        Builtin(BuiltinSignature(
            "value_counts", [
                BuiltinParameter("values", types: [.column]),
                BuiltinParameter("dropna", default: .bool(true), types: [.bool], doc: "leave out missing values"),
            ], returns: .dataset,
            doc: "each distinct value with its count and share, most frequent first")) { args in
            guard let column = try args["values"].handle as? ColumnObject else { throw args.mismatch("values", expected: "a column") }
            let dropna = try args.bool("dropna")
            return .object(DatasetObject(try library { try column.column.valueCounts(dropMissing: dropna) }, target: nil))
        },
    ]
}
