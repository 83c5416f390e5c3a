import Check
import Data
import LatheCore
import VM

/// Column functions that choose, test and bin values: `where(mask, a, b)`, `between`,
/// `is_in`, `cut` and `qcut`, with pandas' semantics. The elementwise math (`log`, `round`,
/// `clip`, `pow`, …) is the math library's builtins, which take a column as well as a number.
extension Builtins {
    static let columnFunctions: [Builtin] = [
        Builtin(BuiltinSignature(
            "where", [
                BuiltinParameter("mask", types: [.column], doc: "a bool column; a missing entry counts as false"),
                BuiltinParameter("a", doc: "the value where mask is true: a column, number, string, bool or null"),
                BuiltinParameter("b", doc: "the value where mask is false: a column, number, string, bool or null"),
            ], returns: .column,
            doc: "a where mask is true, b elsewhere, row by row: where(ds.age > 65, \"senior\", \"adult\")")) { args in
            guard let mask = try args.column("mask") else { throw args.mismatch("mask", expected: "a bool column") }
            return .object(ColumnObject(try library { try Column.choosing(mask, try args.operand("a"), try args.operand("b")) }))
        },
        Builtin(BuiltinSignature(
            "between", [
                BuiltinParameter("values", types: [.column]),
                BuiltinParameter("lower", types: [.number, .string]),
                BuiltinParameter("upper", types: [.number, .string]),
                BuiltinParameter("inclusive", default: .string("both"), types: [.string],
                                 constraint: ParameterConstraint(.choice(BetweenInclusive.allCases.map(\.rawValue))), doc: "which ends count"),
            ], returns: .column,
            doc: "whether each value lies in [lower, upper] (a bool column; missing is false), as pandas' between")) { args in
            guard let column = try args.column("values") else { throw args.mismatch("values", expected: "a column") }
            let inclusive = BetweenInclusive(rawValue: try args.string("inclusive")) ?? .both
            return .object(ColumnObject(try library {
                try column.isBetween(try args["lower"].scalar ?? .null, try args["upper"].scalar ?? .null, inclusive: inclusive)
            }))
        },
        Builtin(BuiltinSignature(
            "is_in", [
                BuiltinParameter("values", types: [.column]),
                BuiltinParameter("choices", types: [.list], doc: "the values to look for; null finds missing values"),
            ], returns: .column,
            doc: "whether each value is one of choices (a bool column), as pandas' isin")) { args in
            guard let column = try args.column("values") else { throw args.mismatch("values", expected: "a column") }
            let choices = try args.list("choices").items.map { item -> Scalar in
                guard let scalar = item.scalar else {
                    throw RuntimeError("is_in looks for numbers, strings, bools or null, found \(item.typeName) in the list")
                }
                return scalar
            }
            return .object(ColumnObject(column.isIn(choices)))
        },
        Builtin(BuiltinSignature(
            "cut", [
                BuiltinParameter("values", types: [.column]),
                BuiltinParameter("bins", types: [.number, .list], doc: "a number of equal-width bins, or the bin edges in increasing order"),
                BuiltinParameter("labels", default: .null, types: [.list, .bool, .null],
                                 doc: "one name a bin; null for interval text such as (0, 18]; false for bin numbers"),
                BuiltinParameter("right", default: .bool(true), types: [.bool], doc: "bins include their right edge, (a, b]; false for [a, b)"),
                BuiltinParameter("include_lowest", default: .bool(false), types: [.bool], doc: "the first bin includes its left edge"),
            ], returns: .column,
            doc: "the bin of each value, as pandas' cut: cut(ds.age, [0, 18, 65, 120], labels: [\"child\", \"adult\", \"senior\"])")) { args in
            guard let column = try args.column("values") else { throw args.mismatch("values", expected: "a column") }
            let right = try args.bool("right"), lowest = try args.bool("include_lowest")
            let labels = try binLabels(try args["labels"])
            return .object(ColumnObject(try library {
                let binning: Binning
                if case .number = try args["bins"].decoded {
                    let values = try column.asDoubles() ?? { throw DataError.typeMismatch("cut needs a numeric column, but '\(column.name)' holds strings") }()
                    binning = try Binning(count: try args.integer("bins"), over: values, right: right, includeLowest: lowest)
                } else {
                    binning = try Binning(edges: try numbers(args, "bins"), right: right, includeLowest: lowest)
                }
                return try binning.apply(to: column, labels: labels)
            }))
        },
        Builtin(BuiltinSignature(
            "qcut", [
                BuiltinParameter("values", types: [.column]),
                BuiltinParameter("q", types: [.number, .list], doc: "a number of equal-count bins (4: quartiles), or quantiles from 0 to 1"),
                BuiltinParameter("labels", default: .null, types: [.list, .bool, .null],
                                 doc: "one name a bin; null for interval text; false for bin numbers"),
            ], returns: .column,
            doc: "the quantile bin of each value, as pandas' qcut: qcut(ds.income, 4, labels: [\"q1\", \"q2\", \"q3\", \"q4\"])")) { args in
            guard let column = try args.column("values") else { throw args.mismatch("values", expected: "a column") }
            let labels = try binLabels(try args["labels"])
            return .object(ColumnObject(try library {
                let values = try column.asDoubles() ?? { throw DataError.typeMismatch("qcut needs a numeric column, but '\(column.name)' holds strings") }()
                let quantiles: [Double]
                if case .number = try args["q"].decoded {
                    quantiles = try Binning.evenQuantiles(try args.integer("q"))
                } else {
                    quantiles = try numbers(args, "q")
                }
                return try Binning.quantiles(quantiles, of: values).apply(to: column, labels: labels)
            }))
        },
    ]

