import LatheCore
import Testing
import Numeric
@testable import ML

/// Small generated data sets for the tree, forest and boosting tests.
enum TreeTestData {
    static func matrix(_ rows: [[Double]]) -> Tensor { try! Tensor(rows: rows) }

    static func classification(_ rows: [[Double]], _ y: [Double], classes: Int = 2) -> TrainingData {
        TrainingData(features: matrix(rows), featureNames: (0..<rows[0].count).map { "x\($0)" }, target: y,
                     classes: (0..<classes).map { "c\($0)" }, task: classes == 2 ? .binary : .multiclass)
    }

    static func regression(_ rows: [[Double]], _ y: [Double]) -> TrainingData {
        TrainingData(features: matrix(rows), featureNames: (0..<rows[0].count).map { "x\($0)" }, target: y,
                     classes: [], task: .regression)
    }

    /// `n` rows of `p` standard normal features; classes from a nonlinear rule (0 = regression).
    static func synthetic(n: Int, p: Int, classes: Int, seed: UInt64, noise: Double = 0.3) -> TrainingData {
        var g = RandomGenerator(seed: seed)
        var x = [Double](repeating: 0, count: n * p), y = [Double](repeating: 0, count: n)
        for i in 0..<n {
            for j in 0..<p { x[i * p + j] = g.normal() }
            func v(_ j: Int) -> Double { x[i * p + j % p] }
            let r = v(0) * v(1) + 2 * sin(v(2)) + 0.5 * v(3) + noise * g.normal()
            switch classes {
            case 0: y[i] = r
            case 2: y[i] = r > 0 ? 1 : 0
            default: y[i] = Double(min(classes - 1, max(0, Int(((r + 3) / 6 * Double(classes)).rounded(.down)))))
            }
        }
        let task: Task = classes == 0 ? .regression : classes == 2 ? .binary : .multiclass
        return TrainingData(features: try! Tensor(shape: [n, p], storage: x), featureNames: (0..<p).map { "x\($0)" },
                            target: y, classes: (0..<classes).map { "c\($0)" }, task: task)
    }

    static func accuracy(_ a: [Double], _ b: [Double]) -> Double {
        Double(zip(a, b).filter { $0 == $1 }.count) / Double(a.count)
    }

    static func r2(_ prediction: [Double], _ y: [Double]) -> Double {
        let mean = y.reduce(0, +) / Double(y.count)
        let residual = zip(prediction, y).map { ($0 - $1) * ($0 - $1) }.reduce(0, +)
        let total = y.map { ($0 - mean) * ($0 - mean) }.reduce(0, +)
        return 1 - residual / total
    }

    /// Encodes, JSON-round-trips and decodes a model; the predictions must be identical.
    static func roundTrip<M: FittedModel>(_ model: M, on features: Tensor) throws -> M {
        let state = try model.encodeState()
        let json = try JSONEncoderLite.encode(state)
        let decoded = try JSONEncoderLite.decode(json)
        #expect(decoded == state)
        let restored = try M(state: decoded)
        #expect(try restored.predict(features) == model.predict(features))
        let a = try model.predictProbabilities(features), b = try restored.predictProbabilities(features)
        #expect(a == b)
        return restored
    }
}

import Foundation

enum JSONEncoderLite {
    static func encode(_ state: ModelState) throws -> Data { try JSONEncoder().encode(state) }
    static func decode(_ data: Data) throws -> ModelState { try JSONDecoder().decode(ModelState.self, from: data) }
}

@Suite("ML: decision tree")
struct DecisionTreeTests {
    @Test func findsThePerfectSplit() throws {
        // Only feature 1 separates the classes, between 2 and 5.
        let rows: [[Double]] = [[3, 1], [1, 2], [2, 5], [0, 6], [3, 2], [1, 7]]
        let data = TreeTestData.classification(rows, [0, 0, 1, 1, 0, 1])
        let model = try DecisionTree.make([:]).fit(data, context: FitContext()) as! DecisionTreeModel
        #expect(model.nodeCount == 3)
        #expect(model.nodes.feature[0] == 1)
        #expect(model.nodes.threshold[0] == 3.5)
        #expect(try model.predict(TreeTestData.matrix([[9, 3.4], [9, 3.6]])) == [0, 1])
        let probabilities = try #require(try model.predictProbabilities(TreeTestData.matrix([[0, 0]])))
        #expect(probabilities.storage == [1, 0])
    }

