/// A table of text: one header row and rows of cells. Every header and cell is escaped.
///
/// A cell may carry a status (its color) and be marked numeric (right-aligned, tabular
/// digits). A header cell is right-aligned when every cell below it is numeric.
public struct HTMLTable: Sendable {
    public struct Cell: Sendable, ExpressibleByStringLiteral {
        public var text: String
        public var status: HTMLStatus?
        public var isNumeric: Bool

        public init(_ text: String, status: HTMLStatus? = nil, numeric: Bool = false) {
            self.text = text
            self.status = status
            self.isNumeric = numeric
        }

        public init(stringLiteral text: String) {
            self.init(text)
        }

        /// A right-aligned number printed by `ChartNumber.format`.
        public static func number(_ value: Double, status: HTMLStatus? = nil) -> Cell {
            Cell(ChartNumber.format(value), status: status, numeric: true)
        }
    }

    public var header: [String]
    public var rows: [[Cell]]
    /// Shown above the table; escaped.
    public var caption: String?

    public init(header: [String], rows: [[Cell]] = [], caption: String? = nil) {
        self.header = header
        self.rows = rows
        self.caption = caption
    }

    public mutating func addRow(_ cells: [Cell]) {
        rows.append(cells)
    }

    /// The `<table>` element. Rows shorter than the header are padded with empty cells.
    public func render() -> String {
        var out = "<table>\n"
        if let caption {
            out += "<caption>\(HTMLEscaping.escape(caption))</caption>\n"
        }
        if !header.isEmpty {
            out += "<thead><tr>"
            for (column, name) in header.enumerated() {
                out += "<th\(classAttribute(numeric: columnIsNumeric(column), status: nil))>"
                out += HTMLEscaping.escape(name) + "</th>"
            }
            out += "</tr></thead>\n"
        }
        out += "<tbody>\n"
        for row in rows {
            out += "<tr>"
            for cell in row {
                out += "<td\(classAttribute(numeric: cell.isNumeric, status: cell.status))>"
                out += HTMLEscaping.escape(cell.text) + "</td>"
            }
            if row.count < header.count {
                out += String(repeating: "<td></td>", count: header.count - row.count)
            }
            out += "</tr>\n"
        }
        out += "</tbody>\n</table>"
        return out
    }

    private func columnIsNumeric(_ column: Int) -> Bool {
        var sawCell = false
        for row in rows where column < row.count {
            if !row[column].isNumeric { return false }
            sawCell = true
        }
        return sawCell
    }

    private func classAttribute(numeric: Bool, status: HTMLStatus?) -> String {
        var classes: [String] = []
        if numeric { classes.append("num") }
        if let status { classes.append(status.cssClass) }
        return classes.isEmpty ? "" : " class=\"\(classes.joined(separator: " "))\""
    }
}
