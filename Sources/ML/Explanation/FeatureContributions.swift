import Data
import Numeric

/// A fitted model whose outputs split exactly into per-feature contributions: for each row,
/// the base value plus the contributions equals the model's output (`explain`).
protocol ContributionExplainable {
    /// How many outputs it explains: one score (regression; binary models that keep one score
    /// for the second class), else one per class.
    var contributionOutputs: Int { get }
    /// What an output is: `value`, `probability`, `log-odds` or `raw score` (the softmax input).
    var contributionSpace: String { get }
    /// Why this fitted model cannot be explained (a file saved before lathe stored what it
    /// needs); nil when it can.
    var contributionsUnavailableReason: String? { get }
    /// Row i's contributions (`rows × features`) to output `outputs[i]`, and its base value.
    func contributions(_ x: Tensor, outputs: [Int]) throws -> (values: [Double], base: [Double])
    /// The explained outputs themselves, `rows × contributionOutputs` (for additivity checks).
    func contributionTargets(_ x: Tensor) throws -> [Double]
}

/// `explain(m, rows)`: per-row feature contributions, in the model's margin space.
public struct FeatureContributions: Sendable, Equatable {
    /// The model-matrix columns, named as `m.importance` names them.
    public let features: [String]
    /// `rows × features`, row-major.
    public let values: [Double]
    /// Per row, the expected output over the training data (shap's `base_values`): the values
    /// of a row plus its base value equal the explained output.
    public let baseValues: [Double]
    /// Per row, the class whose output is explained; nil for regression.
    public let classes: [String]?
    /// `value`, `probability`, `log-odds` or `raw score`.
    public let space: String
}

/// Trees as TreeSHAP explains them: one `ExplainedTree` per tree and output, summed per
/// output with `scale`, plus a constant per output.
struct TreeEnsembleContributions {
    let trees: [ExplainedTree]
    /// The trees of each output, in tree order.
    let treesOfOutput: [[Int]]
    let scale: Double
    let base: [Double]

    init(trees: [ExplainedTree], outputOfTree: [Int], outputs: Int, scale: Double, offset: [Double]) {
        self.trees = trees
        self.scale = scale
        var lists = [[Int]](repeating: [], count: outputs)
        for (t, k) in outputOfTree.enumerated() { lists[k].append(t) }
        treesOfOutput = lists
        base = (0..<outputs).map { k in
            var sum = 0.0
            for t in lists[k] { sum += trees[t].expectedValue }
            return offset[k] + scale * sum
        }
    }

    func contributions(_ x: Tensor, outputs: [Int]) -> (values: [Double], base: [Double]) {
        var phi = [Double](repeating: 0, count: x.rows * x.columns)
        let lists = treesOfOutput
        TreeSHAP.contributions(trees, x, scale: scale, selected: { lists[outputs[$0]] }, into: &phi)
        return (phi, outputs.map { base[$0] })
    }
}

extension CARTNodes {
    /// One `ExplainedTree` per root and class (tree-major); nil without stored covers.
    func explainedTrees(roots: [Int]) -> [ExplainedTree]? {
        guard cover.count == nodeCount else { return nil }
        var trees: [ExplainedTree] = []
        for root in roots {
            for k in 0..<valueWidth {
                trees.append(ExplainedTree(root: root, feature: feature, threshold: threshold, missingLeft: nil, left: left,
                                           right: right, cover: cover, leaf: { leafValues[Int(left[$0]) * valueWidth + k] }))
            }
        }
        return trees
    }
}

private let retrainHint = "this model file was saved before lathe stored the node covers that TreeSHAP needs; retrain it to explain it"

extension DecisionTreeModel: ContributionExplainable {
    var contributionOutputs: Int { nodes.valueWidth }
    var contributionSpace: String { task.isClassification ? "probability" : "value" }
    var contributionsUnavailableReason: String? { nodes.cover.count == nodes.nodeCount ? nil : retrainHint }

    func contributions(_ x: Tensor, outputs: [Int]) throws -> (values: [Double], base: [Double]) {
        try TreeSupport.checkColumns(x, featureCount, model: Self.kind)
        guard let trees = nodes.explainedTrees(roots: [0]) else { throw MLError.invalidData(retrainHint, hint: nil) }
        let width = nodes.valueWidth
        return TreeEnsembleContributions(trees: trees, outputOfTree: (0..<trees.count).map { $0 % width }, outputs: width,
                                         scale: 1, offset: [Double](repeating: 0, count: width)).contributions(x, outputs: outputs)
    }

