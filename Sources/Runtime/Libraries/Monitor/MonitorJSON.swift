import Foundation
import Monitor

/// A monitor outcome as JSON: what `lathe monitor --json` prints and the store keeps with
/// each result. NaN and infinities (which JSON lacks) are null.
public enum MonitorJSON {
    public static func object(_ outcome: MonitorOutcome) -> [String: Any] {
        func number(_ value: Double?) -> Any { value.flatMap { $0.isFinite ? $0 : nil } ?? NSNull() }
        func column(_ drift: ColumnDrift) -> [String: Any] {
            [
                "name": drift.name, "method": drift.method?.rawValue ?? NSNull(), "statistic": number(drift.problem == nil ? drift.statistic : nil),
                "p_value": number(drift.pValue), "threshold": number(drift.problem == nil ? drift.threshold : nil),
                "drifted": drift.drifted, "problem": drift.problem ?? NSNull(),
            ]
        }
        var object: [String: Any] = [
            "model": outcome.model ?? NSNull(),
            "source": outcome.source ?? NSNull(),
            "rows": outcome.rows,
            "reference_rows": outcome.referenceRows,
            "drifted": outcome.drift.drifted,
            "share": number(outcome.drift.share),
            "alert": outcome.alert,
            "features": outcome.drift.columns.map(column),
            "missing_columns": outcome.drift.missingColumns,
            "new_columns": outcome.drift.newColumns,
            "prediction": outcome.prediction.map(column) ?? NSNull(),
            "quality": outcome.quality.map { quality -> [String: Any] in
                [
                    "name": quality.name, "missing_share": number(quality.missingShare),
                    "reference_missing_share": number(quality.referenceMissingShare),
                    "unseen_categories": quality.unseenCategories, "out_of_range": quality.outOfRange,
                    "out_of_range_share": number(quality.outOfRangeShare),
                ]
            },
        ]
        if let performance = outcome.performance {
            object["performance"] = [
                "ok": performance.ok, "tolerance": number(performance.tolerance),
                "metrics": performance.lines.map { line -> [String: Any] in
                    ["metric": line.metric, "current": number(line.current), "registered": number(line.registered),
                     "degradation": number(line.degradation), "tolerance": line.tolerance, "ok": line.ok]
                },
            ] as [String: Any]
        } else {
            object["performance"] = NSNull()
        }
        return object
    }

    public static func text(_ outcome: MonitorOutcome, pretty: Bool = false) -> String {
        let options: JSONSerialization.WritingOptions = pretty ? [.sortedKeys, .prettyPrinted] : [.sortedKeys]
        guard let data = try? JSONSerialization.data(withJSONObject: object(outcome), options: options) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
