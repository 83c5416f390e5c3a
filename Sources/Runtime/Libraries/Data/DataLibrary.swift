import LatheCore
import Check
import Data
import Foundation
import IR
import VM
import _LatheSignals

extension NativeLibrary {
    /// Datasets and columns: loading, reshaping, splitting, generated data.
    static let data = NativeLibrary(
        name: "data", doc: "datasets and columns: load, inspect, reshape, split",
        builtins: Builtins.data + [Builtins.aggregate, Builtins.merge] + Builtins.distinctValues + Builtins.sorting
            + Builtins.reshape + Builtins.missingValues + Builtins.dates,
        kinds: [DatasetObject.kind, ColumnObject.kind])
}

extension Arguments {
    public func dataset(_ name: String) throws -> DatasetObject {
        guard let dataset = try self[name].handle as? DatasetObject else { throw mismatch(name, expected: "a dataset") }
        return dataset
    }

    /// A seed argument as the generator's 64-bit seed.
    func seed(_ name: String) throws -> UInt64 {
        let value = try integer(name)
        guard value >= 0 else { throw RuntimeError("a seed must be zero or positive, found \(value)") }
        return UInt64(value)
    }

    /// Column names given as one string, a list of strings, or extra positional strings.
    func columnNames(from name: String) throws -> [String] {
        var names: [String] = []
        for value in [try self[name]] + variadic {
            if let column = value.stringValue {
                names.append(column)
            } else if case .object(let object) = value.decoded, object.kind == .list {
                for item in unsafeDowncast(object, to: ListObject.self).items {
                    guard let column = item.stringValue else {
                        throw RuntimeError("column names must be strings, found \(item.typeName)")
                    }
                    names.append(column)
                }
            } else {
                throw mismatch(name, expected: "a column name or a list of names")
            }
        }
        return names
    }
}

extension Builtins {
    static let dataset = BuiltinSignature(
        "dataset", [
            BuiltinParameter("path", default: .null, types: [.string, .null], doc: "a CSV file"),
            BuiltinParameter("target", default: .null, types: [.string, .null], doc: "the column to predict"),
            BuiltinParameter("columns", default: .null, types: [.list, .null], doc: "keep only these columns"),
            BuiltinParameter("types", default: .null, types: [.record, .null], doc: "column types, e.g. {age: \"int64\", day: \"date\"}"),
            BuiltinParameter("format", default: .null, types: [.string, .record, .null],
                             doc: "how dates are written, e.g. \"%d/%m/%Y\" for every date column of types:, or {day: \"%d/%m/%Y\"}"),
            BuiltinParameter("delimiter", default: .string(","), types: [.string]),
            BuiltinParameter("sqlite", default: .null, types: [.string, .null], doc: "a SQLite database file"),
            BuiltinParameter("query", default: .null, types: [.string, .null], doc: "the SQL query to run"),
            BuiltinParameter("encoding", default: .string("utf-8"), types: [.string], doc: "\"utf-8\" or \"latin-1\""),
        ], effect: .io, returns: .dataset,
        doc: "load a CSV file, or a SQLite query with sqlite: and query:")

