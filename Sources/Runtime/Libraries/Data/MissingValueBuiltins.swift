import Check
import Data
import LatheCore
import VM

/// Missing values: `is_missing(ds.age)` (pandas' `isna`), `fill_missing` (pandas' `fillna`,
/// `ffill`, `bfill`; Polars' `fill_null(strategy=)`) and `drop_missing` (pandas' `dropna`).
/// Named for what they do to missing values, as the rest of Lathe says "missing" rather than
/// NA, NaN or null.
extension Builtins {
    static let missingValues: [Builtin] = [
        Builtin(BuiltinSignature(
            "is_missing", [BuiltinParameter("values", types: [.column])], returns: .column,
            doc: "a mask column, true where the value is missing")) { args in
            guard let column = try args["values"].handle as? ColumnObject else { throw args.mismatch("values", expected: "a column") }
            return .object(ColumnObject(Column(name: column.column.name, storage: .bool(column.column.missingMask, valid: nil))))
        },
        Builtin(BuiltinSignature(
            "fill_missing", [
                BuiltinParameter("data", types: [.dataset, .column]),
                BuiltinParameter("value", default: .null, types: [.number, .string, .bool, .record, .null],
                                 doc: "the value to fill with, or a record of column: value", keysNameFieldsOf: "data"),
                BuiltinParameter("strategy", default: .null, types: [.string, .null],
                                 constraint: ParameterConstraint(.choice(FillStrategy.allCases.map(\.rawValue))),
                                 doc: "instead of a value: forward, backward, mean, median or mode"),
                BuiltinParameter("columns", default: .null, types: [.string, .list, .null],
                                 doc: "fill only these columns (default: every column the value or strategy fits)",
                                 namesFieldsOf: "data"),
            ], returns: nil,
            doc: "missing values replaced: fill_missing(ds, 0), fill_missing(ds.age, strategy: \"median\")")) { args in
            let valueGiven = try !args.isNull("value"), strategyGiven = try !args.isNull("strategy")
            guard valueGiven != strategyGiven else {
                throw RuntimeError("fill_missing needs a value or a strategy:, not \(valueGiven ? "both" : "neither")",
                                   hint: "fill_missing(ds, 0) or fill_missing(ds, strategy: \"forward\")")
            }
            let strategy = try strategyGiven ? fillStrategy(try args.string("strategy")) : nil
            if let column = try args["data"].handle as? ColumnObject {
                guard try args.isNull("columns") else {
                    throw RuntimeError("fill_missing takes columns: only with a dataset", hint: "fill_missing(ds, 0, columns: [\"age\"])")
                }
                if let strategy { return .object(ColumnObject(try library { try column.column.fillingMissing(strategy: strategy) })) }
                return .object(ColumnObject(try library { try column.column.fillingMissing(with: try fillValue(try args["value"])) }))
            }
            let data = try args.dataset("data")
            let columns = try args.isNull("columns") ? nil : try args.columnNames(from: "columns")
            if let strategy {
                return .object(data.derived(try library { try data.frame.fillingMissing(strategy: strategy, columns: columns) }))
            }
            let value = try args["value"]
            if case .object(let object) = value.decoded, object.kind == .record {
                guard columns == nil else {
                    throw RuntimeError("fill_missing takes a record of values or columns:, not both",
                                       hint: "fill_missing(ds, {age: 0, city: \"unknown\"})")
                }
                let record = unsafeDowncast(object, to: RecordObject.self)
                var frame = data.frame
                for (index, key) in record.keys.enumerated() {
                    let name = args.vm.symbols.name(key)
                    let fill = try fillValue(record.values[index])
                    frame = try library { try frame.fillingMissing(with: fill, columns: [name]) }
                }
                return .object(data.derived(frame))
            }
            let fill = try fillValue(value)
            return .object(data.derived(try library { try data.frame.fillingMissing(with: fill, columns: columns) }))
        },
        Builtin(BuiltinSignature(
            "drop_missing", [
                BuiltinParameter("data", types: [.dataset]),
                BuiltinParameter("how", default: .string("any"), types: [.string],
                                 constraint: ParameterConstraint(.choice(MissingRule.allCases.map(\.rawValue))),
                                 doc: "drop a row missing in any checked column, or only in all of them"),
                BuiltinParameter("columns", default: .null, types: [.string, .list, .null],
                                 doc: "check only these columns (default: all)", namesFieldsOf: "data"),
            ], returns: .dataset, doc: "the rows without missing values, as pandas dropna")) { args in
            let data = try args.dataset("data")
            let howName = try args.string("how")
            guard let how = MissingRule(rawValue: howName) else {
                throw RuntimeError("drop_missing how: \"\(howName)\" is not a rule", hint: "how: \"any\" or how: \"all\"")
            }
            let columns = try args.isNull("columns") ? nil : try args.columnNames(from: "columns")
            return .object(data.derived(try library { try data.frame.droppingMissing(how, columns: columns) }))
        },
    ]

    private static func fillStrategy(_ name: String) throws -> FillStrategy {
        guard let strategy = FillStrategy(rawValue: name) else {
            throw RuntimeError("fill_missing strategy: \"\(name)\" is not a strategy",
                               hint: "strategy: is one of \(FillStrategy.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))")
        }
        return strategy
    }

    /// A number, string or bool to fill with.
    private static func fillValue(_ value: Value) throws -> FillValue {
        if let number = value.numberValue { return .number(number) }
        if let text = value.stringValue { return .text(text) }
        if case .bool(let flag) = value.decoded { return .bool(flag) }
        throw RuntimeError("fill_missing fills with a number, a string or a bool, found \(value.typeName)",
                           hint: "fill_missing(ds, 0) or fill_missing(ds, {city: \"unknown\"})")
    }
}
