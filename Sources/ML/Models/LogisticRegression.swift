import Data
import Foundation
import Numeric

/// `logistic(C:, max_iter:, tol:)`: L2-penalized logistic regression fitted by L-BFGS, with
/// scikit-learn's `lbfgs` objective: for two classes the mean log-loss of one weight vector,
/// for more the mean multinomial (softmax) cross-entropy of one weight vector per class, plus
/// ‖W‖²/(2·C·n). The intercepts are not penalized. It starts from zero and stops, as SciPy's
/// L-BFGS-B, when the gradient's largest component is ≤ `tol`, when the objective stops
/// decreasing, or after `max_iter` iterations.
///
/// - Complexity: per iteration one or a few passes over X (BLAS `dgemv`/`dgemm`), O(n·p·K).
public struct LogisticRegression: LoadableEstimator {
    public static let name = "logistic"
    public static let parameters: [ParameterSpec] = [
        ParameterSpec("C", .number(1e-10...Double.infinity), default: .number(1),
                      doc: "inverse penalty strength: smaller values regularize more"),
        ParameterSpec("max_iter", .integer(1...1_000_000), default: .number(100),
                      doc: "the most L-BFGS iterations"),
        ParameterSpec("tol", .number(0...Double.infinity), default: .number(1e-4),
                      doc: "stop when every gradient component is at most this"),
    ]
    public static let tasks: Set<Task> = [.binary, .multiclass]
    public static let handlesMissingValues = false
    public static let summary = "logistic regression (binary and multinomial), L2 penalty, L-BFGS"
    public static let supportsSampleWeights = true
    public static let supportsClassWeights = true
    public static let balancesWeightedCounts = true
    public static let fittedModelType: any FittedModel.Type = LogisticRegressionModel.self

    public let parameters: Parameters
    public init(parameters: Parameters) { self.parameters = parameters }

    public func fit(_ data: TrainingData, context: FitContext) throws -> FittedModel {
        let x = data.features, n = x.rows, p = x.columns
        let classCount = data.classes.count
        guard classCount >= 2 else {
            throw MLError.invalidData("logistic needs at least two classes", hint: nil)
        }
        let binary = classCount == 2 && data.task == .binary
        let weightRows = binary ? 1 : classCount
        // Weighted as scikit-learn: Σ wᵢ·ℓᵢ / Σ w + ‖W‖²/(2·C·Σ w), Σ w = n without weights.
        let weightSum = data.weights.map { $0.reduce(0, +) } ?? Double(n)
        let lambda = 1 / (parameters.number("C") * weightSum)
        let labels = data.target.map { Int($0) }
        let objective = LogisticObjective(x: x, labels: labels, classes: weightRows, binary: binary, lambda: lambda,
                                          rowScale: data.weights.map { w in w.map { $0 / weightSum } })

        var solver = LBFGS()
        solver.maxIterations = parameters.integer("max_iter")
        solver.gradientTolerance = parameters.number("tol")
        let maxIterations = Double(solver.maxIterations)
        try context.checkpoint(0, "logistic")
        let result = try solver.minimize(
            [Double](repeating: 0, count: weightRows * (p + 1)),
            objective: { theta, gradient in objective.evaluate(theta, gradient: &gradient) },
            afterIteration: { iteration, _, value in
                context.recordLoss(value)
                try context.checkpoint(Double(iteration) / maxIterations, "logistic: iteration \(iteration), loss \(value)")
            })
        if result.stop == .iterations {
            context.warn(ConvergenceWarning.message(
                model: Self.name, solver: "L-BFGS", iterations: solver.maxIterations,
                detail: "the largest gradient component \(String(format: "%.4g", result.gradient.reduce(0) { max($0, abs($1)) })) above tol"),
                key: "\(Self.name) convergence")
        }
        var coefficients = [Double](repeating: 0, count: weightRows * p)
        var intercepts = [Double](repeating: 0, count: weightRows)
        for k in 0..<weightRows {
            for j in 0..<p { coefficients[k * p + j] = result.x[k * (p + 1) + j] }
            intercepts[k] = result.x[k * (p + 1) + p]
        }
        return LogisticRegressionModel(coefficients: coefficients, intercepts: intercepts, features: p,
                                       classes: classCount, iterations: result.iterations, converged: result.converged,
                                       featureScales: FeatureSpread.standardDeviations(x), featureMeans: FeatureSpread.means(x))
    }
}

