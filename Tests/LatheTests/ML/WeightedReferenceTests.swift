// Sample and class weights against scikit-learn 1.9.1 (Tests/Fixtures/ml/weights.json, written
// by tools/reference/ref_ml_weights.py on the datasets of models_*.json).
//
// Coefficients of weighted logistic, linear and ridge within 1e-6; held-out scores of
// class-weighted tree, forest and boost within the 0.02 the unweighted fixtures use.

import LatheCore
import Testing
import Numeric
@testable import ML

@Suite("Reference: sample and class weights vs scikit-learn")
struct WeightedReferenceTests {
    static let fixture = ReferenceFixtures.json("ml/weights.json")
    static let names = fixture["cases"].array.compactMap { $0["name"].string }

    static func entry(_ name: String) -> RefJSON {
        fixture["cases"].array.first { $0["name"].string == name } ?? .null
    }

    /// 0.5, 1, 1.5, 2 repeating: the fixture's weight rule.
    static func ruleWeights(_ n: Int) -> [Double] { (0..<n).map { 0.5 + 0.5 * Double($0 % 4) } }

    /// The case's training data with its weights, and the fitted model.
    static func fit(_ record: RefJSON, extra: [String: Scalar] = [:]) throws -> (ReferenceDataset, FittedModel) {
        let d = ReferenceDataset.named(record["dataset"].string ?? "")
        let spec = record["lathe"]["spec"].string ?? ""
        guard let type = referenceEstimator(spec) else { throw MLError.unknownModel(name: spec, known: []) }
        let (given, _) = referenceParameters(record["lathe"], for: type, extra: extra)
        var data = d.trainingData(standardized: record["features"].string == "standardized")
        if record["rows"].string == "all" {
            data = TrainingData(features: d.all, featureNames: d.featureNames, target: [], classes: [], task: .clustering)
        }
        var weights = record["sample_weights"].bool == true ? ruleWeights(data.rowCount) : [Double](repeating: 1, count: data.rowCount)
        let classWeight: ClassWeight?
        switch record["class_weight"] {
        case .string("balanced"): classWeight = .balanced
        case .object: classWeight = .given(Dictionary(uniqueKeysWithValues: record["class_weight"].keys.map {
            ($0, record["class_weight"][$0].double ?? .nan) }))
        default: classWeight = nil
        }
        if let classWeight {
            let weighted = type.balancesWeightedCounts && record["sample_weights"].bool == true
            let perClass = try TrainingWeights.classWeights(classWeight, classes: d.classes, classIndices: data.target,
                                                            sampleWeights: weighted ? weights : nil)
            for i in weights.indices { weights[i] *= perClass[Int(data.target[i])] }
        }
        data.weights = weights
        return (d, try type.make(given).fit(data, context: FitContext()))
    }

    @Test func fixtureIsLoaded() {
        #expect(Self.names.count == 21)
        #expect(Self.fixture["versions"]["scikit-learn"].string == "1.9.1")
    }

    @Test(arguments: names.filter { $0.contains("logistic") || $0.contains("linear") || $0.contains("ridge") })
    func coefficientsMatchSklearn(_ name: String) throws {
        let record = Self.entry(name)
        let (_, fitted) = try Self.fit(record)
        let state = try fitted.encodeState()
        let coefficients = try state.array("coefficients")
        let intercepts = try state.arrays["intercepts"] ?? [state.scalar("intercept")]
        let expected = record["coef"].array.flatMap { $0.array.isEmpty ? [$0.double ?? .nan] : $0.doubles }
        #expect(coefficients.count == expected.count, "\(name) coefficient count")
        let worst = zip(coefficients + intercepts, expected + record["intercept"].doubles)
            .map { abs($0 - $1) / max(1, abs($1)) }.max() ?? .nan
        #expect(worst <= 1e-6, "\(name): largest coefficient difference \(worst)")
    }

    @Test(arguments: names.filter { $0.contains("tree") || $0.contains("forest") || $0.contains("boost") || $0.contains("naive") })
    func heldOutScoresMatchSklearn(_ name: String) throws {
        let record = Self.entry(name)
        var score: Double
        if record["model"].string == "forest" || record["model"].string == "tree" {
            let seeds = record["seeds"].ints
            var total = 0.0
            for seed in seeds {
                let (d, fitted) = try Self.fit(record, extra: ["seed": .number(Double(seed))])
                total += d.score(try fitted.predict(d.test))
            }
            score = total / Double(seeds.count)
        } else {
            let (d, fitted) = try Self.fit(record)
            score = d.score(try fitted.predict(d.test))
        }
        #expect(scoreAgrees(score, record), "\(name): Lathe \(score), scikit-learn \(record["score"].double ?? .nan)")
    }

    @Test func weightedKMeansInertiaMatchesSklearn() throws {
        let record = Self.entry("iris_kmeans_sw")
        let (d, fitted) = try Self.fit(record)
        let labels = try fitted.predict(d.all).map { Int($0) }
        let weights = Self.ruleWeights(d.all.rows)
        // Weighted inertia of the fitted clustering: Σ wᵢ‖xᵢ − c‖² to the weighted cluster means.
        let p = d.all.columns
        var sums = [Double](repeating: 0, count: 3 * p), totals = [Double](repeating: 0, count: 3)
        for i in 0..<d.all.rows {
            totals[labels[i]] += weights[i]
            for j in 0..<p { sums[labels[i] * p + j] += weights[i] * d.all.storage[i * p + j] }
        }
        var inertia = 0.0
        for i in 0..<d.all.rows {
            for j in 0..<p {
                let diff = d.all.storage[i * p + j] - sums[labels[i] * p + j] / totals[labels[i]]
                inertia += weights[i] * diff * diff
            }
        }
        let reference = record["inertia"].double ?? .nan
        #expect(abs(inertia - reference) <= 0.01 * reference, "Lathe inertia \(inertia), scikit-learn \(reference)")
    }
}
