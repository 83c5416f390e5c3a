import Foundation
import SQLite

/// One column's line in a stored monitor result.
public struct MonitorColumnRecord: Equatable, Sendable {
    public var column: String
    public var method: String?
    public var statistic: Double?
    public var pValue: Double?
    public var threshold: Double?
    public var drifted: Bool
    /// Why the column could not be tested (empty, all missing, absent), if so.
    public var problem: String?

    public init(column: String, method: String?, statistic: Double?, pValue: Double?, threshold: Double?, drifted: Bool,
                problem: String?) {
        self.column = column
        self.method = method
        self.statistic = statistic
        self.pValue = pValue
        self.threshold = threshold
        self.drifted = drifted
        self.problem = problem
    }
}

/// One `monitor` call's result, kept against the model version it checked.
public struct MonitorRecord: Sendable {
    public var id: Int64 = 0
    public var name: String
    public var version: Int
    public var at: Double
    /// What was monitored: a file path, or a description.
    public var source: String?
    public var rows: Int
    public var driftShare: Double
    public var drifted: Bool
    public var predictionDrift: Double?
    public var predictionDrifted: Bool?
    /// Whether the metrics stayed within tolerance; nil without labels.
    public var performanceOK: Bool?
    /// The whole report as JSON, for `lathe monitor --json` and the HTML trend.
    public var report: String
    public var columns: [MonitorColumnRecord]

    public init(name: String, version: Int, at: Double = Date().timeIntervalSince1970, source: String?, rows: Int,
                driftShare: Double, drifted: Bool, predictionDrift: Double?, predictionDrifted: Bool?, performanceOK: Bool?,
                report: String, columns: [MonitorColumnRecord]) {
        self.name = name
        self.version = version
        self.at = at
        self.source = source
        self.rows = rows
        self.driftShare = driftShare
        self.drifted = drifted
        self.predictionDrift = predictionDrift
        self.predictionDrifted = predictionDrifted
        self.performanceOK = performanceOK
        self.report = report
        self.columns = columns
    }
}

/// Monitor history: every `monitor` result, in one transaction each, for trends and alerts.
extension Store {
    /// Stores a monitor result; returns its id.
    @discardableResult
    public func recordMonitor(_ record: MonitorRecord) throws -> Int64 {
        try write {
            _ = try versionRecord(name: record.name, version: record.version)
            func flag(_ value: Bool?) -> SQLiteValue { value.map { .integer($0 ? 1 : 0) } ?? .null }
            func number(_ value: Double?) -> SQLiteValue { value.flatMap { $0.isNaN ? nil : .real($0) } ?? .null }
            try database.run("""
                INSERT INTO monitor_history(name, version, at, source, rows, drift_share, drifted, prediction_drift,
                                            prediction_drifted, performance_ok, report, user)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, [.text(record.name), .integer(Int64(record.version)), .real(record.at), .text(record.source),
                      .integer(Int64(record.rows)), number(record.driftShare), flag(record.drifted),
                      number(record.predictionDrift), flag(record.predictionDrifted), flag(record.performanceOK),
                      .text(record.report), .text(Store.currentUser)])
            let id = database.lastInsertRowID
            for column in record.columns {
                try database.run("""
                    INSERT OR REPLACE INTO monitor_columns(history_id, column_name, method, statistic, p_value, threshold, drifted, problem)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """, [.integer(id), .text(column.column), .text(column.method), number(column.statistic),
                          number(column.pValue), number(column.threshold), flag(column.drifted), .text(column.problem)])
            }
            return id
        }
    }

    /// Every stored result for the model `name` (all versions), oldest first.
    public func monitorHistory(name: String) throws -> [MonitorRecord] {
        try read {
            try requireModelOrHistory(name)
            var records: [MonitorRecord] = []
            try database.query("""
                SELECT id, version, at, source, rows, drift_share, drifted, prediction_drift, prediction_drifted,
                       performance_ok, report
                FROM monitor_history WHERE name = ? ORDER BY at, id
                """, [.text(name)]) { row in
                func flag(_ index: Int) -> Bool? { row.isNull(index) ? nil : row.int(index) != 0 }
                var record = MonitorRecord(
                    name: name, version: row.int(1), at: row.double(2), source: row.optionalText(3), rows: row.int(4),
                    driftShare: row.optionalDouble(5) ?? .nan, drifted: row.int(6) != 0, predictionDrift: row.optionalDouble(7),
                    predictionDrifted: flag(8), performanceOK: flag(9), report: row.text(10), columns: [])
                record.id = row.int64(0)
                records.append(record)
            }
            for index in records.indices {
                try database.query("""
                    SELECT column_name, method, statistic, p_value, threshold, drifted, problem
                    FROM monitor_columns WHERE history_id = ? ORDER BY rowid
                    """, [.integer(records[index].id)]) {
                    records[index].columns.append(MonitorColumnRecord(
                        column: $0.text(0), method: $0.optionalText(1), statistic: $0.optionalDouble(2), pValue: $0.optionalDouble(3),
                        threshold: $0.optionalDouble(4), drifted: $0.int(5) != 0, problem: $0.optionalText(6)))
                }
            }
            return records
        }
    }

    /// A model with history but no versions left (deleted) still has its history.
    private func requireModelOrHistory(_ name: String) throws {
        let hasHistory = try database.first("SELECT 1 FROM monitor_history WHERE name = ? LIMIT 1", [.text(name)], { _ in true }) != nil
        if !hasHistory { try requireModel(name) }
    }
}
