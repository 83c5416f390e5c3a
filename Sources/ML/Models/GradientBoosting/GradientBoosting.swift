import Dispatch
import Numeric

/// `boost(rounds:, learning_rate:, max_leaves:, max_bins:, min_samples_leaf:, l2:,
/// early_stopping:, seed:)`: histogram gradient boosting, as scikit-learn's
/// `HistGradientBoostingClassifier`/`Regressor` (and LightGBM).
///
/// Features are binned once into ≤ 255 quantile bins plus a missing-value bin (so NaN
/// features are accepted). Each round fits one tree per class to the loss gradients,
/// growing it leaf-wise: the leaf whose best split gains most is split next, until
/// `max_leaves`. Histograms of gradients and hessians find the splits; the larger child's
/// histogram is the parent's minus the smaller child's. Leaf values are `−G/(H+l2)`
/// times `learning_rate`.
///
/// Losses: squared error for regression (start: the mean), log loss for binary (start:
/// the log-odds), softmax cross-entropy for multiclass (one tree per class per round;
/// start: log class priors). The fit is deterministic: the seed only draws the binning
/// sample (over 200,000 rows) and the early-stopping hold-out.
/// - Complexity: O(rounds × classes × (n × features × log leaves)) in the worst case,
///   typically ~3·n × features histogram updates per tree.
public struct GradientBoosting: Estimator {
    public static let name = "boost"
    public static let summary = "histogram gradient boosting (leaf-wise trees, as LightGBM and HistGradientBoosting)"
    public static let tasks: Set<Task> = [.binary, .multiclass, .regression]
    public static let handlesMissingValues = true

    public static let parameters: [ParameterSpec] = [
        ParameterSpec("rounds", .integer(1...1_000_000), default: .number(100), doc: "boosting rounds (trees per class)"),
        ParameterSpec("learning_rate", .number(0.000001...10), default: .number(0.1), doc: "shrinkage applied to each tree"),
        ParameterSpec("max_leaves", .integer(2...65_536), default: .number(31), doc: "most leaves per tree"),
        ParameterSpec("max_bins", .integer(2...255), default: .number(255), doc: "bins per feature for non-missing values"),
        ParameterSpec("min_samples_leaf", .integer(1...1_000_000_000), default: .number(20), doc: "fewest training rows in a leaf"),
        ParameterSpec("l2", .number(0...1e12), default: .number(0), doc: "L2 regularization of leaf values"),
        ParameterSpec("early_stopping", .bool, default: .bool(false),
                      doc: "stop after 10 rounds without improvement of the validation loss (the validation split, else 10% held out)"),
        ParameterSpec("seed", .integer(0...(1 << 53)), default: .number(0), doc: "random seed (binning sample, early-stopping hold-out)"),
    ]

    /// Rounds without improvement before early stopping (scikit-learn's `n_iter_no_change`).
    static let patience = 10
    /// Improvement smaller than this does not count (scikit-learn's `tol`).
    static let tolerance = 1e-7
    /// Share of rows held out for early stopping when there is no validation split.
    static let validationFraction = 0.1

    public let parameters: Parameters

    public init(parameters: Parameters) { self.parameters = parameters }

    public func fit(_ data: TrainingData, context: FitContext) throws -> FittedModel {
        try TreeSupport.check(data, model: Self.name, tasks: Self.tasks, allowNaN: true)
        if let validation = data.validation, parameters.bool("early_stopping") {
            guard validation.features.columns == data.featureCount, validation.target.count == validation.features.rows,
                  validation.target.count > 0 else {
                throw MLError.invalidData("the validation data does not match the training data's columns", hint: nil)
            }
            let k = Double(data.classes.count)
            for y in validation.target {
                let valid = data.task.isClassification ? (y >= 0 && y < k && y == y.rounded()) : y.isFinite
                guard valid else { throw MLError.invalidData("the validation target has an invalid value \(y)", hint: nil) }
            }
        }
        try context.checkpoint(0, "boost")
        var trainer = BoostTrainer(parameters: parameters, data: data)
        return try trainer.run(context: context)
    }
}

