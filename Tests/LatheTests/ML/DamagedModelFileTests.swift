import Foundation
import LatheCore
import Testing
import Data
import Numeric
@testable import ML

/// Issue 8 part 5: a model file damaged after `save_model` wrote it fails at load, with the
/// path and what is wrong, never as a trap in `predict`. Each test saves a real model, changes
/// one field of the file and loads it back.
@Suite("ML: damaged model files")
struct DamagedModelFileTests {
    static let path = "m.lathe-model"
    static let registry = EstimatorRegistry.all

    static func spec(_ name: String, _ given: [String: Scalar] = [:]) throws -> ModelSpec {
        try ModelSpec.make(name: name, given: given, registry: registry)
    }

    /// Three classes in two features, deterministic.
    static func threeClasses(n: Int = 60) throws -> Frame {
        var g = RandomGenerator(seed: 11)
        var x1: [Double] = [], x2: [Double] = [], label: [String?] = []
        for i in 0..<n {
            let c = i % 3
            x1.append(g.normal() + Double(c) * 2)
            x2.append(g.normal() * 0.5 - Double(c))
            label.append(["a", "b", "c"][c])
        }
        return try Frame(columns: [.numeric("x1", x1), .numeric("x2", x2), .strings("label", label)])
    }

    static func trained(_ name: String, _ given: [String: Scalar] = [:], regression: Bool = false,
                        prep: [PreprocessorSpec] = []) throws -> TrainedModel {
        if name == "kmeans" {
            return try MLFixtures.train(try Self.spec(name, given), try threeClasses().drop(["label"]), target: nil)
        }
        if regression {
            return try MLFixtures.train(try Self.spec(name, given), try MLFixtures.exactLinear(), target: "y", prep: prep)
        }
        return try MLFixtures.train(try Self.spec(name, given), try threeClasses(), target: "label", prep: prep)
    }

    static func envelope(_ model: TrainedModel) throws -> ModelCodec.Envelope {
        try JSONDecoder().decode(ModelCodec.Envelope.self, from: Foundation.Data(try ModelCodec.encode(model)))
    }

    static func load(_ envelope: ModelCodec.Envelope) throws -> TrainedModel {
        let bytes = Array(try JSONEncoder().encode(envelope))
        return try ModelCodec.load(bytes, path: path, registry: Self.registry)
    }

    /// Loads the damaged envelope and returns the problem the error names.
    static func problem(_ envelope: ModelCodec.Envelope, sourceLocation: SourceLocation = #_sourceLocation) -> String {
        do {
            _ = try load(envelope)
            Issue.record("the damaged file loaded", sourceLocation: sourceLocation)
            return ""
        } catch MLError.damagedModelFile(let path, let problem) {
            #expect(path == Self.path, sourceLocation: sourceLocation)
            return problem
        } catch {
            Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
            return ""
        }
    }

    static func bits(_ x: Double) -> UInt64 { x.bitPattern }

    @Test func theUndamagedFileLoads() throws {
        for name in ["logistic", "naive_bayes", "knn", "tree", "forest", "boost", "kmeans"] {
            let model = try Self.trained(name, name == "boost" ? ["rounds": .number(5)] : [:])
            _ = try Self.load(try Self.envelope(model))
        }
        for name in ["linear", "ridge", "knn", "tree"] {
            _ = try Self.load(try Self.envelope(try Self.trained(name, regression: true)))
        }
    }

    @Test func theMessageNamesThePathAndGivesAHint() throws {
        var e = try Self.envelope(try Self.trained("knn"))
        e.model.arrays["targets"]![4] = 7
        let error = #expect(throws: MLError.self) { try Self.load(e) }
        #expect(error?.message == "model file 'm.lathe-model' is damaged: knn class index 7 is out of range (3 classes)")
        #expect(error?.hint?.contains("save the model again") == true)
        #expect(error?.code == MLErrorCodes.corruptModel)
    }

