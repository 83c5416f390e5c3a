import Data
import Numeric

/// `cross_validate` and `tune`: k-fold scores of a model spec with its preprocessing, and
/// grid or random search over its parameters.
///
/// Folds come from `Splitter.kfold` (seeded; stratified by the target on request), and every
/// fold trains a fresh model with `Trainer.train` — preprocessing is fitted on the fold's
/// training rows only — and scores it on the fold's held-out rows with the metric's
/// `EvaluationReport` definition.
///
/// Metrics: any name of the task's report (`EvaluationReport.metricNames(for:)`). The default
/// is `accuracy` for classification, `r2` for regression and `silhouette` for clustering.
/// `mse`, `rmse`, `mae`, `log_loss`, `mape` and `inertia` are losses (lower is better);
/// every other metric is a score (higher is better). `roc_auc` and `log_loss` need a model
/// with probabilities.
public enum ModelSelection {
    /// The default metric of a task.
    public static func defaultMetric(for task: Task) -> String {
        switch task {
        case .binary, .multiclass: return "accuracy"
        case .regression: return "r2"
        case .clustering: return "silhouette"
        }
    }

    /// Per-fold scores of `spec` on `data`, their mean and their standard deviation (population,
    /// ddof = 0, like numpy's `std` of scikit-learn's `cross_val_score`). `stratify` deals each
    /// class's rows evenly over the folds (classification only; ignored otherwise).
    /// The task is inferred from the whole of `data`, so every fold trains the same kind of model.
    public static func crossValidate(_ spec: ModelSpec, prep: [PreprocessorSpec], data: Frame, target: String?, k: Int,
                                     metric: String?, seed: UInt64, stratify: Bool, context: FitContext) throws
        -> (scores: [Double], mean: Double, std: Double, metric: String) {
        let setup = try Setup(spec, data: data, target: target, metric: metric, operation: "cross_validate")
        let folds = try setup.folds(data, k: k, seed: seed, stratify: stratify)
        let scores = try foldScores(spec, prep: prep, folds: folds, setup: setup, context: context) { fold in
            (Double(fold) / Double(folds.count), "cross_validate: fold \(fold + 1) of \(folds.count)")
        }
        try context.checkpoint(1, "cross_validate: done")
        let (mean, std) = meanAndStd(scores)
        return (scores, mean, std, setup.metric)
    }

    // MARK: Shared by cross_validate and tune

    /// The task, target column and metric of a model-selection run, checked once up front.
    struct Setup {
        var task: Task
        var target: String?
        var targetColumn: Column?
        var metric: String
        var operation: String

        init(_ spec: ModelSpec, data: Frame, target: String?, metric: String?, operation: String) throws {
            var column: Column?
            if let target {
                guard let index = data.columnIndex(named: target) else {
                    throw MLError.unknownColumn(name: target, available: data.columnNames)
                }
                column = data.columns[index]
            }
            task = try Trainer.inferTask(target: column, model: spec.estimatorType, requested: nil)
            self.target = target
            targetColumn = column
            self.operation = operation
            let valid = EvaluationReport.metricNames(for: task)
            let chosen = metric ?? ModelSelection.defaultMetric(for: task)
            guard valid.contains(chosen) else {
                throw MLError.invalidParameter(model: operation, name: "metric",
                                               expected: "one of " + valid.map { "\"\($0)\"" }.joined(separator: ", ")
                                                   + " for a \(task.rawValue) task",
                                               found: "\"\(chosen)\"")
            }
            self.metric = chosen
        }

        var lowerIsBetter: Bool { EvaluationReport.isLowerBetter(metric) }

        /// Every class in a fold's held-out rows must occur in its training rows, or the fold's
        /// model could not name it.
        func checkClasses(_ fold: (train: Frame, test: Frame), number: Int, of count: Int) throws {
            guard task.isClassification, let target,
                  let trainIndex = fold.train.columnIndex(named: target),
                  let testIndex = fold.test.columnIndex(named: target) else { return }
            let train = fold.train.columns[trainIndex], test = fold.test.columns[testIndex]
            let seen = Set((0..<train.count).map { train.formatted(at: $0) })
            for row in 0..<test.count where !seen.contains(test.formatted(at: row)) {
                throw MLError.invalidData(
                    "\(operation): fold \(number) of \(count) holds out class '\(test.formatted(at: row))', which none of its training rows have",
                    hint: "use stratified folds (stratify: true) or fewer folds (k:)")
            }
        }

