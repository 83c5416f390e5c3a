import Foundation
import LatheCore
import Data
import Numeric

/// What a model predicts.
public enum Task: String, Codable, Sendable, CaseIterable {
    case binary, multiclass, regression, clustering

    public var isClassification: Bool { self == .binary || self == .multiclass }
}

/// One hyperparameter, declared once per model: its type, default and valid values. The
/// checker, error messages, `:help` and the stored parameters all read this declaration.
public struct ParameterSpec: Sendable {
    /// The valid values besides null, as the language-wide constraint declares them.
    public typealias Kind = ParameterConstraint.Domain

    public var name: String
    public var kind: Kind
    public var defaultValue: Scalar
    /// Whether `null` is accepted (e.g. `max_depth: null` for unlimited).
    public var allowsNull: Bool
    public var doc: String

    public init(_ name: String, _ kind: Kind, default defaultValue: Scalar, allowsNull: Bool = false, doc: String) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.allowsNull = allowsNull
        self.doc = doc
    }

    /// The declaration's valid values; the checker and the Runtime test arguments against it.
    public var constraint: ParameterConstraint { ParameterConstraint(kind, allowsNull: allowsNull) }

    /// Checks a value against the declaration.
    public func validate(_ value: Scalar, model: String) throws {
        guard constraint.accepts(value) else {
            throw MLError.invalidParameter(
                model: model, name: name, expected: constraint.validDescription, found: value.description)
        }
    }
}

/// Validated hyperparameters of one spec, with typed accessors.
public struct Parameters: Codable, Equatable, Sendable {
    public private(set) var values: [String: Scalar]

    /// Fills defaults and validates every given value against `specs`; unknown names are errors
    /// that list the valid ones.
    public init(model: String, specs: [ParameterSpec], given: [String: Scalar]) throws {
        for name in given.keys where !specs.contains(where: { $0.name == name }) {
            throw MLError.unknownParameter(model: model, name: name, valid: specs.map(\.name))
        }
        var values: [String: Scalar] = [:]
        for spec in specs {
            let value = given[spec.name] ?? spec.defaultValue
            try spec.validate(value, model: model)
            values[spec.name] = value
        }
        self.values = values
    }

    public func number(_ name: String) -> Double {
        if case .number(let x)? = values[name] { return x }
        return .nan
    }

    public func integer(_ name: String) -> Int {
        if case .number(let x)? = values[name], x.isFinite { return Int(x) }
        return 0
    }

    /// nil when the value is `null`.
    public func optionalInteger(_ name: String) -> Int? {
        if case .number(let x)? = values[name], x.isFinite { return Int(x) }
        return nil
    }

    public func string(_ name: String) -> String {
        if case .string(let text)? = values[name] { return text }
        return ""
    }

    public func bool(_ name: String) -> Bool {
        if case .bool(let flag)? = values[name] { return flag }
        return false
    }
}

/// Features and targets ready for an algorithm: a row-major n×p matrix (no missing values
/// unless the estimator says it handles them) and, except for clustering, one target per row.
public struct TrainingData: Sendable {
    public var features: Tensor
    public var featureNames: [String]
    /// Class index (0..<classes.count) for classification, the value for regression, empty for clustering.
    public var target: [Double]
    /// Class labels in index order (classification only).
    public var classes: [String]
    public var task: Task
    /// Optional held-out data (early stopping in `boost`).
    public var validation: (features: Tensor, target: [Double])?
    /// One non-negative weight per row (sample weights times class weights), as scikit-learn's
    /// `sample_weight`; nil when every row counts once. Only estimators that declare
    /// `supportsSampleWeights` are given weights.
    public var weights: [Double]?

    public init(features: Tensor, featureNames: [String], target: [Double], classes: [String], task: Task,
                validation: (features: Tensor, target: [Double])? = nil) {
        self.features = features
        self.featureNames = featureNames
        self.target = target
        self.classes = classes
        self.task = task
        self.validation = validation
    }

    public var rowCount: Int { features.rows }
    public var featureCount: Int { features.columns }
}

/// Progress reporting and cancellation for long fits. Algorithms call `checkpoint` between
/// iterations (it throws `MLError.interrupted` when the user pressed Ctrl-C) and append to
/// the loss curve where there is one.
public final class FitContext: @unchecked Sendable {
    public let shouldStop: @Sendable () -> Bool
    public let progress: @Sendable (_ fraction: Double, _ message: String) -> Void
    public private(set) var lossCurve: [Double] = []
    private var warningMessages: [String] = []
    private var warningKeys: Set<String> = []
    private let warningLock = NSLock()

    public init(shouldStop: @escaping @Sendable () -> Bool = { false },
                progress: @escaping @Sendable (Double, String) -> Void = { _, _ in }) {
        self.shouldStop = shouldStop
        self.progress = progress
    }

    /// Reports progress and stops the fit if cancellation was requested.
    public func checkpoint(_ fraction: Double, _ message: String = "") throws {
        if shouldStop() { throw MLError.interrupted }
        progress(fraction, message)
    }

