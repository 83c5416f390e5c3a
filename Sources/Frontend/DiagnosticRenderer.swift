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

    /// The source line with a `^~~~` underline under the span (first line only for multi-line
    /// spans). A line wider than `SourceExcerpt.width` columns is cut around the caret, with `…`
    /// where it was cut, so a 10 KB line is never repeated whole for each of its errors.
    func snippet(_ span: SourceSpan) -> String {
        guard let file = sources.file(span.file) else { return "" }
        let excerpt = SourceExcerpt(file: file, span: span)
        let number = String(excerpt.line)
        let gutter = String(repeating: " ", count: number.count)
        var out = " \(paint(number, "34")) \(paint("|", "34")) \(excerpt.text)\n"
        out += " \(gutter) \(paint("|", "34")) \(String(repeating: " ", count: excerpt.caretColumn))"
        out += "\(paint("^" + String(repeating: "~", count: max(0, excerpt.caretWidth - 1)), "1;31"))\n"
        return out
    }
}

extension DiagnosticRenderer {
    /// How many diagnostics one compilation shows; the rest are counted in one line.
    public static let shownLimit = 20

    /// Renders `diagnostics` (in source order), at most `limit` of them, then one line counting
    /// the rest: "… and 4980 more errors". Errors claim the places first and warnings take those
    /// left, so warnings never hide an error; what is shown stays in source order.
    public func render(_ diagnostics: [Diagnostic], limit: Int = DiagnosticRenderer.shownLimit) -> String {
        var shown = [Bool](repeating: false, count: diagnostics.count)
        var places = max(0, limit)
        for pass in [true, false] {
            for index in diagnostics.indices where places > 0 && diagnostics[index].isError == pass {
                shown[index] = true
                places -= 1
            }
        }
        var out = ""
        var hiddenErrors = 0
        var hiddenWarnings = 0
        for (index, diagnostic) in diagnostics.enumerated() {
            if shown[index] {
                out += render(diagnostic)
            } else if diagnostic.isError {
                hiddenErrors += 1
            } else {
                hiddenWarnings += 1
            }
        }
        var more: [String] = []
        if hiddenErrors > 0 { more.append("\(hiddenErrors) more error\(hiddenErrors == 1 ? "" : "s")") }
        if hiddenWarnings > 0 { more.append("\(hiddenWarnings) more warning\(hiddenWarnings == 1 ? "" : "s")") }
        if !more.isEmpty { out += "… and " + more.joined(separator: " and ") + "\n" }
        return out
    }
}

/// The part of a source line shown under a diagnostic, prepared for a terminal: tabs become
/// spaces, control characters and invalid UTF-8 become U+FFFD (a binary file must not send
/// escape sequences to the terminal), and a line wider than `width` columns is cut around the
/// caret with `…` on each cut side. Positions are in terminal columns: a combining mark takes
/// none and an East Asian wide character two, so the caret stays under the right character.
struct SourceExcerpt {
    /// The widest excerpt, in characters of the line (not counting the `…` marks).
    static let width = 120
    /// Characters kept before the caret when the line must be cut (more if the line ends soon).
    static let before = 50

    /// The 1-based line number.
    let line: Int
    let text: String
    /// Columns before the caret, within `text`.
    let caretColumn: Int
    /// Columns the underline covers (at least 1).
    let caretWidth: Int

    init(file: SourceFile, span: SourceSpan) {
        let bytes = file.bytes
        let caret = max(0, min(Int(span.start), bytes.count))
        let lineIndex = file.lineIndex(of: caret)
        line = lineIndex + 1
        let lineStart = file.lineStarts[lineIndex]
        var lineEnd = lineIndex + 1 < file.lineStarts.count ? file.lineStarts[lineIndex + 1] : bytes.count
        while lineEnd > lineStart, bytes[lineEnd - 1] == UInt8(ascii: "\n") || bytes[lineEnd - 1] == UInt8(ascii: "\r") {
            lineEnd -= 1
        }
        let caretOffset = min(caret, lineEnd)
        // One character per byte that does not continue a UTF-8 sequence, as `SourceFile.location`
        // counts columns. Walk out from the caret only as far as the excerpt can reach, so a long
        // line costs the same as a short one.
        func isLead(_ offset: Int) -> Bool { bytes[offset] & 0xC0 != 0x80 }
        var leftStart = caretOffset
        var leftCount = 0
        while leftStart > lineStart, leftCount <= Self.width {
            leftStart -= 1
            while leftStart > lineStart, !isLead(leftStart) { leftStart -= 1 }
            leftCount += 1
        }
        var rightEnd = caretOffset
        var rightCount = 0
        while rightEnd < lineEnd, rightCount <= Self.width {
            rightEnd += 1
            while rightEnd < lineEnd, !isLead(rightEnd) { rightEnd += 1 }
            rightCount += 1
        }
        // Both counts stop one past `width`, which is enough to know a side must be cut.
        let keepLeft: Int
        let keepRight: Int
        if leftCount + rightCount <= Self.width {
            keepLeft = leftCount
            keepRight = rightCount
        } else {
            keepLeft = min(leftCount, max(Self.before, Self.width - rightCount))
            keepRight = min(rightCount, Self.width - keepLeft)
        }
        var from = caretOffset
        for _ in 0..<keepLeft {
            from -= 1
            while from > lineStart, !isLead(from) { from -= 1 }
        }
        var to = caretOffset
        for _ in 0..<keepRight {
            to += 1
            while to < lineEnd, !isLead(to) { to += 1 }
        }
        let cutLeft = from > lineStart
        let cutRight = to < lineEnd
        let spanEnd = max(caretOffset, min(Int(span.end), to))

        var text = cutLeft ? "…" : ""
        var column = cutLeft ? 1 : 0
        var caretColumn = column
        var underline = 0
        var offset = from
        while offset < to {
            var next = offset + 1
            while next < to, !isLead(next) { next += 1 }
            if offset <= caretOffset, caretOffset < next { caretColumn = column }
            let shown = Self.printable(bytes[offset..<next])
            let columns = Self.columns(shown)
            text.unicodeScalars.append(shown)
            if offset >= caretOffset, offset < spanEnd { underline += columns }
            column += columns
            offset = next
        }
        if caretOffset >= to { caretColumn = column }
        if cutRight { text += "…" }
        self.text = text
        self.caretColumn = caretColumn
        // A span running past the end of its line underlines to the end of the line.
        self.caretWidth = max(1, underline)
    }

    /// One character's bytes as the scalar to print.
    static func printable(_ bytes: ArraySlice<UInt8>) -> Unicode.Scalar {
        var decoded: Unicode.Scalar?
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        if case .scalarValue(let scalar) = decoder.decode(&iterator), iterator.next() == nil { decoded = scalar }
        guard let scalar = decoded else { return "\u{FFFD}" }
        if scalar == "\t" { return " " }
        if scalar.value < 0x20 || (0x7F..<0xA0).contains(scalar.value) { return "\u{FFFD}" }
        return scalar
    }

    /// The terminal columns a scalar takes: 0 for combining marks and format characters,
    /// 2 for East Asian wide and fullwidth characters (emoji included), 1 otherwise.
    static func columns(_ scalar: Unicode.Scalar) -> Int {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }
}
