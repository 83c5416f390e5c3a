import LatheCore
import CBLAS

/// BLAS and LAPACK take 32-bit sizes (OpenBLAS's default `blasint`, LAPACKE's
/// `lapack_int`). Converts or throws `invalidArgument`.
func blasSize(_ n: Int, _ what: String) throws -> Int32 {
    guard n >= 0, n <= Int(Int32.max) else {
        throw NumericError.invalidArgument("\(what) \(n) is too large for BLAS (limit \(Int32.max))")
    }
    return Int32(n)
}

let rowMajor = Int32(LAPACK_ROW_MAJOR)

@inline(__always) func lapackChar(_ c: Unicode.Scalar) -> CChar { CChar(UInt8(ascii: c)) }

// MARK: - Products

extension Tensor {
    /// The matrix product with numpy `matmul` shapes:
    /// `[m, k]·[k, n] → [m, n]` (BLAS `dgemm`), `[m, k]·[k] → [m]` and `[k]·[k, n] → [n]`
    /// (BLAS `dgemv`), `[k]·[k] → [1]` (the inner product). Throws `shapeMismatch`
    /// when the inner extents differ.
    /// OpenBLAS may use several threads and blocks the sums, so the last bits can
    /// depend on the thread count. - Complexity: O(m·k·n).
    public func matmul(_ other: Tensor) throws -> Tensor {
        let leftInner = rank == 2 ? columns : count
        let rightInner = other.rows
        guard leftInner == rightInner else {
            throw NumericError.shapeMismatch(
                "cannot multiply shapes \(describeShape(shape)) and \(describeShape(other.shape)): inner sizes \(leftInner) and \(rightInner) differ")
        }
        let k = leftInner
        BLASRuntime.prepare()
        switch (rank, other.rank) {
        case (1, 1):
            return Tensor([try dot(other)])
        case (2, 1):
            let m = rows
            var y = [Double](repeating: 0, count: m)
            if m > 0 && k > 0 {
                let m32 = try blasSize(m, "row count"), k32 = try blasSize(k, "column count")
                storage.withUnsafeBufferPointer { a in
                    other.storage.withUnsafeBufferPointer { x in
                        y.withUnsafeMutableBufferPointer { yp in
                            cblas_dgemv(CblasRowMajor, CblasNoTrans, m32, k32, 1, a.baseAddress, k32,
                                        x.baseAddress, 1, 0, yp.baseAddress, 1)
                        }
                    }
                }
            }
            return Tensor(y)
        case (1, 2):
            let n = other.columns
            var y = [Double](repeating: 0, count: n)
            if n > 0 && k > 0 {
                let n32 = try blasSize(n, "column count"), k32 = try blasSize(k, "row count")
                other.storage.withUnsafeBufferPointer { b in
                    storage.withUnsafeBufferPointer { x in
                        y.withUnsafeMutableBufferPointer { yp in
                            cblas_dgemv(CblasRowMajor, CblasTrans, k32, n32, 1, b.baseAddress, n32,
                                        x.baseAddress, 1, 0, yp.baseAddress, 1)
                        }
                    }
                }
            }
            return Tensor(y)
        default:
            let m = rows, n = other.columns
            var c = [Double](repeating: 0, count: m * n)
            if m > 0 && n > 0 && k > 0 {
                let m32 = try blasSize(m, "row count"), n32 = try blasSize(n, "column count")
                let k32 = try blasSize(k, "inner size")
                // OpenBLAS runs single-threaded (see `BLASRuntime`); a large product is cut into
                // fixed 256-row blocks of the result, one `dgemm` each on the workers. The
                // blocks depend on the shape only, so the bits do not depend on the workers.
                let blocks = FixedChunks(count: m, size: 256)
                let parallel = blocks.count > 1 && Double(m) * Double(n) * Double(k) >= 16_777_216
                storage.withUnsafeBufferPointer { a in
                    other.storage.withUnsafeBufferPointer { b in
                        c.withUnsafeMutableBufferPointer { cp in
                            if !parallel {
                                cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m32, n32, k32,
                                            1, a.baseAddress, k32, b.baseAddress, n32, 0, cp.baseAddress, n32)
                                return
                            }
                            Parallelism.forEach(blocks.count) { block in
                                let r = blocks[block]
                                cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(r.count), n32, k32,
                                            1, a.baseAddress! + r.lowerBound * k, k32, b.baseAddress, n32,
                                            0, cp.baseAddress! + r.lowerBound * n, n32)
                            }
                        }
                    }
                }
            }
            return Tensor(uncheckedShape: [m, n], storage: c)
        }
    }

    /// The inner product Σ aᵢ·bᵢ (BLAS `ddot`) of two tensors with the same number of
    /// elements, each 1-D or a single row or column. Throws `shapeMismatch` otherwise.
    /// - Complexity: O(count).
    public func dot(_ other: Tensor) throws -> Double {
        func isVector(_ t: Tensor) -> Bool { t.rank == 1 || t.rows == 1 || t.columns == 1 }
        guard isVector(self), isVector(other), count == other.count else {
            throw NumericError.shapeMismatch(
                "cannot take the dot product of shapes \(describeShape(shape)) and \(describeShape(other.shape))")
        }
        if count == 0 { return 0 }
        BLASRuntime.prepare()
        let n = try blasSize(count, "length")
        return storage.withUnsafeBufferPointer { a in
            other.storage.withUnsafeBufferPointer { b in
                cblas_ddot(n, a.baseAddress, 1, b.baseAddress, 1)
            }
        }
    }
}

