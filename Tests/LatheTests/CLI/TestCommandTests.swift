// End-to-end tests of `lathe test`: discovery, the per-test report, the summary line,
// skip, --filter, assertion messages with both sides, and exit codes.

import Foundation
import Testing

@Suite("lathe test")
struct TestCommandTests {
    private func package(_ files: [String: String]) -> URL { makePackageFolder(files, name: "package") }

    private func lathe(_ arguments: [String], in dir: URL) -> LatheResult { runLathe(arguments, in: dir) }

    private static let sample = [
        "tests/a_test.mlx": """
            fn test_passes() { assert(1 + 1 == 2) }
            fn test_fails() {
              let total = 1 + 1
              assert(total == 3)
            }
            fn test_skipped() { skip("needs a GPU") }
            fn helper() { return 1 }
            """,
        "tests/b_whole.mlx": "let xs = [1, 2]\nassert(len(xs) == 2)\n",
        "notes.mlx": "fail(\"not a test file\")\n",
    ]

    @Test func reportsEachTestThenTheSummaryAndExitsOneOnAFailure() throws {
        let dir = package(Self.sample)
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        let r = lathe(["test"], in: dir)
        #expect(r.exitCode == 1, "\(r)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("PASS  tests/a_test.mlx::test_passes  (") == true, "\(r)")
        #expect(lines.contains { $0.hasPrefix("FAIL  tests/a_test.mlx::test_fails  (") }, "\(r)")
        #expect(lines.contains("SKIP  tests/a_test.mlx::test_skipped  (needs a GPU)"), "\(r)")
        #expect(lines.contains { $0.hasPrefix("PASS  tests/b_whole.mlx  (") }, "\(r)")
        #expect(!r.stdout.contains("helper") && !r.stdout.contains("notes.mlx"), "\(r)")
        #expect(r.stdout.contains("error: assertion failed\n"), "\(r)")
        #expect(r.stdout.contains("hint: found 2 == 3\n"), "both sides of the failing comparison: \(r)")
        #expect(lines.last == "2 passed, 1 failed, 1 skipped", "\(r)")
    }

    @Test func filterRunsTheMatchingTestsOnly() throws {
        let dir = package(Self.sample)
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        let r = lathe(["test", "--filter", "passes"], in: dir)
        #expect(r.exitCode == 0, "\(r)")
        #expect(r.stdout.split(separator: "\n").map(String.init).last == "1 passed, 0 failed", "\(r)")
        #expect(!r.stdout.contains("test_fails"), "\(r)")
    }

    @Test func aNamedFileRunsAloneAndAllPassingExitsZero() throws {
        let dir = package(Self.sample)
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        let r = lathe(["test", "tests/b_whole.mlx"], in: dir)
        #expect(r.exitCode == 0, "\(r)")
        #expect(r.stdout.hasSuffix("1 passed, 0 failed\n"), "\(r)")
    }

    @Test func aCompileErrorFailsTheFileAndAMissingPathIsExit66() throws {
        let dir = package(["tests/broken_test.mlx": "fn test_x() { return nope }\n"])
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        let broken = lathe(["test"], in: dir)
        #expect(broken.exitCode == 1, "\(broken)")
        #expect(broken.stdout.contains("FAIL  tests/broken_test.mlx"), "\(broken)")
        #expect(broken.stderr.contains("nope"), "\(broken)")
        let missing = lathe(["test", "elsewhere"], in: dir)
        #expect(missing.exitCode == 66, "\(missing)")
        #expect(missing.stderr.contains("no such file or folder 'elsewhere'"), "\(missing)")
        let empty = package(["README.md": "no tests\n"])
        defer { try? FileManager.default.removeItem(at: empty.deletingLastPathComponent()) }
        let none = lathe(["test"], in: empty)
        #expect(none.exitCode == 66, "\(none)")
        #expect(none.stderr.contains("no test files"), "\(none)")
    }
}