    @Test func knn() throws {
        let e = try Self.envelope(try Self.trained("knn"))
        var d = e
        d.model.integers["classes"] = [4]
        #expect(Self.problem(d) == "knn was fitted for 4 classes, but the file lists 3")
        d = e
        d.model.arrays["targets"]![0] = -1
        #expect(Self.problem(d) == "knn class index -1 is out of range (3 classes)")
        d = e
        d.model.integers["k"] = [1000]
        #expect(Self.problem(d) == "knn k is 1000, not between 1 and the 60 training rows")
        d = e
        d.model.integers["shape"] = [Int.max / 2, 3]
        #expect(Self.problem(d) == "knn was fitted on 3 feature columns, but the file lists 2")
        d = e
        d.model.integers["shape"] = [Int.max / 2, 2]
        #expect(Self.problem(d).hasPrefix("knn points hold 120 numbers"))
        d = e
        d.model.arrays["points"]![3] = .infinity
        #expect(Self.problem(d) == "knn points hold inf at position 3, not a finite number")
        d = e
        d.model.strings["weights"] = ["nearest"]
        #expect(Self.problem(d).hasPrefix("knn weights are"))
    }

    @Test func logistic() throws {
        let e = try Self.envelope(try Self.trained("logistic"))
        var d = e
        d.classes = ["a", "b", "c", "d"]
        #expect(Self.problem(d) == "logistic was fitted for 3 classes, but the file lists 4")
        d = e
        d.model.arrays["intercepts"]!.removeLast()
        #expect(Self.problem(d) == "logistic intercepts hold 2 numbers, expected 3 × 1")
        d = e
        d.model.integers["shape"] = [3, Int.max, 3]
        #expect(Self.problem(d) == "logistic was fitted on \(Int.max) feature columns, but the file lists 2")
        d = e
        d.model.arrays["coefficients"]![0] = .nan
        #expect(Self.problem(d) == "logistic coefficients hold nan at position 0, not a finite number")
        d = e
        d.encodedFeatures = ["x1"]
        #expect(Self.problem(d) == "logistic was fitted on 2 feature columns, but the file lists 1")
    }

    @Test func linearAndRidge() throws {
        for name in ["linear", "ridge"] {
            let e = try Self.envelope(try Self.trained(name, regression: true))
            var d = e
            d.model.arrays["coefficients"]!.append(1)
            #expect(Self.problem(d) == "\(name) coefficients hold 3 numbers, expected 2 × 1")
            d = e
            d.model.arrays["intercept"] = [.infinity]
            #expect(Self.problem(d) == "\(name) intercept hold inf at position 0, not a finite number")
            d = e
            d.task = .multiclass
            #expect(Self.problem(d).contains("cannot do the multiclass task"))
        }
    }

    @Test func naiveBayes() throws {
        let e = try Self.envelope(try Self.trained("naive_bayes"))
        var d = e
        d.model.arrays["priors"]!.removeLast()
        #expect(Self.problem(d) == "naive_bayes has 2 class priors for 3 classes")
        d = e
        d.model.arrays["variances"]![1] = -1
        #expect(Self.problem(d) == "naive_bayes variance 1 is -1.0, not a positive number")
        d = e
        d.model.integers["features"] = [5]
        #expect(Self.problem(d) == "naive_bayes was fitted on 5 feature columns, but the file lists 2")
        d = e
        d.model.arrays["means"]!.removeFirst()
        #expect(Self.problem(d) == "naive_bayes means hold 5 numbers, expected 3 × 2")
    }

    @Test func tree() throws {
        let e = try Self.envelope(try Self.trained("tree", ["max_depth": .number(3)]))
        var d = e
        d.model.integers["left"]![0] = 0
        #expect(Self.problem(d).hasPrefix("tree node 0 has children 0 and"))
        d = e
        d.model.integers["feature"]![0] = 9
        #expect(Self.problem(d) == "tree node 0 splits on feature 9, out of range (2 features)")
        d = e
        let leaf = e.model.integers["feature"]!.firstIndex(of: -1)!
        d.model.integers["left"]![leaf] = 1 << 40
        #expect(Self.problem(d).hasPrefix("tree leaf \(leaf) points at leaf \(1 << 40), out of range"))
        d = e
        d.model.integers["feature"]![leaf] = -1 << 40
        #expect(Self.problem(d) == "tree node \(leaf) has feature index \(-1 << 40)")
        d = e
        d.model.integers["value_width"] = [2]
        #expect(Self.problem(d) == "tree leaves hold 2 values each, expected 3")
        d = e
        d.model.strings["task"] = ["regression"]
        #expect(Self.problem(d) == "tree state is for a regression task, the file says multiclass")
        d = e
        d.model.strings["task"] = ["sideways"]
        #expect(Self.problem(d).hasPrefix("tree task is [\"sideways\"]"))
    }

