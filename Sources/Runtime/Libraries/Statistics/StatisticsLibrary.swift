import LatheCore
import Check
import Data
import Numeric
import VM

extension NativeLibrary {
    /// Reductions over lists, columns and tensors, skipping missing values as pandas does.
    static let statistics = NativeLibrary(
        name: "statistics", doc: "sum, mean, median, std, quantile… over lists, columns and tensors",
        builtins: Builtins.statistics)
}

extension Arguments {
    /// Numbers from a list of numbers or a numeric column; missing values become NaN.
    func numbers(_ name: String) throws -> [Double] {
        let value = try self[name]
        if let tensor = value.handle as? TensorObject { return tensor.tensor.storage }
        if let column = value.handle as? ColumnObject {
            guard let values = column.column.asDoubles() else {
                throw RuntimeError("'\(builtin.signature.name)' needs a numeric column, found the string column '\(column.column.name)'")
            }
            return values
        }
        if case .object(let object) = value.decoded, object.kind == .list {
            return try unsafeDowncast(object, to: ListObject.self).items.map { item in
                switch item.decoded {
                case .number(let number): return number
                case .null: return .nan
                default:
                    throw RuntimeError("'\(builtin.signature.name)' needs numbers, found a \(item.typeName) in the list")
                }
            }
        }
        throw mismatch(name, expected: "a list of numbers or a column")
    }
}

extension Builtins {
    /// A reduction over a list or column that skips missing values, as pandas does. A tensor
    /// follows numpy instead (`plain`: NaN propagates), which also keeps its hot path free
    /// of the missing-value test.
    static func reduction(_ name: String, _ doc: String, plain: ((Tensor) -> Double)? = nil,
                          _ reduce: @escaping (Tensor) -> Double) -> Builtin {
        Builtin(BuiltinSignature(
            name, [BuiltinParameter("values", types: [.list, .column, .tensor])], returns: .number, doc: doc)) { args in
            if let plain, let tensor = try args["values"].handle as? TensorObject { return .number(plain(tensor.tensor)) }
            return .number(reduce(Tensor(try args.numbers("values"))))
        }
    }

    static let statistics: [Builtin] = [
        reduction("sum", "the sum, skipping missing values (a tensor's NaN propagates, as numpy)", plain: { $0.sum() }, { $0.nanSum() }),
        reduction("mean", "the mean, skipping missing values (a tensor's NaN propagates, as numpy)", plain: { $0.mean() }, { $0.nanMean() }),
        reduction("median", "the median, skipping missing values", { $0.nanQuantile(0.5) }),
        Builtin(BuiltinSignature(
            "count", [BuiltinParameter("values", types: [.list, .column, .tensor])], returns: .number,
            doc: "the number of values that are not missing")) { args in
            if let column = try args["values"].handle as? ColumnObject {
                return .number(Double(column.column.count - column.column.missingCount))
            }
            return .number(Double(Tensor(try args.numbers("values")).nonMissingCount()))
        },
        Builtin(BuiltinSignature(
            "std", [BuiltinParameter("values", types: [.list, .column, .tensor]), BuiltinParameter("ddof", default: .number(1), types: [.number])],
            returns: .number, doc: "the standard deviation (ddof 1, as pandas), skipping missing values")) { args in
            .number(Tensor(try args.numbers("values")).nanVariance(ddof: try args.integer("ddof")).squareRoot())
        },
        Builtin(BuiltinSignature(
            "variance", [BuiltinParameter("values", types: [.list, .column, .tensor]), BuiltinParameter("ddof", default: .number(1), types: [.number])],
            returns: .number, doc: "the variance (ddof 1, as pandas), skipping missing values")) { args in
            .number(Tensor(try args.numbers("values")).nanVariance(ddof: try args.integer("ddof")))
        },
        Builtin(BuiltinSignature(
            "quantile", [BuiltinParameter("values", types: [.list, .column, .tensor]), BuiltinParameter("q", types: [.number, .list])],
            doc: "the q-quantile (linear interpolation, as numpy); a list of qs gives a list")) { args in
            let tensor = Tensor(try args.numbers("values"))
            func check(_ q: Double) throws -> Double {
                guard q >= 0, q <= 1 else { throw RuntimeError("quantile q must be between 0 and 1, found \(Scalar.format(number: q))") }
                return q
            }
            if case .number(let q) = try args["q"].decoded { return .number(tensor.nanQuantile(try check(q))) }
            let qs = try args.list("q").items.map { item -> Double in
                guard case .number(let q) = item.decoded else { throw RuntimeError("quantile qs must be numbers, found \(item.typeName)") }
                return try check(q)
            }
            return .list(qs.map { .number(tensor.nanQuantile($0)) })
        },
    ]
}
