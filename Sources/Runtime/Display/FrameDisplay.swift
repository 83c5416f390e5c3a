import Data
import Foundation
import Render

/// Datasets as tables: at the prompt an aligned table with the head and tail rows around a
/// `…` row, middle columns elided to fit the width, and a shape line; in HTML an `HTMLTable`
/// elided the same way.
extension DatasetObject: RichDisplay {
    func displayText(options: DisplayOptions) -> String {
        FrameDisplay.text(frame, target: target, options: options)
    }

    func displayHTML() -> String {
        FrameDisplay.html(frame, target: target, maxRows: DisplayOptions().maxRows)
    }
}

/// The frame renderings `DatasetObject` uses.
enum FrameDisplay {
    /// "150 rows × 5 columns".
    static func shape(_ frame: Frame) -> String {
        "\(frame.rowCount) row\(frame.rowCount == 1 ? "" : "s") × \(frame.columnCount) column\(frame.columnCount == 1 ? "" : "s")"
    }

    static func text(_ frame: Frame, target: String?, options: DisplayOptions) -> String {
        let ellipsis = TerminalMark.ellipsisText
        var footer = shape(frame)
        if let target { footer += ", target: \(target)" }
        let table = FrameFormatter.render(frame, maxRows: options.maxRows, maxColumns: 1000, width: options.width,
                                          ellipsis: ellipsis, footer: footer)
        guard options.colored, frame.columnCount > 0 else { return table }
        // Header bold; the dtype line, the elision marks and the shape line dim.
        var lines = table.components(separatedBy: "\n")
        for index in lines.indices {
            if index == 0 { lines[index] = TerminalStyle.bold(lines[index], on: true) }
            else if index == 1 || index == lines.count - 1 { lines[index] = TerminalStyle.dim(lines[index], on: true) }
            else { lines[index] = lines[index].replacingOccurrences(of: ellipsis, with: TerminalMark.ellipsis(options)) }
        }
        return lines.joined(separator: "\n")
    }

    static func html(_ frame: Frame, target: String?, maxRows: Int) -> String {
        var rows = Array(0..<frame.rowCount)
        var gap: Int?
        if frame.rowCount > maxRows {
            let head = (maxRows + 1) / 2
            rows = Array(0..<head) + Array((frame.rowCount - maxRows / 2)..<frame.rowCount)
            gap = head
        }
        let cells = frame.columns.map { FrameFormatter.cellTexts($0, rows: rows) }
        let numeric = frame.columns.map { $0.type == .float64 || $0.type == .int64 }
        var caption = shape(frame)
        if let target { caption += ", target: \(target)" }
        var table = HTMLTable(header: [""] + frame.columns.map(\.name), caption: caption)
        for (position, row) in rows.enumerated() {
            if position == gap {
                table.addRow([HTMLTable.Cell(TerminalMark.ellipsisText, status: .muted)]
                             + frame.columns.map { _ in HTMLTable.Cell(TerminalMark.ellipsisText, status: .muted) })
            }
            table.addRow([HTMLTable.Cell(String(row), status: .muted, numeric: true)]
                         + cells.indices.map { HTMLTable.Cell(cells[$0][position], numeric: numeric[$0]) })
        }
        return table.render()
    }
}
