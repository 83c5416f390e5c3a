import Foundation

/// What `collectGarbage` removed.
public struct GarbageReport: Equatable, Sendable {
    public var removedArtifacts: Int
    public var freedBytes: Int
    /// Unreferenced artifacts younger than the grace period, left for a later run.
    public var keptRecent: Int
}

extension Store {
    /// Removes artifact files that no model version (model file or reference sample),
    /// session binding or cached notebook binding references, if they
    /// are older than `graceSeconds`.
    ///
    /// Safe beside other processes: it holds the store's write lock while it decides and
    /// deletes, and `register` writes its artifact inside its own write transaction, so an
    /// artifact is either referenced by a committed row or not yet written when gc looks.
    /// The grace period protects artifacts written by a process that crashed before
    /// committing only until the next gc — they are unreferenced, so they go then.
    public func collectGarbage(graceSeconds: Double = 3600) throws -> GarbageReport {
        let report = try write { () -> GarbageReport in
            var referenced = Set<String>()
            try database.query("SELECT artifact, reference_artifact FROM model_versions") {
                referenced.insert($0.text(0))
                if let reference = $0.optionalText(1) { referenced.insert(reference) }
            }
            try database.query("SELECT artifact FROM session_bindings WHERE artifact IS NOT NULL") { referenced.insert($0.text(0)) }
            try database.query("SELECT artifact FROM notebook_bindings WHERE artifact IS NOT NULL") { referenced.insert($0.text(0)) }
            let cutoff = Date().addingTimeInterval(-graceSeconds)
            var report = GarbageReport(removedArtifacts: 0, freedBytes: 0, keptRecent: 0)
            for artifact in artifacts.all() where !referenced.contains(artifact.hash) {
                if artifact.modified > cutoff {
                    report.keptRecent += 1
                    continue
                }
                artifacts.remove(artifact.hash)
                report.removedArtifacts += 1
                report.freedBytes += artifact.size
            }
            return report
        }
        // Folds the write-ahead log back into the database; busy readers just make it partial.
        _ = try? guarded { try database.execute("PRAGMA wal_checkpoint(PASSIVE)") }
        return report
    }
}
