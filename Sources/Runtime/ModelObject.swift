import LatheCore
import Data
import IR
import ML

/// An unfitted model spec as a language value: `logistic(C: 0.5)`.
public final class ModelSpecObject: HandleObject {
    public let spec: ModelSpec

    public init(_ spec: ModelSpec) {
        self.spec = spec
        super.init()
    }

    public override var typeName: String { "model spec" }
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

    public override var typeName: String { "preprocessor" }
    public override var summary: String { ModelSpecObject.describe(name: spec.name, parameters: spec.parameters) }
}

/// A fitted model, with its preprocessing and lineage: what `train` returns.
public final class ModelObject: HandleObject {
    public let model: TrainedModel

    public init(_ model: TrainedModel) {
        self.model = model
        super.init()
    }

    public override var typeName: String { "model" }

    public override var summary: String {
        var lines = ["model \(ModelSpecObject.describe(name: model.spec.name, parameters: model.spec.parameters))"]
        lines.append("  task: \(model.task.rawValue)" + (model.target.map { ", target: \($0)" } ?? ""))
        if !model.classes.isEmpty { lines.append("  classes: \(model.classes.joined(separator: ", "))") }
        lines.append("  features: \(model.featureNames.count) (\(model.featureNames.prefix(6).joined(separator: ", "))\(model.featureNames.count > 6 ? ", …" : ""))")
        lines.append("  trained on \(model.lineage.rowCount) rows in \(Scalar.format(number: (model.lineage.durationSeconds * 1000).rounded() / 1000)) s")
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

    public override var typeName: String { "report" }
    public override var summary: String { report.rendered() }

    public override func field(_ name: String, symbols: SymbolTable) throws -> Value? {
        if let value = report[name] { return .number(value) }
        switch name {
        case "task": return .string(report.task.rawValue)
        case "classes": return .list(report.classes.map { .string($0) })
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
