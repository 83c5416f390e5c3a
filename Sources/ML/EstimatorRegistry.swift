/// Every model kind Lathe knows, in the order `lathe builtins` lists them. The language's
/// model builtins (`logistic(C: 1)`), `:help` and model-file loading all read this list.
public enum EstimatorRegistry {
    public static let all: [any Estimator.Type] = ModelSpec.coreEstimators + [
        DecisionTree.self, RandomForest.self, GradientBoosting.self, KMeans.self,
    ]

    public static func named(_ name: String) -> (any Estimator.Type)? {
        all.first { $0.name == name }
    }
}

extension DecisionTree: LoadableEstimator {
    public static var fittedModelType: any FittedModel.Type { DecisionTreeModel.self }
}

extension RandomForest: LoadableEstimator {
    public static var fittedModelType: any FittedModel.Type { RandomForestModel.self }
}

extension GradientBoosting: LoadableEstimator {
    public static var fittedModelType: any FittedModel.Type { GradientBoostingModel.self }
}

extension KMeans: LoadableEstimator {
    public static var fittedModelType: any FittedModel.Type { KMeansModel.self }
}
