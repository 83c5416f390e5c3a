// Issue 11, part 2 end to end: the prompt shows datasets, reports and charts through
// `ValueDisplay`, fitted to $COLUMNS, coloured only when stdout is a terminal and NO_COLOR
// is unset.

import Foundation
import Testing

@Suite("lathe repl: rich display")
struct REPLDisplayTests {
    static let script = "/usr/bin/script"

    func repl(_ input: String, environment: [String: String?] = [:]) -> LatheResult {
        let dir = makeTemporaryDirectory(prefix: "lathe-repl-display")
        defer { try? FileManager.default.removeItem(at: dir) }
        var environment = environment
        environment["LATHE_HOME"] = .some(nil)
        return LatheBinary.run(arguments: ["repl"], stdin: input, environment: environment, cwd: dir)
    }

    @Test func aDatasetAndAReportShowAsTablesThroughAPipe() {
        let result = repl("""
            let d = make_classification(n: 150, features: 4, seed: 1)
            d
            let parts = split(d, test: 0.3, seed: 1)
            evaluate(train(logistic(), parts.train), parts.test)
            histogram(d.x0, bins: 5)

            """, environment: ["NO_COLOR": nil, "COLUMNS": nil])
        #expect(result.exitCode == 0, "\(result)")
        let out = result.stdout
        #expect(out.contains("150 rows × 5 columns, target: target"), "\(out)")
        #expect(out.contains("\n…  "), "\(out)")
        #expect(out.contains("\n149 "), "\(out)")
        #expect(out.contains("report (binary)\npositive class: 1\n\nmetric "), "\(out)")
        #expect(out.contains("confusion (rows: truth, columns: predicted)"), "\(out)")
        #expect(out.contains("150 values in 5 bins"), "\(out)")
        #expect(!out.contains("\u{1B}["), "a pipe gets no colour: \(out)")
    }

    @Test func wideDatasetsFitColumns() {
        let result = repl("make_classification(n: 5, features: 12, seed: 1)\n", environment: ["COLUMNS": "50"])
        let lines = result.stdout.split(separator: "\n")
        #expect(!lines.isEmpty && lines.allSatisfy { $0.count <= 50 }, "\(result)")
        #expect(lines.first?.contains("…") == true && lines.first?.hasSuffix("target") == true, "\(result)")
    }

    /// stdout on a terminal (through `script`), stdin still a pipe: colour unless NO_COLOR.
    func onTerminal(_ input: String, noColor: String?) throws -> String {
        let dir = makeTemporaryDirectory(prefix: "lathe-repl-display-tty")
        defer { try? FileManager.default.removeItem(at: dir) }
        try input.write(to: dir.appendingPathComponent("input.txt"), atomically: true, encoding: .utf8)
        let command = "\(LatheBinary.url.path) repl < input.txt"
        return LatheBinary.run(executable: URL(fileURLWithPath: Self.script), arguments: ["-qfec", command, "/dev/null"],
                               environment: ["NO_COLOR": noColor, "LATHE_HOME": nil, "TERM": "xterm"], cwd: dir).stdout
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: REPLDisplayTests.script)))
    func colourOnlyOnATerminalWithoutNoColor() throws {
        let input = "make_classification(n: 40, features: 2, seed: 1)\n"
        let colored = try onTerminal(input, noColor: nil)
        #expect(colored.contains("\u{1B}[2m…\u{1B}[0m"), "\(colored)")
        #expect(colored.contains("\u{1B}[1m"), "\(colored)")
        let plain = try onTerminal(input, noColor: "1")
        #expect(plain.contains("40 rows × 3 columns"), "\(plain)")
        #expect(!plain.contains("\u{1B}[2m"), "\(plain)")
    }
}
