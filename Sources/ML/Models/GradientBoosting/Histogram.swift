import Numeric

/// One histogram bin: sums of gradients and hessians over the rows in the bin, and their count.
struct HistogramBin: Equatable {
    var gradient: Double = 0
    var hessian: Double = 0
    var count: Double = 0
}

/// A row's loss gradient and hessian, in single precision as scikit-learn and LightGBM
/// keep them (sums are in double precision).
struct GradientPair {
    var gradient: Float
    var hessian: Float
}

/// Gradient/hessian histograms of a node, one `stride`-bin histogram per feature, built
/// from the column-major binned matrix. Each feature's histogram adds the node's rows in
/// the order of its row list on one thread; large nodes give features (in pairs) to
/// `Parallelism.workers` threads, so the sums (and the model) are the same bits whatever
/// the core count or scheduling.
struct HistogramBuilder {
    let rows: Int
    let features: Int
    /// Column-major `rows × features`.
    let bins: UnsafePointer<UInt8>
    /// Bins per feature, the missing bin included.
    let stride: Int
    /// True for squared error: hessians are all 1 and only counts are summed.
    let constantHessian: Bool

    /// Nodes with fewer rows are built on one thread.
    static let parallelThreshold = 16_384

    var histogramSize: Int { features * stride }

    /// The histogram of all rows (gradient pairs in row order). - Complexity: O(rows × features).
    func buildRoot(_ pairs: UnsafePointer<GradientPair>, into histogram: UnsafeMutablePointer<HistogramBin>) {
        build(rowList: nil, count: rows, pairs: pairs, ordered: nil, into: histogram)
    }

    /// The histogram of the rows `rowList[0..<m]` (or of rows `0..<m` when `rowList` is nil).
    /// Their gradient pairs are first gathered into `ordered` in list order, so the
    /// accumulation reads them sequentially.
    ///
    /// Large nodes are built with one task per pair of features (features are independent,
    /// so nothing is reduced across threads), after a gather in fixed row chunks.
    /// - Complexity: O(m × features).
    func build(rowList: UnsafePointer<UInt32>?, count m: Int, pairs: UnsafePointer<GradientPair>,
               ordered: UnsafeMutablePointer<GradientPair>?, into histogram: UnsafeMutablePointer<HistogramBin>) {
        let parallel = m >= HistogramBuilder.parallelThreshold
        var source = pairs
        if let list = rowList, let ordered {
            let chunks = FixedChunks(count: m, size: HistogramBuilder.parallelThreshold)
            Parallelism.forEach(parallel ? chunks.count : 1) { c in
                for k in (parallel ? chunks[c] : 0..<m) { ordered[k] = pairs[Int(list[k])] }
            }
            source = UnsafePointer(ordered)
        }
        let gathered = source
        if parallel {
            Parallelism.forEach((features + 1) / 2) { task in
                let first = 2 * task, last = Swift.min(self.features, first + 2)
                (histogram + first * self.stride).update(repeating: HistogramBin(), count: (last - first) * self.stride)
                self.accumulate(rowList: rowList, firstRow: 0, count: m, gathered, features: first..<last, into: histogram)
            }
        } else {
            histogram.update(repeating: HistogramBin(), count: histogramSize)
            accumulate(rowList: rowList, firstRow: 0, count: m, gathered, features: 0..<features, into: histogram)
        }
        if constantHessian {
            for i in 0..<histogramSize { histogram[i].hessian = histogram[i].count }
        }
    }

    /// Adds `m` rows to the histograms of `featureRange`: row `rowList[k]` (or `firstRow + k`)
    /// with pair `pairs[k]`. Two features per pass, so one read of the row list and the pair
    /// serves both.
    private func accumulate(rowList: UnsafePointer<UInt32>?, firstRow: Int, count m: Int,
                            _ pairs: UnsafePointer<GradientPair>, features featureRange: Range<Int>,
                            into histogram: UnsafeMutablePointer<HistogramBin>) {
        let n = rows, constant = constantHessian
        var f = featureRange.lowerBound
        while f < featureRange.upperBound {
            let pairOfFeatures = f + 1 < featureRange.upperBound
            let c0 = bins + f * n, c1 = bins + (pairOfFeatures ? f + 1 : f) * n
            let h0 = histogram + f * stride, h1 = histogram + (pairOfFeatures ? f + 1 : f) * stride
            switch (rowList, constant, pairOfFeatures) {
            case (let list?, true, true):
                for k in 0..<m {
                    let r = Int(list[k]), g = Double(pairs[k].gradient)
                    let b0 = Int(c0[r]), b1 = Int(c1[r])
                    h0[b0].gradient += g; h0[b0].count += 1
                    h1[b1].gradient += g; h1[b1].count += 1
                }
            case (let list?, false, true):
                for k in 0..<m {
                    let r = Int(list[k]), g = Double(pairs[k].gradient), hs = Double(pairs[k].hessian)
                    let b0 = Int(c0[r]), b1 = Int(c1[r])
                    h0[b0].gradient += g; h0[b0].hessian += hs; h0[b0].count += 1
                    h1[b1].gradient += g; h1[b1].hessian += hs; h1[b1].count += 1
                }
            case (nil, true, true):
                let d0 = c0 + firstRow, d1 = c1 + firstRow
                for k in 0..<m {
                    let g = Double(pairs[k].gradient)
                    let b0 = Int(d0[k]), b1 = Int(d1[k])
                    h0[b0].gradient += g; h0[b0].count += 1
                    h1[b1].gradient += g; h1[b1].count += 1
                }
            case (nil, false, true):
                let d0 = c0 + firstRow, d1 = c1 + firstRow
                for k in 0..<m {
                    let g = Double(pairs[k].gradient), hs = Double(pairs[k].hessian)
                    let b0 = Int(d0[k]), b1 = Int(d1[k])
                    h0[b0].gradient += g; h0[b0].hessian += hs; h0[b0].count += 1
                    h1[b1].gradient += g; h1[b1].hessian += hs; h1[b1].count += 1
                }
            default:
                for k in 0..<m {
                    let r = rowList.map { Int($0[k]) } ?? firstRow + k
                    let b0 = Int(c0[r])
                    h0[b0].gradient += Double(pairs[k].gradient)
                    h0[b0].hessian += constant ? 0 : Double(pairs[k].hessian)
                    h0[b0].count += 1
                }
            }
            f += pairOfFeatures ? 2 : 1
        }
    }

    /// `parent -= child`, in place: the sibling's histogram by the subtraction trick.
    /// - Complexity: O(features × stride).
    func subtract(_ child: UnsafePointer<HistogramBin>, from parent: UnsafeMutablePointer<HistogramBin>) {
        for i in 0..<histogramSize {
            parent[i].gradient -= child[i].gradient
            parent[i].hessian -= child[i].hessian
            parent[i].count -= child[i].count
        }
    }

    /// Gradient, hessian and row sums of the node: the bins of feature 0 add up to them.
    func totals(_ histogram: UnsafePointer<HistogramBin>) -> HistogramBin {
        var total = HistogramBin()
        for b in 0..<stride {
            total.gradient += histogram[b].gradient
            total.hessian += histogram[b].hessian
            total.count += histogram[b].count
        }
        return total
    }
}
