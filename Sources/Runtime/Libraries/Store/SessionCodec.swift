import Data
import Foundation
import IR
import LatheCore
import ML
import Numeric
import Store
import VM

/// Turns a session's values into `SessionBinding`s for the store and back: the REPL saves
/// each binding after a cell and restores them when a session resumes.
///
/// Every value either has a codec or is saved as "needs re-run" with the reason; nothing
/// is dropped. Saved exactly: null, bools, numbers (by bit pattern, NaN and -0 included),
/// strings, lists and records of those, datasets and columns (typed, missing values kept),
/// tensors, models (their model file, run and registration), model specs and
/// preprocessors. Re-run: functions, modules, ranges and iterators (cheap to rebuild, or
/// tied to the running program), reports, and values that contain themselves.
/// A restored dataset no longer knows which split it came from, so `evaluate`'s leakage
/// guard compares such data by value.
public enum SessionCodec {
    /// The codec name stored with each payload.
    public static let codecName = "lathe-value-v1"

    /// The binding for `name`, produced by `source` from inputs whose provenances are given.
    public static func binding(name: String, value: Value, source: String, inputs: [String], symbols: SymbolTable) -> SessionBinding {
        let provenance = SessionBinding.provenance(source: source, inputs: inputs)
        let kind = value.typeName
        do {
            var path = Set<ObjectIdentifier>()
            let encoded = try encode(value, symbols: symbols, path: &path, depth: 0)
            let payload = try JSONEncoder().encode(encoded)
            return SessionBinding(name: name, kind: kind, content: .value(codec: codecName, payload: [UInt8](payload)),
                                  provenance: provenance, source: source)
        } catch let reason as NeedsRerun {
            return SessionBinding(name: name, kind: kind, content: .needsRerun(reason: reason.reason), provenance: provenance, source: source)
        } catch {
            return SessionBinding(name: name, kind: kind, content: .needsRerun(reason: "it could not be encoded: \(error)"),
                                  provenance: provenance, source: source)
        }
    }

    /// The value a binding holds, or nil when it must be re-run.
    public static func value(of binding: SessionBinding, symbols: SymbolTable) throws -> Value? {
        guard case .value(let codec, let payload) = binding.content else { return nil }
        guard codec == codecName else { throw StoreError.failed(path: binding.name, detail: "unknown session codec '\(codec)'") }
        let encoded: Encoded
        do {
            encoded = try JSONDecoder().decode(Encoded.self, from: Data(payload))
        } catch {
            throw StoreError.failed(path: binding.name, detail: "its saved value cannot be read")
        }
        return try decode(encoded, symbols: symbols)
    }

    struct NeedsRerun: Error {
        let reason: String
    }

    /// A value's saved form.
    indirect enum Encoded: Codable, Equatable {
        case null
        case bool(Bool)
        /// The IEEE bit pattern, so every double comes back identical.
        case number(UInt64)
        case string(String)
        case list([Encoded])
        case record(keys: [String], values: [Encoded])
        case dataset(columns: [EncodedColumn], target: String?)
        case column(EncodedColumn)
        case tensor(shape: [Int], data: Data)
        case model(file: Data, run: String?, name: String?, version: Int?)
        case modelSpec(name: String, parameters: Parameters)
        case preprocessor(name: String, parameters: Parameters)
    }

    struct EncodedColumn: Codable, Equatable {
        var name: String
        var type: String
        var doubles: Data?
        var integers: [Int64]?
        var bools: [Bool]?
        var valid: [Bool]?
        var codes: [Int32]?
        var categories: [String]?
    }

    static let maxDepth = 1000

    static func encode(_ value: Value, symbols: SymbolTable, path: inout Set<ObjectIdentifier>, depth: Int) throws -> Encoded {
        guard depth < maxDepth else { throw NeedsRerun(reason: "it is nested more than \(maxDepth) levels deep") }
        switch value.decoded {
        case .undefined, .null: return .null
        case .bool(let flag): return .bool(flag)
        case .number(let number): return .number(number.bitPattern)
        case .object(let object):
            if let text = value.stringValue { return .string(text) }
            let identity = ObjectIdentifier(object)
            switch object.kind {
            case .list, .record:
                guard path.insert(identity).inserted else { throw NeedsRerun(reason: "it contains itself") }
                defer { path.remove(identity) }
                if object.kind == .list {
                    let list = unsafeDowncast(object, to: ListObject.self)
                    return .list(try list.items.map { try encode($0, symbols: symbols, path: &path, depth: depth + 1) })
                }
                let record = unsafeDowncast(object, to: RecordObject.self)
                return .record(keys: record.keys.map { symbols.name($0) },
                               values: try record.values.map { try encode($0, symbols: symbols, path: &path, depth: depth + 1) })
            case .handle:
                return try encode(handle: unsafeDowncast(object, to: HandleObject.self))
            default:
                throw NeedsRerun(reason: "a \(value.typeName) has no saved form")
            }
        }
    }

