import LatheCore
import Testing
import Data
import Numeric
@testable import ML

/// Small frames and helpers shared by the ML pipeline tests.
enum MLFixtures {
    static let registry: [any Estimator.Type] = ModelSpec.coreEstimators

    static func spec(_ name: String, _ given: [String: Scalar] = [:]) throws -> ModelSpec {
        try ModelSpec.make(name: name, given: given, registry: registry)
    }

    static func train(_ spec: ModelSpec, _ frame: Frame, target: String?, prep: [PreprocessorSpec] = [],
                      task: Task? = nil) throws -> TrainedModel {
        try Trainer.train(spec, prep: prep, data: frame, target: target, task: task, context: FitContext())
    }

    /// y = 1 + 2·a − 3·b exactly, with a text column `c` and a bool `d` that do not matter.
    static func exactLinear() throws -> Frame {
        let a: [Double] = [0, 1, 2, 3, 4, 5, 6, 7]
        let b: [Double] = [1, 0, 2, 1, 3, 5, 2, 8]
        return try Frame(columns: [
            .numeric("a", a), .numeric("b", b),
            .numeric("y", zip(a, b).map { 1 + 2 * $0 - 3 * $1 }),
        ])
    }

    /// Two well-separated-ish classes in two features, deterministic.
    static func twoClasses(n: Int = 60, seed: UInt64 = 7) throws -> Frame {
        var g = RandomGenerator(seed: seed)
        var x1: [Double] = [], x2: [Double] = [], label: [String?] = []
        for i in 0..<n {
            let positive = i % 2 == 0
            x1.append(g.normal() + (positive ? 1.5 : -1.5))
            x2.append(g.normal() * 0.5 + (positive ? 0.5 : -0.5))
            label.append(positive ? "yes" : "no")
        }
        return try Frame(columns: [.numeric("x1", x1), .numeric("x2", x2), .strings("label", label)])
    }
}

func mlClose(_ a: Double, _ b: Double, _ tolerance: Double = 1e-10) -> Bool {
    abs(a - b) <= tolerance * max(1, abs(a), abs(b))
}

