import Foundation
import Testing
import Data
import Numeric
@testable import ML

@Suite("ML: ridge, logistic, knn, naive Bayes")
struct MLModelTests {
    // MARK: Ridge

    @Test func ridgeMatchesHandSolvedLine() throws {
        // Sxy = 5.5, Sxx = 5: β = 5.5 / (5 + 1) and b = ȳ − x̄·β = 2.75 − 1.5·β.
        let frame = try Frame(columns: [.numeric("x", [0, 1, 2, 3]), .numeric("y", [1, 3, 2, 5])])
        let model = try MLFixtures.train(try MLFixtures.spec("ridge", ["alpha": .number(1)]), frame, target: "y")
        let fitted = try #require(model.algorithm as? RidgeModel)
        #expect(mlClose(fitted.model.coefficients[0], 5.5 / 6, 1e-14))
        #expect(mlClose(fitted.model.intercept, 2.75 - 1.5 * 5.5 / 6, 1e-14))
    }

    /// (XcᵀXc + αI)⁻¹Xcᵀyc computed the slow way.
    static func ridgeByHand(_ rows: [[Double]], _ y: [Double], alpha: Double) throws -> [Double] {
        let n = rows.count, p = rows[0].count
        let mean = (0..<p).map { j in rows.map { $0[j] }.reduce(0, +) / Double(n) }
        let ym = y.reduce(0, +) / Double(n)
        var a = [Double](repeating: 0, count: p * p), b = [Double](repeating: 0, count: p)
        for i in 0..<n {
            for j in 0..<p {
                b[j] += (rows[i][j] - mean[j]) * (y[i] - ym)
                for l in 0..<p { a[j * p + l] += (rows[i][j] - mean[j]) * (rows[i][l] - mean[l]) }
            }
        }
        for j in 0..<p { a[j * p + j] += alpha }
        return try LinearAlgebra.solve(try Tensor(shape: [p, p], storage: a), Tensor(b)).storage
    }

