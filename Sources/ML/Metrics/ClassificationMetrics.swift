import Numeric
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Classification metrics with scikit-learn's definitions (`sklearn.metrics`, 1.9), agreeing
/// with it to 1e-10 on the committed fixtures (Tests/Fixtures/ml/metrics_*.json).
///
/// Classes are indices `0..<classes.count`; the task is binary for two classes, multiclass
/// otherwise.
/// - `accuracy`: the share of exact matches.
/// - `balanced_accuracy`: the mean recall over the classes present in `truth`.
/// - `precision`, `recall`, `f1`: binary — of the positive class (index 1), like
///   `average="binary"`; multiclass — the unweighted mean over the classes that occur in
///   `truth` or `predicted` (`average="macro"` with scikit-learn's default `labels=None`).
///   A ratio with a zero denominator is 0 (scikit-learn's `zero_division="warn"`, minus the
///   warning). F1 is `2·tp / (2·tp + fp + fn)`.
/// - `f1_macro`: the unweighted mean F1 over the classes that occur in `truth` or `predicted`
///   (`average="macro"`; the same as `f1` for more than two classes).
/// - `f1_weighted`: per-class F1 weighted by support, over the same classes as the macro mean.
/// - `roc_auc` (needs probabilities): binary — the area under the ROC curve of column 1, by
///   the trapezoid rule over the distinct thresholds, so tied scores form one step (what
///   `roc_auc_score` does); NaN when `truth` holds one class only. Multiclass — one-vs-rest,
///   the unweighted mean over the classes present in `truth` (scikit-learn gives NaN when a
///   class of `labels` is absent from `y_true`; a class that never occurs has no curve, so it
///   is left out here).
/// - `average_precision` (binary, needs probabilities): `average_precision_score` of column 1,
///   Σ (Rₙ − Rₙ₋₁)·Pₙ over the precision-recall curve; NaN without positive rows.
/// - `log_loss` (needs probabilities): the mean of −log p(true class), with each probability
///   clipped to [ε, 1−ε], ε the float64 machine epsilon. Like scikit-learn ≥ 1.5, rows are
///   not renormalised after clipping (older versions renormalised).
/// - `confusion`: `classes.count` × `classes.count`, rows = truth, columns = predicted.
/// - `perClass`: precision, recall, F1 and support of every class, absent classes included
///   (their ratios are 0).
public struct ClassificationMetrics {
    /// The report for `truth` and `predicted` class indices. `probabilities`, when given, is
    /// n × classes (a single column in the binary case is read as the positive class's).
    /// Indices outside `0..<classes.count` extend the class list with their numbers.
    public static func compute(truth: [Int], predicted: [Int], probabilities: Tensor?, classes: [String]) -> EvaluationReport {
        precondition(truth.count == predicted.count, "truth and predicted differ in length")
        var classes = classes
        let largest = max(truth.max() ?? -1, predicted.max() ?? -1)
        if largest >= classes.count { classes += (classes.count...largest).map(String.init) }
        let k = classes.count
        let task: Task = k == 2 ? .binary : .multiclass
        let n = truth.count

        let confusion = confusionMatrix(truth: truth, predicted: predicted, classCount: k)
        let stats = perClassStatistics(confusion)

        var metrics: [(name: String, value: Double)] = []
        metrics.append(("accuracy", accuracy(confusion, total: n)))
        metrics.append(("balanced_accuracy", balancedAccuracy(stats)))
        if task == .binary {
            metrics.append(("precision", stats[1].precision))
            metrics.append(("recall", stats[1].recall))
            metrics.append(("f1", stats[1].f1))
        }
        let present = stats.filter { $0.support > 0 || $0.predicted > 0 }
        if task == .multiclass {
            metrics.append(("precision", MetricMath.mean(present.map(\.precision))))
            metrics.append(("recall", MetricMath.mean(present.map(\.recall))))
            metrics.append(("f1", MetricMath.mean(present.map(\.f1))))
        }
        metrics.append(("f1_macro", MetricMath.mean(present.map(\.f1))))
        metrics.append(("f1_weighted", weightedF1(stats)))
        if let probabilities {
            metrics.append(("roc_auc", rocAUC(truth: truth, probabilities: probabilities, classCount: k)))
            if task == .binary {
                metrics.append(("average_precision", binaryAveragePrecision(truth: truth, probabilities: probabilities)))
            }
            metrics.append(("log_loss", logLoss(truth: truth, probabilities: probabilities, classCount: k)))
        }

        let perClass = zip(classes, stats).map { label, s in
            (label: label, precision: s.precision, recall: s.recall, f1: s.f1, support: s.support)
        }
        var report = EvaluationReport(task: task, metrics: metrics, confusion: confusion, classes: classes, perClass: perClass)
        if task == .binary { report.positiveClass = classes[1] }
        if task == .binary, let probabilities, probabilities.rows == n, n > 0 {
            let columns = probabilities.rank == 1 ? 1 : probabilities.columns
            let scores = (0..<n).map { probabilities.storage[$0 * columns + (columns == 1 ? 0 : 1)] }
            report.rocCurve = binaryROCCurve(positive: truth.map { $0 == 1 }, scores: scores)
        }
        return report
    }

