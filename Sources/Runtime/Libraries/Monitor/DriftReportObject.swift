import Check
import IR
import Monitor
import VM

/// What `drift` and `monitor` return: per-feature results, the dataset verdict, and for
/// `monitor` the prediction, performance and data-quality parts. Prints as a table.
public final class DriftReportObject: HandleObject {
    public let outcome: MonitorOutcome

    public init(_ outcome: MonitorOutcome) {
        self.outcome = outcome
        super.init()
    }

    /// The drift report kind.
    public static let kind = ValueKind(
        "drift report", doc: "per-column drift tests and the dataset verdict (monitor adds predictions, performance, quality)",
        fields: [
            FieldDeclaration("drifted", .bool, doc: "true when the share of drifted columns reaches drift_share (0.5)"),
            FieldDeclaration("share", .number, doc: "drifted columns ÷ tested columns"),
            FieldDeclaration("features", .list, doc: "{name, method, statistic, p_value, threshold, drifted, problem} per column"),
            FieldDeclaration("missing_columns", .list, doc: "reference columns absent from the data"),
            FieldDeclaration("new_columns", .list, doc: "data columns the reference lacks"),
            FieldDeclaration("prediction", .record, doc: "drift of the model's outputs (monitor only), or null"),
            FieldDeclaration("performance", .record, doc: "{ok, tolerance, metrics: [{metric, current, registered, degradation, ok}]} when the data has labels, or null"),
            FieldDeclaration("quality", .list, doc: "{name, missing_share, unseen_categories, out_of_range} per column"),
            FieldDeclaration("alert", .bool, doc: "drift in the data or the predictions, or a metric outside its tolerance"),
            FieldDeclaration("rows", .number, doc: "rows in the monitored data"),
            FieldDeclaration("reference_rows", .number, doc: "rows in the reference"),
        ])

    public override var valueKind: ValueKind { DriftReportObject.kind }

    public override var summary: String { MonitorText.render(outcome) }

    public override func field(_ name: String, symbols: SymbolTable) throws -> Value? {
        let json = MonitorJSON.object(outcome)
        switch name {
        case "drifted": return .bool(outcome.drift.drifted)
        case "share": return .number(outcome.drift.share)
        case "alert": return .bool(outcome.alert)
        case "rows": return .number(Double(outcome.rows))
        case "reference_rows": return .number(Double(outcome.referenceRows))
        case "features", "missing_columns", "new_columns", "prediction", "performance", "quality":
            return ModelMetadata.value(json[name] as Any, symbols: symbols)
        default: return nil
        }
    }
}

extension ValueType {
    /// A drift report (`DriftReportObject.kind`).
    public static let driftReport = ValueType.kind("drift report")
}

/// The printed form of a drift report: one line of verdict, then a table of columns.
public enum MonitorText {
    public static func render(_ outcome: MonitorOutcome) -> String {
        func number(_ value: Double?) -> String {
            guard let value, value.isFinite else { return "-" }
            return String(format: abs(value) >= 1e-3 || value == 0 ? "%.4f" : "%.3e", value)
        }
        let drift = outcome.drift
        let tested = drift.columns.filter { $0.problem == nil }.count
        let drifted = drift.columns.filter(\.drifted).count
        var lines = ["drift report: \(drift.drifted ? "DRIFT" : "no drift") — \(drifted) of \(tested) columns drifted (share \(number(drift.share)))"
            + ", \(outcome.rows) rows against \(outcome.referenceRows) reference rows"]
        var rows = [["column", "method", "statistic", "p-value", "threshold", "drifted"]]
        for column in drift.columns {
            if let problem = column.problem {
                rows.append([column.name, "-", "-", "-", "-", "error: \(problem)"])
            } else {
                rows.append([column.name, column.method?.rawValue ?? "-", number(column.statistic), number(column.pValue),
                             number(column.threshold), column.drifted ? "yes" : "no"])
            }
        }
        if let prediction = outcome.prediction {
            rows.append(["(prediction)", prediction.method?.rawValue ?? "-", number(prediction.statistic), number(prediction.pValue),
                         number(prediction.threshold), prediction.problem.map { "error: \($0)" } ?? (prediction.drifted ? "yes" : "no")])
        }
        let widths = (0..<rows[0].count).map { index in rows.map { $0[index].count }.max() ?? 0 }
        for row in rows {
            lines.append(row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  "))
        }
        if !drift.missingColumns.isEmpty { lines.append("missing columns: \(drift.missingColumns.joined(separator: ", "))") }
        if !drift.newColumns.isEmpty { lines.append("new columns: \(drift.newColumns.joined(separator: ", "))") }
        if let performance = outcome.performance {
            let failing = performance.lines.filter { !$0.ok }
            lines.append("performance: " + (failing.isEmpty ? "every metric within its tolerance of the registered value"
                : "outside tolerance: " + performance.lines.filter { !$0.ok }.map {
                    "\($0.metric) \(number($0.registered)) → \(number($0.current))" }.joined(separator: ", ")))
        }
        return lines.joined(separator: "\n")
    }
}
