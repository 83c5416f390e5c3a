import LatheCore
import Check
import Data
import IR
import ML
import Store
import VM

/// An unfitted model spec as a language value: `logistic(C: 0.5)`.
public final class ModelSpecObject: HandleObject {
    public let spec: ModelSpec

    public init(_ spec: ModelSpec) {
        self.spec = spec
        super.init()
    }

    /// The model spec kind.
    public static let kind = ValueKind(
        "model spec", doc: "an unfitted model and its hyperparameters, e.g. logistic(C: 0.5)",
        fields: [
            FieldDeclaration("name", .string, doc: "the model's name, e.g. \"logistic\""),
            FieldDeclaration("params", .record, doc: "every hyperparameter, defaults filled in"),
        ])

    public override var valueKind: ValueKind { ModelSpecObject.kind }
    public override var summary: String { ModelSpecObject.describe(name: spec.name, parameters: spec.parameters) }

    static func describe(name: String, parameters: Parameters) -> String {
        let shown = parameters.values.keys.sorted().map { "\($0): \(parameters.values[$0]!)" }
        return "\(name)(\(shown.joined(separator: ", ")))"
    }

    public override func field(_ name: String, symbols: SymbolTable) throws -> Value? {
        if name == "name" { return .string(spec.name) }
        if name == "params" { return ModelObject.record(parameters: spec.parameters, symbols: symbols) }
        return nil
    }
}

/// An unfitted preprocessing step as a language value: `impute(strategy: "median")`.
public final class PreprocessorObject: HandleObject {
    public let spec: PreprocessorSpec

    public init(_ spec: PreprocessorSpec) {
        self.spec = spec
        super.init()
    }

    /// The preprocessor kind.
    public static let kind = ValueKind(
        "preprocessor", doc: "an unfitted preprocessing step for train(prep: [...])")

    public override var valueKind: ValueKind { PreprocessorObject.kind }
    public override var summary: String { ModelSpecObject.describe(name: spec.name, parameters: spec.parameters) }
}

/// A fitted model, with its preprocessing and lineage: what `train` returns, and what
/// `model("name@alias")` loads back with its registration.
public final class ModelObject: HandleObject {
    public let model: TrainedModel
    /// The run that trained it, when the training was tracked.
    public let runUUID: String?
    /// The registry version it was loaded from or registered as; nil for a fresh model.
    public var registration: ModelVersionRecord?
    /// The data it was trained on, while this process has it: `register` keeps a sample of
    /// it as the model's monitoring reference. Frames share storage, so this costs no copy.
    public let trainingData: Frame?

    public init(_ model: TrainedModel, runUUID: String? = nil, registration: ModelVersionRecord? = nil, trainingData: Frame? = nil) {
        self.model = model
        self.runUUID = runUUID ?? registration?.runUUID
        self.registration = registration
        self.trainingData = trainingData
        super.init()
    }

    /// The model kind: what `train` returns.
    public static let kind = ValueKind(
        "model", doc: "a fitted model with its preprocessing and lineage",
        fields: [
            FieldDeclaration("task", .string, doc: "binary, multiclass, regression or clustering"),
            FieldDeclaration("target", .string, doc: "the target column, or null for clustering"),
            FieldDeclaration("classes", .list, doc: "class labels in index order (classification)"),
            FieldDeclaration("features", .list, doc: "the input columns the model reads"),
            FieldDeclaration("spec", .modelSpec, doc: "the spec it was trained from"),
            FieldDeclaration("params", .record, doc: "the hyperparameters"),
            FieldDeclaration("loss_curve", .list, doc: "training loss per iteration or round"),
            FieldDeclaration("duration", .number, doc: "training time in seconds"),
            FieldDeclaration("fingerprint", .string, doc: "content hash of the training data"),
            FieldDeclaration("rows", .number, doc: "how many rows it was trained on"),
            FieldDeclaration("name", .string, doc: "its registered name, or null before register"),
            FieldDeclaration("version", .number, doc: "its registered version, or null before register"),
            FieldDeclaration("aliases", .list, doc: "the aliases that point at this version"),
            FieldDeclaration("metrics", .record, doc: "the metrics registered with it ({} before register)"),
            FieldDeclaration("signature", .record, doc: "{task, target, target_type, classes, features: [{name, type}]}"),
            FieldDeclaration("lineage", .record, doc: "{model, params, preprocessors, data_fingerprint, rows, trained_at, duration, source, run}"),
            FieldDeclaration("run", .string, doc: "the id (uuid) of the run that trained it, or null"),
            FieldDeclaration("coefficients", .dataset,
                             doc: "linear models: feature ((intercept) first, one-hot as column=value) and coefficient, or one column per class"),
            FieldDeclaration("importance", .dataset,
                             doc: "feature and importance, largest first: impurity (tree, forest) or gain (boost) summing to 1, |coefficient| x std (linear)"),
        ])

    public override var valueKind: ValueKind { ModelObject.kind }

    public override var summary: String {
        var lines = ["model \(ModelSpecObject.describe(name: model.spec.name, parameters: model.spec.parameters))"]
        lines.append("  task: \(model.task.rawValue)" + (model.target.map { ", target: \($0)" } ?? ""))
        if !model.classes.isEmpty { lines.append("  classes: \(model.classes.joined(separator: ", "))") }
        lines.append("  features: \(model.featureNames.count) (\(model.featureNames.prefix(6).joined(separator: ", "))\(model.featureNames.count > 6 ? ", …" : ""))")
        lines.append("  trained on \(model.lineage.rowCount) rows in \(Scalar.format(number: (model.lineage.durationSeconds * 1000).rounded() / 1000)) s")
        if let top = ModelExplanationFields.summaryLine(model) { lines.append(top) }
        return lines.joined(separator: "\n")
    }