    // MARK: Building blocks

    /// Counts of (true class, predicted class); indices outside `0..<classCount` are skipped.
    public static func confusionMatrix(truth: [Int], predicted: [Int], classCount k: Int) -> [[Int]] {
        var matrix = [[Int]](repeating: [Int](repeating: 0, count: k), count: k)
        for (t, p) in zip(truth, predicted) where t >= 0 && t < k && p >= 0 && p < k {
            matrix[t][p] += 1
        }
        return matrix
    }

    struct ClassStatistics {
        var truePositives: Int
        var support: Int  // true count
        var predicted: Int  // predicted count
        var precision: Double { MetricMath.ratio(truePositives, predicted) }
        var recall: Double { MetricMath.ratio(truePositives, support) }
        var f1: Double { MetricMath.ratio(2 * truePositives, support + predicted) }
    }

    static func perClassStatistics(_ confusion: [[Int]]) -> [ClassStatistics] {
        let k = confusion.count
        return (0..<k).map { c in
            ClassStatistics(truePositives: confusion[c][c],
                            support: confusion[c].reduce(0, +),
                            predicted: confusion.reduce(0) { $0 + $1[c] })
        }
    }

    static func accuracy(_ confusion: [[Int]], total: Int) -> Double {
        guard total > 0 else { return .nan }
        let correct = confusion.indices.reduce(0) { $0 + confusion[$1][$1] }
        return Double(correct) / Double(total)
    }

    static func balancedAccuracy(_ stats: [ClassStatistics]) -> Double {
        MetricMath.mean(stats.filter { $0.support > 0 }.map(\.recall))
    }

    static func weightedF1(_ stats: [ClassStatistics]) -> Double {
        let total = stats.reduce(0) { $0 + $1.support }
        guard total > 0 else { return .nan }
        var sum = 0.0
        for s in stats where s.support > 0 { sum += s.f1 * Double(s.support) }
        return sum / Double(total)
    }

    /// ROC AUC of `probabilities` (n × classes) against `truth`: binary for two classes,
    /// one-vs-rest macro otherwise (see the type's documentation).
    public static func rocAUC(truth: [Int], probabilities: Tensor, classCount k: Int) -> Double {
        let n = truth.count
        guard probabilities.rows == n, n > 0 else { return .nan }
        let columns = probabilities.rank == 1 ? 1 : probabilities.columns
        func column(_ c: Int) -> [Double] {
            (0..<n).map { probabilities.storage[$0 * columns + c] }
        }
        if k <= 2 {
            let scores = columns == 1 ? column(0) : column(1)
            return binaryROCAUC(positive: truth.map { $0 == 1 }, scores: scores)
        }
        guard columns == k else { return .nan }
        var areas: [Double] = []
        for c in 0..<k where truth.contains(c) {
            areas.append(binaryROCAUC(positive: truth.map { $0 == c }, scores: column(c)))
        }
        return MetricMath.mean(areas)
    }

