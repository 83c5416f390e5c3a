import Dispatch

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
/// from the column-major binned matrix. Rows of a node are visited in the order of the
/// node's row list; large nodes are cut into two halves fixed by their size, so the sums
/// (and the model) do not depend on threads or scheduling.
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
    func buildRoot(_ pairs: UnsafePointer<GradientPair>, into histogram: UnsafeMutablePointer<HistogramBin>,
                   spare: UnsafeMutablePointer<HistogramBin>) {
        build(rowList: nil, count: rows, pairs: pairs, ordered: nil, into: histogram, spare: spare)
    }

    /// The histogram of the rows `rowList[0..<m]` (or of rows `0..<m` when `rowList` is nil).
    /// Their gradient pairs are first gathered into `ordered` in list order, so the
    /// accumulation reads them sequentially.
    ///
    /// Large nodes are split into two fixed halves of the list, accumulated on both cores
    /// (the second into `spare`) and added; the split depends on `m` only, so the sums do
    /// not depend on scheduling. - Complexity: O(m × features).
    func build(rowList: UnsafePointer<UInt32>?, count m: Int, pairs: UnsafePointer<GradientPair>,
               ordered: UnsafeMutablePointer<GradientPair>?, into histogram: UnsafeMutablePointer<HistogramBin>,
               spare: UnsafeMutablePointer<HistogramBin>) {
        let work = { (lo: Int, hi: Int, target: UnsafeMutablePointer<HistogramBin>) in
            target.update(repeating: HistogramBin(), count: self.histogramSize)
            if let list = rowList, let ordered {
                for k in lo..<hi { ordered[k] = pairs[Int(list[k])] }
                self.accumulate(rowList: list + lo, firstRow: 0, count: hi - lo, ordered + lo, into: target)
            } else {
                self.accumulate(rowList: nil, firstRow: lo, count: hi - lo, pairs + lo, into: target)
            }
        }
        if m < HistogramBuilder.parallelThreshold {
            work(0, m, histogram)
        } else {
            let half = m / 2
            DispatchQueue.concurrentPerform(iterations: 2) { part in
                if part == 0 { work(0, half, histogram) } else { work(half, m, spare) }
            }
            for i in 0..<histogramSize {
                histogram[i].gradient += spare[i].gradient
                histogram[i].hessian += spare[i].hessian
                histogram[i].count += spare[i].count
            }
        }
        if constantHessian {
            for i in 0..<histogramSize { histogram[i].hessian = histogram[i].count }
        }
    }

    /// Adds `m` rows to `histogram`: row `rowList[k]` (or `firstRow + k`) with pair `pairs[k]`.
    /// Two features per pass, so one read of the row list and the pair serves both.
    private func accumulate(rowList: UnsafePointer<UInt32>?, firstRow: Int, count m: Int,
                            _ pairs: UnsafePointer<GradientPair>, into histogram: UnsafeMutablePointer<HistogramBin>) {
        let n = rows, constant = constantHessian
        var f = 0
        while f < features {
            let pairOfFeatures = f + 1 < features
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
