// Hostile inputs (issue 8): one input per class of defect the issue found, run through the
// built binary. Each asserts the exit code, that no signal ended the process, and the first
// line of stderr.

import Foundation
import Testing

/// A scratch directory for one test; `lathe` runs with it as working directory.
private final class HostileScratch {
    let dir = makeTemporaryDirectory(prefix: "lathe-hostile")

    deinit { try? FileManager.default.removeItem(at: dir) }

    @discardableResult
    func write(_ name: String, _ text: String) -> String {
        try? text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        return name
    }

    func lathe(_ arguments: String..., timeout: Double = 60) -> LatheResult {
        LatheBinary.run(arguments: arguments,
                        environment: ["LATHE_HOME": dir.appendingPathComponent(".lathe-home").path],
                        cwd: dir, timeout: timeout)
    }

    func shell(_ command: String) -> LatheResult {
        LatheBinary.run(executable: URL(fileURLWithPath: "/bin/sh"),
                        arguments: ["-c", "\"$0\" \(command)", LatheBinary.url.path],
                        environment: ["LATHE_HOME": dir.appendingPathComponent(".lathe-home").path], cwd: dir)
    }

    func contents(_ name: String) -> String? {
        try? String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
    }
}

/// Runs `source` as `NAME.mlx` and checks the exit code, the absence of a signal, and stderr's
/// first line.
private func expectRun(_ source: String, exit: Int32, firstLine: String, arguments: [String] = [],
                       sourceLocation: SourceLocation = #_sourceLocation) {
    let s = HostileScratch()
    s.write("hostile.mlx", source)
    let r = LatheBinary.run(arguments: ["run", "hostile.mlx"] + arguments,
                            environment: ["LATHE_HOME": s.dir.appendingPathComponent(".lathe-home").path], cwd: s.dir)
    #expect(r.signal == nil && !r.timedOut, "\(r)", sourceLocation: sourceLocation)
    #expect(r.exitCode == exit, "\(r)", sourceLocation: sourceLocation)
    #expect(r.stderr.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) == firstLine,
            "\(r)", sourceLocation: sourceLocation)
}

@Suite("hostile inputs")
struct HostileInputTests {
    // MARK: Crashes and hangs

    /// 1. Freeing a 1M-deep structure recursed in the Swift runtime and segfaulted (139).
    @Test
    func deepStructureIsFreedWithoutACrash() {
        expectRun("""
            var head = null
            for i in 0..<1000000 { head = {value: i, next: head} }
            var list = []
            for i in 0..<1000000 { list = [list] }
            print("built")
            """, exit: 0, firstLine: "")
    }

    /// 2. A 100,000-link chain overflowed the checker's stack (139). Either it compiles, or it
    /// stops with a clean "too deeply nested" compile error.
    @Test
    func longChainIsHandledOrRefused() {
        let s = HostileScratch()
        s.write("chain.mlx", "let x = 1" + String(repeating: " + 1", count: 100_000) + "\nprint(\"done\")\n")
        for command in ["check", "ir", "run"] {
            let r = s.lathe(command, "chain.mlx")
            #expect(r.signal == nil && !r.timedOut, "\(command): \(r)")
            #expect(r.exitCode == 0 || (r.exitCode == 65 && r.stderr.contains("nested too deeply")), "\(command): \(r)")
        }
    }

    /// 3. A generator asked for 1e12 rows aborted in the allocator (134).
    @Test func hugeGeneratorSizeIsRefused() {
        expectRun("let d = make_classification(n: 1e12, seed: 1)\n", exit: 70,
                  firstLine: "hostile.mlx:1:9: error: make_classification of 1000000000000 rows and 4 features is too large")
    }

