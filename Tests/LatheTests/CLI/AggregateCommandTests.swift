// Issue 13 part 1 end to end: `aggregate` through the built `lathe` binary, with the table it
// prints and the compile-time check of a misspelt key on a literal CSV.

import Foundation
import Testing

@Suite("aggregate through lathe run and lathe check")
struct AggregateCommandTests {
    /// Runs `lathe <arguments>` in a fresh folder holding `t.csv` and the given scripts.
    func lathe(_ arguments: [String], scripts: [String: String]) -> LatheResult {
        let dir = makeTemporaryDirectory(prefix: "lathe-aggregate")
        defer { try? FileManager.default.removeItem(at: dir) }
        try? "city,temp\nOslo,3\nRome,20\nOslo,5\n,7\n".write(to: dir.appendingPathComponent("t.csv"), atomically: true, encoding: .utf8)
        for (name, text) in scripts {
            try? text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let home = dir.appendingPathComponent(".lathe-home").path
        return LatheBinary.run(arguments: arguments, environment: ["LATHE_HOME": home, "NO_COLOR": "1"], cwd: dir)
    }

    @Test func printsOneRowPerGroupWithMissingKeysLast() {
        let script = "let t = dataset(\"t.csv\")\nprint(aggregate(t, by: \"city\", n: \"size\", avg: {mean: \"temp\"}))\n"
        let result = lathe(["run", "a.mlx"], scripts: ["a.mlx": script])
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.stdout == """
                 city      n      avg
               string  int64  float64
            0    Oslo      2      4.0
            1    Rome      1     20.0
            2    <NA>      1      7.0

            [3 rows x 3 columns]

            """, "\(result)")
    }

    @Test func aMisspeltKeyIsReportedBeforeRunning() {
        let script = "let t = dataset(\"t.csv\")\nprint(\"ran\")\nprint(aggregate(t, by: \"ctiy\", n: \"size\"))\n"
        let result = lathe(["check", "b.mlx"], scripts: ["b.mlx": script])
        #expect(result.exitCode == 65, "\(result)")
        #expect(result.stdout == "", "\(result)")
        #expect(result.stderr.contains("b.mlx:3:24: error: 't' has no column 'ctiy'"), "\(result)")
        #expect(result.stderr.contains("hint: did you mean 'city'?"), "\(result)")
    }
}