// MARK: - Factorizations and solvers

/// The result of a least-squares solve, with the numerical rank LAPACK found.
public struct LeastSquaresSolution: Sendable, Equatable {
    /// `[n]` for a 1-D right-hand side, `[n, k]` for `[m, k]`.
    public var solution: Tensor
    /// The effective rank: singular values below rcond·σ₁ count as zero.
    public var rank: Int
    /// The singular values of `a`, descending.
    public var singularValues: [Double]
}

/// Dense linear algebra through LAPACK (OpenBLAS + LAPACKE). Inputs are copied; the
/// caller's tensors are never modified. Inputs with NaN or infinity throw
/// `invalidArgument` (LAPACK's behaviour on them is undefined).
public enum LinearAlgebra {
    /// Solves a·x = b for symmetric positive definite `a` [n, n] by Cholesky
    /// (LAPACK `dposv`, reading the lower triangle). `b` is `[n]` or `[n, k]`; the
    /// result has b's shape. Throws `singularMatrix` if `a` is not positive definite.
    /// - Complexity: O(n³/3 + n²·k).
    public static func choleskySolve(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        let n = try squareSize(a, "cholesky solve")
        try checkRightHandSide(b, rows: n, "cholesky solve", a)
        try checkFinite(a, "matrix"); try checkFinite(b, "right-hand side")
        if n == 0 { return b }
        BLASRuntime.prepare()
        let nrhs = b.columns
        var af = a.storage, bf = b.storage
        let n32 = try blasSize(n, "size"), k32 = try blasSize(nrhs, "right-hand side count")
        let info = af.withUnsafeMutableBufferPointer { ap in
            bf.withUnsafeMutableBufferPointer { bp in
                LAPACKE_dposv(rowMajor, lapackChar("L"), n32, k32, ap.baseAddress, n32, bp.baseAddress, k32)
            }
        }
        if info > 0 {
            throw NumericError.singularMatrix(
                "matrix is not positive definite (leading minor of order \(info) is not positive)")
        }
        if info < 0 { throw NumericError.lapackFailure("dposv rejected argument \(-info)") }
        return Tensor(uncheckedShape: b.shape, storage: bf)
    }

