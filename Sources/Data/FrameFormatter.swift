#if canImport(Glibc)
import Glibc
#endif

/// Renders a frame as an aligned text table, like pandas' repr:
///
/// ```
///      sepal_length  sepal_width    species
///           float64      float64     string
/// 0             5.1          3.5     setosa
/// 1             4.9          3.0     setosa
/// ...           ...          ...        ...
/// 149           5.9          3.0  virginica
///
/// [150 rows x 5 columns]
/// ```
///
/// A header line, a dtype line, then the rows; a frame longer than `maxRows` shows its
/// head and tail around a `...` row, and one wider than `maxColumns` columns or `width`
/// characters shows its first and last columns around a `...` column. Floats in a column
/// share one number of decimals (at most 6), or scientific notation when the column holds
/// very large or very small magnitudes. Missing values show as `NaN` (float64) or `<NA>`.
///
/// `ellipsis` marks the elided rows and columns and `footer` replaces the shape line: the
/// prompt's display draws `…` and "150 rows × 5 columns" where `print` keeps pandas' form.
public struct FrameFormatter {
    public static func render(_ frame: Frame, maxRows: Int = 10, maxColumns: Int = 12, width: Int = 100,
                              ellipsis: String = "...", footer: String? = nil) -> String {
        let footer = footer ?? "[\(frame.rowCount) row\(frame.rowCount == 1 ? "" : "s") x \(frame.columnCount) column\(frame.columnCount == 1 ? "" : "s")]"
        guard frame.columnCount > 0 else { return "Empty frame\n\n" + footer }

        // Rows: all, or head and tail around an ellipsis.
        let maxRows = max(2, maxRows)
        var shownRows = Array(0..<frame.rowCount)
        var rowGap: Int?
        if frame.rowCount > maxRows {
            let head = (maxRows + 1) / 2, tail = maxRows / 2
            shownRows = Array(0..<head) + Array((frame.rowCount - tail)..<frame.rowCount)
            rowGap = head
        }
        var indexCells = shownRows.map(String.init)
        if let rowGap { indexCells.insert(ellipsis, at: rowGap) }
        let indexWidth = indexCells.map(\.count).max() ?? 0

        // Columns: format each as a block of equal-width lines.
        struct Block { var lines: [String]; var width: Int }
        func block(_ column: Column) -> Block {
            var cells = cellTexts(column, rows: shownRows)
            if let rowGap { cells.insert(ellipsis, at: rowGap) }
            let lines = [column.name, column.type.rawValue] + cells
            return Block(lines: lines, width: lines.map(\.count).max() ?? 0)
        }
        let elidedColumns = Block(lines: [ellipsis, ""] + indexCells.map { _ in ellipsis }, width: ellipsis.count)

        let maxColumns = max(1, maxColumns)
        var left = Array(0..<min(frame.columnCount, (maxColumns + 1) / 2))
        var right = frame.columnCount > maxColumns
            ? Array((frame.columnCount - maxColumns / 2)..<frame.columnCount)
            : Array(left.count..<frame.columnCount)
        if frame.columnCount <= maxColumns { left = Array(0..<frame.columnCount); right = [] }
        var blocks = [Int: Block]()
        func cachedBlock(_ index: Int) -> Block {
            if let b = blocks[index] { return b }
            let b = block(frame.columns[index])
            blocks[index] = b
            return b
        }
        func totalWidth() -> Int {
            let elided = left.count + right.count < frame.columnCount
            return indexWidth + (left + right).reduce(0) { $0 + 2 + cachedBlock($1).width } + (elided ? 2 + ellipsis.count : 0)
        }
        while totalWidth() > width && left.count + right.count > 1 {
            // Elide from the middle, as pandas does: keep the last column in view too.
            if right.isEmpty, left.count == frame.columnCount, left.count > 2 { right = [left.removeLast()] }
            if left.count > right.count { left.removeLast() } else { right.removeFirst() }
        }
        var layout = left.map { cachedBlock($0) }
        if left.count + right.count < frame.columnCount { layout.append(elidedColumns) }
        layout += right.map { cachedBlock($0) }

        var lines = [String]()
        let lineCount = 2 + indexCells.count
        for i in 0..<lineCount {
            var line = i < 2 ? String(repeating: " ", count: indexWidth) : pad(indexCells[i - 2], indexWidth, right: false)
            for b in layout { line += "  " + pad(b.lines[i], b.width, right: true) }
            while line.last == " " { line.removeLast() }
            lines.append(line)
        }
        lines.append("")
        lines.append(footer)
        return lines.joined(separator: "\n")
    }