    @Test(arguments: [(rows: 30, features: 3), (rows: 6, features: 10)])
    func ridgePrimalAndDualMatchTheNormalEquations(rows n: Int, features p: Int) throws {
        var g = RandomGenerator(seed: 11)
        let rows = (0..<n).map { _ in (0..<p).map { _ in g.normal() * 3 + 5 } }
        let y = (0..<n).map { _ in g.normal() }
        var columns = (0..<p).map { j in Column.numeric("x\(j)", rows.map { $0[j] }) }
        columns.append(.numeric("y", y))
        let model = try MLFixtures.train(try MLFixtures.spec("ridge", ["alpha": .number(0.5)]), try Frame(columns: columns), target: "y")
        let fitted = try #require(model.algorithm as? RidgeModel)
        let expected = try Self.ridgeByHand(rows, y, alpha: 0.5)
        for j in 0..<p { #expect(mlClose(fitted.model.coefficients[j], expected[j], 1e-10)) }
    }

    @Test(arguments: [0.0, 1e6])
    func onePassNormalEquationsMatchTheCentredTwoPass(offset: Double) throws {
        var g = RandomGenerator(seed: 12)
        let n = NormalEquations.onePassRows + 100, p = 3
        let x = try Tensor(shape: [n, p], storage: (0..<(n * p)).map { _ in g.normal() * 2 + offset })
        let y = (0..<n).map { i in x[row: i, column: 0] - 0.5 * x[row: i, column: 2] + g.normal() }
        let system = NormalEquations(x, y)
        // Large offsets must take the centred two-pass path; small ones the single dsyrk pass.
        #expect((NormalEquations.onePass(x, y) == nil) == (offset > 0))
        let twoPass = CenteredDesign(x)
        let (gram, xty) = twoPass.gramAndTransposeTimes(y.map { $0 - CenteredDesign.mean(y) })
        for k in 0..<(p * p) { #expect(mlClose(system.gram.storage[k], gram.storage[k], 1e-11)) }
        for j in 0..<p {
            #expect(mlClose(system.xty[j], xty[j], 1e-11))
            #expect(mlClose(system.design.mean[j], twoPass.mean[j], 1e-13))
        }
    }

    @Test func ridgeRejectsNegativeAlpha() {
        #expect(throws: MLError.invalidParameter(model: "ridge", name: "alpha", expected: "a number in 0...inf", found: "-1")) {
            try MLFixtures.spec("ridge", ["alpha": .number(-1)])
        }
    }

    // MARK: Logistic

    /// x = −1: labels 0, 0, 1; x = +1: labels 1, 1, 0. By symmetry b = 0 and the optimum
    /// solves 6·σ(w) − 4 + w/C = 0 (mean gradient times n); as C → ∞, w → log 2.
    static func symmetricFrame() throws -> Frame {
        try Frame(columns: [.numeric("x", [-1, -1, -1, 1, 1, 1]), .strings("y", ["n", "n", "p", "p", "p", "n"])])
    }

    @Test(arguments: [1.0, 1e6])
    func logisticMatchesAKnownSolution(c: Double) throws {
        let model = try MLFixtures.train(try MLFixtures.spec("logistic", ["C": .number(c), "tol": .number(1e-10)]),
                                         try Self.symmetricFrame(), target: "y")
        #expect(model.task == .binary && model.classes == ["n", "p"])
        let fitted = try #require(model.algorithm as? LogisticRegressionModel)
        let w = fitted.coefficients[0]
        #expect(abs(fitted.intercepts[0]) < 1e-8)
        #expect(abs(6 / (1 + exp(-w)) - 4 + w / c) < 1e-7)
        if c > 1e5 { #expect(abs(w - log(2.0)) < 1e-4) }
        #expect(fitted.converged)
    }

    @Test func logisticConvergesOnSeparableishData() throws {
        let frame = try MLFixtures.twoClasses(n: 200)
        let context = FitContext()
        let model = try Trainer.train(try MLFixtures.spec("logistic"), prep: [try PreprocessorSpec.make(name: "standardize")],
                                      data: frame, target: "label", context: context)
        let fitted = try #require(model.algorithm as? LogisticRegressionModel)
        #expect(fitted.converged && fitted.iterations < 100)
        let truth = try model.targetIndices(frame), predicted = try model.predictIndices(frame)
        let accuracy = Double(zip(truth, predicted).filter { $0 == $1 }.count) / Double(truth.count)
        #expect(accuracy > 0.9)
        // The loss curve is recorded once per iteration and never rises.
        let curve = model.lineage.lossCurve
        #expect(curve.count == fitted.iterations && curve.count > 1)
        #expect(zip(curve, curve.dropFirst()).allSatisfy { $1 <= $0 })
        let proba = try #require(try model.predictProbabilities(frame))
        #expect(proba.shape == [200, 2])
        for i in 0..<200 { #expect(abs(proba[row: i, column: 0] + proba[row: i, column: 1] - 1) < 1e-12) }
    }

    @Test func multinomialGradientVanishesAtTheSolution() throws {
        var g = RandomGenerator(seed: 3)
        var x1: [Double] = [], x2: [Double] = [], label: [String?] = []
        for i in 0..<90 {
            let c = i % 3
            x1.append(g.normal() + Double(c) * 2)
            x2.append(g.normal() - Double(c))
            label.append(["a", "b", "c"][c])
        }
        let frame = try Frame(columns: [.numeric("x1", x1), .numeric("x2", x2), .strings("y", label)])
        let model = try MLFixtures.train(try MLFixtures.spec("logistic", ["tol": .number(1e-8), "max_iter": .number(500)]), frame, target: "y")
        #expect(model.task == .multiclass)
        let fitted = try #require(model.algorithm as? LogisticRegressionModel)
        #expect(fitted.intercepts.count == 3 && fitted.converged)
        let objective = LogisticObjective(x: try model.features(frame), labels: try model.targetIndices(frame), classes: 3,
                                          binary: false, lambda: 1.0 / 90)
        var theta: [Double] = []
        for k in 0..<3 { theta += fitted.coefficients[(k * 2)..<(k * 2 + 2)] + [fitted.intercepts[k]] }
        var gradient = [Double](repeating: 0, count: 9)
        _ = objective.evaluate(theta, gradient: &gradient)
        #expect(gradient.allSatisfy { abs($0) <= 1e-8 })
        let proba = try #require(try model.predictProbabilities(frame))
        for i in 0..<90 { #expect(abs((0..<3).map { proba[row: i, column: $0] }.reduce(0, +) - 1) < 1e-12) }
    }

    @Test func logisticGradientMatchesFiniteDifferences() throws {
        var g = RandomGenerator(seed: 5)
        let x = Tensor.normal([40, 3], using: &g)
        for (classes, binary) in [(1, true), (4, false)] {
            let labels = (0..<40).map { $0 % (binary ? 2 : classes) }
            let objective = LogisticObjective(x: x, labels: labels, classes: classes, binary: binary, lambda: 0.1)
            let theta = (0..<(classes * 4)).map { _ in g.normal() * 0.3 }
            var gradient = [Double](repeating: 0, count: theta.count), scratch = gradient
            _ = objective.evaluate(theta, gradient: &gradient)
            for j in theta.indices {
                var up = theta, down = theta
                up[j] += 1e-6
                down[j] -= 1e-6
                let numeric = (objective.evaluate(up, gradient: &scratch) - objective.evaluate(down, gradient: &scratch)) / 2e-6
                #expect(abs(numeric - gradient[j]) < 1e-7)
            }
        }
    }

    @Test func trainingStopsWhenInterrupted() throws {
        let context = FitContext(shouldStop: { true })
        #expect(throws: MLError.interrupted) {
            try Trainer.train(try MLFixtures.spec("logistic"), prep: [], data: try MLFixtures.twoClasses(), target: "label", context: context)
        }
    }

    @Test func lbfgsMinimizesRosenbrock() throws {
        var solver = LBFGS()
        solver.maxIterations = 200
        solver.gradientTolerance = 1e-9
        let result = try solver.minimize([-1.2, 1]) { v, g in
            let a = 1 - v[0], b = v[1] - v[0] * v[0]
            g[0] = -2 * a - 400 * v[0] * b
            g[1] = 200 * b
            return a * a + 100 * b * b
        }
        #expect(result.converged)
        #expect(abs(result.x[0] - 1) < 1e-6 && abs(result.x[1] - 1) < 1e-6)
    }

    // MARK: k-nearest neighbours

    static func line() throws -> Frame {
        try Frame(columns: [.numeric("x", [0, 1, 2, 10, 11, 12]), .strings("y", ["a", "a", "a", "b", "b", "b"]),
                            .numeric("v", [1, 2, 3, 10, 20, 30])])
    }

    @Test func knnClassifiesAndBreaksTiesToTheSmallestClass() throws {
        let frame = try Self.line().drop(["v"])
        let model = try MLFixtures.train(try MLFixtures.spec("knn", ["k": .number(3)]), frame, target: "y")
        let query = try Frame(columns: [.numeric("x", [1.5, 10.5, 6])])
        #expect(try model.predict(query) == .strings("prediction", ["a", "b", "a"]))
        let proba = try #require(try model.predictProbabilities(query))
        #expect(proba.storage == [1, 0, 0, 1, 2.0 / 3, 1.0 / 3])
        // k = 2 at x = 6: one neighbour of each class, a tie → the smaller class index.
        let two = try MLFixtures.train(try MLFixtures.spec("knn", ["k": .number(2)]), frame, target: "y")
        #expect(try two.predictIndices(try Frame(columns: [.numeric("x", [6])])) == [0])
    }

    @Test func knnRegressesWithUniformAndDistanceWeights() throws {
        let frame = try Self.line().drop(["y"])
        let uniform = try MLFixtures.train(try MLFixtures.spec("knn", ["k": .number(2)]), frame, target: "v")
        #expect(uniform.task == .regression)
        #expect(try uniform.predictValues(try Frame(columns: [.numeric("x", [0.25])])) == [1.5])
        let weighted = try MLFixtures.train(try MLFixtures.spec("knn", ["k": .number(2), "weights": .string("distance")]), frame, target: "v")
        // Distances 0.25 and 0.75: weights 4 and 4/3 → (4·1 + (4/3)·2) / (16/3) = 1.25.
        #expect(mlClose(try weighted.predictValues(try Frame(columns: [.numeric("x", [0.25])]))[0], 1.25, 1e-12))
        // An exact match takes only the matching rows.
        #expect(try weighted.predictValues(try Frame(columns: [.numeric("x", [11])])) == [20])
    }

    @Test func knnNeedsAtLeastKRows() throws {
        #expect(throws: MLError.self) {
            try MLFixtures.train(try MLFixtures.spec("knn", ["k": .number(7)]), try Self.line(), target: "v")
        }
    }

    @Test func knnChunkedDistancesMatchBruteForce() throws {
        var g = RandomGenerator(seed: 9)
        let train = Tensor.normal([300, 4], using: &g), queries = Tensor.normal([700, 4], using: &g)
        let fitted = KNearestNeighborsModel(points: train, targets: (0..<300).map { Double($0 % 3) }, k: 4,
                                            distanceWeighted: false, classes: 3)
        let found = try fitted.neighbours(queries)
        for q in stride(from: 0, to: 700, by: 37) {
            let distances = (0..<300).map { j in
                (0..<4).map { f in pow(queries[row: q, column: f] - train[row: j, column: f], 2) }.reduce(0, +).squareRoot()
            }
            let expected = (0..<300).sorted { distances[$0] < distances[$1] }.prefix(4)
            #expect(found[q].map(\.index) == Array(expected))
        }
    }

    // MARK: Gaussian naive Bayes

    @Test func naiveBayesMatchesHandComputedGaussians() throws {
        // Class a: 0, 2 (mean 1, variance 1); class b: 4, 6 (mean 5, variance 1); var(X) = 5.
        let frame = try Frame(columns: [.numeric("x", [0, 2, 4, 6]), .strings("y", ["a", "a", "b", "b"])])
        let model = try MLFixtures.train(try MLFixtures.spec("naive_bayes"), frame, target: "y")
        let fitted = try #require(model.algorithm as? GaussianNaiveBayesModel)
        #expect(fitted.means == [1, 5] && fitted.variances == [1 + 5e-9, 1 + 5e-9] && fitted.priors == [0.5, 0.5])
        let query = try Frame(columns: [.numeric("x", [2.9, 3.1, 3])])
        #expect(try model.predict(query) == .strings("prediction", ["a", "b", "a"]))
        let proba = try #require(try model.predictProbabilities(query))
        #expect(abs(proba[row: 2, column: 0] - 0.5) < 1e-12)
        // At 2.9: log-odds of b over a = ((2.9−1)² − (2.9−5)²) / (2·var).
        let logOdds = (1.9 * 1.9 - 2.1 * 2.1) / (2 * (1 + 5e-9))
        #expect(abs(proba[row: 0, column: 1] - 1 / (1 + exp(-logOdds))) < 1e-12)
    }

    // MARK: Task inference and targets

    @Test func taskIsInferredFromTheTarget() throws {
        var g = RandomGenerator(seed: 1)
        let x = (0..<40).map { _ in g.normal() }
        let small = (0..<40).map { Int64?(Int64($0 % 3)) }
        let many = (0..<40).map { Int64?(Int64($0)) }
        let frame = try Frame(columns: [
            .numeric("x", x), .integers("small", small), .integers("many", many),
            .bools("flag", (0..<40).map { $0 % 2 == 0 }), .numeric("real", x.map { $0 * 2 + 0.5 }),
            .numeric("whole", (0..<40).map { Double($0 % 2) }),
        ])
        func task(_ model: String, _ target: String, _ override: Task? = nil) throws -> Task {
            let data = try frame.select(["x", target])
            return try MLFixtures.train(try MLFixtures.spec(model), data, target: target, task: override).task
        }
        #expect(try task("knn", "small") == .multiclass)
        #expect(try task("knn", "many") == .regression)
        #expect(try task("knn", "flag") == .binary)
        #expect(try task("knn", "real") == .regression)
        #expect(try task("knn", "small", .regression) == .regression)
        #expect(try task("linear", "small") == .regression)
        #expect(try task("logistic", "whole") == .binary)
        #expect(try task("logistic", "many") == .multiclass)
        #expect(throws: MLError.self) { try task("logistic", "real") }
        #expect(throws: MLError.unsupportedTask(model: "logistic", task: .regression)) { try task("logistic", "small", .regression) }
        #expect(throws: MLError.self) { try MLFixtures.train(try MLFixtures.spec("logistic"), frame.select(["x"]), target: nil) }
    }

    @Test func singleClassTargetIsRefused() throws {
        let frame = try Frame(columns: [.numeric("x", [1, 2, 3]), .strings("y", ["a", "a", "a"])])
        do {
            _ = try MLFixtures.train(try MLFixtures.spec("logistic"), frame, target: "y")
            Issue.record("expected an error")
        } catch let error as MLError {
            #expect(error.description == "target 'y' has a single class 'a'; a classifier needs at least two")
            #expect(error.hint?.contains("stratify") == true)
        }
    }

    @Test func predictionsKeepTheTargetType() throws {
        let frame = try Frame(columns: [.numeric("x", [0, 1, 2, 10, 11, 12]), .integers("y", [3, 3, 3, 7, 7, 7])])
        let model = try MLFixtures.train(try MLFixtures.spec("naive_bayes"), frame, target: "y")
        #expect(model.classes == ["3", "7"])
        #expect(try model.predict(try Frame(columns: [.numeric("x", [1, 11])])) == .integers("prediction", [3, 7]))
        #expect(try model.targetIndices(frame) == [0, 0, 0, 1, 1, 1])
    }

    @Test func evaluationTargetsAreChecked() throws {
        let model = try MLFixtures.train(try MLFixtures.spec("naive_bayes"), try Self.line().drop(["v"]), target: "y")
        let unseen = try Frame(columns: [.numeric("x", [1]), .strings("y", ["z"])])
        #expect(throws: MLError.self) { try model.targetIndices(unseen) }
        do {
            _ = try model.targetIndices(try Frame(columns: [.numeric("x", [1])]))
            Issue.record("expected an error")
        } catch let error as MLError {
            #expect(error.description == "the data has no target column 'y' to evaluate against")
        }
    }

    // MARK: Model files

    @Test(arguments: ["linear", "ridge", "logistic", "knn", "naive_bayes"])
    func everyModelRoundTripsBitExactly(name: String) throws {
        var g = RandomGenerator(seed: 21)
        let n = 50
        let x1 = (0..<n).map { _ in g.normal() }, x2 = (0..<n).map { _ in g.normal() }
        let colors: [String?] = (0..<n).map { ["red", "green", "blue", nil][$0 % 4] }
        let regression = name == "linear" || name == "ridge"
        let target: Column = regression ? .numeric("y", zip(x1, x2).map { $0 - 2 * $1 + g.normal() * 0.1 })
                                        : .strings("y", (0..<n).map { ["a", "b", "c"][($0 + Int(x1[$0] > 0 ? 1 : 0)) % 3] })
        let frame = try Frame(columns: [.numeric("x1", x1), .numeric("x2", x2), .strings("color", colors), target])
        let model = try MLFixtures.train(try MLFixtures.spec(name), frame, target: "y",
                                         prep: [try PreprocessorSpec.make(name: "minmax")])
        let bytes = try ModelCodec.encode(model)
        let loaded = try ModelCodec.decode(bytes, registry: MLFixtures.registry)
        #expect(try ModelCodec.encode(loaded) == bytes)
        #expect(try model.predictValues(frame).map(\.bitPattern) == loaded.predictValues(frame).map(\.bitPattern))
        #expect(try model.predictProbabilities(frame)?.storage.map(\.bitPattern) == loaded.predictProbabilities(frame)?.storage.map(\.bitPattern))
        #expect(try model.predict(frame) == loaded.predict(frame))
        #expect(loaded.classes == model.classes && loaded.task == model.task && loaded.spec.parameters == model.spec.parameters)
    }
}