    @Test func forest() throws {
        let e = try Self.envelope(try Self.trained("forest", ["trees": .number(3), "max_depth": .number(3)]))
        var d = e
        d.model.integers["roots"]![1] = -4
        #expect(Self.problem(d) == "forest tree root -4 is out of range (\(e.model.integers["feature"]!.count) nodes)")
        d = e
        d.model.integers["roots"] = []
        #expect(Self.problem(d) == "the forest has no trees")
        d = e
        d.model.arrays["threshold"]!.removeLast()
        #expect(Self.problem(d).hasPrefix("forest node arrays differ in length"))
        d = e
        d.model.integers["feature_count"] = [Int.max]
        #expect(Self.problem(d) == "forest was fitted on \(Int.max) feature columns, but the file lists 2")
    }

    @Test func boost() throws {
        let e = try Self.envelope(try Self.trained("boost", ["rounds": .number(4)]))
        var d = e
        let leaf = e.model.integers["feature"]!.firstIndex(of: -1)!
        d.model.integers["bin_threshold"]![leaf] = 300
        #expect(Self.problem(d) == "boost node \(leaf) has bin threshold 300, not 0...255")
        d = e
        d.model.integers["left"]![leaf] = Int.min
        #expect(Self.problem(d).hasPrefix("boost leaf \(leaf) has feature -1 and children \(Int.min)"))
        d = e
        d.model.integers["feature"]![0] = 2
        #expect(Self.problem(d) == "boost node 0 splits on feature 2, out of range (2 features)")
        d = e
        d.model.integers["trees_per_round"] = [1]
        #expect(Self.problem(d) == "boost grows 1 trees a round, expected 3")
        d = e
        d.model.integers["class_count"] = [2]
        #expect(Self.problem(d) == "boost was fitted for 2 classes, but the file lists 3")
        d = e
        d.model.arrays["baseline"]![0] = .nan
        #expect(Self.problem(d).hasPrefix("boost baseline nan"))
    }

    @Test func kmeans() throws {
        let e = try Self.envelope(try Self.trained("kmeans", ["k": .number(3)]))
        var d = e
        d.model.integers["shape"] = [0, 2]
        #expect(Self.problem(d) == "kmeans has 0 clusters")
        d = e
        d.model.integers["shape"] = [4, 2]
        #expect(Self.problem(d) == "kmeans centers hold 6 numbers, expected 4 × 2")
        d = e
        d.model.arrays["centers"]![0] = -.infinity
        #expect(Self.problem(d) == "kmeans centers hold -inf at position 0, not a finite number")
    }

    @Test func preprocessingAndSignature() throws {
        let prep = [try PreprocessorSpec.make(name: "impute"), try PreprocessorSpec.make(name: "standardize"),
                    try PreprocessorSpec.make(name: "minmax")]
        let e = try Self.envelope(try Self.trained("logistic", prep: prep))
        var d = e
        d.prep[1].state.arrays["scale"]!.removeLast()
        #expect(Self.problem(d) == "standardize() holds 1 'scale' values for 2 columns")
        d = e
        d.prep[1].state.arrays["scale"]![0] = 0
        #expect(Self.problem(d) == "standardize scale 0.0 is not a finite non-zero number")
        d = e
        d.prep[2].state.arrays["offset"]![1] = .nan
        #expect(Self.problem(d) == "minmax offsets hold nan at position 1, not a finite number")
        d = e
        d.prep[0].state.arrays["fill"]![0] = .infinity
        #expect(Self.problem(d) == "impute fill value inf is not finite")
        d = e
        d.encodedFeatures = ["x1", "x3"]
        #expect(Self.problem(d).hasPrefix("preprocessing produced columns"))
        d = e
        d.featureTypes = ["float64", "decimal"]
        #expect(Self.problem(d) == "unknown column type 'decimal'")
        d = e
        d.features = ["x1", "x1"]
        #expect(Self.problem(d) == "the feature column names are not distinct")
        d = e
        d.prep[0].name = "normalize"
        #expect(Self.problem(d) == "unknown preprocessing step 'normalize'")
    }

    @Test func oneHotCategoriesMustMatchTheRecordedColumns() throws {
        var frame = try Self.threeClasses()
        frame = try frame.with(.strings("color", (0..<60).map { ["red", "green"][$0 % 2] }))
        let model = try MLFixtures.train(try Self.spec("logistic"), frame, target: "label")
        let e = try Self.envelope(model)
        var d = e
        d.prep[0].state.strings["categories.0"] = ["green", "red", "blue"]
        #expect(Self.problem(d).hasPrefix("preprocessing produced columns"))
        d = e
        d.prep[0].state.strings["categories.0"] = nil
        #expect(Self.problem(d) == "missing strings 'categories.0'")
    }

