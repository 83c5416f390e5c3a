import Data
import Numeric

/// `linear()`: ordinary least squares with an intercept, as scikit-learn's
/// `LinearRegression` (same minimizer, intercept ȳ − x̄·β on centred data).
///
/// Solved from the normal equations of the centred data (Gram matrix by BLAS `dsyrk`,
/// Cholesky by LAPACK `dposv`) refined twice against the residual, when the Gram matrix is
/// well conditioned (κ ≤ 1e10, from its eigenvalues); otherwise, and for rank-deficient
/// data, by the minimum-norm least-squares solution of LAPACK's SVD solver `dgelsd`, which
/// is what scikit-learn calls. Both agree with scikit-learn to about κ(X)·ε.
/// - Complexity: O(n·p²) time; O(p² + block·p) extra memory on the Cholesky path, a centred
///   copy of X on the SVD path.
public struct LinearRegression: LoadableEstimator {
    public static let name = "linear"
    public static let parameters: [ParameterSpec] = []
    public static let tasks: Set<Task> = [.regression]
    public static let handlesMissingValues = false
    public static let summary = "ordinary least squares linear regression"
    public static let fittedModelType: any FittedModel.Type = Fitted.self

    public let parameters: Parameters
    public init(parameters: Parameters) { self.parameters = parameters }

    /// Above this condition number of XcᵀXc the normal equations give way to the SVD solver.
    static let maxNormalEquationCondition = 1e10

    public func fit(_ data: TrainingData, context: FitContext) throws -> FittedModel {
        try context.checkpoint(0, "linear")
        let design = CenteredDesign(data.features)
        let (yc, yMean) = CenteredDesign.center(data.target)
        var coefficients: [Double]
        if design.p == 0 {
            coefficients = []
        } else if let solved = try solveNormalEquations(design, yc) {
            coefficients = solved
        } else {
            coefficients = try LinearAlgebra.leastSquares(design.materialized(), Tensor(yc)).storage
        }
        try context.checkpoint(1, "linear")
        return Fitted(model: LinearPredictor(coefficients: coefficients, xMean: design.mean, yMean: yMean))
    }

    /// β from (XcᵀXc)β = Xcᵀyc, refined twice against the residual when κ > 1e6; nil when
    /// ill-conditioned.
    private func solveNormalEquations(_ design: CenteredDesign, _ yc: [Double]) throws -> [Double]? {
        guard design.n >= design.p else { return nil }
        let (gram, xty) = design.gramAndTransposeTimes(yc)
        let eigen = try LinearAlgebra.symmetricEigen(gram).values.storage
        guard let low = eigen.first, let high = eigen.last, low > 0 else { return nil }
        let condition = high / low
        guard condition <= Self.maxNormalEquationCondition else { return nil }
        var beta = try LinearAlgebra.choleskySolve(gram, Tensor(xty)).storage
        if condition > 1e6 {
            for _ in 0..<2 {
                let delta = try LinearAlgebra.choleskySolve(gram, Tensor(design.transposeTimesResidual(yc, beta))).storage
                for j in beta.indices { beta[j] += delta[j] }
            }
        }
        return beta
    }

    public struct Fitted: FittedModel {
        public static let kind = "linear"
        public let model: LinearPredictor
        public init(model: LinearPredictor) { self.model = model }
        public func predict(_ features: Tensor) throws -> [Double] { try model.predict(features) }
        public func predictProbabilities(_ features: Tensor) throws -> Tensor? { nil }
        public func encodeState() throws -> ModelState { model.state }
        public init(state: ModelState) throws { model = try LinearPredictor(state: state) }
    }
}

/// y = X·β + b, shared by `linear` and `ridge`.
public struct LinearPredictor: Sendable, Equatable {
    public let coefficients: [Double]
    public let intercept: Double

    /// scikit-learn's `_set_intercept`: b = ȳ − x̄·β.
    init(coefficients: [Double], xMean: [Double], yMean: Double) {
        self.coefficients = coefficients
        var dot = 0.0
        for j in coefficients.indices { dot += xMean[j] * coefficients[j] }
        self.intercept = yMean - dot
    }

    init(state: ModelState) throws {
        coefficients = try state.array("coefficients")
        intercept = try state.scalar("intercept")
    }

    var state: ModelState {
        var state = ModelState()
        state.arrays["coefficients"] = coefficients
        state.arrays["intercept"] = [intercept]
        return state
    }

    /// X·β + b through BLAS `dgemv`. - Complexity: O(n·p).
    func predict(_ x: Tensor) throws -> [Double] {
        guard x.columns == coefficients.count || x.rows == 0 else {
            throw MLError.invalidData("the model expects \(coefficients.count) features, got \(x.columns)", hint: nil)
        }
        if x.rows == 0 { return [] }
        if coefficients.isEmpty { return [Double](repeating: intercept, count: x.rows) }
        var y = try x.matmul(Tensor(coefficients)).storage
        for i in y.indices { y[i] += intercept }
        return y
    }
}

/// X − x̄ without a full centred copy: products walk X in blocks of rows, centring each
/// block into a small buffer first (no cancellation from large means).
struct CenteredDesign {
    let x: Tensor
    let mean: [Double]
    var n: Int { x.rows }
    var p: Int { x.columns }
    static let blockRows = 4096

