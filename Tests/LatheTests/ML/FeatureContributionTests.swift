// explain(m, rows): additivity for every model kind, TreeSHAP against brute-force Shapley
// values, and refusals. The data is ExplanationTests' fixture frame (160 rows, six model
// features, one-hot city).
//
// Tolerances: additivity 1e-9 absolute (base value plus contributions against the model's
// own output, both in double precision; the sums differ only in rounding); brute force 1e-9
// (the same game values summed in another order).

import Foundation
import LatheCore
import Testing
import Data
import Numeric
@testable import ML

@Suite("ML: explain (TreeSHAP and linear contributions)")
struct FeatureContributionTests {
    static func train(_ name: String, _ given: [String: Scalar] = [:], target: String, frame: Frame? = nil) throws -> TrainedModel {
        let spec = try ModelSpec.make(name: name, given: given, registry: EstimatorRegistry.all)
        let data = try frame ?? ExplanationTests.frame(target: target)
        return try Trainer.train(spec, prep: [], data: data, target: target, task: nil, context: FitContext())
    }

    /// Base value plus contributions equals the explained output of every row, to 1e-9.
    static func expectAdditive(_ model: TrainedModel, _ frame: Frame, _ what: String) throws {
        let result = try model.explain(frame)
        let outputs = try #require(try model.explainedOutputs(frame))
        let n = frame.rowCount, p = result.features.count
        #expect(result.baseValues.count == n && result.values.count == n * p, "\(what) shape")
        let width = outputs.count / max(1, n)
        var worst = 0.0
        for i in 0..<n {
            var k = 0
            if let classes = result.classes, width > 1 { k = model.classes.firstIndex(of: classes[i]) ?? -1 }
            var total = result.baseValues[i]
            for j in 0..<p { total += result.values[i * p + j] }
            worst = max(worst, abs(total - outputs[i * width + k]))
        }
        #expect(worst <= 1e-9, "\(what): base + contributions is off the output by \(worst)")
    }

    @Test(arguments: [
        ("tree", "y"), ("tree", "label2"), ("tree", "label3"),
        ("forest", "y"), ("forest", "label2"), ("forest", "label3"),
        ("boost", "y"), ("boost", "label2"), ("boost", "label3"),
        ("linear", "y"), ("ridge", "y"), ("logistic", "label2"), ("logistic", "label3"),
    ])
    func contributionsAddUpToTheOutput(_ name: String, _ target: String) throws {
        let given: [String: Scalar] = name == "forest" ? ["trees": .number(20)] : (name == "boost" ? ["rounds": .number(30)] : [:])
        let model = try Self.train(name, given, target: target)
        try Self.expectAdditive(model, try ExplanationTests.frame(target: target), "\(name) on \(target)")
    }

    @Test func boostWithMissingValuesStaysAdditive() throws {
        var frame = try ExplanationTests.frame(target: "label2")
        let x1 = try #require(frame.columnIndex(named: "x1"))
        let values = frame.columns[x1].asDoubles() ?? []
        let holed = values.enumerated().map { $0.offset % 7 == 0 ? Double.nan : $0.element }
        frame = try frame.with(.numeric("x1", holed))
        let model = try Self.train("boost", ["rounds": .number(20)], target: "label2", frame: frame)
        try Self.expectAdditive(model, frame, "boost with NaN")
    }

    @Test func namesAndOutputs() throws {
        let frame = try ExplanationTests.frame(target: "label3")
        let boost = try Self.train("boost", ["rounds": .number(10)], target: "label3")
        let result = try boost.explain(frame)
        #expect(result.features == ExplanationTests.features)
        #expect(result.space == "raw score")
        let predicted = try boost.predict(frame)
        #expect(result.classes == (0..<frame.rowCount).map { predicted.string(at: $0) ?? "" })
        let binary = try Self.train("logistic", target: "label2").explain(frame)
        #expect(binary.space == "log-odds" && Set(binary.classes ?? []) == ["yes"])
        let tree = try Self.train("tree", target: "label2").explain(frame)
        #expect(tree.space == "probability" && Set(tree.classes ?? []) == ["yes"])
        let regression = try Self.train("ridge", target: "y").explain(frame)
        #expect(regression.space == "value" && regression.classes == nil)
    }

