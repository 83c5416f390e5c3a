// explain(m, rows) against the shap package (0.51.0, with scikit-learn 1.9.1), fixture
// Tests/Fixtures/ml/shap.json written by tools/reference/ref_ml_shap.py.
//
// Tolerances: trees 1e-9 absolute (Lathe grows the same trees as scikit-learn on this data,
// and shap's TreeSHAP runs on them in double precision); boosted trees 1e-9 (shap explains
// Lathe's own trees, read from the committed model files); ridge 1e-7 (its coefficients
// agree with scikit-learn's to 1e-8 relative); logistic 1e-3 (L-BFGS stops near, not at, the
// optimum, so coefficients agree to about 1e-4).

import Foundation
import LatheCore
import Testing
import Data
import Numeric
@testable import ML

@Suite("ML: explain vs the shap package")
struct ShapReferenceTests {
    static let fixture = ReferenceFixtures.json("ml/shap.json")

    static func rows(_ target: String) throws -> Frame {
        try ExplanationTests.frame(target: target).take(fixture["rows"].doubles.map { Int($0) })
    }

    static func expectShap(_ model: TrainedModel, _ entry: String, target: String, tolerance: Double) throws {
        let result = try model.explain(try rows(target))
        let reference = fixture[entry]
        let values = reference["values"].array.map(\.doubles)
        let base = reference["base_value"].double ?? .nan
        let p = result.features.count
        var worst = 0.0
        for (i, row) in values.enumerated() {
            #expect(row.count == p, "\(entry) row \(i) width")
            for j in 0..<min(p, row.count) { worst = max(worst, abs(result.values[i * p + j] - row[j])) }
            worst = max(worst, abs(result.baseValues[i] - base))
        }
        #expect(values.count == result.baseValues.count && worst <= tolerance, "\(entry): off shap by \(worst)")
    }

    static func train(_ name: String, _ given: [String: Scalar], target: String) throws -> TrainedModel {
        let spec = try ModelSpec.make(name: name, given: given, registry: EstimatorRegistry.all)
        return try Trainer.train(spec, prep: [], data: try ExplanationTests.frame(target: target), target: target, task: nil,
                                 context: FitContext())
    }

    @Test func treesMatchShapTreeExplainer() throws {
        try Self.expectShap(try Self.train("tree", ["max_depth": .number(4)], target: "y"), "tree_regressor", target: "y",
                            tolerance: 1e-9)
        let classifier = try Self.train("tree", ["max_depth": .number(4)], target: "label2")
        #expect(classifier.classes == ["no", "yes"])
        try Self.expectShap(classifier, "tree_classifier", target: "label2", tolerance: 1e-9)
    }

    @Test func linearModelsMatchShapLinearExplainer() throws {
        try Self.expectShap(try Self.train("ridge", ["alpha": .number(1)], target: "y"), "ridge", target: "y", tolerance: 1e-7)
        let logistic = try Self.train("logistic", ["C": .number(1), "tol": .number(1e-12), "max_iter": .number(10000)],
                                      target: "label2")
        try Self.expectShap(logistic, "logistic", target: "label2", tolerance: 1e-3)
    }

    @Test(arguments: [("boost_binary", "label2"), ("boost_regressor", "y")])
    func boostedTreesMatchShapOnTheSameTrees(_ entry: String, _ target: String) throws {
        let file = try #require(Self.fixture[entry]["model"].string)
        let bytes = try Foundation.Data(contentsOf: URL(fileURLWithPath: ReferenceFixtures.fixture("ml/" + file)))
        let model = try ModelCodec.load(Array(bytes), path: file, registry: EstimatorRegistry.all)
        try Self.expectShap(model, entry, target: target, tolerance: 1e-9)
    }
}
