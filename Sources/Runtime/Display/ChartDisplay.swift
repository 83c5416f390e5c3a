import Render

/// Charts: a terminal drawing (blocks for histograms and bars, braille for lines) under
/// its title, and SVG in HTML.
extension ChartObject: RichDisplay {
    func displayText(options: DisplayOptions) -> String {
        let plotWidth = Swift.max(10, Swift.min(60, options.width - 12))
        let drawing: String
        switch content {
        case .histogram(let counts, let low, let high):
            drawing = TerminalHistogram(counts: counts, low: low, high: high, width: plotWidth + 8).render(colored: options.colored)
        case .line(let series, let xLabels):
            let chart = TerminalLineChart(
                series: series.map { TerminalLineChart.Series(name: $0.name, values: $0.values) },
                xRange: xLabels.isEmpty ? nil : (xLabels[0], xLabels[xLabels.count - 1]), width: plotWidth)
            drawing = chart.render(colored: options.colored)
        case .bars(let labels, let values):
            drawing = TerminalBars(labels: labels, values: values, width: plotWidth).render(colored: options.colored)
        }
        return title.isEmpty ? drawing : TerminalStyle.bold(title, on: options.colored) + "\n" + drawing
    }

    func displayHTML() -> String {
        let shownTitle = title.isEmpty ? chartType + " chart" : title
        switch content {
        case .histogram(let counts, let low, let high):
            let width = counts.isEmpty ? 0 : (high - low) / Double(counts.count)
            let labels = counts.indices.map { index in
                ChartNumber.format(low + Double(index) * width) + "–" + ChartNumber.format(low + Double(index + 1) * width)
            }
            return SVGBarChart(title: shownTitle, labels: labels, values: counts.map(Double.init)).render()
        case .line(let series, let xLabels):
            return SVGLineChart(title: shownTitle, xLabels: xLabels,
                                series: series.map { .init(name: $0.name.isEmpty ? "values" : $0.name, values: $0.values) }).render()
        case .bars(let labels, let values):
            return SVGBarChart(title: shownTitle, labels: labels, values: values).render()
        }
    }
}