    /// The linear contributions are wⱼ(xⱼ − x̄ⱼ), so they average to zero over the training rows.
    @Test func linearContributionsAreCentred() throws {
        let frame = try ExplanationTests.frame(target: "y")
        let result = try Self.train("linear", target: "y").explain(frame)
        let p = result.features.count, n = frame.rowCount
        for j in 0..<p {
            let mean = (0..<n).reduce(0.0) { $0 + result.values[$1 * p + j] } / Double(n)
            #expect(abs(mean) <= 1e-9, "feature \(j) mean contribution \(mean)")
        }
    }

    // MARK: brute force

    /// The tree's output when only the features in `known` are known: a split on a known
    /// feature follows the row, one on an unknown feature averages both children by cover
    /// (the path-dependent conditional expectation TreeSHAP uses).
    static func conditional(_ tree: ExplainedTree, _ x: UnsafePointer<Double>, known: Set<Int>, node: Int = 0) -> Double {
        let f = Int(tree.feature[node])
        if f < 0 { return tree.value[node] }
        let l = Int(tree.left[node]), r = Int(tree.right[node])
        if known.contains(f) { return conditional(tree, x, known: known, node: tree.goesLeft(node, x) ? l : r) }
        return (tree.cover[l] * conditional(tree, x, known: known, node: l)
                + tree.cover[r] * conditional(tree, x, known: known, node: r)) / tree.cover[node]
    }

    /// Shapley values by enumerating every coalition of the `p` features.
    static func bruteForce(_ tree: ExplainedTree, _ x: UnsafePointer<Double>, p: Int) -> [Double] {
        var factorial = [1.0]
        for k in 1...p { factorial.append(factorial[k - 1] * Double(k)) }
        var phi = [Double](repeating: 0, count: p)
        for mask in 0..<(1 << p) {
            let known = Set((0..<p).filter { mask & (1 << $0) != 0 })
            let without = conditional(tree, x, known: known)
            for j in 0..<p where !known.contains(j) {
                let weight = factorial[known.count] * factorial[p - known.count - 1] / factorial[p]
                phi[j] += weight * (conditional(tree, x, known: known.union([j])) - without)
            }
        }
        return phi
    }

    static func expectBruteForce(_ trees: [ExplainedTree], _ x: Tensor, _ what: String) {
        let p = x.columns
        var worst = 0.0
        x.storage.withUnsafeBufferPointer { xs in
            for i in 0..<x.rows {
                let row = xs.baseAddress! + i * p
                for tree in trees {
                    let expected = bruteForce(tree, row, p: p)
                    var phi = [Double](repeating: 0, count: p)
                    phi.withUnsafeMutableBufferPointer { TreeSHAP.add(tree, row: row, scale: 1, into: $0.baseAddress!) }
                    for j in 0..<p { worst = max(worst, abs(phi[j] - expected[j])) }
                    // Efficiency: the values add up to f(x) − E[f].
                    let total = phi.reduce(0, +) + tree.expectedValue - tree.predict(row)
                    worst = max(worst, abs(total))
                }
            }
        }
        #expect(worst <= 1e-9, "\(what): TreeSHAP is off brute force by \(worst)")
    }

    @Test(arguments: ["y", "label2", "label3"])
    func treeMatchesBruteForceShapley(_ target: String) throws {
        let model = try Self.train("tree", ["max_depth": .number(5)], target: target)
        let tree = try #require(model.algorithm as? DecisionTreeModel)
        let trees = try #require(tree.nodes.explainedTrees(roots: [0]))
        #expect(trees.allSatisfy { $0.depth >= 4 })
        let x = try model.features(try ExplanationTests.frame(target: target).take(Array(0..<25)))
        Self.expectBruteForce(trees, x, "tree on \(target)")
    }

    @Test func forestAndBoostTreesMatchBruteForceShapley() throws {
        let frame = try ExplanationTests.frame(target: "label2").take(Array(0..<15))
        let forest = try Self.train("forest", ["trees": .number(4), "max_depth": .number(4)], target: "label2")
        let forestModel = try #require(forest.algorithm as? RandomForestModel)
        Self.expectBruteForce(try #require(forestModel.nodes.explainedTrees(roots: forestModel.roots)),
                              try forest.features(frame), "forest")
        let boost = try Self.train("boost", ["rounds": .number(4)], target: "label3")
        let boostModel = try #require(boost.algorithm as? GradientBoostingModel)
        let b = boostModel.trees
        let trees = b.roots.map { root in
            ExplainedTree(root: root, feature: b.feature, threshold: b.threshold, missingLeft: { b.missingLeft[$0] },
                          left: b.left, right: b.right, cover: b.cover, leaf: { b.value[$0] })
        }
        Self.expectBruteForce(trees, try boost.features(frame), "boost")
    }