    /// The area under the ROC curve, as `sklearn.metrics.roc_curve` + `auc`: thresholds are
    /// the distinct scores in decreasing order (ties form one diagonal step), collinear points
    /// are dropped, and the area is the trapezoid sum. NaN when one class is missing.
    public static func binaryROCAUC(positive: [Bool], scores: [Double]) -> Double {
        guard let curve = binaryROCCurve(positive: positive, scores: scores) else { return .nan }
        let (fpr, tpr) = (curve.falsePositiveRates, curve.truePositiveRates)
        var terms = [Double]()
        terms.reserveCapacity(tpr.count - 1)
        for i in 1..<tpr.count { terms.append((fpr[i] - fpr[i - 1]) * (tpr[i] + tpr[i - 1]) / 2) }
        return MetricMath.pairwiseSum(terms)
    }

    /// The ROC curve's points and thresholds as `sklearn.metrics.roc_curve` returns them
    /// (`drop_intermediate=True`), from (0, 0) at threshold +inf to (1, 1); nil when one class
    /// is missing.
    public static func binaryROCCurve(positive: [Bool], scores: [Double]) -> ROCCurve? {
        guard var (tps, fps, thresholds) = binaryCurveCounts(positive: positive, scores: scores),
              let totalT = tps.last, let totalF = fps.last, totalT > 0, totalF > 0 else { return nil }
        // drop_intermediate: keep the ends and the points where the curve bends.
        if tps.count > 2 {
            var keptT = [tps[0]], keptF = [fps[0]], keptThresholds = [thresholds[0]]
            for i in 1..<(tps.count - 1) {
                let bendF = fps[i + 1] - 2 * fps[i] + fps[i - 1]
                let bendT = tps[i + 1] - 2 * tps[i] + tps[i - 1]
                if bendF != 0 || bendT != 0 { keptT.append(tps[i]); keptF.append(fps[i]); keptThresholds.append(thresholds[i]) }
            }
            keptT.append(tps[tps.count - 1]); keptF.append(fps[fps.count - 1]); keptThresholds.append(thresholds[thresholds.count - 1])
            (tps, fps, thresholds) = (keptT, keptF, keptThresholds)
        }
        tps.insert(0, at: 0)
        fps.insert(0, at: 0)
        thresholds.insert(.infinity, at: 0)
        return ROCCurve(falsePositiveRates: fps.map { $0 / totalF }, truePositiveRates: tps.map { $0 / totalT },
                        thresholds: thresholds)
    }

    /// Cumulative true and false positive counts at each distinct score, highest score first,
    /// with those scores as thresholds (scikit-learn's `_binary_clf_curve`): a row counts as
    /// predicted positive at threshold t when its score is ≥ t, so tied scores form one step.
    /// Nil for no rows or differing lengths.
    static func binaryCurveCounts(positive: [Bool], scores: [Double]) -> (tps: [Double], fps: [Double], thresholds: [Double])? {
        let n = positive.count
        guard n == scores.count, n > 0 else { return nil }
        let order = (0..<n).sorted { scores[$0] > scores[$1] }
        var tps: [Double] = [], fps: [Double] = [], thresholds: [Double] = []
        var tp = 0, fp = 0
        for (i, row) in order.enumerated() {
            if positive[row] { tp += 1 } else { fp += 1 }
            if i == n - 1 || scores[order[i + 1]] != scores[row] {
                tps.append(Double(tp))
                fps.append(Double(fp))
                thresholds.append(scores[row])
            }
        }
        return (tps, fps, thresholds)
    }