    /// Solves a·x = b for a general square `a` by LU with partial pivoting (LAPACK
    /// `dgesv`). Throws `singularMatrix` when a pivot is exactly zero.
    /// - Complexity: O(2n³/3 + n²·k).
    public static func solve(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        let n = try squareSize(a, "solve")
        try checkRightHandSide(b, rows: n, "solve", a)
        try checkFinite(a, "matrix"); try checkFinite(b, "right-hand side")
        if n == 0 { return b }
        BLASRuntime.prepare()
        let nrhs = b.columns
        var af = a.storage, bf = b.storage
        var pivots = [Int32](repeating: 0, count: n)
        let n32 = try blasSize(n, "size"), k32 = try blasSize(nrhs, "right-hand side count")
        let info = af.withUnsafeMutableBufferPointer { ap in
            bf.withUnsafeMutableBufferPointer { bp in
                pivots.withUnsafeMutableBufferPointer { pp in
                    LAPACKE_dgesv(rowMajor, n32, k32, ap.baseAddress, n32, pp.baseAddress, bp.baseAddress, k32)
                }
            }
        }
        if info > 0 { throw NumericError.singularMatrix("matrix is singular (pivot \(info) is zero)") }
        if info < 0 { throw NumericError.lapackFailure("dgesv rejected argument \(-info)") }
        return Tensor(uncheckedShape: b.shape, storage: bf)
    }

    /// The minimum-norm least-squares solution of a·x ≈ b for any `a` [m, n]
    /// (over- or under-determined, rank-deficient allowed), by SVD (LAPACK `dgelsd`)
    /// with numpy's cutoff rcond = ε·max(m, n). `b` is `[m]` or `[m, k]`; the result is
    /// `[n]` or `[n, k]`. - Complexity: O(m·n·min(m, n)).
    public static func leastSquares(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        try leastSquaresSolution(a, b).solution
    }

    /// `leastSquares` with the rank and singular values.
    public static func leastSquaresSolution(_ a: Tensor, _ b: Tensor, rcond: Double? = nil) throws -> LeastSquaresSolution {
        guard a.rank == 2 else {
            throw NumericError.shapeMismatch("least squares needs a matrix, got shape \(describeShape(a.shape))")
        }
        let m = a.rows, n = a.columns
        try checkRightHandSide(b, rows: m, "least squares", a)
        try checkFinite(a, "matrix"); try checkFinite(b, "right-hand side")
        let nrhs = b.columns
        let outShape = b.rank == 2 ? [n, nrhs] : [n]
        if m == 0 || n == 0 || nrhs == 0 {
            return LeastSquaresSolution(solution: Tensor.zeros(outShape), rank: 0, singularValues: [])
        }
        BLASRuntime.prepare()
        let ldbRows = Swift.max(m, n)
        var af = a.storage
        var bf = [Double](repeating: 0, count: ldbRows * nrhs)
        bf.replaceSubrange(0..<(m * nrhs), with: b.storage)
        var s = [Double](repeating: 0, count: Swift.min(m, n))
        var rank: Int32 = 0
        let cutoff = rcond ?? Double.ulpOfOne * Double(Swift.max(m, n))
        let m32 = try blasSize(m, "row count"), n32 = try blasSize(n, "column count")
        let k32 = try blasSize(nrhs, "right-hand side count")
        let info = af.withUnsafeMutableBufferPointer { ap in
            bf.withUnsafeMutableBufferPointer { bp in
                s.withUnsafeMutableBufferPointer { sp in
                    LAPACKE_dgelsd(rowMajor, m32, n32, k32, ap.baseAddress, n32, bp.baseAddress, k32,
                                   sp.baseAddress, cutoff, &rank)
                }
            }
        }
        if info > 0 { throw NumericError.lapackFailure("least squares: the svd did not converge") }
        if info < 0 { throw NumericError.lapackFailure("dgelsd rejected argument \(-info)") }
        let x = Array(bf[0..<(n * nrhs)])
        return LeastSquaresSolution(solution: Tensor(uncheckedShape: outShape, storage: x),
                                    rank: Int(rank), singularValues: s)
    }

