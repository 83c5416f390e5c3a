// Issue 11 part 5, end to end: `lathe notebook` runs cells with the cell cache (hits and
// misses after an edit or a --set), writes a well-formed self-contained HTML page and a
// Jupyter notebook, and the same file runs with `lathe run`.

import Foundation
import Testing

@Suite("lathe CLI: notebook")
struct NotebookCommandTests {
    /// Four cells: `a` (a param), `b` reads a, `c` is independent, `d` reads b and c. Each cell
    /// writes `ran-X.csv` when it runs, so a test sees exactly which cells executed.
    static func notebook(bLine: String = "let b = a * 10") -> String {
        """
        #' # Four cells
        #' A *small* notebook: `b` depends on `a`, `d` on `b` and `c`.

        # %% a
        param scale = 2
        let a = scale + 1
        write_csv(make_classification(n: 2), "ran-a.csv")
        print("a is ${a}")

        # %% b
        #' - reads a
        \(bLine)
        write_csv(make_classification(n: 2), "ran-b.csv")
        b

        # %% c
        let c = 5
        write_csv(make_classification(n: 2), "ran-c.csv")

        # %% d
        write_csv(make_classification(n: 2), "ran-d.csv")
        print("d <sees> ${b + c}")
        b + c
        """
    }

    /// Which cells wrote their marker since the last call; the markers are removed.
    func ranCells(_ project: RegistryCommandTests.Project) -> [String] {
        ["a", "b", "c", "d"].filter { name in
            let path = project.dir.appendingPathComponent("ran-\(name).csv").path
            defer { try? FileManager.default.removeItem(atPath: path) }
            return FileManager.default.fileExists(atPath: path)
        }
    }

    @Test func aSecondRunReExecutesOnlyTheEditedCellAndItsDependents() {
        let project = RegistryCommandTests.Project()
        project.write("nb.mlx", Self.notebook())
        let first = project.lathe("notebook", "nb.mlx")
        #expect(first.exitCode == 0, "\(first)")
        #expect(first.stderr.contains("notebook: 4 cells, 0 from cache, 4 ran"), "\(first)")
        #expect(ranCells(project) == ["a", "b", "c", "d"])

        let again = project.lathe("notebook", "nb.mlx", "--html", "out.html")
        #expect(again.stderr.contains("notebook: 4 cells, 4 from cache, 0 ran"), "\(again)")
        #expect(ranCells(project) == [])
        // Cached cells still show their outputs.
        let html = (try? String(contentsOf: project.dir.appendingPathComponent("out.html"), encoding: .utf8)) ?? ""
        #expect(html.contains("a is 3") && html.contains("d &lt;sees&gt; 35"), "\(html)")

        project.write("nb.mlx", Self.notebook(bLine: "let b = a * 100"))
        let edited = project.lathe("notebook", "nb.mlx", "--html", "out.html")
        #expect(edited.exitCode == 0, "\(edited)")
        #expect(edited.stderr.contains("notebook: 4 cells, 2 from cache, 2 ran"), "\(edited)")
        #expect(ranCells(project) == ["b", "d"])
        let after = (try? String(contentsOf: project.dir.appendingPathComponent("out.html"), encoding: .utf8)) ?? ""
        #expect(after.contains("d &lt;sees&gt; 305"), "\(after)")
    }

    @Test func aSetValueInvalidatesTheCellsThatReadTheParam() {
        let project = RegistryCommandTests.Project()
        project.write("nb.mlx", Self.notebook())
        #expect(project.lathe("notebook", "nb.mlx").exitCode == 0)
        _ = ranCells(project)
        let set = project.lathe("notebook", "nb.mlx", "--set", "scale=4", "--html", "out.html")
        #expect(set.exitCode == 0, "\(set)")
        #expect(set.stderr.contains("notebook: 4 cells, 1 from cache, 3 ran"), "\(set)")
        #expect(ranCells(project) == ["a", "b", "d"])
        let html = (try? String(contentsOf: project.dir.appendingPathComponent("out.html"), encoding: .utf8)) ?? ""
        #expect(html.contains("a is 5"), "\(html)")
        // The same value again is a cache hit; a param the file lacks is a usage error.
        #expect(project.lathe("notebook", "nb.mlx", "--set", "scale=4").stderr.contains("4 from cache, 0 ran"))
        let unknown = project.lathe("notebook", "nb.mlx", "--set", "nope=1")
        #expect(unknown.exitCode == 64 && unknown.stderr.contains("no param 'nope'"), "\(unknown)")
    }

    @Test func noCacheRunsEveryCell() {
        let project = RegistryCommandTests.Project()
        project.write("nb.mlx", Self.notebook())
        #expect(project.lathe("notebook", "nb.mlx").exitCode == 0)
        _ = ranCells(project)
        let fresh = project.lathe("notebook", "nb.mlx", "--no-cache")
        #expect(fresh.stderr.contains("notebook: 4 cells, 0 from cache, 4 ran"), "\(fresh)")
        #expect(ranCells(project) == ["a", "b", "c", "d"])
    }

