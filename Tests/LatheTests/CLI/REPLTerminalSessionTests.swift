// Issue 11 on a terminal: `lathe repl` under script(1), which gives it a pseudo-terminal.
// Each step waits for the text it expects on the screen rather than for a fixed time, so the
// tests do not depend on how fast the machine is.

import Foundation
import Testing

/// A `lathe repl` on a pseudo-terminal: keys in, screen text out.
final class TerminalREPL: @unchecked Sendable {
    static let script = "/usr/bin/script"
    let process = Process()
    let input = Pipe()
    let output = Pipe()
    private let lock = NSLock()
    private var screen = ""
    /// Where the last `waitFor` found its text; the next one looks after it.
    private var mark: String.Index?

    init(cwd: URL, home: URL) throws {
        process.executableURL = URL(fileURLWithPath: Self.script)
        process.arguments = ["-qfec", "\(LatheBinary.url.path) repl", "/dev/null"]
        process.currentDirectoryURL = cwd
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = home.path
        environment["NO_COLOR"] = "1"
        environment["LATHE_HOME"] = nil
        environment["TERM"] = "xterm"
        process.environment = environment
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        output.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, !data.isEmpty else { return }
            self.lock.lock()
            self.screen += String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\r", with: "")
            self.lock.unlock()
        }
        try process.run()
    }

    var text: String {
        lock.lock()
        defer { lock.unlock() }
        return screen
    }

    func type(_ keys: String) { input.fileHandleForWriting.write(Data(keys.utf8)) }

    /// Waits until `expected` appears after the previous match; false after `timeout` seconds.
    @discardableResult
    func waitFor(_ expected: String, timeout: Double = 30) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            lock.lock()
            let start = mark ?? screen.startIndex
            if let found = screen.range(of: expected, range: start..<screen.endIndex) {
                mark = found.upperBound
                lock.unlock()
                return true
            }
            lock.unlock()
            Thread.sleep(forTimeInterval: 0.05)
        }
        return false
    }

    /// Ctrl-D, then waits for the process to end.
    func close() -> String {
        type("\u{4}")
        let deadline = Date().addingTimeInterval(30)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning { process.terminate() }
        output.fileHandleForReading.readabilityHandler = nil
        return text
    }
}

@Suite("lathe repl on a terminal: completion, staleness, restore")
struct REPLTerminalSessionTests {
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: TerminalREPL.script)))
    func completionStalenessRerunAndRestore() throws {
        let dir = makeTemporaryDirectory(prefix: "lathe-repl-pty")
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent(".lathe"), withIntermediateDirectories: true)
        let setup = LatheBinary.run(arguments: ["repl"], stdin: """
            let data = make_classification(n: 40, seed: 1)
            register(train(forest(trees: 2, seed: 1), data), "churnmodel")

            """, environment: ["LATHE_HOME": nil, "NO_COLOR": "1"], cwd: dir)
        #expect(setup.exitCode == 0, "\(setup)")

        let first = try TerminalREPL(cwd: dir, home: dir)
        #expect(first.waitFor("restored 1 binding, 0 stale"), "\(first.text)")
        #expect(first.waitFor("lathe> "), "\(first.text)")
        // A builtin's named parameter inside its call; Ctrl-C drops the line.
        first.type("train(forest(), data, vali\t")
        // libedit redraws from the cursor: the screen shows the completed rest of the word.
        #expect(first.waitFor("dation: "), "\(first.text)")
        first.type("\u{3}")
        #expect(first.waitFor("lathe> "), "\(first.text)")
        // A registered model's name inside model(", with no space after it.
        first.type("let m = model(\"chu\t")
        #expect(first.waitFor("rnmodel"), "\(first.text)")
        first.type("\")\n")
        first.type("m.name\n")
        #expect(first.waitFor("\"churnmodel\"\n"), "\(first.text)")
        // Multi-line input.
        first.type("let xs = [1,\n")
        #expect(first.waitFor("...    "), "\(first.text)")
        first.type("2]\n")
        first.type("len(xs)\n")
        #expect(first.waitFor("2\n"), "\(first.text)")
        // Ctrl-C during a long loop keeps the session.
        first.type("var i = 0\n")
        first.type("while true { if i == 0 { print(\"looping\") }; i += 1 }\n")
        #expect(first.waitFor("looping\n"), "\(first.text)")
        first.type("\u{3}")
        #expect(first.waitFor("error: interrupted"), "\(first.text)")
        first.type("i > 0\n")
        #expect(first.waitFor("true\n"), "\(first.text)")
        // A cell with a side effect, for the restart below.
        first.type("let shown = 7\nprint(\"printed\" + \" once\")\n")
        #expect(first.waitFor("printed once\n"), "\(first.text)")
        // Redefining a name: the prompt counts the stale binding, :who says why, :rerun fixes it.
        first.type("let a = 1\nlet b = a + 1\nlet a = 10\n")
        #expect(first.waitFor("lathe [1 stale]> "), "\(first.text)")
        first.type(":who\n")
        #expect(first.waitFor("stale: 'a' was redefined"), "\(first.text)")
        first.type(":rerun b\n")
        #expect(first.waitFor("recomputed 'b' (1 cell run again)\nlathe> "), "\(first.text)")
        first.type("let c = b * 2\nlet a = 3\n")
        #expect(first.waitFor("lathe [2 stale]> "), "\(first.text)")
        let screen = first.close()
        #expect(!screen.contains("Traceback") && !screen.contains("fatal"), "\(screen)")

        // The next session restores the values without running their cells again.
        let second = try TerminalREPL(cwd: dir, home: dir)
        #expect(second.waitFor("stale (:who lists them"), "\(second.text)")
        #expect(second.waitFor("lathe [2 stale]> "), "\(second.text)")
        second.type("shown + len(xs)\n")
        #expect(second.waitFor("9\n"), "\(second.text)")
        second.type(":rerun c\n")
        #expect(second.waitFor("recomputed 'c' (2 cells run again)\nlathe> "), "\(second.text)")
        second.type("c\n")
        #expect(second.waitFor("8\n"), "\(second.text)")
        second.type(":save all.mlx\n")
        #expect(second.waitFor("saved "), "\(second.text)")
        let restarted = second.close()
        #expect(!restarted.contains("printed once"), "\(restarted)")

        // The history of both sessions is in the workspace's file (libedit escapes blanks).
        let history = try String(contentsOf: dir.appendingPathComponent(".lathe/repl_history"), encoding: .utf8)
        #expect(history.contains("model(\"churnmodel\")") && history.contains("shown") && history.contains(":save"), "\(history)")
        let script = try String(contentsOf: dir.appendingPathComponent("all.mlx"), encoding: .utf8)
        #expect(script.contains("let shown = 7") && !script.contains("printed"), "\(script)")
    }
}
