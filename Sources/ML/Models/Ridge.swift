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
    public static let supportsSampleWeights = true
    public static let fittedModelType: any FittedModel.Type = RidgeModel.self

    public let parameters: Parameters
    public init(parameters: Parameters) { self.parameters = parameters }

    public func fit(_ data: TrainingData, context: FitContext) throws -> FittedModel {
        try context.checkpoint(0, "ridge")
        let alpha = parameters.number("alpha")
        let x = data.features, y = data.target
        let p = x.columns, n = x.rows
        if let weights = data.weights {
            let weighted = WeightedLeastSquares(x, y, weights: weights)
            let coefficients = p > 0 ? try weighted.ridge(alpha: alpha) : []
            try context.checkpoint(1, "ridge")
            return RidgeModel(model: LinearPredictor(coefficients: coefficients, xMean: weighted.xMean, yMean: weighted.yMean,
                                                     featureScales: FeatureSpread.standardDeviations(x)))
        }
        var coefficients: [Double] = []
        var mean = [Double](repeating: 0, count: p)
        let yMean = CenteredDesign.mean(y)
        if p > 0 {
            var design: CenteredDesign?
            do {
                if p > n {
                    let centred = CenteredDesign(x)
                    design = centred
                    mean = centred.mean
                    let xc = centred.materialized()
                    var kernel = try xc.matmul(xc.transposed())
                    for i in 0..<n { kernel.storage[i * n + i] += alpha }
                    let dual = try LinearAlgebra.choleskySolve(kernel, Tensor(y.map { $0 - yMean }))
                    coefficients = try dual.matmul(xc).storage
                } else {
                    let system = NormalEquations(x, y)
                    design = system.design
                    mean = system.design.mean
                    var a = system.gram
                    for j in 0..<p { a.storage[j * p + j] += alpha }
                    coefficients = try LinearAlgebra.choleskySolve(a, Tensor(system.xty)).storage
                }
            } catch NumericError.singularMatrix {
                let centred = design ?? CenteredDesign(x)
                mean = centred.mean
                coefficients = try LinearAlgebra.leastSquares(centred.materialized(), Tensor(y.map { $0 - yMean })).storage
            }
        }
        try context.checkpoint(1, "ridge")
        return RidgeModel(model: LinearPredictor(coefficients: coefficients, xMean: mean, yMean: yMean,
                                                       featureScales: FeatureSpread.standardDeviations(x)))
    }
}

/// A fitted `ridge`: its coefficients and intercept.
public struct RidgeModel: FittedModel {
    public static let kind = "ridge"
    public let model: LinearPredictor
    public init(model: LinearPredictor) { self.model = model }
    public func predict(_ features: Tensor) throws -> [Double] { try model.predict(features) }
    public func predictProbabilities(_ features: Tensor) throws -> Tensor? { nil }
    public func encodeState() throws -> ModelState { model.state }
    public init(state: ModelState) throws { model = try LinearPredictor(state: state) }
}

extension RidgeModel: LinearCoefficients {
    public var coefficientMatrix: [Double] { model.coefficients }
    public var interceptValues: [Double] { [model.intercept] }
    public var featureScales: [Double]? { model.featureScales }
}
