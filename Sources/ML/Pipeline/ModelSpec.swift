import LatheCore
import Data
import Numeric

/// An unfitted model as a user writes it, `logistic(C: 0.5)`: the estimator and its
/// validated parameters (defaults filled in).
public struct ModelSpec: Sendable {
    public let estimator: any Estimator
    public var name: String
    public var parameters: Parameters

    public init(estimator: any Estimator) {
        self.estimator = estimator
        self.name = type(of: estimator).name
        self.parameters = estimator.parameters
    }

    /// The estimator's type: its declared parameters, tasks and summary.
    public var estimatorType: any Estimator.Type { type(of: estimator) }

    /// Builds a spec from the name a user typed and the values given. An unknown name is
    /// `MLError.unknownModel` listing the known ones; unknown parameters or invalid values
    /// list the valid ones.
    public static func make(name: String, given: [String: Scalar], registry: [any Estimator.Type]) throws -> ModelSpec {
        guard let type = registry.first(where: { $0.name == name }) else {
            throw MLError.unknownModel(name: name, known: registry.map { $0.name })
        }
        return ModelSpec(estimator: try type.make(given))
    }

    /// The same model with some parameters changed (for tuning), validated again.
    public func with(_ changes: [String: Scalar]) throws -> ModelSpec {
        var values = parameters.values
        for (key, value) in changes { values[key] = value }
        return ModelSpec(estimator: try estimatorType.make(values))
    }

    /// The estimator rebuilt from `parameters` (which callers may have replaced).
    var currentEstimator: any Estimator {
        parameters == estimator.parameters ? estimator : estimatorType.init(parameters: parameters)
    }

    /// The models written in this part of the ML module; `EstimatorRegistry` lists them all.
    public static let coreEstimators: [any Estimator.Type] = [
        LinearRegression.self, Ridge.self, Lasso.self, ElasticNet.self, LogisticRegression.self, KNearestNeighbors.self, GaussianNaiveBayes.self,
    ]
}

extension ModelSpec: CustomStringConvertible {
    /// `logistic(C: 1, max_iter: 100, tol: 0.0001)`, parameters in declaration order.
    public var description: String {
        let args = estimatorType.parameters.map { spec in "\(spec.name): \(parameters.values[spec.name] ?? spec.defaultValue)" }
        return "\(name)(\(args.joined(separator: ", ")))"
    }
}

/// An estimator whose fitted models the codec can load: it names its `FittedModel` type.
/// Every estimator listed in a registry given to `ModelCodec.decode` should conform.
public protocol LoadableEstimator: Estimator {
    static var fittedModelType: any FittedModel.Type { get }
}
