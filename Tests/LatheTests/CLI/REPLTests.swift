// Issue 11, parts 1–3 end to end: `lathe repl` driven through a pipe, where it reads plain
// lines with no prompt. Values persist across inputs, errors do not end the session, and
// input ends with exit 0.

import Foundation
import Testing

@Suite("lathe repl through a pipe")
struct REPLTests {
    /// Runs `lathe repl` (or `lathe` alone) in a fresh folder with `input` on stdin.
    func repl(_ input: String, arguments: [String] = ["repl"], files: [String: String] = [:]) -> LatheResult {
        let dir = makeTemporaryDirectory(prefix: "lathe-repl")
        defer { try? FileManager.default.removeItem(at: dir) }
        for (name, text) in files {
            try? text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return LatheBinary.run(arguments: arguments, stdin: input, environment: ["LATHE_HOME": nil, "NO_COLOR": "1"], cwd: dir)
    }

    @Test func aBareExpressionShowsItsValueAndBindingsPersist() {
        let result = repl("let x = 1\nx + 1\nlet name = \"ada\"\nname\n[x, name]\n_\n")
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.stdout == "2\n\"ada\"\n[1, \"ada\"]\n[1, \"ada\"]\n", "\(result)")
        #expect(result.stderr == "", "\(result)")
    }

    @Test func latheAloneReadsThePipeToo() {
        let result = repl("1 + 2\n", arguments: [])
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.stdout == "3\n", "\(result)")
    }

    @Test func statementsAndNullShowNothing() {
        let result = repl("let x = 5\nprint(\"hi\")\nnull\n")
        #expect(result.stdout == "hi\n", "\(result)")
    }

    @Test func errorsAreShownOnceAndTheSessionGoesOn() {
        let result = repl("let x = 10\nnope + 1\nx / \"a\"\nfail(\"boom\")\nx * 2\n")
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.stdout == "20\n", "\(result)")
        #expect(result.stderr.components(separatedBy: "undefined name 'nope'").count == 2, "\(result)")
        #expect(result.stderr.contains("REPL[2]:1:1: error: undefined name 'nope'"), "\(result)")
        #expect(result.stderr.contains("cannot apply '/' to number and string"), "\(result)")
        #expect(result.stderr.contains("error: boom"), "\(result)")
    }

    @Test func functionsSeeLaterChangesToSessionVariables() {
        let result = repl("var count = 0\nfn bump() {\n  count += 1\n  return count\n}\nbump()\nbump()\ncount\ncount = 10\nbump()\n")
        #expect(result.stdout == "1\n2\n2\n11\n", "\(result)")
    }

    @Test func aNameCanBeDeclaredAgain() {
        let result = repl("let x = 1\nlet x = x + 1\nx\n")
        #expect(result.stdout == "2\n", "\(result)")
        #expect(result.stderr == "", "\(result)")
    }

    @Test func aFailedDeclarationKeepsTheEarlierValue() {
        let result = repl("let x = 1\nlet x = fail(\"no\")\nx\n")
        #expect(result.stdout == "1\n", "\(result)")
    }

    @Test func multiLineInputContinuesUntilItsBracketsClose() {
        let result = repl("fn twice(a) {\n  return a * 2\n}\nlet xs = [\n  twice(1),\n  twice(2)\n]\nxs\n")
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.stdout == "[2, 4]\n", "\(result)")
        #expect(result.stderr == "", "\(result)")
    }

    @Test func importsCarryAcrossInputs() {
        let result = repl("import \"std/text\" as text\ntext.upper(\"abc\")\n")
        #expect(result.stdout == "\"ABC\"\n", "\(result)")
    }

    @Test func whoListsBindingsWithTheirTypes() {
        let result = repl("let x = 1\nlet s = \"a\"\nfn f() { return 1 }\n:who\n")
        let lines = result.stdout.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        #expect(lines.count == 3, "\(result)")
        #expect(lines.first?.prefix(3) == ["x", "number", "let"], "\(result)")
        #expect(lines.dropFirst().first?.prefix(3) == ["s", "string", "let"], "\(result)")
        #expect(lines.last?.prefix(3) == ["f", "function", "fn"], "\(result)")
    }

    @Test func typeShowsTheTypeOfAValueOrExpression() {
        let result = repl("let ds = make_classification(n: 20, seed: 1)\n:type ds\n:type [1, 2]\n:type 1 + 1\n_\n")
        #expect(result.stdout == "dataset\nlist\nnumber\nnull\n" || result.stdout == "dataset\nlist\nnumber\n", "\(result)")
    }

    @Test func helpShowsCommandsAndBuiltins() {
        let result = repl(":help\n:help split\n:help dataset\n:help splitt\n:help forest\n")
        #expect(result.stdout.contains(":who"), "\(result)")
        #expect(result.stdout.contains("split(data"), "\(result)")
        #expect(result.stdout.contains("dataset: "), "\(result)")
        // Each parameter as declared: types, doc and valid values.
        #expect(result.stdout.contains("    trees          number                 number of trees; valid: a whole number in 1...100000\n"), "\(result)")
        #expect(result.stderr.contains("error: no help for 'splitt'"), "\(result)")
        #expect(result.stderr.contains("did you mean 'split'?"), "\(result)")
    }

    @Test func anUnknownCommandIsOneErrorWithASuggestion() {
        let result = repl(":hlep\n1\n")
        #expect(result.stdout == "1\n", "\(result)")
        #expect(result.stderr == "error: unknown command ':hlep'\n  hint: did you mean ':help'? :help lists the commands\n", "\(result)")
    }

    @Test func loadRunsAFileIntoTheSession() {
        let result = repl(":load lib.mlx\ndouble(21)\n:load missing.mlx\n", files: ["lib.mlx": "fn double(a) { return a * 2 }\nprint(\"lib\")\n"])
        #expect(result.stdout == "lib\nloaded lib.mlx: 1 new binding\n42\n", "\(result)")
        #expect(result.stderr.contains("cannot read 'missing.mlx'"), "\(result)")
    }

    @Test func resetForgetsEverything() {
        let result = repl("let x = 1\n:reset\n:who\nx\n")
        #expect(result.stdout == "all bindings cleared\nno bindings yet\n", "\(result)")
        #expect(result.stderr.contains("undefined name 'x'"), "\(result)")
    }

    @Test func historyListsThisSessionsInputs() {
        let result = repl("let apple = 1\nlet pear = 2\n:history apple\n")
        #expect(result.stdout == "    1  let apple = 1\n", "\(result)")
    }

    @Test func timeShowsTheValueAndTheTime() {
        let result = repl(":time 6 * 7\n")
        #expect(result.stdout.hasPrefix("42\ntime: "), "\(result)")
    }

    @Test func quitEndsTheSessionWithExitZero() {
        let result = repl("1\n:quit\n2\n")
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.stdout == "1\n", "\(result)")
    }

    @Test func modelsAndRunsWithoutAWorkspace() {
        let result = repl(":models\n:runs\n")
        #expect(result.stdout == "no registered models (no workspace yet)\nno runs (no workspace yet)\n", "\(result)")
    }

    @Test func trainingIsRecordedAndListed() {
        let result = repl("""
            let data = make_classification(n: 60, seed: 3)
            let m = train(forest(trees: 3, seed: 1), data)
            register(m, "demo")
            :models
            :runs

            """)
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.stdout.contains("demo  v1  (1 version)"), "\(result)")
        #expect(result.stdout.contains("train  forest  finished"), "\(result)")
    }

    @Test func anOpenInputAtTheEndOfThePipeIsReported() {
        let result = repl("let x = [1, 2,\n")
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.stderr.contains("error"), "\(result)")
    }
}

