import Numeric

/// The loss a fit minimizes, as scikit-learn's `_loss` module: its starting raw scores, and the
/// gradients and hessians each round's trees are fitted to.
enum BoostLoss: String {
    case squaredError = "squared_error", logLoss = "log_loss", crossEntropy = "cross_entropy"

    /// Squared error for regression; log loss for two classes and softmax beyond (as
    /// scikit-learn, by the number of classes rather than the task's name).
    init(_ task: Task, classes: Int) {
        if !task.isClassification { self = .squaredError } else { self = classes == 2 ? .logLoss : .crossEntropy }
    }

    /// Raw scores per row (class-major: `raw[k * n + i]`); with weights, from the weighted
    /// mean (scikit-learn's `fit_intercept_only` with `sample_weight`).
    static func baseline(_ loss: BoostLoss, target: [Double], classes: Int, weights: [Double]? = nil) -> [Double] {
        let n = weights.map { $0.reduce(0, +) } ?? Double(target.count)
        let total: Double
        if let weights {
            var sum = 0.0
            for i in target.indices { sum += weights[i] * target[i] }
            total = sum
        } else {
            total = target.reduce(0, +)
        }
        switch loss {
        case .squaredError:
            return [total / n]
        case .logLoss:
            let eps = 10 * Double.ulpOfOne
            let p = Swift.min(Swift.max(total / n, eps), 1 - eps)
            return [log(p / (1 - p))]
        case .crossEntropy:
            var counts = [Double](repeating: 0, count: classes)
            for (i, y) in target.enumerated() { counts[Int(y)] += weights?[i] ?? 1 }
            let eps = 10 * Double.ulpOfOne
            let logs = counts.map { log(Swift.min(Swift.max($0 / n, eps), 1 - eps)) }
            let mean = logs.reduce(0, +) / Double(classes)
            return logs.map { $0 - mean }
        }
    }

    /// Writes gradients and hessians for raw scores `raw` (class-major, `trees` columns) and
    /// returns the mean loss of those scores over every `lossStride`-th row. Row blocks run
    /// concurrently; the loss is summed per block and the blocks added in order, so it is
    /// deterministic.
    func gradients(raw: UnsafePointer<Double>, target: UnsafePointer<Double>, n: Int, trees: Int,
                   into pairs: UnsafeMutablePointer<GradientPair>, lossStride: Int = 1) -> Double {
        let blockSize = 16_384
        let blocks = Swift.max(1, (n + blockSize - 1) / blockSize)
        let partial = UnsafeMutablePointer<Double>.allocate(capacity: blocks)
        defer { partial.deallocate() }
        let loss = self
        let work = { (block: Int) in
            let lo = block * blockSize, hi = Swift.min(n, lo + blockSize)
            var sum = 0.0
            // The first sampled row at or after `lo`.
            let firstSampled = (lo + lossStride - 1) / lossStride * lossStride
            switch loss {
            case .squaredError:
                for i in lo..<hi {
                    pairs[i] = GradientPair(gradient: Float(raw[i] - target[i]), hessian: 1)
                }
                for i in Swift.stride(from: firstSampled, to: hi, by: lossStride) {
                    let d = raw[i] - target[i]
                    sum += 0.5 * d * d
                }
            case .logLoss:
                for i in lo..<hi {
                    let r = raw[i]
                    let e = exp(-Swift.abs(r))
                    let p = r >= 0 ? 1 / (1 + e) : e / (1 + e)
                    pairs[i] = GradientPair(gradient: Float(p - target[i]), hessian: Float(p * (1 - p)))
                }
                for i in Swift.stride(from: firstSampled, to: hi, by: lossStride) {
                    let r = raw[i]
                    sum += Swift.max(r, 0) + log1p(exp(-Swift.abs(r))) - target[i] * r
                }
            case .crossEntropy:
                let e = UnsafeMutablePointer<Double>.allocate(capacity: trees)
                defer { e.deallocate() }
                for i in lo..<hi {
                    var top = -Double.infinity
                    for k in 0..<trees { top = Swift.max(top, raw[k * n + i]) }
                    var total = 0.0
                    for k in 0..<trees { e[k] = exp(raw[k * n + i] - top); total += e[k] }
                    let y = Int(target[i])
                    for k in 0..<trees {
                        let p = e[k] / total
                        pairs[k * n + i] = GradientPair(gradient: Float(p - (k == y ? 1 : 0)), hessian: Float(p * (1 - p)))
                    }
                    if i % lossStride == 0 { sum += top + log(total) - raw[y * n + i] }
                }
            }
            partial[block] = sum
        }
        Parallelism.forEach(blocks, work)
        var total = 0.0
        for b in 0..<blocks { total += partial[b] }
        let sampled = (n + lossStride - 1) / lossStride
        return total / Double(Swift.max(sampled, 1))
    }

    /// Multiplies each row's gradient and hessian by its weight, as scikit-learn's
    /// `_update_gradients_hessians` with `sample_weight` (`pairs` is class-major).
    static func weigh(_ pairs: inout [GradientPair], by weights: [Double], trees: Int) {
        let n = weights.count
        pairs.withUnsafeMutableBufferPointer { g in
            weights.withUnsafeBufferPointer { w in
                for k in 0..<trees {
                    for i in 0..<n {
                        let pair = g[k * n + i]
                        g[k * n + i] = GradientPair(gradient: Float(Double(pair.gradient) * w[i]),
                                                    hessian: Float(Double(pair.hessian) * w[i]))
                    }
                }
            }
        }
    }

    /// Mean loss of raw scores (class-major) against `target`, over every row.
    func loss(raw: [Double], target: [Double], trees: Int) -> Double {
        let n = target.count
        var pairs = [GradientPair](repeating: GradientPair(gradient: 0, hessian: 0), count: n * trees)
        return raw.withUnsafeBufferPointer { r in
            target.withUnsafeBufferPointer { t in
                pairs.withUnsafeMutableBufferPointer { pb in
                    gradients(raw: r.baseAddress!, target: t.baseAddress!, n: n, trees: trees, into: pb.baseAddress!)
                }
            }
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif
