// Metrics on small hand-checked inputs: definitions, edge cases (zero division, one class,
// ties, clipping) and the report's names, lookup and rendering. The agreement with
// scikit-learn on larger inputs is in SklearnReferenceTests.

import Foundation
import Testing
import Numeric
@testable import ML

@Suite("Metrics")
struct MetricsTests {
    func close(_ a: Double?, _ b: Double, _ tolerance: Double = 1e-12) -> Bool {
        guard let a else { return false }
        return abs(a - b) <= tolerance * max(1, abs(b))
    }

    // MARK: Classification

    @Test func binaryCountsAndScores() {
        // truth 0 0 0 1 1 1 1, predicted 0 1 0 1 1 0 1: tp 3, fp 1, fn 1, tn 2.
        let report = ClassificationMetrics.compute(truth: [0, 0, 0, 1, 1, 1, 1], predicted: [0, 1, 0, 1, 1, 0, 1],
                                                   probabilities: nil, classes: ["no", "yes"])
        #expect(report.task == .binary)
        #expect(report.confusion == [[2, 1], [1, 3]])
        #expect(close(report["accuracy"], 5.0 / 7))
        #expect(close(report["precision"], 0.75))
        #expect(close(report["recall"], 0.75))
        #expect(close(report["f1"], 0.75))
        #expect(close(report["balanced_accuracy"], (2.0 / 3 + 0.75) / 2))
        #expect(close(report["f1_weighted"], (3 * 2.0 / 3 + 4 * 0.75) / 7))
        // Without probabilities there is no roc_auc or log_loss.
        #expect(report["roc_auc"] == nil && report["log_loss"] == nil)
        #expect(close(report["f1_macro"], (2.0 / 3 + 0.75) / 2))
        #expect(report.metricNames == ["accuracy", "balanced_accuracy", "precision", "recall", "f1", "f1_macro", "f1_weighted"])
        #expect(report.positiveClass == "yes" && report.rendered().hasPrefix("positive class: yes\n\nmetric"))
        #expect(report.perClass.map(\.support) == [3, 4])
    }

    @Test func zeroDivisionIsZero() {
        let report = ClassificationMetrics.compute(truth: [0, 1, 0, 1], predicted: [0, 0, 0, 0],
                                                   probabilities: nil, classes: ["a", "b"])
        #expect(report["precision"] == 0)
        #expect(report["recall"] == 0)
        #expect(report["f1"] == 0)
        #expect(report.perClass[1].precision == 0)
    }

    @Test func macroSkipsClassesThatNeverOccur() {
        // Class 2 is neither true nor predicted: scikit-learn's default labels leave it out.
        let report = ClassificationMetrics.compute(truth: [0, 1, 1, 0], predicted: [0, 1, 0, 0],
                                                   probabilities: nil, classes: ["a", "b", "c"])
        #expect(report.task == .multiclass)
        #expect(close(report["precision"], (2.0 / 3 + 1) / 2))
        #expect(close(report["recall"], (1 + 0.5) / 2))
        #expect(report.confusion == [[2, 0, 0], [1, 1, 0], [0, 0, 0]])
        #expect(report.perClass[2].support == 0 && report.perClass[2].f1 == 0)
    }

