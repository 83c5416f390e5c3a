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
    public static let supportsSampleWeights = true
    public static let fittedModelType: any FittedModel.Type = LinearRegressionModel.self

    public let parameters: Parameters
    public init(parameters: Parameters) { self.parameters = parameters }

    /// Above this condition number of XcᵀXc the normal equations give way to the SVD solver.
    static let maxNormalEquationCondition = 1e10

    public func fit(_ data: TrainingData, context: FitContext) throws -> FittedModel {
        try context.checkpoint(0, "linear")
        let x = data.features, y = data.target
        if let weights = data.weights {
            let weighted = WeightedLeastSquares(x, y, weights: weights)
            let coefficients = x.columns > 0 ? try weighted.leastSquares() : []
            try context.checkpoint(1, "linear")
            return LinearRegressionModel(model: LinearPredictor(coefficients: coefficients, xMean: weighted.xMean,
                                                                yMean: weighted.yMean,
                                                                featureScales: FeatureSpread.standardDeviations(x)))
        }
        var coefficients: [Double] = []
        var mean = [Double](repeating: 0, count: x.columns)
        let yMean = CenteredDesign.mean(y)
        if x.columns > 0 {
            let system = x.rows >= x.columns ? NormalEquations(x, y) : nil
            let design = system?.design ?? CenteredDesign(x)
            mean = design.mean
            if let system, let solved = try solve(system) {
                coefficients = solved
            } else {
                coefficients = try LinearAlgebra.leastSquares(design.materialized(), Tensor(y.map { $0 - yMean })).storage
            }
        }
        try context.checkpoint(1, "linear")
        return LinearRegressionModel(model: LinearPredictor(coefficients: coefficients, xMean: mean, yMean: yMean,
                                                                  featureScales: FeatureSpread.standardDeviations(x)))
    }

    /// β from (XcᵀXc)β = Xcᵀyc, refined twice against the residual when κ > 1e6; nil when
    /// ill-conditioned.
    private func solve(_ system: NormalEquations) throws -> [Double]? {
        let eigen = try LinearAlgebra.symmetricEigen(system.gram).values.storage
        guard let low = eigen.first, let high = eigen.last, low > 0 else { return nil }
        let condition = high / low
        guard condition <= Self.maxNormalEquationCondition else { return nil }
        var beta = try LinearAlgebra.choleskySolve(system.gram, Tensor(system.xty)).storage
        if condition > 1e6 {
            let yc = system.y.map { $0 - system.yMean }
            for _ in 0..<2 {
                let residual = system.design.transposeTimesResidual(yc, beta)
                let delta = try LinearAlgebra.choleskySolve(system.gram, Tensor(residual)).storage
                for j in beta.indices { beta[j] += delta[j] }
            }
        }
        return beta
    }
}

/// A fitted `linear`: its coefficients and intercept.
public struct LinearRegressionModel: FittedModel {
    public static let kind = "linear"
    public let model: LinearPredictor
    public init(model: LinearPredictor) { self.model = model }
    public func predict(_ features: Tensor) throws -> [Double] { try model.predict(features) }
    public func predictProbabilities(_ features: Tensor) throws -> Tensor? { nil }
    public func encodeState() throws -> ModelState { model.state }
    public init(state: ModelState) throws { model = try LinearPredictor(state: state) }
}

extension LinearRegressionModel: LinearCoefficients {
    public var coefficientMatrix: [Double] { model.coefficients }
    public var interceptValues: [Double] { [model.intercept] }
    public var featureScales: [Double]? { model.featureScales }
}

/// y = X·β + b, shared by `linear` and `ridge`.
public struct LinearPredictor: Sendable, Equatable {
    public let coefficients: [Double]
    public let intercept: Double
    /// Each feature's training std (for `m.importance`); nil in model files saved before it.
    public let featureScales: [Double]?
    /// Each feature's training mean x̄ (for `explain`); nil in model files saved before it.
    public let featureMeans: [Double]?

    /// scikit-learn's `_set_intercept`: b = ȳ − x̄·β.
    init(coefficients: [Double], xMean: [Double], yMean: Double, featureScales: [Double]?) {
        self.coefficients = coefficients
        self.featureScales = featureScales
        featureMeans = xMean.count == coefficients.count ? xMean : nil
        var dot = 0.0
        for j in coefficients.indices { dot += xMean[j] * coefficients[j] }
        self.intercept = yMean - dot
    }

    init(state: ModelState) throws {
        coefficients = try state.array("coefficients")
        intercept = try state.scalar("intercept")
        featureScales = state.arrays["feature_std"]
        if let featureScales, featureScales.count != coefficients.count {
            throw MLError.corruptModel("feature_std has \(featureScales.count) values for \(coefficients.count) coefficients")
        }
        featureMeans = state.arrays["feature_mean"]
        if let featureMeans, featureMeans.count != coefficients.count {
            throw MLError.corruptModel("feature_mean has \(featureMeans.count) values for \(coefficients.count) coefficients")
        }
    }