/// A fitted `logistic`: one weight row for two classes (the second class's log-odds), else one
/// per class.
public struct LogisticRegressionModel: FittedModel {
    public static let kind = "logistic"
    /// Row-major, rows × features.
    public let coefficients: [Double]
    public let intercepts: [Double]
    public let features: Int
    public let classes: Int
    public let iterations: Int
    public let converged: Bool
    /// Each feature's training std (for `m.importance`); nil in model files saved before it.
    public let featureScales: [Double]?
    /// Each feature's training mean (for `explain`); nil in model files saved before it.
    public let featureMeans: [Double]?

    public init(coefficients: [Double], intercepts: [Double], features: Int, classes: Int, iterations: Int, converged: Bool,
                featureScales: [Double]? = nil, featureMeans: [Double]? = nil) {
        self.featureScales = featureScales
        self.featureMeans = featureMeans
        self.coefficients = coefficients
        self.intercepts = intercepts
        self.features = features
        self.classes = classes
        self.iterations = iterations
        self.converged = converged
    }

    var binary: Bool { intercepts.count == 1 }

    /// X·Wᵀ + b: n × rows.
    func decision(_ x: Tensor) throws -> Tensor {
        guard x.columns == features || x.rows == 0 else {
            throw MLError.invalidData("the model expects \(features) features, got \(x.columns)", hint: nil)
        }
        let rows = intercepts.count
        var raw: Tensor
        if x.rows == 0 || features == 0 {
            raw = Tensor.zeros([x.rows, rows])
        } else {
            let w = Tensor(uncheckedRows: rows, columns: features, coefficients).transposed()
            raw = try x.matmul(w)
        }
        raw.storage.withUnsafeMutableBufferPointer { r in
            for i in 0..<x.rows {
                for k in 0..<rows { r[i * rows + k] += intercepts[k] }
            }
        }
        return raw
    }

    public func predict(_ features: Tensor) throws -> [Double] {
        let raw = try decision(features)
        let rows = intercepts.count
        if binary { return raw.storage.map { $0 > 0 ? 1 : 0 } }
        return (0..<features.rows).map { i in
            var best = 0
            for k in 1..<rows where raw.storage[i * rows + k] > raw.storage[i * rows + best] { best = k }
            return Double(best)
        }
    }

    public func predictProbabilities(_ features: Tensor) throws -> Tensor? {
        let raw = try decision(features)
        let n = features.rows
        if binary {
            var out = [Double](repeating: 0, count: n * 2)
            for i in 0..<n {
                let p = LogisticObjective.expit(raw.storage[i])
                out[2 * i] = 1 - p
                out[2 * i + 1] = p
            }
            return Tensor(uncheckedRows: n, columns: 2, out)
        }
        var out = raw.storage
        let k = classes
        for i in 0..<n { LogisticObjective.softmax(&out, offset: i * k, count: k) }
        return Tensor(uncheckedRows: n, columns: k, out)
    }

    public func encodeState() throws -> ModelState {
        var state = ModelState()
        state.arrays["coefficients"] = coefficients
        state.arrays["intercepts"] = intercepts
        state.integers["shape"] = [intercepts.count, features, classes]
        state.integers["iterations"] = [iterations]
        state.integers["converged"] = [converged ? 1 : 0]
        if let featureScales { state.arrays["feature_std"] = featureScales }
        if let featureMeans { state.arrays["feature_mean"] = featureMeans }
        return state
    }

