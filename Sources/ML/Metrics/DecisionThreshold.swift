import Data
import Numeric

/// Decision thresholds for binary classifiers: predicting with a threshold other than the
/// model's own rule, and choosing the threshold that maximises a metric on held-out rows.
///
/// A row is predicted positive (the second class, `classes[1]`) when its positive-class
/// probability is ≥ the threshold, as scikit-learn's `FixedThresholdClassifier` and the
/// thresholds of `roc_curve` / `precision_recall_curve`.
public enum DecisionThreshold {
    /// The metrics `best_threshold` can maximise, all computed from the confusion counts at
    /// each threshold with scikit-learn's definitions (a 0/0 ratio is 0).
    public static let metrics = ["f1", "f1_macro", "accuracy", "balanced_accuracy", "precision", "recall"]

    /// The positive-class probability of each row of a binary model; other tasks are refused.
    public static func positiveScores(_ model: TrainedModel, _ frame: Frame, purpose: String) throws -> [Double] {
        guard model.task == .binary else {
            let what = model.task == .multiclass ? "a multiclass model (\(model.classes.count) classes)" : "a \(model.task.rawValue) model"
            throw MLError.invalidData("\(purpose) needs a binary model, found \(what)",
                                      hint: model.task == .multiclass ? "compare the columns of predict_proba instead"
                                                                      : "thresholds apply to the probability of a positive class")
        }
        guard let probabilities = try model.predictProbabilities(frame) else {
            throw MLError.invalidData("\(model.spec.name) gives no probabilities to threshold", hint: nil)
        }
        let columns = probabilities.rank == 1 ? 1 : probabilities.columns
        return (0..<probabilities.rows).map { probabilities.storage[$0 * columns + (columns == 1 ? 0 : 1)] }
    }

    /// Predicted labels (in the target's type, column `prediction`): `classes[1]` where the
    /// positive probability is ≥ `threshold`, else `classes[0]`.
    public static func predict(_ model: TrainedModel, _ frame: Frame, threshold: Double) throws -> Column {
        guard threshold.isFinite, threshold >= 0, threshold <= 1 else {
            throw MLError.invalidData("threshold must be a probability from 0 to 1, found \(threshold)", hint: nil)
        }
        let scores = try positiveScores(model, frame, purpose: "predict(threshold:)")
        guard let targetEncoding = model.targetEncoding else { throw MLError.corruptModel("a classifier without classes") }
        return targetEncoding.labels(scores.map { $0 >= threshold ? 1 : 0 }, name: "prediction")
    }

    /// The threshold among the distinct positive-class probabilities that maximises `metric`
    /// on `frame` (which must hold the target), and that metric's value there. Ties go to the
    /// lowest such threshold (the first maximum, scanning thresholds in increasing order).
    public static func best(_ model: TrainedModel, _ frame: Frame, metric: String) throws -> (threshold: Double, score: Double) {
        guard metrics.contains(metric) else {
            throw MLError.invalidData("best_threshold cannot maximise '\(metric)'", hint: "metrics: \(metrics.joined(separator: ", "))")
        }
        guard frame.rowCount > 0 else { throw MLError.invalidData("best_threshold needs at least one row, found 0", hint: nil) }
        let scores = try positiveScores(model, frame, purpose: "best_threshold")
        let positive = try model.targetIndices(frame).map { $0 == 1 }
        return try best(positive: positive, scores: scores, metric: metric)
    }

    /// `best` on plain truth and scores; both classes must occur.
    public static func best(positive: [Bool], scores: [Double], metric: String) throws -> (threshold: Double, score: Double) {
        guard let (tps, fps, thresholds) = ClassificationMetrics.binaryCurveCounts(positive: positive, scores: scores),
              let p = tps.last, let n = fps.last, p > 0, n > 0 else {
            throw MLError.invalidData("best_threshold needs both classes in the data's target", hint: nil)
        }
        var best: (threshold: Double, score: Double)? = nil
        // Counts come highest threshold first; scan lowest first so the first maximum is the lowest.
        for i in stride(from: thresholds.count - 1, through: 0, by: -1) {
            let value = score(metric, tp: tps[i], fp: fps[i], fn: p - tps[i], tn: n - fps[i])
            if best == nil || value > best!.score { best = (thresholds[i], value) }
        }
        return best ?? (.nan, .nan)
    }

    static func score(_ metric: String, tp: Double, fp: Double, fn: Double, tn: Double) -> Double {
        func ratio(_ a: Double, _ b: Double) -> Double { b == 0 ? 0 : a / b }
        switch metric {
        case "precision": return ratio(tp, tp + fp)
        case "recall": return ratio(tp, tp + fn)
        case "accuracy": return (tp + tn) / (tp + fp + fn + tn)
        case "balanced_accuracy": return (ratio(tp, tp + fn) + ratio(tn, tn + fp)) / 2
        case "f1_macro": return (ratio(2 * tp, 2 * tp + fp + fn) + ratio(2 * tn, 2 * tn + fn + fp)) / 2
        default: return ratio(2 * tp, 2 * tp + fp + fn)
        }
    }
}
