import Dispatch
import Numeric

/// `forest(trees:, max_depth:, max_features:, min_samples_leaf:, seed:)`: a random forest,
/// as scikit-learn's `RandomForestClassifier`/`RandomForestRegressor`.
///
/// Each tree sees a bootstrap sample of the rows (drawn rows weighted by how often they
/// were drawn) and examines a random subset of the features at each split (features found
/// constant in a node do not count toward the subset, as in scikit-learn). Classification
/// averages the trees' class probabilities; regression averages their predictions.
///
/// Trees are built on all cores. Tree `i` draws from its own generator, seeded from
/// `seed` and `i`, and results are combined in tree order, so a seed gives the same model
/// whatever the scheduling.
/// - Complexity: per tree as `tree`, with `max_features` features per node.
public struct RandomForest: Estimator {
    public static let name = "forest"
    public static let summary = "random forest of CART trees on bootstrap samples"
    public static let tasks: Set<Task> = [.binary, .multiclass, .regression]
    public static let supportsSampleWeights = true
    public static let supportsClassWeights = true
    public static let handlesMissingValues = false

    public static let parameters: [ParameterSpec] = [
        ParameterSpec("trees", .integer(1...100_000), default: .number(100), doc: "number of trees"),
        ParameterSpec("max_depth", .integer(1...100_000), default: .null, allowsNull: true,
                      doc: "deepest level a node may have; null grows until leaves are pure"),
        ParameterSpec("max_features", .choice(["sqrt", "log2", "all"]), default: .null, allowsNull: true,
                      doc: "features examined per split; null means sqrt for classification and all for regression"),
        ParameterSpec("min_samples_leaf", .integer(1...1_000_000_000), default: .number(1),
                      doc: "fewest training rows in a leaf"),
        ParameterSpec("seed", .integer(0...(1 << 53)), default: .number(0), doc: "random seed (bootstrap and feature draws)"),
    ]

    public let parameters: Parameters
    /// Builds the trees one after another on the calling thread (tests compare the two).
    var serial = false

    public init(parameters: Parameters) { self.parameters = parameters }

    /// The number of features examined per split for `p` features.
    static func featuresPerSplit(_ choice: String, p: Int, task: Task) -> Int {
        switch choice {
        case "sqrt": return max(1, Int(Double(p).squareRoot()))
        case "log2": return max(1, Int(log2(Double(p))))
        case "all": return p
        default: return task.isClassification ? max(1, Int(Double(p).squareRoot())) : p
        }
    }

