// Issue 11, part 4 through a pipe: bindings saved in the workspace store after each input
// and restored by the next `lathe repl` in the same folder, staleness, :rerun, :save, :ir.

import Foundation
import Testing

@Suite("lathe repl: sessions that persist and are never silently stale")
struct REPLPersistenceTests {
    /// Runs `lathe repl` in `dir` with `input` on stdin.
    func repl(_ input: String, in dir: URL) -> LatheResult {
        LatheBinary.run(arguments: ["repl"], stdin: input, environment: ["LATHE_HOME": nil, "NO_COLOR": "1"], cwd: dir)
    }

    /// A fresh folder with a workspace: through a pipe, sessions are saved only into one that exists.
    func folder() -> URL {
        let dir = makeTemporaryDirectory(prefix: "lathe-repl-persist")
        try? FileManager.default.createDirectory(at: dir.appendingPathComponent(".lathe"), withIntermediateDirectories: true)
        return dir
    }

    @Test func valuesComeBackWithoutRunningTheirCellsAgain() {
        let dir = folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let first = repl("let x = 20\nlet msg = \"made\"\nprint(msg)\nfn twice(a) { return a * 2 }\nlet ds = make_classification(n: 30, seed: 2)\nimport \"std/text\" as text\n", in: dir)
        #expect(first.stdout == "made\n", "\(first)")
        let second = repl("x + 1\nmsg\ntwice(x)\nlen(ds)\ntext.upper(msg)\n", in: dir)
        // Nothing printed "made" again, and nothing was stale, so the pipe stays clean;
        // the function and the std import were compiled again.
        #expect(second.stdout == "21\n\"made\"\n40\n30\n\"MADE\"\n", "\(second)")
        #expect(second.stderr == "", "\(second)")
    }

