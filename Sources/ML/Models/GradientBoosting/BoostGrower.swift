import Numeric

/// Grows one tree leaf-wise on binned data, reusing its buffers across trees.
final class BoostGrower {
    let rows: Int
    let features: Int
    let mapper: BinMapper
    let stride: Int
    let constantHessian: Bool
    let maxLeaves: Int
    let minSamplesLeaf: Int
    let l2: Double
    let learningRate: Double
    let finder: BoostSplitFinder
    static let minHessian = 1e-3

    /// Row indices, partitioned so that each node owns a contiguous range.
    let rowList: UnsafeMutablePointer<UInt32>
    let scratch: UnsafeMutablePointer<UInt32>
    let ordered: UnsafeMutablePointer<GradientPair>
    /// Per row part of a large partition: how many of its rows go left.
    let partLefts: UnsafeMutablePointer<Int>
    /// Histogram slots, allocated on demand: at most one per open leaf plus one being built.
    var histograms: [UnsafeMutablePointer<HistogramBin>] = []
    var freeSlots: [Int] = []

    init(rows: Int, features: Int, maxBins: Int, mapper: BinMapper, constantHessian: Bool,
         maxLeaves: Int, minSamplesLeaf: Int, l2: Double, learningRate: Double) {
        self.rows = rows
        self.features = features
        self.mapper = mapper
        stride = maxBins + 1
        self.constantHessian = constantHessian
        self.maxLeaves = maxLeaves
        self.minSamplesLeaf = minSamplesLeaf
        self.l2 = l2
        self.learningRate = learningRate
        finder = BoostSplitFinder(nonMissingBins: mapper.thresholds.map { $0.count + 1 }, hasMissing: mapper.hasMissing,
                                  stride: maxBins + 1, minSamplesLeaf: Double(minSamplesLeaf),
                                  minHessian: BoostGrower.minHessian, l2: l2)
        rowList = .allocate(capacity: Swift.max(1, rows))
        scratch = .allocate(capacity: Swift.max(1, rows))
        ordered = .allocate(capacity: Swift.max(1, rows))
        partLefts = .allocate(capacity: Swift.max(1, FixedChunks(count: rows, size: HistogramBuilder.parallelThreshold).count))
    }

    deinit {
        rowList.deallocate()
        scratch.deallocate()
        ordered.deallocate()
        partLefts.deallocate()
        for slot in histograms { slot.deallocate() }
    }

    private struct OpenLeaf {
        var node: Int
        var start: Int
        var end: Int
        var gradient: Double
        var hessian: Double
        var slot: Int
        var split: BoostSplit
    }

    private func slotPointer(_ slot: Int) -> UnsafeMutablePointer<HistogramBin> { histograms[slot] }

    private func takeSlot() -> Int {
        if let slot = freeSlots.popLast() { return slot }
        histograms.append(.allocate(capacity: features * stride))
        return histograms.count - 1
    }

    private func leafValue(_ gradient: Double, _ hessian: Double) -> Double {
        -gradient / (hessian + l2) * learningRate
    }

