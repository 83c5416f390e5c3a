import Data
import Foundation
import Monitor
import Render
import Store

/// The HTML report `lathe monitor --html` writes: one self-contained page (no network) with
/// the verdict, a table per batch, each feature's reference-vs-current histogram as inline
/// SVG, data quality, performance, and the trend from the stored history.
public enum MonitorPage {
    public static func render(outcomes: [MonitorOutcome], model: String, history: [MonitorRecord], reference: Frame,
                              batches: [Frame]) -> String {
        var page = HTMLDocument(title: "Monitor report: \(model)")
        page.addHeading("Monitor report: \(model)", level: 1)
        let alert = outcomes.contains(where: \.alert)
        page.addBadge(alert ? "alert" : "ok", status: alert ? .alert : .ok,
                      note: alert ? "drift in the data or predictions, or a metric outside its tolerance" : "no drift")
        page.addParagraph("Reference: \(outcomes.first?.referenceRows ?? reference.rowCount) rows. Generated \(ISO8601DateFormatter().string(from: Date())).")

        var summary = HTMLTable(header: ["batch", "rows", "drift share", "dataset", "prediction", "performance"])
        for outcome in outcomes {
            summary.addRow([
                .init(outcome.source.map { ($0 as NSString).lastPathComponent } ?? "data"),
                .number(Double(outcome.rows)),
                .number(outcome.drift.share, status: outcome.drift.drifted ? .alert : .ok),
                .init(outcome.drift.drifted ? "drifted" : "stable", status: outcome.drift.drifted ? .alert : .ok),
                .init(outcome.prediction.map { $0.drifted ? "drifted" : "stable" } ?? "—",
                      status: outcome.prediction.map { $0.drifted ? .alert : .ok } ?? .muted),
                .init(outcome.performance.map { $0.ok ? "ok" : "dropped" } ?? "no labels",
                      status: outcome.performance.map { $0.ok ? .ok : .alert } ?? .muted),
            ])
        }
        page.addHeading("Batches")
        page.addTable(summary)

        guard let last = outcomes.last, let current = batches.last else { return page.render() }
        page.addHeading("Features\(outcomes.count > 1 ? " (last batch)" : "")")
        page.addTable(featureTable(last))

        for column in last.drift.columns where column.problem == nil {
            guard let before = try? reference.column(named: column.name), let after = try? current.column(named: column.name) else { continue }
            let histogram = Histogram.shared(reference: before, current: after)
            let title = "\(column.name): \(column.method?.rawValue ?? "") \(ChartNumber.format(column.statistic))\(column.drifted ? " — drifted" : "")"
            if let edges = histogram.edges {
                page.addChart(SVGHistogram(title: title, edges: edges, reference: histogram.referenceShares, current: histogram.currentShares))
            } else {
                page.addChart(SVGHistogram(title: title, categories: histogram.categories ?? [], reference: histogram.referenceShares,
                                           current: histogram.currentShares))
            }
        }

        if !last.quality.isEmpty {
            page.addHeading("Data quality")
            page.addTable(qualityTable(last))
        }

        if let performance = last.performance {
            page.addHeading("Performance")
            page.addTable(performanceTable(performance))
        }

        if history.count > 1 {
            page.addHeading("Trend")
            let labels = history.map { record in
                record.source.map { ($0 as NSString).lastPathComponent } ?? ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: record.at))
            }
            page.addChart(SVGLineChart(
                title: "Drift share per monitor call", xLabels: labels,
                series: [SVGLineChart.Series(name: "drift share", values: history.map(\.driftShare)),
                         SVGLineChart.Series(name: "prediction drift", values: history.map { $0.predictionDrift ?? .nan })],
                threshold: SVGLineChart.Threshold(value: last.drift.driftShare, label: "drift share threshold")))
        }
        return page.render()
    }

    /// One row per tested column (and the predictions): method, statistic, p-value, verdict.
    static func featureTable(_ outcome: MonitorOutcome) -> HTMLTable {
        var features = HTMLTable(header: ["column", "method", "statistic", "p-value", "threshold", "drifted"])
        for column in outcome.drift.columns + (outcome.prediction.map { [$0] } ?? []) {
            if let problem = column.problem {
                features.addRow([.init(column.name), "—", "—", "—", "—", .init("error: \(problem)", status: .warning)])
            } else {
                features.addRow([
                    .init(column.name), .init(column.method?.rawValue ?? "—"), .number(column.statistic),
                    column.pValue.map { .number($0) } ?? .init("—"), .number(column.threshold),
                    .init(column.drifted ? "yes" : "no", status: column.drifted ? .alert : .ok),
                ])
            }
        }
        return features
    }

    /// Missing shares, unseen categories and out-of-range values per column.
    static func qualityTable(_ outcome: MonitorOutcome) -> HTMLTable {
        var quality = HTMLTable(header: ["column", "missing", "missing in reference", "unseen categories", "outside reference range"])
        for line in outcome.quality {
            quality.addRow([
                .init(line.name), .init(ChartNumber.percent(line.missingShare), status: line.missingShare > line.referenceMissingShare ? .warning : nil, numeric: true),
                .init(ChartNumber.percent(line.referenceMissingShare), numeric: true),
                .init(line.unseenCategories.prefix(5).joined(separator: ", ") + (line.unseenCategories.count > 5 ? ", …" : ""),
                      status: line.unseenCategories.isEmpty ? nil : .warning),
                .init("\(line.outOfRange) (\(ChartNumber.percent(line.outOfRangeShare)))", status: line.outOfRange > 0 ? .warning : nil, numeric: true),
            ])
        }
        return quality
    }

    /// Each metric now against its registered value and tolerance.
    static func performanceTable(_ performance: PerformanceCheck) -> HTMLTable {
        var table = HTMLTable(header: ["metric", "now", "registered", "degradation", "allowed", "ok"])
        for line in performance.lines {
            table.addRow([
                .init(line.metric), .number(line.current), line.registered.map { .number($0) } ?? .init("—"),
                line.degradation.map { .init(ChartNumber.percent($0), numeric: true) } ?? .init("—"),
                .init(ChartNumber.percent(line.tolerance), numeric: true),
                .init(line.ok ? "yes" : "no", status: line.ok ? .ok : .alert),
            ])
        }
        return table
    }
}

