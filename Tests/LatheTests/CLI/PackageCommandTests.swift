// End-to-end tests of `lathe install`, `add`, `update` and `packages` against local bare git
// repositories (file:// URLs, no network): imports by package name, the lockfile, the tamper
// check on every load (exit 65), --frozen, offline use, and the example that uses a library.

import Foundation
import Testing

/// A scratch folder with bare git repositories and a project that depends on them.
private final class PackageWorld {
    let root = makeTemporaryDirectory(prefix: "lathe-packages")
    var project: URL { root.appendingPathComponent("app") }

    init(dependencies: String = "{}") {
        write("app/lathe.pkg", "# the app\n{\n  name: \"app\",\n  version: \"0.1.0\",\n  dependencies: \(dependencies),\n}\n")
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    func write(_ path: String, _ text: String) {
        let url = root.appendingPathComponent(path)
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? text.write(to: url, atomically: true, encoding: .utf8)
    }

    func read(_ path: String) -> String { (try? String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)) ?? "" }

    func url(_ name: String) -> String { "file://" + root.appendingPathComponent("git/\(name).git").path }

    @discardableResult
    func git(_ arguments: [String], in folder: URL) -> LatheResult {
        let result = LatheBinary.run(
            executable: URL(fileURLWithPath: "/usr/bin/env"),
            arguments: ["git", "-c", "user.name=lathe", "-c", "user.email=lathe@example.invalid", "-c", "init.defaultBranch=main"] + arguments,
            cwd: folder)
        #expect(result.exitCode == 0, "git \(arguments): \(result)")
        return result
    }

    /// Publishes package `name` at `version` (tag vVERSION) with `files`, plus its manifest.
    func publish(_ name: String, _ version: String, exports: [String] = ["main"], dependencies: String = "{}", files: [String: String] = [:]) {
        let work = root.appendingPathComponent("src/\(name)")
        let bare = root.appendingPathComponent("git/\(name).git")
        if !FileManager.default.fileExists(atPath: bare.path) {
            try? FileManager.default.createDirectory(at: bare, withIntermediateDirectories: true)
            git(["init", "--quiet", "--bare", bare.path], in: root)
            try? FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
            git(["init", "--quiet"], in: work)
        }
        let list = exports.map { "\"\($0)\"" }.joined(separator: ", ")
        write("src/\(name)/lathe.pkg", "{name: \"\(name)\", version: \"\(version)\", exports: [\(list)], dependencies: \(dependencies)}\n")
        var all = files
        if all.isEmpty { all["main.mlx"] = "## Which version this is.\nfn version() { return \"\(name) \(version)\" }\n" }
        for (path, text) in all { write("src/\(name)/\(path)", text) }
        git(["add", "-A"], in: work)
        git(["commit", "--quiet", "-m", "\(name) \(version)"], in: work)
        git(["tag", "v\(version)"], in: work)
        git(["push", "--quiet", bare.path, "main", "v\(version)"], in: work)
    }

    func lathe(_ arguments: [String]) -> LatheResult { runLathe(arguments, in: project) }
}

@Suite("lathe install, add, update, packages", .serialized)
struct PackageCommandTests {
    @Test func addInstallsAndAScriptImportsThePackageByName() throws {
        let world = PackageWorld()
        world.publish("features", "0.1.0", exports: ["encode"], files: ["encode.mlx": "## Doubles x.\nfn double(x) { return 2 * x }\n"])
        let add = world.lathe(["add", world.url("features")])
        #expect(add.exitCode == 0, "\(add)")
        #expect(add.stdout.contains("added features 0.1.0 (tag v0.1.0 of \(world.url("features")))"), "\(add)")
        #expect(world.read("app/lathe.pkg").hasPrefix("# the app\n"), "the edit keeps the comment: \(add)")
        #expect(world.read("app/lathe.pkg").contains("features: {git: \"\(world.url("features"))\", tag: \"v0.1.0\"}"))
        let lock = world.read("app/lathe.lock")
        #expect(lock.contains("{name: \"features\", version: \"0.1.0\", git: \"\(world.url("features"))\", tag: \"v0.1.0\", commit: \""), "\(lock)")
        #expect(lock.contains("hash: \"sha256:"), "\(lock)")
        #expect(FileManager.default.fileExists(atPath: world.project.appendingPathComponent(".lathe/packages/features@0.1.0/encode.mlx").path))

        world.write("app/main.mlx", "import \"features/encode\" as encode\nprint(encode.double(21))\n")
        let run = world.lathe(["run", "main.mlx"])
        #expect(run.exitCode == 0 && run.stdout == "42\n", "\(run)")

        // The lockfile is deterministic: installing again changes nothing and calls no git.
        let again = world.lathe(["install"])
        #expect(again.exitCode == 0 && again.stdout == "lathe.lock is up to date: 1 package verified\n", "\(again)")
        #expect(world.read("app/lathe.lock") == lock)
    }

