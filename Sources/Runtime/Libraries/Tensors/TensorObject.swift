import Check
import LatheCore
import IR
import Numeric

/// A 1-D or 2-D Float64 tensor as a language value, for matrix work such as `matmul(a, b)`.
/// Arithmetic applies elementwise with broadcasting, as in numpy.
public final class TensorObject: HandleObject {
    public let tensor: Tensor

    public init(_ tensor: Tensor) {
        self.tensor = tensor
        super.init()
    }

    /// The tensor kind: arithmetic broadcasts elementwise as in numpy; comparisons do not
    /// apply (yet), and equality is identity.
    public static let kind = ValueKind(
        "tensor", doc: "a 1-D or 2-D float64 array; arithmetic applies elementwise with broadcasting",
        fields: [
            FieldDeclaration("shape", .list, doc: "[n] or [rows, columns]"),
            FieldDeclaration("T", .tensor, doc: "the transposed matrix"),
        ],
        operators: .arithmetic)

    public override var valueKind: ValueKind { TensorObject.kind }
    public override var length: Int? { tensor.rows }
    public override var retainedBytes: Int { tensor.shape.reduce(1, *) * 8 }

    public override var summary: String {
        let shape = tensor.shape.map(String.init).joined(separator: ", ")
        let shown = tensor.storage.prefix(6).map { Scalar.format(number: $0) }
        return "tensor [\(shape)] [\(shown.joined(separator: ", "))\(tensor.count > 6 ? ", …" : "")]"
    }

    public override func field(_ name: String, symbols: SymbolTable) throws -> Value? {
        switch name {
        case "shape": return .list(tensor.shape.map { .number(Double($0)) })
        case "T": return .object(TensorObject(tensor.transposed()))
        default: return nil
        }
    }

    public override func subscripted(_ index: Value, symbols: SymbolTable) throws -> Value {
        let row = try Operators.position(index, count: tensor.rows, what: "tensor")
        if tensor.rank == 2 { return .object(TensorObject(tensor.row(row))) }
        return .number(tensor[row])
    }

    public override func binary(_ op: HandleOperator, _ other: Value, handleOnLeft: Bool) throws -> Value {
        guard let elementwise = op.elementwise else { return try super.binary(op, other, handleOnLeft: handleOnLeft) }
        if case .number(let scalar) = other.decoded {
            return .object(TensorObject(tensor.elementwise(elementwise, scalar: scalar, scalarOnLeft: !handleOnLeft)))
        }
        guard let theirs = other.handle as? TensorObject else { return try super.binary(op, other, handleOnLeft: handleOnLeft) }
        let result = try library {
            handleOnLeft ? try tensor.elementwise(elementwise, theirs.tensor) : try theirs.tensor.elementwise(elementwise, tensor)
        }
        return .object(TensorObject(result))
    }

    public override func negated() throws -> Value { .object(TensorObject(tensor.apply(.negate))) }
}

extension NativeLibrary {
    /// Dense float64 tensors and BLAS matrix products.
    static let tensors = NativeLibrary(
        name: "tensors", doc: "1-D and 2-D float64 tensors, matrix products (OpenBLAS)",
        builtins: Builtins.tensors, kinds: [TensorObject.kind])
}

extension Arguments {
    public func tensor(_ name: String) throws -> Tensor {
        if let tensor = try self[name].handle as? TensorObject { return tensor.tensor }
        return Tensor(try numbers(name))
    }

