import Check
import LatheCore
import Data
import IR
import VM

extension NativeLibrary {
    /// Charts drawn in the terminal (Unicode blocks and braille) and as SVG in notebooks.
    static let charts = NativeLibrary(
        name: "charts", doc: "histogram, line_chart, bar_chart: terminal drawings, SVG in notebooks",
        builtins: Builtins.charts, kinds: [ChartObject.kind])
}

extension Builtins {
    static let binsConstraint = ParameterConstraint(.integer(1...200))

    static let charts: [Builtin] = [
        Builtin(BuiltinSignature(
            "histogram", [
                BuiltinParameter("values", types: [.list, .column, .tensor], doc: "numbers; missing values are skipped"),
                BuiltinParameter("bins", default: .number(20), types: [.number], constraint: binsConstraint,
                                 doc: "how many equal-width bins"),
                BuiltinParameter("title", default: .string(""), types: [.string]),
            ], returns: .chart, doc: "a histogram of numbers in equal-width bins")) { args in
            let values = try args.numbers("values").filter(\.isFinite)
            // The checker tests a literal bins:; a computed one is tested here, with the same message.
            let bins = try args.number("bins")
            if let problem = binsConstraint.violation(of: .number(bins), parameter: "bins", owner: "histogram") {
                throw RuntimeError(problem.message, hint: problem.hint)
            }
            return .object(ChartObject(ChartData.histogram(values, bins: Int(bins)), title: try args.string("title")))
        },
        Builtin(BuiltinSignature(
            "line_chart", [
                BuiltinParameter("values", types: [.list, .column, .tensor, .record, .dataset],
                                 doc: "numbers, or a record of named series, or a dataset (its float columns)"),
                BuiltinParameter("title", default: .string(""), types: [.string]),
            ], returns: .chart, doc: "a line chart of one series (a loss curve) or several (a record or dataset of them)")) { args in
            let series = try ChartData.series(try args["values"], symbols: args.vm.symbols)
            let count = series.map(\.values.count).max() ?? 0
            return .object(ChartObject(.line(series: series, xLabels: (0..<count).map(String.init)),
                                       title: try args.string("title")))
        },
        Builtin(BuiltinSignature(
            "bar_chart", [
                BuiltinParameter("values", types: [.list, .column, .tensor, .record],
                                 doc: "a record of label: number, or numbers with labels:"),
                BuiltinParameter("labels", default: .null, types: [.list, .column, .null], doc: "one label per value"),
                BuiltinParameter("title", default: .string(""), types: [.string]),
            ], returns: .chart, doc: "horizontal bars, one per label")) { args in
            let (labels, values) = try ChartData.bars(try args["values"], labels: try args["labels"], symbols: args.vm.symbols)
            return .object(ChartObject(.bars(labels: labels, values: values), title: try args.string("title")))
        },
    ]
}

/// Turning builtin arguments into what a chart draws.
enum ChartData {
    /// Counts in `bins` equal-width bins from the smallest to the largest value; the last bin
    /// includes its upper edge, as numpy's does. Equal values get a unit-wide range around them.
    static func histogram(_ values: [Double], bins: Int) -> ChartObject.Content {
        guard var low = values.min(), var high = values.max() else { return .histogram(counts: [], low: 0, high: 0) }
        if low == high { low -= 0.5; high += 0.5 }
        var counts = [Int](repeating: 0, count: bins)
        let width = (high - low) / Double(bins)
        for value in values {
            counts[Swift.min(bins - 1, Swift.max(0, Int((value - low) / width)))] += 1
        }
        return .histogram(counts: counts, low: low, high: high)
    }

    /// One unnamed series from numbers, several from a record of them or a dataset's float columns.
    static func series(_ value: Value, symbols: SymbolTable) throws -> [(name: String, values: [Double])] {
        if let dataset = value.handle as? DatasetObject {
            let columns = dataset.frame.columns.filter { $0.type == .float64 }
            guard !columns.isEmpty else { throw RuntimeError("'line_chart' needs a dataset with float columns") }
            return columns.map { ($0.name, $0.asDoubles() ?? []) }
        }
        if case .object(let object) = value.decoded, object.kind == .record {
            let record = unsafeDowncast(object, to: RecordObject.self)
            return try record.keys.indices.map { index in
                (symbols.name(record.keys[index]), try numbers(record.values[index], builtin: "line_chart"))
            }
        }
        return [("", try numbers(value, builtin: "line_chart"))]
    }

    /// Labels and values from a record (`{a: 1, b: 2}`) or from numbers and `labels:`.
    static func bars(_ value: Value, labels: Value, symbols: SymbolTable) throws -> (labels: [String], values: [Double]) {
        if case .object(let object) = value.decoded, object.kind == .record {
            let record = unsafeDowncast(object, to: RecordObject.self)
            let values = try record.values.map { item -> Double in
                guard case .number(let number) = item.decoded else {
                    throw RuntimeError("'bar_chart' needs a record of numbers, found a \(item.typeName)")
                }
                return number
            }
            return (record.keys.map { symbols.name($0) }, values)
        }
        let values = try numbers(value, builtin: "bar_chart")
        if case .null = labels.decoded { return (values.indices.map(String.init), values) }
        let texts = labelTexts(labels)
        guard texts.count == values.count else {
            throw RuntimeError("'bar_chart' needs one label per value: \(values.count) values, \(texts.count) labels")
        }
        return (texts, values)
    }

    private static func labelTexts(_ labels: Value) -> [String] {
        if let column = labels.handle as? ColumnObject {
            return (0..<column.column.count).map { column.column.formatted(at: $0, missing: "<NA>") }
        }
        guard case .object(let object) = labels.decoded, object.kind == .list else { return [] }
        return unsafeDowncast(object, to: ListObject.self).items.map { $0.stringValue ?? $0.literalRepr }
    }

    /// Numbers from a list (null is missing), a numeric column or a tensor.
    static func numbers(_ value: Value, builtin: String) throws -> [Double] {
        if let column = value.handle as? ColumnObject {
            guard let values = column.column.asDoubles() else {
                throw RuntimeError("'\(builtin)' needs numbers, found the string column '\(column.column.name)'")
            }
            return values
        }
        if let tensor = value.handle as? TensorObject { return tensor.tensor.storage }
        if case .object(let object) = value.decoded, object.kind == .list {
            return try unsafeDowncast(object, to: ListObject.self).items.map { item in
                switch item.decoded {
                case .number(let number): return number
                case .null: return .nan
                default: throw RuntimeError("'\(builtin)' needs numbers, found a \(item.typeName) in the list")
                }
            }
        }
        throw RuntimeError("'\(builtin)' needs numbers (a list, column or tensor), found \(value.typeName)")
    }
}
