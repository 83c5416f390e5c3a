import Data
import Foundation
import IR
import LatheCore
import ML
import Store
import VM

/// A model's signature and lineage, as language records (`m.signature`, `m.lineage`) and as
/// the JSON text the registry stores. Both come from the same dictionaries, so the CLI's
/// `lathe models show` and the language agree.
enum ModelMetadata {
    static func signature(_ model: TrainedModel) -> [(String, Any)] {
        [
            ("task", model.task.rawValue),
            ("target", model.target ?? NSNull()),
            ("target_type", model.targetType ?? NSNull()),
            ("classes", model.classes),
            ("features", zip(model.featureNames, model.featureTypes).map { ["name": $0, "type": $1] }),
        ]
    }

    static func lineage(_ model: TrainedModel, run: String?) -> [(String, Any)] {
        let lineage = model.lineage
        return [
            ("model", lineage.model),
            ("params", Dictionary(uniqueKeysWithValues: lineage.parameters.values.map { ($0.key, RunRecording.text($0.value)) })),
            ("preprocessors", lineage.preprocessors),
            ("data_fingerprint", lineage.dataFingerprint),
            ("rows", lineage.rowCount),
            ("trained_at", lineage.trainedAt),
            ("duration", lineage.durationSeconds),
            ("source", lineage.origin?.source ?? NSNull()),
            ("run", run ?? NSNull()),
        ]
    }

    static func json(_ pairs: [(String, Any)]) -> String {
        json(Dictionary(uniqueKeysWithValues: pairs))
    }

    static func json(_ object: Any) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    static func signatureValue(_ model: TrainedModel, symbols: SymbolTable) -> Value {
        record(signature(model), symbols: symbols)
    }

    static func lineageValue(_ model: TrainedModel, run: String?, symbols: SymbolTable) -> Value {
        record(lineage(model, run: run), symbols: symbols)
    }

    /// A JSON-like Swift value as a language value: dictionaries become records (keys sorted
    /// unless ordered pairs are given), arrays lists.
    static func value(_ object: Any, symbols: SymbolTable) -> Value {
        switch object {
        case let text as String: return .string(text)
        case let flag as Bool: return .bool(flag)
        case let number as Int: return .number(Double(number))
        case let number as Double: return .number(number)
        case let items as [Any]: return .list(items.map { value($0, symbols: symbols) })
        case let fields as [String: Any]:
            return record(fields.keys.sorted().map { ($0, fields[$0] as Any) }, symbols: symbols)
        default: return .null
        }
    }

    static func record(_ pairs: [(String, Any)], symbols: SymbolTable) -> Value {
        .object(RecordObject(keys: pairs.map { symbols.intern($0.0) }, values: pairs.map { value($0.1, symbols: symbols) }))
    }

    /// The monitoring reference `register` keeps: the model's features and target from its
    /// training data, at most `limit` rows drawn with a fixed seed (so the same data gives
    /// the same sample), or the sample of the version it was loaded from.
    static func referenceSample(_ object: ModelObject, limit: Int, store: Store) throws -> (bytes: [UInt8], rows: Int)? {
        guard limit > 0 else { return nil }
        if let data = object.trainingData {
            let model = object.model
            let names = (model.featureNames + (model.target.map { [$0] } ?? [])).filter { data.columnIndex(named: $0) != nil }
            var sample = try library { try data.select(names) }
            if sample.rowCount > limit { sample = try library { try sample.sample(n: limit, fraction: nil, seed: 0) } }
            return (FrameCodec.encode(sample), sample.rowCount)
        }
        if let registration = object.registration, let bytes = try library({ try store.referenceBytes(registration) }) {
            return (bytes, registration.referenceRows ?? 0)
        }
        return nil
    }

    /// Everything `register` stores besides the name.
    static func registration(_ object: ModelObject, metrics: [(name: String, value: Double)],
                             tags: [(name: String, value: String)], reference: (bytes: [UInt8], rows: Int)?) throws -> ModelRegistration {
        let model = object.model
        let bytes = try library { try ModelCodec.encode(model) }
        let params = Dictionary(uniqueKeysWithValues: model.spec.parameters.values.map { ($0.key, RunRecording.text($0.value)) })
        return ModelRegistration(
            artifact: bytes, runUUID: object.runUUID, dataFingerprint: model.lineage.dataFingerprint,
            signature: json(signature(model)), params: json(params), lineage: json(lineage(model, run: object.runUUID)),
            metrics: metrics, tags: tags, reference: reference)
    }
}
