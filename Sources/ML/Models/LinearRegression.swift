import Data
import Numeric

/// `linear()`: ordinary least squares with an intercept, as scikit-learn's
/// `LinearRegression`: X and y are centred on their means, the minimum-norm least-squares
/// solution of Xc·β ≈ yc comes from LAPACK's SVD solver (`dgelsd`, so rank-deficient data
/// is fine), and the intercept is ȳ − x̄·β.
/// - Complexity: O(n·p²) time, one centred copy of X.
public struct LinearRegression: LoadableEstimator {
    public static let name = "linear"
    public static let parameters: [ParameterSpec] = []
    public static let tasks: Set<Task> = [.regression]
    public static let handlesMissingValues = false
    public static let summary = "ordinary least squares linear regression"
    public static let fittedModelType: any FittedModel.Type = Fitted.self

    public let parameters: Parameters
    public init(parameters: Parameters) { self.parameters = parameters }

    public func fit(_ data: TrainingData, context: FitContext) throws -> FittedModel {
        try context.checkpoint(0, "linear")
        let (centered, xMean, yc, yMean) = LinearModelSupport.center(data)
        let coefficients = try LinearAlgebra.leastSquares(centered, Tensor(yc)).storage
        try context.checkpoint(1, "linear")
        return Fitted(model: LinearPredictor(coefficients: coefficients, xMean: xMean, yMean: yMean))
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

enum LinearModelSupport {
    /// Column means of X, X − x̄, y − ȳ and ȳ. - Complexity: O(n·p).
    static func center(_ data: TrainingData) -> (Tensor, [Double], [Double], Double) {
        let x = data.features, n = x.rows, p = x.columns
        let xMean = columnMeans(x)
        var centered = x.storage
        centered.withUnsafeMutableBufferPointer { c in
            xMean.withUnsafeBufferPointer { m in
                var k = 0
                for _ in 0..<n {
                    for j in 0..<p { c[k + j] -= m[j] }
                    k += p
                }
            }
        }
        let yMean = data.target.withUnsafeBufferPointer { Kernels.sum($0) } / Double(max(n, 1))
        let yc = data.target.map { $0 - yMean }
        return ((try? Tensor(shape: [n, p], storage: centered)) ?? x, xMean, yc, yMean)
    }

    /// Column means, pairwise-summed per column like numpy's `mean(axis=0)` on row-major data.
    static func columnMeans(_ x: Tensor) -> [Double] {
        let n = x.rows, p = x.columns
        guard n > 0 else { return [Double](repeating: 0, count: p) }
        return (try? x.mean(axis: 0).storage) ?? [Double](repeating: 0, count: p)
    }
}