    @Test func theNotebookRunsUnchangedAsAScript() {
        let project = RegistryCommandTests.Project()
        project.write("nb.mlx", Self.notebook())
        let run = project.lathe("run", "nb.mlx")
        #expect(run.exitCode == 0, "\(run)")
        #expect(run.stdout == "a is 3\nd <sees> 35\n", "\(run)")
    }

    @Test func aFailingCellShowsItsErrorTheRestRunAndTheExitIsSeventy() {
        let project = RegistryCommandTests.Project()
        project.write("nb.mlx", """
            # %% one
            let x = 1
            # %% two
            fail("boom")
            # %% three
            print("after ${x}")
            """)
        let result = project.lathe("notebook", "nb.mlx", "--html", "out.html", "--ipynb", "out.ipynb")
        #expect(result.exitCode == 70, "\(result)")
        #expect(result.stderr.contains("3 cells, 0 from cache, 3 ran, 1 failed"), "\(result)")
        let html = (try? String(contentsOf: project.dir.appendingPathComponent("out.html"), encoding: .utf8)) ?? ""
        #expect(html.contains("<pre class=\"error\">") && html.contains("boom") && html.contains("after 1"), "\(html)")
        // A failed cell is not cached: it runs again next time.
        #expect(project.lathe("notebook", "nb.mlx").stderr.contains("2 from cache, 1 ran, 1 failed"))
        let notebook = NotebookJSON.load(project.dir.appendingPathComponent("out.ipynb"))
        let outputs = notebook?.codeCells.flatMap { $0["outputs"] as? [[String: Any]] ?? [] } ?? []
        let error = outputs.first { $0["output_type"] as? String == "error" }
        #expect(error?["ename"] as? String == "LatheError" && error?["evalue"] as? String == "boom")
        #expect((error?["traceback"] as? [String])?.first == "nb.mlx:4:1: error: boom")
    }

    @Test func aCellReadingTheLastValueAlwaysRunsAndSeesIt() {
        let project = RegistryCommandTests.Project()
        project.write("nb.mlx", "# %%\nlet a = 20\na + 1\n# %%\nprint(_ * 2)\n")
        let first = project.lathe("notebook", "nb.mlx", "--html", "out.html")
        #expect(first.exitCode == 0 && first.stderr.contains("2 cells, 0 from cache, 2 ran"), "\(first)")
        let again = project.lathe("notebook", "nb.mlx", "--html", "out.html")
        #expect(again.exitCode == 0 && again.stderr.contains("2 cells, 1 from cache, 1 ran"), "\(again)")
        let html = (try? String(contentsOf: project.dir.appendingPathComponent("out.html"), encoding: .utf8)) ?? ""
        #expect(html.contains("<pre class=\"stream stdout\">42\n</pre>"), "\(html)")
    }

    @Test func theHTMLIsWellFormedAndSelfContained() throws {
        let project = RegistryCommandTests.Project()
        project.write("nb.mlx", Self.notebook())
        let result = project.lathe("notebook", "nb.mlx", "--html", "out.html")
        #expect(result.exitCode == 0, "\(result)")
        let html = try String(contentsOf: project.dir.appendingPathComponent("out.html"), encoding: .utf8)
        #expect(HTMLBalance.problems(in: html) == [], "\(html)")
        #expect(HTMLBalance.externalReferences(in: html) == [], "\(html)")
        #expect(html.contains("<title>Four cells</title>") && html.contains("<h1>Four cells</h1>"))
        #expect(html.contains("<p>A <em>small</em> notebook: <code>b</code> depends on"), "\(html)")
        #expect(html.contains("<ul><li>reads a</li></ul>"), "\(html)")
        #expect(html.contains("print(&quot;d &lt;sees&gt; ${b + c}&quot;)"), "\(html)")
        #expect(html.contains("<pre class=\"value\">35</pre>"), "\(html)")
    }

    @Test func theExampleNotebookShowsTheWholeWorkflowAndRunsAsAScript() throws {
        let project = RegistryCommandTests.Project()
        let example = LatheBinary.packageRoot.appendingPathComponent("examples/workflow.notebook.mlx").path
        let run = LatheBinary.run(arguments: ["run", example], environment: ["LATHE_HOME": project.home], cwd: LatheBinary.packageRoot)
        #expect(run.exitCode == 0, "\(run)")
        #expect(run.stdout.contains("registered iris-notebook version 1 as production"), "\(run)")
        let html = project.dir.appendingPathComponent("example.html").path
        let notebook = LatheBinary.run(arguments: ["notebook", example, "--html", html], environment: ["LATHE_HOME": project.home],
                                       cwd: LatheBinary.packageRoot)
        #expect(notebook.exitCode == 0, "\(notebook)")
        #expect(notebook.stderr.contains("notebook: 8 cells, 0 from cache, 8 ran"), "\(notebook)")
        let page = try String(contentsOfFile: html, encoding: .utf8)
        #expect(HTMLBalance.problems(in: page) == [] && HTMLBalance.externalReferences(in: page) == [])
        for piece in ["<h1>Iris, end to end</h1>", "<caption>confusion matrix</caption>", "class=\"chart bar-chart\"",
                      "class=\"chart line-chart\"", "class=\"chart roc-curve\"", "registered iris-notebook version 2"] {
            #expect(page.contains(piece), "missing \(piece)")
        }
        // Again: the cells whose bindings have saved forms come from the cache, so nothing is
        // registered twice; the evaluate cell (a report has no saved form) runs again.
        let again = LatheBinary.run(arguments: ["notebook", example], environment: ["LATHE_HOME": project.home], cwd: LatheBinary.packageRoot)
        #expect(again.stderr.contains("notebook: 8 cells, 7 from cache, 1 ran"), "\(again)")
    }

