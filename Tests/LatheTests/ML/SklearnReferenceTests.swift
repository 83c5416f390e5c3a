// The ML module against scikit-learn 1.9.1 (Tests/Fixtures/ml/*.json, written by
// tools/reference/ref_ml_*.py; see Tests/Fixtures/README.md).
//
// Metrics: every value within 1e-10 relative of sklearn.metrics on the same inputs, the
// confusion matrix and supports exactly.

import Testing
import Numeric
@testable import ML

/// Issue 4's tolerance for metrics.
let metricTolerance = 1e-10

/// Records an issue unless `actual` is within `relative` of `expected` (NaN meets NaN only).
func expectClose(_ actual: Double, _ expected: Double, _ what: @autoclosure () -> String, relative: Double,
                 sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(referenceClose(actual, expected, relative: relative), "\(what()): got \(actual), expected \(expected)",
            sourceLocation: sourceLocation)
}

func expectClose(_ actual: [Double], _ expected: [Double], _ what: @autoclosure () -> String, relative: Double,
                 sourceLocation: SourceLocation = #_sourceLocation) {
    let ok = actual.count == expected.count && zip(actual, expected).allSatisfy { referenceClose($0, $1, relative: relative) }
    #expect(ok, "\(what()): got \(actual), expected \(expected)", sourceLocation: sourceLocation)
}

@Suite("Reference: metrics vs sklearn.metrics")
struct SklearnMetricsReferenceTests {
    static let classification = ReferenceFixtures.json("ml/metrics_classification.json")
    static let regression = ReferenceFixtures.json("ml/metrics_regression.json")
    static let clustering = ReferenceFixtures.json("ml/metrics_clustering.json")

    static let classificationNames = classification["cases"].array.compactMap { $0["name"].string }
    static let regressionNames = regression["cases"].array.compactMap { $0["name"].string }
    static let clusteringNames = clustering["cases"].array.compactMap { $0["name"].string }

    static func entry(_ fixture: RefJSON, _ name: String) -> RefJSON {
        fixture["cases"].array.first { $0["name"].string == name } ?? .null
    }

    static func matrix(_ json: RefJSON) -> Tensor {
        let rows = json.array.map(\.doubles)
        return (try? Tensor(rows: rows)) ?? Tensor([])
    }

    @Test func fixturesAreLoaded() {
        #expect(Self.classificationNames == ["binary_ties", "binary_never_positive", "multiclass3",
                                             "multiclass4_never_predicted"])
        #expect(Self.regressionNames == ["noisy", "with_zeros", "constant_truth", "perfect"])
        #expect(Self.clusteringNames == ["iris_kmeans3", "blobs_singleton"])
        #expect(Self.classification["versions"]["scikit-learn"].string == "1.9.1")
    }

    @Test(arguments: classificationNames)
    func classificationMatchesSklearn(_ name: String) {
        let e = Self.entry(Self.classification, name)
        let classes = e["classes"].array.compactMap(\.string)
        let report = ClassificationMetrics.compute(truth: e["truth"].ints, predicted: e["predicted"].ints,
                                                   probabilities: Self.matrix(e["probabilities"]), classes: classes)
        let expected = e["sklearn"]
        #expect(report.task == (classes.count == 2 ? .binary : .multiclass))
        #expect(report.metricNames == EvaluationReport.metricNames(for: report.task))
        for metric in EvaluationReport.metricNames(for: report.task) {
            guard let want = expected[metric].double else { Issue.record("\(name): fixture lacks \(metric)"); continue }
            guard let got = report[metric] else { Issue.record("\(name): report lacks \(metric)"); continue }
            expectClose(got, want, "\(name) \(metric)", relative: metricTolerance)
        }
        #expect(report.confusion == expected["confusion"].array.map(\.ints), "\(name) confusion")
        let perClass = expected["per_class"]
        #expect(report.perClass.map(\.label) == classes)
        #expect(report.perClass.map(\.support) == perClass["support"].ints, "\(name) support")
        expectClose(report.perClass.map(\.precision), perClass["precision"].doubles, "\(name) per-class precision",
                        relative: metricTolerance)
        expectClose(report.perClass.map(\.recall), perClass["recall"].doubles, "\(name) per-class recall",
                        relative: metricTolerance)
        expectClose(report.perClass.map(\.f1), perClass["f1"].doubles, "\(name) per-class f1",
                        relative: metricTolerance)
    }

    @Test(arguments: regressionNames)
    func regressionMatchesSklearn(_ name: String) {
        let e = Self.entry(Self.regression, name)
        let report = RegressionMetrics.compute(truth: e["truth"].doubles, predicted: e["predicted"].doubles)
        #expect(report.metricNames == ["mse", "rmse", "mae", "r2", "explained_variance", "mape"])
        for metric in report.metricNames {
            guard let want = e["sklearn"][metric].double else { Issue.record("\(name): fixture lacks \(metric)"); continue }
            expectClose(report[metric] ?? .nan, want, "\(name) \(metric)", relative: metricTolerance)
        }
    }

    @Test(arguments: clusteringNames)
    func clusteringMatchesSklearn(_ name: String) {
        let e = Self.entry(Self.clustering, name)
        let features = Self.matrix(e["features"])
        #expect(features.shape == e["shape"].ints)
        let labels = e["labels"].ints
        let report = ClusteringMetrics.compute(features: features, labels: labels, inertia: nil)
        #expect(report.metricNames == ["inertia", "silhouette"])
        expectClose(report["inertia"] ?? .nan, e["sklearn"]["inertia"].double ?? 0, "\(name) inertia",
                        relative: metricTolerance)
        expectClose(report["silhouette"] ?? .nan, e["sklearn"]["silhouette"].double ?? 0, "\(name) silhouette",
                        relative: metricTolerance)
        if let kmeans = e["kmeans_inertia"].double {
            // KMeans.inertia_ is the same sum from its converged centers.
            expectClose(report["inertia"] ?? .nan, kmeans, "\(name) KMeans.inertia_", relative: 1e-9)
            let given = ClusteringMetrics.compute(features: features, labels: labels, inertia: kmeans)
            #expect(given["inertia"] == kmeans)
        }
    }
}
