import Numeric

/// A fitted `boost`.
public struct GradientBoostingModel: FittedModel {
    public static let kind = "boost"
    public let task: Task
    public let featureCount: Int
    /// Classes of a classification task; 0 for regression.
    public let classCount: Int
    /// 1 for regression and binary, the class count for multiclass.
    let treesPerRound: Int
    let baseline: [Double]
    let trees: BoostTrees

    init(task: Task, featureCount: Int, classCount: Int, treesPerRound: Int, baseline: [Double], trees: BoostTrees) {
        self.task = task
        self.featureCount = featureCount
        self.classCount = classCount
        self.treesPerRound = treesPerRound
        self.baseline = baseline
        self.trees = trees
    }

    /// Rounds actually run (fewer than `rounds` after early stopping).
    public var rounds: Int { trees.roots.count / Swift.max(1, treesPerRound) }

    /// Raw scores, class-major (`treesPerRound × rows`).
    func rawScores(_ features: Tensor) throws -> [Double] {
        try TreeSupport.checkColumns(features, featureCount, model: Self.kind)
        let n = features.rows, K = treesPerRound
        var raw = [Double](repeating: 0, count: K * n)
        for k in 0..<K { for i in 0..<n { raw[k * n + i] = baseline[k] } }
        trees.addRaw(features, classes: K, into: &raw)
        return raw
    }

    public func predict(_ features: Tensor) throws -> [Double] {
        if task == .regression { return try rawScores(features) }
        guard let probabilities = try predictProbabilities(features) else { return [] }
        return TreeSupport.argmaxRows(probabilities.storage, width: classCount)
    }

    public func predictProbabilities(_ features: Tensor) throws -> Tensor? {
        guard task.isClassification else { return nil }
        let raw = try rawScores(features)
        let n = features.rows
        var out = [Double](repeating: 0, count: n * classCount)
        if treesPerRound == 1 {
            for i in 0..<n {
                let r = raw[i]
                let e = exp(-Swift.abs(r))
                let p = r >= 0 ? 1 / (1 + e) : e / (1 + e)
                out[2 * i] = 1 - p
                out[2 * i + 1] = p
            }
        } else {
            let K = treesPerRound
            for i in 0..<n {
                var top = -Double.infinity
                for k in 0..<K { top = Swift.max(top, raw[k * n + i]) }
                var total = 0.0
                for k in 0..<K { let e = exp(raw[k * n + i] - top); out[i * K + k] = e; total += e }
                for k in 0..<K { out[i * K + k] /= total }
            }
        }
        return try Tensor(shape: [n, classCount], storage: out)
    }

    public func encodeState() throws -> ModelState {
        var state = ModelState()
        state.strings["task"] = [task.rawValue]
        state.integers["feature_count"] = [featureCount]
        state.integers["class_count"] = [classCount]
        state.integers["trees_per_round"] = [treesPerRound]
        state.arrays["baseline"] = baseline
        state.integers["roots"] = trees.roots
        state.integers["feature"] = trees.feature.map { Int($0) }
        state.integers["left"] = trees.left.map { Int($0) }
        state.integers["right"] = trees.right.map { Int($0) }
        state.integers["missing_left"] = trees.missingLeft.map { $0 ? 1 : 0 }
        state.integers["bin_threshold"] = trees.binThreshold.map { Int($0) }
        state.arrays["threshold"] = trees.threshold
        state.arrays["value"] = trees.value
        if !trees.gain.isEmpty { state.arrays["gain"] = trees.gain }
        if !trees.cover.isEmpty { state.arrays["cover"] = trees.cover }
        return state
    }

    public init(state: ModelState) throws {
        task = try TreeSupport.taskName(state)
        featureCount = try state.integer("feature_count")
        classCount = try state.integer("class_count")
        treesPerRound = try state.integer("trees_per_round")
        baseline = try state.array("baseline")
        var trees = BoostTrees()
        trees.roots = try state.integerArray("roots")
        let feature = try state.integerArray("feature"), left = try state.integerArray("left")
        let right = try state.integerArray("right"), missing = try state.integerArray("missing_left")
        let bins = try state.integerArray("bin_threshold")
        trees.threshold = try state.array("threshold")
        trees.value = try state.array("value")
        trees.gain = state.arrays["gain"] ?? []
        trees.cover = state.arrays["cover"] ?? []
        let n = feature.count
        guard trees.gain.isEmpty || trees.gain.count == n else { throw MLError.corruptModel("boosted tree gains do not match the nodes") }
        guard trees.cover.isEmpty || (trees.cover.count == n && trees.cover.allSatisfy({ $0 > 0 && $0.isFinite })) else {
            throw MLError.corruptModel("boosted tree covers do not match the nodes")
        }
        guard treesPerRound >= 1, baseline.count == treesPerRound, left.count == n, right.count == n, missing.count == n,
              bins.count == n, trees.threshold.count == n, trees.value.count == n,
              task.isClassification ? (classCount >= 2 && (treesPerRound == 1 ? classCount == 2 : treesPerRound == classCount)) : treesPerRound == 1,
              trees.roots.allSatisfy({ $0 >= 0 && $0 < n }), trees.roots.count % treesPerRound == 0 else {
            throw MLError.corruptModel("boosted trees have inconsistent sizes")
        }
        for i in 0..<n where feature[i] >= 0 {
            guard feature[i] < featureCount, left[i] > i, left[i] < n, right[i] > i, right[i] < n, (0...255).contains(bins[i]) else {
                throw MLError.corruptModel("boosted tree node \(i) is out of range")
            }
        }
        trees.feature = feature.map { Int32($0) }
        trees.left = left.map { Int32($0) }
        trees.right = right.map { Int32($0) }
        trees.missingLeft = missing.map { $0 != 0 }
        trees.binThreshold = bins.map { UInt8($0) }
        self.trees = trees
    }
}

