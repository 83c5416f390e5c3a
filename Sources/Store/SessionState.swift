import Foundation
import SQLite

/// One named value of a REPL session, as the store keeps it.
public struct SessionBinding: Equatable, Sendable {
    /// How the value comes back.
    public enum Content: Equatable, Sendable {
        /// Encoded by the named codec (the Runtime owns the codecs).
        case value(codec: String, payload: [UInt8])
        /// No codec can hold it (a function, an open stream): the session must run `source` again.
        case needsRerun(reason: String)
    }

    public var name: String
    /// The value's kind as `type(x)` names it.
    public var kind: String
    public var content: Content
    /// sha256 of the producing source plus the provenance of the bindings it read: two equal
    /// provenances mean the same computation on the same inputs.
    public var provenance: String
    /// The source text that produced the value.
    public var source: String

    public init(name: String, kind: String, content: Content, provenance: String, source: String) {
        self.name = name
        self.kind = kind
        self.content = content
        self.provenance = provenance
        self.source = source
    }

    /// The provenance hash of `source` run on inputs with these provenances.
    public static func provenance(source: String, inputs: [String]) -> String {
        ArtifactStore.hash(Array((source + "\u{0}" + inputs.sorted().joined(separator: "\u{0}")).utf8))
    }
}

/// Session state: the REPL saves its bindings here after each cell and restores them when a
/// session resumes. Payloads above 64 KiB go to the artifact folder, referenced by hash.
extension Store {
    static let inlinePayloadLimit = 64 * 1024

    /// Saves (or replaces) `bindings` of `session` in one transaction.
    public func saveBindings(session: String, _ bindings: [SessionBinding]) throws {
        try write {
            let now = Store.now()
            try database.run("""
                INSERT INTO sessions(id, created_at, updated_at) VALUES (?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET updated_at = excluded.updated_at
                """, [.text(session), .real(now), .real(now)])
            for binding in bindings {
                var codec: SQLiteValue = .null, payload: SQLiteValue = .null, artifact: SQLiteValue = .null, reason: SQLiteValue = .null
                switch binding.content {
                case .value(let name, let bytes):
                    codec = .text(name)
                    if bytes.count > Store.inlinePayloadLimit {
                        artifact = .text(try artifacts.put(bytes))
                    } else {
                        payload = .blob(bytes)
                    }
                case .needsRerun(let why):
                    reason = .text(why)
                }
                try database.run("""
                    INSERT OR REPLACE INTO session_bindings(session_id, name, kind, codec, payload, artifact, rerun_reason,
                                                            provenance, source, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, [.text(session), .text(binding.name), .text(binding.kind), codec, payload, artifact, reason,
                          .text(binding.provenance), .text(binding.source), .real(now)])
            }
        }
    }

    /// The bindings of `session`, by name; empty for an unknown session.
    public func loadBindings(session: String) throws -> [SessionBinding] {
        try read {
            var rows: [(SessionBinding, String?)] = []
            try database.query("""
                SELECT name, kind, codec, payload, artifact, rerun_reason, provenance, source
                FROM session_bindings WHERE session_id = ? ORDER BY name
                """, [.text(session)]) { row in
                let content: SessionBinding.Content
                if let codec = row.optionalText(2) {
                    content = .value(codec: codec, payload: row.blob(3))
                } else {
                    content = .needsRerun(reason: row.optionalText(5) ?? "no codec")
                }
                rows.append((SessionBinding(name: row.text(0), kind: row.text(1), content: content,
                                            provenance: row.text(6), source: row.text(7)), row.optionalText(4)))
            }
            return try rows.map { binding, artifact in
                guard let artifact, case .value(let codec, _) = binding.content else { return binding }
                var loaded = binding
                loaded.content = .value(codec: codec, payload: try artifacts.load(artifact))
                return loaded
            }
        }
    }

    /// Forgets the named bindings of `session`.
    public func removeBindings(session: String, names: [String]) throws {
        try write {
            for name in names {
                try database.run("DELETE FROM session_bindings WHERE session_id = ? AND name = ?", [.text(session), .text(name)])
            }
        }
    }

    /// Every session id with when it was last saved, newest first.
    public func sessions() throws -> [(id: String, updatedAt: Double)] {
        try read {
            var found: [(String, Double)] = []
            try database.query("SELECT id, updated_at FROM sessions ORDER BY updated_at DESC") { found.append(($0.text(0), $0.double(1))) }
            return found
        }
    }

    /// Deletes a session and its bindings.
    public func deleteSession(_ session: String) throws {
        try write { try database.run("DELETE FROM sessions WHERE id = ?", [.text(session)]) }
    }
}