    /// 4. `lathe check` read /dev/zero forever and blocked opening a FIFO.
    @Test func checkNeitherReadsADeviceNorOpensAFIFO() {
        let s = HostileScratch()
        let fifo = s.dir.appendingPathComponent("pipe.csv").path
        #expect(mkfifo(fifo, 0o600) == 0)
        s.write("zero.mlx", "let d = dataset(\"/dev/zero\")\nprint(d.shape)\n")
        s.write("fifo.mlx", "let d = dataset(\"pipe.csv\")\nprint(d.shape)\n")
        for script in ["zero.mlx", "fifo.mlx"] {
            let r = s.lathe("check", script, timeout: 20)
            #expect(r.signal == nil && !r.timedOut, "\(script): \(r)")
            #expect(r.exitCode == 0, "\(script): \(r)")
            #expect(r.stderr.isEmpty, "\(script): \(r)")
        }
    }

    /// 5. A damaged knn file (class names that do not match the stored class values) passed
    /// `load_model` and trapped in `predict` (132). `load_model` must refuse it.
    @Test
    func damagedModelFileIsRefused() {
        let s = HostileScratch()
        s.write("save.mlx", """
            let d = make_classification(n: 30, seed: 1)
            save_model(train(knn(k: 3), d), "k.model")
            """)
        #expect(s.lathe("run", "save.mlx").exitCode == 0)
        let model = s.contents("k.model") ?? ""
        #expect(model.contains("\"classes\":[\"0\",\"1\"]"))
        s.write("k.model", model.replacingOccurrences(of: "\"classes\":[\"0\",\"1\"]", with: "\"classes\":[\"0\"]"))
        s.write("load.mlx", """
            let d = make_classification(n: 30, seed: 1)
            let m = load_model("k.model")
            print(predict(m, d))
            """)
        let r = s.lathe("run", "load.mlx")
        #expect(r.signal == nil, "\(r)")
        #expect(r.exitCode == 70, "\(r)")
        #expect(r.stderr.hasPrefix("load.mlx:2:9: error: "), "\(r)")
    }

