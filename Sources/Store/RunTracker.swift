import Foundation
import SQLite

/// How a run ended, or that it has not.
public enum RunStatus: String, Sendable, CaseIterable {
    case running, finished, failed, interrupted
}

/// A dataset a run read, by content fingerprint, and what for.
public struct RunDataset: Equatable, Sendable {
    public var fingerprint: String
    /// "train" or "eval".
    public var role: String
    public var rows: Int
    /// Where it came from (a file path, a generator), when known.
    public var source: String?

    public init(fingerprint: String, role: String, rows: Int, source: String? = nil) {
        self.fingerprint = fingerprint
        self.role = role
        self.rows = rows
        self.source = source
    }
}

/// What a script run records about its script.
public struct ScriptInfo: Equatable, Sendable {
    public var path: String
    public var sourceHash: String
    public var gitCommit: String?

    public init(path: String, sourceHash: String, gitCommit: String?) {
        self.path = path
        self.sourceHash = sourceHash
        self.gitCommit = gitCommit
    }
}

/// One value of a metric: MLflow's append-only history.
public struct MetricPoint: Equatable, Sendable {
    public var name: String
    public var value: Double
    public var step: Int
    public var timestamp: Double

    public init(name: String, value: Double, step: Int, timestamp: Double) {
        self.name = name
        self.value = value
        self.step = step
        self.timestamp = timestamp
    }
}

/// A run as stored: its attributes, parameters, latest metrics, tags and datasets.
public struct RunRecord: Equatable, Sendable {
    public var id: Int64
    public var uuid: String
    public var parentID: Int64?
    /// "script", "train", "evaluate", "cross_validate", "tune", "fold" or "candidate".
    public var kind: String
    public var name: String
    public var status: RunStatus
    public var startedAt: Double
    public var endedAt: Double?
    public var script: ScriptInfo?
    public var user: String?
    /// Name-sorted.
    public var params: [(name: String, value: String)] = []
    /// The latest value of each metric, name-sorted.
    public var metrics: [(name: String, value: Double)] = []
    public var tags: [(name: String, value: String)] = []
    public var datasets: [RunDataset] = []

    public var duration: Double? { endedAt.map { $0 - startedAt } }
    public func param(_ name: String) -> String? { params.first { $0.name == name }?.value }
    public func metric(_ name: String) -> Double? { metrics.first { $0.name == name }?.value }
    public func tag(_ name: String) -> String? { tags.first { $0.name == name }?.value }

    public static func == (a: RunRecord, b: RunRecord) -> Bool {
        a.id == b.id && a.uuid == b.uuid && a.parentID == b.parentID && a.kind == b.kind && a.name == b.name
            && a.status == b.status && a.startedAt == b.startedAt && a.endedAt == b.endedAt && a.script == b.script
            && a.user == b.user && a.params.elementsEqual(b.params, by: ==) && a.tags.elementsEqual(b.tags, by: ==)
            && a.metrics.elementsEqual(b.metrics) { $0.name == $1.name && $0.value.bitPattern == $1.value.bitPattern }
            && a.datasets == b.datasets
    }
}

/// Experiment tracking: runs with write-once parameters, append-only metrics, tags and
/// dataset fingerprints. Each call is one transaction.
extension Store {
    /// Starts a run (status running) and returns its id and uuid.
    @discardableResult
    public func startRun(kind: String, name: String, parent: Int64? = nil, script: ScriptInfo? = nil,
                         params: [(String, String)] = [], tags: [(String, String)] = []) throws -> (id: Int64, uuid: String) {
        let uuid = Store.newRunUUID()
        return try write {
            try database.run("""
                INSERT INTO runs(uuid, parent_id, kind, name, status, started_at, script_path, source_hash, git_commit, user)
                VALUES (?, ?, ?, ?, 'running', ?, ?, ?, ?, ?)
                """, [.text(uuid), .integer(parent), .text(kind), .text(name), .real(Store.now()),
                      .text(script?.path), .text(script?.sourceHash), .text(script?.gitCommit), .text(Store.currentUser)])
            let id = database.lastInsertRowID
            try insertParams(id, params)
            try insertTags(id, tags)
            return (id, uuid)
        }
    }

    /// Adds parameters. A name already logged keeps its value: logging it again with the
    /// same value is allowed, with another value is `StoreError.parameterChanged`.
    public func logParams(_ run: Int64, _ params: [(String, String)]) throws {
        try write { try insertParams(run, params) }
    }

