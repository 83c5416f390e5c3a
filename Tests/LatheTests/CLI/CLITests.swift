// End-to-end tests of the `lathe` command: exit codes, stdout and stderr of
// the real binary, for the contract in README.md ("Command line").
//
//   0 ok · 64 usage error · 65 compile error · 66 cannot read file
//   70 runtime error · 74 output not written · 130 interrupted (SIGINT)

import Foundation
import Testing

/// A temporary directory holding `.mlx` files for one test.
private final class Scratch {
    let dir = makeTemporaryDirectory(prefix: "lathe-cli")

    deinit { try? FileManager.default.removeItem(at: dir) }

    /// Writes `source` to `name` in the scratch directory and returns the name.
    @discardableResult
    func write(_ name: String, _ source: String) -> String {
        let url = dir.appendingPathComponent(name)
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? source.write(to: url, atomically: true, encoding: .utf8)
        return name
    }

    /// Runs `lathe` with the scratch directory as working directory, so file
    /// names in diagnostics are the short relative names written here.
    func lathe(_ arguments: String..., stdin: String? = nil, interruptAfter: Double? = nil, timeout: Double = 60) -> LatheResult {
        LatheBinary.run(arguments: arguments, stdin: stdin,
                        environment: ["LATHE_HOME": dir.appendingPathComponent(".lathe-home").path],
                        cwd: dir, interruptAfter: interruptAfter, timeout: timeout)
    }
}

private func lines(_ text: String) -> [String] {
    text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
}

private let esc = "\u{1B}["

@Suite("lathe CLI")
struct CLITests {
    // MARK: - Information

    @Test func versionPrintsVersionAndExitsZero() {
        let r = Scratch().lathe("--version")
        #expect(r.exitCode == 0, "\(r)")
        #expect(r.stdout == "lathe 0.1.0\n", "\(r)")
        #expect(r.stderr.isEmpty, "\(r)")
    }

    @Test(arguments: ["E0163", "e0163"])
    func explainPrintsTheExplanationAndAnExample(_ code: String) {
        let r = Scratch().lathe("explain", code)
        #expect(r.exitCode == 0, "\(r)")
        #expect(r.stderr.isEmpty, "\(r)")
        let out = lines(r.stdout)
        #expect(out.first == "E0163: operator applied to the wrong types (check)", "\(r)")
        #expect(r.stdout.contains("Example:\n\n    let label = \"epoch \" + 3\n"), "\(r)")
    }

    @Test func explainOfAnUnknownCodeIsAUsageErrorWithASuggestion() {
        let r = Scratch().lathe("explain", "E163")
        #expect(r.exitCode == 64, "\(r)")
        #expect(r.stdout.isEmpty, "\(r)")
        #expect(r.stderr == "error: unknown error code 'E163'\n  hint: did you mean 'E0163'?\n", "\(r)")
    }

    @Test func builtinsAreGroupedByLibraryWithEachKindsFields() {
        let r = Scratch().lathe("builtins")
        #expect(r.exitCode == 0, "\(r)")
        let out = lines(r.stdout)
        let headings = out.filter { $0.hasPrefix("# ") }.map { String($0.dropFirst(2).prefix { $0 != ":" }) }
        #expect(headings == ["core", "math", "statistics", "tensors", "data", "ml", "model selection", "text", "store", "store admin", "monitor", "monitor tests", "charts"], "\(r)")
        #expect(out.contains { $0.hasPrefix("# text:") && $0.hasSuffix("(import \"std/text\")") }, "\(r)")
        #expect(out.contains { $0.hasPrefix("train(spec, data") && $0.contains("→ model") }, "\(r)")
        #expect(out.contains("model: a fitted model with its preprocessing and lineage"), "\(r)")
        #expect(out.contains { $0.hasPrefix("  .loss_curve") && $0.contains("list") }, "\(r)")
        #expect(out.contains { $0.hasPrefix("  .NAME") && $0.contains("column") }, "\(r)")
        #expect(!r.stdout.contains("handle"), "\(r)")
    }

    @Test func builtinsFilterKeepsMatchingBuiltinsAndKinds() {
        let r = Scratch().lathe("builtins", "predict")
        #expect(r.exitCode == 0, "\(r)")
        let entries = lines(r.stdout).filter { !$0.isEmpty && !$0.hasPrefix("#") }
        #expect(entries.count == 2, "\(r)")
        #expect(entries.allSatisfy { $0.hasPrefix("predict") }, "\(r)")
    }

