import Numeric

/// The values a standalone metric compares: numbers (bools as 0 and 1) or text, one per row,
/// none missing.
public enum MetricLabels: Sendable {
    case numbers([Double])
    case texts([String])

    public var count: Int {
        switch self {
        case .numbers(let values): return values.count
        case .texts(let values): return values.count
        }
    }
}

/// How precision, recall and F1 combine per-class values, as scikit-learn's `average=`.
public enum MetricAverage: String, CaseIterable, Sendable {
    /// The positive class's value only; the labels must be two classes (or one).
    case binary
    /// The unweighted mean over the classes in the truth or the predictions.
    case macro
    /// Counts summed over the classes first (for single-label data, the accuracy).
    case micro
    /// The mean weighted by each class's support in the truth.
    case weighted
}

/// Which of precision, recall and F1.
public enum ClassRatio: String, Sendable {
    case precision, recall, f1
}

/// Metric functions on plain columns, as `sklearn.metrics`' functions: `accuracy_score`,
/// `precision_score`/`recall_score`/`f1_score` with `average=`, `roc_auc_score`,
/// `average_precision_score`, `log_loss`, `roc_curve`, `precision_recall_curve` and the
/// regression errors. They reuse `ClassificationMetrics` and `RegressionMetrics`, which
/// `evaluate` uses, so a standalone metric and a report agree to the bit.
///
/// Classes are the distinct values of the truth and the predictions, in increasing order
/// (numbers numerically, text by code points), as `np.unique`. The positive class of a binary
/// metric is `positive` when given, else the greater of the two classes (1 for 0/1, true for
/// bools, the later of two strings) — what `roc_auc_score` does; scikit-learn's other
/// functions default to `pos_label=1` and refuse text labels without one.
public enum MetricFunctions {
    /// Class indices of `truth` and `predicted` into their sorted union of values.
    public struct Encoded: Sendable {
        public var classes: [String]
        public var truth: [Int]
        public var predicted: [Int]
    }

    public static func encode(truth: MetricLabels, predicted: MetricLabels?) throws -> Encoded {
        if let predicted, predicted.count != truth.count {
            throw MLError.invalidData("the truth has \(truth.count) values and the predictions \(predicted.count)",
                                      hint: "pass two columns of the same rows")
        }
        switch (truth, predicted) {
        case (.numbers(let t), .numbers(let p)): return encodeNumbers(t, p)
        case (.numbers(let t), nil): return encodeNumbers(t, [])
        case (.texts(let t), .texts(let p)): return encodeTexts(t, p)
        case (.texts(let t), nil): return encodeTexts(t, [])
        case (.numbers, .texts):
            throw MLError.invalidData("the truth holds numbers but the predictions hold text", hint: "compare labels of one type")
        case (.texts, .numbers):
            throw MLError.invalidData("the truth holds text but the predictions hold numbers", hint: "compare labels of one type")
        }
    }

    private static func encodeNumbers(_ t: [Double], _ p: [Double]) -> Encoded {
        let classes = Array(Set(t).union(p)).sorted()
        let index = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
        return Encoded(classes: classes.map(format), truth: t.map { index[$0] ?? 0 }, predicted: p.map { index[$0] ?? 0 })
    }

    private static func encodeTexts(_ t: [String], _ p: [String]) -> Encoded {
        let classes = Array(Set(t).union(p)).sorted { Array($0.unicodeScalars.map(\.value)).lexicographicallyPrecedes($1.unicodeScalars.map(\.value)) }
        let index = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
        return Encoded(classes: classes, truth: t.map { index[$0] ?? 0 }, predicted: p.map { index[$0] ?? 0 })
    }

