// lasso() and elastic_net() against scikit-learn 1.9.1's Lasso and ElasticNet
// (Tests/Fixtures/ml/sparse_linear.json, written by tools/reference/ref_ml_sparse_linear.py).
//
// Both run the same coordinate descent sweeps and stop at the same one, so the intercept and
// coefficients agree to 1e-6 absolute (the issue's bound; in practice far closer), the sweep
// count exactly, and a fit sklearn warned about is one Lathe warns about.

import Foundation
import LatheCore
import Testing
import Data
import Numeric
@testable import ML

@Suite("ML: lasso and elastic_net vs scikit-learn")
struct SparseLinearReferenceTests {
    static let fixture = ReferenceFixtures.json("ml/sparse_linear.json")
    static var caseNames: [String] { fixture["cases"].array.compactMap { $0["name"].string } }

    static func frame() throws -> Frame {
        let c = fixture["columns"]
        var columns = fixture["features"].array.compactMap(\.string).map { Column.numeric($0, c[$0].doubles) }
        columns.append(.numeric("y", c["y"].doubles))
        return try Frame(columns: columns)
    }

    @Test func fixturesAreLoaded() {
        #expect(Self.caseNames.count == 8)
    }

    @Test(arguments: caseNames)
    func coefficientsMatchSklearn(_ name: String) throws {
        let reference = try #require(Self.fixture["cases"].array.first { $0["name"].string == name })
        var given: [String: Scalar] = [:]
        for key in reference["params"].keys {
            given[key] = .number(reference["params"][key].double ?? .nan)
        }
        let spec = try ModelSpec.make(name: reference["model"].string ?? "", given: given, registry: EstimatorRegistry.all)
        let context = FitContext()
        let model = try Trainer.train(spec, prep: [], data: try Self.frame(), target: "y", task: nil, context: context)
        let table = try #require(model.coefficients())
        let expected = [reference["intercept"].double ?? .nan] + reference["coef"].doubles
        let actual = table.values[0]
        let ok = actual.count == expected.count && zip(actual, expected).allSatisfy { abs($0 - $1) <= 1e-6 }
        #expect(ok, "\(name): got \(actual), expected \(expected)")
        let converged = reference["converged"].bool ?? true
        #expect(context.warnings.isEmpty == converged, "\(name): warnings \(context.warnings)")
    }

    @Test func sweepCountMatchesSklearn() throws {
        for reference in Self.fixture["cases"].array {
            var given: [String: Scalar] = [:]
            for key in reference["params"].keys { given[key] = .number(reference["params"][key].double ?? .nan) }
            let alpha = given["alpha"].flatMap { if case .number(let x) = $0 { x } else { nil } } ?? 1
            let ratio = given["l1_ratio"].flatMap { if case .number(let x) = $0 { x } else { nil } } ?? 1
            let maxIter = given["max_iter"].flatMap { if case .number(let x) = $0 { Int(x) } else { nil } } ?? 1000
            let tol = given["tol"].flatMap { if case .number(let x) = $0 { x } else { nil } } ?? 1e-4
            let frame = try Self.frame()
            let names = Self.fixture["features"].array.compactMap(\.string)
            let n = frame.rowCount, p = names.count
            var columns: [Double] = []
            for name in names {
                let values = Self.fixture["columns"][name].doubles
                let mean = values.reduce(0, +) / Double(n)
                columns += values.map { $0 - mean }
            }
            let y = Self.fixture["columns"]["y"].doubles
            let yMean = y.reduce(0, +) / Double(n)
            let solver = CoordinateDescent(columns: columns, rows: n, features: p, y: y.map { $0 - yMean })
            let result = solver.solve(l1: alpha * ratio * Double(n), l2: alpha * (1 - ratio) * Double(n),
                                      maxIterations: maxIter, tol: tol) { _ in }
            #expect(result.iterations == reference["n_iter"].int, "\(reference["name"].string ?? ""): sweeps")
        }
    }
}
