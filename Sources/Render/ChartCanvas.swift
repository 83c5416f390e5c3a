/// The frame every chart draws in: the `<svg>` element with its accessible name, the title
/// line, the legend (wrapped onto rows), the plot area with its y-axis grid, and the "no data" chart.
///
/// Coordinates are in a fixed 800-wide `viewBox`; the element itself is `width="100%"`, so
/// the browser scales it to the page.
struct ChartCanvas {
    static let width = 800.0
    static let tickFontSize = 11.0
    static let legendRowHeight = 18.0

    /// One legend entry: a name and the CSS class of its swatch.
    struct LegendEntry {
        var name: String
        var cssClass: String
        var isLine: Bool
    }

    /// A legend entry placed: its name as shown and where its swatch starts.
    private struct PlacedEntry {
        var entry: LegendEntry
        var shownName: String
        var x: Double
        var y: Double
    }

    let height: Double
    let plotLeft = 60.0
    let plotRight = ChartCanvas.width - 20
    let plotTop: Double
    var plotBottom: Double { height - 44 }
    var plotWidth: Double { plotRight - plotLeft }
    var plotHeight: Double { plotBottom - plotTop }
    private let legendEntries: [PlacedEntry]

    /// A canvas `height` tall plus a row for each legend row past the first; the legend
    /// wraps onto as many rows as its entries need.
    init(height: Double, legend: [LegendEntry] = []) {
        var placed: [PlacedEntry] = []
        var x = plotLeft
        var y = 40.0
        for entry in legend {
            let name = ChartText.truncated(entry.name, maxCharacters: 32)
            let width = (entry.isLine ? 22 : 17) + ChartText.estimatedWidth(name, fontSize: 12)
            if x > plotLeft && x + width > plotRight {
                x = plotLeft
                y += ChartCanvas.legendRowHeight
            }
            placed.append(PlacedEntry(entry: entry, shownName: name, x: x, y: y))
            x += width + 18
        }
        let extraRows = y - 40
        legendEntries = placed
        plotTop = 58 + extraRows
        self.height = Swift.max(160, height) + extraRows
    }

    /// The opening `<svg>` tag, `<title>`, `<desc>`, the visible title and the legend.
    func open(kind: String, title: String, description: String) -> String {
        let label = HTMLEscaping.escape(title)
        var out = "<svg class=\"chart \(kind)\" viewBox=\"0 0 \(coord(ChartCanvas.width)) \(coord(height))\""
        out += " width=\"100%\" role=\"img\" aria-label=\"\(label)\">\n"
        out += "<title>\(label)</title>\n"
        out += "<desc>\(HTMLEscaping.escape(description))</desc>\n"
        let shown = ChartText.truncated(title, maxCharacters: 90)
        out += "<text class=\"chart-title\" x=\"\(coord(plotLeft))\" y=\"20\">\(HTMLEscaping.escape(shown))</text>\n"
        if !legendEntries.isEmpty { out += legend() }
        return out
    }

    func close() -> String { "</svg>" }

    /// The legend under the title, entries left to right, wrapped at the plot's right edge.
    private func legend() -> String {
        var out = "<g class=\"legend\">\n"
        for placed in legendEntries {
            let (entry, x, y) = (placed.entry, placed.x, placed.y)
            out += "<g>"
            if entry.name != placed.shownName { out += "<title>\(HTMLEscaping.escape(entry.name))</title>" }
            if entry.isLine {
                out += "<line class=\"swatch \(entry.cssClass)\" x1=\"\(coord(x))\" y1=\"\(coord(y - 4))\" x2=\"\(coord(x + 16))\" y2=\"\(coord(y - 4))\"/>"
            } else {
                out += "<rect class=\"swatch \(entry.cssClass)\" x=\"\(coord(x))\" y=\"\(coord(y - 10))\" width=\"12\" height=\"12\"/>"
            }
            let textX = x + (entry.isLine ? 22 : 17)
            out += "<text x=\"\(coord(textX))\" y=\"\(coord(y))\">\(HTMLEscaping.escape(placed.shownName))</text></g>\n"
        }
        out += "</g>\n"
        return out
    }

