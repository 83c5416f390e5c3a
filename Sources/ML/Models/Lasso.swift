import Foundation
import Data
import Numeric

/// `lasso(alpha:)` and `elastic_net(alpha:, l1_ratio:)`: least squares with an L1 (and L2)
/// penalty, as scikit-learn's `Lasso` and `ElasticNet`: the minimizer of
/// 1/(2n)·‖y − Xw − b‖² + α·ρ·‖w‖₁ + α·(1 − ρ)/2·‖w‖², with ρ = `l1_ratio` (1 for lasso)
/// and the intercept b unpenalized, by coordinate descent on centred data. The penalty sets
/// coefficients exactly to zero, so it selects features.
/// - Complexity: O(n·p) per sweep, at most `max_iter` sweeps.
enum SparseLinearFit {
    static func parameters(l1Ratio: Bool) -> [ParameterSpec] {
        var specs = [
            ParameterSpec("alpha", .number(0...Double.infinity), default: .number(1),
                          doc: "penalty strength: larger values set more coefficients to zero"),
        ]
        if l1Ratio {
            specs.append(ParameterSpec("l1_ratio", .number(0...1), default: .number(0.5),
                                       doc: "the L1 share of the penalty: 1 is the lasso, 0 ridge"))
        }
        specs += [
            ParameterSpec("max_iter", .integer(1...1_000_000), default: .number(1000),
                          doc: "the most coordinate descent sweeps"),
            ParameterSpec("tol", .number(0...Double.infinity), default: .number(1e-4),
                          doc: "stop when the duality gap is at most tol·‖y − ȳ‖²"),
        ]
        return specs
    }

    static func fit(_ data: TrainingData, name: String, alpha: Double, l1Ratio: Double, maxIterations: Int, tol: Double,
                    context: FitContext) throws -> LinearPredictor {
        try context.checkpoint(0, name)
        let x = data.features, y = data.target
        let n = x.rows, p = x.columns
        let yMean = CenteredDesign.mean(y)
        var mean = [Double](repeating: 0, count: p)
        var coefficients = [Double](repeating: 0, count: p)
        if p > 0 && n > 0 {
            var columns = x.transposed().storage
            columns.withUnsafeMutableBufferPointer { c in
                for j in 0..<p {
                    let column = UnsafeBufferPointer(rebasing: c[(j * n)..<((j + 1) * n)])
                    let m = Kernels.sum(column) / Double(n)
                    mean[j] = m
                    for i in 0..<n { c[j * n + i] -= m }
                }
            }
            let solver = CoordinateDescent(columns: columns, rows: n, features: p, y: y.map { $0 - yMean })
            let scale = Double(n)
            let result = try solver.solve(l1: alpha * l1Ratio * scale, l2: alpha * (1 - l1Ratio) * scale,
                                          maxIterations: maxIterations, tol: tol) { sweep in
                try context.checkpoint(Double(sweep) / Double(maxIterations), "\(name): sweep \(sweep)")
            }
            if !result.converged {
                context.warn(ConvergenceWarning.message(
                    model: name, solver: "coordinate descent", iterations: maxIterations,
                    detail: "duality gap \(String(format: "%.4g", result.gap)) above the tolerance \(String(format: "%.4g", result.tolerance))"),
                    key: "\(name) convergence")
            }
            coefficients = result.coefficients
        }
        try context.checkpoint(1, name)
        return LinearPredictor(coefficients: coefficients, xMean: mean, yMean: yMean,
                               featureScales: FeatureSpread.standardDeviations(x))
    }
}

/// The convergence warning an iterative solver gives when it stops at `max_iter`, as
/// scikit-learn's `ConvergenceWarning`.
public enum ConvergenceWarning {
    public static func message(model: String, solver: String, iterations: Int, detail: String) -> String {
        "\(model) did not converge: \(solver) stopped at max_iter (\(iterations)) with \(detail); "
            + "raise max_iter, or scale the features (standardize())"
    }
}

/// `lasso(alpha:)`: scikit-learn's `Lasso` (see `SparseLinearFit`).
public struct Lasso: LoadableEstimator {
    public static let name = "lasso"
    public static let parameters: [ParameterSpec] = SparseLinearFit.parameters(l1Ratio: false)
    public static let tasks: Set<Task> = [.regression]
    public static let handlesMissingValues = false
    public static let summary = "linear regression with an L1 penalty (coordinate descent)"
    public static let fittedModelType: any FittedModel.Type = LassoModel.self

    public let parameters: Parameters
    public init(parameters: Parameters) { self.parameters = parameters }

    public func fit(_ data: TrainingData, context: FitContext) throws -> FittedModel {
        LassoModel(model: try SparseLinearFit.fit(
            data, name: Self.name, alpha: parameters.number("alpha"), l1Ratio: 1,
            maxIterations: parameters.integer("max_iter"), tol: parameters.number("tol"), context: context))
    }
}

/// `elastic_net(alpha:, l1_ratio:)`: scikit-learn's `ElasticNet` (see `SparseLinearFit`).
public struct ElasticNet: LoadableEstimator {
    public static let name = "elastic_net"
    public static let parameters: [ParameterSpec] = SparseLinearFit.parameters(l1Ratio: true)
    public static let tasks: Set<Task> = [.regression]
    public static let handlesMissingValues = false
    public static let summary = "linear regression with L1 and L2 penalties (coordinate descent)"
    public static let fittedModelType: any FittedModel.Type = ElasticNetModel.self

    public let parameters: Parameters
    public init(parameters: Parameters) { self.parameters = parameters }

    public func fit(_ data: TrainingData, context: FitContext) throws -> FittedModel {
        ElasticNetModel(model: try SparseLinearFit.fit(
            data, name: Self.name, alpha: parameters.number("alpha"), l1Ratio: parameters.number("l1_ratio"),
            maxIterations: parameters.integer("max_iter"), tol: parameters.number("tol"), context: context))
    }
}

/// A fitted `lasso`: its coefficients (many exactly zero) and intercept.
public struct LassoModel: FittedModel {
    public static let kind = "lasso"
    public let model: LinearPredictor
    public init(model: LinearPredictor) { self.model = model }
    public func predict(_ features: Tensor) throws -> [Double] { try model.predict(features) }
    public func predictProbabilities(_ features: Tensor) throws -> Tensor? { nil }
    public func encodeState() throws -> ModelState { model.state }
    public init(state: ModelState) throws { model = try LinearPredictor(state: state) }
}

/// A fitted `elastic_net`: its coefficients and intercept.
public struct ElasticNetModel: FittedModel {
    public static let kind = "elastic_net"
    public let model: LinearPredictor
    public init(model: LinearPredictor) { self.model = model }
    public func predict(_ features: Tensor) throws -> [Double] { try model.predict(features) }
    public func predictProbabilities(_ features: Tensor) throws -> Tensor? { nil }
    public func encodeState() throws -> ModelState { model.state }
    public init(state: ModelState) throws { model = try LinearPredictor(state: state) }
}

extension LassoModel: LinearCoefficients {
    public var coefficientMatrix: [Double] { model.coefficients }
    public var interceptValues: [Double] { [model.intercept] }
    public var featureScales: [Double]? { model.featureScales }
}

extension ElasticNetModel: LinearCoefficients {
    public var coefficientMatrix: [Double] { model.coefficients }
    public var interceptValues: [Double] { [model.intercept] }
    public var featureScales: [Double]? { model.featureScales }
}
