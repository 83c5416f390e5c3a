/// A histogram drawn in the terminal with Unicode block elements (`▁▂▃▄▅▆▇█`): one column
/// of blocks per bin, eighths of a row tall, the largest count reaching the top row.
///
/// ```
///  3 ┤ █
///    ┤▄█
///  0 ┤██▄
///     1    3
///    3 values in 3 bins
/// ```
///
/// The y axis labels the top row with the largest count and the bottom row with 0; the
/// x axis labels the first and last bin edge. When there are more bins than columns,
/// neighbouring bins are summed into one column and the footer says how many.
public struct TerminalHistogram: Sendable {
    public var counts: [Int]
    /// The lowest and highest bin edge, printed under the bars.
    public var low: Double
    public var high: Double
    /// Rows of blocks.
    public var height: Int
    /// How many characters wide the drawing may be; each bin gets the same whole number of
    /// columns, at least one.
    public var width: Int

    public init(counts: [Int], low: Double, high: Double, height: Int = 8, width: Int = 60) {
        self.counts = counts
        self.low = low
        self.high = high
        self.height = Swift.max(1, height)
        self.width = width
    }

    public func render(colored: Bool = false) -> String {
        guard !counts.isEmpty else { return "(no data)" }
        // More bins than columns: adjacent bins share a column, so the chart keeps its width.
        let columns = Swift.max(1, width - String(Swift.max(1, self.counts.max() ?? 0)).count - 3)
        let perColumn = (self.counts.count + columns - 1) / columns
        let counts = perColumn <= 1 ? self.counts : stride(from: 0, to: self.counts.count, by: perColumn).map {
            self.counts[$0..<Swift.min(self.counts.count, $0 + perColumn)].reduce(0, +)
        }
        let largest = Swift.max(1, counts.max() ?? 0)
        let topLabel = String(largest), bottomLabel = "0"
        let labelWidth = Swift.max(topLabel.count, bottomLabel.count)
        let binWidth = Swift.max(1, (width - labelWidth - 3) / counts.count)
        var lines: [String] = []
        for row in stride(from: height - 1, through: 0, by: -1) {
            let label = row == height - 1 ? topLabel : row == 0 ? bottomLabel : ""
            var bars = ""
            for count in counts {
                let eighths = Swift.max(0, count) * height * 8 / largest
                let cell = TerminalBlocks.vertical(eighths: eighths - row * 8)
                bars += String(repeating: cell, count: binWidth)
            }
            lines.append(TerminalStyle.dim(TerminalBlocks.pad(label, labelWidth) + " ┤", on: colored)
                         + TerminalStyle.series(TerminalBlocks.trimmed(bars), index: 0, on: colored))
        }
        let span = counts.count * binWidth
        let lowText = ChartNumber.format(low), highText = ChartNumber.format(high)
        let gap = Swift.max(1, span - lowText.count - highText.count)
        let axis = String(repeating: " ", count: labelWidth + 2) + lowText + String(repeating: " ", count: gap) + highText
        lines.append(TerminalStyle.dim(axis, on: colored))
        let total = counts.reduce(0, +)
        lines.append(String(repeating: " ", count: labelWidth + 2)
                     + "\(total) value\(total == 1 ? "" : "s") in \(self.counts.count) bin\(self.counts.count == 1 ? "" : "s")"
                     + (perColumn > 1 ? ", \(perColumn) to a column" : ""))
        return lines.joined(separator: "\n")
    }
}

/// The block characters terminal charts share, and their padding.
enum TerminalBlocks {
    static let rising: [String] = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
    static let growing: [String] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"]

    /// A cell filled from the bottom: `eighths` (clamped to 0…8) of its height.
    static func vertical(eighths: Int) -> String {
        rising[Swift.min(8, Swift.max(0, eighths))]
    }

    /// A bar `eighths` eighths of a character long, drawn left to right.
    static func horizontal(eighths: Int) -> String {
        let eighths = Swift.max(0, eighths)
        return String(repeating: "█", count: eighths / 8) + growing[eighths % 8]
    }

    /// `text` right-aligned in `width` characters.
    static func pad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: Swift.max(0, width - text.count)) + text
    }

    /// `text` without trailing spaces.
    static func trimmed(_ text: String) -> String {
        var text = text
        while text.last == " " { text.removeLast() }
        return text
    }
}