/// The terminal path: `lathe repl` under `script`, which gives it a pseudo-terminal
/// (`TerminalREPL`); each key burst waits for the screen to show what it expects.
@Suite("lathe repl on a terminal")
struct REPLTerminalTests {
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: TerminalREPL.script)))
    func completionContinuationInterruptAndHistory() throws {
        let dir = makeTemporaryDirectory(prefix: "lathe-repl-tty")
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent(".lathe"), withIntermediateDirectories: true)
        let repl = try TerminalREPL(cwd: dir, home: dir)
        #expect(repl.waitFor("lathe> "), "\(repl.text)")
        repl.type("let abcdef = 41\n")
        repl.type("abcd\t")                        // Tab completes a session name
        #expect(repl.waitFor("ef"), "\(repl.text)")
        repl.type("+ 1\n")
        #expect(repl.waitFor("42\n"), "\(repl.text)")
        repl.type("let xs = [1,\n")                // an open bracket continues on '...'
        #expect(repl.waitFor("...    "), "\(repl.text)")
        repl.type("2]\n")
        repl.type("xs\n")
        #expect(repl.waitFor("[1, 2]\n"), "\(repl.text)")
        repl.type("var i = 0\n")
        repl.type("while true { if i == 0 { print(\"looping\") }; i += 1 }\n")
        #expect(repl.waitFor("looping\n"), "\(repl.text)")
        repl.type("\u{3}")                         // Ctrl-C stops the running step
        #expect(repl.waitFor("error: interrupted"), "\(repl.text)")
        #expect(repl.waitFor("lathe> "), "\(repl.text)")
        repl.type("let dropped = [1,")
        #expect(repl.waitFor("[1,"), "\(repl.text)")
        repl.type("\u{3}")                         // Ctrl-C at the prompt drops the input
        #expect(repl.waitFor("lathe> "), "\(repl.text)")
        repl.type("i > 0\n")
        #expect(repl.waitFor("true\n"), "\(repl.text)")
        let screen = repl.close()
        #expect(!screen.contains("dropped".appending("\n...")), "\(screen)")

        // The history file of the workspace survives the session, and a new one reads it.
        let history = try String(contentsOf: dir.appendingPathComponent(".lathe/repl_history"), encoding: .utf8)
        #expect(history.contains("abcdef"), "\(history)")
        #expect(!history.contains("dropped"), "\(history)")
        let second = try TerminalREPL(cwd: dir, home: dir)
        second.type(":history xs\n")
        #expect(second.waitFor("let xs = [1,"), "\(second.text)")
        _ = second.close()
    }
}
