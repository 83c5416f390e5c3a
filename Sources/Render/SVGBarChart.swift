/// One series of labelled bars: the counts of a histogram's bins or the values of a bar
/// chart. Each bar's tooltip gives its label and value.
///
/// Bars rise from zero; a negative, NaN or infinite value draws no bar. The y axis runs
/// from 0 to the largest value rounded up to a round tick.
public struct SVGBarChart: SVGChart {
    public var title: String
    public var labels: [String]
    public var values: [Double]
    /// The height of the `viewBox`; the width is always 800.
    public var height: Double

    public init(title: String, labels: [String], values: [Double], height: Double = 300) {
        self.title = title
        self.labels = labels
        self.values = values
        self.height = height
    }

    public func render() -> String {
        let count = Swift.min(labels.count, values.count)
        guard count > 0 else { return ChartCanvas.noData(kind: "bar-chart", title: title, height: height) }
        let canvas = ChartCanvas(height: height)
        let drawn = values.prefix(count).map(SVGHistogram.drawable)
        let largest = drawn.max() ?? 0
        let ticks = ChartScale.ticks(low: 0, high: largest > 0 ? largest : 1, count: 5)
        let top = ticks.last ?? 1
        var out = canvas.open(kind: "bar-chart", title: title, description: "bar chart of \(count) value\(count == 1 ? "" : "s")")
        out += canvas.yAxis(ticks: ticks, label: ChartNumber.format)
        let slot = canvas.plotWidth / Double(count)
        let barWidth = Swift.min(60, slot - Swift.min(12, slot * 0.2))
        var centers: [Double] = []
        out += "<g class=\"bars\">\n"
        for index in 0..<count {
            let slotLeft = canvas.plotLeft + Double(index) * slot
            centers.append(slotLeft + slot / 2)
            let barHeight = drawn[index] / top * canvas.plotHeight
            out += "<g class=\"bin\"><title>\(HTMLEscaping.escape(labels[index] + ": " + ChartNumber.format(values[index])))</title>"
            out += "<rect class=\"bin-hit\" x=\"\(coord(slotLeft))\" y=\"\(coord(canvas.plotTop))\""
            out += " width=\"\(coord(slot))\" height=\"\(coord(canvas.plotHeight))\"/>"
            out += "<rect class=\"bar-current\" x=\"\(coord(slotLeft + (slot - barWidth) / 2))\""
            out += " y=\"\(coord(canvas.plotBottom - barHeight))\" width=\"\(coord(barWidth))\" height=\"\(coord(barHeight))\"/>"
            out += "</g>\n"
        }
        out += "</g>\n"
        out += canvas.xAxisLine()
        out += canvas.xLabels(Array(labels.prefix(count)), centers: centers, maxCharacters: 16)
        out += canvas.close()
        return out
    }
}
