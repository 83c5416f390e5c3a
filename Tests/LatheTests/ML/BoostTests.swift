import Testing
import Foundation
import Numeric
@testable import ML

@Suite("ML: gradient boosting")
struct GradientBoostingTests {
    @Test func binMapperUsesMidpointsOrQuantiles() {
        var few = [3.0, 1, 2, 2, 3, 1]
        #expect(BinMapper.findThresholds(&few, maxBins: 255) == [1.5, 2.5])
        var many = (0..<1000).map { Double($0) }
        let thresholds = BinMapper.findThresholds(&many, maxBins: 10)
        // np.percentile(arange(1000), linspace(0, 100, 11)[1:-1], method="averaged_inverted_cdf")
        #expect(thresholds == [99.5, 199.5, 299.5, 399.5, 499.5, 599.5, 699.5, 799.5, 899.5])
        let x = TreeTestData.matrix([[0.5], [1.5], [2], [.nan], [9]])
        let mapper = BinMapper(thresholds: [[1.5, 2.5]], hasMissing: [true], maxBins: 255)
        #expect(mapper.transform(x) == [0, 0, 1, 255, 2])
    }

    @Test func lossFallsAndASmoothFunctionIsFitted() throws {
        // y = sin(2x₀) + x₁² on 2,000 rows, no noise.
        var g = RandomGenerator(seed: 3)
        var rows: [[Double]] = [], y: [Double] = []
        for _ in 0..<2000 {
            let a = g.uniform(-2, 2), b = g.uniform(-1, 1)
            rows.append([a, b])
            y.append(sin(2 * a) + b * b)
        }
        let data = TreeTestData.regression(rows, y)
        let context = FitContext()
        let model = try GradientBoosting.make(["rounds": .number(150)]).fit(data, context: context)
        let curve = context.lossCurve
        #expect(curve.count == 151)
        for i in 1..<curve.count { #expect(curve[i] <= curve[i - 1] + 1e-12) }
        #expect(curve.last! < curve.first! / 50)
        #expect(TreeTestData.r2(try model.predict(data.features), y) > 0.98)
    }

    @Test func largeNodesSplitOnBothCoresStayConsistent() throws {
        // 40,000 rows: root and large children take the two-core histogram and partition paths.
        // The training scores (built from the partitioned row lists) must equal the model's own
        // predictions on the training rows, which walk the trees.
        let data = TreeTestData.synthetic(n: 40_000, p: 5, classes: 0, seed: 120)
        let context = FitContext()
        let model = try GradientBoosting.make(["rounds": .number(4), "max_leaves": .number(8)]).fit(data, context: context)
        let prediction = try model.predict(data.features)
        let stride = 40_000 / 10_000
        var loss = 0.0, count = 0
        for i in Swift.stride(from: 0, to: 40_000, by: stride) {
            loss += 0.5 * (prediction[i] - data.target[i]) * (prediction[i] - data.target[i])
            count += 1
        }
        let recorded = try #require(context.lossCurve.last)
        #expect(abs(loss / Double(count) - recorded) <= 1e-12 * recorded)
        #expect(context.lossCurve.count == 5)
    }

    @Test func binaryClassificationGeneralizes() throws {
        let train = TreeTestData.synthetic(n: 3000, p: 6, classes: 2, seed: 60, noise: 0.4)
        let test = TreeTestData.synthetic(n: 1000, p: 6, classes: 2, seed: 61, noise: 0.4)
        let context = FitContext()
        let model = try GradientBoosting.make(["rounds": .number(60)]).fit(train, context: context)
        #expect(TreeTestData.accuracy(try model.predict(test.features), test.target) > 0.85)
        #expect(context.lossCurve.last! < context.lossCurve.first! * 0.6)
        let probabilities = try #require(try model.predictProbabilities(test.features))
        #expect(probabilities.shape == [1000, 2])
        let predictions = try model.predict(test.features)
        for i in 0..<1000 {
            #expect(probabilities.storage[2 * i] + probabilities.storage[2 * i + 1] == 1)
            #expect(predictions[i] == (probabilities.storage[2 * i + 1] > 0.5 ? 1 : 0))
        }
    }

    @Test func multiclassProbabilitiesSumToOne() throws {
        let train = TreeTestData.synthetic(n: 1500, p: 5, classes: 4, seed: 70)
        let model = try GradientBoosting.make(["rounds": .number(25), "max_leaves": .number(15)]).fit(train, context: FitContext())
            as! GradientBoostingModel
        #expect(model.rounds == 25)
        #expect(model.trees.roots.count == 100)
        let probabilities = try #require(try model.predictProbabilities(train.features))
        #expect(probabilities.shape == [1500, 4])
        for i in 0..<1500 {
            let row = probabilities.storage[(4 * i)..<(4 * i + 4)]
            #expect(abs(row.reduce(0, +) - 1) < 1e-12)
        }
        #expect(TreeTestData.accuracy(try model.predict(train.features), train.target) > 0.8)
    }

    @Test func earlyStoppingStops() throws {
        // Pure noise: the validation loss stops improving almost at once.
        var g = RandomGenerator(seed: 80)
        let rows = (0..<1500).map { _ in [g.normal(), g.normal(), g.normal()] }
        let y = (0..<1500).map { _ in Double(g.integer(below: 2)) }
        let data = TreeTestData.classification(rows, y)
        let held = try GradientBoosting.make(["rounds": .number(500), "early_stopping": .bool(true)]).fit(data, context: FitContext())
            as! GradientBoostingModel
        #expect(held.rounds < 100)
        var withValidation = data
        let validationRows = (0..<300).map { _ in [g.normal(), g.normal(), g.normal()] }
        withValidation.validation = (TreeTestData.matrix(validationRows), (0..<300).map { _ in Double(g.integer(below: 2)) })
        let given = try GradientBoosting.make(["rounds": .number(500), "early_stopping": .bool(true)]).fit(withValidation, context: FitContext())
            as! GradientBoostingModel
        #expect(given.rounds < 500)
        let off = try GradientBoosting.make(["rounds": .number(30)]).fit(data, context: FitContext()) as! GradientBoostingModel
        #expect(off.rounds == 30)
        // One row: nothing can be held out, so all rounds run.
        let single = TreeTestData.regression([[1, 2]], [3])
        let lone = try GradientBoosting.make(["rounds": .number(5), "early_stopping": .bool(true)]).fit(single, context: FitContext())
            as! GradientBoostingModel
        #expect(lone.rounds == 5)
        #expect(try lone.predict(single.features) == [3])
        var badValidation = data
        badValidation.validation = (TreeTestData.matrix([[0, 0, 0]]), [7])
        #expect(throws: MLError.self) {
            try GradientBoosting.make(["early_stopping": .bool(true)]).fit(badValidation, context: FitContext())
        }
        #expect(BoostTrainer.shouldStop([1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2]) == false)
        #expect(BoostTrainer.shouldStop([2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2]) == true)
        #expect(BoostTrainer.shouldStop([2, 2, 2]) == false)
    }

