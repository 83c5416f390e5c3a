import Check
import Data
import Foundation
import Numeric
import VM

extension NativeLibrary {
    /// Math: sqrt, exp, log, pow, rounding, clip, min and max, on numbers and, elementwise, on columns.
    static let math = NativeLibrary(name: "math", doc: "math functions on numbers and, elementwise, on columns", builtins: Builtins.math)
}

extension Builtins {
    /// A function of one number that also maps a column elementwise (missing stays missing).
    static func unary(_ function: ColumnMath, _ doc: String) -> Builtin {
        Builtin(elementwise(BuiltinSignature(
            function.rawValue, [BuiltinParameter("x", types: [.number, .column])], returns: .number, doc: doc), over: ["x"])) { args in
            if let column = try args.column("x") { return .object(ColumnObject(try library { try column.applying(function) })) }
            return .number(function(try args.number("x")))
        }
    }

    /// `signature`, applying elementwise over the named parameters: a column there makes the
    /// checker type the result as a column (`BuiltinSignature.columnwise`).
    static func elementwise(_ signature: BuiltinSignature, over parameters: [String]) -> BuiltinSignature {
        var signature = signature
        signature.columnwise = parameters.count == 1 ? .over(parameters[0]) : .overAny
        return signature
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
        unary(.abs, "absolute value (of a number, or each value of a column)"),
        unary(.sqrt, "square root (of a number, or each value of a column)"),
        unary(.exp, "e raised to x (a number, or each value of a column)"),
        unary(.log, "natural logarithm (of a number, or each value of a column)"),
        unary(.floor, "largest whole number not above x (a number, or each value of a column)"),
        unary(.ceil, "smallest whole number not below x (a number, or each value of a column)"),
        unary(.sin, "sine in radians (of a number, or each value of a column)"),
        unary(.cos, "cosine in radians (of a number, or each value of a column)"),
        Builtin(elementwise(BuiltinSignature(
            "round", [
                BuiltinParameter("x", types: [.number, .column]),
                BuiltinParameter("digits", default: .number(0), types: [.number], doc: "decimals to keep; negative rounds to tens, hundreds…"),
            ], returns: .number, doc: "x rounded to digits decimals, halves to even as numpy (a number, or each value of a column)"), over: ["x"])) { args in
            let digits = try args.integer("digits")
            if let column = try args.column("x") { return .object(ColumnObject(try library { try column.rounded(digits: digits) })) }
            return .number(Column.round(try args.number("x"), digits: digits))
        },
        Builtin(elementwise(BuiltinSignature(
            "pow", [BuiltinParameter("base", types: [.number, .column]), BuiltinParameter("exponent", types: [.number, .column])],
            returns: .number, doc: "base raised to exponent (numbers, or columns elementwise)"), over: ["base", "exponent"])) { args in
            let base = try args["base"], exponent = try args["exponent"]
            if base.handle is ColumnObject || exponent.handle is ColumnObject {
                return .object(ColumnObject(try library { try Column.power(try args.operand("base"), try args.operand("exponent")) }))
            }
            return .number(Foundation.pow(try args.number("base"), try args.number("exponent")))
        },
        Builtin(elementwise(BuiltinSignature(
            "clip", [
                BuiltinParameter("x", types: [.number, .column]),
                BuiltinParameter("lower", default: .null, types: [.number, .null], doc: "the smallest value kept; null for none"),
                BuiltinParameter("upper", default: .null, types: [.number, .null], doc: "the largest value kept; null for none"),
            ], returns: .number, doc: "x limited to [lower, upper], as pandas' clip (a number, or each value of a column)"), over: ["x"])) { args in
            let lower = try args.isNull("lower") ? nil : try args.number("lower")
            let upper = try args.isNull("upper") ? nil : try args.number("upper")
            if let column = try args.column("x") { return .object(ColumnObject(try library { try column.clipped(lower: lower, upper: upper) })) }
            let clipped = try library { try Column.numeric("", [try args.number("x")]).clipped(lower: lower, upper: upper) }
            return .number(clipped.asDoubles()?.first ?? .nan)
        },
        extremum("min", { Swift.min($0, $1) }),
        extremum("max", { Swift.max($0, $1) }),
        Builtin(BuiltinSignature(
            "is_nan", [BuiltinParameter("x", types: [.number])], returns: .bool, doc: "whether x is not-a-number")) { args in
            .bool(try args.number("x").isNaN)
        },
    ]
}