    @Test func targetClassesAndValues() throws {
        let frame = try Frame(columns: [
            .numeric("x", (0..<40).map { Double($0 % 7) }),
            Column(name: "y", storage: .int64((0..<40).map { Int64($0 % 3) * 10 }, valid: nil)),
        ])
        let e = try Self.envelope(try MLFixtures.train(try Self.spec("tree"), frame, target: "y"))
        var d = e
        d.classValues.removeLast()
        #expect(Self.problem(d) == "3 class names but 2 class values")
        d = e
        d.classValues[0] = Self.bits(1e300)
        #expect(Self.problem(d) == "int64 class value 1e+300 is not a whole number in range")
        d = e
        d.targetType = nil
        #expect(Self.problem(d) == "a multiclass model without a target column")
        d = e
        d.task = .binary
        #expect(Self.problem(d).hasPrefix("tree state is for a multiclass task"))
    }

    @Test func envelopeFields() throws {
        let e = try Self.envelope(try Self.trained("knn"))
        var d = e
        d.kind = "forest"
        #expect(Self.problem(d) == "model kind 'forest' does not match spec 'knn'")
        d = e
        d.version = 0
        #expect(Self.problem(d) == "format version 0 is not valid")
        d = e
        d.spec.parameters["k"] = StoredParameter(.number(-2))
        #expect(Self.problem(d).hasPrefix("stored parameters are not valid: knn(k:) must be"))
        for bytes in [[], Array("{".utf8), Array("[1,2]".utf8), Array("{\"format\":\"lathe-model\"}".utf8)] as [[UInt8]] {
            #expect(throws: MLError.self) { try ModelCodec.load(bytes, path: Self.path, registry: Self.registry) }
        }
    }

    /// Random damage to a valid file, many times: loading and predicting may fail, but only
    /// with an error. A trap here kills the test process.
    @Test func randomDamageNeverTraps() throws {
        let frame = try Self.threeClasses()
        let prep = [try PreprocessorSpec.make(name: "standardize")]
        let models: [TrainedModel] = [
            try Self.trained("knn"), try Self.trained("logistic", prep: prep), try Self.trained("naive_bayes"),
            try Self.trained("tree", ["max_depth": .number(3)]), try Self.trained("forest", ["trees": .number(2)]),
            try Self.trained("boost", ["rounds": .number(3)]), try Self.trained("kmeans", ["k": .number(3)]),
            try Self.trained("knn", regression: true), try Self.trained("ridge", regression: true),
        ]
        var g = RandomGenerator(seed: 8)
        var loaded = 0, refused = 0
        for model in models {
            let original = try ModelCodec.encode(model)
            let data = model.task == .regression ? try MLFixtures.exactLinear() : frame
            for _ in 0..<150 {
                var bytes = original
                switch g.integer(below: 5) {
                case 0:  // flip a byte
                    let i = g.integer(below: bytes.count)
                    bytes[i] = UInt8(truncatingIfNeeded: g.integer(below: 256))
                case 1:  // cut the file short
                    bytes = Array(bytes.prefix(g.integer(below: bytes.count)))
                case 2:  // a digit becomes another, or a huge number
                    let digits = bytes.indices.filter { (48...57).contains(bytes[$0]) }
                    if let i = digits.isEmpty ? nil : digits[g.integer(below: digits.count)] {
                        if g.integer(below: 2) == 0 {
                            bytes[i] = UInt8(48 + g.integer(below: 10))
                        } else {
                            bytes.replaceSubrange(i...i, with: Array("99999999999999999999".utf8))
                        }
                    }
                case 3:  // a minus sign before a number
                    let digits = bytes.indices.filter { (48...57).contains(bytes[$0]) && !(48...57).contains(bytes[$0 - 1]) }
                    if let i = digits.isEmpty ? nil : digits[g.integer(below: digits.count)] { bytes.insert(45, at: i) }
                default:  // random bytes
                    bytes = (0..<g.integer(below: 64)).map { _ in UInt8(truncatingIfNeeded: g.integer(below: 256)) }
                }
                do {
                    let back = try ModelCodec.load(bytes, path: Self.path, registry: Self.registry)
                    loaded += 1
                    _ = try? back.predict(data)
                    _ = try? back.predictProbabilities(data)
                } catch is MLError {
                    refused += 1
                }
            }
        }
        #expect(loaded + refused == models.count * 150)
        #expect(refused > 0)
    }
}