    @Test func theREPLImportsPackagesOfTheProjectItRunsIn() throws {
        let world = PackageWorld()
        world.publish("features", "0.1.0")
        #expect(world.lathe(["add", world.url("features")]).exitCode == 0)
        let r = LatheBinary.run(arguments: ["repl"], stdin: "import \"features/main\" as f\nprint(f.version())\n",
                                environment: ["LATHE_HOME": world.root.appendingPathComponent("home").path], cwd: world.project)
        #expect(r.exitCode == 0 && r.stdout.contains("features 0.1.0"), "\(r)")
    }

    @Test func aDiamondIsResolvedAndPrintedAsATree() throws {
        let world = PackageWorld()
        world.publish("stats", "1.1.0")
        world.publish("stats", "1.3.0")
        world.publish("stats", "1.4.0")
        world.publish("left", "1.0.0", dependencies: "{stats: {git: \"\(world.url("stats"))\", tag: \"v1.1.0\"}}")
        world.publish("right", "2.0.0", dependencies: "{stats: {git: \"\(world.url("stats"))\", tag: \"v1.3.0\"}}")
        #expect(world.lathe(["add", world.url("left") + "@1.0.0"]).exitCode == 0)
        let add = world.lathe(["add", world.url("right") + "@v2.0.0"])
        #expect(add.exitCode == 0, "\(add)")
        let tree = world.lathe(["packages"])
        #expect(tree.exitCode == 0, "\(tree)")
        #expect(tree.stdout.hasPrefix("app 0.1.0\n"), "\(tree)")
        #expect(tree.stdout.contains("├── left 1.0.0  tag v1.0.0 of"), "\(tree)")
        #expect(tree.stdout.contains("│   └── stats 1.3.0  tag v1.3.0 of"), "MVS picks the highest required, not the newest: \(tree)")
        #expect(tree.stdout.contains("└── right 2.0.0  tag v2.0.0 of"), "\(tree)")
        #expect(tree.stdout.contains("    └── stats 1.3.0  tag v1.3.0 of") && tree.stdout.contains(" (*)\n"), "\(tree)")
        world.write("app/main.mlx", "import \"stats/main\" as s\nprint(s.version())\n")
        let run = world.lathe(["run", "main.mlx"])
        #expect(run.stdout == "stats 1.3.0\n", "\(run)")
    }

    @Test func aMajorVersionConflictNamesBothRequirersAndLeavesTheManifestAlone() throws {
        let world = PackageWorld()
        world.publish("stats", "1.1.0")
        world.publish("stats", "2.0.0")
        world.publish("left", "1.0.0", dependencies: "{stats: {git: \"\(world.url("stats"))\", tag: \"v1.1.0\"}}")
        world.publish("right", "1.0.0", dependencies: "{stats: {git: \"\(world.url("stats"))\", tag: \"v2.0.0\"}}")
        #expect(world.lathe(["add", world.url("left")]).exitCode == 0)
        let before = world.read("app/lathe.pkg")
        let add = world.lathe(["add", world.url("right")])
        #expect(add.exitCode == 65, "\(add)")
        #expect(add.stderr.contains("error: conflicting major versions of package 'stats': left@1.0.0 requires 1.1.0"), "\(add)")
        #expect(add.stderr.contains("but right@1.0.0 requires 2.0.0 (tag v2.0.0 of"), "\(add)")
        #expect(world.read("app/lathe.pkg") == before)
    }