@Suite("ML: specs, training pipeline, errors")
struct PipelineTests {
    @Test func unknownModelListsKnownOnes() {
        #expect(throws: MLError.unknownModel(name: "lineer", known: MLFixtures.registry.map { $0.name })) {
            try MLFixtures.spec("lineer")
        }
    }

    @Test func unknownParameterListsValidOnes() throws {
        do {
            _ = try MLFixtures.spec("linear", ["alpha": .number(1)])
            Issue.record("expected an error")
        } catch let error as MLError {
            #expect(error.description == "linear() has no parameter 'alpha'")
            #expect(error.hint == "it takes no parameters")
        }
    }

    @Test func preprocessorSpecsValidate() throws {
        let impute = try PreprocessorSpec.make(name: "impute", given: ["strategy": .string("median")])
        #expect(impute.description == "impute(strategy: \"median\")")
        do {
            _ = try PreprocessorSpec.make(name: "impute", given: ["strategy": .string("mode")])
            Issue.record("expected an error")
        } catch let error as MLError {
            #expect(error.description == "impute(strategy:) must be one of \"mean\", \"median\", \"most_frequent\", found \"mode\"")
        }
        #expect(throws: MLError.self) { try PreprocessorSpec.make(name: "scale", given: [:]) }
        #expect(PreprocessorSpec.all.map(\.name) == ["standardize", "minmax", "onehot", "impute"])
    }

    @Test func linearRecoversAnExactPlane() throws {
        let model = try MLFixtures.train(try MLFixtures.spec("linear"), try MLFixtures.exactLinear(), target: "y")
        #expect(model.task == .regression)
        let fitted = try #require(model.algorithm as? LinearRegressionModel)
        #expect(mlClose(fitted.model.coefficients[0], 2) && mlClose(fitted.model.coefficients[1], -3))
        #expect(mlClose(fitted.model.intercept, 1))
        #expect(model.featureNames == ["a", "b"] && model.featureTypes == ["float64", "float64"])
    }

    @Test func linearMatchesHandSolvedLine() throws {
        // x̄ = 1.5, ȳ = 2.75, Sxy = 5.5, Sxx = 5 → slope 1.1, intercept 2.75 − 1.65 = 1.1.
        let frame = try Frame(columns: [.numeric("x", [0, 1, 2, 3]), .numeric("y", [1, 3, 2, 5])])
        let model = try MLFixtures.train(try MLFixtures.spec("linear"), frame, target: "y")
        let fitted = try #require(model.algorithm as? LinearRegressionModel)
        #expect(mlClose(fitted.model.coefficients[0], 1.1, 1e-13))
        #expect(mlClose(fitted.model.intercept, 1.1, 1e-13))
        let predicted = try model.predict(try Frame(columns: [.numeric("x", [10])]))
        #expect(predicted.type == .float64 && mlClose(predicted.asDoubles()![0], 12.1, 1e-13))
    }

    @Test func unknownTargetColumn() throws {
        #expect(throws: MLError.unknownColumn(name: "z", available: ["a", "b", "y"])) {
            try MLFixtures.train(try MLFixtures.spec("linear"), try MLFixtures.exactLinear(), target: "z")
        }
    }

    @Test func stringTargetForARegressor() throws {
        do {
            _ = try MLFixtures.train(try MLFixtures.spec("linear"), try MLFixtures.twoClasses(), target: "label")
            Issue.record("expected an error")
        } catch let error as MLError {
            #expect(error.description == "linear is a regressor, but target 'label' holds text")
            #expect(error.hint != nil)
        }
    }

    @Test func emptyData() throws {
        let frame = try MLFixtures.exactLinear().slice(0..<0)
        #expect(throws: MLError.invalidData("the training data has no rows", hint: "check the filter or split that produced it")) {
            try MLFixtures.train(try MLFixtures.spec("linear"), frame, target: "y")
        }
    }

    @Test func missingValuesNameTheColumnAndImputeFixesThem() throws {
        var frame = try MLFixtures.exactLinear()
        frame = try frame.with(.numeric("b", [1, 0, .nan, 1, 3, 5, 2, 8]))
        #expect(throws: MLError.missingValues(column: "b", model: "linear")) {
            try MLFixtures.train(try MLFixtures.spec("linear"), frame, target: "y")
        }
        let impute = try PreprocessorSpec.make(name: "impute", given: [:])
        let model = try MLFixtures.train(try MLFixtures.spec("linear"), frame, target: "y", prep: [impute])
        #expect(model.preprocessors == [impute])
        // At predict time the same fill (the training mean of b, 20/7) replaces NaN.
        let row = try Frame(columns: [.numeric("a", [1]), .numeric("b", [.nan])])
        let expected = try model.predict(try Frame(columns: [.numeric("a", [1]), .numeric("b", [20.0 / 7])]))
        #expect(try model.predict(row) == expected)
    }

    /// Issue 8: logistic, naive_bayes and knn used to train on ±inf and predict NaN
    /// probabilities. Every estimator now refuses it at train and at predict, naming the row.
    @Test(arguments: EstimatorRegistry.all.map { $0.name })
    func infiniteFeaturesAreRefusedByEveryEstimator(name: String) throws {
        let kind = try #require(EstimatorRegistry.named(name))
        let clean = try MLFixtures.twoClasses()
        var x1 = try #require(clean.column(named: "x1").asDoubles())
        x1[16] = -.infinity
        let dirty = try clean.with(.numeric("x1", x1))
        // Regressors get a numeric target, kmeans none, classifiers the text labels.
        let numeric = try Frame(columns: [.numeric("x1", x1), try clean.column(named: "x2"),
                                          .numeric("y", (0..<clean.rowCount).map { Double($0 % 2) })])
        let (train, target): (Frame, String?) = kind.tasks.contains(.clustering) ? (try dirty.select(["x1", "x2"]), nil)
            : kind.tasks.contains(.binary) ? (dirty, "label") : (numeric, "y")
        #expect(throws: MLError.infiniteValue(column: "x1", row: 17)) {
            try MLFixtures.train(try ModelSpec.make(name: name, given: [:], registry: EstimatorRegistry.all), train, target: target)
        }
        let cleanTrain = target == nil ? try clean.select(["x1", "x2"]) : target == "y"
            ? try numeric.with(.numeric("x1", (0..<clean.rowCount).map { Double($0) })) : clean
        let model = try MLFixtures.train(try ModelSpec.make(name: name, given: [:], registry: EstimatorRegistry.all), cleanTrain, target: target)
        #expect(throws: MLError.infiniteValue(column: "x1", row: 17)) { try model.predict(dirty) }
    }

    /// A model that takes NaN (boosting) still refuses inf; for one that does not, the first
    /// non-finite value decides which error is reported.
    @Test func infinityIsRefusedEvenWhereMissingValuesAreTaken() throws {
        var frame = try MLFixtures.exactLinear()
        frame = try frame.with(.numeric("b", [1, .nan, 2, .infinity, 3, 5, 2, 8]))
        #expect(throws: MLError.infiniteValue(column: "b", row: 4)) {
            try MLFixtures.train(try ModelSpec.make(name: "boost", given: [:], registry: EstimatorRegistry.all), frame, target: "y")
        }
        #expect(throws: MLError.missingValues(column: "b", model: "linear")) {
            try MLFixtures.train(try MLFixtures.spec("linear"), frame, target: "y")
        }
    }

    /// standardize() would turn one inf into a column of -inf and NaN; the input is checked
    /// first, so the row named is still the right one, at train and at predict.
    @Test func infinityIsNamedAtItsRowThroughPreprocessing() throws {
        let clean = try MLFixtures.twoClasses()
        var x1 = try #require(clean.column(named: "x1").asDoubles())
        x1[16] = .infinity
        let dirty = try clean.with(.numeric("x1", x1))
        let standardize = try PreprocessorSpec.make(name: "standardize", given: [:])
        let boost = try ModelSpec.make(name: "boost", given: [:], registry: EstimatorRegistry.all)
        #expect(throws: MLError.infiniteValue(column: "x1", row: 17)) {
            try MLFixtures.train(boost, dirty, target: "label", prep: [standardize])
        }
        let model = try MLFixtures.train(boost, clean, target: "label", prep: [standardize])
        #expect(throws: MLError.infiniteValue(column: "x1", row: 17)) { try model.predict(dirty) }
    }

    /// Issue 10: evaluate on no rows gave NaN for every metric and exit 0.
    @Test func evaluatingNoRowsIsAnError() throws {
        let data = try MLFixtures.twoClasses()
        let model = try MLFixtures.train(try MLFixtures.spec("logistic"), data, target: "label")
        #expect(throws: MLError.noRowsToEvaluate) { try Evaluation.evaluate(model, on: data.slice(0..<0)) }
    }

    /// Issue 9: a class whose feature is constant gave NaN probabilities.
    @Test func naiveBayesWithAZeroVarianceClassGivesFiniteProbabilities() throws {
        let frame = try Frame(columns: [
            .numeric("x", [1, 1, 1, 1, 2, 3, 4, 5]),
            .strings("label", ["a", "a", "a", "a", "b", "b", "b", "b"]),
        ])
        let model = try MLFixtures.train(try MLFixtures.spec("naive_bayes"), frame, target: "label")
        let p = try #require(try model.predictProbabilities(frame))
        #expect(p.storage.allSatisfy { $0.isFinite })
        // All features constant: no variance to scale by, still no NaN.
        let flat = try frame.with(.numeric("x", [1, 1, 1, 1, 1, 1, 1, 1]))
        let flatModel = try MLFixtures.train(try MLFixtures.spec("naive_bayes"), flat, target: "label")
        #expect(try #require(try flatModel.predictProbabilities(flat)).storage.allSatisfy { $0.isFinite })
        #expect(throws: MLError.self) { try MLFixtures.spec("naive_bayes", ["var_smoothing": .number(0)]) }
    }

    @Test func predictNeedsTheTrainingColumnsAndIgnoresOthers() throws {
        let model = try MLFixtures.train(try MLFixtures.spec("linear"), try MLFixtures.exactLinear(), target: "y")
        #expect(throws: MLError.unknownColumn(name: "b", available: ["a", "c"])) {
            try model.predict(try Frame(columns: [.numeric("a", [1]), .numeric("c", [2])]))
        }
        let extra = try model.predict(try Frame(columns: [.numeric("zz", [9]), .numeric("b", [0]), .numeric("a", [1])]))
        #expect(mlClose(extra.asDoubles()![0], 3))
    }

    @Test func categoricalFeaturesAreOneHotEncodedAndUnseenOnesAreZero() throws {
        // y = 10 for red, 20 for green, 30 for blue, plus x.
        let colors: [String?] = ["red", "green", "blue", "red", "green", "blue", "red", "green"]
        let x: [Double] = [0, 1, 2, 3, 4, 5, 6, 7]
        let base: [String: Double] = ["red": 10, "green": 20, "blue": 30]
        let y = zip(colors, x).map { base[$0!]! + $1 }
        let frame = try Frame(columns: [.strings("color", colors), .numeric("x", x), .numeric("y", y)])
        let model = try MLFixtures.train(try MLFixtures.spec("linear"), frame, target: "y")
        #expect(model.encodedFeatureNames == ["color_blue", "color_green", "color_red", "x"])
        #expect(model.featureTypes == ["string", "float64"])
        let query = try Frame(columns: [.strings("color", ["green", "purple", nil]), .numeric("x", [1, 1, 1])])
        let predicted = try model.predict(query).asDoubles()!
        #expect(mlClose(predicted[0], 21, 1e-9))
        // Unseen and missing categories: all-zero indicators, the same prediction, no crash.
        #expect(predicted[1] == predicted[2] && predicted[1].isFinite)
    }

    @Test func explicitRegressionTaskOnTextIsRefused() throws {
        #expect(throws: MLError.self) {
            try MLFixtures.train(try MLFixtures.spec("linear"), try MLFixtures.twoClasses(), target: "label", task: .regression)
        }
    }

    @Test func lineageRecordsFingerprintsAndOverlap() throws {
        let frame = try MLFixtures.exactLinear()
        let model = try MLFixtures.train(try MLFixtures.spec("linear"), frame.slice(0..<6), target: "y")
        #expect(model.lineage.rowCount == 6 && model.lineage.rowFingerprints.count == 6)
        #expect(model.lineage.dataFingerprint.count == 16)
        #expect(model.overlap(with: frame) == 6)
        #expect(model.overlap(with: frame.slice(6..<8)) == 0)
        // The fingerprint is over values: an int64 copy of a float column matches.
        let ints = try frame.with(Column.integers("a", [0, 1, 2, 3, 4, 5, 6, 7]))
        #expect(model.overlap(with: ints) == 6)
        let again = try MLFixtures.train(try MLFixtures.spec("linear"), frame.slice(0..<6), target: "y")
        #expect(again.lineage.dataFingerprint == model.lineage.dataFingerprint)
        let other = try MLFixtures.train(try MLFixtures.spec("linear"), frame.slice(1..<7), target: "y")
        #expect(other.lineage.dataFingerprint != model.lineage.dataFingerprint)
    }

    @Test func rowFingerprintsAreSortedUniqueAndSearchable() {
        var g = RandomGenerator(seed: 4)
        var values = (0..<60_000).map { _ in g.next() }
        values += values.prefix(1000)  // duplicates
        let sorted = Fingerprint.sortedUnique(values)
        #expect(sorted == Array(Set(values)).sorted())
        let params = try! Parameters(model: "m", specs: [], given: [:])
        let lineage = Lineage(model: "m", parameters: params, preprocessors: [], dataFingerprint: "", fingerprintColumns: [],
                              rowFingerprints: values, trainedAt: "", durationSeconds: 0, lossCurve: [], rowCount: values.count)
        #expect(lineage.sortedRowFingerprints == sorted)
        #expect(lineage.hasRow(values[123]) && lineage.hasRow(sorted.last!))
        #expect(!lineage.hasRow(sorted.last! &+ 1) || sorted.contains(sorted.last! &+ 1))
    }

    @Test func codecRoundTripsBitExactly() throws {
        var frame = try MLFixtures.exactLinear()
        frame = try frame.with(.strings("c", ["p", "q", "p", "r", "q", nil, "p", "q"]))
        let prep = [try PreprocessorSpec.make(name: "impute", given: ["strategy": .string("most_frequent")]),
                    try PreprocessorSpec.make(name: "standardize", given: [:])]
        let model = try MLFixtures.train(try MLFixtures.spec("linear"), frame, target: "y", prep: prep)
        let bytes = try ModelCodec.encode(model)
        let loaded = try ModelCodec.decode(bytes, registry: MLFixtures.registry)
        #expect(try ModelCodec.encode(loaded) == bytes)
        let original = try model.predictValues(frame), restored = try loaded.predictValues(frame)
        #expect(original.map(\.bitPattern) == restored.map(\.bitPattern))
        #expect(loaded.lineage == model.lineage && loaded.preprocessors == prep)
        #expect(String(decoding: bytes.prefix(200), as: UTF8.self).contains("\"format\":\"lathe-model\""))
    }

    @Test func codecRefusesNewerVersionsAndGarbage() throws {
        let model = try MLFixtures.train(try MLFixtures.spec("linear"), try MLFixtures.exactLinear(), target: "y")
        var text = String(decoding: try ModelCodec.encode(model), as: UTF8.self)
        text = text.replacingOccurrences(of: "\"version\":1", with: "\"version\":7")
        #expect(throws: MLError.newerFormat(found: 7, supported: 1)) {
            try ModelCodec.decode(Array(text.utf8), registry: MLFixtures.registry)
        }
        #expect(throws: MLError.self) { try ModelCodec.decode(Array("hello".utf8), registry: MLFixtures.registry) }
        #expect(throws: MLError.self) { try ModelCodec.decode(Array("{\"format\":\"lathe-model\",\"version\":1}".utf8), registry: MLFixtures.registry) }
    }
}