    public override func field(_ name: String, symbols: SymbolTable) throws -> Value? {
        switch name {
        case "task": return .string(model.task.rawValue)
        case "target": return model.target.map { .string($0) } ?? .null
        case "classes": return .list(model.classes.map { .string($0) })
        case "features": return .list(model.featureNames.map { .string($0) })
        case "spec": return .object(ModelSpecObject(model.spec))
        case "params": return ModelObject.record(parameters: model.spec.parameters, symbols: symbols)
        case "loss_curve": return .list(model.lineage.lossCurve.map { .number($0) })
        case "duration": return .number(model.lineage.durationSeconds)
        case "fingerprint": return .string(model.lineage.dataFingerprint)
        case "rows": return .number(Double(model.lineage.rowCount))
        case "name": return registration.map { .string($0.name) } ?? .null
        case "version": return registration.map { .number(Double($0.version)) } ?? .null
        case "aliases": return .list((registration?.aliases ?? []).map { .string($0) })
        case "metrics":
            let metrics = registration?.metrics ?? []
            return .object(RecordObject(keys: metrics.map { symbols.intern($0.name) }, values: metrics.map { .number($0.value) }))
        case "signature": return ModelMetadata.signatureValue(model, symbols: symbols)
        case "lineage": return ModelMetadata.lineageValue(model, run: runUUID, symbols: symbols)
        case "run": return runUUID.map { .string($0) } ?? .null
        case "coefficients": return try ModelExplanationFields.coefficients(model)
        case "importance": return try ModelExplanationFields.importance(model)
        default: return nil
        }
    }

    static func record(parameters: Parameters, symbols: SymbolTable) -> Value {
        let names = parameters.values.keys.sorted()
        return .object(RecordObject(
            keys: names.map { symbols.intern($0) },
            values: names.map { Value(parameters.values[$0] ?? .null) }))
    }
}

/// An evaluation report: every metric that fits the task, as fields (`r.accuracy`), printed as a table.
public final class ReportObject: HandleObject {
    public let report: EvaluationReport

    public init(_ report: EvaluationReport) {
        self.report = report
        super.init()
    }

    /// The report kind: each metric is a field; a report has those that fit its task.
    public static let kind = ValueKind(
        "report", doc: "an evaluation: the metrics that fit the task, a confusion matrix, per-class scores",
        fields: Task.allCases.flatMap { EvaluationReport.metricNames(for: $0) }.reduce(into: [String]()) { names, name in
            if !names.contains(name) { names.append(name) }  // binary and multiclass share their metrics
        }.map {
            FieldDeclaration($0, .number, doc: "metric (\(EvaluationReport.isLowerBetter($0) ? "lower" : "higher") is better)")
        } + [
            FieldDeclaration("task", .string, doc: "the task the model was evaluated on"),
            FieldDeclaration("classes", .list, doc: "class labels (classification)"),
            FieldDeclaration("positive_class", .string, doc: "the class precision, recall, f1 and roc_auc are of (binary; else null)"),
            FieldDeclaration("metrics", .record, doc: "every metric of this report, by name"),
            FieldDeclaration("confusion", .list, doc: "the confusion matrix, rows are true classes (or null)"),
            FieldDeclaration("per_class", .list, doc: "{label, precision, recall, f1, support} per class"),
            FieldDeclaration("on_training_rows", .bool, doc: "whether rows the model was fitted on were evaluated (allowed for clustering)"),
        ])

    public override var valueKind: ValueKind { ReportObject.kind }
    public override var summary: String { report.rendered() }

    public override func field(_ name: String, symbols: SymbolTable) throws -> Value? {
        if let value = report[name] { return .number(value) }
        switch name {
        case "task": return .string(report.task.rawValue)
        case "on_training_rows": return .bool(report.onTrainingRows)
        case "classes": return .list(report.classes.map { .string($0) })
        case "positive_class": return report.positiveClass.map { .string($0) } ?? .null
        case "metrics":
            return .object(RecordObject(
                keys: report.metrics.map { symbols.intern($0.name) },
                values: report.metrics.map { .number($0.value) }))
        case "confusion":
            guard let confusion = report.confusion else { return .null }
            return .list(confusion.map { row in .list(row.map { .number(Double($0)) }) })
        case "per_class":
            let keys = ["label", "precision", "recall", "f1", "support"].map { symbols.intern($0) }
            return .list(report.perClass.map { entry in
                .object(RecordObject(keys: keys, values: [
                    .string(entry.label), .number(entry.precision), .number(entry.recall), .number(entry.f1),
                    .number(Double(entry.support)),
                ]))
            })
        default:
            return nil
        }
    }
}

extension ValueType {
    /// A model spec (`ModelSpecObject.kind`).
    public static let modelSpec = ValueType.kind("model spec")
    /// A preprocessor (`PreprocessorObject.kind`).
    public static let preprocessor = ValueType.kind("preprocessor")
    /// A fitted model (`ModelObject.kind`).
    public static let model = ValueType.kind("model")
    /// An evaluation report (`ReportObject.kind`).
    public static let report = ValueType.kind("report")
}
