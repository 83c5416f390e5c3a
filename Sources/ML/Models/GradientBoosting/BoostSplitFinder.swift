/// The best split of a node, as scikit-learn's `SplitInfo`.
struct BoostSplit {
    var gain = -1.0
    var feature = -1
    /// Non-missing bins ≤ this go left.
    var bin = 0
    var missingGoesLeft = false
    var gradientLeft = 0.0
    var hessianLeft = 0.0
    var countLeft = 0.0
}

/// scikit-learn's `Splitter.find_node_split` for numerical features without constraints:
/// per feature a left-to-right scan (missing values right) and, for features that had
/// missing values in training, a right-to-left scan (missing values left). The gain is
/// `G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ)`; each child needs `minSamplesLeaf` rows and a
/// hessian sum of at least `minHessian`. The first strictly best split wins.
struct BoostSplitFinder {
    let nonMissingBins: [Int]
    let hasMissing: [Bool]
    let stride: Int
    let minSamplesLeaf: Double
    let minHessian: Double
    let l2: Double

    func best(_ histogram: UnsafePointer<HistogramBin>, gradient G: Double, hessian H: Double, count C: Double) -> BoostSplit {
        var best = BoostSplit()
        let lambda = l2
        let parentScore = G * G / (H + lambda)
        for f in 0..<nonMissingBins.count {
            let h = histogram + f * stride
            let binsHere = nonMissingBins[f]
            if binsHere < 2 && !hasMissing[f] { continue }
            var featureBest = BoostSplit()
            let missing = hasMissing[f] ? 1 : 0
            var gl = 0.0, hl = 0.0, cl = 0.0
            let end = binsHere - 1 + missing
            var b = 0
            while b < end {
                // An empty bin repeats the previous candidate, which cannot win again (ties lose).
                if h[b].count == 0 { b += 1; continue }
                gl += h[b].gradient; hl += h[b].hessian; cl += h[b].count
                let cr = C - cl, hr = H - hl
                if cl < minSamplesLeaf { b += 1; continue }
                if cr < minSamplesLeaf { break }
                if hl < minHessian { b += 1; continue }
                if hr < minHessian { break }
                let gr = G - gl
                let gain = gl * gl / (hl + lambda) + gr * gr / (hr + lambda) - parentScore
                if gain > featureBest.gain && gain > 0 {
                    featureBest = BoostSplit(gain: gain, feature: f, bin: b, missingGoesLeft: false,
                                             gradientLeft: gl, hessianLeft: hl, countLeft: cl)
                }
                b += 1
            }
            if missing == 1 {
                var gr = 0.0, hr = 0.0, cr = 0.0
                var b = binsHere - 2
                while b >= 0 {
                    if h[b + 1].count == 0 { b -= 1; continue }
                    gr += h[b + 1].gradient; hr += h[b + 1].hessian; cr += h[b + 1].count
                    let cl = C - cr, hl = H - hr
                    if cr < minSamplesLeaf { b -= 1; continue }
                    if cl < minSamplesLeaf { break }
                    if hr < minHessian { b -= 1; continue }
                    if hl < minHessian { break }
                    let gl = G - gr
                    let gain = gl * gl / (hl + lambda) + gr * gr / (hr + lambda) - parentScore
                    if gain > featureBest.gain && gain > 0 {
                        featureBest = BoostSplit(gain: gain, feature: f, bin: b, missingGoesLeft: true,
                                                 gradientLeft: gl, hessianLeft: hl, countLeft: cl)
                    }
                    b -= 1
                }
            }
            if featureBest.gain > best.gain { best = featureBest }
        }
        return best
    }
}
