import Dispatch
import Numeric

// Shared machinery of `tree` and `forest`: exact per-feature codes, the CART split search
// and the flat node arrays both models store.

// MARK: - Node arrays

/// One or more binary trees in flat arrays (structure of arrays, as scikit-learn's `Tree`).
///
/// An internal node `i` sends a row left when `x[feature[i]] <= threshold[i]` (NaN goes
/// right). A leaf has `feature[i] == -1` and `left[i]` is the index of its row in
/// `leafValues` (`valueWidth` values per leaf: class probabilities or one mean).
struct CARTNodes: Sendable, Equatable {
    var feature: [Int32] = []
    var threshold: [Double] = []
    var left: [Int32] = []
    var right: [Int32] = []
    var leafValues: [Double] = []
    var valueWidth: Int

    init(valueWidth: Int) { self.valueWidth = valueWidth }

    var nodeCount: Int { feature.count }
    var leafCount: Int { valueWidth == 0 ? 0 : leafValues.count / valueWidth }

    /// Appends `other`'s nodes, re-basing its indices; returns the index of its root.
    mutating func append(_ other: CARTNodes) -> Int {
        let nodeBase = Int32(feature.count), leafBase = Int32(leafCount)
        feature += other.feature
        threshold += other.threshold
        for i in 0..<other.nodeCount {
            if other.feature[i] < 0 {
                left.append(other.left[i] + leafBase)
                right.append(-1)
            } else {
                left.append(other.left[i] + nodeBase)
                right.append(other.right[i] + nodeBase)
            }
        }
        leafValues += other.leafValues
        return Int(nodeBase)
    }

    /// The leaf row reached by row `x` (a pointer to `p` values) from `root`.
    @inline(__always)
    func leaf(from root: Int, row x: UnsafePointer<Double>,
              _ feature: UnsafePointer<Int32>, _ threshold: UnsafePointer<Double>,
              _ left: UnsafePointer<Int32>, _ right: UnsafePointer<Int32>) -> Int {
        var node = root
        while true {
            let f = feature[node]
            if f < 0 { return Int(left[node]) }
            node = Int(x[Int(f)] <= threshold[node] ? left[node] : right[node])
        }
    }

    /// Adds `scale ×` the leaf values reached from each root in `roots` into `out`
    /// (`rows × valueWidth`, row-major). Rows are split into blocks run on all cores; each
    /// output row is written by one block, so the result does not depend on scheduling.
    /// - Complexity: O(rows × trees × depth).
    func accumulate(_ features: Tensor, roots: [Int], scale: Double, into out: inout [Double]) {
        let n = features.rows, p = features.columns, width = valueWidth
        guard n > 0 else { return }
        let blockSize = 2048
        let blocks = (n + blockSize - 1) / blockSize
        features.storage.withUnsafeBufferPointer { xb in
        feature.withUnsafeBufferPointer { fb in
        threshold.withUnsafeBufferPointer { tb in
        left.withUnsafeBufferPointer { lb in
        right.withUnsafeBufferPointer { rb in
        leafValues.withUnsafeBufferPointer { vb in
        out.withUnsafeMutableBufferPointer { ob in
            let x = xb.baseAddress!, f = fb.baseAddress!, t = tb.baseAddress!, l = lb.baseAddress!
            let r = rb.baseAddress!, v = vb.baseAddress!, o = ob.baseAddress!
            let work = { (block: Int) in
                let lo = block * blockSize, hi = Swift.min(n, lo + blockSize)
                for root in roots {
                    for i in lo..<hi {
                        let leaf = self.leaf(from: root, row: x + i * p, f, t, l, r)
                        let src = v + leaf * width, dst = o + i * width
                        for j in 0..<width { dst[j] += scale * src[j] }
                    }
                }
            }
            if blocks == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: blocks, execute: work) }
        }}}}}}}
    }

    func encode(into state: inout ModelState, prefix: String = "") {
        state.integers[prefix + "feature"] = feature.map { Int($0) }
        state.integers[prefix + "left"] = left.map { Int($0) }
        state.integers[prefix + "right"] = right.map { Int($0) }
        state.integers[prefix + "value_width"] = [valueWidth]
        state.arrays[prefix + "threshold"] = threshold
        state.arrays[prefix + "leaf_values"] = leafValues
    }

    /// Rebuilds and checks the arrays: every index in range, so prediction cannot trap on a
    /// damaged file. `featureCount` bounds the feature indices.
    init(state: ModelState, prefix: String = "", featureCount: Int) throws {
        valueWidth = try state.integer(prefix + "value_width")
        let feature = try state.integerArray(prefix + "feature")
        let left = try state.integerArray(prefix + "left"), right = try state.integerArray(prefix + "right")
        threshold = try state.array(prefix + "threshold")
        leafValues = try state.array(prefix + "leaf_values")
        let n = feature.count
        guard valueWidth >= 1, left.count == n, right.count == n, threshold.count == n,
              leafValues.count % valueWidth == 0 else {
            throw MLError.corruptModel("tree arrays have inconsistent sizes")
        }
        let leaves = leafValues.count / valueWidth
        for i in 0..<n {
            if feature[i] < 0 {
                guard feature[i] == -1, left[i] >= 0, left[i] < leaves else { throw MLError.corruptModel("tree leaf \(i) is out of range") }
            } else {
                // Children come after their parent, so a walk always ends at a leaf.
                guard feature[i] < featureCount, left[i] > i, left[i] < n, right[i] > i, right[i] < n else {
                    throw MLError.corruptModel("tree node \(i) is out of range")
                }
            }
        }
        self.feature = feature.map { Int32($0) }
        self.left = left.map { Int32($0) }
        self.right = right.map { Int32($0) }
    }
}

