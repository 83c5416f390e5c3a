import Foundation
import SQLite

/// What `register` stores with a model's bytes. The Store keeps the signature, parameters
/// and lineage as JSON text it does not interpret; the Runtime writes and reads them.
public struct ModelRegistration: Sendable {
    public var artifact: [UInt8]
    public var runUUID: String?
    public var dataFingerprint: String?
    public var signature: String
    public var params: String
    public var lineage: String
    public var metrics: [(name: String, value: Double)]
    public var tags: [(name: String, value: String)]
    /// A sample of the training data (encoded by the caller) that `monitor` compares with.
    public var reference: (bytes: [UInt8], rows: Int)?

    public init(artifact: [UInt8], runUUID: String?, dataFingerprint: String?, signature: String, params: String,
                lineage: String, metrics: [(name: String, value: Double)], tags: [(name: String, value: String)],
                reference: (bytes: [UInt8], rows: Int)? = nil) {
        self.reference = reference
        self.artifact = artifact
        self.runUUID = runUUID
        self.dataFingerprint = dataFingerprint
        self.signature = signature
        self.params = params
        self.lineage = lineage
        self.metrics = metrics
        self.tags = tags
    }
}

/// One registered version, as stored.
public struct ModelVersionRecord: Sendable {
    public var name: String
    public var version: Int
    /// The sha256 of the model file under `.lathe/artifacts`.
    public var artifact: String
    public var size: Int
    public var runUUID: String?
    public var dataFingerprint: String?
    public var signature: String
    public var params: String
    public var lineage: String
    public var createdAt: Double
    public var user: String
    /// The sha256 of the stored training-data sample, and its row count.
    public var referenceArtifact: String?
    public var referenceRows: Int?
    public var metrics: [(name: String, value: Double)] = []
    public var tags: [(name: String, value: String)] = []
    /// The aliases that point at this version now, sorted.
    public var aliases: [String] = []

    public var reference: String { "\(name):\(version)" }
}

/// A registered model's summary, for `models()` and `lathe models list`.
public struct RegisteredModelSummary: Sendable {
    public var name: String
    public var latestVersion: Int
    public var versionCount: Int
    /// Alias → version, sorted by alias.
    public var aliases: [(alias: String, version: Int)]
    public var createdAt: Double
    public var updatedAt: Double
}

/// One move of an alias: MLflow keeps only the current target; the store keeps every move.
public struct AliasMove: Equatable, Sendable {
    public var name: String
    public var alias: String
    /// nil when the alias was new.
    public var fromVersion: Int?
    /// nil when the alias was removed.
    public var toVersion: Int?
    public var user: String
    public var at: Double
}