    @Test func theIpynbHasJupytersStructure() throws {
        let project = RegistryCommandTests.Project()
        project.write("nb.mlx", Self.notebook())
        let result = project.lathe("notebook", "nb.mlx", "--ipynb", "out.ipynb")
        #expect(result.exitCode == 0, "\(result)")
        let notebook = try #require(NotebookJSON.load(project.dir.appendingPathComponent("out.ipynb")))
        let root = notebook.root
        #expect(root["nbformat"] as? Int == 4 && root["nbformat_minor"] as? Int == 5)
        let metadata = try #require(root["metadata"] as? [String: Any])
        #expect((metadata["kernelspec"] as? [String: Any])?["name"] as? String == "lathe")
        #expect((metadata["language_info"] as? [String: Any])?["file_extension"] as? String == ".mlx")
        let cells = try #require(root["cells"] as? [[String: Any]])
        #expect(cells.map { $0["cell_type"] as? String ?? "" } == ["markdown", "code", "markdown", "code", "code", "code"])
        let ids = cells.compactMap { $0["id"] as? String }
        #expect(Set(ids).count == cells.count && ids.allSatisfy { $0.range(of: "^[A-Za-z0-9_-]{1,64}$", options: .regularExpression) != nil })
        for cell in cells {
            #expect(cell["source"] is [String] && cell["metadata"] is [String: Any])
        }
        let code = notebook.codeCells
        #expect(code.map { $0["execution_count"] as? Int ?? 0 } == [1, 2, 3, 4])
        let first = try #require((code[0]["outputs"] as? [[String: Any]])?.first)
        #expect(first["output_type"] as? String == "stream" && first["name"] as? String == "stdout")
        #expect(first["text"] as? [String] == ["a is 3\n"])
        let last = try #require((code[3]["outputs"] as? [[String: Any]])?.last)
        #expect(last["output_type"] as? String == "execute_result" && last["execution_count"] as? Int == 4)
        let data = try #require(last["data"] as? [String: Any])
        #expect(data["text/plain"] as? [String] == ["35"])
        #expect((data["text/html"] as? [String])?.joined().contains("35") == true)
    }
}

/// A written .ipynb, parsed.
struct NotebookJSON {
    var root: [String: Any]
    var codeCells: [[String: Any]] {
        (root["cells"] as? [[String: Any]] ?? []).filter { $0["cell_type"] as? String == "code" }
    }

    static func load(_ url: URL) -> NotebookJSON? {
        guard let data = try? Data(contentsOf: url),
              let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
        return NotebookJSON(root: root)
    }
}

/// A small HTML check: every element opened is closed in order (void elements aside), and
/// nothing is fetched from elsewhere.
enum HTMLBalance {
    static let void: Set<String> = ["meta", "br", "hr", "img", "input", "link", "col", "area", "base", "source", "wbr"]

    static func problems(in html: String) -> [String] {
        var stack: [String] = []
        var problems: [String] = []
        guard let tag = try? NSRegularExpression(pattern: #"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?(/?)>"#) else { return ["regex"] }
        let text = html as NSString
        for match in tag.matches(in: html, range: NSRange(location: 0, length: text.length)) {
            let closing = text.substring(with: match.range(at: 1)) == "/"
            let name = text.substring(with: match.range(at: 2)).lowercased()
            let selfClosing = text.substring(with: match.range(at: 3)) == "/"
            if void.contains(name) || selfClosing { continue }
            if closing {
                if stack.last == name { stack.removeLast() } else { problems.append("</\(name)> closes <\(stack.last ?? "nothing")>") }
            } else {
                stack.append(name)
            }
        }
        if !stack.isEmpty { problems.append("unclosed: \(stack.joined(separator: " "))") }
        return problems
    }

    /// src/href attributes to the network, external scripts and linked resources.
    static func externalReferences(in html: String) -> [String] {
        let patterns = [#"(src|href)\s*=\s*["']?\s*(https?:)?//"#, #"<script[^>]*\bsrc\s*="#, #"<link\b"#, #"@import"#, #"url\("#]
        return patterns.filter { html.range(of: $0, options: [.regularExpression, .caseInsensitive]) != nil }
    }
}
