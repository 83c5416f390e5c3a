import LatheCore
import Data
import Foundation
import Numeric

/// The model file: one self-describing JSON document holding the spec, the fitted
/// preprocessing, the target classes, the feature signature, the algorithm's state and the
/// lineage. Doubles in states are stored by bit pattern, so a loaded model predicts bit for
/// bit what the saved one did. Keys are sorted: the same model always gives the same bytes.
///
/// ```
/// {"format":"lathe-model","version":1,"kind":"logistic",
///  "spec":{"name":"logistic","parameters":{"C":1,"max_iter":100,"tol":0.0001}},
///  "task":"binary","target":"y","classes":["no","yes"],"features":[…],"prep":[…],
///  "model":{"arrays":{…},"integers":{…},"strings":{…}},"lineage":{…}}
/// ```
public enum ModelCodec {
    public static let format = "lathe-model"
    public static let formatVersion = 1

    public static func encode(_ model: TrainedModel) throws -> [UInt8] {
        let target = model.targetEncoding
        let envelope = Envelope(
            format: format, version: formatVersion, kind: type(of: model.algorithm).kind,
            spec: SpecRecord(name: model.spec.name, parameters: model.spec.parameters.values.mapValues(StoredParameter.init)),
            task: model.task, target: model.target, targetType: target?.type.rawValue,
            classes: target?.classes ?? [], classValues: (target?.classValues ?? []).map(\.bitPattern),
            features: model.encoder.inputNames, featureTypes: model.encoder.inputTypes.map(\.rawValue),
            encodedFeatures: model.encoder.outputNames, rejectsMissingFor: model.encoder.rejectsMissingFor,
            prep: model.encoder.steps.map {
                StepRecord(name: $0.spec.name, parameters: $0.spec.parameters.values.mapValues(StoredParameter.init),
                           automatic: $0.automatic, state: $0.state)
            },
            model: try model.algorithm.encodeState(), lineage: model.lineage)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Array(try encoder.encode(envelope))
    }

    /// Rebuilds a model. A file from a newer format is `MLError.newerFormat`; anything that is
    /// not a well-formed model file is `MLError.corruptModel`; a model kind missing from
    /// `registry` is `MLError.unknownModel`.
    public static func decode(_ bytes: [UInt8], registry: [any Estimator.Type]) throws -> TrainedModel {
        let data = Foundation.Data(bytes)
        let decoder = JSONDecoder()
        guard let header = try? decoder.decode(Header.self, from: data) else {
            throw MLError.corruptModel("not a lathe model file (not a JSON object)")
        }
        guard header.format == format, let version = header.version else {
            throw MLError.corruptModel("not a lathe model file (no \"format\": \"\(format)\")")
        }
        if version > formatVersion { throw MLError.newerFormat(found: version, supported: formatVersion) }
        guard version >= 1 else { throw MLError.corruptModel("format version \(version) is not valid") }
        let envelope: Envelope
        do {
            envelope = try decoder.decode(Envelope.self, from: data)
        } catch let error as MLError {
            throw error
        } catch {
            throw MLError.corruptModel(describe(error))
        }

        guard let kind = registry.first(where: { $0.name == envelope.spec.name }) else {
            throw MLError.unknownModel(name: envelope.spec.name, known: registry.map { $0.name })
        }
        let estimator: any Estimator
        do {
            estimator = try kind.make(envelope.spec.parameters.mapValues(\.value))
        } catch let error as MLError {
            throw MLError.corruptModel("stored parameters are not valid: \(error.message)")
        }
        guard let loadable = kind as? any LoadableEstimator.Type else {
            throw MLError.corruptModel("\(kind.name) models cannot be loaded: the estimator names no fitted model type")
        }
        let fittedType = loadable.fittedModelType
        guard fittedType.kind == envelope.kind else {
            throw MLError.corruptModel("model kind '\(envelope.kind)' does not match spec '\(envelope.spec.name)'")
        }
        let classCount = envelope.task.isClassification ? envelope.classes.count : 0
        guard kind.tasks.contains(envelope.task) else {
            throw MLError.corruptModel("a \(kind.name) model cannot do the \(envelope.task.rawValue) task the file names")
        }
        guard !envelope.features.isEmpty, !envelope.encodedFeatures.isEmpty else {
            throw MLError.corruptModel("the model lists no feature columns")
        }
        // Checked before init(state:), which may multiply shapes or narrow indices.
        try ModelFileCheck.checkState(envelope.model, ModelFileCheck.Sizes(
            kind: fittedType.kind, task: envelope.task, features: envelope.encodedFeatures.count, classes: classCount))
        let algorithm = try fittedType.init(state: envelope.model)

        var steps: [FittedPreprocessor] = []
        for record in envelope.prep {
            guard let step = PreprocessorSpec.kind(named: record.name) else {
                throw MLError.corruptModel("unknown preprocessing step '\(record.name)'")
            }
            let parameters: Parameters
            do {
                parameters = try Parameters(model: step.name, specs: step.parameters, given: record.parameters.mapValues(\.value))
            } catch {
                throw MLError.corruptModel("stored parameters of \(record.name)() are not valid: \((error as? MLError)?.message ?? "\(error)")")
            }
            try ModelFileCheck.checkStep(record.name, record.state)
            steps.append(FittedPreprocessor(spec: PreprocessorSpec(name: record.name, parameters: parameters),
                                            state: record.state, automatic: record.automatic))
        }
        let types = try envelope.featureTypes.map { name -> ColumnType in
            guard let type = ColumnType(rawValue: name) else { throw MLError.corruptModel("unknown column type '\(name)'") }
            return type
        }
        guard types.count == envelope.features.count else { throw MLError.corruptModel("feature names and types differ in length") }
        let encoder = FeatureEncoder(inputNames: envelope.features, inputTypes: types, outputNames: envelope.encodedFeatures,
                                     steps: steps, rejectsMissingFor: envelope.rejectsMissingFor)

        try dryRun(encoder)

        var targetEncoding: TargetEncoding?
        if envelope.task != .clustering && (envelope.target == nil || envelope.targetType == nil) {
            throw MLError.corruptModel("a \(envelope.task.rawValue) model without a target column")
        }
        if let target = envelope.target, let typeName = envelope.targetType {
            guard let type = ColumnType(rawValue: typeName) else { throw MLError.corruptModel("unknown target type '\(typeName)'") }
            try ModelFileCheck.checkTarget(type: type, task: envelope.task, classes: envelope.classes,
                                           classValues: envelope.classValues.map(Double.init(bitPattern:)))
            targetEncoding = TargetEncoding(name: target, type: type, task: envelope.task, classes: envelope.classes,
                                            classValues: envelope.classValues.map(Double.init(bitPattern:)))
        }
        if envelope.task.isClassification && (targetEncoding?.classes.count ?? 0) < 2 {
            throw MLError.corruptModel("a classifier with fewer than two classes")
        }
        return TrainedModel(spec: ModelSpec(estimator: estimator), task: envelope.task, target: envelope.target,
                            targetEncoding: targetEncoding, encoder: encoder, algorithm: algorithm, lineage: envelope.lineage)
    }

