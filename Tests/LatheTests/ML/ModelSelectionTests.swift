// cross_validate and tune (ModelSelection): fold wiring, default and loss metrics, grid and
// random search order, refitting the best, and one clear error per bad input.
// Data: the iris and diabetes fixtures (Tests/Fixtures/ml/models_*.json) as frames.

import LatheCore
import Testing
import Data
import Numeric
@testable import ML

@Suite("Model selection")
struct ModelSelectionTests {
    /// A reference dataset as a frame: its features, then the target (class labels as text).
    static func frame(_ name: String, rows: Int? = nil) throws -> Frame {
        let d = ReferenceDataset.named(name)
        let n = min(rows ?? d.all.rows, d.all.rows)
        var columns: [Column] = []
        for (j, feature) in d.featureNames.enumerated() {
            columns.append(.numeric(feature, (0..<n).map { d.all[$0, j] }))
        }
        let target = d.json["target"].doubles.prefix(n)
        if d.task.isClassification {
            columns.append(.strings("target", target.map { d.classes[Int($0)] }))
        } else {
            columns.append(.numeric("target", Array(target)))
        }
        return try Frame(columns: columns)
    }

    static func spec(_ name: String, _ given: [String: Scalar] = [:]) throws -> ModelSpec {
        try ModelSpec.make(name: name, given: given, registry: EstimatorRegistry.all)
    }

    @Test func crossValidateTrainsEachFoldAndScoresItsHeldOutRows() throws {
        let iris = try Self.frame("iris")
        let spec = try Self.spec("logistic")
        let result = try ModelSelection.crossValidate(spec, prep: [], data: iris, target: "target", k: 5, metric: nil,
                                                      seed: 11, stratify: true, context: FitContext())
        #expect(result.metric == "accuracy")
        #expect(result.scores.count == 5)
        #expect(result.mean > 0.9 && result.mean <= 1)
        // The same folds by hand.
        let column = iris.columns[iris.columnIndex(named: "target")!]
        let folds = try Splitter.kfold(iris, k: 5, seed: 11, stratifyBy: column)
        let manual = try folds.map { fold -> Double in
            let model = try Trainer.train(spec, prep: [], data: fold.train, target: "target", context: FitContext())
            return try Evaluation.evaluate(model, on: fold.test)["accuracy"]!
        }
        #expect(result.scores == manual)
        let mean = manual.reduce(0, +) / 5
        let std = (manual.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 5).squareRoot()
        #expect(abs(result.mean - mean) < 1e-15 && abs(result.std - std) < 1e-15)
        // Seeded: the same call gives the same scores.
        let again = try ModelSelection.crossValidate(spec, prep: [], data: iris, target: "target", k: 5, metric: nil,
                                                     seed: 11, stratify: true, context: FitContext())
        #expect(again.scores == result.scores)
    }

    @Test func regressionDefaultsToR2AndTakesLosses() throws {
        let diabetes = try Self.frame("diabetes")
        let spec = try Self.spec("ridge", ["alpha": .number(1)])
        let r2 = try ModelSelection.crossValidate(spec, prep: [], data: diabetes, target: "target", k: 3, metric: nil,
                                                  seed: 3, stratify: false, context: FitContext())
        #expect(r2.metric == "r2")
        #expect(r2.mean > 0.3 && r2.mean < 0.6)
        let rmse = try ModelSelection.crossValidate(spec, prep: [], data: diabetes, target: "target", k: 3, metric: "rmse",
                                                    seed: 3, stratify: true, context: FitContext())
        #expect(rmse.metric == "rmse")
        #expect(rmse.scores.allSatisfy { $0 > 40 && $0 < 70 })
    }