    /// Appends metric values (one transaction for the batch). A nil step is one past the
    /// highest step logged for that metric in this run (0 for the first).
    public func logMetrics(_ run: Int64, _ points: [(name: String, value: Double, step: Int?)]) throws {
        guard !points.isEmpty else { return }
        try write {
            try requireRun(run)
            let timestamp = Store.now()
            // The next step of each metric, read once per batch and counted here.
            var nextStep: [String: Int] = [:]
            for point in points {
                var step = point.step
                if step == nil {
                    if let next = nextStep[point.name] {
                        step = next
                    } else {
                        step = try database.first(
                            "SELECT max(step) + 1 FROM run_metrics WHERE run_id = ? AND name = ?",
                            [.integer(run), .text(point.name)]) { $0.optionalInt(0) } ?? 0
                    }
                }
                nextStep[point.name] = max(nextStep[point.name] ?? 0, (step ?? 0) + 1)
                let values: [SQLiteValue] = [.integer(run), .text(point.name), .integer(Int64(step ?? 0)),
                                             point.value.isNaN ? .null : .real(point.value), .real(timestamp)]
                try database.run("INSERT INTO run_metrics(run_id, name, step, value, timestamp) VALUES (?, ?, ?, ?, ?)", values)
                // The latest value is the one with the highest step (ties: the newest).
                try database.run("""
                    INSERT INTO run_latest_metrics(run_id, name, step, value, timestamp) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT(run_id, name) DO UPDATE SET step = excluded.step, value = excluded.value,
                        timestamp = excluded.timestamp WHERE excluded.step >= run_latest_metrics.step
                    """, values)
            }
        }
    }

    /// Sets tags; a tag set again takes the new value.
    public func setTags(_ run: Int64, _ tags: [(String, String)]) throws {
        try write {
            try requireRun(run)
            try insertTags(run, tags)
        }
    }

    /// Records the datasets a run read.
    public func recordDatasets(_ run: Int64, _ datasets: [RunDataset]) throws {
        try write {
            for dataset in datasets {
                try database.run("""
                    INSERT OR IGNORE INTO run_datasets(run_id, fingerprint, role, rows, source) VALUES (?, ?, ?, ?, ?)
                    """, [.integer(run), .text(dataset.fingerprint), .text(dataset.role), .integer(Int64(dataset.rows)),
                          .text(dataset.source)])
            }
        }
    }

    /// Ends a run with `status` and the time now; a run already ended keeps its end.
    public func finishRun(_ run: Int64, status: RunStatus) throws {
        try write {
            try database.run("UPDATE runs SET status = ?, ended_at = ? WHERE id = ? AND status = 'running'",
                             [.text(status.rawValue), .real(Store.now()), .integer(run)])
        }
    }

    /// Deletes runs with their children, parameters, metrics, tags and datasets; returns how
    /// many runs went, children included.
    public func deleteRuns(_ ids: [Int64]) throws -> Int {
        try write {
            let before = try database.first("SELECT count(*) FROM runs") { $0.int(0) } ?? 0
            for id in ids {
                try requireRun(id)
                try database.run("DELETE FROM runs WHERE id = ?", [.integer(id)])
            }
            let after = try database.first("SELECT count(*) FROM runs") { $0.int(0) } ?? 0
            return before - after
        }
    }

    /// The run with this id (a number) or uuid (or a unique prefix of at least 6 characters).
    public func run(_ reference: String) throws -> RunRecord {
        try read {
            // A uuid prefix may be all decimal digits (one in forty 8-character prefixes is), so
            // a prefix that names exactly one run wins; otherwise a number is the run's id.
            var id: Int64?
            if reference.count >= 6, reference.allSatisfy(\.isHexDigit) {
                var matches: [Int64] = []
                try database.query("SELECT id FROM runs WHERE uuid >= ? AND uuid < ? LIMIT 2",
                                   [.text(reference.lowercased()), .text(reference.lowercased() + "g")]) { matches.append($0.int64(0)) }
                if matches.count == 1 { id = matches[0] }
            }
            if id == nil, let number = Int64(reference) { id = number }
            guard let id, let record = try records(ids: [id]).first else { throw StoreError.unknownRun(reference) }
            return record
        }
    }

    /// The runs whose parent is `run`, oldest first.
    public func children(of run: Int64) throws -> [RunRecord] {
        try read {
            var ids: [Int64] = []
            try database.query("SELECT id FROM runs WHERE parent_id = ? ORDER BY id", [.integer(run)]) { ids.append($0.int64(0)) }
            return try records(ids: ids)
        }
    }

