/// A grouped bar chart of two distributions over the same bins: for each bin, the share of
/// the reference data and the share of the current data, side by side.
///
/// Shares are fractions (0.25 is a quarter) and print as percentages; a share that is NaN,
/// infinite or negative is drawn as 0. Bars are as tall as their share relative to the top
/// of the axis, which is the largest share rounded up to a round value. Up to a hundred or
/// so bins stay legible: bars get thinner and only every k-th label is printed, with every
/// bin's full label and shares in its tooltip.
public struct SVGHistogram: SVGChart {
    public struct Bin: Sendable, Equatable {
        public var label: String
        public var reference: Double
        public var current: Double

        public init(label: String, reference: Double, current: Double) {
            self.label = label
            self.reference = reference
            self.current = current
        }
    }

    public var title: String
    public var bins: [Bin]
    public var referenceName: String
    public var currentName: String
    /// The height of the `viewBox`; the width is always 800.
    public var height: Double

    public init(
        title: String, bins: [Bin],
        referenceName: String = "reference", currentName: String = "current", height: Double = 300
    ) {
        self.title = title
        self.bins = bins
        self.referenceName = referenceName
        self.currentName = currentName
        self.height = height
    }

    /// Numeric bins between consecutive `edges` (`edges.count - 1` bins), labelled
    /// `low–high` with compactly printed edges. A missing share counts as 0.
    public init(
        title: String, edges: [Double], reference: [Double], current: [Double],
        referenceName: String = "reference", currentName: String = "current", height: Double = 300
    ) {
        let count = Swift.max(0, edges.count - 1)
        let bins = (0..<count).map { index in
            Bin(
                label: ChartNumber.format(edges[index]) + "–" + ChartNumber.format(edges[index + 1]),
                reference: index < reference.count ? reference[index] : 0,
                current: index < current.count ? current[index] : 0)
        }
        self.init(title: title, bins: bins, referenceName: referenceName, currentName: currentName, height: height)
    }

    /// One bin per category name. A missing share counts as 0.
    public init(
        title: String, categories: [String], reference: [Double], current: [Double],
        referenceName: String = "reference", currentName: String = "current", height: Double = 300
    ) {
        let bins = categories.enumerated().map { index, name in
            Bin(
                label: name,
                reference: index < reference.count ? reference[index] : 0,
                current: index < current.count ? current[index] : 0)
        }
        self.init(title: title, bins: bins, referenceName: referenceName, currentName: currentName, height: height)
    }

    public func render() -> String {
        guard !bins.isEmpty else {
            return ChartCanvas.noData(kind: "histogram", title: title, height: height)
        }
        let canvas = ChartCanvas(height: height, legend: [
            .init(name: referenceName, cssClass: "bar-reference", isLine: false),
            .init(name: currentName, cssClass: "bar-current", isLine: false),
        ])
        let reference = bins.map { Self.drawable($0.reference) }
        let current = bins.map { Self.drawable($0.current) }
        let largest = Swift.max(reference.max() ?? 0, current.max() ?? 0)
        let ticks = ChartScale.ticks(low: 0, high: largest > 0 ? largest : 1, count: 5)
        let top = ticks.last ?? 1

        let description = "grouped bar chart of \(bins.count) bin\(bins.count == 1 ? "" : "s"): "
            + "share of \(referenceName) and \(currentName) per bin"
        var out = canvas.open(kind: "histogram", title: title, description: description)
        out += canvas.yAxis(ticks: ticks, label: ChartNumber.percent)

        let slot = canvas.plotWidth / Double(bins.count)
        // Bars are at most 60 wide; a slot wider than two bars and a gap centers its pair.
        let barWidth = Swift.min(60, (slot - Swift.min(12, slot * 0.2)) / 2)
        let inset = (slot - 2 * barWidth) / 2
        var centers: [Double] = []
        out += "<g class=\"bars\">\n"
        for (index, bin) in bins.enumerated() {
            let slotLeft = canvas.plotLeft + Double(index) * slot
            centers.append(slotLeft + slot / 2)
            let tooltip = "\(bin.label): \(referenceName) \(ChartNumber.percent(bin.reference)), "
                + "\(currentName) \(ChartNumber.percent(bin.current))"
            out += "<g class=\"bin\"><title>\(HTMLEscaping.escape(tooltip))</title>"
            out += "<rect class=\"bin-hit\" x=\"\(coord(slotLeft))\" y=\"\(coord(canvas.plotTop))\""
            out += " width=\"\(coord(slot))\" height=\"\(coord(canvas.plotHeight))\"/>"
            out += bar("bar-reference", share: reference[index], x: slotLeft + inset, width: barWidth, top: top, canvas: canvas)
            out += bar("bar-current", share: current[index], x: slotLeft + inset + barWidth, width: barWidth, top: top, canvas: canvas)
            out += "</g>\n"
        }
        out += "</g>\n"
        out += canvas.xAxisLine()
        out += canvas.xLabels(bins.map(\.label), centers: centers, maxCharacters: 16)
        out += canvas.close()
        return out
    }

    private func bar(_ cssClass: String, share: Double, x: Double, width: Double, top: Double, canvas: ChartCanvas) -> String {
        let height = share / top * canvas.plotHeight
        return "<rect class=\"\(cssClass)\" x=\"\(coord(x))\" y=\"\(coord(canvas.plotBottom - height))\""
            + " width=\"\(coord(width))\" height=\"\(coord(height))\"/>"
    }

    /// The share as drawn: NaN, infinities and negatives become 0.
    static func drawable(_ share: Double) -> Double {
        share.isFinite && share > 0 ? share : 0
    }
}
