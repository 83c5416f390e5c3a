import Numeric

/// Seeded synthetic data sets (feature columns `x0`…, label column `target`), for
/// examples, tests and benchmarks.
public enum Generators {
    /// Gaussian clusters, one per class: each class has a centre drawn from N(0, 2²) per
    /// feature, and its rows are the centre plus N(0, 1) noise. Classes are balanced (row i
    /// has class i mod `classes` before the rows are shuffled); `target` is int64.
    public static func makeClassification(n: Int, features: Int, classes: Int, seed: UInt64) -> Frame {
        let n = max(0, n), features = max(1, features), classes = max(1, classes)
        var generator = RandomGenerator(seed: seed)
        var centres = [[Double]]()
        for _ in 0..<classes { centres.append((0..<features).map { _ in generator.normal(mean: 0, std: 2) }) }
        var labels = (0..<n).map { Int64($0 % classes) }
        generator.shuffle(&labels)
        var columns = (0..<features).map { _ in [Double](repeating: 0, count: n) }
        for row in 0..<n {
            let centre = centres[Int(labels[row])]
            for f in 0..<features { columns[f][row] = centre[f] + generator.normal() }
        }
        var result = columns.enumerated().map { Column.numeric("x\($0.offset)", $0.element) }
        result.append(Column(name: "target", storage: .int64(labels, valid: nil)))
        return Frame(unchecked: result, rowCount: n)
    }

    /// A linear model: features from N(0, 1), coefficients uniform in [0, 100) (as in
    /// scikit-learn's `make_regression`), `target = x · coef + noise × N(0, 1)` (float64).
    public static func makeRegression(n: Int, features: Int, noise: Double, seed: UInt64) -> Frame {
        let (frame, _) = makeRegressionWithCoefficients(n: n, features: features, noise: noise, seed: seed)
        return frame
    }

    /// `makeRegression` plus the true coefficients.
    public static func makeRegressionWithCoefficients(n: Int, features: Int, noise: Double, seed: UInt64) -> (Frame, [Double]) {
        let n = max(0, n), features = max(1, features)
        var generator = RandomGenerator(seed: seed)
        let coefficients = (0..<features).map { _ in generator.uniform(0, 100) }
        var columns = (0..<features).map { _ in [Double](repeating: 0, count: n) }
        var target = [Double](repeating: 0, count: n)
        for row in 0..<n {
            var y = 0.0
            for f in 0..<features {
                let x = generator.normal()
                columns[f][row] = x
                y += x * coefficients[f]
            }
            target[row] = y + (noise > 0 ? noise * generator.normal() : 0)
        }
        var result = columns.enumerated().map { Column.numeric("x\($0.offset)", $0.element) }
        result.append(.numeric("target", target))
        return (Frame(unchecked: result, rowCount: n), coefficients)
    }
}