// MARK: - Shared checks and helpers

enum TreeSupport {
    /// Checks the task and the data shape common to the tree models.
    static func check(_ data: TrainingData, model: String, tasks: Set<Task>, allowNaN: Bool) throws {
        guard tasks.contains(data.task) else { throw MLError.unsupportedTask(model: model, task: data.task) }
        let n = data.rowCount, p = data.featureCount
        guard n > 0, p > 0, data.features.rank == 2 || p == 1 else {
            throw MLError.invalidData("\(model) needs at least one row and one feature column", hint: nil)
        }
        if data.task != .clustering {
            guard data.target.count == n else {
                throw MLError.invalidData("the target has \(data.target.count) values for \(n) rows", hint: nil)
            }
        }
        if data.task.isClassification {
            let k = data.classes.count
            guard k >= 2 else {
                throw MLError.invalidData("the target has a single class", hint: "a classifier needs at least two classes")
            }
            for y in data.target where !(y >= 0 && y < Double(k) && y == y.rounded()) {
                throw MLError.invalidData("class index \(y) is not in 0..<\(k)", hint: nil)
            }
        } else if data.task == .regression {
            for y in data.target where !y.isFinite {
                throw MLError.invalidData("the regression target has a missing or infinite value", hint: "drop or impute those rows")
            }
        }
        if !allowNaN {
            let column = data.features.storage.withUnsafeBufferPointer { x -> Int? in
                guard Kernels.containsNaN(x) else { return nil }
                for i in 0..<x.count where x[i].isNaN { return i % p }
                return nil
            }
            if let column {
                let name = column < data.featureNames.count ? data.featureNames[column] : "#\(column)"
                throw MLError.missingValues(column: name, model: model)
            }
        }
    }

    /// Throws unless `features` has `p` columns.
    static func checkColumns(_ features: Tensor, _ p: Int, model: String) throws {
        let columns = features.rank == 2 ? features.columns : (features.count == 0 ? p : 1)
        guard columns == p else {
            throw MLError.invalidData("\(model) was trained on \(p) feature columns, found \(columns)",
                                      hint: "predict with the same columns the model was trained on")
        }
    }

    /// Index of the first largest value of each row (as numpy's `argmax`).
    static func argmaxRows(_ values: [Double], width: Int) -> [Double] {
        let n = width == 0 ? 0 : values.count / width
        var out = [Double](repeating: 0, count: n)
        values.withUnsafeBufferPointer { v in
            for i in 0..<n {
                var best = 0, bestValue = v[i * width]
                for j in 1..<width where v[i * width + j] > bestValue { best = j; bestValue = v[i * width + j] }
                out[i] = Double(best)
            }
        }
        return out
    }