    @Test func aTamperedPackageIsExit65NamingBothHashesUntilInstallRestoresIt() throws {
        let world = PackageWorld()
        world.publish("features", "0.1.0")
        #expect(world.lathe(["add", world.url("features")]).exitCode == 0)
        world.write("app/main.mlx", "import \"features/main\" as f\nprint(f.version())\n")
        let locked = try #require(world.read("app/lathe.lock").components(separatedBy: "hash: \"").dropFirst().first?.prefix(71))
        world.write("app/.lathe/packages/features@0.1.0/main.mlx", "fn version() { return \"evil\" }\n")
        for command in ["run", "check"] {
            let r = world.lathe([command, "main.mlx"])
            #expect(r.exitCode == 65, "\(r)")
            #expect(r.stderr.contains("package 'features' 0.1.0 does not match lathe.lock: its files hash to sha256:"), "\(r)")
            #expect(r.stderr.contains("the lock records \(locked)"), "\(r)")
            #expect(!r.stdout.contains("evil"), "\(r)")
        }
        let frozen = world.lathe(["install", "--frozen"])
        #expect(frozen.exitCode == 0, "the lock itself is unchanged: \(frozen)")
        #expect(world.lathe(["run", "main.mlx"]).stdout == "features 0.1.0\n")
    }

    @Test func frozenFailsWhenTheLockfileWouldChange() throws {
        let world = PackageWorld()
        world.publish("features", "0.1.0")
        world.publish("other", "1.0.0")
        let none = world.lathe(["install", "--frozen"])
        #expect(none.exitCode == 65 && none.stderr.contains("no lathe.lock yet"), "\(none)")
        #expect(world.lathe(["add", world.url("features")]).exitCode == 0)
        let manifest = world.read("app/lathe.pkg")
        world.write("app/lathe.pkg", manifest.replacingOccurrences(of: "  },\n}", with: "    other: {git: \"\(world.url("other"))\", tag: \"v1.0.0\"},\n  },\n}"))
        let lock = world.read("app/lathe.lock")
        let r = world.lathe(["install", "--frozen"])
        #expect(r.exitCode == 65, "\(r)")
        #expect(r.stderr.contains("error: lathe.lock would change, and --frozen forbids that:") && r.stderr.contains("+ other 1.0.0"), "\(r)")
        #expect(world.read("app/lathe.lock") == lock)
        #expect(!FileManager.default.fileExists(atPath: world.project.appendingPathComponent(".lathe/packages/other@1.0.0").path))
        world.write("app/main.mlx", "import \"other/main\" as o\n")
        let check = world.lathe(["check", "main.mlx"])
        #expect(check.exitCode == 65 && check.stderr.contains("package 'other' is in lathe.pkg but not installed"), "\(check)")
        #expect(world.lathe(["install"]).exitCode == 0)
        #expect(world.lathe(["install", "--frozen"]).exitCode == 0)
    }

    @Test func anInstalledProjectWorksOfflineWithoutItsRepositories() throws {
        let world = PackageWorld()
        world.publish("features", "0.1.0")
        #expect(world.lathe(["add", world.url("features")]).exitCode == 0)
        try FileManager.default.removeItem(at: world.root.appendingPathComponent("git"))
        world.write("app/main.mlx", "import \"features/main\" as f\nprint(f.version())\n")
        let install = world.lathe(["install", "--frozen"])
        #expect(install.exitCode == 0 && !install.stdout.contains("fetching"), "\(install)")
        #expect(world.lathe(["run", "main.mlx"]).stdout == "features 0.1.0\n")
        #expect(world.lathe(["packages"]).exitCode == 0)
        // With the repository gone, a real fetch fails with 69, not a crash or a silent success.
        try FileManager.default.removeItem(at: world.project.appendingPathComponent(".lathe"))
        let refetch = world.lathe(["install"])
        #expect(refetch.exitCode == 69 && refetch.stderr.contains("cannot fetch package 'features'"), "\(refetch)")
    }

    @Test func updateMovesToTheNewestTagOfTheSameMajorVersion() throws {
        let world = PackageWorld()
        world.publish("features", "0.1.0")
        #expect(world.lathe(["add", world.url("features")]).exitCode == 0)
        world.publish("features", "0.2.0")
        world.publish("features", "1.0.0")
        let r = world.lathe(["update", "features"])
        #expect(r.exitCode == 0, "\(r)")
        #expect(r.stdout.contains("features: v0.1.0 -> v0.2.0"), "\(r)")
        #expect(world.read("app/lathe.pkg").contains("tag: \"v0.2.0\""))
        #expect(world.read("app/lathe.lock").contains("version: \"0.2.0\""))
        #expect(!FileManager.default.fileExists(atPath: world.project.appendingPathComponent(".lathe/packages/features@0.1.0").path))
        let again = world.lathe(["update"])
        #expect(again.stdout.contains("features: v0.2.0 is the newest 0.x tag"), "\(again)")
        let unknown = world.lathe(["update", "featurs"])
        #expect(unknown.exitCode == 64 && unknown.stderr.contains("did you mean 'features'?"), "\(unknown)")
    }

