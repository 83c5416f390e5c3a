import Data
import Foundation

/// One registered version as a single portable file: its model bytes (base64) with their
/// sha256, and its signature, parameters, lineage, metrics and tags. `importModel` checks
/// the hash and stores the same bytes, so the imported model predicts bit-identically.
extension Store {
    static let exportFormat = "lathe-model-export"
    static let exportFormatVersion = 1

    /// Writes `record` (with its artifact) to `path`, atomically.
    public func exportModel(_ record: ModelVersionRecord, to path: String) throws {
        let bytes = try artifactBytes(record)
        let document: [String: Any] = [
            "format": Store.exportFormat,
            "format_version": Store.exportFormatVersion,
            "name": record.name,
            "version": record.version,
            "artifact_sha256": record.artifact,
            "artifact_base64": Data(bytes).base64EncodedString(),
            "run": record.runUUID ?? NSNull(),
            "data_fingerprint": record.dataFingerprint ?? NSNull(),
            "signature": record.signature,
            "params": record.params,
            "lineage": record.lineage,
            "created_at": record.createdAt,
            "user": record.user,
            // Metrics as Swift's shortest round-trip text: JSON numbers may not keep every bit.
            "metrics": record.metrics.map { [$0.name, String($0.value)] },
            "tags": record.tags.map { [$0.name, $0.value] },
            "reference_base64": try referenceBytes(record).map { Data($0).base64EncodedString() as Any } ?? NSNull(),
            "reference_rows": record.referenceRows.map { $0 as Any } ?? NSNull(),
        ]
        let json: Foundation.Data
        do {
            json = try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])
        } catch {
            throw StoreError.failed(path: path, detail: "cannot encode the export: \(error.localizedDescription)")
        }
        do {
            try AtomicFile.write(to: path) { emit in try emit([UInt8](json)) }
        } catch let error as DataError {
            throw StoreError.failed(path: path, detail: error.message)
        }
    }

    /// Registers the model in `path` as a new version of `name` (the exported name by
    /// default), tagged `imported_from`. Returns the new version.
    public func importModel(from path: String, as name: String? = nil) throws -> ModelVersionRecord {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw StoreError.badExport(path: path, problem: "the file cannot be read")
        }
        guard let document = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              document["format"] as? String == Store.exportFormat else {
            throw StoreError.badExport(path: path, problem: "it is not a lathe model export")
        }
        guard let version = document["format_version"] as? Int, version <= Store.exportFormatVersion else {
            throw StoreError.badExport(path: path, problem: "it was written by a newer lathe")
        }
        guard let exportedName = document["name"] as? String, let exportedVersion = document["version"] as? Int,
              let hash = document["artifact_sha256"] as? String, let encoded = document["artifact_base64"] as? String,
              let bytes = Data(base64Encoded: encoded).map({ [UInt8]($0) }),
              let signature = document["signature"] as? String, let params = document["params"] as? String,
              let lineage = document["lineage"] as? String else {
            throw StoreError.badExport(path: path, problem: "a required field is missing")
        }
        guard ArtifactStore.hash(bytes) == hash else {
            throw StoreError.badExport(path: path, problem: "the model's bytes do not match their sha256")
        }
        var metrics: [(name: String, value: Double)] = []
        for pair in document["metrics"] as? [[String]] ?? [] where pair.count == 2 {
            guard let value = Double(pair[1]) else { throw StoreError.badExport(path: path, problem: "metric '\(pair[0])' is not a number") }
            metrics.append((pair[0], value))
        }
        var reference: (bytes: [UInt8], rows: Int)? = nil
        if let encodedReference = document["reference_base64"] as? String {
            guard let bytes = Data(base64Encoded: encodedReference).map({ [UInt8]($0) }) else {
                throw StoreError.badExport(path: path, problem: "its reference sample is not base64")
            }
            reference = (bytes, document["reference_rows"] as? Int ?? 0)
        }
        var tags = (document["tags"] as? [[String]] ?? []).filter { $0.count == 2 && $0[0] != "imported_from" }.map { ($0[0], $0[1]) }
        tags.append(("imported_from", "\(exportedName):\(exportedVersion)"))
        return try register(name: name ?? exportedName, ModelRegistration(
            artifact: bytes, runUUID: document["run"] as? String, dataFingerprint: document["data_fingerprint"] as? String,
            signature: signature, params: params, lineage: lineage, metrics: metrics, tags: tags, reference: reference))
    }
}
