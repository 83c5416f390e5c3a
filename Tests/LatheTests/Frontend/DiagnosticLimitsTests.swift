import Foundation
import LatheCore
import Testing
@testable import Frontend
import Syntax

private let testCode = ErrorCode("E9999", "test diagnostic", explanation: "Only for tests.", example: "")

/// The renderer's limits (issue 8, part 17): how many diagnostics are shown, and how a long
/// source line is cut around the caret.
@Suite("Diagnostic limits")
struct DiagnosticLimitsTests {
    private func diagnostic(_ file: SourceFile, at offset: Int, length: Int = 1, severity: Diagnostic.Severity = .error) -> Diagnostic {
        Diagnostic(code: testCode, severity: severity, message: "bad",
                   span: SourceSpan(file: file.id, start: offset, end: offset + length))
    }

    @Test func atMostTwentyAreShownThenOneLineCountsTheRest() {
        let sources = SourceManager()
        let file = sources.add(path: "a.mlx", text: String(repeating: "x\n", count: 1000))
        let diagnostics = (0..<1000).map { diagnostic(file, at: 2 * $0) }
        let text = DiagnosticRenderer(sources: sources, colored: false).render(diagnostics)
        let headlines = text.split(separator: "\n").filter { $0.hasPrefix("a.mlx:") }
        #expect(headlines.count == DiagnosticRenderer.shownLimit)
        #expect(headlines.last == "a.mlx:20:1: error: bad")
        #expect(text.hasSuffix("\n… and 980 more errors\n"))
    }

    @Test func warningsNeverHideErrors() {
        let sources = SourceManager()
        let file = sources.add(path: "a.mlx", text: String(repeating: "x\n", count: 100))
        let warnings = (0..<30).map { diagnostic(file, at: 2 * $0, severity: .warning) }
        let errors = (30..<35).map { diagnostic(file, at: 2 * $0) }
        let text = DiagnosticRenderer(sources: sources, colored: false).render(warnings + errors)
        #expect(text.components(separatedBy: ": error: bad").count - 1 == 5)
        #expect(text.components(separatedBy: ": warning: bad").count - 1 == 15)
        #expect(text.hasSuffix("\n… and 15 more warnings\n"))
        let one = DiagnosticRenderer(sources: sources, colored: false).render(errors, limit: 4)
        #expect(one.hasSuffix("\n… and 1 more error\n"))
    }

    @Test func shortLinesAreShownWhole() {
        let sources = SourceManager()
        let width = SourceExcerpt.width
        let line = String(repeating: "a", count: width)
        let file = sources.add(path: "a.mlx", text: line + "\n")
        let text = DiagnosticRenderer(sources: sources, colored: false).render(diagnostic(file, at: width - 1))
        #expect(text == "a.mlx:1:\(width): error: bad\n 1 | \(line)\n   | \(String(repeating: " ", count: width - 1))^\n")
    }

    /// A 10 KB line with an error in the middle shows `SourceExcerpt.width` characters around the caret, cut
    /// with "…" on both sides, and the caret under the right character.
    @Test func longLineIsCutAroundTheCaret() {
        let sources = SourceManager()
        let line = String(repeating: "abcdefghij", count: 1000)
        let file = sources.add(path: "a.mlx", text: line + "\n")
        let text = DiagnosticRenderer(sources: sources, colored: false).render(diagnostic(file, at: 5003, length: 3))
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0] == "a.mlx:1:5004: error: bad")
        let shown = String(lines[1].dropFirst(" 1 | ".count))
        #expect(shown.hasPrefix("…") && shown.hasSuffix("…"))
        #expect(shown.count == SourceExcerpt.width + 2)
        let caret = lines[2].dropFirst("   | ".count)
        let column = caret.prefix { $0 == " " }.count
        #expect(caret.dropFirst(column) == "^~~")
        #expect(Array(shown)[column] == "d")
        #expect(Array(shown)[column...].prefix(3) == ["d", "e", "f"])
    }

    /// Near the end of a long line, the excerpt keeps more to the left and is cut only there.
    @Test func caretNearTheEndCutsOnlyTheLeft() {
        let sources = SourceManager()
        let line = String(repeating: "x", count: 500) + "END"
        let file = sources.add(path: "a.mlx", text: line)
        let text = DiagnosticRenderer(sources: sources, colored: false).render(diagnostic(file, at: 500, length: 3))
        let lines = text.split(separator: "\n").map(String.init)
        let shown = String(lines[1].dropFirst(" 1 | ".count))
        #expect(shown.hasPrefix("…") && shown.hasSuffix("END") && shown.count == SourceExcerpt.width + 1)
        #expect(lines[2] == "   | " + String(repeating: " ", count: SourceExcerpt.width - 2) + "^~~")
    }

    /// Columns count terminal cells: wide characters take two, tabs one, and control bytes are
    /// replaced so a binary file cannot send escapes to the terminal.
    @Test func wideCharactersTabsAndControlBytes() {
        let sources = SourceManager()
        let text = "s = \"你好\t\u{1B}[2J\" @"
        let file = sources.add(path: "a.mlx", text: text)
        let offset = text.utf8.count - 1
        let rendered = DiagnosticRenderer(sources: sources, colored: false).render(diagnostic(file, at: offset))
        let lines = rendered.split(separator: "\n").map(String.init)
        #expect(lines[1] == " 1 | s = \"你好 \u{FFFD}[2J\" @")
        // s, space, =, space, quote (5) + two wide (4) + tab (1) + ESC [ 2 J (4) + quote, space (2) = 16.
        #expect(lines[2] == "   | " + String(repeating: " ", count: 16) + "^")
        #expect(!rendered.contains("\u{1B}"))
    }
}
