// The standalone metric functions (MetricFunctions) against sklearn.metrics 1.9.1
// (Tests/Fixtures/ml/metric_functions.json, written by tools/reference/ref_ml_metric_functions.py).
// Every value within 1e-10 relative; curves point by point, thresholds included.

import LatheCore
import Testing
@testable import ML

@Suite("Reference: metric functions vs sklearn.metrics")
struct MetricFunctionsReferenceTests {
    static let fixture = ReferenceFixtures.json("ml/metric_functions.json")
    static let binaryNames = fixture["binary"].array.compactMap { $0["name"].string }
    static let multiclassNames = fixture["multiclass"].array.compactMap { $0["name"].string }

    static func entry(_ group: String, _ name: String) -> RefJSON {
        fixture[group].array.first { $0["name"].string == name } ?? .null
    }

    /// Labels as the runtime hands them over: numbers or strings.
    static func labels(_ json: RefJSON) -> MetricLabels {
        let items = json.array
        if items.first?.string != nil { return .texts(items.compactMap(\.string)) }
        return .numbers(json.doubles)
    }

    @Test func fixturesAreLoaded() {
        #expect(Self.binaryNames == ["binary01_ties", "binary_text_positive", "binary_rare"])
        #expect(Self.multiclassNames == ["multiclass3_text", "multiclass_numbers_unseen"])
        #expect(Self.fixture["versions"]["scikit-learn"].string == "1.9.1")
    }

    static func checkRatios(_ e: RefJSON, _ name: String, averages: [MetricAverage]) throws {
        let truth = labels(e["truth"]), predicted = labels(e["predicted"])
        let positive = e["positive"].string
        let want = e["sklearn"]
        expectClose(try MetricFunctions.accuracy(truth: truth, predicted: predicted), want["accuracy"].double ?? .nan,
                    "\(name) accuracy", relative: metricTolerance)
        for average in averages {
            for which in [ClassRatio.precision, .recall, .f1] {
                let key = "\(which.rawValue)_\(average.rawValue)"
                guard let expected = want[key].double else { Issue.record("\(name): fixture lacks \(key)"); continue }
                let got = try MetricFunctions.ratio(which, truth: truth, predicted: predicted, average: average, positive: positive)
                expectClose(got, expected, "\(name) \(key)", relative: metricTolerance)
            }
        }
    }

    @Test(arguments: binaryNames)
    func binaryMatchesSklearn(_ name: String) throws {
        let e = Self.entry("binary", name)
        try Self.checkRatios(e, name, averages: MetricAverage.allCases)
        let truth = Self.labels(e["truth"]), scores = e["score"].doubles
        let positive = e["positive"].string
        let want = e["sklearn"]
        expectClose(try MetricFunctions.rocAUC(truth: truth, scores: scores, positive: positive), want["roc_auc"].double ?? .nan,
                    "\(name) roc_auc", relative: metricTolerance)
        expectClose(try MetricFunctions.averagePrecision(truth: truth, scores: scores, positive: positive),
                    want["average_precision"].double ?? .nan, "\(name) average_precision", relative: metricTolerance)
        expectClose(try MetricFunctions.logLoss(truth: truth, probabilities: [("", scores)], positive: positive),
                    want["log_loss"].double ?? .nan, "\(name) log_loss", relative: metricTolerance)
        let roc = try MetricFunctions.rocCurve(truth: truth, scores: scores, positive: positive)
        expectClose(roc.falsePositiveRates, want["roc_curve"]["fpr"].doubles, "\(name) roc fpr", relative: metricTolerance)
        expectClose(roc.truePositiveRates, want["roc_curve"]["tpr"].doubles, "\(name) roc tpr", relative: metricTolerance)
        #expect(roc.thresholds == want["roc_curve"]["threshold"].doubles, "\(name) roc thresholds")
        let pr = try MetricFunctions.prCurve(truth: truth, scores: scores, positive: positive)
        expectClose(pr.precision, want["pr_curve"]["precision"].doubles, "\(name) pr precision", relative: metricTolerance)
        expectClose(pr.recall, want["pr_curve"]["recall"].doubles, "\(name) pr recall", relative: metricTolerance)
        #expect(pr.thresholds == want["pr_curve"]["threshold"].doubles, "\(name) pr thresholds")
    }

    @Test(arguments: multiclassNames)
    func multiclassMatchesSklearn(_ name: String) throws {
        let e = Self.entry("multiclass", name)
        try Self.checkRatios(e, name, averages: [.macro, .micro, .weighted])
        if let loss = e["sklearn"]["log_loss"].double {
            let classes = e["classes"].array.compactMap(\.string)
            let rows = e["probabilities"].array.map(\.doubles)
            let columns = classes.enumerated().map { c, label in (name: label, values: rows.map { $0[c] }) }
            expectClose(try MetricFunctions.logLoss(truth: Self.labels(e["truth"]), probabilities: columns.reversed(), positive: nil),
                        loss, "\(name) log_loss (columns matched by name)", relative: metricTolerance)
        }
    }

    @Test func regressionMatchesSklearn() throws {
        let e = Self.fixture["regression"][0]
        for metric in ["mse", "rmse", "mae", "r2"] {
            expectClose(try MetricFunctions.regression(metric, truth: e["truth"].doubles, predicted: e["predicted"].doubles),
                        e["sklearn"][metric].double ?? .nan, "regression \(metric)", relative: metricTolerance)
        }
    }

    @Test func misuseIsRefusedWithAReason() {
        #expect(throws: MLError.self) { try MetricFunctions.accuracy(truth: .numbers([1, 0]), predicted: .numbers([1])) }
        #expect(throws: MLError.self) { try MetricFunctions.accuracy(truth: .numbers([1]), predicted: .texts(["a"])) }
        #expect(throws: MLError.self) { try MetricFunctions.accuracy(truth: .numbers([]), predicted: .numbers([])) }
        // average: "binary" on three classes, and a positive class that is not there.
        #expect(throws: MLError.self) {
            try MetricFunctions.ratio(.f1, truth: .numbers([0, 1, 2]), predicted: .numbers([0, 1, 2]), average: .binary, positive: nil)
        }
        #expect(throws: MLError.self) {
            try MetricFunctions.ratio(.f1, truth: .texts(["a", "b"]), predicted: .texts(["a", "b"]), average: .binary, positive: "c")
        }
        // A single class has no ROC curve.
        #expect(throws: MLError.self) { try MetricFunctions.rocAUC(truth: .numbers([1, 1]), scores: [0.2, 0.3], positive: nil) }
    }
}