    @Test func helpListsSubcommands() {
        let r = Scratch().lathe("--help")
        #expect(r.exitCode == 0, "\(r)")
        let text = r.stdout + r.stderr
        for command in ["run", "check", "ir"] {
            #expect(text.range(of: "\\b\(command)\\b", options: .regularExpression) != nil,
                    "--help should mention '\(command)'\n\(r)")
        }
    }

    @Test func unknownSubcommandIsUsageError() {
        let r = Scratch().lathe("frobnicate")
        #expect(r.exitCode == 64, "\(r)")
        #expect(!r.stderr.isEmpty, "\(r)")
        #expect(r.stdout.isEmpty, "\(r)")
    }

    // MARK: - run

    @Test func runPrintsToStdout() {
        let s = Scratch()
        s.write("hello.mlx", """
            let name = "world"
            print("hello ${name}")
            print(1 + 2, 2.5, [1, "a"])
            """)
        let r = s.lathe("run", "hello.mlx")
        #expect(r.exitCode == 0, "\(r)")
        #expect(r.stdout == "hello world\n3 2.5 [1, \"a\"]\n", "\(r)")
        #expect(r.stderr.isEmpty, "\(r)")
    }

    @Test func printWritesEveryByteIncludingNul() {
        // fputs stopped at the NUL and wrote only "a".
        let s = Scratch()
        s.write("nul.mlx", #"print("a\0b")"#)
        let r = s.lathe("run", "nul.mlx")
        #expect(r.exitCode == 0, "\(r)")
        #expect(Array(r.stdout.utf8) == Array("a\u{0}b\n".utf8), "\(r)")
    }

    @Test func fullStdoutExits74WithOneLineMessage() {
        // The output used to be lost silently with exit 0.
        let s = Scratch()
        s.write("full.mlx", #"print("hello")"#)
        let r = LatheBinary.run(executable: URL(fileURLWithPath: "/bin/sh"),
                                arguments: ["-c", #""$0" run full.mlx > /dev/full"#, LatheBinary.url.path],
                                environment: ["LATHE_HOME": s.dir.appendingPathComponent(".lathe-home").path], cwd: s.dir)
        #expect(r.exitCode == 74, "\(r)")
        #expect(r.stderr == "error: cannot write output: no space left on device\n", "\(r)")
    }

    @Test func fullStderrIsNotACrash() {
        // Writing the runtime error to a failing stderr trapped (exit 132).
        let s = Scratch()
        s.write("boom.mlx", #"fail("boom")"#)
        let r = LatheBinary.run(executable: URL(fileURLWithPath: "/bin/sh"),
                                arguments: ["-c", #""$0" run boom.mlx 2> /dev/full"#, LatheBinary.url.path],
                                environment: ["LATHE_HOME": s.dir.appendingPathComponent(".lathe-home").path], cwd: s.dir)
        #expect(r.signal == nil, "\(r)")
        #expect(r.exitCode == 70, "\(r)")
    }

    @Test func runAcceptsAPathOutsideTheWorkingDirectory() {
        let s = Scratch()
        s.write("sub/dir/p.mlx", "print(42)\n")
        let r = LatheBinary.run(arguments: ["run", s.dir.appendingPathComponent("sub/dir/p.mlx").path])
        #expect(r.exitCode == 0, "\(r)")
        #expect(r.stdout == "42\n", "\(r)")
    }

    @Test func setOverridesAParam() {
        let s = Scratch()
        s.write("p.mlx", "param n = 2\nprint(n * 10)\n")
        let plain = s.lathe("run", "p.mlx")
        #expect(plain.exitCode == 0, "\(plain)")
        #expect(plain.stdout == "20\n", "\(plain)")

        let set = s.lathe("run", "p.mlx", "--set", "n=5")
        #expect(set.exitCode == 0, "\(set)")
        #expect(set.stdout == "50\n", "\(set)")
        #expect(set.stderr.isEmpty, "\(set)")
    }

    @Test func setParsesStringsAndBooleans() {
        let s = Scratch()
        s.write("p.mlx", "param name = \"a\"\nparam verbose = false\nprint(name, verbose)\n")
        let r = s.lathe("run", "p.mlx", "--set", "name=bob", "--set", "verbose=true")
        #expect(r.exitCode == 0, "\(r)")
        #expect(r.stdout == "bob true\n", "\(r)")
    }

    @Test func setOfUnknownParamIsUsageError() {
        let s = Scratch()
        s.write("p.mlx", "param n = 2\nprint(n * 10)\n")
        let r = s.lathe("run", "p.mlx", "--set", "m=5")
        #expect(r.exitCode == 64, "\(r)")
        #expect(r.stderr.contains("m"), "\(r)")
        #expect(r.stdout.isEmpty, "the script must not run\n\(r)")
    }

    @Test func malformedSetIsUsageError() {
        let s = Scratch()
        s.write("p.mlx", "param n = 2\nprint(n * 10)\n")
        let r = s.lathe("run", "p.mlx", "--set", "n")
        #expect(r.exitCode == 64, "\(r)")
        #expect(r.stdout.isEmpty, "\(r)")
    }

    /// `1e400` is out of range as a source literal, so it is out of range after --set too.
    @Test func setOfAnOutOfRangeNumberIsUsageError() {
        let s = Scratch()
        s.write("p.mlx", "param epochs = 2\nprint(epochs)\n")
        let r = s.lathe("run", "p.mlx", "--set", "epochs=1e400")
        #expect(r.exitCode == 64, "\(r)")
        #expect(r.stdout.isEmpty, "\(r)")
        #expect(r.stderr.hasPrefix("error: --set epochs: number '1e400' is out of range\n"), "\(r)")
    }

    @Test func setOfWrongTypeIsUsageError() {
        let s = Scratch()
        s.write("p.mlx", "param n = 2\nprint(n * 10)\n")
        let r = s.lathe("run", "p.mlx", "--set", "n=abc")
        #expect(r.exitCode == 64, "\(r)")
        #expect(r.stdout.isEmpty, "\(r)")
    }

    // MARK: - check

    @Test func checkOfGoodFileIsSilent() {
        let s = Scratch()
        s.write("good.mlx", "fn add(a, b) { return a + b }\nprint(add(1, 2))\n")
        let r = s.lathe("check", "good.mlx")
        #expect(r.exitCode == 0, "\(r)")
        #expect(r.stdout.isEmpty, "check must not run the script\n\(r)")
        #expect(r.stderr.isEmpty, "\(r)")
    }

    @Test func checkOfBadFileReportsDiagnostic() {
        let s = Scratch()
        s.write("bad.mlx", "let a = 1\nprint(undefined_name)\n")
        let r = s.lathe("check", "bad.mlx")
        #expect(r.exitCode == 65, "\(r)")
        #expect(r.stdout.isEmpty, "\(r)")
        #expect(r.stderr.hasPrefix("bad.mlx:2:7: error: "), "\(r)")
        #expect(r.stderr.contains("undefined_name"), "\(r)")
    }

    // MARK: - Diagnostics

    @Test func compileErrorShowsSnippetAndCaret() {
        let s = Scratch()
        s.write("bad.mlx", "let x = 1\nlet y = x + )\nprint(y)\n")
        let r = s.lathe("run", "bad.mlx")
        #expect(r.exitCode == 65, "\(r)")
        #expect(r.stdout.isEmpty, "nothing may run after a compile error\n\(r)")
        let errLines = lines(r.stderr)
        #expect(errLines.first?.range(of: #"^bad\.mlx:\d+:\d+: error: \S"#, options: .regularExpression) != nil,
                "first line must be 'path:line:col: error: message'\n\(r)")
        #expect(errLines.contains { $0.contains("|") && $0.contains("let y = x + )") },
                "the source line must be shown with a '|' gutter\n\(r)")
        #expect(errLines.contains { $0.range(of: #"^\s*\d*\s*\|\s*\^"#, options: .regularExpression) != nil },
                "a caret line must point at the error\n\(r)")
        #expect(!r.stderr.contains(esc), "no ANSI colour when NO_COLOR is set / stderr is a pipe\n\(r)")
    }

    @Test func caretPointsAtTheColumn() {
        let s = Scratch()
        s.write("col.mlx", "let a = 1\nprint(a + missing)\n")
        let r = s.lathe("run", "col.mlx")
        #expect(r.exitCode == 65, "\(r)")
        let errLines = lines(r.stderr)
        guard let head = errLines.first,
              let match = head.firstMatch(of: #/^col\.mlx:2:(\d+): error: /#),
              let column = Int(match.1) else {
            Issue.record("bad headline\n\(r)")
            return
        }
        #expect(column == 11, "\(r)")
        // The caret sits under column `column` of the source line shown after the gutter.
        guard let sourceIndex = errLines.firstIndex(where: { $0.hasSuffix("print(a + missing)") }),
              sourceIndex + 1 < errLines.count else {
            Issue.record("source line not shown\n\(r)")
            return
        }
        let sourceLine = errLines[sourceIndex]
        let caretLine = errLines[sourceIndex + 1]
        let codeStart = sourceLine.count - "print(a + missing)".count
        guard let caret = caretLine.firstIndex(of: "^") else {
            Issue.record("no caret line under the source line\n\(r)")
            return
        }
        #expect(caretLine.distance(from: caretLine.startIndex, to: caret) == codeStart + column - 1, "\(r)")
    }

    @Test func severalCompileErrorsAreAllReported() {
        let s = Scratch()
        s.write("two.mlx", "print(nope1)\nprint(nope2)\n")
        let r = s.lathe("check", "two.mlx")
        #expect(r.exitCode == 65, "\(r)")
        let heads = lines(r.stderr).filter { $0.range(of: #"^two\.mlx:\d+:\d+: error: "#, options: .regularExpression) != nil }
        #expect(heads.count == 2, "\(r)")
    }

    @Test func runtimeErrorHasStackTrace() {
        let s = Scratch()
        s.write("rt.mlx", """
            fn inner() {
              fail("boom")
            }
            fn outer() {
              inner()
            }
            print("before")
            outer()
            print("after")
            """)
        let r = s.lathe("run", "rt.mlx")
        #expect(r.exitCode == 70, "\(r)")
        #expect(r.stdout == "before\n", "output before the failure is kept; nothing after\n\(r)")
        let errLines = lines(r.stderr)
        #expect(errLines.first?.range(of: #"^rt\.mlx:2:\d+: error: boom$"#, options: .regularExpression) != nil, "\(r)")
        #expect(errLines.contains { $0.range(of: #"^\s+at inner \(rt\.mlx:2\)"#, options: .regularExpression) != nil }, "\(r)")
        #expect(errLines.contains { $0.range(of: #"^\s+at outer \(rt\.mlx:5\)"#, options: .regularExpression) != nil }, "\(r)")
        let inner = errLines.firstIndex { $0.contains("at inner (") }
        let outer = errLines.firstIndex { $0.contains("at outer (") }
        if let inner, let outer { #expect(inner < outer, "innermost frame first\n\(r)") }
        #expect(!r.stderr.contains(esc), "\(r)")
    }

    @Test func deepRecursionIsAStackOverflowNotACrash() {
        let s = Scratch()
        s.write("deep.mlx", "fn f(n) { return f(n + 1) }\nf(0)\n")
        let r = s.lathe("run", "deep.mlx")
        #expect(r.signal == nil, "the VM must not crash\n\(r)")
        #expect(r.exitCode == 70, "\(r)")
        #expect(r.stderr.contains("stack overflow"), "\(r)")
        #expect(r.stderr.utf8.count < 20_000, "the stack trace must be abbreviated\n\(r.stderr.prefix(2000))")
    }

    @Test func missingFileExits66() {
        let s = Scratch()
        for command in ["run", "check", "ir"] {
            let r = s.lathe(command, "missing.mlx")
            #expect(r.exitCode == 66, "\(command)\n\(r)")
            #expect(r.stdout.isEmpty, "\(command)\n\(r)")
            // One error line, optionally followed by a `hint:` line.
            let errLines = lines(r.stderr).filter { !$0.isEmpty }
            #expect(errLines.first?.hasPrefix("error: cannot read 'missing.mlx'") == true, "\(command)\n\(r)")
            #expect(errLines.dropFirst().allSatisfy { $0.trimmingCharacters(in: .whitespaces).hasPrefix("hint:") },
                    "nothing but an optional hint after the error line\n\(r)")
            #expect(errLines.count <= 2, "\(command)\n\(r)")
        }
    }

    @Test func noColourWhenStderrIsNotATerminal() {
        let s = Scratch()
        s.write("bad.mlx", "print(nope)\n")
        // Without NO_COLOR: stderr is still a pipe here, so still no colour.
        let r = LatheBinary.run(arguments: ["check", "bad.mlx"], environment: ["NO_COLOR": nil], cwd: s.dir)
        #expect(r.exitCode == 65, "\(r)")
        #expect(!r.stderr.contains(esc), "\(r)")
    }

    // MARK: - ir

    @Test func irPrintsFunctions() {
        let s = Scratch()
        s.write("f.mlx", "fn double(x) { return x * 2 }\nprint(double(21))\n")
        let r = s.lathe("ir", "f.mlx")
        #expect(r.exitCode == 0, "\(r)")
        #expect(r.stdout.contains("function"), "\(r)")
        #expect(r.stdout.contains("double"), "\(r)")
        #expect(!r.stdout.contains("42"), "ir must not run the script\n\(r)")
        #expect(r.stderr.isEmpty, "\(r)")
    }

    @Test func irOfBadFileIsCompileError() {
        let s = Scratch()
        s.write("bad.mlx", "print(nope)\n")
        let r = s.lathe("ir", "bad.mlx")
        #expect(r.exitCode == 65, "\(r)")
        #expect(r.stderr.hasPrefix("bad.mlx:1:7: error: "), "\(r)")
    }

    // MARK: - Signals

    @Test func sigintStopsAnInfiniteLoop() {
        let s = Scratch()
        s.write("spin.mlx", "print(\"start\")\nwhile true { }\n")
        // The signal must come after lathe has set up its handler: 0.3 s was too short once
        // under load (the full test run beside another build; not even "start" was printed,
        // and SIGINT's default action killed lathe). The loop never ends, so waiting is free.
        let r = s.lathe("run", "spin.mlx", interruptAfter: 2, timeout: 20)
        #expect(!r.timedOut, "SIGINT did not stop the loop\n\(r)")
        #expect(r.signal == nil, "lathe should catch SIGINT and exit 130 itself\n\(r)")
        #expect(r.exitCode == 130, "\(r)")
        #expect(r.stderr.contains("interrupted"), "\(r)")
    }

    /// `try` catches errors, never Ctrl-C: an interrupted loop inside a try block still exits 130.
    @Test func sigintIsNotCaughtByTry() {
        let s = Scratch()
        s.write("spin.mlx", "print(\"start\")\ntry {\n  while true { }\n} catch e {\n  print(\"caught\", e.message)\n}\nprint(\"after\")\n")
        let r = s.lathe("run", "spin.mlx", interruptAfter: 2, timeout: 20)
        #expect(!r.timedOut, "SIGINT did not stop the loop\n\(r)")
        #expect(r.exitCode == 130, "\(r)")
        #expect(r.stdout == "start\n", "\(r)")
        #expect(r.stderr.contains("interrupted"), "\(r)")
    }

    /// A device never ends: the checker must not read it (it only reads regular files'
    /// headers), and a run must stop on Ctrl-C.
    @Test func checkDoesNotReadADevice() {
        let s = Scratch()
        s.write("zero.mlx", "let d = dataset(\"/dev/zero\")\nprint(d.shape)\n")
        let r = s.lathe("check", "zero.mlx", timeout: 20)
        #expect(!r.timedOut, "lathe check read /dev/zero\n\(r)")
        #expect(r.exitCode == 0, "\(r)")
    }

    @Test func checkDoesNotOpenAFIFO() {
        let s = Scratch()
        let fifo = s.dir.appendingPathComponent("pipe.csv").path
        #expect(mkfifo(fifo, 0o600) == 0)
        s.write("pipe.mlx", "let d = dataset(\"pipe.csv\")\nprint(d.shape)\n")
        let r = s.lathe("check", "pipe.mlx", timeout: 20)
        #expect(!r.timedOut, "lathe check blocked opening a FIFO\n\(r)")
        #expect(r.exitCode == 0, "\(r)")
    }

    @Test func sigintStopsReadingADevice() {
        let s = Scratch()
        s.write("zero.mlx", "print(\"start\")\nlet d = dataset(\"/dev/zero\")\nprint(\"loaded\")\n")
        let r = s.lathe("run", "zero.mlx", interruptAfter: 1.0, timeout: 30)
        #expect(!r.timedOut, "SIGINT did not stop reading /dev/zero\n\(r)")
        #expect(r.signal == nil, "\(r)")
        #expect(r.exitCode == 130, "\(r)")
        #expect(!r.stdout.contains("loaded"), "\(r)")
        #expect(r.stderr.contains("reading '/dev/zero' was interrupted"), "\(r)")
    }

    @Test func sigintStopsTrainingCleanly() {
        let s = Scratch()
        // A fit that takes far longer than the interrupt delay, so Ctrl-C lands inside training.
        s.write("fit.mlx", """
            let data = make_classification(n: 20000, features: 20, seed: 1)
            print("loaded")
            let m = train(forest(trees: 400, seed: 1), data)
            print("finished")
            """)
        let r = s.lathe("run", "fit.mlx", interruptAfter: 1.5, timeout: 60)
        #expect(!r.timedOut, "SIGINT did not stop training\n\(r)")
        #expect(r.signal == nil, "lathe should catch SIGINT and exit 130 itself\n\(r)")
        #expect(r.exitCode == 130, "\(r)")
        #expect(r.stdout.contains("loaded") && !r.stdout.contains("finished"), "\(r)")
        #expect(r.stderr.contains("training interrupted"), "\(r)")
    }
}