// MARK: - Loss

enum BoostLoss: String {
    case squaredError = "squared_error", logLoss = "log_loss", crossEntropy = "cross_entropy"

    /// Squared error for regression; log loss for two classes and softmax beyond (as
    /// scikit-learn, by the number of classes rather than the task's name).
    init(_ task: Task, classes: Int) {
        if !task.isClassification { self = .squaredError } else { self = classes == 2 ? .logLoss : .crossEntropy }
    }

    /// Raw scores per row (class-major: `raw[k * n + i]`).
    static func baseline(_ loss: BoostLoss, target: [Double], classes: Int) -> [Double] {
        let n = Double(target.count)
        switch loss {
        case .squaredError:
            return [target.reduce(0, +) / n]
        case .logLoss:
            let eps = 10 * Double.ulpOfOne
            let p = Swift.min(Swift.max(target.reduce(0, +) / n, eps), 1 - eps)
            return [log(p / (1 - p))]
        case .crossEntropy:
            var counts = [Double](repeating: 0, count: classes)
            for y in target { counts[Int(y)] += 1 }
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
        if blocks == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: blocks, execute: work) }
        var total = 0.0
        for b in 0..<blocks { total += partial[b] }
        let sampled = (n + lossStride - 1) / lossStride
        return total / Double(Swift.max(sampled, 1))
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

// MARK: - Trees

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
    /// Root of each tree; tree `t` adds to class `t % classes`.
    var roots: [Int] = []

    var nodeCount: Int { feature.count }

    mutating func appendLeaf(_ leafValue: Double) -> Int {
        feature.append(-1)
        threshold.append(0)
        binThreshold.append(0)
        missingLeft.append(false)
        left.append(-1)
        right.append(-1)
        value.append(leafValue)
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
            if blocks == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: blocks, execute: work) }
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

// MARK: - Training

/// One fit: the binned data, gradient buffers and the leaf-wise grower.
struct BoostTrainer {
    let parameters: Parameters
    let loss: BoostLoss
    let classes: Int          // trees per round
    let classCount: Int       // classes of the task (0 for regression)
    let task: Task
    let featureCount: Int
    var trainFeatures: Tensor
    var trainTarget: [Double]
    var validation: (features: Tensor, target: [Double])?

    init(parameters: Parameters, data: TrainingData) {
        self.parameters = parameters
        task = data.task
        loss = BoostLoss(data.task, classes: data.classes.count)
        classCount = data.task.isClassification ? data.classes.count : 0
        classes = loss == .crossEntropy ? data.classes.count : 1
        featureCount = data.featureCount
        trainFeatures = data.features
        trainTarget = data.target
        validation = nil
        if parameters.bool("early_stopping") {
            if let given = data.validation {
                validation = given
            } else {
                let (train, held) = BoostTrainer.holdOut(data, seed: UInt64(parameters.integer("seed")))
                // Too few rows to hold any out: train on everything, without early stopping.
                if !held.isEmpty {
                    trainFeatures = data.features.take(train)
                    trainTarget = train.map { data.target[$0] }
                    validation = (data.features.take(held), held.map { data.target[$0] })
                }
            }
        }
    }

    /// A seeded 10% hold-out, stratified by class for classification.
    static func holdOut(_ data: TrainingData, seed: UInt64) -> (train: [Int], held: [Int]) {
        var random = RandomGenerator(seed: TreeSupport.derivedSeed(Int(truncatingIfNeeded: seed), 0x5EED))
        let n = data.rowCount
        var groups: [[Int]]
        if data.task.isClassification {
            groups = Array(repeating: [], count: data.classes.count)
            for i in 0..<n { groups[Int(data.target[i])].append(i) }
        } else {
            groups = [Array(0..<n)]
        }
        var train = [Int](), held = [Int]()
        for var group in groups where !group.isEmpty {
            random.shuffle(&group)
            let take = group.count >= 2 ? Swift.max(1, Int((Double(group.count) * GradientBoosting.validationFraction).rounded())) : 0
            held += group[0..<take]
            train += group[take...]
        }
        return (train.sorted(), held.sorted())
    }

