import Data
import Numeric

/// An estimator's fitted model (`algorithm`) with its preprocessing, target classes, feature
/// signature and lineage: one self-describing artifact (see `ModelCodec`). Immutable after
/// training.
public final class TrainedModel: @unchecked Sendable {
    public let spec: ModelSpec
    public let task: Task
    /// The target column's name; nil for a clustering model trained without one.
    public let target: String?
    /// Class labels in index order (classification only), as text.
    public let classes: [String]
    /// The signature: input columns the model reads and their types (`float64`, `string`…).
    public let featureNames: [String]
    public let featureTypes: [String]
    public let lineage: Lineage
    /// The estimator's fitted model (`LogisticRegressionModel`, `RidgeModel`…): it maps the
    /// preprocessed feature matrix to raw predictions, which this type turns into labels.
    public let algorithm: any FittedModel
    /// Preprocessing, fitted on the training data.
    public let encoder: FeatureEncoder
    let targetEncoding: TargetEncoding?

    init(spec: ModelSpec, task: Task, target: String?, targetEncoding: TargetEncoding?, encoder: FeatureEncoder,
         algorithm: any FittedModel, lineage: Lineage) {
        self.spec = spec
        self.task = task
        self.target = target
        self.targetEncoding = targetEncoding
        self.classes = targetEncoding?.classes ?? []
        self.featureNames = encoder.inputNames
        self.featureTypes = encoder.inputTypes.map(\.rawValue)
        self.encoder = encoder
        self.algorithm = algorithm
        self.lineage = lineage
    }

    /// The target column's type (`string`, `int64`…); nil for clustering.
    public var targetType: String? { targetEncoding?.type.rawValue }

    /// The user's preprocessing steps, as given.
    public var preprocessors: [PreprocessorSpec] { encoder.preprocessors }

    /// Columns of the model matrix after preprocessing (one-hot columns expanded).
    public var encodedFeatureNames: [String] { encoder.outputNames }

    /// The model matrix for `frame`: the training columns, preprocessed as at training.
    public func features(_ frame: Frame) throws -> Tensor {
        try encoder.transform(frame)
    }

    /// Predictions as a column named `prediction`: class labels in the target's own type
    /// (classification), float64 values (regression) or int64 cluster ids (clustering).
    public func predict(_ frame: Frame) throws -> Column {
        let raw = try algorithm.predict(try features(frame))
        switch task {
        case .binary, .multiclass:
            guard let targetEncoding else { throw MLError.corruptModel("a classifier without classes") }
            return targetEncoding.labels(try checkedIndices(raw, bound: classes.count), name: "prediction")
        case .regression:
            return .numeric("prediction", raw)
        case .clustering:
            return Column(name: "prediction", storage: .int64(raw.map { Int64($0) }, valid: nil))
        }
    }

    /// Class indices (into `classes`) or cluster indices. Regression models throw.
    public func predictIndices(_ frame: Frame) throws -> [Int] {
        guard task != .regression else {
            throw MLError.invalidData("a regression model predicts values, not classes", hint: "use predictValues")
        }
        let raw = try algorithm.predict(try features(frame))
        return try checkedIndices(raw, bound: task == .clustering ? Int.max : classes.count)
    }

    /// Regression values (class or cluster indices as doubles for other tasks).
    public func predictValues(_ frame: Frame) throws -> [Double] {
        try algorithm.predict(try features(frame))
    }

    /// n × classes probabilities, columns in `classes` order; nil where the model has none.
    public func predictProbabilities(_ frame: Frame) throws -> Tensor? {
        guard task.isClassification else { return nil }
        return try algorithm.predictProbabilities(try features(frame))
    }

    /// What the leakage guard in `evaluate` finds in `frame`.
    public enum Leakage: Equatable, Sendable {
        /// No evaluation row was trained on. `duplicates` rows equal a training row in every
        /// feature but are other rows of the same data (duplicates in the source): a warning.
        case none(duplicates: Int)
        /// `count` evaluation rows are rows the model was trained on: the same rows of the
        /// same data, by index.
        case trainedRows(Int)
        /// Data of another origin: `count` rows have the same feature values as training rows.
        case sameValues(Int)
    }

    /// The leakage guard. Rows drawn from the data the model was trained on (the same `split`
    /// or `kfold` source, or the training frame itself) are compared by identity, their row
    /// index in that data; rows of other data by content, their feature values.
    /// - Complexity: O(rows × features); the source's hash is computed at most once per split.
    public func leakage(in frame: Frame) -> Leakage {
        let matching = overlap(with: frame)
        // A row trained on has its training values, so no match by value means none by identity.
        guard matching > 0 else { return .none(duplicates: 0) }
        if let trained = lineage.origin {
            let identity = TrainingOrigin.identity(of: frame, target: target)
            if identity.source == trained.source && identity.sourceRows == trained.sourceRows {
                let used = identity.rows.reduce(0) { $0 + (trained.contains($1) ? 1 : 0) }
                return used > 0 ? .trainedRows(used) : .none(duplicates: matching)
            }
        }
        return .sameValues(matching)
    }

    /// How many rows of `frame` match a training row on the feature columns (the leakage
    /// guard's content test). A frame lacking a feature column shares no rows with the training data.
    public func overlap(with frame: Frame) -> Int {
        guard let hashes = try? Fingerprint.rows(frame, columns: lineage.fingerprintColumns) else { return 0 }
        var count = 0
        for h in hashes where lineage.hasRow(h) { count += 1 }
        return count
    }

    /// The true class indices of `frame`'s target (for evaluation). A frame without the
    /// target, or with a label not seen in training, is an error.
    public func targetIndices(_ frame: Frame) throws -> [Int] {
        guard task.isClassification, let targetEncoding else {
            throw MLError.invalidData("a \(task.rawValue) model has no class labels to compare", hint: nil)
        }
        return try targetEncoding.indices(try targetColumn(frame))
    }

    /// The true values of `frame`'s target (regression; class indices for classifiers).
    public func targetValues(_ frame: Frame) throws -> [Double] {
        guard let targetEncoding else {
            throw MLError.invalidData("a clustering model has no target to compare", hint: nil)
        }
        return try targetEncoding.encode(try targetColumn(frame))
    }

    private func targetColumn(_ frame: Frame) throws -> Column {
        guard let target else { throw MLError.invalidData("the model has no target column", hint: nil) }
        guard let index = frame.columnIndex(named: target) else {
            throw MLError.invalidData("the data has no target column '\(target)' to evaluate against",
                                      hint: "columns: \(frame.columnNames.joined(separator: ", "))")
        }
        return frame.columns[index]
    }

    private func checkedIndices(_ raw: [Double], bound: Int) throws -> [Int] {
        var out = [Int](repeating: 0, count: raw.count)
        for (i, x) in raw.enumerated() {
            guard x >= 0, x < Double(bound), x == x.rounded() else {
                throw MLError.corruptModel("\(spec.name) predicted \(x), not an index below \(bound)")
            }
            out[i] = Int(x)
        }
        return out
    }
}