    static func loadDataset(_ args: Arguments) throws -> Value {
        let target = try args.isNull("target") ? nil : try args.string("target")
        var frame: Frame
        if try !args.isNull("sqlite") {
            guard try !args.isNull("query") else {
                throw RuntimeError("dataset(sqlite:) needs query:", hint: "dataset(sqlite: \"file.db\", query: \"select * from t\")")
            }
            frame = try library { try SQLiteSource.read(path: try args.string("sqlite"), query: try args.string("query")) }
        } else {
            guard try !args.isNull("path") else {
                throw RuntimeError("dataset needs a CSV path or sqlite: and query:",
                                   hint: "dataset(\"data.csv\", target: \"label\")")
            }
            var options = CSVOptions()
            let delimiter = try args.string("delimiter")
            guard delimiter.utf8.count == 1, let byte = delimiter.utf8.first else {
                throw RuntimeError("delimiter must be one character, found \"\(delimiter)\"")
            }
            options.delimiter = byte
            options.encoding = try args.string("encoding")
            options.shouldStop = { lathe_interrupt_pending() != 0 }
            if try !args.isNull("types") {
                let record = try args.record("types")
                for (index, key) in record.keys.enumerated() {
                    let name = args.vm.symbols.name(key)
                    guard let text = record.values[index].stringValue, let type = ColumnType(rawValue: text) ?? (text == "date" ? .datetime : nil) else {
                        throw RuntimeError(
                            "types: \(name) must be one of \((ColumnType.allCases.map(\.rawValue) + ["date"]).map { "\"\($0)\"" }.joined(separator: ", "))")
                    }
                    options.types[name] = type
                }
            }
            options.dateFormats = try dateFormats(try args["format"], types: options.types, symbols: args.vm.symbols)
            if try !args.isNull("columns") { options.columns = try args.columnNames(from: "columns") }
            frame = try library { try CSVReader.read(path: try args.string("path"), options: options) }
        }
        if let target, frame.columnIndex(named: target) == nil {
            throw RuntimeError(DataError.unknownColumn(name: target, available: frame.columnNames))
        }
        return .object(DatasetObject(frame, target: target))
    }

    /// `format:` as a format per column: a string applies to every datetime column of
    /// `types:`; a record names the columns.
    static func dateFormats(_ format: Value, types: [String: ColumnType], symbols: SymbolTable) throws -> [String: DateFormat] {
        if format.isNull { return [:] }
        if let pattern = format.stringValue {
            let columns = types.filter { $0.value == .datetime }.keys.sorted()
            guard !columns.isEmpty else {
                throw RuntimeError("format: applies to the date columns named in types:, and there are none",
                                   hint: "dataset(path, types: {day: \"date\"}, format: \"\(pattern)\"), or format: {day: \"\(pattern)\"}")
            }
            let format = try library { try DateFormat(pattern) }
            return Dictionary(uniqueKeysWithValues: columns.map { ($0, format) })
        }
        guard case .object(let object) = format.decoded, object.kind == .record else {
            throw RuntimeError("format: takes a string or a record of strings, found \(format.typeName)")
        }
        let record = unsafeDowncast(object, to: RecordObject.self)
        var formats = [String: DateFormat]()
        for (index, key) in record.keys.enumerated() {
            let name = symbols.name(key)
            guard let pattern = record.values[index].stringValue else {
                throw RuntimeError("format: \(name) must be a string such as \"%d/%m/%Y\", found \(record.values[index].typeName)")
            }
            formats[name] = try library { try DateFormat(pattern) }
        }
        return formats
    }

    static let data: [Builtin] = [
        Builtin(dataset, body: loadDataset),
        Builtin(BuiltinSignature(
            "describe", [BuiltinParameter("data", types: [.dataset])], returns: .dataset,
            doc: "summary statistics per column, as pandas' describe()")) { args in
            .object(DatasetObject(Describe.describe(try args.dataset("data").frame), target: nil))
        },
        Builtin(BuiltinSignature(
            "head", [BuiltinParameter("data", types: [.dataset]), BuiltinParameter("n", default: .number(5), types: [.number])],
            returns: .dataset, doc: "the first n rows")) { args in
            let data = try args.dataset("data")
            return .object(data.derived(data.frame.head(max(0, try args.integer("n")))))
        },
        Builtin(BuiltinSignature(
            "tail", [BuiltinParameter("data", types: [.dataset]), BuiltinParameter("n", default: .number(5), types: [.number])],
            returns: .dataset, doc: "the last n rows")) { args in
            let data = try args.dataset("data")
            return .object(data.derived(data.frame.tail(max(0, try args.integer("n")))))
        },
        Builtin(BuiltinSignature(
            "select", [BuiltinParameter("data", types: [.dataset]), BuiltinParameter("columns", types: [.string, .list])],
            variadic: true, returns: .dataset, doc: "keep only the named columns")) { args in
            let data = try args.dataset("data")
            let names = try args.columnNames(from: "columns")
            return .object(data.derived(try library { try data.frame.select(names) }))
        },
        Builtin(BuiltinSignature(
            "drop", [BuiltinParameter("data", types: [.dataset]), BuiltinParameter("columns", types: [.string, .list])],
            variadic: true, returns: .dataset, doc: "remove the named columns")) { args in
            let data = try args.dataset("data")
            let names = try args.columnNames(from: "columns")
            return .object(data.derived(try library { try data.frame.drop(names) }))
        },
        Builtin(BuiltinSignature(
            "with", [BuiltinParameter("data", types: [.dataset])], extraNamed: true, returns: .dataset,
            doc: "add or replace columns: with(ds, ratio: ds.a / ds.b)")) { args in
            let data = try args.dataset("data")
            var frame = data.frame
            guard !args.extraNamed.isEmpty else {
                throw RuntimeError("with needs at least one name: value", hint: "with(ds, ratio: ds.a / ds.b)")
            }
            for (name, value) in args.extraNamed {
                let column = try makeColumn(name, from: value, rows: frame.rowCount)
                frame = try library { try frame.with(column) }
            }
            return .object(data.derived(frame))
        },
        Builtin(BuiltinSignature(
            "sample", [
                BuiltinParameter("data", types: [.dataset]), BuiltinParameter("n", default: .null, types: [.number, .null]),
                BuiltinParameter("fraction", default: .null, types: [.number, .null]),
                BuiltinParameter("seed", default: .number(0), types: [.number]),
                BuiltinParameter("replace", default: .bool(false), types: [.bool], doc: "draw with replacement: rows may repeat"),
            ], effect: .random, returns: .dataset, doc: "n random rows (or a fraction), without replacement unless replace: true")) { args in
            let data = try args.dataset("data")
            let n = try args.isNull("n") ? nil : try args.integer("n")
            let fraction = try args.isNull("fraction") ? nil : try args.number("fraction")
            let seed = try args.seed("seed")
            if try args.bool("replace") {
                return .object(data.derived(try library { try data.frame.sampleWithReplacement(n: n, fraction: fraction, seed: seed) }))
            }
            return .object(data.derived(try library { try data.frame.sample(n: n, fraction: fraction, seed: seed) }))
        },
        Builtin(BuiltinSignature(
            "shuffle", [BuiltinParameter("data", types: [.dataset]), BuiltinParameter("seed", default: .number(0), types: [.number])],
            effect: .random, returns: .dataset, doc: "the rows in a random order")) { args in
            let data = try args.dataset("data")
            return .object(data.derived(data.frame.shuffled(seed: try args.seed("seed"))))
        },
        Builtin(BuiltinSignature(
            "split", [
                BuiltinParameter("data", types: [.dataset]), BuiltinParameter("test", default: .number(0.2), types: [.number]),
                BuiltinParameter("seed", default: .number(0), types: [.number]),
                BuiltinParameter("stratify", default: .bool(false), types: [.bool, .string]),
            ], effect: .random, returns: .record,
            doc: "a {train, test} split; stratify: true keeps the target's class proportions")) { args in
            let data = try args.dataset("data")
            let fraction = try args.number("test")
            guard fraction > 0, fraction < 1 else {
                throw RuntimeError("test must be a fraction between 0 and 1, found \(Scalar.format(number: fraction))")
            }
            let strata = try stratificationColumn(args, "stratify", data: data)
            let parts = try library {
                try Splitter.split(data.frame, testFraction: fraction, seed: try args.seed("seed"), stratifyBy: strata)
            }
            return record(["train": .object(data.derived(parts.train)), "test": .object(data.derived(parts.test))], symbols: args.vm.symbols)
        },
        Builtin(BuiltinSignature(
            "kfold", [
                BuiltinParameter("data", types: [.dataset]), BuiltinParameter("k", default: .number(5), types: [.number]),
                BuiltinParameter("seed", default: .number(0), types: [.number]),
                BuiltinParameter("stratify", default: .bool(false), types: [.bool, .string]),
            ], effect: .random, returns: .list, doc: "k {train, test} folds covering every row once as test")) { args in
            let data = try args.dataset("data")
            let k = try args.integer("k")
            let strata = try stratificationColumn(args, "stratify", data: data)
            let folds = try library { try Splitter.kfold(data.frame, k: k, seed: try args.seed("seed"), stratifyBy: strata) }
            return .list(folds.map { record(["train": .object(data.derived($0.train)), "test": .object(data.derived($0.test))], symbols: args.vm.symbols) })
        },
        Builtin(BuiltinSignature(
            "write_csv", [BuiltinParameter("data", types: [.dataset]), BuiltinParameter("path", types: [.string])],
            effect: .io, returns: .null, doc: "write a dataset as CSV")) { args in
            let data = try args.dataset("data")
            try library { try CSVWriter.write(data.frame, to: try args.string("path")) }
            return .null
        },
        Builtin(BuiltinSignature(
            "column", [BuiltinParameter("values", types: [.list, .column]), BuiltinParameter("name", default: .string(""), types: [.string])],
            returns: .column, doc: "a column from a list of numbers, strings or bools")) { args in
            .object(ColumnObject(try makeColumn(try args.string("name"), from: try args["values"], rows: nil)))
        },
        Builtin(BuiltinSignature(
            "make_classification", [
                BuiltinParameter("n", default: .number(100), types: [.number]),
                BuiltinParameter("features", default: .number(4), types: [.number]),
                BuiltinParameter("classes", default: .number(2), types: [.number]),
                BuiltinParameter("seed", default: .number(0), types: [.number]),
            ], effect: .random, returns: .dataset, doc: "synthetic classification data with a \"target\" column")) { args in
            let n = try args.integer("n"), features = try args.integer("features"), classes = try args.integer("classes")
            guard n > 0, features > 0, classes >= 2 else {
                throw RuntimeError("make_classification needs n > 0, features > 0 and classes >= 2")
            }
            // Checked before anything is allocated: a huge size would abort or exhaust memory.
            try checkGeneratedSize("make_classification", n: n, features: features)
            guard classes <= n, classes <= maxGeneratedClasses else {
                throw RuntimeError("make_classification cannot make \(classes) classes from \(n) rows",
                                   hint: "classes must be at most n and at most \(maxGeneratedClasses)")
            }
            let frame = Generators.makeClassification(n: n, features: features, classes: classes, seed: try args.seed("seed"))
            return .object(DatasetObject(frame, target: "target"))
        },
        Builtin(BuiltinSignature(
            "make_regression", [
                BuiltinParameter("n", default: .number(100), types: [.number]),
                BuiltinParameter("features", default: .number(4), types: [.number]),
                BuiltinParameter("noise", default: .number(0.1), types: [.number]),
                BuiltinParameter("seed", default: .number(0), types: [.number]),
            ], effect: .random, returns: .dataset, doc: "synthetic regression data with a \"target\" column")) { args in
            let n = try args.integer("n"), features = try args.integer("features")
            guard n > 0, features > 0 else { throw RuntimeError("make_regression needs n > 0 and features > 0") }
            try checkGeneratedSize("make_regression", n: n, features: features)
            let frame = Generators.makeRegression(n: n, features: features, noise: try args.number("noise"), seed: try args.seed("seed"))
            return .object(DatasetObject(frame, target: "target"))
        },
    ]

    /// The most classes `make_classification` makes; more than this is never a useful toy problem.
    static let maxGeneratedClasses = 10_000

    /// Rejects a generated dataset whose values (features plus target per row) exceed the
    /// tensor limit, before the generator allocates them.
    static func checkGeneratedSize(_ builtin: String, n: Int, features: Int) throws {
        let perRow = features.addingReportingOverflow(1)
        let total = perRow.overflow ? nil : n.multipliedReportingOverflow(by: perRow.partialValue)
        guard let total, !total.overflow, total.partialValue <= 1 << 30 else {
            throw RuntimeError("\(builtin) of \(n) rows and \(features) features is too large",
                               hint: "the limit is 2^30 values (8 GiB)")
        }
    }

    /// The column whose classes a split keeps in proportion: the target for `stratify: true`,
    /// or the named column.
    static func stratificationColumn(_ args: Arguments, _ parameter: String, data: DatasetObject) throws -> Column? {
        switch try args[parameter].decoded {
        case .bool(false): return nil
        case .bool(true):
            guard let target = data.target else {
                throw RuntimeError("stratify: true needs a dataset with a target",
                                   hint: "load it with dataset(path, target: \"label\"), or pass stratify: \"column\"")
            }
            return try library { try data.frame.column(named: target) }
        default:
            return try library { try data.frame.column(named: try args.string(parameter)) }
        }
    }

    /// A record value from names and values, in order.
    static func record(_ fields: KeyValuePairs<String, Value>, symbols: SymbolTable) -> Value {
        .object(RecordObject(keys: fields.map { symbols.intern($0.key) }, values: fields.map(\.value)))
    }

    /// A column named `name` from a column, a number (repeated), or a list of numbers, strings or bools.
    static func makeColumn(_ name: String, from value: Value, rows: Int?) throws -> Column {
        if let column = value.handle as? ColumnObject { return column.column.renamed(name) }
        if case .number(let number) = value.decoded, let rows {
            return Column.numeric(name, [Double](repeating: number, count: rows))
        }
        guard case .object(let object) = value.decoded, object.kind == .list else {
            throw RuntimeError("a column needs a column, a list or a number, found \(value.typeName)")
        }
        let items = unsafeDowncast(object, to: ListObject.self).items
        if items.allSatisfy({ $0.numberValue != nil || { if case .null = $0.decoded { return true }; return false }($0) }) {
            return Column.numeric(name, items.map { $0.numberValue ?? .nan })
        }
        if items.allSatisfy({ $0.stringValue != nil || { if case .null = $0.decoded { return true }; return false }($0) }) {
            return Column.strings(name, items.map(\.stringValue))
        }
        if items.allSatisfy({ if case .bool = $0.decoded { return true }; if case .null = $0.decoded { return true }; return false }) {
            return Column.bools(name, items.map { if case .bool(let flag) = $0.decoded { return flag }; return nil })
        }
        throw RuntimeError("a column's values must all be numbers, all strings or all bools")
    }
}

extension Builtins {
    /// Lets the checker see a dataset's columns before running: for `dataset("file.csv")` with a
    /// literal path to a readable file, the header's column names; for generated data, the
    /// columns the generator makes (`x0`…, `target`).
    public static let fieldOracle = FieldOracle { builtin, literals in
        if builtin == "make_classification" || builtin == "make_regression" {
            let declared = signatures[builtin]?.parameters.first { $0.name == "features" }?.defaultValue?.numberValue
            guard let features = literals["features"].flatMap(Double.init) ?? declared,
                  features >= 1, features <= 10_000, features == features.rounded() else { return nil }
            return ((0..<Int(features)).map { "x\($0)" } + ["target"], "column")
        }
        guard builtin == "dataset", literals["sqlite"] == nil, let path = literals["path"],
              CSVReader.isRegularFile(path), FileManager.default.isReadableFile(atPath: path) else { return nil }
        var options = CSVOptions()
        if let delimiter = literals["delimiter"] {
            guard delimiter.utf8.count == 1, let byte = delimiter.utf8.first else { return nil }
            options.delimiter = byte
        }
        guard let header = try? CSVReader.header(path: path, options: options) else { return nil }
        return (header, "column")
    }
}
