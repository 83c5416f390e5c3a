import LatheCore
import ML
import Render

/// Fitted models: the summary `print` shows (kind, task, target, features, rows), then the
/// registration and its metrics when registered, and the loss curve as a small chart.
extension ModelObject: RichDisplay {
    func displayText(options: DisplayOptions) -> String {
        var lines = [summary]
        if let registration {
            lines.append("  registered: \(registration.name) v\(registration.version)"
                         + (registration.aliases.isEmpty ? "" : " (\(registration.aliases.joined(separator: ", ")))"))
            if !registration.metrics.isEmpty {
                lines.append("  metrics: " + registration.metrics.map { "\($0.name) \(ChartNumber.format($0.value))" }
                    .joined(separator: ", "))
            }
        }
        let curve = model.lineage.lossCurve
        if curve.count >= 2 {
            lines.append("  loss curve (\(curve.count) steps):")
            let chart = TerminalLineChart(series: [.init(name: "loss", values: curve)],
                                          xRange: ("1", String(curve.count)), width: Swift.min(60, options.width - 12), height: 5)
            lines.append(chart.render(colored: options.colored).split(separator: "\n", omittingEmptySubsequences: false)
                .map { "    " + $0 }.joined(separator: "\n"))
        }
        return lines.joined(separator: "\n")
    }

    func displayHTML() -> String {
        var table = HTMLTable(header: ["", ""], caption: "model \(model.spec.name)")
        table.addRow(["task", .init(model.task.rawValue)])
        if let target = model.target { table.addRow(["target", .init(target)]) }
        if !model.classes.isEmpty { table.addRow(["classes", .init(model.classes.joined(separator: ", "))]) }
        table.addRow(["features", .init(model.featureNames.joined(separator: ", "))])
        for name in model.spec.parameters.values.keys.sorted() {
            table.addRow([.init(name), .init("\(model.spec.parameters.values[name].map { "\($0)" } ?? "")")])
        }
        table.addRow(["rows", .number(Double(model.lineage.rowCount))])
        if let registration {
            table.addRow(["registered", .init("\(registration.name) v\(registration.version)")])
            for metric in registration.metrics { table.addRow([.init(metric.name), .number(metric.value)]) }
        }
        var out = table.render()
        let curve = model.lineage.lossCurve
        if curve.count >= 2 {
            out += "\n" + SVGLineChart(title: "loss curve", xLabels: curve.indices.map { String($0 + 1) },
                                       series: [.init(name: "loss", values: curve)]).render()
        }
        return out
    }
}