    /// Precision and recall at every distinct score, as `sklearn.metrics.precision_recall_curve`
    /// (`drop_intermediate=False`): thresholds increasing; `precision` and `recall` have one
    /// more entry than `thresholds`, the last being precision 1 at recall 0. A threshold with
    /// no predicted positives has precision 0; with no positive rows recall is 1 throughout.
    /// Nil for no rows.
    public static func binaryPRCurve(positive: [Bool], scores: [Double]) -> (precision: [Double], recall: [Double], thresholds: [Double])? {
        guard let (tps, fps, thresholds) = binaryCurveCounts(positive: positive, scores: scores),
              let totalT = tps.last else { return nil }
        let precision = zip(tps, fps).map { $0 + $1 == 0 ? 0 : $0 / ($0 + $1) }
        let recall = totalT == 0 ? tps.map { _ in 1.0 } : tps.map { $0 / totalT }
        return (precision.reversed() + [1], recall.reversed() + [0], thresholds.reversed())
    }

    /// `sklearn.metrics.average_precision_score`: Σ (Rₙ − Rₙ₋₁) · Pₙ over the precision-recall
    /// curve (a step sum, no interpolation). Nil for no rows.
    /// `average_precision` of column 1 of `probabilities` (a single column is read as it).
    static func binaryAveragePrecision(truth: [Int], probabilities: Tensor) -> Double {
        let n = truth.count
        guard probabilities.rows == n, n > 0 else { return .nan }
        let columns = probabilities.rank == 1 ? 1 : probabilities.columns
        let scores = (0..<n).map { probabilities.storage[$0 * columns + (columns == 1 ? 0 : 1)] }
        return binaryAveragePrecision(positive: truth.map { $0 == 1 }, scores: scores) ?? .nan
    }

    public static func binaryAveragePrecision(positive: [Bool], scores: [Double]) -> Double? {
        guard let (precision, recall, _) = binaryPRCurve(positive: positive, scores: scores) else { return nil }
        var terms = [Double]()
        terms.reserveCapacity(recall.count - 1)
        for i in 0..<(recall.count - 1) { terms.append((recall[i] - recall[i + 1]) * precision[i]) }
        return MetricMath.pairwiseSum(terms)
    }

    /// Mean of −log(clip(p[i, truth[i]], ε, 1 − ε)), ε = float64 machine epsilon. A single
    /// probability column (binary) is the positive class's.
    public static func logLoss(truth: [Int], probabilities: Tensor, classCount k: Int) -> Double {
        let n = truth.count
        guard probabilities.rows == n, n > 0 else { return .nan }
        let columns = probabilities.rank == 1 ? 1 : probabilities.columns
        let eps = Double.ulpOfOne
        var losses = [Double]()
        losses.reserveCapacity(n)
        for (i, t) in truth.enumerated() {
            let p: Double
            if columns == 1 && k <= 2 {
                let positive = probabilities.storage[i]
                p = t == 1 ? positive : 1 - positive
            } else {
                guard t >= 0, t < columns else { return .nan }
                p = probabilities.storage[i * columns + t]
            }
            losses.append(-log(min(max(p, eps), 1 - eps)))
        }
        return MetricMath.pairwiseSum(losses) / Double(n)
    }
}

// MARK: - Shared numeric helpers

enum MetricMath {
    @inline(__always) static func ratio(_ numerator: Int, _ denominator: Int) -> Double {
        denominator == 0 ? 0 : Double(numerator) / Double(denominator)
    }

    /// NaN for no values.
    static func mean(_ values: [Double]) -> Double {
        values.isEmpty ? .nan : pairwiseSum(values) / Double(values.count)
    }

    /// numpy-style pairwise summation: blocks of up to 128 summed in order, blocks combined
    /// pairwise. Its error grows with log n, not n.
    static func pairwiseSum(_ values: [Double]) -> Double {
        values.withUnsafeBufferPointer { pairwiseSum($0[...]) }
    }

    static func pairwiseSum(_ values: Slice<UnsafeBufferPointer<Double>>) -> Double {
        if values.count <= 128 {
            var sum = 0.0
            for x in values { sum += x }
            return sum
        }
        let middle = values.startIndex + values.count / 2
        return pairwiseSum(values[values.startIndex..<middle]) + pairwiseSum(values[middle..<values.endIndex])
    }
}