    @Test func depthLimitKeepsMixedLeaves() throws {
        // XOR needs depth 2; depth 1 can only make one (useless) cut.
        let rows: [[Double]] = [[0, 0], [0, 1], [1, 0], [1, 1], [0, 0], [0, 1], [1, 0], [1, 1]]
        let y: [Double] = [0, 1, 1, 0, 0, 1, 1, 0]
        let data = TreeTestData.classification(rows, y)
        let shallow = try DecisionTree.make(["max_depth": .number(1)]).fit(data, context: FitContext()) as! DecisionTreeModel
        #expect(shallow.depth == 1)
        #expect(TreeTestData.accuracy(try shallow.predict(data.features), y) == 0.5)
        let full = try DecisionTree.make([:]).fit(data, context: FitContext()) as! DecisionTreeModel
        #expect(full.depth == 2)
        #expect(try full.predict(data.features) == y)
    }

    @Test func minSamplesLeafIsRespected() throws {
        let rows = (0..<20).map { [Double($0)] }
        let y = (0..<20).map { Double($0 % 2) }
        let data = TreeTestData.classification(rows, y)
        let model = try DecisionTree.make(["min_samples_leaf": .number(6)]).fit(data, context: FitContext()) as! DecisionTreeModel
        // Count training rows per leaf.
        var perLeaf: [Int: Int] = [:]
        for row in rows {
            var node = 0
            while model.nodes.feature[node] >= 0 {
                node = Int(row[Int(model.nodes.feature[node])] <= model.nodes.threshold[node] ? model.nodes.left[node] : model.nodes.right[node])
            }
            perLeaf[node, default: 0] += 1
        }
        #expect(perLeaf.values.allSatisfy { $0 >= 6 })
        #expect(perLeaf.count >= 2)
    }

    @Test func regressionLeavesHoldMeans() throws {
        let rows: [[Double]] = [[1], [2], [3], [10], [11], [12]]
        let data = TreeTestData.regression(rows, [1, 2, 3, 20, 21, 22])
        let model = try DecisionTree.make(["max_depth": .number(1)]).fit(data, context: FitContext())
        #expect(try model.predict(TreeTestData.matrix([[0], [100]])) == [2, 21])
        #expect(try model.predictProbabilities(data.features) == nil)
    }

    @Test func entropyAndGiniAgreeOnAnEasySplit() throws {
        let data = TreeTestData.synthetic(n: 400, p: 4, classes: 3, seed: 4)
        for criterion in ["gini", "entropy"] {
            let model = try DecisionTree.make(["criterion": .string(criterion)]).fit(data, context: FitContext())
            // A fully grown tree reproduces its training data (no duplicate rows here).
            #expect(try model.predict(data.features) == data.target)
            let probabilities = try #require(try model.predictProbabilities(data.features))
            #expect(probabilities.shape == [400, 3])
        }
    }

    @Test func generalizesOnHeldOutData() throws {
        let train = TreeTestData.synthetic(n: 3000, p: 6, classes: 2, seed: 10)
        let test = TreeTestData.synthetic(n: 1000, p: 6, classes: 2, seed: 11)
        let model = try DecisionTree.make(["max_depth": .number(6)]).fit(train, context: FitContext())
        #expect(TreeTestData.accuracy(try model.predict(test.features), test.target) > 0.8)
        let regression = TreeTestData.synthetic(n: 3000, p: 6, classes: 0, seed: 12)
        let regressionTest = TreeTestData.synthetic(n: 1000, p: 6, classes: 0, seed: 13)
        let regressor = try DecisionTree.make(["max_depth": .number(8), "min_samples_leaf": .number(5)]).fit(regression, context: FitContext())
        #expect(TreeTestData.r2(try regressor.predict(regressionTest.features), regressionTest.target) > 0.6)
    }

    @Test func criterionMustFitTheTask() throws {
        let data = TreeTestData.regression([[1], [2]], [1, 2])
        #expect(throws: MLError.self) { try DecisionTree.make(["criterion": .string("gini")]).fit(data, context: FitContext()) }
        let classes = TreeTestData.classification([[1], [2]], [0, 1])
        #expect(throws: MLError.self) { try DecisionTree.make(["criterion": .string("squared_error")]).fit(classes, context: FitContext()) }
        #expect(throws: MLError.self) { try DecisionTree.make(["criterion": .string("mae")]) }
        #expect(throws: MLError.self) { try DecisionTree.make(["max_depth": .number(0)]) }
    }

    @Test func rejectsMissingValuesAndWrongColumns() throws {
        let data = TreeTestData.classification([[1, .nan], [2, 3]], [0, 1])
        #expect(throws: MLError.missingValues(column: "x1", model: "tree")) { try DecisionTree.make([:]).fit(data, context: FitContext()) }
        let good = TreeTestData.classification([[1, 2], [2, 3]], [0, 1])
        let model = try DecisionTree.make([:]).fit(good, context: FitContext())
        #expect(throws: MLError.self) { try model.predict(TreeTestData.matrix([[1, 2, 3]])) }
    }