    mutating func run(context: FitContext) throws -> GradientBoostingModel {
        let n = trainFeatures.rows, p = featureCount, K = classes
        guard n >= 1 else { throw MLError.invalidData("boost needs at least one training row", hint: nil) }
        let rounds = parameters.integer("rounds")
        let learningRate = parameters.number("learning_rate")
        let maxLeaves = parameters.integer("max_leaves")
        let maxBins = parameters.integer("max_bins")
        let seed = UInt64(parameters.integer("seed"))

        let mapper = BinMapper(fitting: trainFeatures, maxBins: maxBins, seed: seed)
        let binned = mapper.transform(trainFeatures)
        try context.checkpoint(0.02, "boost: binned \(p) features")

        let baseline = BoostLoss.baseline(loss, target: trainTarget, classes: classCount)
        var raw = [Double](repeating: 0, count: K * n)
        for k in 0..<K { for i in 0..<n { raw[k * n + i] = baseline[k] } }

        // Early-stopping state: binned validation rows and their raw scores.
        var validationBinned = [UInt8](), validationRaw = [Double](), validationTarget = [Double]()
        var scores = [Double]()
        if let validation {
            validationBinned = mapper.transform(validation.features)
            validationTarget = validation.target
            let m = validation.target.count
            validationRaw = [Double](repeating: 0, count: K * m)
            for k in 0..<K { for i in 0..<m { validationRaw[k * m + i] = baseline[k] } }
            scores.append(-loss.loss(raw: validationRaw, target: validationTarget, trees: K))
        }

        var trees = BoostTrees()
        var pairs = [GradientPair](repeating: GradientPair(gradient: 0, hessian: 0), count: K * n)
        let grower = BoostGrower(
            rows: n, features: p, maxBins: maxBins, mapper: mapper, constantHessian: loss == .squaredError,
            maxLeaves: maxLeaves, minSamplesLeaf: parameters.integer("min_samples_leaf"),
            l2: parameters.number("l2"), learningRate: learningRate)
        // The recorded training loss uses up to ~10,000 evenly spaced rows (as scikit-learn's
        // train_score_ uses a 10,000-row subsample); early stopping uses the whole validation set.
        let lossStride = Swift.max(1, n / 10_000)

        try binned.withUnsafeBufferPointer { binnedBuffer in
            let bins = binnedBuffer.baseAddress!
            for round in 0..<rounds {
                let currentLoss = raw.withUnsafeBufferPointer { r in
                    trainTarget.withUnsafeBufferPointer { t in
                        pairs.withUnsafeMutableBufferPointer { g in
                            loss.gradients(raw: r.baseAddress!, target: t.baseAddress!, n: n, trees: K,
                                           into: g.baseAddress!, lossStride: lossStride)
                        }
                    }
                }
                context.recordLoss(currentLoss)
                for k in 0..<K {
                    pairs.withUnsafeBufferPointer { g in
                        raw.withUnsafeMutableBufferPointer { r in
                            grower.grow(bins: bins, pairs: g.baseAddress! + k * n, raw: r.baseAddress! + k * n, into: &trees)
                        }
                    }
                }
                if validation != nil {
                    let m = validationTarget.count
                    validationBinned.withUnsafeBufferPointer { vb in
                        validationRaw.withUnsafeMutableBufferPointer { vr in
                            for k in 0..<K {
                                trees.addRawBinned(tree: trees.roots.count - K + k, bins: vb.baseAddress!, rows: m,
                                                   missingBin: UInt8(maxBins), into: vr.baseAddress! + k * m)
                            }
                        }
                    }
                    scores.append(-loss.loss(raw: validationRaw, target: validationTarget, trees: K))
                }
                try context.checkpoint(0.02 + 0.98 * Double(round + 1) / Double(rounds), "boost: round \(round + 1)/\(rounds)")
                if validation != nil && BoostTrainer.shouldStop(scores) { break }
            }
        }
        let finalLoss = raw.withUnsafeBufferPointer { r in
            trainTarget.withUnsafeBufferPointer { t in
                pairs.withUnsafeMutableBufferPointer { g in
                    loss.gradients(raw: r.baseAddress!, target: t.baseAddress!, n: n, trees: K, into: g.baseAddress!, lossStride: lossStride)
                }
            }
        }
        context.recordLoss(finalLoss)
        return GradientBoostingModel(task: task, featureCount: p, classCount: classCount, treesPerRound: K,
                                     baseline: baseline, trees: trees)
    }