    func contributionTargets(_ x: Tensor) throws -> [Double] {
        if let probabilities = try predictProbabilities(x) { return probabilities.storage }
        return try predict(x)
    }
}

extension RandomForestModel: ContributionExplainable {
    var contributionOutputs: Int { nodes.valueWidth }
    var contributionSpace: String { task.isClassification ? "probability" : "value" }
    var contributionsUnavailableReason: String? { nodes.cover.count == nodes.nodeCount ? nil : retrainHint }

    /// The mean over the trees, as the forest predicts.
    func contributions(_ x: Tensor, outputs: [Int]) throws -> (values: [Double], base: [Double]) {
        try TreeSupport.checkColumns(x, featureCount, model: Self.kind)
        guard let trees = nodes.explainedTrees(roots: roots) else { throw MLError.invalidData(retrainHint, hint: nil) }
        let width = nodes.valueWidth
        return TreeEnsembleContributions(trees: trees, outputOfTree: (0..<trees.count).map { $0 % width }, outputs: width,
                                         scale: 1 / Double(roots.count), offset: [Double](repeating: 0, count: width))
            .contributions(x, outputs: outputs)
    }

    func contributionTargets(_ x: Tensor) throws -> [Double] {
        if let probabilities = try predictProbabilities(x) { return probabilities.storage }
        return try predict(x)
    }
}

extension GradientBoostingModel: ContributionExplainable {
    var contributionOutputs: Int { treesPerRound }
    var contributionSpace: String { task == .regression ? "value" : (treesPerRound == 1 ? "log-odds" : "raw score") }
    var contributionsUnavailableReason: String? { trees.cover.count == trees.nodeCount ? nil : retrainHint }

    /// The sum over the trees plus the initial score, in raw margin space (log-odds for binary
    /// classification), as shap explains LightGBM.
    func contributions(_ x: Tensor, outputs: [Int]) throws -> (values: [Double], base: [Double]) {
        try TreeSupport.checkColumns(x, featureCount, model: Self.kind)
        guard trees.cover.count == trees.nodeCount else { throw MLError.invalidData(retrainHint, hint: nil) }
        let b = trees
        let explained = b.roots.map { root in
            ExplainedTree(root: root, feature: b.feature, threshold: b.threshold, missingLeft: { b.missingLeft[$0] },
                          left: b.left, right: b.right, cover: b.cover, leaf: { b.value[$0] })
        }
        return TreeEnsembleContributions(trees: explained, outputOfTree: (0..<explained.count).map { $0 % treesPerRound },
                                         outputs: treesPerRound, scale: 1, offset: baseline).contributions(x, outputs: outputs)
    }

    /// Raw scores, row-major.
    func contributionTargets(_ x: Tensor) throws -> [Double] {
        let raw = try rawScores(x), n = x.rows, k = treesPerRound
        var out = [Double](repeating: 0, count: raw.count)
        for c in 0..<k { for i in 0..<n { out[i * k + c] = raw[c * n + i] } }
        return out
    }
}

/// Exact contributions of a linear score w·x + b: wⱼ(xⱼ − x̄ⱼ) against the training means x̄,
/// with base value b + w·x̄ (shap's `LinearExplainer` with the training data as background,
/// for independent features).
enum LinearContributions {
    static func compute(_ x: Tensor, weights: [Double], intercepts: [Double], means: [Double],
                        outputs: [Int]) -> (values: [Double], base: [Double]) {
        let n = x.rows, p = x.columns
        var values = [Double](repeating: 0, count: n * p)
        let base = intercepts.indices.map { k in
            var sum = intercepts[k]
            for j in 0..<p { sum += weights[k * p + j] * means[j] }
            return sum
        }
        x.storage.withUnsafeBufferPointer { xs in
            for i in 0..<n {
                let k = outputs[i]
                for j in 0..<p { values[i * p + j] = weights[k * p + j] * (xs[i * p + j] - means[j]) }
            }
        }
        return (values, outputs.map { base[$0] })
    }
}

private let linearRetrainHint = "this model file was saved before lathe stored the training feature means; retrain it to explain it"

extension LinearPredictor {
    func contributions(_ x: Tensor, outputs: [Int]) throws -> (values: [Double], base: [Double]) {
        guard let featureMeans, featureMeans.count == coefficients.count else { throw MLError.invalidData(linearRetrainHint, hint: nil) }
        guard x.columns == coefficients.count || x.rows == 0 else {
            throw MLError.invalidData("the model expects \(coefficients.count) features, got \(x.columns)", hint: nil)
        }
        return LinearContributions.compute(x, weights: coefficients, intercepts: [intercept], means: featureMeans, outputs: outputs)
    }
}