    init(_ x: Tensor) {
        self.x = x
        self.mean = x.rows > 0 ? ((try? x.mean(axis: 0).storage) ?? [Double](repeating: 0, count: x.columns))
                               : [Double](repeating: 0, count: x.columns)
    }

    /// y − ȳ and ȳ (pairwise sum).
    static func center(_ y: [Double]) -> ([Double], Double) {
        let mean = y.isEmpty ? 0 : y.withUnsafeBufferPointer { Kernels.sum($0) } / Double(y.count)
        return (y.map { $0 - mean }, mean)
    }

    /// Calls `body` with each centred block of rows and its row range.
    func forEachBlock(_ body: (Tensor, Range<Int>) throws -> Void) rethrows {
        var start = 0
        while start < n {
            let rows = min(Self.blockRows, n - start)
            var block = [Double](repeating: 0, count: rows * p)
            x.storage.withUnsafeBufferPointer { source in
                mean.withUnsafeBufferPointer { m in
                    block.withUnsafeMutableBufferPointer { out in
                        var k = 0, s = start * p
                        for _ in 0..<rows {
                            for j in 0..<p { out[k + j] = source[s + j] - m[j] }
                            k += p
                            s += p
                        }
                    }
                }
            }
            try body(Tensor(uncheckedRows: rows, columns: p, block), start..<(start + rows))
            start += rows
        }
    }

    /// XcᵀXc (p × p) by blocks of `dsyrk`.
    func gram() -> Tensor {
        var total = [Double](repeating: 0, count: p * p)
        forEachBlock { block, _ in
            let g = LinearAlgebra.gram(block).storage
            for i in total.indices { total[i] += g[i] }
        }
        return Tensor(uncheckedRows: p, columns: p, total)
    }

    /// XcᵀXc and Xcᵀv, v centred. When no column's mean exceeds 4 of its standard
    /// deviations, from one multithreaded `dsyrk` of X itself: XcᵀXc = XᵀX − n·x̄x̄ᵀ loses at
    /// most about 5 bits to cancellation there. Otherwise in one pass of centred blocks.
    func gramAndTransposeTimes(_ v: [Double]) -> (Tensor, [Double]) {
        if n >= 4 * Self.blockRows {
            var g = LinearAlgebra.gram(x).storage
            var small = true
            for j in 0..<p {
                let centred = g[j * p + j] - Double(n) * mean[j] * mean[j]
                if !(Double(n) * mean[j] * mean[j] <= 16 * centred) { small = false }
            }
            if small {
                for i in 0..<p {
                    for j in 0..<p { g[i * p + j] -= Double(n) * mean[i] * mean[j] }
                }
                // Xcᵀv = Xᵀv − x̄·Σv.
                let sum = v.withUnsafeBufferPointer { Kernels.sum($0) }
                var product = (try? Tensor(v).matmul(x).storage) ?? [Double](repeating: 0, count: p)
                for j in 0..<p { product[j] -= mean[j] * sum }
                return (Tensor(uncheckedRows: p, columns: p, g), product)
            }
        }
        var total = [Double](repeating: 0, count: p * p)
        var product = [Double](repeating: 0, count: p)
        forEachBlock { block, range in
            let g = LinearAlgebra.gram(block).storage
            for i in total.indices { total[i] += g[i] }
            if let part = try? Tensor(Array(v[range])).matmul(block).storage {
                for j in 0..<p { product[j] += part[j] }
            }
        }
        return (Tensor(uncheckedRows: p, columns: p, total), product)
    }

    /// Xcᵀv (`dgemv`, transposed) by blocks.
    func transposeTimes(_ v: [Double]) -> [Double] {
        var total = [Double](repeating: 0, count: p)
        forEachBlock { block, range in
            if let part = try? Tensor(Array(v[range])).matmul(block).storage {
                for j in 0..<p { total[j] += part[j] }
            }
        }
        return total
    }

    /// Xcᵀ(v − Xc·β) in one pass (the residual of a least-squares refinement step).
    func transposeTimesResidual(_ v: [Double], _ beta: [Double]) -> [Double] {
        var total = [Double](repeating: 0, count: p)
        let b = Tensor(beta)
        forEachBlock { block, range in
            guard var residual = try? block.matmul(b).storage else { return }
            for (k, i) in range.enumerated() { residual[k] = v[i] - residual[k] }
            if let part = try? Tensor(residual).matmul(block).storage {
                for j in 0..<p { total[j] += part[j] }
            }
        }
        return total
    }

    /// The full centred matrix (for the SVD solver and the dual ridge).
    func materialized() -> Tensor {
        var c = x.storage
        c.withUnsafeMutableBufferPointer { out in
            mean.withUnsafeBufferPointer { m in
                var k = 0
                for _ in 0..<n {
                    for j in 0..<p { out[k + j] -= m[j] }
                    k += p
                }
            }
        }
        return Tensor(uncheckedRows: n, columns: p, c)
    }
}

extension Tensor {
    /// A rows × columns matrix over storage whose count the caller guarantees.
    init(uncheckedRows rows: Int, columns: Int, _ storage: [Double]) {
        self = (try? Tensor(shape: [rows, columns], storage: storage)) ?? Tensor.zeros([rows, columns])
    }
}