    var state: ModelState {
        var state = ModelState()
        state.arrays["coefficients"] = coefficients
        state.arrays["intercept"] = [intercept]
        if let featureScales { state.arrays["feature_std"] = featureScales }
        if let featureMeans { state.arrays["feature_mean"] = featureMeans }
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

/// The normal equations of centred least squares: XcᵀXc, Xcᵀ(y − ȳ), the column means.
///
/// For large n (≥ 16384 rows) from one pass over X: blocks [X_b | 1 | y_b] go through BLAS
/// `dsyrk`, giving XᵀX, the column sums, Xᵀy and Σy at once, and XcᵀXc = XᵀX − s·sᵀ/n.
/// That subtraction cancels digits when a mean is large against its spread, so the pass is
/// used only when every column of X and y has |mean| ≤ 4·std (at most ~5 bits lost);
/// otherwise, and for small n, a first pass takes the means and a second the centred blocks.
struct NormalEquations {
    let design: CenteredDesign
    let gram: Tensor
    let xty: [Double]
    let y: [Double]
    let yMean: Double

    static let onePassRows = 16_384

    init(_ x: Tensor, _ y: [Double]) {
        self.y = y
        if x.rows >= Self.onePassRows, let moments = Self.onePass(x, y) {
            design = CenteredDesign(x, mean: moments.mean)
            gram = moments.gram
            xty = moments.xty
            yMean = moments.yMean
        } else {
            let centred = CenteredDesign(x), m = CenteredDesign.mean(y)
            design = centred
            yMean = m
            (gram, xty) = centred.gramAndTransposeTimes(y.map { $0 - m })
        }
    }

    static func onePass(_ x: Tensor, _ y: [Double]) -> (mean: [Double], yMean: Double, gram: Tensor, xty: [Double])? {
        let n = x.rows, p = x.columns, w = p + 2
        var a = [Double](repeating: 0, count: w * w)
        var start = 0
        while start < n {
            let rows = min(CenteredDesign.blockRows, n - start)
            var block = [Double](repeating: 1, count: rows * w)
            x.storage.withUnsafeBufferPointer { source in
                block.withUnsafeMutableBufferPointer { out in
                    for i in 0..<rows {
                        let s = (start + i) * p, o = i * w
                        for j in 0..<p { out[o + j] = source[s + j] }
                        out[o + p + 1] = y[start + i]
                    }
                }
            }
            let g = LinearAlgebra.gram(Tensor(uncheckedRows: rows, columns: w, block)).storage
            for k in a.indices { a[k] += g[k] }
            start += rows
        }
        let count = Double(n)
        let sums = (0..<(p + 2)).map { a[$0 * w + p] }
        let mean = (0..<p).map { sums[$0] / count }
        let yMean = sums[p + 1] / count
        var gram = [Double](repeating: 0, count: p * p)
        for i in 0..<p {
            for j in 0..<p { gram[i * p + j] = a[i * w + j] - sums[i] * sums[j] / count }
        }
        let xty = (0..<p).map { a[$0 * w + p + 1] - sums[$0] * sums[p + 1] / count }
        // Cancellation guard: n·mean² ≤ 16·Σ(x − x̄)² for every column and for y.
        for j in 0..<p where !(count * mean[j] * mean[j] <= 16 * gram[j * p + j]) { return nil }
        let yCentred = a[(p + 1) * w + p + 1] - sums[p + 1] * sums[p + 1] / count
        guard count * yMean * yMean <= 16 * yCentred else { return nil }
        return (mean, yMean, Tensor(uncheckedRows: p, columns: p, gram), xty)
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

    /// Column means by Numeric's pairwise `mean(axis: 0)`, as numpy's.
    init(_ x: Tensor) {
        self.init(x, mean: x.rows > 0 ? ((try? x.mean(axis: 0).storage) ?? [Double](repeating: 0, count: x.columns))
                                      : [Double](repeating: 0, count: x.columns))
    }

    init(_ x: Tensor, mean: [Double]) {
        self.x = x
        self.mean = mean
    }

    /// ȳ (pairwise sum); 0 for no values.
    static func mean(_ y: [Double]) -> Double {
        y.isEmpty ? 0 : y.withUnsafeBufferPointer { Kernels.sum($0) } / Double(y.count)
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

    /// XcᵀXc and Xcᵀv in one pass of centred blocks.
    func gramAndTransposeTimes(_ v: [Double]) -> (Tensor, [Double]) {
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