    static func encode(handle: HandleObject) throws -> Encoded {
        switch handle {
        case let dataset as DatasetObject:
            return .dataset(columns: dataset.frame.columns.map(encode(column:)), target: dataset.target)
        case let column as ColumnObject:
            return .column(encode(column: column.column))
        case let tensor as TensorObject:
            return .tensor(shape: tensor.tensor.shape, data: bytes(tensor.tensor.storage))
        case let model as ModelObject:
            let file = try library { try ModelCodec.encode(model.model) }
            return .model(file: Data(file), run: model.runUUID, name: model.registration?.name, version: model.registration?.version)
        case let spec as ModelSpecObject:
            return .modelSpec(name: spec.spec.name, parameters: spec.spec.parameters)
        case let step as PreprocessorObject:
            return .preprocessor(name: step.spec.name, parameters: step.spec.parameters)
        default:
            throw NeedsRerun(reason: "a \(handle.typeName) has no saved form")
        }
    }

    static func encode(column: Column) -> EncodedColumn {
        var encoded = EncodedColumn(name: column.name, type: column.type.rawValue)
        switch column.storage {
        case .float64(let values): encoded.doubles = bytes(values)
        case .int64(let values, let valid), .datetime(let values, let valid): encoded.integers = values; encoded.valid = valid
        case .bool(let values, let valid): encoded.bools = values; encoded.valid = valid
        case .categorical(let codes, let categories): encoded.codes = codes; encoded.categories = categories
        }
        return encoded
    }

    static func decode(_ encoded: Encoded, symbols: SymbolTable) throws -> Value {
        switch encoded {
        case .null: return .null
        case .bool(let flag): return .bool(flag)
        case .number(let bits): return .number(Double(bitPattern: bits))
        case .string(let text): return .string(text)
        case .list(let items): return .list(try items.map { try decode($0, symbols: symbols) })
        case .record(let keys, let values):
            return .object(RecordObject(keys: keys.map { symbols.intern($0) }, values: try values.map { try decode($0, symbols: symbols) }))
        case .dataset(let columns, let target):
            return .object(DatasetObject(try library { try Frame(columns: try columns.map(decode(column:))) }, target: target))
        case .column(let column):
            return .object(ColumnObject(try decode(column: column)))
        case .tensor(let shape, let data):
            return .object(TensorObject(try library { try Tensor(shape: shape, storage: doubles(data)) }))
        case .model(let file, let run, _, _):
            let model = try library { try ModelCodec.load([UInt8](file), path: "session", registry: EstimatorRegistry.all) }
            return .object(ModelObject(model, runUUID: run))
        case .modelSpec(let name, let parameters):
            return .object(ModelSpecObject(try library { try ModelSpec.make(name: name, given: parameters.values, registry: EstimatorRegistry.all) }))
        case .preprocessor(let name, let parameters):
            return .object(PreprocessorObject(try library { try PreprocessorSpec.make(name: name, given: parameters.values) }))
        }
    }

    static func decode(column: EncodedColumn) throws -> Column {
        let storage: ColumnStorage
        switch column.type {
        case "float64": storage = .float64(doubles(column.doubles ?? Data()))
        case "int64": storage = .int64(column.integers ?? [], valid: column.valid)
        case "datetime": storage = .datetime(column.integers ?? [], valid: column.valid)
        case "bool": storage = .bool(column.bools ?? [], valid: column.valid)
        default: storage = .categorical(codes: column.codes ?? [], categories: column.categories ?? [])
        }
        return Column(name: column.name, storage: storage)
    }

    static func bytes(_ values: [Double]) -> Data {
        values.withUnsafeBufferPointer { Data(buffer: $0) }
    }

    static func doubles(_ data: Data) -> [Double] {
        var values = [Double](repeating: 0, count: data.count / MemoryLayout<Double>.stride)
        values.withUnsafeMutableBytes { target in _ = data.copyBytes(to: target) }
        return values
    }
}