    @Test func aRedefinitionMarksDependentsStaleAndRerunRecomputesThem() {
        let dir = folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = repl("""
            let x = 1
            let y = x * 10
            let z = y + 1
            let x = 5
            :who
            z
            :rerun z
            z
            :who
            :rerun z

            """, in: dir)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("y ") && $0.contains("from input 2") && $0.contains("stale: 'x' was redefined") }, "\(result)")
        #expect(lines.contains { $0.hasPrefix("z ") && $0.contains("stale: 'y' is stale") }, "\(result)")
        #expect(lines.contains { $0.hasPrefix("x ") && !$0.contains("stale") }, "\(result)")
        // Reading z before :rerun gives its last value, with a warning.
        #expect(result.stderr.contains("warning: 'z' is stale ('y' is stale); this reads its last value"), "\(result)")
        #expect(result.stderr.contains("hint: :rerun z recomputes it"), "\(result)")
        #expect(result.stdout.contains("11\nrecomputed 'z' (2 cells run again)\n51\n"), "\(result)")
        #expect(result.stdout.contains("'z' is up to date"), "\(result)")
        #expect(!lines.dropFirst(4).contains { $0.contains("stale:") }, "after :rerun nothing is stale: \(result)")
    }

    @Test func staleBindingsStayStaleAfterARestart() {
        let dir = folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = repl("let x = 1\nlet y = x + 1\nlet x = 2\n", in: dir)
        let second = repl(":who\ny\n", in: dir)
        #expect(second.stderr.hasPrefix("note: restored 2 bindings, 1 stale"), "\(second)")
        #expect(second.stdout.contains("stale: 'x' was redefined"), "\(second)")
        #expect(second.stdout.hasSuffix("2\n"), "\(second)")
    }

    @Test func changingAFileADatasetReadMakesItStale() throws {
        let dir = folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("points.csv")
        try "a,b\n1,2\n3,4\n".write(to: csv, atomically: true, encoding: .utf8)
        _ = repl("let ds = dataset(\"points.csv\")\nlet n = len(ds)\nlet k = 3\n", in: dir)
        let unchanged = repl("n\n", in: dir)
        #expect(unchanged.stdout == "2\n" && unchanged.stderr == "", "\(unchanged)")
        try "a,b\n1,2\n3,4\n5,6\n".write(to: csv, atomically: true, encoding: .utf8)
        let changed = repl(":who\n:rerun n\nn\n", in: dir)
        #expect(changed.stderr.contains("restored 3 bindings, 2 stale"), "\(changed)")
        #expect(changed.stdout.contains("stale: 'points.csv' changed"), "\(changed)")
        #expect(changed.stdout.contains("recomputed 'n' (2 cells run again)\n3\n"), "\(changed)")
    }

    @Test func aValueChangedInPlaceIsSavedAndItsReadersGoStale() {
        let dir = folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let first = repl("var count = 0\nfn bump() { count += 1 }\nlet before = count\nbump()\nbump()\n:who\n", in: dir)
        #expect(first.stdout.contains("stale: 'count' changed"), "\(first)")
        let second = repl("count\nbump()\ncount\n", in: dir)
        #expect(second.stdout == "2\n3\n", "\(second)")
    }

    @Test func saveWritesARunnableScriptThatReproducesTheValues() throws {
        let dir = folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = repl("""
            let base = 3
            print("side effect")
            let unused = 1
            let unused = 2
            fn scale(v) { return v * base }
            let total = scale(4)
            nope + 1
            let base = 100
            :save session.mlx

            """, in: dir)
        #expect(result.stdout.contains("saved 5 cells to session.mlx"), "\(result)")
        let script = try String(contentsOf: dir.appendingPathComponent("session.mlx"), encoding: .utf8)
        #expect(!script.contains("print(\"side effect\")") && !script.contains("nope") && !script.contains("unused = 1"), "\(script)")
        #expect(script.contains("# %%"), "\(script)")
        try (script + "\nprint(total, base, unused)\n").write(to: dir.appendingPathComponent("check.mlx"), atomically: true, encoding: .utf8)
        let run = LatheBinary.run(arguments: ["run", "check.mlx"], environment: ["LATHE_HOME": nil, "NO_COLOR": "1"], cwd: dir)
        #expect(run.exitCode == 0, "\(run)")
        #expect(run.stdout == "12 100 2\n", "\(run)")
    }

    @Test func savedScriptsDeclareARedeclaredNameOnceAndKeepInPlaceChanges() throws {
        let dir = folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = repl("let x = 1\nlet x = x + 1\nvar c = 0\nfn bump() { c += x }\nbump()\nlet xs = [1]\npush(xs, c)\n:save s.mlx\n", in: dir)
        #expect(result.stdout.hasSuffix("saved 7 cells to s.mlx\n"), "\(result)")
        let script = try String(contentsOf: dir.appendingPathComponent("s.mlx"), encoding: .utf8)
        #expect(script.contains("var x = 1\n") && script.contains("\nx = x + 1\n"), "\(script)")
        try (script + "\nprint(x, c, xs)\n").write(to: dir.appendingPathComponent("check.mlx"), atomically: true, encoding: .utf8)
        let run = LatheBinary.run(arguments: ["run", "check.mlx"], environment: ["LATHE_HOME": nil, "NO_COLOR": "1"], cwd: dir)
        #expect(run.stdout == "2 2 [1, 2]\n", "\(run)")
    }

    @Test func irPrintsTheCodeOfAnInputWithoutRunningIt() {
        let dir = folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = repl("let k = 2\n:ir print(k + 1)\n:ir nope\n", in: dir)
        #expect(result.stdout.contains("module REPL[ir]"), "\(result)")
        #expect(result.stdout.contains("get_global"), "\(result)")
        #expect(!result.stdout.contains("\n3\n"), "\(result)")
        #expect(result.stderr.contains("undefined name 'nope'"), "\(result)")
    }

    @Test func resetAlsoForgetsTheSavedSession() {
        let dir = folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = repl("let x = 1\n:reset\n", in: dir)
        let second = repl(":who\n", in: dir)
        #expect(second.stdout == "no bindings yet\n", "\(second)")
    }

    @Test func withoutAWorkspaceAPipeSavesNothing() {
        let dir = makeTemporaryDirectory(prefix: "lathe-repl-persist")
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = repl("let x = 1\nx\n", in: dir)
        #expect(result.stdout == "1\n", "\(result)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent(".lathe").path), "\(result)")
    }

    @Test func aStoreThatCannotBeWrittenWarnsOnceAndTheSessionGoesOn() throws {
        let dir = folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        // A file where the database would go: the store can never be opened.
        try FileManager.default.createDirectory(at: dir.appendingPathComponent(".lathe/lathe.db"), withIntermediateDirectories: true)
        let result = repl("let x = 1\nlet y = 2\nx + y\n", in: dir)
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.stdout == "3\n", "\(result)")
        #expect(result.stderr.components(separatedBy: "warning: the session is not being saved").count == 2, "\(result)")
    }
}
