// The golden script runner: every `.mlx` under Tests/Scripts/ (recursively)
// and every examples/*.mlx runs through the real `lathe` binary, and its
// inline markers say what must happen.
//
//   print(1)          # expect: 1                  stdout lines, in order, exactly
//   let x = y         # expect error: unknown name 'y'            exit 65, diagnostic at this line
//   fail("boom")      # expect runtime error: boom                exit 70, headline at this line
//   # run-args: --set n=5                          extra arguments after the file
//   # run-env: LATHE_PATH=examples/libs            an environment variable for the run
//   # expect exit: 3                               override the expected exit code
//
// Without error markers a script must exit 0 with empty stderr. A sibling
// `NAME.stderr` pins stderr exactly; `LATHE_BLESS=1 swift test` rewrites it.
// Paths with a component starting with `_` are import-only modules and skipped.

import Foundation
import Testing

/// The markers found in one script.
struct ScriptExpectations {
    /// One entry per `# expect:` marker, in file order.
    var stdout: [String] = []
    /// `(line, message)` per `# expect error:` marker.
    var compileErrors: [(line: Int, message: String)] = []
    /// `(line, message)` per `# expect runtime error:` marker.
    var runtimeErrors: [(line: Int, message: String)] = []
    var runArgs: [String] = []
    /// `# run-env: NAME=VALUE` markers.
    var runEnvironment: [String: String] = [:]
    var exitOverride: Int32? = nil
    /// Markers the parser could not read (e.g. `# expect exit: x`).
    var problems: [String] = []

    var expectedExitCode: Int32 {
        if let exitOverride { return exitOverride }
        if !compileErrors.isEmpty { return 65 }
        if !runtimeErrors.isEmpty { return 70 }
        return 0
    }

    /// Reads the markers. A marker may sit anywhere on a line, after code.
    init(source: String) {
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, rawLine) in lines.enumerated() {
            let lineNumber = index + 1
            let line = String(rawLine)
            if let text = Self.marker("# expect runtime error:", in: line) {
                runtimeErrors.append((lineNumber, text))
            } else if let text = Self.marker("# expect error:", in: line) {
                compileErrors.append((lineNumber, text))
            } else if let text = Self.marker("# expect exit:", in: line) {
                if let code = Int32(text.trimmingCharacters(in: .whitespaces)) {
                    exitOverride = code
                } else {
                    problems.append("line \(lineNumber): '# expect exit:' needs an integer, got '\(text)'")
                }
            } else if let text = Self.marker("# expect:", in: line) {
                stdout.append(text)
            } else if let text = Self.marker("# run-env:", in: line), let equals = text.firstIndex(of: "=") {
                runEnvironment[String(text[..<equals])] = String(text[text.index(after: equals)...]).trimmingCharacters(in: .whitespaces)
            } else if let text = Self.marker("# run-args:", in: line) {
                runArgs += text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            }
        }
        if runtimeErrors.count > 1 {
            problems.append("a script can stop with at most one runtime error, found \(runtimeErrors.count) '# expect runtime error:' markers")
        }
    }

    /// The text after `marker` on `line` (one optional space skipped,
    /// trailing whitespace trimmed), or nil if the marker is absent.
    static func marker(_ marker: String, in line: String) -> String? {
        guard let range = line.range(of: marker) else { return nil }
        var rest = line[range.upperBound...]
        if rest.first == " " { rest = rest.dropFirst() }
        return trimTrailing(String(rest))
    }
}

func trimTrailing(_ text: String) -> String {
    var s = Substring(text)
    while let last = s.last, last.isWhitespace { s = s.dropLast() }
    return String(s)
}

/// Splits output into lines, dropping the empty piece after a final newline
/// and trimming each line's trailing whitespace.
func outputLines(_ text: String) -> [String] {
    if text.isEmpty { return [] }
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { trimTrailing(String($0)) }
    if text.hasSuffix("\n") { lines.removeLast() }
    return lines
}