    @Test func rocAUCWithTiesIsTrapezoidal() {
        // All scores tied: the curve is the diagonal, AUC 0.5.
        #expect(ClassificationMetrics.binaryROCAUC(positive: [true, false, true, false], scores: [0.3, 0.3, 0.3, 0.3]) == 0.5)
        // Perfect ranking.
        #expect(ClassificationMetrics.binaryROCAUC(positive: [false, false, true, true], scores: [0.1, 0.2, 0.8, 0.9]) == 1)
        // One positive tied with one negative at the top: half a pair is won.
        // pairs (pos, neg): (0.9 vs 0.9) 0.5, (0.9 vs 0.1) 1, (0.5 vs 0.9) 0, (0.5 vs 0.1) 1 → 2.5 / 4
        #expect(ClassificationMetrics.binaryROCAUC(positive: [true, false, true, false], scores: [0.9, 0.9, 0.5, 0.1]) == 0.625)
        // One class only: undefined.
        #expect(ClassificationMetrics.binaryROCAUC(positive: [true, true], scores: [0.1, 0.2]).isNaN)
        // The curve's points, as sklearn.metrics.roc_curve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]).
        let curve = ClassificationMetrics.binaryROCCurve(positive: [false, false, true, true], scores: [0.1, 0.4, 0.35, 0.8])
        #expect(curve?.falsePositiveRates == [0, 0, 0.5, 0.5, 1] && curve?.truePositiveRates == [0, 0.5, 0.5, 1, 1])
        #expect(curve?.thresholds == [.infinity, 0.8, 0.4, 0.35, 0.1])
        #expect(ClassificationMetrics.binaryROCCurve(positive: [true, true], scores: [0.1, 0.2]) == nil)
    }

    @Test func logLossClipsAtMachineEpsilon() throws {
        let probabilities = try Tensor(rows: [[1, 0], [0, 1]])
        // The true class has probability 0 in row 0: clipped to ε, −log ε = 36.04…
        let loss = ClassificationMetrics.logLoss(truth: [1, 1], probabilities: probabilities, classCount: 2)
        let expected = (-log(Double.ulpOfOne) - log(1 - Double.ulpOfOne)) / 2
        #expect(close(loss, expected))
        #expect(loss.isFinite)
        // A single column is the positive class's probability.
        let single = ClassificationMetrics.logLoss(truth: [0, 1], probabilities: Tensor([0.25, 0.5]), classCount: 2)
        #expect(close(single, (-log(0.75) - log(0.5)) / 2))
    }

    @Test func multiclassROCAUCIsOneVsRestMacroOverPresentClasses() throws {
        let probabilities = try Tensor(rows: [[0.8, 0.1, 0.1], [0.2, 0.7, 0.1], [0.3, 0.3, 0.4], [0.6, 0.2, 0.2]])
        let auc = ClassificationMetrics.rocAUC(truth: [0, 1, 2, 0], probabilities: probabilities, classCount: 3)
        #expect(auc == 1)
        // Class 2 absent from the truth: averaged over classes 0 and 1 only.
        let partial = ClassificationMetrics.rocAUC(truth: [0, 1, 1, 0], probabilities: probabilities, classCount: 3)
        #expect(partial.isFinite)
    }

    @Test func indicesBeyondTheClassListExtendIt() {
        let report = ClassificationMetrics.compute(truth: [0, 1, 2], predicted: [0, 2, 2], probabilities: nil, classes: ["a", "b"])
        #expect(report.classes == ["a", "b", "2"])
        #expect(report.confusion?.count == 3)
    }

    // MARK: Regression

    @Test func regressionDefinitions() {
        let report = RegressionMetrics.compute(truth: [1, 2, 3, 4], predicted: [1.5, 2, 2, 5])
        // residuals −0.5 0 1 −1
        #expect(close(report["mse"], 2.25 / 4))
        #expect(close(report["rmse"], (2.25 / 4).squareRoot()))
        #expect(close(report["mae"], 2.5 / 4))
        #expect(close(report["r2"], 1 - 2.25 / 5))
        // residual mean −0.125; variance (0.140625 + 0.015625 + 1.265625 + 0.765625) / 4
        #expect(close(report["explained_variance"], 1 - (2.1875 / 4) / (5.0 / 4)))
        #expect(close(report["mape"], (0.5 + 0 + 1.0 / 3 + 0.25) / 4))
    }