    /// Grows a tree for the gradient pairs (row order), appends it to `trees` and adds its
    /// leaf values to `raw`.
    func grow(bins: UnsafePointer<UInt8>, pairs: UnsafePointer<GradientPair>,
              raw: UnsafeMutablePointer<Double>, into trees: inout BoostTrees) {
        let n = rows
        let builder = HistogramBuilder(rows: n, features: features, bins: bins, stride: stride, constantHessian: constantHessian)
        for i in 0..<n { rowList[i] = UInt32(i) }
        freeSlots = Array((0..<histograms.count).reversed())

        // The root's histogram also gives its sums (any feature's bins add up to them).
        let rootSlot = takeSlot()
        builder.buildRoot(pairs, into: slotPointer(rootSlot))
        let rootTotals = builder.totals(slotPointer(rootSlot))
        let rootGradient = rootTotals.gradient, rootHessian = rootTotals.hessian

        let root = trees.appendLeaf(leafValue(rootGradient, rootHessian), rows: n)
        trees.roots.append(root)
        var finished: [(node: Int, start: Int, end: Int)] = []
        var open: [OpenLeaf] = []
        var leaves = 1

        if n >= 2 * minSamplesLeaf && rootHessian >= BoostGrower.minHessian {
            let slot = rootSlot
            let split = finder.best(slotPointer(slot), gradient: rootGradient, hessian: rootHessian, count: Double(n))
            if split.gain > 0 {
                open.append(OpenLeaf(node: root, start: 0, end: n, gradient: rootGradient, hessian: rootHessian, slot: slot, split: split))
            } else {
                freeSlots.append(slot)
                finished.append((root, 0, n))
            }
        } else {
            freeSlots.append(rootSlot)
            finished.append((root, 0, n))
        }

        while !open.isEmpty && leaves < maxLeaves {
            // The open leaf with the largest gain (the first on ties).
            var pick = 0
            for j in 1..<open.count where open[j].split.gain > open[pick].split.gain { pick = j }
            let parent = open.remove(at: pick)
            let split = parent.split
            let mid = partition(parent.start, parent.end, bins: bins, split: split)
            let leftCount = mid - parent.start, rightCount = parent.end - mid
            let gradientLeft = split.gradientLeft, hessianLeft = split.hessianLeft
            let gradientRight = parent.gradient - gradientLeft, hessianRight = parent.hessian - hessianLeft

            let f = split.feature
            let node = parent.node
            trees.feature[node] = Int32(f)
            trees.binThreshold[node] = UInt8(split.bin)
            // A split after the last non-missing bin separates NaN from everything else.
            trees.threshold[node] = split.bin < mapper.thresholds[f].count ? mapper.thresholds[f][split.bin] : .infinity
            // Without missing values in training, NaN at predict time follows the larger child.
            trees.missingLeft[node] = mapper.hasMissing[f] ? split.missingGoesLeft : leftCount > rightCount
            let leftNode = trees.appendLeaf(leafValue(gradientLeft, hessianLeft), rows: leftCount)
            let rightNode = trees.appendLeaf(leafValue(gradientRight, hessianRight), rows: rightCount)
            trees.left[node] = Int32(leftNode)
            trees.right[node] = Int32(rightNode)
            trees.value[node] = 0
            trees.gain[node] = split.gain
            leaves += 1

            var left = OpenLeaf(node: leftNode, start: parent.start, end: mid, gradient: gradientLeft, hessian: hessianLeft,
                                slot: -1, split: BoostSplit())
            var right = OpenLeaf(node: rightNode, start: mid, end: parent.end, gradient: gradientRight, hessian: hessianRight,
                                 slot: -1, split: BoostSplit())
            if leaves >= maxLeaves {
                freeSlots.append(parent.slot)
                finished.append((leftNode, left.start, left.end))
                finished.append((rightNode, right.start, right.end))
                break
            }
            let splitLeft = leftCount >= 2 * minSamplesLeaf, splitRight = rightCount >= 2 * minSamplesLeaf
            if splitLeft || splitRight {
                // Build the smaller child's histogram; the parent's slot becomes the larger child's.
                let smallIsLeft = leftCount < rightCount
                let small = smallIsLeft ? left : right
                let slot = takeSlot()
                let m = small.end - small.start
                builder.build(rowList: rowList + small.start, count: m, pairs: pairs, ordered: ordered,
                              into: slotPointer(slot))
                builder.subtract(slotPointer(slot), from: slotPointer(parent.slot))
                if smallIsLeft { left.slot = slot; right.slot = parent.slot } else { right.slot = slot; left.slot = parent.slot }
            } else {
                freeSlots.append(parent.slot)
            }
            for (child, canSplit) in [(left, splitLeft), (right, splitRight)] {
                var child = child
                if canSplit && child.hessian >= BoostGrower.minHessian {
                    child.split = finder.best(slotPointer(child.slot), gradient: child.gradient, hessian: child.hessian,
                                              count: Double(child.end - child.start))
                }
                if canSplit && child.split.gain > 0 {
                    open.append(child)
                } else {
                    if child.slot >= 0 { freeSlots.append(child.slot) }
                    finished.append((child.node, child.start, child.end))
                }
            }
        }
        for leaf in open {
            freeSlots.append(leaf.slot)
            finished.append((leaf.node, leaf.start, leaf.end))
        }
        // Each row is in one leaf, so the leaves can be added in any order.
        let leafValues = finished.map { trees.value[$0.node] }
        let list = rowList
        Parallelism.forEach(finished.count) { j in
            let leaf = finished[j], v = leafValues[j]
            for k in leaf.start..<leaf.end { raw[Int(list[k])] += v }
        }
    }

    /// Stable partition of `rowList[start..<end]`: rows going left first, each side in
    /// order. Large ranges are cut into fixed 16,384-row parts partitioned in parallel, then
    /// stitched (left₀ left₁ … right₀ right₁ …), which is the same order as one pass.
    private func partition(_ start: Int, _ end: Int, bins: UnsafePointer<UInt8>, split: BoostSplit) -> Int {
        let column = bins + split.feature * rows
        let threshold = UInt8(split.bin), missing = UInt8(mapper.missingBin), missingLeft = split.missingGoesLeft
        let list = rowList, spill = scratch
        // Lefts compacted in place from `lo`, rights to `spill[lo...]`; returns the left count.
        let pass = { (lo: Int, hi: Int) -> Int in
            // Branch-free: each row is written to both sides and only one cursor moves.
            var l = lo, r = lo
            for k in lo..<hi {
                let row = list[k]
                let b = column[Int(row)]
                let goLeft = b == missing ? missingLeft : b <= threshold
                list[l] = row
                spill[r] = row
                let step = goLeft ? 1 : 0
                l += step
                r += 1 - step
            }
            return l - lo
        }
        let m = end - start
        if m < HistogramBuilder.parallelThreshold {
            let lefts = pass(start, end)
            (list + start + lefts).update(from: spill + start, count: m - lefts)
            return start + lefts
        }
        let parts = FixedChunks(count: m, size: HistogramBuilder.parallelThreshold)
        let lefts = partLefts
        Parallelism.forEach(parts.count) { c in
            let r = parts[c]
            lefts[c] = pass(start + r.lowerBound, start + r.upperBound)
        }
        // Each part's lefts slide down next to the previous ones (overlapping, so a move),
        // then the rights follow in part order.
        var cursor = start + lefts[0]
        for c in 1..<parts.count {
            (list + cursor).update(from: list + start + parts[c].lowerBound, count: lefts[c])
            cursor += lefts[c]
        }
        let mid = cursor
        for c in 0..<parts.count {
            let r = parts[c], rights = r.count - lefts[c]
            (list + cursor).update(from: spill + start + r.lowerBound, count: rights)
            cursor += rights
        }
        return mid
    }
}
