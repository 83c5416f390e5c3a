// Notebook files: splitting into cells at `# %%`, prose from `#'` lines, code positioned at
// its file lines, the title; and the Markdown subset the prose may use.

import Testing
@testable import Frontend

@Suite("Notebook: cells and Markdown")
struct NotebookDocumentTests {
    @Test func cellsSplitAtMarkersWithTitlesProseAndCode() {
        let document = NotebookDocument(text: """
            #' # Title here
            #' intro

            # %% load
            #' Loads *data*.
            let x = 1

            # %%
            print(x)
            #'trailing prose
            # %%not a marker
            """)
        #expect(document.cells.count == 3)
        let intro = document.cells[0]
        #expect(intro.number == 1 && intro.title == nil && intro.prose == "# Title here\nintro" && !intro.hasCode)
        let load = document.cells[1]
        #expect(load.title == "load" && load.prose == "Loads *data*." && load.code == "let x = 1" && load.line == 4)
        // Prose and earlier lines are blank in the positioned code, so diagnostics name file lines.
        #expect(load.positionedCode.split(separator: "\n", omittingEmptySubsequences: false).count == 7)
        #expect(load.positionedCode.hasSuffix("\n\n\n\n\nlet x = 1\n"))
        let last = document.cells[2]
        #expect(last.title == nil && last.prose == "trailing prose" && last.code == "print(x)\n# %%not a marker")
        #expect(document.title(fallback: "f.mlx") == "Title here")
    }

    @Test func aFileWithoutMarkersIsOneCellAndBlankLeadingTextIsNoCell() {
        #expect(NotebookDocument(text: "let a = 1\nprint(a)\n").cells.map(\.code) == ["let a = 1\nprint(a)"])
        let document = NotebookDocument(text: "\n\n# %% only\nlet a = 1")
        #expect(document.cells.count == 1 && document.cells[0].title == "only" && document.cells[0].line == 3)
        #expect(document.title(fallback: "f.mlx") == "only")
        #expect(NotebookDocument(text: "").cells.isEmpty && NotebookDocument(text: "").title(fallback: "f.mlx") == "f.mlx")
    }

    @Test func markdownBlocks() {
        #expect(NotebookMarkdown.html("# One\n## Two\n####### seven") == "<h1>One</h1>\n<h2>Two</h2>\n<p>####### seven</p>")
        #expect(NotebookMarkdown.html("a\nb\n\nc") == "<p>a b</p>\n<p>c</p>")
        #expect(NotebookMarkdown.html("- x\n- y\n  more\n1. one\n2. two") == "<ul><li>x</li><li>y more</li></ul>\n<ol><li>one</li><li>two</li></ol>")
        #expect(NotebookMarkdown.html("```\nlet a = <b>\n```") == "<pre><code>let a = &lt;b&gt;</code></pre>")
    }

    @Test func markdownInlineMarkupAndEscaping() {
        #expect(NotebookMarkdown.inline("**bold** and *em* and _em_") == "<strong>bold</strong> and <em>em</em> and <em>em</em>")
        #expect(NotebookMarkdown.inline("`a < *b*` then *c*") == "<code>a &lt; *b*</code> then <em>c</em>")
        #expect(NotebookMarkdown.inline("see [the docs](https://example.com/x) now") == "see the docs now")
        #expect(NotebookMarkdown.inline("snake_case_name & <tag>") == "snake_case_name &amp; &lt;tag&gt;")
        #expect(NotebookMarkdown.inline("2 * 3 * 4") == "2 * 3 * 4")
    }
}
