#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Regression metrics with scikit-learn's definitions (`sklearn.metrics`, 1.9), agreeing
/// with it to 1e-10 on the committed fixtures (Tests/Fixtures/ml/metrics_regression*.json).
///
/// - `mse`: mean of (y − ŷ)²; `rmse`: its square root; `mae`: mean of |y − ŷ|.
/// - `r2`: 1 − Σ(y − ŷ)² / Σ(y − ȳ)². As with `force_finite=True`: a perfect fit is 1, and a
///   constant `truth` predicted imperfectly is 0. NaN for fewer than two rows.
/// - `explained_variance`: 1 − Var(y − ŷ) / Var(y), with the same finite conventions.
/// - `mape`: mean of |y − ŷ| / max(|y|, ε), ε the float64 machine epsilon, as a fraction
///   (not a percentage). A zero in `truth` makes it huge rather than infinite, like sklearn.
public struct RegressionMetrics {
    public static func compute(truth: [Double], predicted: [Double]) -> EvaluationReport {
        precondition(truth.count == predicted.count, "truth and predicted differ in length")
        let n = truth.count
        let count = Double(n)
        let residuals = zip(truth, predicted).map { $0 - $1 }
        let mse = MetricMath.pairwiseSum(residuals.map { $0 * $0 }) / count
        let mae = MetricMath.pairwiseSum(residuals.map { abs($0) }) / count
        let eps = Double.ulpOfOne
        let mape = MetricMath.pairwiseSum(zip(truth, residuals).map { abs($1) / max(abs($0), eps) }) / count

        let truthMean = MetricMath.pairwiseSum(truth) / count
        let totalSquares = MetricMath.pairwiseSum(truth.map { ($0 - truthMean) * ($0 - truthMean) })
        let residualSquares = MetricMath.pairwiseSum(residuals.map { $0 * $0 })
        let r2 = n < 2 ? .nan : finiteScore(numerator: residualSquares, denominator: totalSquares)

        let residualMean = MetricMath.pairwiseSum(residuals) / count
        let residualVariance = MetricMath.pairwiseSum(residuals.map { ($0 - residualMean) * ($0 - residualMean) }) / count
        let explained = finiteScore(numerator: residualVariance, denominator: totalSquares / count)

        return EvaluationReport(task: .regression, metrics: [
            ("mse", mse), ("rmse", mse.squareRoot()), ("mae", mae), ("r2", r2),
            ("explained_variance", explained), ("mape", mape),
        ])
    }

    /// 1 − numerator/denominator, with scikit-learn's `force_finite`: 1 when the numerator is
    /// 0, 0 when only the denominator is.
    static func finiteScore(numerator: Double, denominator: Double) -> Double {
        if numerator.isNaN || denominator.isNaN { return .nan }
        if numerator == 0 { return 1 }
        if denominator == 0 { return 0 }
        return 1 - numerator / denominator
    }
}
