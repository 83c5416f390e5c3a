import Syntax
import VM

/// Renders diagnostics and runtime errors for a terminal: `path:line:col: error: message`,
/// the source line with a caret underline, the hint, and (for runtime errors) the stack.
public struct DiagnosticRenderer {
    public let sources: SourceManager
    public let colored: Bool

    public init(sources: SourceManager, colored: Bool) {
        self.sources = sources
        self.colored = colored
    }

    func paint(_ text: String, _ code: String) -> String {
        colored ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    public func render(_ diagnostic: Diagnostic) -> String {
        var out = headline(span: diagnostic.span, severity: diagnostic.severity.rawValue, message: diagnostic.message)
        out += snippet(diagnostic.span)
        for note in diagnostic.notes {
            out += "  \(paint("note:", "1;36")) \(note.message) at \(sources.describe(note.span))\n"
        }
        if let hint = diagnostic.hint { out += "  \(paint("hint:", "1;32")) \(hint)\n" }
        return out
    }

    public func render(_ error: RuntimeError) -> String {
        var out = headline(span: error.span, severity: "error", message: error.message)
        if let span = error.span { out += snippet(span) }
        if let hint = error.hint { out += "  \(paint("hint:", "1;32")) \(hint)\n" }
        // Consecutive identical frames (deep recursion) collapse into one line with a count.
        var index = 0
        var shown = 0
        while index < error.trace.count {
            let frame = error.trace[index]
            var repeats = 1
            while index + repeats < error.trace.count, error.trace[index + repeats] == frame { repeats += 1 }
            index += repeats
            guard let file = sources.file(frame.span.file) else { continue }
            shown += 1
            if shown > 20, index < error.trace.count {
                out += "  ... \(error.trace.count - index + repeats) more frames\n"
                break
            }
            let line = file.location(of: Int(frame.span.start)).line
            out += "  at \(frame.function) (\(file.path):\(line))\n"
            if repeats > 1 { out += "  [the frame above repeats \(repeats - 1) more times]\n" }
        }
        return out
    }

    func headline(span: SourceSpan?, severity: String, message: String) -> String {
        let color = severity == "error" ? "1;31" : severity == "warning" ? "1;33" : "1;36"
        let label = paint("\(severity):", color)
        guard let span, sources.file(span.file) != nil else {
            return "\(label) \(paint(message, "1"))\n"
        }
        return "\(paint(sources.describe(span), "1")): \(label) \(paint(message, "1"))\n"
    }

    /// The source line with a `^~~~` underline under the span (first line only for multi-line spans).
    func snippet(_ span: SourceSpan) -> String {
        guard let file = sources.file(span.file) else { return "" }
        let start = file.location(of: Int(span.start))
        let lineText = file.lineText(start.line).replacingTabs()
        let endOffset = min(Int(span.end), file.lineStarts.count > start.line ? file.lineStarts[start.line] - 1 : file.bytes.count)
        let end = file.location(of: max(Int(span.start), endOffset))
        let width = max(1, (end.line == start.line ? end.column : lineText.count + 1) - start.column)
        let number = String(start.line)
        let gutter = String(repeating: " ", count: number.count)
        var out = " \(paint(number, "34")) \(paint("|", "34")) \(lineText)\n"
        out += " \(gutter) \(paint("|", "34")) \(String(repeating: " ", count: start.column - 1))\(paint("^" + String(repeating: "~", count: max(0, width - 1)), "1;31"))\n"
        return out
    }
}

extension String {
    /// Tabs become single spaces so the caret column matches the printed line.
    func replacingTabs() -> String {
        String(map { $0 == "\t" ? " " : $0 })
    }
}