    /// Every value a run logged for `metric`, by step.
    public func metricHistory(_ run: Int64, metric: String) throws -> [MetricPoint] {
        try read {
            var points: [MetricPoint] = []
            try database.query("""
                SELECT step, value, timestamp FROM run_metrics WHERE run_id = ? AND name = ? ORDER BY step, rowid
                """, [.integer(run), .text(metric)]) {
                points.append(MetricPoint(name: metric, value: $0.optionalDouble(1) ?? .nan, step: $0.int(0), timestamp: $0.double(2)))
            }
            return points
        }
    }

    /// How many runs the store holds.
    public func runCount() throws -> Int {
        try read { try database.first("SELECT count(*) FROM runs") { $0.int(0) } ?? 0 }
    }

    // MARK: - Internals (inside a transaction)

    func requireRun(_ run: Int64) throws {
        guard try database.first("SELECT 1 FROM runs WHERE id = ?", [.integer(run)], { _ in true }) != nil else {
            throw StoreError.unknownRun(String(run))
        }
    }

    private func insertParams(_ run: Int64, _ params: [(String, String)]) throws {
        for (name, value) in params {
            if let old = try database.first("SELECT value FROM run_params WHERE run_id = ? AND name = ?",
                                            [.integer(run), .text(name)], { $0.text(0) }) {
                guard old == value else {
                    throw StoreError.parameterChanged(run: String(run), name: name, old: old, new: value)
                }
                continue
            }
            try database.run("INSERT INTO run_params(run_id, name, value) VALUES (?, ?, ?)",
                             [.integer(run), .text(name), .text(value)])
        }
    }

    private func insertTags(_ run: Int64, _ tags: [(String, String)]) throws {
        for (name, value) in tags {
            try database.run("""
                INSERT INTO run_tags(run_id, name, value) VALUES (?, ?, ?)
                ON CONFLICT(run_id, name) DO UPDATE SET value = excluded.value
                """, [.integer(run), .text(name), .text(value)])
        }
    }

    /// Full records for `ids`, in that order, read with one query per table per 500 ids.
    func records(ids: [Int64]) throws -> [RunRecord] {
        var byID: [Int64: RunRecord] = [:]
        for start in stride(from: 0, to: ids.count, by: 500) {
            let chunk = Array(ids[start..<min(start + 500, ids.count)])
            let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
            let bindings = chunk.map { SQLiteValue.integer($0) }
            try database.query("""
                SELECT id, uuid, parent_id, kind, name, status, started_at, ended_at, script_path, source_hash, git_commit, user
                FROM runs WHERE id IN (\(marks))
                """, bindings) { row in
                let script = row.optionalText(8).map {
                    ScriptInfo(path: $0, sourceHash: row.optionalText(9) ?? "", gitCommit: row.optionalText(10))
                }
                byID[row.int64(0)] = RunRecord(
                    id: row.int64(0), uuid: row.text(1), parentID: row.isNull(2) ? nil : row.int64(2), kind: row.text(3),
                    name: row.text(4), status: RunStatus(rawValue: row.text(5)) ?? .failed, startedAt: row.double(6),
                    endedAt: row.optionalDouble(7), script: script, user: row.optionalText(11))
            }
            try database.query("SELECT run_id, name, value FROM run_params WHERE run_id IN (\(marks)) ORDER BY run_id, name", bindings) {
                byID[$0.int64(0)]?.params.append(($0.text(1), $0.text(2)))
            }
            try database.query("SELECT run_id, name, value FROM run_latest_metrics WHERE run_id IN (\(marks)) ORDER BY run_id, name", bindings) {
                byID[$0.int64(0)]?.metrics.append(($0.text(1), $0.optionalDouble(2) ?? .nan))
            }
            try database.query("SELECT run_id, name, value FROM run_tags WHERE run_id IN (\(marks)) ORDER BY run_id, name", bindings) {
                byID[$0.int64(0)]?.tags.append(($0.text(1), $0.text(2)))
            }
            try database.query("""
                SELECT run_id, fingerprint, role, rows, source FROM run_datasets WHERE run_id IN (\(marks)) ORDER BY run_id, role, fingerprint
                """, bindings) {
                byID[$0.int64(0)]?.datasets.append(RunDataset(fingerprint: $0.text(1), role: $0.text(2), rows: $0.int(3), source: $0.optionalText(4)))
            }
        }
        return ids.compactMap { byID[$0] }
    }

    static func newRunUUID() -> String {
        UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
    }
}