    /// 6. `print` stopped at a NUL byte and dropped the rest of the line.
    @Test func nulInPrintIsWritten() {
        let s = HostileScratch()
        s.write("nul.mlx", #"print("a\0b")"#)
        let r = s.lathe("run", "nul.mlx")
        #expect(r.exitCode == 0 && r.signal == nil, "\(r)")
        #expect(Array(r.stdout.utf8) == Array("a\u{0}b\n".utf8), "\(r)")
        #expect(r.stderr.isEmpty, "\(r)")
    }

    /// 7. Output to a full disk was lost with exit 0.
    @Test func fullStdoutIsAnIOError() {
        let s = HostileScratch()
        s.write("hello.mlx", "print(\"hello\")\n")
        let r = s.shell("run hello.mlx > /dev/full")
        #expect(r.signal == nil, "\(r)")
        #expect(r.exitCode == 74, "\(r)")
        #expect(r.stderr == "error: cannot write output: no space left on device\n", "\(r)")
    }

    // MARK: Silent garbage and wrong answers

    /// 8. Estimators trained on ±inf and predicted NaN probabilities.
    @Test func infiniteFeatureIsRefused() {
        let s = HostileScratch()
        s.write("inf.csv", "a,y\n1,0\ninf,1\n2,0\n3,1\n")
        s.write("inf.mlx", "let d = dataset(\"inf.csv\")\nlet m = train(logistic(), d, target: \"y\")\n")
        let r = s.lathe("run", "inf.mlx")
        #expect(r.signal == nil && r.exitCode == 70, "\(r)")
        #expect(r.stderr.hasPrefix("inf.mlx:2:9: error: column 'a' has an infinite value at row 2\n"), "\(r)")
    }

    /// 9. `var_smoothing: 0` let a zero-variance class produce NaN.
    @Test func naiveBayesZeroSmoothingIsRefused() {
        expectRun("let m = naive_bayes(var_smoothing: 0)\n", exit: 65,
                  firstLine: "hostile.mlx:1:36: error: naive_bayes(var_smoothing:) must be a number in 1e-15...inf, found 0")
    }

    /// 10. `evaluate` on 0 rows answered NaN for every metric with exit 0.
    @Test func evaluateOnNoRowsIsAnError() {
        expectRun("""
            let d = make_classification(n: 50, seed: 1)
            let m = train(logistic(), d)
            print(evaluate(m, head(d, 0)))
            """, exit: 70, firstLine: "hostile.mlx:3:7: error: evaluate needs at least one row, found 0")
    }

    /// 11. `==` answered false for equal values nested 64 or more deep.
    @Test func deepEqualityIsRight() {
        let s = HostileScratch()
        s.write("eq.mlx", """
            var a = [1]
            var b = [1]
            for i in 0..<10000 { a = [a]; b = [b] }
            print(a == b)
            """)
        let r = s.lathe("run", "eq.mlx")
        #expect(r.exitCode == 0 && r.signal == nil, "\(r)")
        #expect(r.stdout == "true\n", "\(r)")
    }

    /// 12. A `for` over a range past 2^53 never ended.
    @Test func rangePastTwoToThe53IsRefused() {
        expectRun("for i in 9007199254740990..<9007199254740999 { print(i) }\n", exit: 70,
                  firstLine: "hostile.mlx:1:10: error: range bound 9007199254741000 is beyond 2^53, where whole numbers stop being exact")
    }

    /// 13. `--set epochs=1e400` silently became inf.
    @Test func setOfAnInfiniteNumberIsAUsageError() {
        expectRun("param epochs = 10\nprint(epochs)\n", exit: 64,
                  firstLine: "error: --set epochs: number '1e400' is out of range", arguments: ["--set", "epochs=1e400"])
    }

    /// 14. `stratify: true` on a continuous target was accepted.
    @Test func stratifyOnAContinuousTargetIsRefused() {
        let s = HostileScratch()
        s.write("strat.mlx", """
            let d = make_regression(n: 50, seed: 1)
            let parts = split(d, test: 0.2, stratify: true, seed: 1)
            """)
        let r = s.lathe("run", "strat.mlx")
        #expect(r.signal == nil && r.exitCode == 70, "\(r)")
        #expect(r.stderr.hasPrefix("strat.mlx:2:13: error: cannot stratify on 'target': its class "), "\(r)")
    }

    // MARK: Data loss

    /// 16. `write_csv` truncated its target in place. Now it writes a temporary file beside it
    /// and renames: a failing write leaves the old file whole, and no temporary file behind.
    @Test func writeCSVReplacesItsTargetAtomically() {
        let s = HostileScratch()
        s.write("out.csv", "old\n1\n")
        s.write("w.mlx", """
            let d = make_classification(n: 5, seed: 1)
            write_csv(d, "out.csv")
            write_csv(d, "missing/dir/out.csv")
            """)
        let r = s.lathe("run", "w.mlx")
        #expect(r.signal == nil && r.exitCode == 70, "\(r)")
        #expect(r.stderr.hasPrefix("w.mlx:3:1: error: "), "\(r)")
        let written = s.contents("out.csv") ?? ""
        #expect(written.hasPrefix("x0,x1,x2,x3,target\n") && written.split(separator: "\n").count == 6, "\(written)")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: s.dir.path)) ?? []
        #expect(names.sorted() == ["out.csv", "w.mlx"], "\(names)")
    }

    // MARK: Messages

    /// 17. A data file checked by mistake printed one error per line, a million of them.
    @Test func tenThousandErrorsAreCapped() {
        let s = HostileScratch()
        s.write("many.mlx", String(repeating: "let = @\n", count: 10_000))
        let r = s.lathe("check", "many.mlx")
        #expect(r.signal == nil && r.exitCode == 65, "\(r)")
        let lines = r.stderr.split(separator: "\n").map(String.init)
        #expect(lines.first == "many.mlx:1:5: error: expected name after 'let', found '='", "\(r)")
        #expect(lines.count < 100, "\(lines.count) lines")
        #expect(lines.suffix(2).first?.hasPrefix("… and ") == true, "\(r)")
        #expect(lines.last?.hasSuffix(" errors found; nothing was run") == true, "\(r)")
    }

    /// 18. `zeros([-1, 5])` said "a shape holds whole numbers" about a negative number.
    @Test func negativeShapeNamesTheSize() {
        expectRun("print(zeros([-1, 5]))\n", exit: 70,
                  firstLine: "hostile.mlx:1:7: error: a shape holds sizes of zero or more, found -1")
    }
}
