import ML
import Render

/// Evaluation reports: the metric table, then for classification the confusion matrix
/// (rows are the true classes) and the per-class scores; a regression or clustering report
/// is its metrics alone.
extension ReportObject: RichDisplay {
    func displayText(options: DisplayOptions) -> String {
        ReportDisplay.text(report, options: options)
    }

    func displayHTML() -> String {
        ReportDisplay.html(report)
    }
}

/// The report renderings `ReportObject` uses; in HTML the confusion matrix is both a table
/// and a heat map (`SVGConfusionMatrix`).
enum ReportDisplay {
    /// The report's own aligned text (`EvaluationReport.rendered`), with each table's
    /// header bold when colour is on.
    static func text(_ report: EvaluationReport, options: DisplayOptions) -> String {
        let title = "report (\(report.task.rawValue))"
        let body = report.rendered()
        guard options.colored else { return title + "\n" + body }
        var lines = body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for index in lines.indices where index == 0 || lines[index - 1].isEmpty || lines[index - 1].hasPrefix("confusion") {
            lines[index] = TerminalStyle.bold(lines[index], on: true)
        }
        return TerminalStyle.dim(title, on: true) + "\n" + lines.joined(separator: "\n")
    }

    static func html(_ report: EvaluationReport) -> String {
        var metrics = HTMLTable(header: ["metric", "value"], caption: "report (\(report.task.rawValue))")
        for metric in report.metrics { metrics.addRow([.init(metric.name), .number(metric.value)]) }
        var blocks = [metrics.render()]
        if let confusion = report.confusion, !confusion.isEmpty {
            let labels = report.classes.count == confusion.count ? report.classes : confusion.indices.map(String.init)
            var table = HTMLTable(header: ["truth \\ predicted"] + labels, caption: "confusion matrix")
            for (row, counts) in confusion.enumerated() {
                table.addRow([.init(labels[row])] + counts.enumerated().map { column, count in
                    HTMLTable.Cell(String(count), status: column == row ? .ok : count > 0 ? .warning : nil, numeric: true)
                })
            }
            blocks.append(table.render())
            let heatMap = SVGConfusionMatrix(title: "confusion matrix", labels: labels, counts: confusion)
            blocks.append("<figure class=\"chart\">\n\(heatMap.render())\n</figure>")
        }
        if !report.perClass.isEmpty {
            var table = HTMLTable(header: ["class", "precision", "recall", "f1", "support"], caption: "per class")
            for entry in report.perClass {
                table.addRow([.init(entry.label), .number(entry.precision), .number(entry.recall), .number(entry.f1),
                              .number(Double(entry.support))])
            }
            blocks.append(table.render())
        }
        return blocks.joined(separator: "\n")
    }
}