/// The model registry: versions per name, aliases with their history, lineage. Each call is
/// one transaction; an artifact is written inside the registering transaction, so `gc`
/// (which takes the same write lock) never sees a file whose row is not yet committed.
extension Store {
    /// Stores a new version of `name` (1, 2, …) and returns it.
    public func register(name: String, _ registration: ModelRegistration) throws -> ModelVersionRecord {
        try ModelReference.validateModelName(name)
        return try write {
            let hash = try artifacts.put(registration.artifact)
            let reference = try registration.reference.map { try artifacts.put($0.bytes) }
            let now = Store.now(), user = Store.currentUser
            try database.run("INSERT OR IGNORE INTO registered_models(name, created_at) VALUES (?, ?)", [.text(name), .real(now)])
            let version = (try database.first("SELECT max(version) FROM model_versions WHERE name = ?", [.text(name)]) {
                $0.optionalInt(0)
            } ?? nil).map { $0 + 1 } ?? 1
            try database.run("""
                INSERT INTO model_versions(name, version, artifact, size, run_uuid, data_fingerprint, signature, params,
                                           lineage, created_at, user, reference_artifact, reference_rows)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, [.text(name), .integer(Int64(version)), .text(hash), .integer(Int64(registration.artifact.count)),
                      .text(registration.runUUID), .text(registration.dataFingerprint), .text(registration.signature),
                      .text(registration.params), .text(registration.lineage), .real(now), .text(user),
                      .text(reference), .integer(registration.reference.map { Int64($0.rows) })])
            for (metric, value) in registration.metrics {
                try database.run("""
                    INSERT OR REPLACE INTO model_version_metrics(name, version, metric, value) VALUES (?, ?, ?, ?)
                    """, [.text(name), .integer(Int64(version)), .text(metric), value.isNaN ? .null : .real(value)])
            }
            for (tag, value) in registration.tags {
                try database.run("""
                    INSERT OR REPLACE INTO model_version_tags(name, version, tag, value) VALUES (?, ?, ?, ?)
                    """, [.text(name), .integer(Int64(version)), .text(tag), .text(value)])
            }
            return try versionRecord(name: name, version: version)
        }
    }

    /// Points `alias` at `version` of `name` and appends the move to the alias history.
    @discardableResult
    public func setAlias(name: String, alias: String, version: Int) throws -> AliasMove {
        try ModelReference.validateAlias(alias)
        return try write {
            _ = try versionRecord(name: name, version: version)
            let previous = try database.first("SELECT version FROM model_aliases WHERE name = ? AND alias = ?",
                                              [.text(name), .text(alias)]) { $0.int(0) }
            try database.run("""
                INSERT INTO model_aliases(name, alias, version) VALUES (?, ?, ?)
                ON CONFLICT(name, alias) DO UPDATE SET version = excluded.version
                """, [.text(name), .text(alias), .integer(Int64(version))])
            return try appendHistory(name: name, alias: alias, from: previous, to: version)
        }
    }

    /// Removes `alias` from `name`, recording the move.
    @discardableResult
    public func removeAlias(name: String, alias: String) throws -> AliasMove {
        try write {
            try requireModel(name)
            guard let previous = try database.first("SELECT version FROM model_aliases WHERE name = ? AND alias = ?",
                                                    [.text(name), .text(alias)], { $0.int(0) }) else {
                throw StoreError.unknownAlias(name: name, alias: alias, known: try aliasNames(name))
            }
            try database.run("DELETE FROM model_aliases WHERE name = ? AND alias = ?", [.text(name), .text(alias)])
            return try appendHistory(name: name, alias: alias, from: previous, to: nil)
        }
    }

    /// The version a reference names.
    public func resolve(_ reference: ModelReference) throws -> ModelVersionRecord {
        try read {
            try requireModel(reference.name)
            switch reference.selector {
            case .latest:
                guard let latest = try latestVersion(reference.name) else {
                    throw StoreError.unknownModel(name: reference.name, known: try modelNames())
                }
                return try versionRecord(name: reference.name, version: latest)
            case .version(let version):
                return try versionRecord(name: reference.name, version: version)
            case .alias(let alias):
                guard let version = try database.first("SELECT version FROM model_aliases WHERE name = ? AND alias = ?",
                                                       [.text(reference.name), .text(alias)], { $0.int(0) }) else {
                    throw StoreError.unknownAlias(name: reference.name, alias: alias, known: try aliasNames(reference.name))
                }
                return try versionRecord(name: reference.name, version: version)
            }
        }
    }

    /// The model file of a version, checked against its hash.
    public func artifactBytes(_ record: ModelVersionRecord) throws -> [UInt8] {
        try artifacts.load(record.artifact)
    }

    /// The training-data sample stored with a version, checked against its hash; nil when
    /// it was registered without one.
    public func referenceBytes(_ record: ModelVersionRecord) throws -> [UInt8]? {
        try record.referenceArtifact.map { try artifacts.load($0) }
    }

    /// Every registered model, by name.
    public func registeredModels() throws -> [RegisteredModelSummary] {
        try read {
            var summaries: [RegisteredModelSummary] = []
            try database.query("""
                SELECT m.name, max(v.version), count(v.version), m.created_at, max(v.created_at)
                FROM registered_models m JOIN model_versions v ON v.name = m.name GROUP BY m.name ORDER BY m.name
                """) {
                summaries.append(RegisteredModelSummary(name: $0.text(0), latestVersion: $0.int(1), versionCount: $0.int(2),
                                                        aliases: [], createdAt: $0.double(3), updatedAt: $0.double(4)))
            }
            for index in summaries.indices {
                try database.query("SELECT alias, version FROM model_aliases WHERE name = ? ORDER BY alias",
                                   [.text(summaries[index].name)]) { summaries[index].aliases.append(($0.text(0), $0.int(1))) }
            }
            return summaries
        }
    }

    /// Every version of `name`, oldest first.
    public func versions(of name: String) throws -> [ModelVersionRecord] {
        try read {
            try requireModel(name)
            var numbers: [Int] = []
            try database.query("SELECT version FROM model_versions WHERE name = ? ORDER BY version", [.text(name)]) { numbers.append($0.int(0)) }
            return try numbers.map { try versionRecord(name: name, version: $0) }
        }
    }

    /// Every alias move of `name`, oldest first.
    public func aliasHistory(of name: String) throws -> [AliasMove] {
        try read {
            try requireModel(name)
            var moves: [AliasMove] = []
            try database.query("""
                SELECT alias, from_version, to_version, user, at FROM alias_history WHERE name = ? ORDER BY id
                """, [.text(name)]) {
                moves.append(AliasMove(name: name, alias: $0.text(0), fromVersion: $0.optionalInt(1), toVersion: $0.optionalInt(2),
                                       user: $0.text(3), at: $0.double(4)))
            }
            return moves
        }
    }

    /// Deletes one version (or every version, with nil) and the aliases on it; returns how
    /// many versions went. The model files stay until `collectGarbage`.
    @discardableResult
    public func deleteModel(name: String, version: Int?) throws -> Int {
        try write {
            try requireModel(name)
            var removedAliases: [(String, Int)] = []
            if let version {
                _ = try versionRecord(name: name, version: version)
                try database.query("SELECT alias, version FROM model_aliases WHERE name = ? AND version = ?",
                                   [.text(name), .integer(Int64(version))]) { removedAliases.append(($0.text(0), $0.int(1))) }
                try database.run("DELETE FROM model_versions WHERE name = ? AND version = ?", [.text(name), .integer(Int64(version))])
                for (alias, from) in removedAliases { _ = try appendHistory(name: name, alias: alias, from: from, to: nil) }
                let remaining = try database.first("SELECT count(*) FROM model_versions WHERE name = ?", [.text(name)]) { $0.int(0) } ?? 0
                if remaining == 0 { try database.run("DELETE FROM registered_models WHERE name = ?", [.text(name)]) }
                return 1
            }
            let count = try database.first("SELECT count(*) FROM model_versions WHERE name = ?", [.text(name)]) { $0.int(0) } ?? 0
            try database.run("DELETE FROM registered_models WHERE name = ?", [.text(name)])
            try database.run("DELETE FROM alias_history WHERE name = ?", [.text(name)])
            return count
        }
    }

    // MARK: - Internals (inside a transaction)

    func requireModel(_ name: String) throws {
        guard try database.first("SELECT 1 FROM registered_models WHERE name = ?", [.text(name)], { _ in true }) != nil else {
            throw StoreError.unknownModel(name: name, known: try modelNames())
        }
    }

    func modelNames() throws -> [String] {
        var names: [String] = []
        try database.query("SELECT name FROM registered_models ORDER BY name") { names.append($0.text(0)) }
        return names
    }

    func aliasNames(_ name: String) throws -> [String] {
        var names: [String] = []
        try database.query("SELECT alias FROM model_aliases WHERE name = ? ORDER BY alias", [.text(name)]) { names.append($0.text(0)) }
        return names
    }

    func latestVersion(_ name: String) throws -> Int? {
        try database.first("SELECT max(version) FROM model_versions WHERE name = ?", [.text(name)]) { $0.optionalInt(0) } ?? nil
    }

    func versionRecord(name: String, version: Int) throws -> ModelVersionRecord {
        let found = try database.first("""
            SELECT artifact, size, run_uuid, data_fingerprint, signature, params, lineage, created_at, user,
                   reference_artifact, reference_rows
            FROM model_versions WHERE name = ? AND version = ?
            """, [.text(name), .integer(Int64(version))]) {
            ModelVersionRecord(name: name, version: version, artifact: $0.text(0), size: $0.int(1), runUUID: $0.optionalText(2),
                               dataFingerprint: $0.optionalText(3), signature: $0.text(4), params: $0.text(5),
                               lineage: $0.text(6), createdAt: $0.double(7), user: $0.text(8),
                               referenceArtifact: $0.optionalText(9), referenceRows: $0.optionalInt(10))
        }
        guard var record = found else {
            try requireModel(name)
            throw StoreError.unknownVersion(name: name, version: version, latest: try latestVersion(name))
        }
        let bindings: [SQLiteValue] = [.text(name), .integer(Int64(version))]
        try database.query("SELECT metric, value FROM model_version_metrics WHERE name = ? AND version = ? ORDER BY metric", bindings) {
            record.metrics.append(($0.text(0), $0.optionalDouble(1) ?? .nan))
        }
        try database.query("SELECT tag, value FROM model_version_tags WHERE name = ? AND version = ? ORDER BY tag", bindings) {
            record.tags.append(($0.text(0), $0.text(1)))
        }
        try database.query("SELECT alias FROM model_aliases WHERE name = ? AND version = ? ORDER BY alias", bindings) {
            record.aliases.append($0.text(0))
        }
        return record
    }

    private func appendHistory(name: String, alias: String, from: Int?, to: Int?) throws -> AliasMove {
        let move = AliasMove(name: name, alias: alias, fromVersion: from, toVersion: to, user: Store.currentUser, at: Store.now())
        try database.run("""
            INSERT INTO alias_history(name, alias, from_version, to_version, user, at) VALUES (?, ?, ?, ?, ?, ?)
            """, [.text(name), .text(alias), .integer(from.map(Int64.init)), .integer(to.map(Int64.init)), .text(move.user), .real(move.at)])
        return move
    }
}