    /// A shape given as a number (1-D) or a list of one or two numbers.
    func shape(_ name: String) throws -> [Int] {
        if case .number = try self[name].decoded {
            let count = try integer(name)
            guard count >= 0, count <= 1 << 30 else {
                throw RuntimeError("a tensor of \(count) values is out of range", hint: "the limit is 2^30 values (8 GiB)")
            }
            return [count]
        }
        let items = try list(name).items
        let dimensions = try items.map { item -> Int in
            guard case .number(let value) = item.decoded else {
                throw RuntimeError("a shape holds whole numbers, found \(item.typeName)")
            }
            guard value == value.rounded(), value >= 0, value < 1e12 else {
                throw RuntimeError(
                    "a shape holds sizes of zero or more, found \(Scalar.format(number: value))",
                    hint: "write the number of rows and columns, e.g. zeros([3, 4])")
            }
            return Int(value)
        }
        guard dimensions.count == 1 || dimensions.count == 2 else {
            throw RuntimeError("tensors have 1 or 2 dimensions, found a shape of \(dimensions.count)")
        }
        let total = dimensions.reduce(1) { $0.multipliedReportingOverflow(by: $1).overflow ? Int.max : $0 * $1 }
        guard total <= 1 << 30 else {
            throw RuntimeError("a tensor of \(dimensions.map(String.init).joined(separator: " x ")) values is too large",
                               hint: "the limit is 2^30 values (8 GiB)")
        }
        return dimensions
    }
}

extension Builtins {
    /// A tensor-making builtin; random ones (effect `.random`) also take `seed:`.
    static func generator(_ name: String, _ doc: String, effect: Check.Effect = .pure,
                          _ make: @escaping ([Int], UInt64) -> Tensor) -> Builtin {
        var parameters = [BuiltinParameter("shape", types: [.number, .list])]
        if effect == .random { parameters.append(BuiltinParameter("seed", default: .number(0), types: [.number])) }
        return Builtin(BuiltinSignature(name, parameters, effect: effect, returns: .tensor, doc: doc)) { args in
            .object(TensorObject(make(try args.shape("shape"), effect == .random ? try args.seed("seed") : 0)))
        }
    }

    static let tensors: [Builtin] = [
        Builtin(BuiltinSignature(
            "tensor", [BuiltinParameter("values", types: [.list, .tensor, .column])], returns: .tensor,
            doc: "a tensor from a list of numbers, a list of rows, or a column")) { args in
            if case .object(let object) = try args["values"].decoded, object.kind == .list,
               let first = unsafeDowncast(object, to: ListObject.self).items.first,
               case .object(let inner) = first.decoded, inner.kind == .list {
                let rows = try unsafeDowncast(object, to: ListObject.self).items.map { row -> [Double] in
                    guard case .object(let rowObject) = row.decoded, rowObject.kind == .list else {
                        throw RuntimeError("every row of a matrix must be a list")
                    }
                    return try unsafeDowncast(rowObject, to: ListObject.self).items.map { item in
                        guard case .number(let number) = item.decoded else { throw RuntimeError("tensor values must be numbers, found \(item.typeName)") }
                        return number
                    }
                }
                return .object(TensorObject(try library { try Tensor(rows: rows) }))
            }
            return .object(TensorObject(try args.tensor("values")))
        },
        generator("zeros", "a tensor of zeros with the given shape") { shape, _ in Tensor.zeros(shape) },
        generator("ones", "a tensor of ones with the given shape") { shape, _ in Tensor.ones(shape) },
        generator("random", "uniform draws in [0, 1) with the given shape", effect: .random) { shape, seed in
            var generator = RandomGenerator(seed: seed)
            return Tensor.uniform(shape, using: &generator)
        },
        generator("randn", "standard normal draws with the given shape", effect: .random) { shape, seed in
            var generator = RandomGenerator(seed: seed)
            return Tensor.normal(shape, using: &generator)
        },
        Builtin(BuiltinSignature(
            "matmul", [BuiltinParameter("a", types: [.tensor, .list, .column]), BuiltinParameter("b", types: [.tensor, .list, .column])],
            returns: .tensor, doc: "the matrix product (OpenBLAS dgemm)")) { args in
            let a = try args.tensor("a"), b = try args.tensor("b")
            return .object(TensorObject(try library { try a.matmul(b) }))
        },
        Builtin(BuiltinSignature(
            "transpose", [BuiltinParameter("a", types: [.tensor, .list, .column])], returns: .tensor, doc: "the transposed matrix")) { args in
            .object(TensorObject(try args.tensor("a").transposed()))
        },
    ]
}

import Check
import VM

extension ValueType {
    /// A tensor (`TensorObject.kind`).
    public static let tensor = ValueType.kind("tensor")
}