    @Test func missingValuesAreLearnedAndRouted() throws {
        // The class is 1 exactly when x₀ is missing; x₁ is noise.
        var g = RandomGenerator(seed: 90)
        var rows: [[Double]] = [], y: [Double] = []
        for i in 0..<800 {
            let missing = i % 3 == 0
            rows.append([missing ? .nan : g.normal(), g.normal()])
            y.append(missing ? 1 : 0)
        }
        let data = TreeTestData.classification(rows, y)
        #expect(GradientBoosting.handlesMissingValues)
        let model = try GradientBoosting.make(["rounds": .number(20)]).fit(data, context: FitContext())
        #expect(try model.predict(TreeTestData.matrix([[.nan, 0], [0.3, 0], [-1, 2]])) == [1, 0, 0])
        // A model trained without NaN still answers NaN rows (they follow the larger child).
        let clean = TreeTestData.synthetic(n: 400, p: 3, classes: 0, seed: 91)
        let regressor = try GradientBoosting.make(["rounds": .number(10)]).fit(clean, context: FitContext())
        let prediction = try regressor.predict(TreeTestData.matrix([[.nan, .nan, .nan]]))
        #expect(prediction[0].isFinite)
    }

    @Test func deterministicAndStateRoundTrips() throws {
        let data = TreeTestData.synthetic(n: 600, p: 4, classes: 3, seed: 100)
        let a = try GradientBoosting.make(["rounds": .number(15)]).fit(data, context: FitContext()) as! GradientBoostingModel
        let b = try GradientBoosting.make(["rounds": .number(15)]).fit(data, context: FitContext()) as! GradientBoostingModel
        #expect(a.trees == b.trees && a.baseline == b.baseline)
        _ = try TreeTestData.roundTrip(a, on: data.features)
        let regression = TreeTestData.synthetic(n: 400, p: 4, classes: 0, seed: 101)
        let regressor = try GradientBoosting.make(["rounds": .number(10), "l2": .number(1)]).fit(regression, context: FitContext())
            as! GradientBoostingModel
        _ = try TreeTestData.roundTrip(regressor, on: regression.features)
        var damaged = try regressor.encodeState()
        damaged.integers["left"]![0] = -5
        #expect(throws: MLError.self) { try GradientBoostingModel(state: damaged) }
    }

    @Test func parametersAreValidatedAndInterruptionStops() throws {
        #expect(throws: MLError.self) { try GradientBoosting.make(["max_bins": .number(256)]) }
        #expect(throws: MLError.self) { try GradientBoosting.make(["learning_rate": .number(0)]) }
        #expect(throws: MLError.self) { try GradientBoosting.make(["leaves": .number(8)]) }
        let data = TreeTestData.synthetic(n: 200, p: 4, classes: 2, seed: 110)
        #expect(throws: MLError.interrupted) { try GradientBoosting.make([:]).fit(data, context: FitContext(shouldStop: { true })) }
        let clustering = TrainingData(features: data.features, featureNames: data.featureNames, target: [], classes: [], task: .clustering)
        #expect(throws: MLError.self) { try GradientBoosting.make([:]).fit(clustering, context: FitContext()) }
    }
}