    /// Eigenvalues (ascending) and orthonormal eigenvectors of a symmetric matrix
    /// (LAPACK `dsyevd`, reading the lower triangle). `vectors` column j belongs to
    /// `values[j]`. Each vector's sign is whatever LAPACK returns.
    /// - Complexity: O(n³).
    public static func symmetricEigen(_ a: Tensor) throws -> (values: Tensor, vectors: Tensor) {
        let n = try squareSize(a, "symmetric eigen")
        try checkFinite(a, "matrix")
        if n == 0 { return (Tensor([]), Tensor.zeros([0, 0])) }
        BLASRuntime.prepare()
        var af = a.storage
        var w = [Double](repeating: 0, count: n)
        let n32 = try blasSize(n, "size")
        let info = af.withUnsafeMutableBufferPointer { ap in
            w.withUnsafeMutableBufferPointer { wp in
                LAPACKE_dsyevd(rowMajor, lapackChar("V"), lapackChar("L"), n32, ap.baseAddress, n32, wp.baseAddress)
            }
        }
        if info > 0 { throw NumericError.lapackFailure("symmetric eigen: the algorithm did not converge") }
        if info < 0 { throw NumericError.lapackFailure("dsyevd rejected argument \(-info)") }
        return (Tensor(w), Tensor(uncheckedShape: [n, n], storage: af))
    }

    /// XᵀX (the Gram matrix of the columns) via BLAS `dsyrk`, mirrored to a full
    /// symmetric matrix. `[m, n]` gives `[n, n]`; a 1-D `[m]` reads as one column and
    /// gives `[1, 1]`. Row blocks keep every BLAS size within 32 bits.
    /// - Complexity: O(m·n²), half the flops of the general product XᵀX.
    public static func gram(_ x: Tensor) -> Tensor {
        let m = x.rows, n = x.columns
        var c = [Double](repeating: 0, count: n * n)
        if m > 0 && n > 0 && n <= Int(Int32.max) {
            BLASRuntime.prepare()
            let n32 = Int32(n)
            let blockRows = Swift.max(1, Swift.min(m, Int(Int32.max) / Swift.max(n, 1)))
            x.storage.withUnsafeBufferPointer { a in
                c.withUnsafeMutableBufferPointer { cp in
                    var start = 0
                    while start < m {
                        let rowsHere = Swift.min(blockRows, m - start)
                        cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, n32, Int32(rowsHere), 1,
                                    a.baseAddress! + start * n, n32, start == 0 ? 0 : 1, cp.baseAddress, n32)
                        start += rowsHere
                    }
                    for i in 0..<n {
                        for j in (i + 1)..<Swift.max(i + 1, n) { cp[j * n + i] = cp[i * n + j] }
                    }
                }
            }
        }
        return Tensor(uncheckedShape: [n, n], storage: c)
    }

    // MARK: Checks

    static func squareSize(_ a: Tensor, _ op: String) throws -> Int {
        guard a.rank == 2, a.rows == a.columns else {
            throw NumericError.shapeMismatch("\(op) needs a square matrix, got shape \(describeShape(a.shape))")
        }
        return a.rows
    }

    static func checkRightHandSide(_ b: Tensor, rows n: Int, _ op: String, _ a: Tensor) throws {
        guard b.rows == n else {
            throw NumericError.shapeMismatch(
                "\(op): right-hand side of shape \(describeShape(b.shape)) does not match matrix of shape \(describeShape(a.shape))")
        }
    }

    static func checkFinite(_ t: Tensor, _ what: String) throws {
        let finite = t.storage.withUnsafeBufferPointer { p -> Bool in
            // x·0 is 0 for finite x and NaN for ±inf or NaN; one sum finds any of them.
            var acc = 0.0
            for v in p { acc += v * 0 }
            return acc == 0
        }
        guard finite else {
            throw NumericError.invalidArgument("\(what) contains nan or infinite values")
        }
    }
}
