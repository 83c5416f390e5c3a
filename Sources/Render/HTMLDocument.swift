/// A self-contained HTML page: a title, the inline stylesheet and a body of blocks added in
/// order. The page fetches nothing: no scripts, no linked stylesheets, no web fonts, no
/// images; charts are inline SVG. Everything added as text is escaped; only `addRawHTML`
/// is not.
public struct HTMLDocument: Sendable {
    public var title: String
    /// The body's blocks, each already rendered, in the order they were added.
    public private(set) var blocks: [String] = []

    public init(title: String) {
        self.title = title
    }

    /// A heading; `level` is clamped to 1…6.
    public mutating func addHeading(_ text: String, level: Int = 2) {
        let level = Swift.min(6, Swift.max(1, level))
        blocks.append("<h\(level)>\(HTMLEscaping.escape(text))</h\(level)>")
    }

    public mutating func addParagraph(_ text: String) {
        blocks.append("<p>\(HTMLEscaping.escape(text))</p>")
    }

    public mutating func addTable(_ table: HTMLTable) {
        blocks.append(table.render())
    }

    public mutating func addChart(_ chart: some SVGChart) {
        blocks.append("<figure class=\"chart\">\n\(chart.render())\n</figure>")
    }

    /// A colored label such as "drift" or "ok", optionally followed by plain text.
    public mutating func addBadge(_ label: String, status: HTMLStatus, note: String? = nil) {
        var block = "<p><span class=\"badge \(status.cssClass)\">\(HTMLEscaping.escape(label))</span>"
        if let note { block += " " + HTMLEscaping.escape(note) }
        blocks.append(block + "</p>")
    }

    /// Trusted markup, inserted as is. The caller keeps it free of external fetches.
    public mutating func addRawHTML(_ html: String) {
        blocks.append(html)
    }

    /// The whole page, from `<!DOCTYPE html>` to `</html>`.
    public func render() -> String {
        var out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        out += "<title>\(HTMLEscaping.escape(title))</title>\n"
        out += "<style>\n\(HTMLStyle.css)\n</style>\n</head>\n<body>\n<main>\n"
        for block in blocks {
            out += block + "\n"
        }
        out += "</main>\n</body>\n</html>\n"
        return out
    }
}
