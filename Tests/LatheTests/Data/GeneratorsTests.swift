import Testing
@testable import Data

@Suite struct GeneratorsTests {
    @Test func classificationShapeBalanceAndSeparation() throws {
        let frame = Generators.makeClassification(n: 300, features: 4, classes: 3, seed: 42)
        #expect(frame.columnNames == ["x0", "x1", "x2", "x3", "target"])
        #expect(frame == Generators.makeClassification(n: 300, features: 4, classes: 3, seed: 42))
        #expect(frame != Generators.makeClassification(n: 300, features: 4, classes: 3, seed: 43))
        let target = try frame.column(named: "target")
        #expect(target.type == .int64)
        let labels = target.asDoubles()!
        for k in 0..<3 { #expect(labels.filter { $0 == Double(k) }.count == 100) }
        // Rows sit near their class centre: the class means of x0 differ by more than noise.
        let x0 = try frame.column(named: "x0").asDoubles()!
        let means = (0..<3).map { k in
            zip(x0, labels).filter { $0.1 == Double(k) }.map(\.0).reduce(0, +) / 100
        }
        let spread = means.max()! - means.min()!
        #expect(spread > 0.5)
    }

    @Test func regressionIsLinearPlusNoise() throws {
        let (frame, coefficients) = Generators.makeRegressionWithCoefficients(n: 200, features: 3, noise: 0, seed: 5)
        #expect(frame.columnNames == ["x0", "x1", "x2", "target"])
        #expect(frame == Generators.makeRegression(n: 200, features: 3, noise: 0, seed: 5))
        let xs = try (0..<3).map { try frame.column(named: "x\($0)").asDoubles()! }
        let y = try frame.column(named: "target").asDoubles()!
        for row in 0..<200 {
            let fitted = (0..<3).reduce(0.0) { $0 + xs[$1][row] * coefficients[$1] }
            #expect(abs(fitted - y[row]) < 1e-9)
        }
        let noisy = Generators.makeRegression(n: 200, features: 3, noise: 5, seed: 5)
        #expect(noisy.columnNames == frame.columnNames)
        #expect(try noisy.column(named: "target") != frame.column(named: "target"))
    }
}