    public init(state: ModelState) throws {
        let shape = try state.integerArray("shape")
        guard shape.count == 3 else { throw MLError.corruptModel("logistic shape") }
        coefficients = try state.array("coefficients")
        intercepts = try state.array("intercepts")
        features = shape[1]
        classes = shape[2]
        iterations = try state.integer("iterations")
        converged = try state.integer("converged") != 0
        featureScales = state.arrays["feature_std"]
        if let featureScales, featureScales.count != features {
            throw MLError.corruptModel("feature_std has \(featureScales.count) values for \(features) features")
        }
        featureMeans = state.arrays["feature_mean"]
        if let featureMeans, featureMeans.count != features {
            throw MLError.corruptModel("feature_mean has \(featureMeans.count) values for \(features) features")
        }
        guard intercepts.count == shape[0], coefficients.count == shape[0] * shape[1],
              shape[0] == 1 ? classes == 2 : shape[0] == classes else {
            throw MLError.corruptModel("logistic coefficients do not match their shape")
        }
    }
}

extension LogisticRegressionModel: LinearCoefficients {
    public var coefficientMatrix: [Double] { coefficients }
    public var interceptValues: [Double] { intercepts }
}

/// scikit-learn's `LinearModelLoss` with `HalfBinomialLoss` / `HalfMultinomialLoss`:
/// f(θ) = (1/n)·Σᵢ ℓᵢ + (λ/2)·‖W‖², θ laid out class by class as (w₁…w_p, b).
struct LogisticObjective {
    let x: Tensor
    let labels: [Int]
    let classes: Int
    let binary: Bool
    let lambda: Double
    /// wᵢ / Σ w per row; nil for 1/n in every row.
    var rowScale: [Double]? = nil

    var n: Int { x.rows }
    var p: Int { x.columns }

    /// log(1 + eˣ) without overflow (scikit-learn's `log1pexp` branches).
    @inline(__always) static func log1pexp(_ z: Double) -> Double {
        if z <= -37 { return exp(z) }
        if z <= -2 { return log1p(exp(z)) }
        if z <= 18 { return log(1 + exp(z)) }
        if z <= 33.3 { return z + exp(-z) }
        return z
    }

    /// 1 / (1 + e⁻ˣ) without overflow.
    @inline(__always) static func expit(_ z: Double) -> Double {
        if z >= 0 { return 1 / (1 + exp(-z)) }
        let e = exp(z)
        return e / (1 + e)
    }

    /// In place over `count` entries from `offset`: exp(v − max) / Σ.
    @inline(__always) static func softmax(_ v: inout [Double], offset: Int, count: Int) {
        var m = -Double.infinity
        for k in 0..<count { m = max(m, v[offset + k]) }
        var sum = 0.0
        for k in 0..<count {
            let e = exp(v[offset + k] - m)
            v[offset + k] = e
            sum += e
        }
        for k in 0..<count { v[offset + k] /= sum }
    }

    /// Σ body(range) over 0..<n in fixed 16,384-row chunks run on `Parallelism.workers`
    /// threads; the chunk sums are added in chunk order, so the result does not depend on
    /// the core count or scheduling.
    static func parallelSum(_ n: Int, _ body: (Range<Int>) -> Double) -> Double {
        Parallelism.sum(n, chunkSize: 16_384, body)
    }

    func evaluate(_ theta: [Double], gradient: inout [Double]) -> Double {
        binary ? evaluateBinary(theta, &gradient) : evaluateMultinomial(theta, &gradient)
    }

