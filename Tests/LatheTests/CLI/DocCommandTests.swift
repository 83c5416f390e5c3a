// End-to-end tests of `lathe doc`: Markdown and HTML from `##` comments, signatures with
// named parameters and defaults, private functions left out, and `--check`.

import Foundation
import Testing

@Suite("lathe doc")
struct DocCommandTests {
    private func package(_ files: [String: String]) -> URL { makePackageFolder(files, name: "churn_features") }

    private func lathe(_ arguments: [String], in dir: URL) -> LatheResult { runLathe(arguments, in: dir) }

    private static let documented = [
        "encode.mlx": """
            # A plain comment is not documentation.

            ## Scales x into [0, 1] given its bounds.
            ## Values outside the bounds are clipped.
            fn scale(x, low: 0, high: 1) { return (x - low) / (high - low) }

            fn _helper(x) { return x }

            ## Joins two names with a separator, e.g. "a<b".
            fn pair(a, b, sep: "<") { return a + sep + b }
            """,
        "tests/encode_test.mlx": "fn test_undocumented_is_fine_here() { assert(true) }\n",
    ]

    @Test func writesMarkdownAndHTMLWithSignaturesAndDocs() throws {
        let dir = package(Self.documented)
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        let r = lathe(["doc"], in: dir)
        #expect(r.exitCode == 0, "\(r)")
        #expect(r.stdout == "wrote docs/churn_features.md and docs/churn_features.html (2 functions)\n", "\(r)")
        let markdown = try String(contentsOf: dir.appendingPathComponent("docs/churn_features.md"), encoding: .utf8)
        #expect(markdown.contains("## `churn_features/encode`"), "\(markdown)")
        #expect(markdown.contains("### `scale(x, low: 0, high: 1)`\n\nScales x into [0, 1] given its bounds.\nValues outside the bounds are clipped.\n"), "\(markdown)")
        #expect(markdown.contains("### `pair(a, b, sep: \"<\")`"), "\(markdown)")
        #expect(!markdown.contains("_helper") && !markdown.contains("plain comment") && !markdown.contains("test_"), "\(markdown)")
        let html = try String(contentsOf: dir.appendingPathComponent("docs/churn_features.html"), encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>"), "\(html)")
        #expect(html.contains("<code>pair(a, b, sep: &quot;&lt;&quot;)</code>"), "\(html)")
        #expect(!html.contains("<script") && !html.contains("<link"), "self-contained: \(html)")
    }

    @Test func checkPassesWhenEveryExportIsDocumentedAndFailsOtherwise() throws {
        let good = package(Self.documented)
        defer { try? FileManager.default.removeItem(at: good.deletingLastPathComponent()) }
        let passing = lathe(["doc", "--check"], in: good)
        #expect(passing.exitCode == 0, "\(passing)")
        #expect(passing.stdout == "2 of 2 exported functions documented\n", "\(passing)")
        #expect(!FileManager.default.fileExists(atPath: good.appendingPathComponent("docs").path), "--check writes nothing")

        let bad = package(["lib.mlx": "## Documented.\nfn a() { return 1 }\n\n# Not a doc line.\nfn b() { return 2 }\n"])
        defer { try? FileManager.default.removeItem(at: bad.deletingLastPathComponent()) }
        let failing = lathe(["doc", "--check"], in: bad)
        #expect(failing.exitCode == 1, "\(failing)")
        #expect(failing.stderr.contains("lib.mlx:5:1: error: exported function 'b' has no doc comment"), "\(failing)")
        #expect(failing.stdout == "1 of 2 exported functions documented\n", "\(failing)")
    }

    @Test func usesTheManifestNameAndReportsABrokenManifestWithItsPlace() throws {
        var files = Self.documented
        files["lathe.pkg"] = "{name: \"encoders\", version: \"0.1.0\"}\n"
        let named = package(files)
        defer { try? FileManager.default.removeItem(at: named.deletingLastPathComponent()) }
        let r = lathe(["doc"], in: named)
        #expect(r.exitCode == 0 && r.stdout.hasPrefix("wrote docs/encoders.md"), "\(r)")

        files["lathe.pkg"] = "{name: \"encoders\",\n version: \"1.0\"}\n"
        let broken = package(files)
        defer { try? FileManager.default.removeItem(at: broken.deletingLastPathComponent()) }
        let bad = lathe(["doc"], in: broken)
        #expect(bad.exitCode == 65, "\(bad)")
        #expect(bad.stderr.contains("lathe.pkg:2:11: error: version '1.0' is not MAJOR.MINOR.PATCH"), "\(bad)")
        #expect(bad.stderr.contains("hint: e.g. \"0.1.0\""), "\(bad)")
    }

    @Test func aMissingFolderIsExit66() {
        let dir = makeTemporaryDirectory(prefix: "lathe-doc-missing")
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        let r = lathe(["doc", "nowhere"], in: dir)
        #expect(r.exitCode == 66, "\(r)")
        #expect(r.stderr.contains("no such folder 'nowhere'"), "\(r)")
    }
}
