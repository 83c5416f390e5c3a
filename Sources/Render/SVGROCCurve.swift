/// A binary classifier's ROC curve: true positive rate against false positive rate, both on
/// 0…1 axes, with the diagonal of a random guess for reference and the area in the title.
///
/// Points are drawn in the order given (a ROC curve's points only move up and right) and
/// joined by straight lines, as scikit-learn's `RocCurveDisplay` draws them. A non-finite
/// point is skipped.
public struct SVGROCCurve: SVGChart {
    public var title: String
    public var falsePositiveRates: [Double]
    public var truePositiveRates: [Double]
    /// The area under the curve, shown in the legend when given.
    public var area: Double?
    /// The height of the `viewBox`; the width is always 800.
    public var height: Double

    public init(title: String, falsePositiveRates: [Double], truePositiveRates: [Double], area: Double? = nil, height: Double = 360) {
        self.title = title
        self.falsePositiveRates = falsePositiveRates
        self.truePositiveRates = truePositiveRates
        self.area = area
        self.height = height
    }

    public func render() -> String {
        let points = zip(falsePositiveRates, truePositiveRates).filter { $0.0.isFinite && $0.1.isFinite }
        guard !points.isEmpty else { return ChartCanvas.noData(kind: "roc-curve", title: title, height: height) }
        let curveName = "ROC" + (area.map { $0.isFinite ? " (AUC \(ChartNumber.fixed($0, decimals: 3)))" : "" } ?? "")
        let canvas = ChartCanvas(height: height, legend: [
            .init(name: curveName, cssClass: "line series-0", isLine: true),
            .init(name: "random guess", cssClass: "threshold", isLine: true),
        ])
        let ticks = [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]
        let description = "ROC curve of \(points.count) point\(points.count == 1 ? "" : "s"): true positive rate against false positive rate"
            + (area.map { $0.isFinite ? ", area \(ChartNumber.fixed($0, decimals: 3))" : "" } ?? "")
        var out = canvas.open(kind: "roc-curve", title: title, description: description)
        out += canvas.yAxis(ticks: ticks, label: { ChartNumber.fixed($0, decimals: 1) })
        out += canvas.xAxisLine()
        func x(_ rate: Double) -> Double { canvas.plotLeft + Swift.min(1, Swift.max(0, rate)) * canvas.plotWidth }
        func y(_ rate: Double) -> Double { canvas.y(Swift.min(1, Swift.max(0, rate)), low: 0, high: 1) }
        out += "<line class=\"threshold\" x1=\"\(coord(x(0)))\" y1=\"\(coord(y(0)))\" x2=\"\(coord(x(1)))\" y2=\"\(coord(y(1)))\"/>\n"
        let path = points.enumerated().map { index, point in
            (index == 0 ? "M" : "L") + coord(x(point.0)) + " " + coord(y(point.1))
        }.joined(separator: " ")
        out += "<g class=\"series\"><title>\(HTMLEscaping.escape(curveName))</title>"
        out += "<path class=\"line series-0\" d=\"\(path)\"/></g>\n"
        out += canvas.xLabels(ticks.map { ChartNumber.fixed($0, decimals: 1) }, centers: ticks.map(x), maxCharacters: 6)
        out += "<text class=\"tick\" x=\"\(coord(canvas.plotLeft + canvas.plotWidth / 2))\" y=\"\(coord(height - 6))\""
        out += " text-anchor=\"middle\">false positive rate</text>\n"
        out += "<text class=\"tick\" x=\"14\" y=\"\(coord(canvas.plotTop + canvas.plotHeight / 2))\" text-anchor=\"middle\""
        out += " transform=\"rotate(-90 14 \(coord(canvas.plotTop + canvas.plotHeight / 2)))\">true positive rate</text>\n"
        out += canvas.close()
        return out
    }
}