    private func evaluateBinary(_ theta: [Double], _ gradient: inout [Double]) -> Double {
        let w = Array(theta[0..<p]), b = theta[p]
        var raw = p > 0 ? ((try? x.matmul(Tensor(w)).storage) ?? []) : [Double](repeating: 0, count: n)
        let invN = 1 / Double(n)
        let scale = rowScale ?? []
        let weighted = rowScale != nil
        let lossSum = raw.withUnsafeMutableBufferPointer { r in
            labels.withUnsafeBufferPointer { y in
                scale.withUnsafeBufferPointer { s in
                LogisticObjective.parallelSum(n) { range in
                    var sum = 0.0
                    for i in range {
                        let si = weighted ? s[i] : invN
                        let z = r[i] + b
                        let yi = Double(y[i])
                        // One exp for both: log(1 + eᶻ) = max(z, 0) + log1p(e^−|z|), σ(z) from the same e^−|z|.
                        let e = exp(-abs(z))
                        let li = (z > 0 ? z : 0) + log1p(e) - yi * z
                        sum += weighted ? li * si : li
                        let sigma = z >= 0 ? 1 / (1 + e) : e / (1 + e)
                        // Pointwise gradient, scaled by 1/n (or wᵢ/Σw) as scikit-learn does before Xᵀ·g.
                        r[i] = (sigma - yi) * si
                    }
                    return sum
                }
                }
            }
        }
        let gw = p > 0 ? ((try? Tensor(raw).matmul(x).storage) ?? []) : []
        var penalty = 0.0
        for j in 0..<p {
            penalty += w[j] * w[j]
            gradient[j] = gw[j] + lambda * w[j]
        }
        gradient[p] = raw.withUnsafeBufferPointer { Kernels.sum($0) }
        return (weighted ? lossSum : lossSum * invN) + 0.5 * lambda * penalty
    }

    private func evaluateMultinomial(_ theta: [Double], _ gradient: inout [Double]) -> Double {
        let k = classes, stride = p + 1
        var wt = [Double](repeating: 0, count: p * k)  // p × K
        for c in 0..<k { for j in 0..<p { wt[j * k + c] = theta[c * stride + j] } }
        var raw = p > 0 ? ((try? x.matmul(Tensor(uncheckedRows: p, columns: k, wt)).storage) ?? [])
                        : [Double](repeating: 0, count: n * k)
        let invN = 1 / Double(n)
        let intercepts = (0..<k).map { theta[$0 * stride + p] }
        let scale = rowScale ?? []
        let weighted = rowScale != nil
        let lossSum = raw.withUnsafeMutableBufferPointer { r in
            labels.withUnsafeBufferPointer { y in
                scale.withUnsafeBufferPointer { s in
                LogisticObjective.parallelSum(n) { range in
                    var sum = 0.0
                    for i in range {
                        let si = weighted ? s[i] : invN
                        let o = i * k
                        var m = -Double.infinity
                        for c in 0..<k {
                            r[o + c] += intercepts[c]
                            m = max(m, r[o + c])
                        }
                        var total = 0.0
                        for c in 0..<k { total += exp(r[o + c] - m) }
                        let logSum = log(total) + m
                        let li = logSum - r[o + y[i]]
                        sum += weighted ? li * si : li
                        for c in 0..<k { r[o + c] = exp(r[o + c] - logSum) * si }
                        r[o + y[i]] -= si
                    }
                    return sum
                }
                }
            }
        }
        // (P − Y)ᵀ·X / n: K × p.
        let residual = Tensor(uncheckedRows: n, columns: k, raw)
        let gw = p > 0 ? ((try? residual.transposed().matmul(x).storage) ?? []) : []
        var penalty = 0.0
        for c in 0..<k {
            var interceptGradient = 0.0
            for i in 0..<n { interceptGradient += raw[i * k + c] }
            for j in 0..<p {
                let wcj = theta[c * stride + j]
                penalty += wcj * wcj
                gradient[c * stride + j] = gw[c * p + j] + lambda * wcj
            }
            gradient[c * stride + p] = interceptGradient
        }
        return (weighted ? lossSum : lossSum * invN) + 0.5 * lambda * penalty
    }
}