    /// scikit-learn's `_should_stop`: none of the last `patience` scores beats the one
    /// before them by more than the tolerance (scores are negative losses).
    static func shouldStop(_ scores: [Double]) -> Bool {
        let reference = GradientBoosting.patience + 1
        guard scores.count >= reference else { return false }
        let bar = scores[scores.count - reference] + GradientBoosting.tolerance
        return !scores[(scores.count - reference + 1)...].contains { $0 > bar }
    }
}

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
    /// The second half's histogram while a large node is built on both cores.
    let spare: UnsafeMutablePointer<HistogramBin>
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
        spare = .allocate(capacity: features * (maxBins + 1))
    }

    deinit {
        rowList.deallocate()
        scratch.deallocate()
        ordered.deallocate()
        spare.deallocate()
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
        builder.buildRoot(pairs, into: slotPointer(rootSlot), spare: spare)
        let rootTotals = builder.totals(slotPointer(rootSlot))
        let rootGradient = rootTotals.gradient, rootHessian = rootTotals.hessian

        let root = trees.appendLeaf(leafValue(rootGradient, rootHessian))
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
            let leftNode = trees.appendLeaf(leafValue(gradientLeft, hessianLeft))
            let rightNode = trees.appendLeaf(leafValue(gradientRight, hessianRight))
            trees.left[node] = Int32(leftNode)
            trees.right[node] = Int32(rightNode)
            trees.value[node] = 0
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
                              into: slotPointer(slot), spare: spare)
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
        DispatchQueue.concurrentPerform(iterations: finished.count) { j in
            let leaf = finished[j], v = leafValues[j]
            for k in leaf.start..<leaf.end { raw[Int(list[k])] += v }
        }
    }

    /// Stable partition of `rowList[start..<end]`: rows going left first, each side in
    /// order. Large ranges are cut in two halves partitioned on both cores, then stitched
    /// (left₀ left₁ right₀ right₁), which is the same order as one pass.
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
        let mid = start + m / 2
        var counts = (0, 0)
        withUnsafeMutablePointer(to: &counts) { c in
            DispatchQueue.concurrentPerform(iterations: 2) { part in
                if part == 0 { c.pointee.0 = pass(start, mid) } else { c.pointee.1 = pass(mid, end) }
            }
        }
        let (l0, l1) = counts
        let r0 = (mid - start) - l0, r1 = (end - mid) - l1
        // left₁ slides down next to left₀ (overlapping, so a move), then the rights follow.
        (list + start + l0).update(from: list + mid, count: l1)
        (list + start + l0 + l1).update(from: spill + start, count: r0)
        (list + start + l0 + l1 + r0).update(from: spill + mid, count: r1)
        return start + l0 + l1
    }
}

// MARK: - Model

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
        let n = feature.count
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

#if canImport(Glibc)
import Glibc
#endif