    public func fit(_ data: TrainingData, context: FitContext) throws -> FittedModel {
        try TreeSupport.check(data, model: Self.name, tasks: Self.tasks, allowNaN: false)
        try context.checkpoint(0, "forest")
        let n = data.rowCount, p = data.featureCount
        let treeCount = parameters.integer("trees"), seed = parameters.integer("seed")
        let settings = CARTSettings(
            maxDepth: parameters.optionalInteger("max_depth") ?? Int.max,
            minSamplesLeaf: parameters.integer("min_samples_leaf"),
            criterion: data.task.isClassification ? .gini : .squaredError,
            maxFeatures: Self.featuresPerSplit(parameters.string("max_features"), p: p, task: data.task))
        let codes = ExactCodes(data.features)
        try context.checkpoint(0.05, "forest")
        let classCount = data.task.isClassification ? data.classes.count : 0
        let labels = data.target.map { Int32(clamping: Int($0.isFinite ? $0 : 0)) }

        let results = UnsafeMutableBufferPointer<CARTNodes?>.allocate(capacity: treeCount)
        results.initialize(repeating: nil)
        defer { results.deinitialize(); results.deallocate() }
        let bookkeeping = DispatchQueue(label: "lathe.forest.progress")
        var finished = 0, stopped = false

        codes.codes.withUnsafeBufferPointer { cb in
        codes.order.withUnsafeBufferPointer { ob in
        labels.withUnsafeBufferPointer { lb in
        data.target.withUnsafeBufferPointer { tb in
            let build = { (t: Int) in
                if bookkeeping.sync(execute: { stopped }) { return }
                var random = RandomGenerator(seed: TreeSupport.derivedSeed(seed, t))
                var weights = [Double](repeating: 0, count: n)
                for _ in 0..<n { weights[random.integer(below: n)] += 1 }
                // scikit-learn's forest: the bootstrap counts times the sample (and class) weights.
                if let given = data.weights { for i in 0..<n { weights[i] *= given[i] } }
                let nodes = weights.withUnsafeBufferPointer { wb in
                    CARTBuilder(n: n, p: p, codes: cb.baseAddress!, order: ob.baseAddress!, exact: codes,
                                classCount: classCount, classes: classCount > 0 ? lb.baseAddress! : nil,
                                targets: classCount > 0 ? nil : tb.baseAddress!, settings: settings, weights: wb.baseAddress!)
                        .build(random: &random)
                }
                results[t] = nodes
                bookkeeping.sync {
                    finished += 1
                    if context.shouldStop() { stopped = true; return }
                    context.progress(0.05 + 0.95 * Double(finished) / Double(treeCount), "forest: \(finished)/\(treeCount) trees")
                }
            }
            // One task a tree, each from its own seed: the forest does not depend on the workers.
            Parallelism.forEach(treeCount, workers: serial ? 1 : Parallelism.workers, build)
        }}}}
        if stopped { throw MLError.interrupted }
        try context.checkpoint(1, "forest")

        var nodes = CARTNodes(valueWidth: classCount > 0 ? classCount : 1)
        var roots = [Int]()
        roots.reserveCapacity(treeCount)
        for t in 0..<treeCount { roots.append(nodes.append(results[t]!)) }
        return RandomForestModel(task: data.task, featureCount: p, nodes: nodes, roots: roots)
    }
}

extension RandomForestModel: SplitImportance {
    public static let importanceMethod = "impurity"
    public var featureImportances: [Double]? { nodes.impurityImportances(roots: roots, featureCount: featureCount) }
}

/// A fitted `forest`.
public struct RandomForestModel: FittedModel {
    public static let kind = "forest"
    public let task: Task
    public let featureCount: Int
    let nodes: CARTNodes
    /// The root node of each tree in `nodes`.
    let roots: [Int]

    init(task: Task, featureCount: Int, nodes: CARTNodes, roots: [Int]) {
        self.task = task
        self.featureCount = featureCount
        self.nodes = nodes
        self.roots = roots
    }

    public var treeCount: Int { roots.count }
    /// Nodes over all trees.
    public var nodeCount: Int { nodes.nodeCount }

    /// Mean over the trees of their leaf values: summed in tree order, then divided.
    private func averaged(_ features: Tensor) throws -> [Double] {
        try TreeSupport.checkColumns(features, featureCount, model: Self.kind)
        var out = [Double](repeating: 0, count: features.rows * nodes.valueWidth)
        nodes.accumulate(features, roots: roots, scale: 1, into: &out)
        let count = Double(roots.count)
        for i in 0..<out.count { out[i] /= count }
        return out
    }

    public func predict(_ features: Tensor) throws -> [Double] {
        let values = try averaged(features)
        return task.isClassification ? TreeSupport.argmaxRows(values, width: nodes.valueWidth) : values
    }

    public func predictProbabilities(_ features: Tensor) throws -> Tensor? {
        guard task.isClassification else { return nil }
        return try Tensor(shape: [features.rows, nodes.valueWidth], storage: try averaged(features))
    }

    public func encodeState() throws -> ModelState {
        var state = ModelState()
        state.strings["task"] = [task.rawValue]
        state.integers["feature_count"] = [featureCount]
        state.integers["roots"] = roots
        nodes.encode(into: &state)
        return state
    }

    public init(state: ModelState) throws {
        task = try TreeSupport.taskName(state)
        featureCount = try state.integer("feature_count")
        nodes = try CARTNodes(state: state, featureCount: featureCount)
        roots = try state.integerArray("roots")
        guard !roots.isEmpty, roots.allSatisfy({ $0 >= 0 && $0 < nodes.nodeCount }) else {
            throw MLError.corruptModel("forest roots are out of range")
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif
