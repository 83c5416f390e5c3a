import Testing
import Numeric

@Suite("Numeric: products and linear algebra")
struct NumericLinearAlgebraTests {
    static func randomMatrix(_ r: Int, _ c: Int, seed: UInt64) -> Tensor {
        var g = RandomGenerator(seed: seed)
        return Tensor.normal([r, c], using: &g)
    }

    static func naiveProduct(_ a: Tensor, _ b: Tensor) -> [Double] {
        var out = [Double](repeating: 0, count: a.rows * b.columns)
        for i in 0..<a.rows {
            for j in 0..<b.columns {
                var s = 0.0
                for k in 0..<a.columns { s += a[row: i, column: k] * b[row: k, column: j] }
                out[i * b.columns + j] = s
            }
        }
        return out
    }

    @Test func matmulMatchesNaiveLoop() throws {
        let a = Self.randomMatrix(37, 53, seed: 1), b = Self.randomMatrix(53, 29, seed: 2)
        let c = try a.matmul(b)
        #expect(c.shape == [37, 29])
        #expect(numericClose(c.storage, Self.naiveProduct(a, b), relative: 1e-12, absolute: 1e-12))
    }

    @Test func matmulVectorShapes() throws {
        let a = numericMatrix([[1, 2], [3, 4], [5, 6]])
        #expect(try a.matmul(Tensor([1, 1])) == Tensor([3, 7, 11]))
        #expect(try Tensor([1, 0, 1]).matmul(a) == Tensor([6, 8]))
        #expect(try Tensor([1, 2]).matmul(Tensor([3, 4])) == Tensor([11]))
        #expect(try a.matmul(numericMatrix([[1], [1]])).shape == [3, 1])
        #expect(try Tensor.zeros([2, 0]).matmul(Tensor.zeros([0, 3])) == Tensor.zeros([2, 3]))
        #expect(throws: NumericError.shapeMismatch(
            "cannot multiply shapes [3, 2] and [3]: inner sizes 2 and 3 differ")) {
            try a.matmul(Tensor([1, 2, 3]))
        }
    }

    @Test func dot() throws {
        #expect(try Tensor([1, 2, 3]).dot(Tensor([4, 5, 6])) == 32)
        #expect(try Tensor([1, 2]).dot(numericMatrix([[3], [4]])) == 11)
        #expect(throws: NumericError.self) { try Tensor([1, 2]).dot(Tensor([1])) }
        #expect(throws: NumericError.self) { try numericMatrix([[1, 2], [3, 4]]).dot(Tensor([1, 2, 3, 4])) }
    }

    @Test func choleskySolveResidual() throws {
        let n = 30
        let b0 = Self.randomMatrix(n, n, seed: 3)
        let spd = try b0.transposed().matmul(b0).elementwise(.add, Tensor.identity(n).elementwise(.multiply, scalar: Double(n)))
        var g = RandomGenerator(seed: 4)
        let rhs = Tensor.normal([n], using: &g)
        let x = try LinearAlgebra.choleskySolve(spd, rhs)
        #expect(x.shape == [n])
        let residual = try spd.matmul(x).elementwise(.subtract, rhs)
        #expect(residual.apply(.abs).max() < 1e-10)
        let many = try LinearAlgebra.choleskySolve(spd, Self.randomMatrix(n, 3, seed: 5))
        #expect(many.shape == [n, 3])
        #expect(throws: NumericError.singularMatrix("matrix is not positive definite (leading minor of order 2 is not positive)")) {
            try LinearAlgebra.choleskySolve(numericMatrix([[1, 2], [2, 1]]), Tensor([1, 1]))
        }
        #expect(throws: NumericError.self) { try LinearAlgebra.choleskySolve(numericMatrix([[1, 2, 3]]), Tensor([1])) }
        #expect(throws: NumericError.self) { try LinearAlgebra.choleskySolve(Tensor.identity(2), Tensor([1, 2, 3])) }
        #expect(throws: NumericError.invalidArgument("matrix contains nan or infinite values")) {
            try LinearAlgebra.choleskySolve(numericMatrix([[.nan, 0], [0, 1]]), Tensor([1, 1]))
        }
    }

    @Test func generalSolve() throws {
        let a = numericMatrix([[0, 2], [3, 1]])
        let x = try LinearAlgebra.solve(a, Tensor([4, 5]))
        #expect(numericClose(x.storage, [1, 2]))
        #expect(throws: NumericError.self) { try LinearAlgebra.solve(numericMatrix([[1, 2], [2, 4]]), Tensor([1, 1])) }
    }

    @Test func leastSquaresResidualIsOrthogonal() throws {
        let a = Self.randomMatrix(200, 5, seed: 6)
        var g = RandomGenerator(seed: 8)
        let b = Tensor.normal([200], using: &g)
        let x = try LinearAlgebra.leastSquares(a, b)
        #expect(x.shape == [5])
        let r = try a.matmul(x).elementwise(.subtract, b)
        let normal = try a.transposed().matmul(r)
        #expect(normal.apply(.abs).max() < 1e-10)
        // Exact fit.
        let line = try LinearAlgebra.leastSquares(numericMatrix([[1, 1], [1, 2], [1, 3]]), Tensor([1, 2, 2]))
        #expect(numericClose(line.storage, [2.0 / 3, 0.5]))
    }

    @Test func leastSquaresMinimumNorm() throws {
        // Rank 1: every x with x₀ + x₁ = 1 fits; the minimum-norm one is [0.5, 0.5].
        let s = try LinearAlgebra.leastSquaresSolution(numericMatrix([[1, 1], [2, 2]]), Tensor([1, 2]))
        #expect(s.rank == 1)
        #expect(numericClose(s.solution.storage, [0.5, 0.5], relative: 1e-12, absolute: 1e-12))
        // Underdetermined.
        let u = try LinearAlgebra.leastSquares(numericMatrix([[1, 0, 1]]), Tensor([2]))
        #expect(numericClose(u.storage, [1, 0, 1]))
        // Several right-hand sides.
        let k = try LinearAlgebra.leastSquares(Tensor.identity(3), numericMatrix([[1, 2], [3, 4], [5, 6]]))
        #expect(k.shape == [3, 2] && numericClose(k.storage, [1, 2, 3, 4, 5, 6]))
        #expect(throws: NumericError.self) { try LinearAlgebra.leastSquares(Tensor.identity(3), Tensor([1, 2])) }
    }

    @Test func symmetricEigenDecomposes() throws {
        let b0 = Self.randomMatrix(12, 12, seed: 9)
        let a = try b0.elementwise(.add, b0.transposed())
        let (values, vectors) = try LinearAlgebra.symmetricEigen(a)
        #expect(values.shape == [12] && vectors.shape == [12, 12])
        #expect(zip(values.storage, values.storage.dropFirst()).allSatisfy { $0 <= $1 })
        // A·V = V·Λ and VᵀV = I.
        let av = try a.matmul(vectors)
        let vl = try vectors.elementwise(.multiply, values)  // scales column j by λⱼ
        #expect(try av.elementwise(.subtract, vl).apply(.abs).max() < 1e-10)
        let vtv = try vectors.transposed().matmul(vectors)
        #expect(try vtv.elementwise(.subtract, Tensor.identity(12)).apply(.abs).max() < 1e-12)
        let simple = try LinearAlgebra.symmetricEigen(numericMatrix([[2, 1], [1, 2]]))
        #expect(numericClose(simple.values.storage, [1, 3]))
        #expect(throws: NumericError.self) { try LinearAlgebra.symmetricEigen(Tensor([1, 2])) }
    }

    @Test func gram() throws {
        let x = Self.randomMatrix(40, 6, seed: 10)
        let g = LinearAlgebra.gram(x)
        let expected = try x.transposed().matmul(x)
        #expect(g.shape == [6, 6] && numericClose(g.storage, expected.storage, relative: 1e-12))
        #expect(g == g.transposed())
        #expect(LinearAlgebra.gram(Tensor([1, 2, 3])) == numericMatrix([[14]]))
        #expect(LinearAlgebra.gram(Tensor.zeros([0, 2])) == Tensor.zeros([2, 2]))
    }
}
