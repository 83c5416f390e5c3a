/// Horizontal bars in the terminal, one line per label, drawn in eighths of a character
/// (`▏▎▍▌▋▊▉█`) and followed by the value:
///
/// ```
/// setosa     │████████████ 50
/// versicolor │██████▏ 25.5
/// ```
///
/// The longest bar is the largest value; a negative, NaN or infinite value draws no bar
/// but still prints.
public struct TerminalBars: Sendable {
    public var labels: [String]
    public var values: [Double]
    /// The whole line's width in characters; the bars get what labels and values leave.
    public var width: Int

    public init(labels: [String], values: [Double], width: Int = 60) {
        self.labels = labels
        self.values = values
        self.width = width
    }

    public func render(colored: Bool = false) -> String {
        let count = Swift.min(labels.count, values.count)
        guard count > 0 else { return "(no data)" }
        let shownLabels = labels.prefix(count).map { ChartText.truncated($0, maxCharacters: 24) }
        let labelWidth = shownLabels.map(\.count).max() ?? 0
        let texts = values.prefix(count).map(ChartNumber.format)
        let valueWidth = texts.map(\.count).max() ?? 0
        let barWidth = Swift.max(4, width - labelWidth - valueWidth - 3)
        let largest = values.prefix(count).filter { $0.isFinite && $0 > 0 }.max() ?? 0
        return (0..<count).map { index in
            let value = values[index]
            let eighths = largest > 0 && value.isFinite && value > 0
                ? Int((value / largest * Double(barWidth * 8)).rounded()) : 0
            let bar = TerminalBlocks.horizontal(eighths: eighths)
            let label = shownLabels[index] + String(repeating: " ", count: labelWidth - shownLabels[index].count)
            return label + " " + TerminalStyle.dim("│", on: colored)
                + TerminalStyle.series(bar, index: 0, on: colored) + (bar.isEmpty ? "" : " ") + texts[index]
        }.joined(separator: "\n")
    }
}