/// True for a diagnostic headline: `path:line:col: error: message`.
func isErrorHeadline(_ line: String) -> Bool {
    line.range(of: #"^\S+:\d+:\d+: error: "#, options: .regularExpression) != nil
}

/// Checks one run against a script's markers; returns the failures (empty if it passed).
func checkScriptRun(
    path: String,
    expectations e: ScriptExpectations,
    result: LatheResult,
    goldenStderr: String?
) -> [String] {
    var failures = e.problems.map { "bad marker: \($0)" }
    if result.timedOut { failures.append("the run timed out") }

    if result.exitCode != e.expectedExitCode {
        failures.append("exit code: expected \(e.expectedExitCode), got \(result.exitCode)")
    }

    let actualOut = outputLines(result.stdout)
    if actualOut != e.stdout {
        var text = "stdout differs from the '# expect:' lines"
        if let i = zip(actualOut, e.stdout).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset {
            text += " (first difference at output line \(i + 1): expected \(quoted(e.stdout[i])), got \(quoted(actualOut[i])))"
        } else if actualOut.count < e.stdout.count {
            text += " (missing output from line \(actualOut.count + 1): expected \(quoted(e.stdout[actualOut.count])))"
        } else {
            text += " (unexpected extra output at line \(e.stdout.count + 1): \(quoted(actualOut[e.stdout.count])))"
        }
        text += "\n  expected:\n" + block(e.stdout) + "\n  actual:\n" + block(actualOut)
        failures.append(text)
    }

    let errLines = outputLines(result.stderr)
    for (line, message) in e.compileErrors {
        let prefix = "\(path):\(line):"
        if !errLines.contains(where: { $0.hasPrefix(prefix) && $0.contains("error: \(message)") }) {
            failures.append("missing compile error at line \(line): expected a stderr line starting with '\(prefix)' containing 'error: \(message)'")
        }
    }
    for (line, message) in e.runtimeErrors {
        let pattern = "^" + NSRegularExpression.escapedPattern(for: "\(path):\(line):") + #"\d+: error: "#
            + NSRegularExpression.escapedPattern(for: message) + "$"
        if !errLines.contains(where: { $0.range(of: pattern, options: .regularExpression) != nil }) {
            failures.append("missing runtime error at line \(line): expected a stderr line '\(path):\(line):<col>: error: \(message)'")
        }
    }
    let expectedHeadlines = e.compileErrors.count + e.runtimeErrors.count
    if expectedHeadlines > 0 {
        let headlines = errLines.filter(isErrorHeadline)
        if headlines.count != expectedHeadlines {
            failures.append("expected \(expectedHeadlines) error diagnostic(s), stderr has \(headlines.count):\n" + block(headlines))
        }
    }

    if let goldenStderr {
        if result.stderr != goldenStderr {
            failures.append("stderr differs from the golden .stderr file (LATHE_BLESS=1 rewrites it)\n  expected:\n"
                + block(outputLines(goldenStderr)) + "\n  actual:\n" + block(outputLines(result.stderr)))
        }
    } else if expectedHeadlines == 0 && !result.stderr.isEmpty {
        failures.append("expected empty stderr")
    }
    return failures
}

private func quoted(_ s: String) -> String { "\"\(s)\"" }
private func block(_ lines: [String]) -> String {
    lines.isEmpty ? "    (nothing)" : lines.map { "    | \($0)" }.joined(separator: "\n")
}

/// Every script the runner runs, as paths relative to the package root, sorted.
enum GoldenScripts {
    static let all: [String] = discover(root: LatheBinary.packageRoot)

    static func discover(root: URL) -> [String] {
        let fm = FileManager.default
        var found: [String] = []
        let scripts = root.appendingPathComponent("Tests/Scripts")
        if let walker = fm.enumerator(atPath: scripts.path) {
            while let relative = walker.nextObject() as? String {
                if relative.hasSuffix(".mlx") { found.append("Tests/Scripts/" + relative) }
            }
        }
        let examples = root.appendingPathComponent("examples")
        for name in (try? fm.contentsOfDirectory(atPath: examples.path)) ?? [] where name.hasSuffix(".mlx") {
            found.append("examples/" + name)
        }
        return found
            .filter { path in !path.split(separator: "/").contains(where: { $0.hasPrefix("_") }) }
            .sorted()
    }
}

@Suite("Golden scripts")
struct ScriptRunnerTests {
    @Test("script", arguments: GoldenScripts.all)
    func script(_ path: String) throws {
        let root = LatheBinary.packageRoot
        let file = root.appendingPathComponent(path)
        let source = try String(contentsOf: file, encoding: .utf8)
        let expectations = ScriptExpectations(source: source)

        // Each script gets its own store, so registry versions and session
        // state never leak between scripts or from the developer's machine.
        let home = makeTemporaryDirectory(prefix: "lathe-script-home")
        defer { try? FileManager.default.removeItem(at: home) }
        var environment: [String: String?] = expectations.runEnvironment.mapValues { $0 }
        environment["LATHE_HOME"] = home.path
        let result = LatheBinary.run(arguments: ["run", path] + expectations.runArgs, environment: environment)

        let goldenURL = file.deletingPathExtension().appendingPathExtension("stderr")
        var golden = try? String(contentsOf: goldenURL, encoding: .utf8)
        if golden != nil, ProcessInfo.processInfo.environment["LATHE_BLESS"] == "1" {
            try result.stderr.write(to: goldenURL, atomically: true, encoding: .utf8)
            golden = result.stderr
        }

        let failures = checkScriptRun(path: path, expectations: expectations, result: result, goldenStderr: golden)
        if !failures.isEmpty {
            let command = (["lathe", "run", path] + expectations.runArgs).joined(separator: " ")
            Issue.record(Comment(rawValue:
                "\(path): \(failures.count) problem(s)\n"
                + failures.map { "- \($0)" }.joined(separator: "\n")
                + "\n\n$ \(command)\n\(result)"))
        }
    }
}

/// The runner's own logic, checked without the binary.
@Suite("Golden script markers")
struct ScriptMarkerTests {
    @Test func readsEveryMarkerKind() {
        let e = ScriptExpectations(source: """
            # run-args: --set n=5  --set name=x
            print(1)  # expect: 1
            print("a  ")   # expect: a
            # expect:
            let y = z  # expect error: unknown name 'z'
            fail("boom")  # expect runtime error: boom
            # expect exit: 3
            """)
        #expect(e.runArgs == ["--set", "n=5", "--set", "name=x"])
        #expect(e.stdout == ["1", "a", ""])
        #expect(e.compileErrors.map(\.line) == [5])
        #expect(e.compileErrors.map(\.message) == ["unknown name 'z'"])
        #expect(e.runtimeErrors.map(\.line) == [6])
        #expect(e.runtimeErrors.map(\.message) == ["boom"])
        #expect(e.expectedExitCode == 3)
        #expect(e.problems.isEmpty)
    }

    @Test func defaultExitCodes() {
        #expect(ScriptExpectations(source: "print(1) # expect: 1").expectedExitCode == 0)
        #expect(ScriptExpectations(source: "x # expect error: e").expectedExitCode == 65)
        #expect(ScriptExpectations(source: "x # expect runtime error: e").expectedExitCode == 70)
        #expect(!ScriptExpectations(source: "# expect exit: x").problems.isEmpty)
    }

    @Test func splitsOutputLines() {
        #expect(outputLines("") == [])
        #expect(outputLines("a\n") == ["a"])
        #expect(outputLines("a  \nb") == ["a", "b"])
        #expect(outputLines("\n") == [""])
    }

    @Test func compileErrorsNeedLineAndCount() {
        let e = ScriptExpectations(source: "let a = 1\nlet b = c  # expect error: unknown name 'c'")
        let good = LatheResult(
            exitCode: 65, stdout: "",
            stderr: "t.mlx:2:9: error: unknown name 'c'\n  |\n2 | let b = c\n  |         ^\n",
            signal: nil, timedOut: false)
        #expect(checkScriptRun(path: "t.mlx", expectations: e, result: good, goldenStderr: nil).isEmpty)

        var wrongLine = good
        wrongLine.stderr = "t.mlx:1:9: error: unknown name 'c'\n"
        #expect(checkScriptRun(path: "t.mlx", expectations: e, result: wrongLine, goldenStderr: nil).count == 1)

        var extra = good
        extra.stderr += "t.mlx:1:1: error: something else\n"
        #expect(checkScriptRun(path: "t.mlx", expectations: e, result: extra, goldenStderr: nil).count == 1)

        var wrongCode = good
        wrongCode.exitCode = 70
        #expect(checkScriptRun(path: "t.mlx", expectations: e, result: wrongCode, goldenStderr: nil).count == 1)
    }

    @Test func runtimeErrorHeadlineIsExact() {
        let e = ScriptExpectations(source: "print(1) # expect: 1\nfail(\"boom\") # expect runtime error: boom")
        let good = LatheResult(
            exitCode: 70, stdout: "1\n",
            stderr: "t.mlx:2:1: error: boom\n  |\n2 | fail(\"boom\")\n  | ^\n  at <script> (t.mlx:2)\n",
            signal: nil, timedOut: false)
        #expect(checkScriptRun(path: "t.mlx", expectations: e, result: good, goldenStderr: nil).isEmpty)
        var longer = good
        longer.stderr = "t.mlx:2:1: error: boom and more\n"
        #expect(!checkScriptRun(path: "t.mlx", expectations: e, result: longer, goldenStderr: nil).isEmpty)
    }

    @Test func cleanRunsNeedEmptyStderrUnlessGolden() {
        let e = ScriptExpectations(source: "print(1) # expect: 1")
        let noisy = LatheResult(exitCode: 0, stdout: "1\n", stderr: "warning\n", signal: nil, timedOut: false)
        #expect(checkScriptRun(path: "t.mlx", expectations: e, result: noisy, goldenStderr: nil).count == 1)
        #expect(checkScriptRun(path: "t.mlx", expectations: e, result: noisy, goldenStderr: "warning\n").isEmpty)
        #expect(checkScriptRun(path: "t.mlx", expectations: e, result: noisy, goldenStderr: "other\n").count == 1)
    }

    @Test func skipsImportOnlyModules() throws {
        let root = makeTemporaryDirectory(prefix: "lathe-discover")
        defer { try? FileManager.default.removeItem(at: root) }
        let fm = FileManager.default
        for path in ["Tests/Scripts/b/two.mlx", "Tests/Scripts/a/one.mlx", "Tests/Scripts/a/_lib/mod.mlx",
                     "Tests/Scripts/_mod.mlx", "Tests/Scripts/a/notes.txt", "examples/tour.mlx",
                     "examples/_shared.mlx", "examples/lib/deep.mlx"] {
            let url = root.appendingPathComponent(path)
            try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try "".write(to: url, atomically: true, encoding: .utf8)
        }
        #expect(GoldenScripts.discover(root: root) == ["Tests/Scripts/a/one.mlx", "Tests/Scripts/b/two.mlx", "examples/tour.mlx"])
    }
}