    @Test func regressionEdgeCases() {
        let constant = RegressionMetrics.compute(truth: [2, 2, 2], predicted: [1, 2, 3])
        #expect(constant["r2"] == 0 && constant["explained_variance"] == 0)
        let perfect = RegressionMetrics.compute(truth: [2, 2, 2], predicted: [2, 2, 2])
        #expect(perfect["r2"] == 1 && perfect["explained_variance"] == 1)
        let single = RegressionMetrics.compute(truth: [1], predicted: [2])
        #expect(single["r2"]!.isNaN)
        let zero = RegressionMetrics.compute(truth: [0, 1], predicted: [1, 1])
        #expect(close(zero["mape"], 1 / Double.ulpOfOne / 2))
    }

    // MARK: Clustering

    @Test func silhouetteAndInertiaByHand() throws {
        // Two clusters on a line: {0, 1} and {10, 11}.
        let x = try Tensor(rows: [[0], [1], [10], [11]])
        let report = ClusteringMetrics.compute(features: x, labels: [0, 0, 1, 1], inertia: nil)
        #expect(close(report["inertia"], 1))
        // Row 0: a = 1, b = 10.5 → 9.5/10.5. Row 1: a = 1, b = 9.5 → 8.5/9.5. Symmetric for the others.
        #expect(close(report["silhouette"], (9.5 / 10.5 + 8.5 / 9.5) / 2))
        #expect(report.task == .clustering)
    }

    @Test func silhouetteSingletonAndUndefinedCases() throws {
        let x = try Tensor(rows: [[0], [1], [10]])
        // Row 2 is alone: 0. Rows 0, 1: a = 1, b = 10 and 9.
        let s = ClusteringMetrics.silhouette(features: x, labels: [5, 5, -1])
        #expect(close(s, (0.9 + 8.0 / 9) / 3))
        #expect(ClusteringMetrics.silhouette(features: x, labels: [0, 0, 0]).isNaN)
        #expect(ClusteringMetrics.silhouette(features: x, labels: [0, 1, 2]).isNaN)
    }

    @Test func silhouetteSamplesAboveTheExactLimit() throws {
        // 12,000 rows in two far-apart groups: the score (of a fixed sample of 10,000) is near 1.
        let n = 12_000
        var rows = [[Double]]()
        var labels = [Int]()
        var generator = RandomGenerator(seed: 7)
        for i in 0..<n {
            let group = i % 2
            rows.append([Double(group) * 100 + generator.normal(), generator.normal()])
            labels.append(group)
        }
        let x = try Tensor(rows: rows)
        let score = ClusteringMetrics.silhouette(features: x, labels: labels)
        #expect(score > 0.97 && score < 1)
    }

    // MARK: Report

    @Test func reportRendersAlignedTables() {
        let report = ClassificationMetrics.compute(truth: [0, 1, 2, 2], predicted: [0, 2, 2, 2],
                                                   probabilities: nil, classes: ["setosa", "versicolor", "virginica"])
        let text = report.rendered()
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "metric                value")
        #expect(lines[1] == "accuracy           0.750000")
        #expect(text.contains("confusion (rows: truth, columns: predicted)"))
        #expect(text.contains("            setosa  versicolor  virginica"))
        #expect(text.contains("versicolor       0           0          1"))
        #expect(text.contains("class       precision    recall        f1  support"))
        #expect(text.contains("virginica    0.666667  1.000000  0.800000        2"))
        #expect(!lines.contains { $0.hasSuffix(" ") })
        #expect(report.description == text)
    }

    @Test func reportLookupAndDirection() {
        let report = RegressionMetrics.compute(truth: [1, 2], predicted: [1, 2])
        #expect(report["mse"] == 0)
        #expect(report["accuracy"] == nil)
        #expect(EvaluationReport.isLowerBetter("rmse") && !EvaluationReport.isLowerBetter("r2"))
        #expect(EvaluationReport.format(1e15) == "1.000000e+15")
        #expect(EvaluationReport.format(.nan) == "nan")
    }
}