extension GradientBoostingModel: SplitImportance {
    public static let importanceMethod = "gain"
    /// LightGBM's `importance_type="gain"`: the gains of every split on a feature, summed
    /// over all trees (every class's), then normalized to sum 1.
    public var featureImportances: [Double]? {
        guard trees.gain.count == trees.nodeCount else { return nil }
        var total = [Double](repeating: 0, count: featureCount)
        for i in 0..<trees.nodeCount where trees.feature[i] >= 0 { total[Int(trees.feature[i])] += trees.gain[i] }
        let sum = total.reduce(0, +)
        if sum > 0 { for j in 0..<featureCount { total[j] /= sum } }
        return total
    }
}

/// Boosted trees in flat arrays. Node `i` is a leaf when `feature[i] == −1`, with value
/// `value[i]`; otherwise a row goes left when its value is NaN and `missingLeft[i]`, or
/// when it is ≤ `threshold[i]` (its bin ≤ `binThreshold[i]`).
struct BoostTrees: Sendable, Equatable {
    var feature: [Int32] = []
    var threshold: [Double] = []
    var binThreshold: [UInt8] = []
    var missingLeft: [Bool] = []
    var left: [Int32] = []
    var right: [Int32] = []
    var value: [Double] = []
    /// Per node, the gain of its split (0 at a leaf), for gain importance; empty in model
    /// files saved before it was stored.
    var gain: [Double] = []
    /// Per node, how many training rows reached it (LightGBM's `internal_count`/`leaf_count`),
    /// for TreeSHAP; empty in model files saved before it was stored.
    var cover: [Double] = []
    /// Root of each tree; tree `t` adds to class `t % classes`.
    var roots: [Int] = []

    var nodeCount: Int { feature.count }

    mutating func appendLeaf(_ leafValue: Double, rows: Int) -> Int {
        feature.append(-1)
        threshold.append(0)
        binThreshold.append(0)
        missingLeft.append(false)
        left.append(-1)
        right.append(-1)
        value.append(leafValue)
        gain.append(0)
        cover.append(Double(rows))
        return feature.count - 1
    }

    /// Adds each tree's output to `raw` (class-major `classes × rows`) for row-major `x`.
    /// Row blocks run concurrently; each row sums its trees in order.
    func addRaw(_ x: Tensor, classes: Int, into raw: inout [Double], treeRange: Range<Int>? = nil) {
        let n = x.rows, p = x.columns
        guard n > 0 else { return }
        let range = treeRange ?? 0..<roots.count
        let blockSize = 1024
        let blocks = (n + blockSize - 1) / blockSize
        x.storage.withUnsafeBufferPointer { xb in
        feature.withUnsafeBufferPointer { fb in
        threshold.withUnsafeBufferPointer { tb in
        missingLeft.withUnsafeBufferPointer { mb in
        left.withUnsafeBufferPointer { lb in
        right.withUnsafeBufferPointer { rb in
        value.withUnsafeBufferPointer { vb in
        raw.withUnsafeMutableBufferPointer { ob in
            let xs = xb.baseAddress!, f = fb.baseAddress!, t = tb.baseAddress!, m = mb.baseAddress!
            let l = lb.baseAddress!, r = rb.baseAddress!, v = vb.baseAddress!, out = ob.baseAddress!
            let work = { (block: Int) in
                let lo = block * blockSize, hi = Swift.min(n, lo + blockSize)
                for tree in range {
                    let root = self.roots[tree], k = tree % classes
                    for i in lo..<hi {
                        let row = xs + i * p
                        var node = root
                        while f[node] >= 0 {
                            let value = row[Int(f[node])]
                            let goLeft = value.isNaN ? m[node] : value <= t[node]
                            node = Int(goLeft ? l[node] : r[node])
                        }
                        out[k * n + i] += v[node]
                    }
                }
            }
            Parallelism.forEach(blocks, work)
        }}}}}}}}
    }

    /// As `addRaw` for one tree, on column-major binned rows.
    func addRawBinned(tree: Int, bins: UnsafePointer<UInt8>, rows n: Int, missingBin: UInt8, into raw: UnsafeMutablePointer<Double>) {
        let root = roots[tree]
        for i in 0..<n {
            var node = root
            while feature[node] >= 0 {
                let b = bins[Int(feature[node]) * n + i]
                let goLeft = b == missingBin ? missingLeft[node] : b <= binThreshold[node]
                node = Int(goLeft ? left[node] : right[node])
            }
            raw[i] += value[node]
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif
