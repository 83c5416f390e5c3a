import Render

/// An executed notebook as one self-contained HTML page (`HTMLDocument`): the title, then each
/// cell's prose, code and outputs. Nothing is fetched: values are fragments from the one
/// renderer, charts inline SVG.
public enum NotebookHTML {
    public static func render(_ run: NotebookRun) -> String {
        var page = HTMLDocument(title: run.title)
        page.addHeading(run.title, level: 1)
        page.addRawHTML("<p class=\"notebook-meta\">\(HTMLEscaping.escape(run.path)) · \(HTMLEscaping.escape(run.summary))</p>")
        for (index, result) in run.results.enumerated() {
            var prose = result.cell.prose
            // The title heading is already the page's <h1>.
            if index == 0, prose.hasPrefix("# "), prose.dropFirst(2).prefix(while: { $0 != "\n" }).trimmingCharacters(in: .whitespaces) == run.title {
                prose = String(prose.drop { $0 != "\n" }.dropFirst())
            }
            page.addRawHTML(cell(result, prose: prose))
        }
        return page.render()
    }

    static func cell(_ result: NotebookCellResult, prose: String) -> String {
        var out = "<section class=\"cell\" id=\"cell-\(result.cell.number)\">\n"
        if !prose.isEmpty { out += NotebookMarkdown.html(prose) + "\n" }
        if result.cell.hasCode {
            var label = "[\(result.executionCount ?? result.cell.number)]"
            if let title = result.cell.title { label += " " + HTMLEscaping.escape(title) }
            if result.fromCache { label += " · <span class=\"cached\">from cache</span>" }
            out += "<div class=\"cell-code\"><div class=\"cell-label\">\(label)</div>"
            out += "<pre><code>\(HTMLEscaping.escape(result.cell.code))</code></pre></div>\n"
        }
        if !result.outputs.isEmpty {
            out += "<div class=\"cell-output\">\n"
            for output in result.outputs {
                switch output {
                case .stream(let name, let text):
                    out += "<pre class=\"stream \(name == "stderr" ? "stderr" : "stdout")\">\(HTMLEscaping.escape(text))</pre>\n"
                case .value(_, let html):
                    out += html + "\n"
                case .error(let text):
                    out += "<pre class=\"error\">\(HTMLEscaping.escape(text))</pre>\n"
                }
            }
            out += "</div>\n"
        }
        return out + "</section>"
    }
}
