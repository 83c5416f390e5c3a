// best_threshold's sweep against brute force: at every distinct score, predict score >= t and
// score with MetricFunctions (checked against sklearn.metrics in MetricFunctionsReferenceTests).

import Testing
@testable import ML

@Suite("Decision thresholds")
struct DecisionThresholdTests {
    static let truth: [Double] = [0, 1, 1, 0, 1, 1, 0, 0, 1, 0, 0, 1]
    static let scores: [Double] = [0.1, 0.9, 0.4, 0.35, 0.8, 0.7, 0.6, 0.2, 0.4, 0.4, 0.05, 0.3]

    static func bruteForce(_ metric: String) throws -> (threshold: Double, score: Double) {
        var best: (threshold: Double, score: Double)? = nil
        for t in Set(scores).sorted() {
            let predicted = MetricLabels.numbers(scores.map { $0 >= t ? 1 : 0 })
            let y = MetricLabels.numbers(truth)
            let value: Double
            switch metric {
            case "accuracy": value = try MetricFunctions.accuracy(truth: y, predicted: predicted)
            case "f1_macro": value = try MetricFunctions.ratio(.f1, truth: y, predicted: predicted, average: .macro, positive: nil)
            case "balanced_accuracy":
                let r1 = try MetricFunctions.ratio(.recall, truth: y, predicted: predicted, average: .binary, positive: "1")
                let r0 = try MetricFunctions.ratio(.recall, truth: y, predicted: predicted, average: .binary, positive: "0")
                value = (r1 + r0) / 2
            default:
                value = try MetricFunctions.ratio(ClassRatio(rawValue: metric)!, truth: y, predicted: predicted, average: .binary, positive: "1")
            }
            if best == nil || value > best!.score { best = (t, value) }
        }
        return best!
    }

    @Test(arguments: DecisionThreshold.metrics)
    func sweepMatchesBruteForce(_ metric: String) throws {
        let got = try DecisionThreshold.best(positive: Self.truth.map { $0 == 1 }, scores: Self.scores, metric: metric)
        let want = try Self.bruteForce(metric)
        #expect(got.threshold == want.threshold, "\(metric) threshold")
        #expect(abs(got.score - want.score) < 1e-12, "\(metric) score")
    }

    @Test func tiesGoToTheLowestThreshold() throws {
        // Recall is 1 at every threshold up to the lowest positive score (0.3): the lowest wins.
        let best = try DecisionThreshold.best(positive: Self.truth.map { $0 == 1 }, scores: Self.scores, metric: "recall")
        #expect(best.threshold == 0.05 && best.score == 1)
        #expect(throws: MLError.self) { try DecisionThreshold.best(positive: [true, true], scores: [0.1, 0.2], metric: "f1") }
    }
}
