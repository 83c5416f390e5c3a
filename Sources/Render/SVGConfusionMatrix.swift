/// A confusion matrix as a heat map: one square per (true class, predicted class), shaded by
/// its share of its row (the recall of the true class on the diagonal), with the count in it.
/// Rows are the true classes, top to bottom; columns the predicted ones, left to right.
public struct SVGConfusionMatrix: SVGChart {
    public var title: String
    public var labels: [String]
    /// `counts[truth][predicted]`; a short row is padded with zeros.
    public var counts: [[Int]]

    public init(title: String, labels: [String], counts: [[Int]]) {
        self.title = title
        self.labels = labels
        self.counts = counts
    }

    public func render() -> String {
        let n = labels.count
        guard n > 0, counts.count == n else { return ChartCanvas.noData(kind: "confusion-matrix", title: title, height: 300) }
        let left = 140.0, top = 70.0
        let cell = Swift.min(70, (ChartCanvas.width - left - 20) / Double(n))
        let height = top + Double(n) * cell + 50
        let canvas = ChartCanvas(height: height)
        var out = canvas.open(kind: "confusion-matrix", title: title,
                              description: "confusion matrix of \(n) classes: rows are the true class, columns the predicted class")
        out += "<text class=\"tick\" x=\"\(coord(left))\" y=\"\(coord(top - 22))\">predicted →</text>\n"
        out += "<text class=\"tick\" x=\"\(coord(left - 8))\" y=\"\(coord(top - 22))\" text-anchor=\"end\">truth ↓</text>\n"
        let shown = labels.map { ChartText.truncated($0, maxCharacters: 18) }
        for (column, label) in shown.enumerated() {
            out += "<text class=\"tick\" x=\"\(coord(left + (Double(column) + 0.5) * cell))\" y=\"\(coord(top - 6))\""
            out += " text-anchor=\"middle\">\(HTMLEscaping.escape(ChartText.truncated(label, maxCharacters: Swift.max(2, Int(cell / 7)))))</text>\n"
        }
        out += "<g class=\"cells\">\n"
        for row in 0..<n {
            let rowCounts = (0..<n).map { $0 < counts[row].count ? Swift.max(0, counts[row][$0]) : 0 }
            let total = rowCounts.reduce(0, +)
            let y = top + Double(row) * cell
            out += "<text class=\"tick\" x=\"\(coord(left - 8))\" y=\"\(coord(y + cell / 2 + 4))\" text-anchor=\"end\">"
            out += HTMLEscaping.escape(shown[row]) + "</text>\n"
            for column in 0..<n {
                let share = total > 0 ? Double(rowCounts[column]) / Double(total) : 0
                let x = left + Double(column) * cell
                let tooltip = "truth \(labels[row]), predicted \(labels[column]): \(rowCounts[column]) (\(ChartNumber.percent(share)) of the row)"
                out += "<g><title>\(HTMLEscaping.escape(tooltip))</title>"
                out += "<rect class=\"heat-base\" x=\"\(coord(x))\" y=\"\(coord(y))\" width=\"\(coord(cell))\" height=\"\(coord(cell))\"/>"
                out += "<rect class=\"heat\" x=\"\(coord(x))\" y=\"\(coord(y))\" width=\"\(coord(cell))\" height=\"\(coord(cell))\""
                out += " fill-opacity=\"\(ChartNumber.fixed(share, decimals: 3))\"/>"
                out += "<text class=\"heat-count\(share > 0.5 ? " strong" : "")\" x=\"\(coord(x + cell / 2))\" y=\"\(coord(y + cell / 2 + 4))\""
                out += " text-anchor=\"middle\">\(rowCounts[column])</text></g>\n"
            }
        }
        out += "</g>\n"
        out += canvas.close()
        return out
    }
}