    /// A tree that splits on the same feature twice on one path exercises the unwinding.
    @Test func repeatedFeatureOnAPath() throws {
        // x0 ≤ 0.5 → (x1 ≤ 0.5 → (x0 ≤ 0.25 → 1 | 2) | 3) | (x2 ≤ 0.5 → 4 | x0 ≤ 0.75 → 5 | 6)
        let feature: [Int32] = [0, 1, 0, -1, -1, -1, 2, -1, 0, -1, -1]
        let nan = Double.nan
        let threshold: [Double] = [0.5, 0.5, 0.25, 0, 0, 0, 0.5, 0, 0.75, 0, 0]
        let left: [Int32] = [1, 2, 3, 0, 0, 0, 7, 0, 9, 0, 0]
        let right: [Int32] = [6, 5, 4, 0, 0, 0, 8, 0, 10, 0, 0]
        let cover: [Double] = [100, 60, 35, 20, 15, 25, 40, 10, 30, 12, 18]
        let values: [Double] = [0, 0, 0, 1, 2, 3, 0, 4, 0, 5, 6]
        let tree = ExplainedTree(root: 0, feature: feature, threshold: threshold, missingLeft: nil, left: left, right: right,
                                 cover: cover, leaf: { values[$0] })
        var rows: [Double] = [0.1, 0.1, 0.9, 0.3, 0.9, 0.1, 0.6, 0.2, 0.9]
        rows += [0.8, 0.7, 0.2, 0.4, 0.3, 0.6, nan, 0.2, 0.2]
        Self.expectBruteForce([tree], try Tensor(shape: [6, 3], storage: rows), "hand-built tree")
    }

    // MARK: refusals and old files

    @Test func modelsWithoutContributionsAreRefused() throws {
        let frame = try ExplanationTests.frame(target: "label2")
        for name in ["knn", "naive_bayes"] {
            let model = try Self.train(name, target: "label2")
            #expect(model.explanationUnavailableReason?.contains("no exact per-row feature contributions") == true, "\(name)")
            #expect(throws: MLError.self) { try model.explain(frame) }
        }
        let spec = try ModelSpec.make(name: "kmeans", given: ["k": .number(2)], registry: EstimatorRegistry.all)
        let kmeans = try Trainer.train(spec, prep: [], data: try frame.drop(["label2"]), target: nil, task: nil, context: FitContext())
        #expect(kmeans.explanationUnavailableReason?.contains("clusters") == true)
    }

    /// A model file written before the covers and means were stored loads and predicts as
    /// before; explain refuses it with a hint to retrain.
    @Test func modelFilesFromBeforeExplainLoadButAreRefused() throws {
        for name in ["tree", "forest", "boost", "ridge", "linear", "logistic"] {
            let target = ["ridge", "linear"].contains(name) ? "y" : "label2"
            let model = try Self.train(name, name == "forest" ? ["trees": .number(5)] : [:], target: target)
            let frame = try ExplanationTests.frame(target: target)
            let saved = try ModelCodec.load(try ModelCodec.encode(model), path: "m.json", registry: EstimatorRegistry.all)
            #expect(try saved.explain(frame) == (try model.explain(frame)), "\(name) survives save and load")
            var envelope = try JSONDecoder().decode(ModelCodec.Envelope.self, from: Foundation.Data(try ModelCodec.encode(model)))
            for key in ["cover", "feature_mean"] { envelope.model.arrays[key] = nil }
            let old = try ModelCodec.load(Array(try JSONEncoder().encode(envelope)), path: "old.json", registry: EstimatorRegistry.all)
            #expect(try old.predictValues(frame) == (try model.predictValues(frame)), "\(name)")
            #expect(old.explanationUnavailableReason?.contains("retrain") == true, "\(name)")
            #expect(throws: MLError.self) { try old.explain(frame) }
        }
    }
}