    static func pad(_ text: String, _ width: Int, right: Bool) -> String {
        let fill = String(repeating: " ", count: max(0, width - text.count))
        return right ? fill + text : text + fill
    }

    /// The display text of each of `rows` of a column, as the table prints them.
    public static func cellTexts(_ column: Column, rows: [Int]) -> [String] {
        switch column.storage {
        case .float64(let values):
            return floatTexts(rows.map { values[$0] })
        case .categorical:
            return rows.map { row in
                guard let text = column.string(at: row) else { return "<NA>" }
                return displayString(text)
            }
        case .datetime:
            // pandas shows a missing timestamp as NaT.
            return rows.map { column.formatted(at: $0, missing: "NaT") }
        default:
            return rows.map { column.formatted(at: $0, missing: "<NA>") }
        }
    }

    static func displayString(_ text: String) -> String {
        var shown = ""
        for ch in text {
            switch ch {
            case "\n": shown += "\\n"
            case "\r": shown += "\\r"
            case "\t": shown += "\\t"
            default: shown.append(ch)
            }
        }
        return shown.count > 40 ? String(shown.prefix(37)) + "..." : shown
    }

    /// Floats with a shared number of decimals, or scientific notation for the column.
    static func floatTexts(_ values: [Double]) -> [String] {
        let finite = values.filter { $0.isFinite }
        let scientific = finite.contains { abs($0) >= 1e15 || ($0 != 0 && abs($0) < 1e-4) }
        var texts = values.map { x -> String in
            if x.isNaN { return "NaN" }
            if x.isInfinite { return x < 0 ? "-inf" : "inf" }
            if scientific { return scientificText(x) }
            let rounded = (x * 1e6).rounded() / 1e6
            return (rounded == 0 ? 0 : rounded).description
        }
        guard !scientific else { return texts }
        let decimals = texts.map { text -> Int in
            guard let dot = text.firstIndex(of: ".") else { return 0 }
            return text.distance(from: dot, to: text.endIndex) - 1
        }
        let shared = decimals.max() ?? 0
        for i in texts.indices where texts[i].contains(".") {
            texts[i] += String(repeating: "0", count: shared - decimals[i])
        }
        return texts
    }

    /// `d.dddddde±XX`, six decimals.
    static func scientificText(_ x: Double) -> String {
        if x == 0 { return "0.000000e+00" }
        var exponent = Int(floor(log10(abs(x))))
        var scaled = (abs(x) / pow(10, Double(exponent)) * 1e6).rounded()
        if scaled >= 1e7 {
            exponent += 1
            scaled = (abs(x) / pow(10, Double(exponent)) * 1e6).rounded()
        }
        let digits = String(Int(scaled))
        let body = String(digits.prefix(1)) + "." + String(digits.dropFirst())
        let magnitude = abs(exponent)
        return (x < 0 ? "-" : "") + body + "e" + (exponent < 0 ? "-" : "+") + (magnitude < 10 ? "0" : "") + String(magnitude)
    }
}

extension Frame: CustomStringConvertible {
    /// The table as `FrameFormatter.render` draws it with its defaults.
    public var description: String { FrameFormatter.render(self) }
}
