import Data
import LatheCore
import ML
import VM

/// `m.coefficients` and `m.importance` as datasets, the errors for models without them, and
/// the top features a printed model shows.
enum ModelExplanationFields {
    /// How many features a printed model lists.
    static let printedFeatures = 5

    /// `feature` (the intercept row is `(intercept)`, first), then `coefficient`, or one
    /// column per class for multiclass logistic.
    static func coefficients(_ model: TrainedModel) throws -> Value {
        guard let table = model.coefficients() else {
            let importance = model.importanceUnavailableReason == nil
                ? "use m.importance for its feature importances"
                : "only linear models (linear, ridge, lasso, elastic_net, logistic) have coefficients"
            throw RuntimeError("\(model.spec.name) is not a linear model, so it has no coefficients", hint: importance)
        }
        var columns: [Column] = [.strings("feature", table.features)]
        for (name, values) in zip(table.outputs, table.values) { columns.append(.numeric(name, values)) }
        return .object(DatasetObject(try library { try Frame(columns: columns) }, target: nil))
    }

    /// `feature` and `importance`, largest first.
    static func importance(_ model: TrainedModel) throws -> Value {
        guard let importance = model.importance() else {
            throw RuntimeError(model.importanceUnavailableReason ?? "\(model.spec.name) has no feature importance",
                               hint: model.task == .clustering ? nil : "permutation_importance(m, held_out_data) measures any model")
        }
        return .object(DatasetObject(try library {
            try Frame(columns: [.strings("feature", importance.features), .numeric("importance", importance.values)])
        }, target: nil))
    }

    /// `explain`'s dataset: `class` (classifiers: the class explained), `base_value` (shap's
    /// `base_values`), then one contribution column per model feature.
    static func contributionFrame(_ result: FeatureContributions) throws -> Frame {
        let n = result.baseValues.count, p = result.features.count
        var columns: [Column] = []
        if let classes = result.classes { columns.append(.strings("class", classes)) }
        columns.append(.numeric("base_value", result.baseValues))
        let reserved = Set(columns.map(\.name))
        for (j, name) in result.features.enumerated() {
            guard !reserved.contains(name) else {
                throw RuntimeError("explain() names its own column '\(name)', which is also a feature of the model",
                                   hint: "rename the feature column before training")
            }
            columns.append(.numeric(name, (0..<n).map { result.values[$0 * p + j] }))
        }
        return try library { try Frame(columns: columns) }
    }

    /// `  top features (impurity): petal_length 0.56, …`, or nil where the model has none.
    static func summaryLine(_ model: TrainedModel) -> String? {
        guard let importance = model.importance(), !importance.features.isEmpty else { return nil }
        let shown = zip(importance.features, importance.values).prefix(printedFeatures).map { name, value in
            "\(name) \(Scalar.format(number: (value * 1000).rounded() / 1000))"
        }
        let more = importance.features.count > printedFeatures ? ", …" : ""
        return "  top features (\(importance.method)): \(shown.joined(separator: ", "))\(more)"
    }
}