    /// Replays the preprocessing on no rows of the declared input columns: every step's state
    /// is read and the columns it produces must be the recorded model matrix columns.
    private static func dryRun(_ encoder: FeatureEncoder) throws {
        let columns = zip(encoder.inputNames, encoder.inputTypes).map { name, type -> Column in
            switch type {
            case .float64: return Column(name: name, storage: .float64([]))
            case .int64: return Column(name: name, storage: .int64([], valid: nil))
            case .bool: return Column(name: name, storage: .bool([], valid: nil))
            case .string: return Column(name: name, storage: .categorical(codes: [], categories: []))
            case .datetime: return Column(name: name, storage: .datetime([], valid: nil))
            }
        }
        guard let frame = try? Frame(columns: columns) else {
            throw MLError.corruptModel("the feature column names are not distinct")
        }
        do {
            _ = try encoder.transform(frame)
        } catch let error as MLError {
            if case .corruptModel = error { throw error }
            throw MLError.corruptModel("its preprocessing cannot run: \(error.message)")
        }
    }

    /// `decode` for a file at `path`: a damaged file's error names the path.
    public static func load(_ bytes: [UInt8], path: String, registry: [any Estimator.Type]) throws -> TrainedModel {
        do {
            return try decode(bytes, registry: registry)
        } catch MLError.corruptModel(let problem) {
            throw MLError.damagedModelFile(path: path, problem: problem)
        }
    }

    private static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "missing field '\((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))'"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "unexpected value at '\(context.codingPath.map(\.stringValue).joined(separator: "."))'"
        case DecodingError.dataCorrupted(let context):
            return "malformed JSON\(context.codingPath.isEmpty ? "" : " at '\(context.codingPath.map(\.stringValue).joined(separator: "."))'")"
        default:
            return "\(error)"
        }
    }

    struct Header: Decodable {
        var format: String?
        var version: Int?
    }

    struct SpecRecord: Codable {
        var name: String
        var parameters: [String: StoredParameter]
    }

    struct StepRecord: Codable {
        var name: String
        var parameters: [String: StoredParameter]
        var automatic: Bool
        var state: ModelState
    }

    struct Envelope: Codable {
        var format: String
        var version: Int
        var kind: String
        var spec: SpecRecord
        var task: Task
        var target: String?
        var targetType: String?
        var classes: [String]
        var classValues: [UInt64]
        var features: [String]
        var featureTypes: [String]
        var encodedFeatures: [String]
        var rejectsMissingFor: String?
        var prep: [StepRecord]
        var model: ModelState
        var lineage: Lineage
    }
}

/// A parameter value as plain JSON: `null`, `true`, `1.5`, `"gini"`.
struct StoredParameter: Codable, Equatable {
    var value: Scalar

    init(_ value: Scalar) { self.value = value }

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { value = .null }
        else if let flag = try? c.decode(Bool.self) { value = .bool(flag) }
        else if let x = try? c.decode(Double.self) { value = .number(x) }
        else { value = .string(try c.decode(String.self)) }
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch value {
        case .null: try c.encodeNil()
        case .bool(let flag): try c.encode(flag)
        case .number(let x): try c.encode(x)
        case .string(let text): try c.encode(text)
        }
    }
}

extension Parameters {
    /// Parameters read back from storage without their declarations (the lineage): each value
    /// is accepted as it is.
    init(stored values: [String: Scalar]) throws {
        let specs = values.map { name, value -> ParameterSpec in
            switch value {
            case .bool: return ParameterSpec(name, .bool, default: value, doc: "")
            case .string(let text): return ParameterSpec(name, .choice([text]), default: value, doc: "")
            case .number, .null: return ParameterSpec(name, .number(nil), default: value, allowsNull: true, doc: "")
            }
        }
        try self.init(model: "stored", specs: specs, given: values)
    }
}
