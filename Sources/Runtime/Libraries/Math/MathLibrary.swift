import Check
import Foundation
import Numeric
import VM

extension NativeLibrary {
    /// Scalar math: sqrt, exp, log, pow, rounding, min and max.
    static let math = NativeLibrary(name: "math", doc: "scalar math functions", builtins: Builtins.math)
}

extension Builtins {
    static func unary(_ name: String, _ doc: String, _ function: @escaping (Double) -> Double) -> Builtin {
        Builtin(BuiltinSignature(name, [BuiltinParameter("x", types: [.number])], returns: .number, doc: doc)) { args in
            .number(function(try args.number("x")))
        }
    }

    /// `min`/`max` over numbers given as arguments or as one list.
    static func extremum(_ name: String, _ pick: @escaping (Double, Double) -> Double) -> Builtin {
        Builtin(BuiltinSignature(
            name, [BuiltinParameter("first", types: [.number, .list, .column])], variadic: true, returns: .number,
            doc: "the \(name == "min" ? "smallest" : "largest") of the numbers given, or of one list")) { args in
            var values = args.all
            if values.count == 1, values[0].handle is ColumnObject {
                let numbers = Tensor(try args.numbers("first"))
                return .number(name == "min" ? numbers.nanMin() : numbers.nanMax())
            }
            if values.count == 1, case .object(let object) = values[0].decoded, object.kind == .list {
                values = unsafeDowncast(object, to: ListObject.self).items
            }
            guard !values.isEmpty else { throw RuntimeError("\(name) of an empty list") }
            var result: Double?
            for value in values {
                guard case .number(let number) = value.decoded else {
                    throw RuntimeError("'\(name)' expects numbers, found \(value.typeName)")
                }
                result = result.map { pick($0, number) } ?? number
            }
            return .number(result ?? .nan)
        }
    }

    static let math: [Builtin] = [
        unary("abs", "absolute value", { Swift.abs($0) }),
        unary("sqrt", "square root", { $0.squareRoot() }),
        unary("exp", "e raised to x", { Foundation.exp($0) }),
        unary("log", "natural logarithm", { Foundation.log($0) }),
        unary("floor", "largest whole number not above x", { $0.rounded(.down) }),
        unary("ceil", "smallest whole number not below x", { $0.rounded(.up) }),
        unary("round", "nearest whole number, halves to even", { $0.rounded(.toNearestOrEven) }),
        unary("sin", "sine (radians)", { Foundation.sin($0) }),
        unary("cos", "cosine (radians)", { Foundation.cos($0) }),
        Builtin(BuiltinSignature(
            "pow", [BuiltinParameter("base", types: [.number]), BuiltinParameter("exponent", types: [.number])],
            returns: .number, doc: "base raised to exponent")) { args in
            .number(Foundation.pow(try args.number("base"), try args.number("exponent")))
        },
        extremum("min", { Swift.min($0, $1) }),
        extremum("max", { Swift.max($0, $1) }),
        Builtin(BuiltinSignature(
            "is_nan", [BuiltinParameter("x", types: [.number])], returns: .bool, doc: "whether x is not-a-number")) { args in
            .bool(try args.number("x").isNaN)
        },
    ]
}
