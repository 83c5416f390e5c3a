import Check
import Data
import LatheCore
import VM

/// `sort_by(ds, by: ["team", "score"], descending: [false, true])` and `top(ds, 5, by:
/// "score")`: stable sorts with missing values last, as pandas' `sort_values(kind="stable")`
/// and `nlargest`. Named `sort_by` because `sort` is the global list sort.
extension Builtins {
    static let sorting: [Builtin] = [
        Builtin(BuiltinSignature(
            "sort_by", [
                BuiltinParameter("data", types: [.dataset]),
                BuiltinParameter("by", types: [.string, .list], doc: "the key column or columns", namesFieldsOf: "data"),
                BuiltinParameter("descending", default: .bool(false), types: [.bool, .list],
                                 doc: "largest first: one bool, or one per key"),
            ], returns: .dataset,
            doc: "the rows sorted by key columns, stable, missing values last: sort_by(ds, by: [\"team\", \"score\"])")) { args in
            let data = try args.dataset("data")
            let flag = boolean(try args["descending"])
            let sorting = try sortingSpec(try args.columnNames(from: "by"), flag.map { [$0] } ?? flags(try args.list("descending").items))
            return .object(data.derived(try library { data.frame.take(try sorting.order(data.frame)) }))
        },
        Builtin(BuiltinSignature(
            "top", [
                BuiltinParameter("data", types: [.dataset]),
                BuiltinParameter("n", types: [.number]),
                BuiltinParameter("by", types: [.string, .list], doc: "the key column or columns", namesFieldsOf: "data"),
                BuiltinParameter("descending", default: .bool(true), types: [.bool, .list],
                                 doc: "largest first (the default): one bool, or one per key"),
            ], returns: .dataset,
            doc: "the first n rows sorted by key columns, largest first: top(ds, 5, by: \"score\")")) { args in
            let data = try args.dataset("data")
            let n = try args.integer("n")
            guard n >= 0 else { throw RuntimeError("top needs n of 0 or more, found \(n)", hint: "top(ds, 5, by: \"score\")") }
            let flag = boolean(try args["descending"])
            let sorting = try sortingSpec(try args.columnNames(from: "by"), flag.map { [$0] } ?? flags(try args.list("descending").items))
            return .object(data.derived(try library { data.frame.take(try sorting.top(n, of: data.frame)) }))
        },
    ]

    /// The bools of a `descending:` list.
    private static func flags(_ items: [Value]) throws -> [Bool] {
        try items.map { item in
            guard let flag = boolean(item) else {
                throw RuntimeError("descending: takes true, false or a list of them, found \(item.typeName) in the list",
                                   hint: "sort_by(ds, by: [\"a\", \"b\"], descending: [false, true])")
            }
            return flag
        }
    }

    /// The sort from its keys and one direction, or one per key.
    private static func sortingSpec(_ keys: [String], _ descending: [Bool]) throws -> Sorting {
        guard descending.count == 1 || descending.count == keys.count else {
            throw RuntimeError("descending has \(descending.count) entries for \(keys.count) sort keys; give one, or one per key",
                               hint: "sort_by(ds, by: [\"a\", \"b\"], descending: [false, true]), or descending: true for every key")
        }
        return try library { try Sorting(by: keys, descending: descending) }
    }

    /// The bool a value holds, read through its scalar form; nil for anything else.
    private static func boolean(_ value: Value) -> Bool? {
        if case .bool(let flag)? = value.scalar { return flag }
        return nil
    }
}