    @Test func aCommitPinIsLockedWithTheFullCommit() throws {
        let world = PackageWorld()
        world.publish("features", "0.1.0")
        let commit = world.git(["rev-parse", "HEAD"], in: world.root.appendingPathComponent("src/features")).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        world.publish("features", "0.2.0")
        let add = world.lathe(["add", world.url("features") + "@" + commit.prefix(10)])
        #expect(add.exitCode == 0, "\(add)")
        #expect(world.read("app/lathe.pkg").contains("commit: \"\(commit.prefix(10))\""))
        let lock = world.read("app/lathe.lock")
        #expect(lock.contains("version: \"0.1.0\", git: \"\(world.url("features"))\", pinned: \"\(commit.prefix(10))\", commit: \"\(commit)\""), "\(lock)")
        #expect(world.lathe(["install", "--frozen"]).exitCode == 0)
        let update = world.lathe(["update"])
        #expect(update.stdout.contains("features: pinned to commit"), "\(update)")
    }

    @Test func pathDependenciesAreCopiedAndReinstalledWhenTheirFilesChange() throws {
        let world = PackageWorld()
        world.write("libs/helpers/lathe.pkg", "{name: \"helpers\", version: \"0.3.0\", exports: [\"h\"]}\n")
        world.write("libs/helpers/h.mlx", "fn answer() { return 41 }\n")
        let add = world.lathe(["add", "../libs/helpers"])
        #expect(add.exitCode == 0, "\(add)")
        #expect(world.read("app/lathe.pkg").contains("helpers: {path: \"../libs/helpers\"}"))
        world.write("app/main.mlx", "import \"helpers/h\" as h\nprint(h.answer())\n")
        #expect(world.lathe(["run", "main.mlx"]).stdout == "41\n")
        world.write("libs/helpers/h.mlx", "fn answer() { return 42 }\n")
        #expect(world.lathe(["install", "--frozen"]).exitCode == 65, "the source changed, so the lock would")
        #expect(world.lathe(["install"]).exitCode == 0)
        #expect(world.lathe(["run", "main.mlx"]).stdout == "42\n")
    }

    @Test func theCheckerSuggestsPackagesAndExportedModules() throws {
        let world = PackageWorld()
        world.publish("features", "0.1.0", exports: ["encode"], files: ["encode.mlx": "fn f() { return 1 }\n", "internal.mlx": "fn g() { return 2 }\n"])
        #expect(world.lathe(["add", world.url("features")]).exitCode == 0)
        world.write("app/main.mlx", "import \"featurs/encode\" as a\nimport \"features/encod\" as b\nimport \"features/internal\" as c\n")
        let r = world.lathe(["check", "main.mlx"])
        #expect(r.exitCode == 65, "\(r)")
        #expect(r.stderr.contains("error[E0151]: cannot find module 'featurs/encode'") || r.stderr.contains("cannot find module 'featurs/encode'"), "\(r)")
        #expect(r.stderr.contains("hint: did you mean 'features/encode'?"), "\(r)")
        #expect(r.stderr.contains("package 'features' 0.1.0 does not export a module 'encod'"), "\(r)")
        #expect(r.stderr.contains("package 'features' 0.1.0 does not export a module 'internal'"), "\(r)")
        #expect(r.stderr.contains("hint: it exports: encode"), "\(r)")
    }

    @Test func outsideAProjectTheCommandsSaySo() throws {
        let folder = makeTemporaryDirectory(prefix: "lathe-no-project")
        defer { try? FileManager.default.removeItem(at: folder) }
        for command in [["install"], ["packages"], ["update"]] {
            let r = runLathe(command, in: folder)
            #expect(r.exitCode == 66 && r.stderr.contains("error: no lathe.pkg in"), "\(command): \(r)")
        }
    }

    @Test func theUsesLibraryExampleRunsOnlineAndOffline() throws {
        let script = LatheBinary.packageRoot.appendingPathComponent("tools/packages/try_uses_library.sh")
        let r = LatheBinary.run(executable: script, arguments: [LatheBinary.url.path], timeout: 120)
        #expect(r.exitCode == 0, "\(r)")
        #expect(r.stdout.contains("2: settled [0, 1, 0] spend=0.67"), "\(r)")
        #expect(r.stdout.hasSuffix("uses_library: ok (online and offline)\n"), "\(r)")
    }
}