    static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e16 { return String(Int64(value)) }
        return "\(value)"
    }

    /// The index of the positive class: `positive` (its text, numbers as `format` writes them)
    /// or the greater class. At most two classes.
    static func positiveIndex(_ classes: [String], positive: String?, metric: String) throws -> Int {
        guard classes.count <= 2 else {
            throw MLError.invalidData("\(metric) with a binary target needs two classes, found \(classes.count): \(listed(classes))",
                                      hint: "for more classes pass average: \"macro\", \"micro\" or \"weighted\"")
        }
        guard let positive else { return classes.count - 1 }
        guard let index = classes.firstIndex(of: positive) else {
            throw MLError.invalidData("positive: \"\(positive)\" is not one of the classes \(listed(classes))",
                                      hint: "name the positive class as it appears in the data")
        }
        return index
    }

    static func listed(_ classes: [String]) -> String {
        classes.prefix(10).joined(separator: ", ") + (classes.count > 10 ? ", …" : "")
    }

    static func nonEmpty(_ count: Int, _ metric: String) throws {
        guard count > 0 else { throw MLError.invalidData("\(metric) needs at least one row, found 0", hint: nil) }
    }

    // MARK: Label metrics

    /// `accuracy_score`: the share of rows where the prediction equals the truth.
    public static func accuracy(truth: MetricLabels, predicted: MetricLabels) throws -> Double {
        try nonEmpty(truth.count, "accuracy")
        let encoded = try encode(truth: truth, predicted: predicted)
        let confusion = ClassificationMetrics.confusionMatrix(truth: encoded.truth, predicted: encoded.predicted, classCount: encoded.classes.count)
        return ClassificationMetrics.accuracy(confusion, total: truth.count)
    }

    /// `precision_score`, `recall_score` or `f1_score` with `average=`; a zero denominator
    /// gives 0 (scikit-learn's default `zero_division`, minus its warning).
    public static func ratio(_ which: ClassRatio, truth: MetricLabels, predicted: MetricLabels,
                             average: MetricAverage, positive: String?) throws -> Double {
        try nonEmpty(truth.count, which.rawValue)
        let encoded = try encode(truth: truth, predicted: predicted)
        let k = encoded.classes.count
        let confusion = ClassificationMetrics.confusionMatrix(truth: encoded.truth, predicted: encoded.predicted, classCount: k)
        let stats = ClassificationMetrics.perClassStatistics(confusion)
        func value(_ s: ClassificationMetrics.ClassStatistics) -> Double {
            switch which {
            case .precision: return s.precision
            case .recall: return s.recall
            case .f1: return s.f1
            }
        }
        switch average {
        case .binary:
            let index = try positiveIndex(encoded.classes, positive: positive, metric: which.rawValue)
            return value(stats[index])
        case .macro:
            return MetricMath.mean(stats.map(value))
        case .micro:
            let pooled = ClassificationMetrics.ClassStatistics(
                truePositives: stats.reduce(0) { $0 + $1.truePositives },
                support: stats.reduce(0) { $0 + $1.support }, predicted: stats.reduce(0) { $0 + $1.predicted })
            return value(pooled)
        case .weighted:
            let total = stats.reduce(0) { $0 + $1.support }
            guard total > 0 else { return 0 }
            return stats.reduce(0.0) { $0 + value($1) * Double($1.support) } / Double(total)
        }
    }

    // MARK: Score metrics (binary)

    /// The truth as positive/negative for a binary score metric; refuses other than two classes.
    static func binaryTruth(_ truth: MetricLabels, scores: [Double], positive: String?, metric: String) throws -> [Bool] {
        try nonEmpty(truth.count, metric)
        guard scores.count == truth.count else {
            throw MLError.invalidData("the truth has \(truth.count) values and the scores \(scores.count)",
                                      hint: "pass two columns of the same rows")
        }
        let encoded = try encode(truth: truth, predicted: nil)
        guard encoded.classes.count == 2 else {
            throw MLError.invalidData(encoded.classes.count < 2
                                      ? "\(metric) needs both classes in the truth, found one: \(listed(encoded.classes))"
                                      : "\(metric) scores a binary target, found \(encoded.classes.count) classes: \(listed(encoded.classes))",
                                      hint: encoded.classes.count < 2 ? "the curve is undefined with one class" : "compare one class against the rest, e.g. y == \"a\"")
        }
        let index = try positiveIndex(encoded.classes, positive: positive, metric: metric)
        return encoded.truth.map { $0 == index }
    }

    /// `roc_auc_score` for a binary truth and the positive class's scores.
    public static func rocAUC(truth: MetricLabels, scores: [Double], positive: String?) throws -> Double {
        let labels = try binaryTruth(truth, scores: scores, positive: positive, metric: "roc_auc")
        return ClassificationMetrics.binaryROCAUC(positive: labels, scores: scores)
    }

    /// `roc_curve` (drop_intermediate=True): false and true positive rates and thresholds.
    public static func rocCurve(truth: MetricLabels, scores: [Double], positive: String?) throws -> ROCCurve {
        let labels = try binaryTruth(truth, scores: scores, positive: positive, metric: "roc_curve")
        guard let curve = ClassificationMetrics.binaryROCCurve(positive: labels, scores: scores) else {
            throw MLError.invalidData("roc_curve needs both classes in the truth", hint: nil)
        }
        return curve
    }

    /// `precision_recall_curve`: precision, recall, and thresholds (one fewer).
    public static func prCurve(truth: MetricLabels, scores: [Double], positive: String?) throws -> (precision: [Double], recall: [Double], thresholds: [Double]) {
        let labels = try binaryTruth(truth, scores: scores, positive: positive, metric: "pr_curve")
        guard let curve = ClassificationMetrics.binaryPRCurve(positive: labels, scores: scores) else {
            throw MLError.invalidData("pr_curve needs at least one row, found 0", hint: nil)
        }
        return curve
    }

    /// `average_precision_score` for a binary truth.
    public static func averagePrecision(truth: MetricLabels, scores: [Double], positive: String?) throws -> Double {
        let labels = try binaryTruth(truth, scores: scores, positive: positive, metric: "average_precision")
        return ClassificationMetrics.binaryAveragePrecision(positive: labels, scores: scores) ?? .nan
    }

    /// `log_loss`. `probabilities` is either one column (the positive class's probability for
    /// a binary truth) or one column per class, named by the classes (as `predict_proba`
    /// returns them), matched by name.
    public static func logLoss(truth: MetricLabels, probabilities: [(name: String, values: [Double])], positive: String?) throws -> Double {
        try nonEmpty(truth.count, "log_loss")
        for column in probabilities where column.values.count != truth.count {
            throw MLError.invalidData("the truth has \(truth.count) values and the probabilities \(column.values.count)",
                                      hint: "pass probabilities of the same rows")
        }
        let encoded = try encode(truth: truth, predicted: nil)
        let n = truth.count
        if probabilities.count == 1 {
            let labels = try binaryTruth(truth, scores: probabilities[0].values, positive: positive, metric: "log_loss")
            let tensor = try Tensor(shape: [n, 1], storage: probabilities[0].values)
            return ClassificationMetrics.logLoss(truth: labels.map { $0 ? 1 : 0 }, probabilities: tensor, classCount: 2)
        }
        let names = probabilities.map(\.name)
        var storage = [Double](repeating: 0, count: n * encoded.classes.count)
        for (c, label) in encoded.classes.enumerated() {
            guard let column = probabilities.first(where: { $0.name == label }) else {
                throw MLError.invalidData("the probabilities have no column for class '\(label)'; they have \(listed(names))",
                                          hint: "pass predict_proba(model, data), one column per class")
            }
            for i in 0..<n { storage[i * encoded.classes.count + c] = column.values[i] }
        }
        let tensor = try Tensor(shape: [n, encoded.classes.count], storage: storage)
        return ClassificationMetrics.logLoss(truth: encoded.truth, probabilities: tensor, classCount: encoded.classes.count)
    }

    // MARK: Regression

    /// `mean_squared_error`, `root_mean_squared_error`, `mean_absolute_error` or `r2_score`
    /// (any name of a regression report).
    public static func regression(_ metric: String, truth: [Double], predicted: [Double]) throws -> Double {
        try nonEmpty(truth.count, metric)
        guard truth.count == predicted.count else {
            throw MLError.invalidData("the truth has \(truth.count) values and the predictions \(predicted.count)",
                                      hint: "pass two columns of the same rows")
        }
        return RegressionMetrics.compute(truth: truth, predicted: predicted)[metric] ?? .nan
    }
}
