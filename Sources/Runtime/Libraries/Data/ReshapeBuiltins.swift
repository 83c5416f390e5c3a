import Check
import Data
import LatheCore
import VM

/// Reshaping verbs with pandas' names: `concat` (rows or columns), `rename`, `cast` (pandas'
/// `astype`, Polars' `cast`), `distinct` (pandas' `drop_duplicates`, dplyr's `distinct`),
/// `pivot` (pandas' `pivot_table`) and `melt`.
extension Builtins {
    static let reshape: [Builtin] = [
        // `axis:` is read from the extra named arguments: a declared optional parameter would
        // also take the second positional argument, and concat(a, b, c) is the common call.
        Builtin(BuiltinSignature(
            "concat", [
                BuiltinParameter("data", types: [.dataset, .list], doc: "a dataset, or a list of datasets; more may follow"),
            ], variadic: true, extraNamed: true, returns: .dataset,
            doc: "stack datasets: concat(a, b) appends b's rows, concat(a, b, axis: \"columns\") adds b's columns")) { args in
            var axis = "rows"
            for (name, value) in args.extraNamed {
                guard name == "axis" else {
                    throw RuntimeError("unknown argument '\(name)' in call to 'concat'", hint: "concat(a, b) or concat(a, b, axis: \"columns\")")
                }
                guard let text = value.stringValue, text == "rows" || text == "columns" else {
                    throw RuntimeError("concat axis: must be \"rows\" or \"columns\", found \(value.stringValue.map { "\"\($0)\"" } ?? value.typeName)",
                                       hint: "concat(a, b) stacks rows; concat(a, b, axis: \"columns\") puts columns side by side")
                }
                axis = text
            }
            var datasets: [DatasetObject] = []
            for value in [try args["data"]] + args.variadic {
                if let dataset = value.handle as? DatasetObject {
                    datasets.append(dataset)
                } else if case .object(let object) = value.decoded, object.kind == .list {
                    for item in unsafeDowncast(object, to: ListObject.self).items {
                        guard let dataset = item.handle as? DatasetObject else {
                            throw RuntimeError("concat takes datasets, found \(item.typeName) in the list", hint: "concat([a, b]) or concat(a, b)")
                        }
                        datasets.append(dataset)
                    }
                } else {
                    throw RuntimeError("concat takes datasets, found \(value.typeName)", hint: "concat([a, b]) or concat(a, b)")
                }
            }
            let frames = datasets.map(\.frame)
            let frame = try library { axis == "rows" ? try Concatenation.rows(frames) : try Concatenation.columns(frames) }
            let target = datasets.first { $0.target != nil }?.target
            return .object(DatasetObject(frame, target: target))
        },
        Builtin(BuiltinSignature(
            "rename", [
                BuiltinParameter("data", types: [.dataset]),
                BuiltinParameter("columns", types: [.record], doc: "old name: new name", keysNameFieldsOf: "data"),
            ], returns: .dataset, doc: "new names for columns: rename(ds, {old: \"new\"})")) { args in
            let data = try args.dataset("data")
            let record = try args.record("columns")
            var mapping: [String: String] = [:]
            for (index, key) in record.keys.enumerated() {
                let old = args.vm.symbols.name(key)
                guard let new = record.values[index].stringValue else {
                    throw RuntimeError("rename: the new name for '\(old)' must be a string, found \(record.values[index].typeName)",
                                       hint: "rename(ds, {\(old): \"new_name\"})")
                }
                mapping[old] = new
            }
            let frame = try library { try data.frame.renamed(mapping) }
            return .object(DatasetObject(frame, target: data.target.map { mapping[$0] ?? $0 }))
        },
        Builtin(BuiltinSignature(
            "cast", [
                BuiltinParameter("data", types: [.dataset, .column]),
                BuiltinParameter("types", types: [.record, .string],
                                 doc: "column: type for a dataset, or one type for a column (int64, float64, string, bool)",
                                 keysNameFieldsOf: "data"),
            ], returns: nil, doc: "convert column types, as pandas astype: cast(ds, {age: \"int64\"}) or cast(ds.age, \"float64\")")) { args in
            if let column = try args["data"].handle as? ColumnObject {
                let type = try columnType(try args.string("types"), for: column.column.name)
                return .object(ColumnObject(try library { try column.column.cast(to: type) }))
            }
            let data = try args.dataset("data")
            let record = try args.record("types")
            var types: [(column: String, type: ColumnType)] = []
            for (index, key) in record.keys.enumerated() {
                let name = args.vm.symbols.name(key)
                guard let text = record.values[index].stringValue else {
                    throw RuntimeError("cast: the type for '\(name)' must be a string, found \(record.values[index].typeName)",
                                       hint: "cast(ds, {\(name): \"float64\"})")
                }
                types.append((name, try columnType(text, for: name)))
            }
            return .object(data.derived(try library { try data.frame.cast(types) }))
        },
        Builtin(BuiltinSignature(
            "distinct", [
                BuiltinParameter("data", types: [.dataset]),
                BuiltinParameter("columns", default: .null, types: [.string, .list, .null],
                                 doc: "compare only these columns (default: all)", namesFieldsOf: "data"),
            ], returns: .dataset, doc: "the rows without repeats, keeping each first occurrence, as pandas drop_duplicates")) { args in
            let data = try args.dataset("data")
            let columns = try args.isNull("columns") ? nil : try args.columnNames(from: "columns")
            return .object(data.derived(try library { try data.frame.distinct(columns: columns) }))
        },
        Builtin(BuiltinSignature(
            "pivot", [
                BuiltinParameter("data", types: [.dataset]),
                BuiltinParameter("index", types: [.string, .list], doc: "the column or columns whose values name the rows", namesFieldsOf: "data"),
                BuiltinParameter("columns", types: [.string], doc: "the column whose values name the new columns", namesFieldsOf: "data"),
                BuiltinParameter("values", types: [.string], doc: "the column aggregated into the cells", namesFieldsOf: "data"),
                BuiltinParameter("agg", default: .string("mean"), types: [.string],
                                 constraint: ParameterConstraint(.choice(Aggregation.names.filter { $0 != "size" && $0 != "quantile" })),
                                 doc: "the statistic of each cell: mean, sum, count, min, max, median, first, …"),
            ], returns: .dataset,
            doc: "long to wide, as pandas pivot_table: pivot(ds, index: \"store\", columns: \"month\", values: \"sales\", agg: \"sum\")")) { args in
            let data = try args.dataset("data")
            let index = try args.columnNames(from: "index")
            let aggName = try args.string("agg")
            guard let aggregation = Aggregation(name: aggName), aggregation != .size else {
                throw RuntimeError("pivot agg: \"\(aggName)\" is not a statistic",
                                   hint: "agg: is one of \(Aggregation.names.filter { $0 != "size" && $0 != "quantile" }.joined(separator: ", "))")
            }
            let frame = try library {
                try data.frame.pivot(index: index, columns: try args.string("columns"), values: try args.string("values"), aggregation: aggregation)
            }
            return .object(DatasetObject(frame, target: nil))
        },
        Builtin(BuiltinSignature(
            "melt", [
                BuiltinParameter("data", types: [.dataset]),
                BuiltinParameter("id_vars", default: .null, types: [.string, .list, .null],
                                 doc: "columns kept on every row", namesFieldsOf: "data"),
                BuiltinParameter("value_vars", default: .null, types: [.string, .list, .null],
                                 doc: "columns turned into rows (default: all the others)", namesFieldsOf: "data"),
                BuiltinParameter("var_name", default: .string("variable"), types: [.string], doc: "the column naming the melted column"),
                BuiltinParameter("value_name", default: .string("value"), types: [.string], doc: "the column holding its value"),
            ], returns: .dataset,
            doc: "wide to long, as pandas melt: melt(ds, id_vars: \"id\", value_vars: [\"q1\", \"q2\"])")) { args in
            let data = try args.dataset("data")
            let ids = try args.isNull("id_vars") ? [] : try args.columnNames(from: "id_vars")
            let values = try args.isNull("value_vars") ? nil : try args.columnNames(from: "value_vars")
            let frame = try library {
                try data.frame.melt(idColumns: ids, valueColumns: values,
                                    variableName: try args.string("var_name"), valueName: try args.string("value_name"))
            }
            return .object(DatasetObject(frame, target: nil))
        },
    ]

    /// A column type from its name (`int64`, `float`, `str`, …), or an error listing the names.
    static func columnType(_ text: String, for column: String) throws -> ColumnType {
        guard let type = ColumnType(name: text) else {
            throw RuntimeError("cast: \"\(text)\" is not a column type (for '\(column)')",
                               hint: "types are \(ColumnType.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))")
        }
        return type
    }
}