        /// k seeded folds; stratified by the target when asked and the task classifies.
        func folds(_ data: Frame, k: Int, seed: UInt64, stratify: Bool) throws -> [(train: Frame, test: Frame)] {
            let by = stratify && task.isClassification ? targetColumn : nil
            do {
                return try Splitter.kfold(data, k: k, seed: seed, stratifyBy: by, allowingSingletons: true)
            } catch let error as DataError {
                throw MLError.invalidData("\(operation): \(error.description)",
                                          hint: "k must be between 2 and the number of rows")
            }
        }
    }

    /// Trains on each fold's training rows and scores its held-out rows.
    static func foldScores(_ spec: ModelSpec, prep: [PreprocessorSpec], folds: [(train: Frame, test: Frame)],
                           setup: Setup, context: FitContext,
                           progress: (Int) -> (Double, String)) throws -> [Double] {
        var scores: [Double] = []
        scores.reserveCapacity(folds.count)
        for (i, fold) in folds.enumerated() {
            let (fraction, message) = progress(i)
            try context.checkpoint(fraction, message)
            try setup.checkClasses(fold, number: i + 1, of: folds.count)
            let model = try Trainer.train(spec, prep: prep, data: fold.train, target: setup.target, task: setup.task,
                                          validation: nil, context: context)
            scores.append(try score(model, on: fold.test, metric: setup.metric))
        }
        return scores
    }

    /// `metric` of `model` on `frame` (which holds the target, except for clustering).
    public static func score(_ model: TrainedModel, on frame: Frame, metric: String) throws -> Double {
        let report: EvaluationReport
        switch model.task {
        case .binary, .multiclass:
            let needsProbabilities = metric == "roc_auc" || metric == "log_loss" || metric == "average_precision"
            let probabilities = needsProbabilities ? try model.predictProbabilities(frame) : nil
            if needsProbabilities && probabilities == nil {
                throw MLError.invalidData("\(model.spec.name) gives no class probabilities, so it has no \(metric)",
                                          hint: "choose another metric: accuracy, balanced_accuracy, precision, recall, f1, f1_macro, f1_weighted")
            }
            report = ClassificationMetrics.compute(truth: try model.targetIndices(frame),
                                                   predicted: try model.predictIndices(frame),
                                                   probabilities: probabilities, classes: model.classes)
        case .regression:
            report = RegressionMetrics.compute(truth: try model.targetValues(frame), predicted: try model.predictValues(frame))
        case .clustering:
            let features = try model.features(frame)
            let labels = try model.predictIndices(frame)
            // Inertia of held-out rows is computed from their own cluster means, not the model's.
            report = metric == "inertia"
                ? EvaluationReport(task: .clustering, metrics: [("inertia", ClusteringMetrics.inertia(features: features, labels: labels))])
                : EvaluationReport(task: .clustering, metrics: [("silhouette", ClusteringMetrics.silhouette(features: features, labels: labels))])
        }
        guard let value = report[metric] else {
            throw MLError.invalidData("a \(model.task.rawValue) report has no metric '\(metric)'",
                                      hint: "metrics: \(EvaluationReport.metricNames(for: model.task).joined(separator: ", "))")
        }
        return value
    }

    /// Mean and population standard deviation (two-pass).
    static func meanAndStd(_ values: [Double]) -> (mean: Double, std: Double) {
        guard !values.isEmpty else { return (.nan, .nan) }
        let mean = MetricMath.pairwiseSum(values) / Double(values.count)
        let variance = MetricMath.pairwiseSum(values.map { ($0 - mean) * ($0 - mean) }) / Double(values.count)
        return (mean, variance.squareRoot())
    }
}
