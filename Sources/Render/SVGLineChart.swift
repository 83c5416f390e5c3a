/// One or more series of values over a shared axis of labels (timestamps, batch names),
/// with an optional horizontal threshold line.
///
/// A NaN or infinite value is a gap: the line stops before it and starts again after it. Each
/// finite value is a point with a tooltip naming its series, label and value. The y axis
/// spans every finite value and the threshold, widened to round ticks.
public struct SVGLineChart: SVGChart {
    public struct Series: Sendable, Equatable {
        public var name: String
        /// One value per x label; values past the last label are not drawn, and labels
        /// past the last value are gaps.
        public var values: [Double]

        public init(name: String, values: [Double]) {
            self.name = name
            self.values = values
        }
    }

    public struct Threshold: Sendable, Equatable {
        public var value: Double
        public var label: String

        public init(value: Double, label: String = "threshold") {
            self.value = value
            self.label = label
        }
    }

    /// How many distinct series colors the stylesheet defines; later series reuse them.
    static let paletteSize = 6

    public var title: String
    public var xLabels: [String]
    public var series: [Series]
    public var threshold: Threshold?
    /// The height of the `viewBox`; the width is always 800.
    public var height: Double

    public init(title: String, xLabels: [String], series: [Series], threshold: Threshold? = nil, height: Double = 300) {
        self.title = title
        self.xLabels = xLabels
        self.series = series
        self.threshold = threshold
        self.height = height
    }

    public func render() -> String {
        let count = xLabels.count
        let finite = series.flatMap { $0.values.prefix(count).filter(\.isFinite) }
        guard count > 0, !finite.isEmpty else {
            return ChartCanvas.noData(kind: "line-chart", title: title, height: height)
        }
        var low = finite.min()!
        var high = finite.max()!
        if let threshold, threshold.value.isFinite {
            low = Swift.min(low, threshold.value)
            high = Swift.max(high, threshold.value)
        }
        let ticks = ChartScale.ticks(low: low, high: high, count: 5)
        let axisLow = ticks.first ?? low
        let axisHigh = ticks.last ?? high

        let description = "line chart of \(series.count) series over \(count) point\(count == 1 ? "" : "s")"
            + (threshold.map { ", threshold \(ChartNumber.format($0.value))" } ?? "")
        var legend = series.enumerated().map { index, series in
            ChartCanvas.LegendEntry(name: series.name, cssClass: "line " + Self.colorClass(index), isLine: true)
        }
        if let threshold { legend.append(.init(name: threshold.label, cssClass: "threshold", isLine: true)) }
        let canvas = ChartCanvas(height: height, legend: legend)
        var out = canvas.open(kind: "line-chart", title: title, description: description)
        out += canvas.yAxis(ticks: ticks, label: ChartNumber.format)
        out += canvas.xAxisLine()

        let slot = canvas.plotWidth / Double(count)
        let xs = (0..<count).map { canvas.plotLeft + (Double($0) + 0.5) * slot }
        if let threshold, threshold.value.isFinite {
            let y = canvas.y(threshold.value, low: axisLow, high: axisHigh)
            out += "<g class=\"threshold-line\"><title>\(HTMLEscaping.escape(threshold.label)): "
            out += "\(ChartNumber.format(threshold.value))</title>"
            out += "<line class=\"threshold\" x1=\"\(coord(canvas.plotLeft))\" y1=\"\(coord(y))\""
            out += " x2=\"\(coord(canvas.plotRight))\" y2=\"\(coord(y))\"/></g>\n"
        }
        let radius = Swift.min(3.5, Swift.max(1.5, slot / 4))
        for (index, series) in series.enumerated() {
            let color = Self.colorClass(index)
            let points: [(x: Double, y: Double, value: Double)?] = (0..<count).map { column in
                guard column < series.values.count, series.values[column].isFinite else { return nil }
                let value = series.values[column]
                return (xs[column], canvas.y(value, low: axisLow, high: axisHigh), value)
            }
            out += "<g class=\"series\">\n"
            out += "<path class=\"line \(color)\" d=\"\(Self.pathData(points.map { $0.map { ($0.x, $0.y) } }))\"/>\n"
            for (column, point) in points.enumerated() {
                guard let point else { continue }
                let tooltip = "\(series.name) · \(xLabels[column]): \(ChartNumber.format(point.value))"
                out += "<circle class=\"point \(color)\" cx=\"\(coord(point.x))\" cy=\"\(coord(point.y))\" r=\"\(coord(radius))\">"
                out += "<title>\(HTMLEscaping.escape(tooltip))</title></circle>\n"
            }
            out += "</g>\n"
        }
        out += canvas.xLabels(xLabels, centers: xs, maxCharacters: 20)
        out += canvas.close()
        return out
    }

    /// Path data with one subpath per run of consecutive points; a gap (`nil`) ends a run,
    /// and a run of one point is left to its circle.
    static func pathData(_ points: [(Double, Double)?]) -> String {
        var commands: [String] = []
        var run: [(Double, Double)] = []
        func flush() {
            if run.count >= 2 {
                commands.append(run.enumerated().map { index, point in
                    (index == 0 ? "M" : "L") + coord(point.0) + " " + coord(point.1)
                }.joined(separator: " "))
            }
            run.removeAll()
        }
        for point in points {
            if let point { run.append(point) } else { flush() }
        }
        flush()
        return commands.joined(separator: " ")
    }

    static func colorClass(_ index: Int) -> String {
        "series-\(index % paletteSize)"
    }
}
