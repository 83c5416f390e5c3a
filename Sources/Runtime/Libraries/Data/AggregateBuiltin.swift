import Check
import Data
import IR
import NameMatching
import VM

/// `aggregate(ds, by: "region", total: {sum: "amount"}, n: "size")`: group-by and
/// aggregation in one call. The statistics are named in records because `sum`, `mean`, …
/// are already global builtins on values.
extension Builtins {
    static let aggregate = Builtin(BuiltinSignature(
        "aggregate", [
            BuiltinParameter("data", types: [.dataset]),
            BuiltinParameter("by", types: [.string, .list], doc: "the key column or columns", namesFieldsOf: "data"),
            BuiltinParameter("sort", default: .bool(true), types: [.bool], doc: "order groups by key (else first appearance)"),
            BuiltinParameter("dropna", default: .bool(false), types: [.bool], doc: "leave out rows with a missing key"),
        ], extraNamed: true, extraNamedNameFieldsOf: "data", returns: .dataset,
        doc: "one row per group: aggregate(ds, by: \"region\", total: {sum: \"amount\"}, n: \"size\")")) { args in
        let data = try args.dataset("data")
        let keys = try args.columnNames(from: "by")
        guard !args.extraNamed.isEmpty else {
            throw RuntimeError("aggregate needs at least one output, name: {statistic: \"column\"}",
                               hint: "aggregate(ds, by: \"region\", total: {sum: \"amount\"}, n: \"size\")")
        }
        let specs = try args.extraNamed.map { try aggregationSpec($0.name, $0.value, symbols: args.vm.symbols) }
        let sort = try args.bool("sort"), dropna = try args.bool("dropna")
        let frame = try library {
            try GroupBy(data.frame, keys: keys, sort: sort, dropMissing: dropna).aggregate(data.frame, specs)
        }
        return .object(DatasetObject(frame, target: nil))
    }

    /// An output from its value: `"size"`, or a record naming one statistic and its column,
    /// `{mean: "amount"}`, with `q:` for a quantile (`{quantile: "amount", q: 0.9}`).
    static func aggregationSpec(_ output: String, _ value: Value, symbols: SymbolTable) throws -> AggregationSpec {
        let hint = "write \(output): {mean: \"column\"}, {quantile: \"column\", q: 0.9} or \"size\"; statistics: \(Aggregation.names.joined(separator: ", "))"
        if let text = value.stringValue {
            guard text == "size" else { throw RuntimeError("\(output): \"\(text)\" is not an aggregation", hint: hint) }
            return AggregationSpec(output: output, aggregation: .size, column: nil)
        }
        guard case .object(let object) = value.decoded, object.kind == .record else {
            throw RuntimeError("\(output): an aggregation must be a record or \"size\", found \(value.typeName)", hint: hint)
        }
        let record = unsafeDowncast(object, to: RecordObject.self)
        var statistic: (name: String, column: String)?
        var q: Double?
        for (index, key) in record.keys.enumerated() {
            let name = symbols.name(key), field = record.values[index]
            if name == "q" {
                guard let number = field.numberValue else { throw RuntimeError("\(output): q must be a number", hint: hint) }
                q = number
                continue
            }
            guard Aggregation(name: name) != nil else {
                var message = "\(output): unknown aggregation '\(name)'"
                if let suggestion = NameSuggestion.closest(to: name, in: Aggregation.names) { message += "; did you mean '\(suggestion)'?" }
                throw RuntimeError(message, hint: hint)
            }
            guard statistic == nil else { throw RuntimeError("\(output): name one statistic per output", hint: hint) }
            guard let column = field.stringValue else {
                throw RuntimeError("\(output): \(name) takes a column name, found \(field.typeName)", hint: hint)
            }
            statistic = (name, column)
        }
        guard let statistic, let aggregation = Aggregation(name: statistic.name, q: q) else {
            throw RuntimeError("\(output): the record names no statistic", hint: hint)
        }
        if q != nil, statistic.name != "quantile" { throw RuntimeError("\(output): q applies to quantile only", hint: hint) }
        return AggregationSpec(output: output, aggregation: aggregation, column: statistic.name == "size" ? nil : statistic.column)
    }
}
