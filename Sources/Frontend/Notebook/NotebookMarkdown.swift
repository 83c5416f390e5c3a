import Foundation
import Render

/// The Markdown a notebook's `#'` prose may use, as HTML: ATX headings, paragraphs, `-`/`*`
/// and `1.` lists, fenced code blocks, and inline `**strong**`, `*emphasis*`/`_emphasis_`,
/// `` `code` `` and links, which render as their text (the page fetches and links nothing).
/// Everything else is text, escaped.
public enum NotebookMarkdown {
    public static func html(_ markdown: String) -> String {
        var blocks: [String] = []
        var paragraph: [String] = []
        var list: (ordered: Bool, items: [String])?
        var fence: [String]?

        func flushParagraph() {
            if !paragraph.isEmpty { blocks.append("<p>\(inline(paragraph.joined(separator: " ")))</p>") }
            paragraph = []
        }
        func flushList() {
            guard let open = list else { return }
            let tag = open.ordered ? "ol" : "ul"
            blocks.append("<\(tag)>" + open.items.map { "<li>\(inline($0))</li>" }.joined() + "</\(tag)>")
            list = nil
        }

        for rawLine in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(rawLine)
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if var open = fence {
                if trimmed.hasPrefix("```") {
                    blocks.append("<pre><code>\(HTMLEscaping.escape(open.joined(separator: "\n")))</code></pre>")
                    fence = nil
                } else {
                    open.append(line)
                    fence = open
                }
                continue
            }
            if trimmed.hasPrefix("```") {
                flushParagraph(); flushList()
                fence = []
                continue
            }
            if trimmed.isEmpty {
                flushParagraph(); flushList()
                continue
            }
            if let (level, text) = heading(trimmed) {
                flushParagraph(); flushList()
                blocks.append("<h\(level)>\(inline(text))</h\(level)>")
                continue
            }
            if let (ordered, text) = listItem(trimmed) {
                flushParagraph()
                if list?.ordered != ordered { flushList() }
                var open = list ?? (ordered, [])
                open.items.append(text)
                list = open
                continue
            }
            if var open = list, line.first == " " || line.first == "\t" {
                // An indented line continues the previous item.
                open.items[open.items.count - 1] += " " + trimmed
                list = open
                continue
            }
            flushList()
            paragraph.append(trimmed)
        }
        if let open = fence { blocks.append("<pre><code>\(HTMLEscaping.escape(open.joined(separator: "\n")))</code></pre>") }
        flushParagraph()
        flushList()
        return blocks.joined(separator: "\n")
    }

    /// `## Text` as (2, "Text"); a `#` run needs a space after it and at most six marks.
    static func heading(_ line: String) -> (Int, String)? {
        let marks = line.prefix { $0 == "#" }.count
        guard (1...6).contains(marks) else { return nil }
        let rest = line.dropFirst(marks)
        guard rest.isEmpty || rest.first == " " else { return nil }
        return (marks, rest.trimmingCharacters(in: .whitespaces))
    }

    /// `- item`, `* item` (unordered) or `3. item` (ordered).
    static func listItem(_ line: String) -> (Bool, String)? {
        if line.hasPrefix("- ") || line.hasPrefix("* ") || line.hasPrefix("+ ") { return (false, String(line.dropFirst(2))) }
        let digits = line.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, line.dropFirst(digits.count).hasPrefix(". ") else { return nil }
        return (true, String(line.dropFirst(digits.count + 2)))
    }

    /// Inline markup: code spans first (their text is taken literally), then links, strong and
    /// emphasis in the rest.
    static func inline(_ text: String) -> String {
        var out = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "`") {
            let afterOpen = rest.index(after: open)
            guard let close = rest[afterOpen...].firstIndex(of: "`") else { break }
            out += formatted(String(rest[..<open]))
            out += "<code>\(HTMLEscaping.escape(String(rest[afterOpen..<close])))</code>"
            rest = rest[rest.index(after: close)...]
        }
        return out + formatted(String(rest))
    }

    static let link = try? NSRegularExpression(pattern: #"\[([^\]]+)\]\([^)\s]*\)"#)
    static let strong = try? NSRegularExpression(pattern: #"\*\*(.+?)\*\*"#)
    static let starEmphasis = try? NSRegularExpression(pattern: #"\*(?!\s)(.+?)\*"#)
    static let underscoreEmphasis = try? NSRegularExpression(pattern: #"(?<![A-Za-z0-9_])_(?!\s)(.+?)_(?![A-Za-z0-9_])"#)

    static func formatted(_ text: String) -> String {
        var html = replace(link, in: text, with: "$1")
        html = HTMLEscaping.escape(html)
        html = replace(strong, in: html, with: "<strong>$1</strong>")
        html = replace(starEmphasis, in: html, with: "<em>$1</em>")
        return replace(underscoreEmphasis, in: html, with: "<em>$1</em>")
    }

    static func replace(_ expression: NSRegularExpression?, in text: String, with template: String) -> String {
        guard let expression else { return text }
        let range = NSRange(text.startIndex..., in: text)
        return expression.stringByReplacingMatches(in: text, range: range, withTemplate: template)
    }
}
