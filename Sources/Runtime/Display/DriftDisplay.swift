import Render

/// Drift reports: the text `print` shows (`MonitorText`) at the prompt, and in HTML the
/// verdict badge with the monitor page's own feature, quality and performance tables.
extension DriftReportObject: RichDisplay {
    func displayText(options: DisplayOptions) -> String {
        let text = MonitorText.render(outcome)
        guard options.colored, let newline = text.firstIndex(of: "\n") else { return text }
        return TerminalStyle.bold(String(text[..<newline]), on: true) + String(text[newline...])
    }

    func displayHTML() -> String {
        var blocks = HTMLDocument(title: "drift report")
        let tested = outcome.drift.columns.filter { $0.problem == nil }.count
        let drifted = outcome.drift.columns.filter(\.drifted).count
        blocks.addBadge(outcome.alert ? "alert" : "ok", status: outcome.alert ? .alert : .ok,
                        note: "\(drifted) of \(tested) columns drifted; \(outcome.rows) rows against \(outcome.referenceRows) reference rows")
        blocks.addTable(MonitorPage.featureTable(outcome))
        if !outcome.quality.isEmpty { blocks.addTable(MonitorPage.qualityTable(outcome)) }
        if let performance = outcome.performance { blocks.addTable(MonitorPage.performanceTable(performance)) }
        return blocks.blocks.joined(separator: "\n")
    }
}