    @Test func stateRoundTrips() throws {
        let data = TreeTestData.synthetic(n: 500, p: 5, classes: 3, seed: 7)
        let model = try DecisionTree.make(["max_depth": .number(5)]).fit(data, context: FitContext()) as! DecisionTreeModel
        _ = try TreeTestData.roundTrip(model, on: data.features)
        let regression = TreeTestData.synthetic(n: 500, p: 5, classes: 0, seed: 8)
        let regressor = try DecisionTree.make([:]).fit(regression, context: FitContext()) as! DecisionTreeModel
        _ = try TreeTestData.roundTrip(regressor, on: regression.features)
        var damaged = try model.encodeState()
        damaged.integers["left"]![0] = 99_999
        #expect(throws: MLError.self) { try DecisionTreeModel(state: damaged) }
    }

    @Test func interruptionStopsTheFit() throws {
        let data = TreeTestData.synthetic(n: 100, p: 4, classes: 2, seed: 1)
        let context = FitContext(shouldStop: { true })
        #expect(throws: MLError.interrupted) { try DecisionTree.make([:]).fit(data, context: context) }
    }
}

@Suite("ML: random forest")
struct RandomForestTests {
    @Test func sameSeedSamePredictionsAndParallelEqualsSerial() throws {
        let data = TreeTestData.synthetic(n: 600, p: 6, classes: 3, seed: 21)
        let given: [String: Scalar] = ["trees": .number(12), "seed": .number(5)]
        let a = try RandomForest.make(given).fit(data, context: FitContext()) as! RandomForestModel
        let b = try RandomForest.make(given).fit(data, context: FitContext()) as! RandomForestModel
        var serial = try RandomForest.make(given)
        serial.serial = true
        let c = try serial.fit(data, context: FitContext()) as! RandomForestModel
        #expect(a.nodes == b.nodes && a.roots == b.roots)
        #expect(a.nodes == c.nodes && a.roots == c.roots)
        #expect(try a.predictProbabilities(data.features) == c.predictProbabilities(data.features))
        let other = try RandomForest.make(["trees": .number(12), "seed": .number(6)]).fit(data, context: FitContext()) as! RandomForestModel
        #expect(other.nodes != a.nodes)
    }

    @Test func beatsASingleTreeOnHeldOutData() throws {
        let train = TreeTestData.synthetic(n: 2000, p: 8, classes: 2, seed: 30, noise: 0.6)
        let test = TreeTestData.synthetic(n: 1000, p: 8, classes: 2, seed: 31, noise: 0.6)
        let tree = try DecisionTree.make([:]).fit(train, context: FitContext())
        let forest = try RandomForest.make(["trees": .number(30)]).fit(train, context: FitContext())
        let treeAccuracy = TreeTestData.accuracy(try tree.predict(test.features), test.target)
        let forestAccuracy = TreeTestData.accuracy(try forest.predict(test.features), test.target)
        #expect(forestAccuracy > treeAccuracy + 0.02)
        let probabilities = try #require(try forest.predictProbabilities(test.features))
        for i in 0..<test.rowCount {
            #expect(abs(probabilities.storage[2 * i] + probabilities.storage[2 * i + 1] - 1) < 1e-12)
        }
    }

    @Test func regressionAndFeatureChoices() throws {
        let train = TreeTestData.synthetic(n: 1500, p: 6, classes: 0, seed: 40)
        let test = TreeTestData.synthetic(n: 500, p: 6, classes: 0, seed: 41)
        for choice in ["sqrt", "log2", "all"] {
            let model = try RandomForest.make(["trees": .number(20), "max_features": .string(choice), "min_samples_leaf": .number(2)])
                .fit(train, context: FitContext())
            #expect(TreeTestData.r2(try model.predict(test.features), test.target) > 0.6)
            #expect(try model.predictProbabilities(test.features) == nil)
        }
        #expect(RandomForest.featuresPerSplit("", p: 20, task: .binary) == 4)
        #expect(RandomForest.featuresPerSplit("", p: 20, task: .regression) == 20)
        #expect(RandomForest.featuresPerSplit("log2", p: 20, task: .regression) == 4)
    }

    @Test func stateRoundTripsAndInterruptionStops() throws {
        let data = TreeTestData.synthetic(n: 400, p: 5, classes: 2, seed: 50)
        let model = try RandomForest.make(["trees": .number(8), "max_depth": .number(6)]).fit(data, context: FitContext()) as! RandomForestModel
        _ = try TreeTestData.roundTrip(model, on: data.features)
        let regression = TreeTestData.synthetic(n: 300, p: 5, classes: 0, seed: 51)
        let regressor = try RandomForest.make(["trees": .number(5)]).fit(regression, context: FitContext()) as! RandomForestModel
        _ = try TreeTestData.roundTrip(regressor, on: regression.features)
        let context = FitContext(shouldStop: { true })
        #expect(throws: MLError.interrupted) { try RandomForest.make(["trees": .number(4)]).fit(data, context: context) }
    }
}
