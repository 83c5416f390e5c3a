import Foundation
import Testing
@testable import Frontend

@Suite("Package manifest (lathe.pkg)")
struct PackageManifestTests {
    @Test func readsEveryFieldAndBothKindsOfDependency() throws {
        let manifest = try PackageManifest.parse("""
            # churn features
            {
              name: "churn_features",
              version: "1.2.3",
              description: "Feature encoders",
              exports: ["encode", "dates"],
              dependencies: {
                stats: {git: "file:///srv/stats.git", tag: "v1.0.0"},
                pinned: {git: "file:///srv/p.git", commit: "0123abc"},
                helpers: {path: "../helpers"},
              },
            }
            """, path: "lathe.pkg")
        #expect(manifest.name == "churn_features")
        #expect(manifest.version == SemanticVersion("1.2.3"))
        #expect(manifest.description == "Feature encoders")
        #expect(manifest.exports == ["encode", "dates"])
        #expect(manifest.dependencies == [
            .init(name: "stats", source: .git(url: "file:///srv/stats.git", tag: "v1.0.0", commit: nil)),
            .init(name: "pinned", source: .git(url: "file:///srv/p.git", tag: nil, commit: "0123abc")),
            .init(name: "helpers", source: .path("../helpers")),
        ])
    }

    @Test(arguments: [
        ("{name: \"x\"}", "the manifest has no version", 1),
        ("{name: \"x\", version: \"1.2\"}", "version '1.2' is not MAJOR.MINOR.PATCH", 1),
        ("{name: \"X-1\", version: \"1.0.0\"}", "package name 'X-1' is not a lower-case identifier", 1),
        ("{name: \"x\", version: \"1.0.0\",\n licence: \"MIT\"}", "unknown manifest field 'licence'", 2),
        ("{name: \"x\", version: \"1.0.0\", dependencies: {a: {git: \"u\"}}}", "dependency 'a' needs either path, or git with exactly one of tag and commit", 1),
        ("{name: \"x\", version: \"1.0.0\", dependencies: {a: {git: \"u\", tag: \"v1\", commit: \"c\"}}}", "dependency 'a' needs either path, or git with exactly one of tag and commit", 1),
        ("{name: \"x\", version: \"1.0.0\", description: \"${1}\"}", "description must be a plain string (no ${…})", 1),
        ("{name: \"x\", version: 1}", "version must be a string", 1),
        ("let a = 1", "a manifest is one record literal", 1),
        ("{name: \"x\", version: \"1.0.0\"", "expected '}'", 1),
    ])
    func refusesBadManifestsWithTheirPlace(_ text: String, _ message: String, _ line: Int) {
        do {
            _ = try PackageManifest.parse(text, path: "lathe.pkg")
            Issue.record("expected an error for \(text)")
        } catch let problem as PackageManifest.Problem {
            #expect(problem.message.contains(message), "\(problem)")
            #expect(problem.line == line, "\(problem)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func versionsOrderAsSemverReleases() {
        let versions = ["1.10.0", "1.2.3", "0.9.9", "1.2.10"].compactMap(SemanticVersion.init).sorted().map(\.description)
        #expect(versions == ["0.9.9", "1.2.3", "1.2.10", "1.10.0"])
        #expect(SemanticVersion("1.2.3.4") == nil && SemanticVersion("v1.2.3") == nil && SemanticVersion("1..3") == nil)
    }

    @Test func newScaffoldsAPackageWhoseTestsAndDocsPassAndRefusesBadNames() throws {
        let parent = makeTemporaryDirectory(prefix: "lathe-new")
        defer { try? FileManager.default.removeItem(at: parent) }
        let made = runLathe(["new", "churn_features"], in: parent)
        #expect(made.exitCode == 0, "\(made)")
        #expect(made.stdout.contains("created churn_features/lathe.pkg\n"), "\(made)")
        let manifest = try PackageManifest.load(folder: parent.appendingPathComponent("churn_features").path)
        #expect(manifest.name == "churn_features" && manifest.exports == ["churn_features"])
        let tests = runLathe(["test", "churn_features"], in: parent)
        #expect(tests.exitCode == 0 && tests.stdout.hasSuffix("1 passed, 0 failed\n"), "\(tests)")
        let docs = runLathe(["doc", "--check", "churn_features"], in: parent)
        #expect(docs.exitCode == 0, "\(docs)")
        let script = runLathe(["new", "--script", "project"], in: parent)
        #expect(script.exitCode == 0, "\(script)")
        let run = runLathe(["run", "project/main.mlx"], in: parent)
        #expect(run.stdout == "hello from project\n", "\(run)")
        let again = runLathe(["new", "churn_features"], in: parent)
        #expect(again.exitCode == 64 && again.stderr.contains("'churn_features' already exists"), "\(again)")
        let bad = runLathe(["new", "Churn-Features"], in: parent)
        #expect(bad.exitCode == 64 && bad.stderr.contains("is not a package name"), "\(bad)")
    }
}