    @Test func badMetricOrFoldsAreOneClearError() throws {
        let iris = try Self.frame("iris")
        let spec = try Self.spec("logistic")
        #expect(throws: MLError.self) {
            try ModelSelection.crossValidate(spec, prep: [], data: iris, target: "target", k: 5, metric: "r2",
                                             seed: 1, stratify: true, context: FitContext())
        }
        do {
            _ = try ModelSelection.crossValidate(spec, prep: [], data: iris, target: "target", k: 5, metric: "rmse",
                                                 seed: 1, stratify: true, context: FitContext())
            Issue.record("rmse of a classifier should be refused")
        } catch let error as MLError {
            #expect(error.description.contains("metric"))
            #expect(error.description.contains("\"accuracy\""))
        }
        #expect(throws: MLError.self) {
            try ModelSelection.crossValidate(spec, prep: [], data: iris, target: "target", k: 1, metric: nil,
                                             seed: 1, stratify: true, context: FitContext())
        }
        #expect(throws: MLError.unknownColumn(name: "nope", available: iris.columnNames)) {
            try ModelSelection.crossValidate(spec, prep: [], data: iris, target: "nope", k: 3, metric: nil,
                                             seed: 1, stratify: true, context: FitContext())
        }
    }

    @Test func aClassMissingFromAFoldsTrainingRowsIsExplained() throws {
        // 20 rows: class "c" has one row, so unstratified folds hold it out with no "c" to learn.
        let x = (0..<20).map(Double.init)
        let labels = (0..<20).map { $0 == 7 ? "c" : ($0 % 2 == 0 ? "a" : "b") }
        let frame = try Frame(columns: [.numeric("x", x), .strings("y", labels)])
        do {
            _ = try ModelSelection.crossValidate(try Self.spec("naive_bayes"), prep: [], data: frame, target: "y", k: 4,
                                                 metric: nil, seed: 5, stratify: false, context: FitContext())
            Issue.record("a fold without class c in training should be refused")
        } catch let error as MLError {
            #expect(error.description.contains("holds out class 'c'"))
            #expect(error.hint?.contains("stratify") == true)
        }
    }

    @Test func gridSearchRanksCandidatesAndRefitsTheBest() throws {
        let iris = try Self.frame("iris")
        let spec = try Self.spec("logistic")
        let grid: [String: [Scalar]] = ["C": [.number(0.001), .number(1), .number(100)]]
        let result = try ModelSelection.tune(spec, prep: [], data: iris, target: "target", grid: grid, trials: nil, k: 3,
                                             metric: nil, seed: 2, context: FitContext())
        #expect(result.metric == "accuracy")
        #expect(result.results.map { $0.parameters["C"] } == [.number(0.001), .number(1), .number(100)])
        // Each candidate's mean is its stratified cross-validation with the same seed.
        for row in result.results {
            let cv = try ModelSelection.crossValidate(try spec.with(row.parameters), prep: [], data: iris, target: "target",
                                                      k: 3, metric: nil, seed: 2, stratify: true, context: FitContext())
            #expect(cv.mean == row.mean && cv.std == row.std)
        }
        let bestMean = result.results.map(\.mean).max()!
        let first = result.results.firstIndex { $0.mean == bestMean }!
        #expect(result.best.parameters.values["C"] == result.results[first].parameters["C"])
        #expect(result.results[0].mean < bestMean)  // C = 0.001 underfits
        // Refitted on every row, with the best parameters.
        #expect(result.model.lineage.rowCount == 150)
        #expect(result.model.spec.parameters.values["C"] == result.best.parameters.values["C"])
    }

    @Test func lossesRankLowestFirst() throws {
        let diabetes = try Self.frame("diabetes")
        let grid: [String: [Scalar]] = ["alpha": [.number(1e6), .number(1)]]
        let result = try ModelSelection.tune(try Self.spec("ridge"), prep: [], data: diabetes, target: "target", grid: grid,
                                             trials: nil, k: 3, metric: "mse", seed: 4, context: FitContext())
        #expect(result.results[0].mean > result.results[1].mean)  // a huge alpha predicts the mean
        #expect(result.best.parameters.values["alpha"] == .number(1))
    }

    @Test func candidatesFollowDeclarationOrderAndRandomSearchDrawsDistinctOnes() throws {
        let spec = try Self.spec("knn")
        // knn declares k before weights: k varies slowest.
        let grid: [String: [Scalar]] = ["weights": [.string("uniform"), .string("distance")],
                                                "k": [.number(1), .number(3), .number(5)]]
        let all = try ModelSelection.candidates(spec, grid: grid, trials: nil, seed: 0)
        #expect(all.count == 6)
        #expect(all[0] == ["k": .number(1), "weights": .string("uniform")])
        #expect(all[1] == ["k": .number(1), "weights": .string("distance")])
        #expect(all[5] == ["k": .number(5), "weights": .string("distance")])
        let drawn = try ModelSelection.candidates(spec, grid: grid, trials: 4, seed: 9)
        #expect(drawn.count == 4)
        #expect(Set(drawn.map { "\($0)" }).count == 4)
        #expect(drawn.allSatisfy { all.contains($0) })
        #expect(try ModelSelection.candidates(spec, grid: grid, trials: 4, seed: 9) == drawn)
        #expect(try ModelSelection.candidates(spec, grid: grid, trials: 50, seed: 9) == all)

        let iris = try Self.frame("iris")
        let tuned = try ModelSelection.tune(spec, prep: [], data: iris, target: "target", grid: grid, trials: 2, k: 3,
                                            metric: "f1", seed: 9, context: FitContext())
        #expect(tuned.results.count == 2)
        #expect(tuned.metric == "f1")
        #expect(tuned.results.map(\.parameters) == Array(try ModelSelection.candidates(spec, grid: grid, trials: 2, seed: 9)))
    }

    @Test func badGridsAreOneClearError() throws {
        let spec = try Self.spec("logistic")
        #expect(throws: MLError.unknownParameter(model: "logistic", name: "alpha", valid: ["C", "max_iter", "tol"])) {
            try ModelSelection.candidates(spec, grid: ["alpha": [.number(1)]], trials: nil, seed: 0)
        }
        #expect(throws: MLError.self) {
            try ModelSelection.tune(spec, prep: [], data: try Self.frame("iris"), target: "target",
                                    grid: ["C": [.number(-1)]], trials: nil, k: 3, metric: nil, seed: 0, context: FitContext())
        }
        #expect(throws: MLError.self) {
            try ModelSelection.candidates(spec, grid: ["C": []], trials: nil, seed: 0)
        }
        #expect(throws: MLError.self) {
            try ModelSelection.candidates(spec, grid: ["C": [.number(1)]], trials: 0, seed: 0)
        }
    }

    @Test func bestSkipsNaNAndKeepsTheFirstOfTies() {
        #expect(ModelSelection.best([0.5, .nan, 0.7, 0.7], lowerIsBetter: false) == 2)
        #expect(ModelSelection.best([.nan, 3, 1, 1], lowerIsBetter: true) == 2)
        #expect(ModelSelection.best([.nan, .nan], lowerIsBetter: true) == 0)
    }

    @Test func cancellationStopsBetweenFolds() throws {
        let iris = try Self.frame("iris")
        let context = FitContext(shouldStop: { true })
        #expect(throws: MLError.interrupted) {
            try ModelSelection.crossValidate(try Self.spec("logistic"), prep: [], data: iris, target: "target", k: 3,
                                             metric: nil, seed: 0, stratify: true, context: context)
        }
    }
}
