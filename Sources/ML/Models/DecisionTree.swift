import Numeric

/// `tree(max_depth:, min_samples_leaf:, criterion:)`: a CART decision tree, as
/// scikit-learn's `DecisionTreeClassifier`/`DecisionTreeRegressor` with the `best` splitter.
///
/// Every feature is scanned at every node over its sorted distinct values; thresholds are
/// midpoints between adjacent values. Leaves hold class probabilities (classification)
/// or the mean target (regression). Features are visited in a random order at each node
/// (the first best split wins ties, as in scikit-learn), drawn from a fixed seed, so the
/// tree is deterministic.
public struct DecisionTree: Estimator {
    public static let name = "tree"
    public static let summary = "CART decision tree (gini, entropy or squared error)"
    public static let tasks: Set<Task> = [.binary, .multiclass, .regression]
    public static let supportsSampleWeights = true
    public static let supportsClassWeights = true
    public static let handlesMissingValues = false

    public static let parameters: [ParameterSpec] = [
        ParameterSpec("max_depth", .integer(1...100_000), default: .null, allowsNull: true,
                      doc: "deepest level a node may have; null grows until leaves are pure"),
        ParameterSpec("min_samples_leaf", .integer(1...1_000_000_000), default: .number(1),
                      doc: "fewest training rows in a leaf"),
        ParameterSpec("criterion", .choice(["gini", "entropy", "squared_error"]), default: .null, allowsNull: true,
                      doc: "split quality; null means gini for classification and squared_error for regression"),
    ]

    public let parameters: Parameters

    public init(parameters: Parameters) { self.parameters = parameters }

    /// The criterion for `task`, checked against the task.
    static func criterion(_ parameters: Parameters, task: Task, model: String) throws -> SplitCriterion {
        let given = parameters.string("criterion")
        guard !given.isEmpty, let criterion = SplitCriterion(rawValue: given) else {
            return task.isClassification ? .gini : .squaredError
        }
        if criterion.isClassification != task.isClassification {
            let valid = task.isClassification ? "\"gini\" or \"entropy\"" : "\"squared_error\""
            throw MLError.invalidParameter(model: model, name: "criterion",
                                           expected: "\(valid) for a \(task.rawValue) task", found: "\"\(given)\"")
        }
        return criterion
    }

    public func fit(_ data: TrainingData, context: FitContext) throws -> FittedModel {
        try TreeSupport.check(data, model: Self.name, tasks: Self.tasks, allowNaN: false)
        let criterion = try Self.criterion(parameters, task: data.task, model: Self.name)
        try context.checkpoint(0, "tree")
        let n = data.rowCount, p = data.featureCount
        let settings = CARTSettings(maxDepth: parameters.optionalInteger("max_depth") ?? Int.max,
                                    minSamplesLeaf: parameters.integer("min_samples_leaf"),
                                    criterion: criterion, maxFeatures: p)
        let codes = ExactCodes(data.features)
        try context.checkpoint(0.2, "tree")
        let classCount = data.task.isClassification ? data.classes.count : 0
        let labels = data.target.map { Int32(clamping: Int($0.isFinite ? $0 : 0)) }
        let weights = data.weights ?? [Double](repeating: 1, count: n)
        var random = RandomGenerator(seed: 0)
        let nodes: CARTNodes = codes.codes.withUnsafeBufferPointer { cb in
            codes.order.withUnsafeBufferPointer { ob in
                labels.withUnsafeBufferPointer { lb in
                    data.target.withUnsafeBufferPointer { tb in
                        weights.withUnsafeBufferPointer { wb in
                            let builder = CARTBuilder(
                                n: n, p: p, codes: cb.baseAddress!, order: ob.baseAddress!, exact: codes,
                                classCount: classCount, classes: classCount > 0 ? lb.baseAddress! : nil,
                                targets: classCount > 0 ? nil : tb.baseAddress!, settings: settings, weights: wb.baseAddress!)
                            return builder.build(random: &random)
                        }
                    }
                }
            }
        }
        try context.checkpoint(1, "tree")
        return DecisionTreeModel(task: data.task, featureCount: p, nodes: nodes)
    }
}

extension DecisionTreeModel: SplitImportance {
    public static let importanceMethod = "impurity"
    public var featureImportances: [Double]? { nodes.impurityImportances(roots: [0], featureCount: featureCount) }
}

/// A fitted `tree`.
public struct DecisionTreeModel: FittedModel {
    public static let kind = "tree"
    public let task: Task
    public let featureCount: Int
    let nodes: CARTNodes

    init(task: Task, featureCount: Int, nodes: CARTNodes) {
        self.task = task
        self.featureCount = featureCount
        self.nodes = nodes
    }

    /// Number of nodes, internal and leaves.
    public var nodeCount: Int { nodes.nodeCount }
    /// Number of leaves.
    public var leafCount: Int { nodes.leafCount }
    /// The depth of the deepest leaf (a lone root has depth 0).
    public var depth: Int {
        var deepest = 0
        var stack = [(0, 0)]
        while let (node, d) = stack.popLast() {
            if nodes.feature[node] < 0 { deepest = max(deepest, d); continue }
            stack.append((Int(nodes.left[node]), d + 1))
            stack.append((Int(nodes.right[node]), d + 1))
        }
        return deepest
    }

    private func leafValues(_ features: Tensor) throws -> [Double] {
        try TreeSupport.checkColumns(features, featureCount, model: Self.kind)
        var out = [Double](repeating: 0, count: features.rows * nodes.valueWidth)
        nodes.accumulate(features, roots: [0], scale: 1, into: &out)
        return out
    }

    public func predict(_ features: Tensor) throws -> [Double] {
        let values = try leafValues(features)
        return task.isClassification ? TreeSupport.argmaxRows(values, width: nodes.valueWidth) : values
    }

    public func predictProbabilities(_ features: Tensor) throws -> Tensor? {
        guard task.isClassification else { return nil }
        let values = try leafValues(features)
        return try Tensor(shape: [features.rows, nodes.valueWidth], storage: values)
    }

    public func encodeState() throws -> ModelState {
        var state = ModelState()
        state.strings["task"] = [task.rawValue]
        state.integers["feature_count"] = [featureCount]
        nodes.encode(into: &state)
        return state
    }

    public init(state: ModelState) throws {
        task = try TreeSupport.taskName(state)
        featureCount = try state.integer("feature_count")
        nodes = try CARTNodes(state: state, featureCount: featureCount)
        guard nodes.nodeCount > 0 else { throw MLError.corruptModel("the tree has no nodes") }
    }
}
