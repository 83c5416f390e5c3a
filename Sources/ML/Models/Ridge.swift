import Data
import Numeric

/// `ridge(alpha:)`: least squares with an L2 penalty α‖β‖² on the coefficients (the
/// intercept is not penalized), as scikit-learn's `Ridge` with its `cholesky` solver: on
/// centred data, (XcᵀXc + αI)β = Xcᵀyc by LAPACK's Cholesky `dposv`; when there are more
/// features than rows, the dual (XcXcᵀ + αI)a = yc, β = Xcᵀa. With α = 0 and a singular
/// system it falls back to the minimum-norm least-squares solution, as scikit-learn does.
/// - Complexity: O(n·p² + p³) (O(n²·p + n³) in the dual).
public struct Ridge: LoadableEstimator {
    public static let name = "ridge"
    public static let parameters: [ParameterSpec] = [
        ParameterSpec("alpha", .number(0...Double.infinity), default: .number(1),
                      doc: "penalty strength: larger values shrink the coefficients more"),
    ]
    public static let tasks: Set<Task> = [.regression]
    public static let handlesMissingValues = false
    public static let summary = "linear regression with an L2 penalty"
    public static let fittedModelType: any FittedModel.Type = Fitted.self

    public let parameters: Parameters
    public init(parameters: Parameters) { self.parameters = parameters }

    public func fit(_ data: TrainingData, context: FitContext) throws -> FittedModel {
        try context.checkpoint(0, "ridge")
        let alpha = parameters.number("alpha")
        let design = CenteredDesign(data.features)
        let (yc, yMean) = CenteredDesign.center(data.target)
        let p = design.p, n = design.n
        var coefficients: [Double] = []
        if p > 0 {
            do {
                if p > n {
                    let xc = design.materialized()
                    var kernel = try xc.matmul(xc.transposed())
                    for i in 0..<n { kernel.storage[i * n + i] += alpha }
                    let dual = try LinearAlgebra.choleskySolve(kernel, Tensor(yc))
                    coefficients = try dual.matmul(xc).storage
                } else {
                    var (a, xty) = design.gramAndTransposeTimes(yc)
                    for j in 0..<p { a.storage[j * p + j] += alpha }
                    coefficients = try LinearAlgebra.choleskySolve(a, Tensor(xty)).storage
                }
            } catch NumericError.singularMatrix {
                coefficients = try LinearAlgebra.leastSquares(design.materialized(), Tensor(yc)).storage
            }
        }
        try context.checkpoint(1, "ridge")
        return Fitted(model: LinearPredictor(coefficients: coefficients, xMean: design.mean, yMean: yMean))
    }

    public struct Fitted: FittedModel {
        public static let kind = "ridge"
        public let model: LinearPredictor
        public init(model: LinearPredictor) { self.model = model }
        public func predict(_ features: Tensor) throws -> [Double] { try model.predict(features) }
        public func predictProbabilities(_ features: Tensor) throws -> Tensor? { nil }
        public func encodeState() throws -> ModelState { model.state }
        public init(state: ModelState) throws { model = try LinearPredictor(state: state) }
    }
}