    static func taskName(_ state: ModelState) throws -> Task {
        guard let name = state.strings["task"]?.first, let task = Task(rawValue: name) else {
            throw MLError.corruptModel("missing task")
        }
        return task
    }

    /// A per-index generator seed: the user's seed and the index mixed by SplitMix64, so
    /// streams of neighbouring seeds and indices do not overlap.
    static func derivedSeed(_ seed: Int, _ index: Int) -> UInt64 {
        var z = UInt64(truncatingIfNeeded: seed) &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(truncatingIfNeeded: index) &+ 0x632B_E59B_D9B4_E019
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

// MARK: - Exact codes

/// Each feature value replaced by its rank among the feature's distinct values, so split
/// searches sort and count small integers instead of doubles. Splitting codes `≤ c` left
/// equals splitting values `≤ threshold` for any threshold between distinct values `c`
/// and `c + 1`.
struct ExactCodes: Sendable {
    let rows: Int
    let columns: Int
    /// Column-major `rows × columns`.
    let codes: [UInt32]
    /// Per feature, its sorted distinct values (−0 and +0 count as one).
    let distinct: [[Double]]

    /// - Complexity: O(columns × rows log rows), columns sorted concurrently.
    init(_ features: Tensor) {
        let n = features.rows, p = features.columns
        rows = n
        columns = p
        var codes = [UInt32](repeating: 0, count: n * p)
        var distinct = [[Double]](repeating: [], count: p)
        features.storage.withUnsafeBufferPointer { xb in
        codes.withUnsafeMutableBufferPointer { cb in
        distinct.withUnsafeMutableBufferPointer { db in
            let x = xb.baseAddress!, c = cb.baseAddress!, d = db.baseAddress!
            DispatchQueue.concurrentPerform(iterations: p) { j in
                // Order-preserving integer keys for the doubles, sorted with the row in the low bits.
                var keys = [UInt64](repeating: 0, count: n)
                var rowsSorted = [UInt32](repeating: 0, count: n)
                var pairs = [(UInt64, UInt32)]()
                pairs.reserveCapacity(n)
                for i in 0..<n {
                    var v = x[i * p + j]
                    if v == 0 { v = 0 }  // −0 → +0
                    let bits = v.bitPattern
                    let key = bits >> 63 == 1 ? ~bits : bits | (1 << 63)
                    pairs.append((key, UInt32(i)))
                }
                pairs.sort { $0.0 < $1.0 }
                for i in 0..<n { keys[i] = pairs[i].0; rowsSorted[i] = pairs[i].1 }
                var values = [Double]()
                var code: UInt32 = 0
                let column = c + j * n
                for i in 0..<n {
                    if i > 0 && keys[i] != keys[i - 1] { code += 1 }
                    if i == 0 || keys[i] != keys[i - 1] {
                        let v = x[Int(rowsSorted[i]) * p + j]
                        values.append(v == 0 ? 0 : v)
                    }
                    column[Int(rowsSorted[i])] = code
                }
                (d + j).pointee = values
            }
        }}}
        self.codes = codes
        self.distinct = distinct
    }
}

// MARK: - CART

enum SplitCriterion: String, Sendable {
    case gini, entropy
    case squaredError = "squared_error"

    var isClassification: Bool { self != .squaredError }
}

struct CARTSettings: Sendable {
    var maxDepth: Int
    var minSamplesLeaf: Int
    var criterion: SplitCriterion
    /// How many non-constant features to examine per split; `columns` for all.
    var maxFeatures: Int
}

/// Builds one CART tree, depth first, as scikit-learn's `DepthFirstTreeBuilder` with the
/// `best` splitter: at each node every candidate feature is scanned over its sorted
/// distinct values and the split with the best impurity decrease wins (the first one on
/// ties, in feature-visit order). Thresholds are midpoints between adjacent distinct
/// values of the node, as scikit-learn's.
///
/// Per node and feature the scan uses a counting pass over the codes when the feature has
/// few distinct values relative to the node's size, and otherwise sorts the node's
/// (code, row) keys (radix sort for large nodes). All scratch memory is allocated once
/// per tree.
/// - Complexity: O(depth × n × features) with counting, O(n log n) per node-feature with sorting.
final class CARTBuilder {
    let n: Int, p: Int
    let codes: UnsafePointer<UInt32>
    let distinct: [[Double]]
    let distinctCounts: [Int]
    let classCount: Int
    let classes: UnsafePointer<Int32>?
    let targets: UnsafePointer<Double>?
    let settings: CARTSettings

    /// Rows in the tree's sample (each once); nodes own contiguous ranges of it.
    let samples: UnsafeMutablePointer<Int32>
    let sampleCount: Int
    /// Weight of each row (bootstrap counts in a forest, 1 in a tree), length n.
    let weights: UnsafePointer<Double>

    // Scratch.
    let keys: UnsafeMutablePointer<UInt64>
    let keysTemp: UnsafeMutablePointer<UInt64>
    let histCapacity: Int
    let histCount: UnsafeMutablePointer<Int32>
    let histValues: UnsafeMutablePointer<Double>   // histCapacity × width
    let histWeight: UnsafeMutablePointer<Double>   // regression: weight per bin
    let width: Int                                  // classes, or 1 for regression
    let nodeTotals: UnsafeMutablePointer<Double>    // width (class weights or Σwy)
    let leftTotals: UnsafeMutablePointer<Double>
    let featureOrder: UnsafeMutablePointer<Int>

    init(n: Int, p: Int, codes: UnsafePointer<UInt32>, distinct: [[Double]], classCount: Int,
         classes: UnsafePointer<Int32>?, targets: UnsafePointer<Double>?, settings: CARTSettings,
         samples: [Int32], weights: UnsafePointer<Double>) {
        self.n = n
        self.p = p
        self.codes = codes
        self.distinct = distinct
        self.distinctCounts = distinct.map(\.count)
        self.classCount = classCount
        self.classes = classes
        self.targets = targets
        self.settings = settings
        self.weights = weights
        sampleCount = samples.count
        let sampleBuffer = UnsafeMutablePointer<Int32>.allocate(capacity: Swift.max(1, samples.count))
        samples.withUnsafeBufferPointer { sampleBuffer.initialize(from: $0.baseAddress!, count: samples.count) }
        self.samples = sampleBuffer
        keys = .allocate(capacity: Swift.max(1, samples.count))
        keysTemp = .allocate(capacity: Swift.max(1, samples.count))
        width = settings.criterion.isClassification ? classCount : 1
        // Counting is used only when a feature's distinct count is within a small multiple
        // of the node size, so the histogram never needs more bins than that multiple of n.
        let maxDistinct = distinctCounts.max() ?? 1
        histCapacity = Swift.max(1, Swift.min(maxDistinct, CARTBuilder.countingFactor * samples.count))
        histCount = .allocate(capacity: histCapacity)
        histValues = .allocate(capacity: histCapacity * width)
        histWeight = .allocate(capacity: histCapacity)
        nodeTotals = .allocate(capacity: width)
        leftTotals = .allocate(capacity: width)
        featureOrder = .allocate(capacity: p)
    }

    deinit {
        samples.deallocate()
        keys.deallocate()
        keysTemp.deallocate()
        histCount.deallocate()
        histValues.deallocate()
        histWeight.deallocate()
        nodeTotals.deallocate()
        leftTotals.deallocate()
        featureOrder.deallocate()
    }

    /// Counting beats sorting while distinct values ≤ this × node size.
    static let countingFactor = 2

    private struct Pending { var start: Int; var end: Int; var depth: Int; var parent: Int; var isLeft: Bool }

    private struct Split {
        var feature = -1
        var code: UInt32 = 0        // codes ≤ this go left
        var nextCode: UInt32 = 0    // the smallest code on the right
        var proxy = -Double.infinity
    }

    /// Grows the tree. `random` draws the feature order when `maxFeatures < p`.
    func build(random: inout RandomGenerator) -> CARTNodes {
        var nodes = CARTNodes(valueWidth: width)
        var stack = [Pending(start: 0, end: sampleCount, depth: 0, parent: -1, isLeft: false)]
        let minLeaf = settings.minSamplesLeaf
        while let job = stack.popLast() {
            let id = nodes.nodeCount
            if job.parent >= 0 {
                if job.isLeft { nodes.left[job.parent] = Int32(id) } else { nodes.right[job.parent] = Int32(id) }
            }
            let m = job.end - job.start
            let (totalWeight, impurity) = nodeStatistics(job.start, job.end)
            var isLeaf = job.depth >= settings.maxDepth || m < 2 || m < 2 * minLeaf || impurity <= Double.ulpOfOne
            var split = Split()
            if !isLeaf {
                split = bestSplit(job.start, job.end, totalWeight: totalWeight, random: &random)
                isLeaf = split.feature < 0
            }
            if isLeaf {
                nodes.feature.append(-1)
                nodes.threshold.append(0)
                nodes.left.append(Int32(nodes.leafCount))
                nodes.right.append(-1)
                if settings.criterion.isClassification {
                    for c in 0..<width { nodes.leafValues.append(nodeTotals[c] / totalWeight) }
                } else {
                    nodes.leafValues.append(nodeTotals[0] / totalWeight)
                }
                continue
            }
            let values = distinct[split.feature]
            let a = values[Int(split.code)], b = values[Int(split.nextCode)]
            var threshold = a / 2 + b / 2
            if threshold == b || !threshold.isFinite { threshold = a }
            nodes.feature.append(Int32(split.feature))
            nodes.threshold.append(threshold)
            nodes.left.append(-1)
            nodes.right.append(-1)
            let mid = partition(job.start, job.end, feature: split.feature, code: split.code)
            stack.append(Pending(start: mid, end: job.end, depth: job.depth + 1, parent: id, isLeft: false))
            stack.append(Pending(start: job.start, end: mid, depth: job.depth + 1, parent: id, isLeft: true))
        }
        return nodes
    }

    /// Fills `nodeTotals`; returns the node's weight and impurity.
    private func nodeStatistics(_ start: Int, _ end: Int) -> (Double, Double) {
        let w = weights
        var total = 0.0
        for c in 0..<width { nodeTotals[c] = 0 }
        if let classes {
            for i in start..<end {
                let r = Int(samples[i])
                nodeTotals[Int(classes[r])] += w[r]
                total += w[r]
            }
            var impurity = 0.0
            if settings.criterion == .gini {
                var squares = 0.0
                for c in 0..<width { squares += nodeTotals[c] * nodeTotals[c] }
                impurity = 1 - squares / (total * total)
            } else {
                for c in 0..<width where nodeTotals[c] > 0 {
                    let q = nodeTotals[c] / total
                    impurity -= q * log2(q)
                }
            }
            return (total, impurity)
        }
        let y = targets!
        var sum = 0.0, squares = 0.0
        for i in start..<end {
            let r = Int(samples[i])
            sum += w[r] * y[r]
            squares += w[r] * y[r] * y[r]
            total += w[r]
        }
        nodeTotals[0] = sum
        let mean = sum / total
        return (total, squares / total - mean * mean)
    }

    private func bestSplit(_ start: Int, _ end: Int, totalWeight: Double, random: inout RandomGenerator) -> Split {
        var best = Split()
        let m = end - start
        for f in 0..<p { featureOrder[f] = f }
        let sampled = settings.maxFeatures < p
        var drawn = 0, visitedNonConstant = 0
        while drawn < p && visitedNonConstant < settings.maxFeatures {
            if sampled {
                let j = drawn + random.integer(below: p - drawn)
                let t = featureOrder[drawn]; featureOrder[drawn] = featureOrder[j]; featureOrder[j] = t
            }
            let f = featureOrder[drawn]
            drawn += 1
            let u = distinctCounts[f]
            if u <= 1 { continue }
            let constant: Bool
            if u <= CARTBuilder.countingFactor * m && u <= histCapacity {
                constant = scanCounting(start, end, feature: f, distinct: u, totalWeight: totalWeight, best: &best)
            } else {
                constant = scanSorted(start, end, feature: f, distinct: u, totalWeight: totalWeight, best: &best)
            }
            if !constant { visitedNonConstant += 1 }
        }
        return best
    }

    // MARK: Scans

    /// Classification proxy for a candidate (larger is better): Σ_c wL_c²/wL + Σ_c wR_c²/wR for
    /// gini, −(wL·H_L + wR·H_R) for entropy (natural log; the argmax is the same as log₂).
    @inline(__always)
    private func classProxy(leftWeight: Double, rightWeight: Double, leftSquares: Double, rightSquares: Double) -> Double {
        if settings.criterion == .gini {
            return leftSquares / leftWeight + rightSquares / rightWeight
        }
        var value = 0.0
        for c in 0..<width {
            let l = leftTotals[c], r = nodeTotals[c] - l
            if l > 0 { value += l * log(l) }
            if r > 0 { value += r * log(r) }
        }
        return value - leftWeight * log(leftWeight) - rightWeight * log(rightWeight)
    }

    /// Returns true when the feature is constant in the node.
    private func scanCounting(_ start: Int, _ end: Int, feature f: Int, distinct u: Int, totalWeight: Double, best: inout Split) -> Bool {
        let column = codes + f * n, w = weights
        let m = end - start, minLeaf = settings.minSamplesLeaf
        histCount.update(repeating: 0, count: u)
        if let classes {
            histValues.update(repeating: 0, count: u * width)
            for i in start..<end {
                let r = Int(samples[i])
                let b = Int(column[r])
                histCount[b] += 1
                histValues[b * width + Int(classes[r])] += w[r]
            }
            var rightSquares = 0.0
            for c in 0..<width { leftTotals[c] = 0; rightSquares += nodeTotals[c] * nodeTotals[c] }
            var leftSquares = 0.0, leftWeight = 0.0, leftCount = 0, previous = -1, bins = 0
            for b in 0..<u where histCount[b] > 0 {
                bins += 1
                if previous >= 0 && leftCount >= minLeaf {
                    if m - leftCount < minLeaf { break }
                    let proxy = classProxy(leftWeight: leftWeight, rightWeight: totalWeight - leftWeight,
                                           leftSquares: leftSquares, rightSquares: rightSquares)
                    if proxy > best.proxy { best = Split(feature: f, code: UInt32(previous), nextCode: UInt32(b), proxy: proxy) }
                }
                let row = histValues + b * width
                for c in 0..<width {
                    let add = row[c]
                    if add != 0 {
                        let l = leftTotals[c], r = nodeTotals[c] - l
                        leftSquares += add * (2 * l + add)
                        rightSquares += add * (add - 2 * r)
                        leftTotals[c] = l + add
                        leftWeight += add
                    }
                }
                leftCount += Int(histCount[b])
                previous = b
            }
            return bins <= 1
        }
        let y = targets!
        histValues.update(repeating: 0, count: u)
        histWeight.update(repeating: 0, count: u)
        for i in start..<end {
            let r = Int(samples[i])
            let b = Int(column[r])
            histCount[b] += 1
            histValues[b] += w[r] * y[r]
            histWeight[b] += w[r]
        }
        let total = nodeTotals[0]
        var leftSum = 0.0, leftWeight = 0.0, leftCount = 0, previous = -1, bins = 0
        for b in 0..<u where histCount[b] > 0 {
            bins += 1
            if previous >= 0 && leftCount >= minLeaf {
                if m - leftCount < minLeaf { break }
                let rightSum = total - leftSum
                let proxy = leftSum * leftSum / leftWeight + rightSum * rightSum / (totalWeight - leftWeight)
                if proxy > best.proxy { best = Split(feature: f, code: UInt32(previous), nextCode: UInt32(b), proxy: proxy) }
            }
            leftSum += histValues[b]
            leftWeight += histWeight[b]
            leftCount += Int(histCount[b])
            previous = b
        }
        return bins <= 1
    }

    private func scanSorted(_ start: Int, _ end: Int, feature f: Int, distinct u: Int, totalWeight: Double, best: inout Split) -> Bool {
        let column = codes + f * n, w = weights
        let m = end - start, minLeaf = settings.minSamplesLeaf
        var lowest = UInt32.max, highest: UInt32 = 0
        for i in 0..<m {
            let r = samples[start + i]
            let code = column[Int(r)]
            lowest = Swift.min(lowest, code)
            highest = Swift.max(highest, code)
            keys[i] = UInt64(code) << 32 | UInt64(UInt32(bitPattern: r))
        }
        if lowest == highest { return true }
        sortKeys(m, span: highest - lowest, base: lowest)
        if let classes {
            var rightSquares = 0.0
            for c in 0..<width { leftTotals[c] = 0; rightSquares += nodeTotals[c] * nodeTotals[c] }
            var leftSquares = 0.0, leftWeight = 0.0
            var previous = UInt32(keys[0] >> 32)
            for i in 0..<m {
                let key = keys[i]
                let code = UInt32(key >> 32)
                if code != previous {
                    if i >= minLeaf {
                        if m - i < minLeaf { break }
                        let proxy = classProxy(leftWeight: leftWeight, rightWeight: totalWeight - leftWeight,
                                               leftSquares: leftSquares, rightSquares: rightSquares)
                        if proxy > best.proxy { best = Split(feature: f, code: previous, nextCode: code, proxy: proxy) }
                    }
                    previous = code
                }
                let r = Int(key & 0xFFFF_FFFF)
                let c = Int(classes[r]), add = w[r]
                let l = leftTotals[c], rt = nodeTotals[c] - l
                leftSquares += add * (2 * l + add)
                rightSquares += add * (add - 2 * rt)
                leftTotals[c] = l + add
                leftWeight += add
            }
            return false
        }
        let y = targets!
        let total = nodeTotals[0]
        var leftSum = 0.0, leftWeight = 0.0
        var previous = UInt32(keys[0] >> 32)
        for i in 0..<m {
            let key = keys[i]
            let code = UInt32(key >> 32)
            if code != previous {
                if i >= minLeaf {
                    if m - i < minLeaf { break }
                    let rightSum = total - leftSum
                    let proxy = leftSum * leftSum / leftWeight + rightSum * rightSum / (totalWeight - leftWeight)
                    if proxy > best.proxy { best = Split(feature: f, code: previous, nextCode: code, proxy: proxy) }
                }
                previous = code
            }
            let r = Int(key & 0xFFFF_FFFF)
            leftSum += w[r] * y[r]
            leftWeight += w[r]
        }
        return false
    }

    /// Sorts `keys[0..<m]` by their high 32 bits (codes in `base...base+span`): insertion
    /// sort when tiny, the standard sort when small, LSD radix (11-bit digits) otherwise.
    private func sortKeys(_ m: Int, span: UInt32, base: UInt32) {
        if m <= 32 {
            for i in 1..<Swift.max(1, m) {
                let key = keys[i]
                var j = i - 1
                while j >= 0 && keys[j] > key { keys[j + 1] = keys[j]; j -= 1 }
                keys[j + 1] = key
            }
            return
        }
        if m <= 512 {
            var buffer = UnsafeMutableBufferPointer(start: keys, count: m)
            buffer.sort()
            return
        }
        // Radix on (code − base); the row bits below stay in their input order (stable).
        let bits = span == 0 ? 1 : 32 - span.leadingZeroBitCount
        let passes = (bits + 10) / 11
        var source = keys, target = keysTemp
        var counts = [Int](repeating: 0, count: 2048)
        counts.withUnsafeMutableBufferPointer { cb in
            let count = cb.baseAddress!
            for pass in 0..<passes {
                let shift = UInt64(32 + 11 * pass)
                let baseShifted = UInt64(base) << 32
                count.update(repeating: 0, count: 2048)
                for i in 0..<m { count[Int(((source[i] &- baseShifted) >> shift) & 2047)] += 1 }
                var offset = 0
                for d in 0..<2048 { let c = count[d]; count[d] = offset; offset += c }
                for i in 0..<m {
                    let key = source[i]
                    let d = Int(((key &- baseShifted) >> shift) & 2047)
                    target[count[d]] = key
                    count[d] += 1
                }
                swap(&source, &target)
            }
        }
        if source != keys { keys.update(from: source, count: m) }
    }

    /// Moves rows with code ≤ `code` in `feature` to the front; returns the boundary.
    private func partition(_ start: Int, _ end: Int, feature f: Int, code: UInt32) -> Int {
        let column = codes + f * n
        var i = start, j = end - 1
        while i <= j {
            if column[Int(samples[i])] <= code {
                i += 1
            } else {
                let t = samples[i]; samples[i] = samples[j]; samples[j] = t
                j -= 1
            }
        }
        return i
    }
}

#if canImport(Glibc)
import Glibc
#endif