    /// Horizontal grid lines and labels for `ticks`, which run from the bottom of the plot
    /// (the first) to its top (the last).
    func yAxis(ticks: [Double], label: (Double) -> String) -> String {
        guard let low = ticks.first, let high = ticks.last else { return "" }
        var out = "<g class=\"y-axis\">\n"
        for tick in ticks {
            let y = self.y(tick, low: low, high: high)
            out += "<line class=\"grid\" x1=\"\(coord(plotLeft))\" y1=\"\(coord(y))\" x2=\"\(coord(plotRight))\" y2=\"\(coord(y))\"/>"
            out += "<text class=\"tick\" x=\"\(coord(plotLeft - 6))\" y=\"\(coord(y + 4))\" text-anchor=\"end\">"
            out += HTMLEscaping.escape(label(tick)) + "</text>\n"
        }
        out += "</g>\n"
        return out
    }

    /// The x axis: a line along the bottom of the plot.
    func xAxisLine() -> String {
        "<line class=\"axis\" x1=\"\(coord(plotLeft))\" y1=\"\(coord(plotBottom))\" x2=\"\(coord(plotRight))\" y2=\"\(coord(plotBottom))\"/>\n"
    }

    /// Labels under the plot at `centers`, every `step`-th one shown, each cut to
    /// `maxCharacters` with the full text in a `<title>` when cut.
    func xLabels(_ labels: [String], centers: [Double], maxCharacters: Int) -> String {
        guard !labels.isEmpty else { return "" }
        let shown = labels.map { ChartText.truncated($0, maxCharacters: maxCharacters) }
        let widest = shown.map { ChartText.estimatedWidth($0, fontSize: ChartCanvas.tickFontSize) }.max() ?? 0
        let slot = plotWidth / Double(labels.count)
        let step = Swift.max(1, Int(((widest + 8) / slot).rounded(.up)))
        var out = "<g class=\"x-axis\">\n"
        for index in stride(from: 0, to: labels.count, by: step) {
            // Keep a label near either edge inside the viewBox.
            let half = ChartText.estimatedWidth(shown[index], fontSize: ChartCanvas.tickFontSize) / 2
            let x = Swift.min(ChartCanvas.width - 2 - half, Swift.max(2 + half, centers[index]))
            let text = "<text class=\"tick\" x=\"\(coord(x))\" y=\"\(coord(plotBottom + 18))\" text-anchor=\"middle\">"
                + HTMLEscaping.escape(shown[index]) + "</text>"
            if shown[index] != labels[index] {
                out += "<g><title>\(HTMLEscaping.escape(labels[index]))</title>\(text)</g>\n"
            } else {
                out += text + "\n"
            }
        }
        out += "</g>\n"
        return out
    }

    /// The y coordinate of `value` on an axis from `low` (bottom) to `high` (top).
    func y(_ value: Double, low: Double, high: Double) -> Double {
        guard high > low else { return plotBottom }
        return plotBottom - (value - low) / (high - low) * plotHeight
    }

    /// A chart with its title and a centered "no data" note in place of the plot.
    static func noData(kind: String, title: String, height: Double) -> String {
        let canvas = ChartCanvas(height: height)
        var out = canvas.open(kind: kind + " no-data", title: title, description: "no data")
        out += "<rect class=\"plot-frame\" x=\"\(coord(canvas.plotLeft))\" y=\"\(coord(canvas.plotTop))\""
        out += " width=\"\(coord(canvas.plotWidth))\" height=\"\(coord(canvas.plotHeight))\"/>\n"
        out += "<text class=\"no-data\" x=\"\(coord(canvas.plotLeft + canvas.plotWidth / 2))\""
        out += " y=\"\(coord(canvas.plotTop + canvas.plotHeight / 2))\" text-anchor=\"middle\">no data</text>\n"
        out += canvas.close()
        return out
    }
}

/// An SVG coordinate or length: at most two decimals, no trailing zeros.
func coord(_ value: Double) -> String {
    ChartNumber.fixed(value, decimals: 2)
}
