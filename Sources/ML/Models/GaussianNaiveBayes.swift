import Data
import Foundation
import Numeric

/// `naive_bayes()`: Gaussian naive Bayes, as scikit-learn's `GaussianNB`: per class the
/// mean and population variance of each feature, every variance increased by
/// `var_smoothing` × the largest feature variance of all the data, and class priors from the
/// class frequencies. The predicted class maximizes log prior + Σ log N(x; μ, σ²).
/// - Complexity: O(n·p) to fit, O(m·p·K) to predict.
public struct GaussianNaiveBayes: LoadableEstimator {
    public static let name = "naive_bayes"
    public static let parameters: [ParameterSpec] = [
        ParameterSpec("var_smoothing", .number(1e-15...Double.infinity), default: .number(1e-9),
                      doc: "fraction of the largest feature variance added to every variance"),
    ]
    public static let tasks: Set<Task> = [.binary, .multiclass]
    public static let handlesMissingValues = false
    public static let summary = "Gaussian naive Bayes classifier"
    public static let supportsSampleWeights = true
    public static let fittedModelType: any FittedModel.Type = GaussianNaiveBayesModel.self

    public let parameters: Parameters
    public init(parameters: Parameters) { self.parameters = parameters }

    public func fit(_ data: TrainingData, context: FitContext) throws -> FittedModel {
        try context.checkpoint(0, "naive_bayes")
        let x = data.features, n = x.rows, p = x.columns, classCount = data.classes.count
        // epsilon = var_smoothing · max(np.var(X, axis=0)).
        var largest = 0.0
        for j in 0..<p {
            let column = (0..<n).map { x.storage[$0 * p + j] }
            largest = max(largest, ColumnStatistics.meanAndVariance(column).variance)
        }
        // var_smoothing > 0 (its declared range) keeps a zero-variance class finite, except when
        // every feature is constant (largest = 0): then the scale is taken as 1, so no
        // variance is 0 and no probability NaN.
        let epsilon = parameters.number("var_smoothing") * (largest > 0 ? largest : 1)
        var members = [[Int]](repeating: [], count: classCount)
        for (i, y) in data.target.enumerated() { members[Int(y)].append(i) }
        var means = [Double](repeating: 0, count: classCount * p)
        var variances = [Double](repeating: 0, count: classCount * p)
        var priors = [Double](repeating: 0, count: classCount)
        if let weights = data.weights {
            // scikit-learn's `_partial_fit` with `sample_weight`: weighted means and variances per
            // class, priors from the classes' weight sums.
            var classWeights = [Double](repeating: 0, count: classCount)
            for c in 0..<classCount where !members[c].isEmpty {
                let w = members[c].map { weights[$0] }
                let total = w.reduce(0, +)
                classWeights[c] = total
                guard total > 0 else { continue }
                for j in 0..<p {
                    var mean = 0.0
                    for (t, i) in members[c].enumerated() { mean += w[t] * x.storage[i * p + j] }
                    mean /= total
                    var variance = 0.0
                    for (t, i) in members[c].enumerated() {
                        let d = x.storage[i * p + j] - mean
                        variance += w[t] * d * d
                    }
                    means[c * p + j] = mean
                    variances[c * p + j] = variance / total + epsilon
                }
            }
            let all = classWeights.reduce(0, +)
            priors = classWeights.map { $0 / all }
            try context.checkpoint(1, "naive_bayes")
            return GaussianNaiveBayesModel(means: means, variances: variances, priors: priors, features: p)
        }
        for c in 0..<classCount where !members[c].isEmpty {
            for j in 0..<p {
                let values = members[c].map { x.storage[$0 * p + j] }
                let (mean, variance) = ColumnStatistics.meanAndVariance(values)
                means[c * p + j] = mean
                variances[c * p + j] = variance + epsilon
            }
            priors[c] = Double(members[c].count) / Double(n)
        }
        try context.checkpoint(1, "naive_bayes")
        return GaussianNaiveBayesModel(means: means, variances: variances, priors: priors, features: p)
    }
}

/// A fitted `naive_bayes`: per class the features' means and variances, and the class priors.
public struct GaussianNaiveBayesModel: FittedModel {
    public static let kind = "naive_bayes"
    /// classes × features, row-major.
    public let means: [Double]
    public let variances: [Double]
    public let priors: [Double]
    public let features: Int

    public init(means: [Double], variances: [Double], priors: [Double], features: Int) {
        self.means = means
        self.variances = variances
        self.priors = priors
        self.features = features
    }

    /// n × classes joint log-likelihoods (scikit-learn's `_joint_log_likelihood`).
    func jointLogLikelihood(_ x: Tensor) throws -> [Double] {
        let p = features, k = priors.count, n = x.rows
        guard x.columns == p || n == 0 else {
            throw MLError.invalidData("the model expects \(p) features, got \(x.columns)", hint: nil)
        }
        var constants = [Double](repeating: 0, count: k)
        for c in 0..<k {
            var s = 0.0
            for j in 0..<p { s += log(2 * Double.pi * variances[c * p + j]) }
            constants[c] = log(priors[c]) + -0.5 * s
        }
        var out = [Double](repeating: 0, count: n * k)
        x.storage.withUnsafeBufferPointer { xs in
            for i in 0..<n {
                for c in 0..<k {
                    var s = 0.0
                    for j in 0..<p {
                        let d = xs[i * p + j] - means[c * p + j]
                        s += d * d / variances[c * p + j]
                    }
                    out[i * k + c] = constants[c] - 0.5 * s
                }
            }
        }
        return out
    }

    public func predict(_ features: Tensor) throws -> [Double] {
        let jll = try jointLogLikelihood(features), k = priors.count
        return (0..<features.rows).map { i in
            var best = 0
            for c in 1..<k where jll[i * k + c] > jll[i * k + best] { best = c }
            return Double(best)
        }
    }

    public func predictProbabilities(_ features: Tensor) throws -> Tensor? {
        var jll = try jointLogLikelihood(features)
        let k = priors.count
        for i in 0..<features.rows {
            var m = -Double.infinity
            for c in 0..<k { m = max(m, jll[i * k + c]) }
            var sum = 0.0
            for c in 0..<k { sum += exp(jll[i * k + c] - m) }
            let logSum = m + log(sum)
            for c in 0..<k { jll[i * k + c] = exp(jll[i * k + c] - logSum) }
        }
        return Tensor(uncheckedRows: features.rows, columns: k, jll)
    }

    public func encodeState() throws -> ModelState {
        var state = ModelState()
        state.arrays["means"] = means
        state.arrays["variances"] = variances
        state.arrays["priors"] = priors
        state.integers["features"] = [features]
        return state
    }

    public init(state: ModelState) throws {
        means = try state.array("means")
        variances = try state.array("variances")
        priors = try state.array("priors")
        features = try state.integer("features")
        guard means.count == priors.count * features, variances.count == means.count else {
            throw MLError.corruptModel("naive_bayes state has mismatched lengths")
        }
    }
}
