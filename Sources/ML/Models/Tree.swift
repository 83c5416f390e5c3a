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
    /// Per node, the weighted impurity decrease of its split, w·I − w_L·I_L − w_R·I_R (0 at a
    /// leaf), for impurity importance; empty in model files saved before it was stored.
    var splitGain: [Double] = []
    /// Per node, the training weight that reached it (scikit-learn's `weighted_n_node_samples`),
    /// for TreeSHAP; empty in model files saved before it was stored.
    var cover: [Double] = []

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
        if splitGain.count == Int(nodeBase) && other.splitGain.count == other.nodeCount {
            splitGain += other.splitGain
        } else {
            splitGain = []
        }
        if cover.count == Int(nodeBase) && other.cover.count == other.nodeCount {
            cover += other.cover
        } else {
            cover = []
        }
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
    /// (`rows × valueWidth`, row-major). Rows are split into fixed 2,048-row blocks run on
    /// `Parallelism.workers` threads; each
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
            Parallelism.forEach(blocks, work)
        }}}}}}}
    }

    func encode(into state: inout ModelState, prefix: String = "") {
        state.integers[prefix + "feature"] = feature.map { Int($0) }
        state.integers[prefix + "left"] = left.map { Int($0) }
        state.integers[prefix + "right"] = right.map { Int($0) }
        state.integers[prefix + "value_width"] = [valueWidth]
        state.arrays[prefix + "threshold"] = threshold
        state.arrays[prefix + "leaf_values"] = leafValues
        if !splitGain.isEmpty { state.arrays[prefix + "split_gain"] = splitGain }
        if !cover.isEmpty { state.arrays[prefix + "cover"] = cover }
    }

    /// scikit-learn's `feature_importances_`: each tree's impurity decreases summed per
    /// feature and normalized to sum 1, averaged over the trees that split (in tree order),
    /// normalized again. All zeros when no tree splits; nil without stored split gains.
    func impurityImportances(roots: [Int], featureCount p: Int) -> [Double]? {
        guard splitGain.count == nodeCount, !roots.isEmpty else { return nil }
        var total = [Double](repeating: 0, count: p)
        var trees = 0
        for (t, root) in roots.enumerated() {
            let end = t + 1 < roots.count ? roots[t + 1] : nodeCount
            guard end - root > 1 else { continue }
            var tree = [Double](repeating: 0, count: p)
            for i in root..<end where feature[i] >= 0 { tree[Int(feature[i])] += splitGain[i] }
            let sum = tree.reduce(0, +)
            if sum > 0 { for j in 0..<p { tree[j] /= sum } }
            for j in 0..<p { total[j] += tree[j] }
            trees += 1
        }
        guard trees > 0 else { return total }
        for j in 0..<p { total[j] /= Double(trees) }
        let sum = total.reduce(0, +)
        if sum > 0 { for j in 0..<p { total[j] /= sum } }
        return total
    }

    /// Rebuilds and checks the arrays: every index in range, so prediction cannot trap on a
    /// damaged file. `featureCount` bounds the feature indices.
    init(state: ModelState, prefix: String = "", featureCount: Int) throws {
        valueWidth = try state.integer(prefix + "value_width")
        let feature = try state.integerArray(prefix + "feature")
        let left = try state.integerArray(prefix + "left"), right = try state.integerArray(prefix + "right")
        threshold = try state.array(prefix + "threshold")
        leafValues = try state.array(prefix + "leaf_values")
        splitGain = state.arrays[prefix + "split_gain"] ?? []
        let n = feature.count
        guard splitGain.isEmpty || splitGain.count == n else { throw MLError.corruptModel("tree split gains do not match the nodes") }
        cover = state.arrays[prefix + "cover"] ?? []
        guard cover.isEmpty || (cover.count == n && cover.allSatisfy({ $0 > 0 && $0.isFinite })) else {
            throw MLError.corruptModel("tree covers do not match the nodes")
        }
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
/// searches compare small integers instead of doubles, plus each feature's rows in sorted
/// order. Splitting codes `≤ c` left equals splitting values `≤ threshold` for any
/// threshold between the largest value of code `c` and the smallest of code `c + 1`.
///
/// Codes are exact in double precision. (scikit-learn fits trees on a float32 copy, so
/// values closer than single precision — large timestamps a few seconds apart — look equal
/// to it; here they stay distinct. Thresholds can then differ from scikit-learn's in the
/// last float32 digits.)
struct ExactCodes: Sendable {
    let rows: Int
    let columns: Int
    /// Column-major `rows × columns`.
    let codes: [UInt32]
    /// Column-major: per feature, the rows in increasing code order (ties by row).
    let order: [UInt32]
    /// Per feature and code, the smallest and the largest value with that code (one value
    /// per code today; kept as a range so codes could group values).
    let lowest: [[Double]]
    let highest: [[Double]]

    /// - Complexity: O(columns × rows log rows), columns sorted concurrently.
    init(_ features: Tensor) {
        let n = features.rows, p = features.columns
        rows = n
        columns = p
        var codes = [UInt32](repeating: 0, count: n * p)
        var order = [UInt32](repeating: 0, count: n * p)
        var lowest = [[Double]](repeating: [], count: p), highest = lowest
        features.storage.withUnsafeBufferPointer { xb in
        codes.withUnsafeMutableBufferPointer { cb in
        order.withUnsafeMutableBufferPointer { ob in
        lowest.withUnsafeMutableBufferPointer { lb in
        highest.withUnsafeMutableBufferPointer { hb in
            let x = xb.baseAddress!, c = cb.baseAddress!, o = ob.baseAddress!
            let low = lb.baseAddress!, high = hb.baseAddress!
            Parallelism.forEach(p) { j in
                // Order-preserving integer keys for the doubles, sorted with the row as tie-break.
                var pairs = [(UInt64, UInt32)]()
                pairs.reserveCapacity(n)
                for i in 0..<n {
                    var v = x[i * p + j]
                    if v == 0 { v = 0 }  // −0 → +0
                    let bits = v.bitPattern
                    let key = bits >> 63 == 1 ? ~bits : bits | (1 << 63)
                    pairs.append((key, UInt32(i)))
                }
                pairs.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
                var lows = [Double](), highs = [Double]()
                var code: UInt32 = 0
                let column = c + j * n, sorted = o + j * n
                for i in 0..<n {
                    let row = Int(pairs[i].1)
                    var v = x[row * p + j]
                    if v == 0 { v = 0 }
                    if i == 0 {
                        lows.append(v); highs.append(v)
                    } else if pairs[i].0 != pairs[i - 1].0 {
                        code += 1
                        lows.append(v); highs.append(v)
                    }
                    column[row] = code
                    sorted[i] = UInt32(row)
                }
                low[j] = lows
                high[j] = highs
            }
        }}}}}
        self.codes = codes
        self.order = order
        self.lowest = lowest
        self.highest = highest
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
/// `best` splitter: at each node the candidate features are scanned over their sorted
/// distinct values and the split with the best impurity decrease wins (the first one on
/// ties, in feature-visit order). Thresholds are midpoints between adjacent distinct
/// values of the node, as scikit-learn's.
///
/// Presorted: every feature keeps the sample's rows in value order, and a node owns the
/// same contiguous range in each feature's list. A scan is one pass over that range (no
/// sorting); a split partitions every list stably. All memory is allocated once per tree.
/// - Complexity: O(depth × n × features).
final class CARTBuilder {
    let n: Int, p: Int
    let codes: UnsafePointer<UInt32>
    let exact: ExactCodes
    let classCount: Int
    let classes: UnsafePointer<Int32>?
    let targets: UnsafePointer<Double>?
    let settings: CARTSettings
    /// Weight of each row (bootstrap counts in a forest, 1 in a tree), length n.
    let weights: UnsafePointer<Double>

    /// Rows in the tree's sample (each once).
    let sampleCount: Int
    /// Feature-major `p × sampleCount`: each feature's sample rows in code order; node
    /// ranges are the same in every feature's list.
    let sorted: UnsafeMutablePointer<UInt32>
    let spill: UnsafeMutablePointer<UInt32>
    /// Per row: 1 when the current split sends it left.
    let goesLeft: UnsafeMutablePointer<UInt8>
    let width: Int                                  // classes, or 1 for regression
    let nodeTotals: UnsafeMutablePointer<Double>    // width (class weights or Σwy)
    let leftTotals: UnsafeMutablePointer<Double>
    let featureOrder: UnsafeMutablePointer<Int>

    /// `order` is `ExactCodes.order`; the sample is the rows with a positive weight.
    init(n: Int, p: Int, codes: UnsafePointer<UInt32>, order: UnsafePointer<UInt32>, exact: ExactCodes, classCount: Int,
         classes: UnsafePointer<Int32>?, targets: UnsafePointer<Double>?, settings: CARTSettings,
         weights: UnsafePointer<Double>) {
        self.n = n
        self.p = p
        self.codes = codes
        self.exact = exact
        self.classCount = classCount
        self.classes = classes
        self.targets = targets
        self.settings = settings
        self.weights = weights
        var m = 0
        for r in 0..<n where weights[r] > 0 { m += 1 }
        sampleCount = m
        // One spare slot: the branch-free filter below writes before it decides to keep.
        let lists = UnsafeMutablePointer<UInt32>.allocate(capacity: p * m + 1)
        for f in 0..<p {
            let source = order + f * n, target = lists + f * m
            var j = 0
            for i in 0..<n {
                let r = source[i]
                target[j] = r
                j &+= weights[Int(r)] > 0 ? 1 : 0
            }
        }
        sorted = lists
        spill = .allocate(capacity: Swift.max(1, m))
        goesLeft = .allocate(capacity: Swift.max(1, n))
        width = settings.criterion.isClassification ? classCount : 1
        nodeTotals = .allocate(capacity: width)
        leftTotals = .allocate(capacity: width)
        featureOrder = .allocate(capacity: p)
    }

    deinit {
        sorted.deallocate()
        spill.deallocate()
        goesLeft.deallocate()
        nodeTotals.deallocate()
        leftTotals.deallocate()
        featureOrder.deallocate()
    }

    private struct Pending { var start: Int; var end: Int; var depth: Int; var parent: Int; var isLeft: Bool }

    private struct Split {
        var feature = -1
        var position = 0            // rows [start, position) of the feature's list go left
        var code: UInt32 = 0        // codes ≤ this go left
        var nextCode: UInt32 = 0    // the smallest code on the right
        var proxy = -Double.infinity
    }

    /// Grows the tree. `random` draws the order in which features are visited.
    func build(random: inout RandomGenerator) -> CARTNodes {
        var nodes = CARTNodes(valueWidth: width)
        // Each node's weight × impurity, for the split gains.
        var weightedImpurity: [Double] = []
        var stack = [Pending(start: 0, end: sampleCount, depth: 0, parent: -1, isLeft: false)]
        let minLeaf = settings.minSamplesLeaf
        while let job = stack.popLast() {
            let id = nodes.nodeCount
            if job.parent >= 0 {
                if job.isLeft { nodes.left[job.parent] = Int32(id) } else { nodes.right[job.parent] = Int32(id) }
            }
            let m = job.end - job.start
            let (totalWeight, impurity) = nodeStatistics(job.start, job.end)
            weightedImpurity.append(totalWeight * impurity)
            nodes.cover.append(totalWeight)
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
            // The next code present in the node may skip codes absent from it.
            let a = exact.highest[split.feature][Int(split.code)], b = exact.lowest[split.feature][Int(split.nextCode)]
            var threshold = a / 2 + b / 2
            if threshold == b || !threshold.isFinite { threshold = a }
            nodes.feature.append(Int32(split.feature))
            nodes.threshold.append(threshold)
            nodes.left.append(-1)
            nodes.right.append(-1)
            partition(job.start, job.end, split: split)
            let mid = split.position
            stack.append(Pending(start: mid, end: job.end, depth: job.depth + 1, parent: id, isLeft: false))
            stack.append(Pending(start: job.start, end: mid, depth: job.depth + 1, parent: id, isLeft: true))
        }
        nodes.splitGain = (0..<nodes.nodeCount).map { i in
            nodes.feature[i] < 0 ? 0 : weightedImpurity[i] - weightedImpurity[Int(nodes.left[i])] - weightedImpurity[Int(nodes.right[i])]
        }
        return nodes
    }

    /// Fills `nodeTotals`; returns the node's weight and impurity.
    private func nodeStatistics(_ start: Int, _ end: Int) -> (Double, Double) {
        let w = weights, rows = sorted
        var total = 0.0
        for c in 0..<width { nodeTotals[c] = 0 }
        if let classes {
            for i in start..<end {
                let r = Int(rows[i])
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
            let r = Int(rows[i])
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
        // Features are visited in a random order even when all are examined, as scikit-learn:
        // at small nodes many splits tie, and the first best wins, so a fixed column order
        // would favour the leftmost columns.
        for f in 0..<p { featureOrder[f] = f }
        var drawn = 0, visitedNonConstant = 0
        while drawn < p && visitedNonConstant < settings.maxFeatures {
            let j = drawn + random.integer(below: p - drawn)
            let t = featureOrder[drawn]; featureOrder[drawn] = featureOrder[j]; featureOrder[j] = t
            let f = featureOrder[drawn]
            drawn += 1
            // The list is in code order: the feature is constant in the node when its ends agree.
            let list = sorted + f * sampleCount, column = codes + f * n
            if column[Int(list[start])] == column[Int(list[end - 1])] { continue }
            visitedNonConstant += 1
            scan(start, end, feature: f, totalWeight: totalWeight, best: &best)
        }
        return best
    }

    // MARK: Scan

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

    /// One pass over the node's rows in the feature's order, evaluating each boundary
    /// between distinct values that leaves `min_samples_leaf` rows on both sides.
    private func scan(_ start: Int, _ end: Int, feature f: Int, totalWeight: Double, best: inout Split) {
        let list = sorted + f * sampleCount, column = codes + f * n, w = weights
        let m = end - start, minLeaf = settings.minSamplesLeaf
        var previous = column[Int(list[start])]
        if let classes {
            var rightSquares = 0.0
            for c in 0..<width { leftTotals[c] = 0; rightSquares += nodeTotals[c] * nodeTotals[c] }
            var leftSquares = 0.0, leftWeight = 0.0
            for i in 0..<m {
                let r = Int(list[start + i])
                let code = column[r]
                if code != previous {
                    if i >= minLeaf {
                        if m - i < minLeaf { break }
                        let proxy = classProxy(leftWeight: leftWeight, rightWeight: totalWeight - leftWeight,
                                               leftSquares: leftSquares, rightSquares: rightSquares)
                        if proxy > best.proxy {
                            best = Split(feature: f, position: start + i, code: previous, nextCode: code, proxy: proxy)
                        }
                    }
                    previous = code
                }
                let c = Int(classes[r]), add = w[r]
                let l = leftTotals[c], rt = nodeTotals[c] - l
                leftSquares += add * (2 * l + add)
                rightSquares += add * (add - 2 * rt)
                leftTotals[c] = l + add
                leftWeight += add
            }
            return
        }
        let y = targets!
        let total = nodeTotals[0]
        var leftSum = 0.0, leftWeight = 0.0
        for i in 0..<m {
            let r = Int(list[start + i])
            let code = column[r]
            if code != previous {
                if i >= minLeaf {
                    if m - i < minLeaf { break }
                    let rightSum = total - leftSum
                    let proxy = leftSum * leftSum / leftWeight + rightSum * rightSum / (totalWeight - leftWeight)
                    if proxy > best.proxy {
                        best = Split(feature: f, position: start + i, code: previous, nextCode: code, proxy: proxy)
                    }
                }
                previous = code
            }
            leftSum += w[r] * y[r]
            leftWeight += w[r]
        }
    }

    /// Splits the node's range in every feature's list: the split feature's list already
    /// has the left rows first; the others are partitioned stably by the left/right marks.
    private func partition(_ start: Int, _ end: Int, split: Split) {
        let mid = split.position
        let chosen = sorted + split.feature * sampleCount
        for i in start..<mid { goesLeft[Int(chosen[i])] = 1 }
        for i in mid..<end { goesLeft[Int(chosen[i])] = 0 }
        for f in 0..<p where f != split.feature {
            let list = sorted + f * sampleCount
            // Branch-free: each row is written to both sides and only one cursor moves.
            var l = start, r = 0
            for i in start..<end {
                let row = list[i]
                let step = Int(goesLeft[Int(row)])
                list[l] = row
                spill[r] = row
                l &+= step
                r &+= 1 &- step
            }
            (list + l).update(from: spill, count: r)
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif
