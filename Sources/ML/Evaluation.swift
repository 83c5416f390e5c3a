import Data
import Numeric

/// `evaluate(model, data)`: runs the model on a frame that has the target column and computes
/// the metrics that fit its task.
public enum Evaluation {
    public static func evaluate(_ model: TrainedModel, on frame: Frame) throws -> EvaluationReport {
        // Every metric of zero rows is 0/0; a NaN report that exits 0 hides an empty filter or split.
        guard frame.rowCount > 0 else { throw MLError.noRowsToEvaluate }
        switch model.task {
        case .binary, .multiclass:
            let truth = try model.targetIndices(frame)
            let predicted = try model.predictIndices(frame)
            let probabilities = try model.predictProbabilities(frame)
            return ClassificationMetrics.compute(
                truth: truth, predicted: predicted, probabilities: probabilities, classes: model.classes)
        case .regression:
            return RegressionMetrics.compute(truth: try model.targetValues(frame), predicted: try model.predictValues(frame))
        case .clustering:
            let features = try model.features(frame)
            return ClusteringMetrics.compute(features: features, labels: try model.predictIndices(frame), inertia: nil)
        }
    }
}