extension LinearRegressionModel: ContributionExplainable {
    var contributionOutputs: Int { 1 }
    var contributionSpace: String { "value" }
    var contributionsUnavailableReason: String? { model.featureMeans == nil ? linearRetrainHint : nil }
    func contributions(_ x: Tensor, outputs: [Int]) throws -> (values: [Double], base: [Double]) {
        try model.contributions(x, outputs: outputs)
    }
    func contributionTargets(_ x: Tensor) throws -> [Double] { try predict(x) }
}

extension RidgeModel: ContributionExplainable {
    var contributionOutputs: Int { 1 }
    var contributionSpace: String { "value" }
    var contributionsUnavailableReason: String? { model.featureMeans == nil ? linearRetrainHint : nil }
    func contributions(_ x: Tensor, outputs: [Int]) throws -> (values: [Double], base: [Double]) {
        try model.contributions(x, outputs: outputs)
    }
    func contributionTargets(_ x: Tensor) throws -> [Double] { try predict(x) }
}

extension LogisticRegressionModel: ContributionExplainable {
    var contributionOutputs: Int { intercepts.count }
    var contributionSpace: String { binary ? "log-odds" : "raw score" }
    var contributionsUnavailableReason: String? { featureMeans == nil ? linearRetrainHint : nil }

    func contributions(_ x: Tensor, outputs: [Int]) throws -> (values: [Double], base: [Double]) {
        guard let featureMeans, featureMeans.count == features else { throw MLError.invalidData(linearRetrainHint, hint: nil) }
        guard x.columns == features || x.rows == 0 else {
            throw MLError.invalidData("the model expects \(features) features, got \(x.columns)", hint: nil)
        }
        return LinearContributions.compute(x, weights: coefficients, intercepts: intercepts, means: featureMeans, outputs: outputs)
    }

    func contributionTargets(_ x: Tensor) throws -> [Double] { try decision(x).storage }
}

extension TrainedModel {
    /// Why `explain` refuses this model; nil when it can explain it.
    public var explanationUnavailableReason: String? {
        guard let explainable = algorithm as? any ContributionExplainable else {
            switch task {
            case .clustering:
                return "\(spec.name) has no per-row feature contributions: it clusters by distance and has no output to explain"
            default:
                return "\(spec.name) has no exact per-row feature contributions; explain() supports tree, forest, boost, linear, ridge and logistic"
            }
        }
        return explainable.contributionsUnavailableReason
    }

    /// Per-row feature contributions of the rows of `frame`: exact TreeSHAP (tree-path-
    /// dependent) for tree, forest and boost, exact linear contributions for linear, ridge
    /// and logistic. The explained output is a binary model's positive class (`classes[1]`),
    /// and a multiclass model's predicted class for each row. Tree and forest classifiers
    /// explain probabilities; boost and logistic their margin (log-odds, or the raw softmax
    /// score for multiclass); regressions their value.
    public func explain(_ frame: Frame) throws -> FeatureContributions {
        if let reason = explanationUnavailableReason {
            let hint = algorithm is any ContributionExplainable || task == .clustering
                ? nil : "permutation_importance(m, data) measures any model"
            throw MLError.invalidData(reason, hint: hint)
        }
        guard let explainable = algorithm as? any ContributionExplainable else { throw MLError.invalidData("no explanation", hint: nil) }
        let x = try features(frame)
        let n = x.rows
        var outputs = [Int](repeating: 0, count: n)
        var explained: [String]?
        if task.isClassification {
            let indices: [Int]
            if task == .binary || classes.count == 2 {
                indices = [Int](repeating: 1, count: n)
            } else {
                indices = try predictIndices(frame)
            }
            // A binary model with a single score explains the second class with it.
            outputs = explainable.contributionOutputs == 1 ? [Int](repeating: 0, count: n) : indices
            explained = indices.map { $0 < classes.count ? classes[$0] : "\($0)" }
        }
        let (values, base) = try explainable.contributions(x, outputs: outputs)
        return FeatureContributions(features: explainedFeatureNames, values: values, baseValues: base, classes: explained,
                                    space: explainable.contributionSpace)
    }

    /// The outputs `explain` accounts for, `rows × outputs` (for additivity checks); nil for
    /// models without explanations.
    func explainedOutputs(_ frame: Frame) throws -> [Double]? {
        guard let explainable = algorithm as? any ContributionExplainable else { return nil }
        return try explainable.contributionTargets(try features(frame))
    }
}