    public func recordLoss(_ loss: Double) { lossCurve.append(loss) }

    /// Records a warning for the caller to show once (a tuning run fits many models that may
    /// all give the same one): the first message for each `key` is kept. Fits may run on
    /// worker threads.
    public func warn(_ message: String, key: String? = nil) {
        warningLock.lock()
        defer { warningLock.unlock() }
        if warningKeys.insert(key ?? message).inserted { warningMessages.append(message) }
    }

    /// The distinct warnings so far, in the order first given.
    public var warnings: [String] {
        warningLock.lock()
        defer { warningLock.unlock() }
        return warningMessages
    }
}

/// An unfitted model kind: declares its parameters once and fits data into a `FittedModel`.
public protocol Estimator: Sendable {
    /// The name a user types: `logistic`, `forest`.
    static var name: String { get }
    static var parameters: [ParameterSpec] { get }
    static var tasks: Set<Task> { get }
    /// Whether NaN features may reach `fit`/`predict` (else the pipeline requires `impute`).
    static var handlesMissingValues: Bool { get }
    /// A one-line description for `:help`.
    static var summary: String { get }
    /// Whether `fit` honours `TrainingData.weights` (scikit-learn's `sample_weight`).
    static var supportsSampleWeights: Bool { get }
    /// Whether `train(..., class_weight:)` applies (scikit-learn's `class_weight`).
    static var supportsClassWeights: Bool { get }
    /// Whether `class_weight: "balanced"` counts each class by its sample weights rather than
    /// its rows: scikit-learn's `LogisticRegression` does, its trees and boosting do not.
    static var balancesWeightedCounts: Bool { get }

    var parameters: Parameters { get }
    init(parameters: Parameters)

    /// Fits the data. Deterministic for a given seed parameter.
    func fit(_ data: TrainingData, context: FitContext) throws -> FittedModel
}

extension Estimator {
    public static var supportsSampleWeights: Bool { false }
    public static var supportsClassWeights: Bool { false }
    public static var balancesWeightedCounts: Bool { false }

    /// Builds an estimator from user-given values, validating them against the declaration.
    public static func make(_ given: [String: Scalar]) throws -> Self {
        Self(parameters: try Parameters(model: name, specs: parameters, given: given))
    }
}

/// A fitted algorithm. Each estimator has its own, named after it (`LogisticRegression` fits
/// a `LogisticRegressionModel`); `TrainedModel.algorithm` holds it beside the preprocessing.
/// Predictions are class indices (classification), values (regression) or cluster indices
/// (clustering). The model round-trips through `ModelCodec` bit-exactly.
public protocol FittedModel: Sendable {
    /// Matches the estimator's `name`; the model codec dispatches on it.
    static var kind: String { get }
    func predict(_ features: Tensor) throws -> [Double]
    /// Class probabilities, n × classes; nil for models without them (regression, clustering).
    func predictProbabilities(_ features: Tensor) throws -> Tensor?
    /// The model's state as data (the codec writes it under "state").
    func encodeState() throws -> ModelState
    init(state: ModelState) throws
}

/// A fitted model's state: named arrays and scalars, enough to rebuild it exactly.
/// Doubles are stored by their bit patterns, so a saved model predicts bit for bit the same.
public struct ModelState: Codable, Equatable, Sendable {
    public var arrays: [String: [Double]] = [:]
    public var integers: [String: [Int]] = [:]
    public var strings: [String: [String]] = [:]

    public init() {}

    public func array(_ key: String) throws -> [Double] {
        guard let value = arrays[key] else { throw MLError.corruptModel("missing array '\(key)'") }
        return value
    }

    public func integerArray(_ key: String) throws -> [Int] {
        guard let value = integers[key] else { throw MLError.corruptModel("missing integers '\(key)'") }
        return value
    }

    public func scalar(_ key: String) throws -> Double {
        let values = try array(key)
        guard values.count == 1 else { throw MLError.corruptModel("'\(key)' is not a scalar") }
        return values[0]
    }

    public func integer(_ key: String) throws -> Int {
        let values = try integerArray(key)
        guard values.count == 1 else { throw MLError.corruptModel("'\(key)' is not a scalar") }
        return values[0]
    }

    enum CodingKeys: String, CodingKey { case arrays, integers, strings }

    // Bit patterns, not decimal text: the round trip must be exact, NaN payloads included.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let bits = try container.decode([String: [UInt64]].self, forKey: .arrays)
        arrays = bits.mapValues { $0.map(Double.init(bitPattern:)) }
        integers = try container.decode([String: [Int]].self, forKey: .integers)
        strings = try container.decode([String: [String]].self, forKey: .strings)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(arrays.mapValues { $0.map(\.bitPattern) }, forKey: .arrays)
        try container.encode(integers, forKey: .integers)
        try container.encode(strings, forKey: .strings)
    }
}