    /// The `labels:` of cut and qcut.
    private static func binLabels(_ value: Value) throws -> Binning.Labels {
        if case .null = value.decoded { return .intervals }
        if case .bool(let flag) = value.decoded {
            guard !flag else {
                throw RuntimeError("labels: takes a list of names, false for bin numbers, or null for interval text",
                                   hint: "cut(ds.age, [0, 18, 65], labels: [\"young\", \"adult\"])")
            }
            return .numbers
        }
        guard case .object(let object) = value.decoded, object.kind == .list else {
            throw RuntimeError("labels: takes a list of names, false or null, found \(value.typeName)")
        }
        return .names(try unsafeDowncast(object, to: ListObject.self).items.map { item in
            guard let name = item.stringValue else {
                throw RuntimeError("labels must be strings, found \(item.typeName)", hint: "labels: [\"low\", \"high\"]")
            }
            return name
        })
    }

    /// A list argument of numbers.
    private static func numbers(_ args: Arguments, _ name: String) throws -> [Double] {
        try args.list(name).items.map { item in
            guard let number = item.numberValue else { throw args.mismatch(name, expected: "a list of numbers") }
            return number
        }
    }
}

extension Arguments {
    /// The column given for `name`, or nil when the argument is something else.
    func column(_ name: String) throws -> Column? {
        (try self[name].handle as? ColumnObject)?.column
    }

    /// A column or one scalar value, for functions that broadcast a value over the rows.
    func operand(_ name: String) throws -> ColumnOperand {
        let value = try self[name]
        if let column = value.handle as? ColumnObject { return .column(column.column) }
        guard let scalar = value.scalar else { throw mismatch(name, expected: "a column, number, string, bool or null") }
        return .scalar(scalar)
    }
}

/// `map(column, fn)`: `fn` called once a row through the VM's call path (`VM.call`), its
/// results gathered straight into a typed buffer (numbers, strings or bools; null is
/// missing). Slower than a vectorized function by the cost of a call a row.
enum ColumnMapping {
    static func map(_ source: ColumnObject, _ function: Value, vm: VM) throws -> Column {
        let column = source.column
        var numbers: [Double] = []
        var strings: [String?] = []
        var flags: [Bool?] = []
        var kind: ColumnType?
        var leadingNulls = 0
        // A string column passes one string value per category, made once.
        let categoryValues = column.categories?.map { Value.string($0) }
        let codes: [Int32]? = { if case .categorical(let codes, _) = column.storage { return codes } else { return nil } }()
        for row in 0..<column.count {
            let argument: Value
            if let codes, let categoryValues {
                argument = codes[row] < 0 ? .null : categoryValues[Int(codes[row])]
            } else {
                argument = source.value(at: row)
            }
            let result = try vm.call(function, argument)
            let type: ColumnType
            if case .null = result.decoded {
                switch kind {
                case .float64?: numbers.append(.nan)
                case .string?: strings.append(nil)
                case .bool?: flags.append(nil)
                default: leadingNulls += 1
                }
                continue
            } else if result.numberValue != nil {
                type = .float64
            } else if result.stringValue != nil {
                type = .string
            } else if case .bool = result.decoded {
                type = .bool
            } else {
                throw RuntimeError("map over a column needs numbers, strings, bools or null from its function, found \(result.typeName) at row \(row)")
            }
            if kind == nil {
                kind = type
                // The rows before the first value were null.
                switch type {
                case .float64: numbers = [Double](repeating: .nan, count: leadingNulls)
                case .string: strings = [String?](repeating: nil, count: leadingNulls)
                default: flags = [Bool?](repeating: nil, count: leadingNulls)
                }
            } else if kind != type {
                let name: (ColumnType) -> String = { $0 == .float64 ? "number" : $0.rawValue }
                throw RuntimeError("map over a column needs one type of result, found \(name(kind ?? type)) and then \(name(type)) at row \(row)",
                                   hint: "return the same type from every call, or null for missing")
            }
            switch type {
            case .float64: numbers.append(result.numberValue ?? .nan)
            case .string: strings.append(result.stringValue)
            default: if case .bool(let flag) = result.decoded { flags.append(flag) }
            }
        }
        switch kind {
        case .string?: return Column.strings(column.name, strings)
        case .bool?: return Column.bools(column.name, flags)
        case .float64?:
            // An int64 column mapped to whole numbers stays int64 (pandas keeps the dtype).
            if column.type == .int64, numbers.allSatisfy({ $0.isNaN || ($0.rounded() == $0 && abs($0) < 9e15) }) {
                return Column.integers(column.name, numbers.map { $0.isNaN ? nil : Int64($0) })
            }
            return Column.numeric(column.name, numbers)
        default:
            return Column.numeric(column.name, [Double](repeating: .nan, count: column.count))
        }
    }
}
