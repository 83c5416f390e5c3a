import Numeric

// The estimator and its boosting loop. The other parts sit beside this file, by concern as in
// scikit-learn's `_hist_gradient_boosting/`: `BinMapper` (binning), `Histogram` (gradient
// histograms), `BoostSplitFinder` (the best split of a node), `BoostGrower` (one leaf-wise
// tree), `BoostLoss` (gradients and hessians) and `GradientBoostingModel` (the fitted trees).

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
    public static let supportsSampleWeights = true
    public static let supportsClassWeights = true
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
    /// Per-row weights of the training rows (scikit-learn's `sample_weight`), nil for none.
    var trainWeights: [Double]?
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
        trainWeights = data.weights
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
                    if let weights = data.weights { trainWeights = train.map { weights[$0] } }
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

        let baseline = BoostLoss.baseline(loss, target: trainTarget, classes: classCount, weights: trainWeights)
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
            rows: n, features: p, maxBins: maxBins, mapper: mapper, constantHessian: loss == .squaredError && trainWeights == nil,
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
                if let trainWeights { BoostLoss.weigh(&pairs, by: trainWeights, trees: K) }
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
