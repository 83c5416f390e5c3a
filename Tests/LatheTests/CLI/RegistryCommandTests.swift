// Issue 9, end to end: the registry and runs through the real `lathe` binary — init, the
// models and runs commands, export/import, gc, and the faults that must lose nothing:
// tampered artifacts, damaged and locked databases, a full disk, concurrent writers,
// SIGKILL in the middle of register, gc beside a writer.

import Foundation
import SQLite
import Store
import Testing

@Suite("lathe CLI: registry and runs")
struct RegistryCommandTests {
    /// A project folder with its own workspace (`.lathe` inside it).
    final class Project {
        let dir = makeTemporaryDirectory(prefix: "lathe-registry")
        var home: String { dir.appendingPathComponent(".lathe").path }

        deinit { try? FileManager.default.removeItem(at: dir) }

        func write(_ name: String, _ text: String) {
            try? text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }

        func lathe(_ arguments: [String], environment: [String: String?] = [:], timeout: Double = 120) -> LatheResult {
            var env = environment
            if !env.keys.contains("LATHE_HOME") { env["LATHE_HOME"] = home }
            return LatheBinary.run(arguments: arguments, environment: env, cwd: dir, timeout: timeout)
        }

        func lathe(_ arguments: String...) -> LatheResult { lathe(arguments) }

        /// Runs a script that registers `count` models (different seeds) as `name`.
        func registerScript(_ file: String, name: String, count: Int, seed: Int = 0) -> String {
            write(file, """
                let data = make_classification(n: 60, seed: \(seed))
                for i in 0..<\(count) {
                  let m = train(forest(trees: 3, seed: i + \(seed) * 1000), data)
                  register(m, "\(name)")
                }
                """)
            return file
        }

        var store: Store {
            get throws { try Store(workspace: Workspace(root: home), create: false) }
        }
    }

    static let iris = LatheBinary.packageRoot.appendingPathComponent("examples/data/iris.csv").path

    /// A script that trains two models on iris, registers both and aliases the first.
    static let twoModels = """
        let iris = dataset("\(iris)", target: "species")
        let parts = split(iris, test: 0.2, seed: 42, stratify: true)
        let a = train(logistic(), parts.train)
        let b = train(tree(max_depth: 2), parts.train)
        register(a, "iris", metrics: evaluate(a, parts.test))
        register(b, "iris", metrics: evaluate(b, parts.test), tags: {owner: "me"})
        alias("iris", 1, "production")
        write_csv(with(parts.test, p: predict(model("iris@production"), parts.test)), "predictions.csv")
        """

    @Test func initCreatesTheWorkspaceOnce() throws {
        let project = Project()
        let first = project.lathe(["init"], environment: ["LATHE_HOME": nil])
        #expect(first.exitCode == 0, "\(first)")
        #expect(first.stdout.hasPrefix("created workspace "), "\(first)")
        #expect(FileManager.default.fileExists(atPath: project.home + "/lathe.db"))
        let again = project.lathe(["init"], environment: ["LATHE_HOME": nil])
        #expect(again.exitCode == 0 && again.stdout.contains("already exists"), "\(again)")
        // Commands in a subfolder find it upwards.
        let sub = project.dir.appendingPathComponent("a/b")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        let list = LatheBinary.run(arguments: ["models", "list"], environment: ["LATHE_HOME": nil], cwd: sub)
        #expect(list.exitCode == 0 && list.stdout == "no registered models\n", "\(list)")
    }

    @Test func noWorkspaceIsExit66WithAHint() {
        let project = Project()
        let r = project.lathe(["models", "list"], environment: ["LATHE_HOME": nil])
        #expect(r.exitCode == 66, "\(r)")
        #expect(r.stderr.hasPrefix("error: no .lathe workspace in "), "\(r)")
        #expect(r.stderr.contains("hint: run 'lathe init' here, or set LATHE_HOME"), "\(r)")
    }

    @Test func aScriptWithoutAWorkspaceRecordsBesideItself() {
        let project = Project()
        project.write("s.mlx", "let m = train(logistic(), make_classification(n: 30, seed: 1))\nregister(m, \"x\")\n")
        let r = project.lathe(["run", "s.mlx"], environment: ["LATHE_HOME": nil])
        #expect(r.exitCode == 0, "\(r)")
        #expect(FileManager.default.fileExists(atPath: project.home + "/lathe.db"))
        // A script that only prints creates nothing.
        let other = Project()
        other.write("p.mlx", "print(1)\n")
        #expect(other.lathe(["run", "p.mlx"], environment: ["LATHE_HOME": nil]).exitCode == 0)
        #expect(!FileManager.default.fileExists(atPath: other.home))
    }

    @Test func modelsCommandsListShowAliasAndHistory() throws {
        let project = Project()
        project.write("two.mlx", Self.twoModels)
        let run = project.lathe("run", "two.mlx")
        #expect(run.exitCode == 0, "\(run)")

        let list = project.lathe("models", "list")
        #expect(list.exitCode == 0, "\(list)")
        #expect(list.stdout.contains("iris  2       2         production→1"), "\(list)")

        let json = project.lathe("models", "show", "iris:2", "--json")
        #expect(json.exitCode == 0, "\(json)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["version"] as? Int == 2)
        #expect((object["tags"] as? [String: String])?["owner"] == "me")
        #expect(((object["signature"] as? [String: Any])?["task"] as? String) == "multiclass")
        #expect(((object["lineage"] as? [String: Any])?["model"] as? String) == "tree")
        #expect((object["metrics"] as? [String: Any])?["accuracy"] != nil)
        #expect((object["run"] as? String)?.count == 32)

        let alias = project.lathe("models", "alias", "iris", "2", "production")
        #expect(alias.exitCode == 0 && alias.stdout == "iris@production → version 2 (was version 1)\n", "\(alias)")
        let history = project.lathe("models", "history", "iris", "--json")
        let moves = try #require(try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [[String: Any]])
        #expect(moves.count == 2)
        #expect(moves.last?["from"] as? Int == 1 && moves.last?["to"] as? Int == 2)
        #expect((moves.last?["user"] as? String)?.isEmpty == false)

        let unalias = project.lathe("models", "unalias", "iris", "production")
        #expect(unalias.exitCode == 0, "\(unalias)")
        #expect(try project.store.aliasHistory(of: "iris").count == 3)
    }

    @Test func unknownNamesAreOneLineWithDidYouMean() {
        let project = Project()
        project.write("two.mlx", Self.twoModels)
        #expect(project.lathe("run", "two.mlx").exitCode == 0)
        let model = project.lathe("models", "show", "irsi")
        #expect(model.exitCode == 70, "\(model)")
        #expect(model.stderr == "error: no model is registered as 'irsi'\n  hint: did you mean 'iris'?\n", "\(model)")
        let version = project.lathe("models", "show", "iris:9")
        #expect(version.exitCode == 70 && version.stderr.hasPrefix("error: model 'iris' has no version 9\n"), "\(version)")
        let alias = project.lathe("models", "show", "iris@producton")
        #expect(alias.stderr == "error: model 'iris' has no alias 'producton'\n  hint: did you mean 'iris@production'?\n", "\(alias)")
        let malformed = project.lathe("models", "show", "iris:x")
        #expect(malformed.exitCode == 64, "\(malformed)")
        let reserved = project.lathe("models", "alias", "iris", "1", "v2")
        #expect(reserved.exitCode == 64 && reserved.stderr.contains("reserved"), "\(reserved)")
    }

    @Test func exportAndImportPredictBitIdentically() throws {
        let source = Project()
        source.write("two.mlx", Self.twoModels)
        #expect(source.lathe("run", "two.mlx").exitCode == 0)
        let file = source.dir.appendingPathComponent("iris.lathe-model").path
        let export = source.lathe("models", "export", "iris@production", file)
        #expect(export.exitCode == 0, "\(export)")

        let target = Project()
        #expect(target.lathe(["init"], environment: ["LATHE_HOME": nil]).exitCode == 0)
        let imported = target.lathe("models", "import", file, "--name", "copy")
        #expect(imported.exitCode == 0 && imported.stdout.hasPrefix("imported "), "\(imported)")
        let original = try source.store.resolve(ModelReference.parse("iris:1"))
        let copy = try target.store.resolve(ModelReference.parse("copy"))
        #expect(copy.artifact == original.artifact)
        #expect(copy.metrics.map(\.value.bitPattern) == original.metrics.map(\.value.bitPattern))
        #expect(copy.tags.contains { $0.name == "imported_from" && $0.value == "iris:1" })

        target.write("predict.mlx", """
            let iris = dataset("\(Self.iris)", target: "species")
            let parts = split(iris, test: 0.2, seed: 42, stratify: true)
            write_csv(with(parts.test, p: predict(model("copy"), parts.test)), "predictions.csv")
            """)
        #expect(target.lathe("run", "predict.mlx").exitCode == 0)
        let before = try String(contentsOf: source.dir.appendingPathComponent("predictions.csv"), encoding: .utf8)
        let after = try String(contentsOf: target.dir.appendingPathComponent("predictions.csv"), encoding: .utf8)
        #expect(before == after)

        source.write("junk.txt", "not an export")
        let bad = target.lathe("models", "import", source.dir.appendingPathComponent("junk.txt").path)
        #expect(bad.exitCode == 70 && bad.stderr.hasPrefix("error: '") && bad.stderr.contains("is not a usable model export"), "\(bad)")
    }

    @Test func deleteThenGCRemovesTheFile() throws {
        let project = Project()
        project.write("two.mlx", Self.twoModels)
        #expect(project.lathe("run", "two.mlx").exitCode == 0)
        let artifact = try project.store.resolve(ModelReference.parse("iris:2")).artifact
        let path = "\(project.home)/artifacts/\(artifact.prefix(2))/\(artifact)"
        #expect(FileManager.default.fileExists(atPath: path))
        let delete = project.lathe("models", "delete", "iris:2")
        #expect(delete.exitCode == 0 && delete.stdout == "deleted 1 version of iris\n", "\(delete)")
        let kept = project.lathe("gc")
        #expect(kept.stdout.contains("removed 0 artifacts"), "\(kept)")
        #expect(FileManager.default.fileExists(atPath: path))
        let gc = project.lathe("gc", "--grace", "0")
        #expect(gc.exitCode == 0 && gc.stdout.hasPrefix("removed 1 artifact "), "\(gc)")
        #expect(!FileManager.default.fileExists(atPath: path))
        // The surviving version still loads.
        project.write("load.mlx", "print(model(\"iris\").version)\n")
        #expect(project.lathe("run", "load.mlx").stdout == "1\n")
    }

    @Test func aTamperedArtifactIsRefusedByName() throws {
        let project = Project()
        project.write("two.mlx", Self.twoModels)
        #expect(project.lathe("run", "two.mlx").exitCode == 0)
        let artifact = try project.store.resolve(ModelReference.parse("iris:1")).artifact
        let path = "\(project.home)/artifacts/\(artifact.prefix(2))/\(artifact)"
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[bytes.count / 2] ^= 1
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        project.write("load.mlx", "let m = model(\"iris@production\")\n")
        let r = project.lathe("run", "load.mlx")
        #expect(r.exitCode == 70, "\(r)")
        #expect(r.stderr.contains("error: artifact \(artifact) is damaged: its bytes no longer match their sha256"), "\(r)")
        let export = project.lathe("models", "export", "iris:1", project.dir.appendingPathComponent("x").path)
        #expect(export.exitCode == 70 && export.stderr.components(separatedBy: "\n").count == 3, "\(export)")
    }

    @Test func aDamagedOrNewerDatabaseIsOneLine() throws {
        let project = Project()
        #expect(project.lathe(["init"], environment: ["LATHE_HOME": nil]).exitCode == 0)
        let database = try Database(path: project.home + "/lathe.db", mode: .readWrite)
        try database.execute("PRAGMA user_version = 99")
        let newer = project.lathe("models", "list")
        #expect(newer.exitCode == 70, "\(newer)")
        #expect(newer.stderr.hasPrefix("error: the store '\(project.home)/lathe.db' has schema version 99, newer than this lathe knows (\(Store.knownSchemaVersion))\n"), "\(newer)")

        try? FileManager.default.removeItem(atPath: project.home + "/lathe.db-wal")
        try? FileManager.default.removeItem(atPath: project.home + "/lathe.db-shm")
        try Data(repeating: 0x41, count: 8192).write(to: URL(fileURLWithPath: project.home + "/lathe.db"))
        let corrupt = project.lathe("models", "list")
        #expect(corrupt.exitCode == 70, "\(corrupt)")
        #expect(corrupt.stderr.hasPrefix("error: the store '\(project.home)/lathe.db' is damaged: "), "\(corrupt)")
        #expect(corrupt.stderr.components(separatedBy: "\n").count == 3, "\(corrupt)")
    }

    @Test func aLockedStoreTimesOutWithOneLine() throws {
        let project = Project()
        project.write("two.mlx", Self.twoModels)
        #expect(project.lathe("run", "two.mlx").exitCode == 0)
        let holder = try Database(path: project.home + "/lathe.db", mode: .readWrite)
        try holder.execute("BEGIN IMMEDIATE")
        let r = project.lathe(["models", "alias", "iris", "2", "staging"], environment: ["LATHE_BUSY_TIMEOUT": "200"])
        try holder.execute("ROLLBACK")
        #expect(r.exitCode == 70, "\(r)")
        #expect(r.stderr.contains("stayed locked by another process for 200 ms"), "\(r)")
        #expect(try project.store.aliasHistory(of: "iris").count == 1)
    }

    @Test func aFullDiskLosesNothing() throws {
        let project = Project()
        project.write("two.mlx", Self.twoModels)
        #expect(project.lathe("run", "two.mlx").exitCode == 0)
        // A bigger model under a 64 KiB file-size limit: the artifact cannot be written.
        project.write("big.mlx", """
            let data = make_classification(n: 2000, seed: 1)
            register(train(forest(trees: 50, seed: 1), data), "big")
            """)
        let lathe = LatheBinary.url.path
        let r = LatheBinary.run(
            executable: URL(fileURLWithPath: "/bin/sh"), arguments: ["-c", "ulimit -f 64; exec \"$0\" run big.mlx", lathe],
            environment: ["LATHE_HOME": project.home], cwd: project.dir)
        #expect(r.exitCode == 70, "\(r)")
        #expect(r.stderr.contains("the disk or file-size limit is full"), "\(r)")
        let store = try project.store
        #expect(try store.integrityCheck() == "ok")
        #expect(try store.registeredModels().map(\.name) == ["iris"])
    }

    @Test func aReadOnlyStoreIsOneLine() {
        let project = Project()
        project.write("s.mlx", "register(train(logistic(), make_classification(n: 30, seed: 1)), \"x\")\n")
        let r = project.lathe(["run", "s.mlx"], environment: ["LATHE_HOME": "/proc/lathe-test/.lathe"])
        #expect(r.exitCode == 70, "\(r)")
        #expect(r.stderr.contains("cannot be written"), "\(r)")
    }

    @Test func twoConcurrentWritersGetTenDistinctVersions() throws {
        let project = Project()
        #expect(project.lathe(["init"], environment: ["LATHE_HOME": nil]).exitCode == 0)
        let scripts = [project.registerScript("a.mlx", name: "shared", count: 5, seed: 1),
                       project.registerScript("b.mlx", name: "shared", count: 5, seed: 2)]
        let results = ConcurrentResults(count: 2)
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            results.set(index, project.lathe("run", scripts[index]))
        }
        for result in results.all { #expect(result?.exitCode == 0, "\(String(describing: result))") }
        let versions = try project.store.versions(of: "shared").map(\.version)
        #expect(versions == Array(1...10))
        #expect(Set(try project.store.versions(of: "shared").map(\.artifact)).count == 10)
    }

    @Test func sigkillDuringRegisterLeavesAConsistentStore() throws {
        let project = Project()
        #expect(project.lathe(["init"], environment: ["LATHE_HOME": nil]).exitCode == 0)
        let script = project.registerScript("loop.mlx", name: "killed", count: 10_000)
        for _ in 0..<3 {
            let r = project.lathe(["run", script], timeout: 1.5)
            #expect(r.timedOut, "\(r)")
        }
        let store = try project.store
        #expect(try store.integrityCheck() == "ok")
        let versions = try store.versions(of: "killed")
        #expect(!versions.isEmpty)
        #expect(versions.map(\.version) == Array(1...versions.count))
        for version in versions { #expect(try store.artifactBytes(version).count == version.size) }
        // The killed script runs stay "running"; nothing half-written blocks new work.
        #expect(project.lathe("run", project.registerScript("one.mlx", name: "killed", count: 1)).exitCode == 0)
    }

    @Test func gcBesideAWriterLosesNothing() throws {
        let project = Project()
        #expect(project.lathe(["init"], environment: ["LATHE_HOME": nil]).exitCode == 0)
        let script = project.registerScript("w.mlx", name: "busy", count: 15, seed: 3)
        let results = ConcurrentResults(count: 2)
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            if index == 0 {
                results.set(0, project.lathe("run", script))
            } else {
                var last: LatheResult? = nil
                for _ in 0..<15 { last = project.lathe("gc", "--grace", "0") }
                results.set(1, last)
            }
        }
        #expect(results.all[0]?.exitCode == 0, "\(String(describing: results.all[0]))")
        let store = try project.store
        let versions = try store.versions(of: "busy")
        #expect(versions.count == 15)
        for version in versions { #expect(throws: Never.self) { try store.artifactBytes(version) } }
    }

    @Test func runsCommandsListShowCompareAndDelete() throws {
        let project = Project()
        project.write("two.mlx", Self.twoModels)
        #expect(project.lathe(["run", "two.mlx", "--no-track"]).exitCode == 0)
        #expect(try project.store.runCount() == 0)
        #expect(project.lathe("run", "two.mlx").exitCode == 0)

        let list = project.lathe("runs", "list", "--where", "kind = 'train'", "--order", "name", "--json")
        #expect(list.exitCode == 0, "\(list)")
        let runs = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        #expect(runs.map { $0["name"] as? String } == ["logistic", "tree"])
        let ids = runs.compactMap { $0["id"] as? Int }.map(String.init)

        let script = try #require(try project.store.searchRuns(where: "kind = 'script'", order: nil, limit: nil).first)
        #expect(script.status == .finished)
        #expect(script.script?.path.hasSuffix("/two.mlx") == true)
        #expect(script.script?.sourceHash.count == 64)
        let children = try project.store.children(of: script.id)
        #expect(children.map(\.kind) == ["train", "train", "evaluate", "evaluate"])
        #expect(children[0].datasets.first?.role == "train" && children[2].datasets.first?.role == "eval")

        let show = project.lathe("runs", "show", ids[0])
        #expect(show.exitCode == 0 && show.stdout.contains("kind: train") && show.stdout.contains("model = logistic"), "\(show)")
        let compare = project.lathe("runs", "compare", ids[0], ids[1], "--diff")
        #expect(compare.exitCode == 0, "\(compare)")
        #expect(compare.stdout.contains("params   model") && !compare.stdout.contains("target"), "\(compare)")

        let bad = project.lathe("runs", "list", "--where", "metrics.f1 >> 2")
        #expect(bad.exitCode == 64, "\(bad)")
        #expect(bad.stderr.hasPrefix("error: ") && bad.stderr.contains("at column 13 of the run query"), "\(bad)")

        let delete = project.lathe("runs", "delete", String(script.id))
        #expect(delete.exitCode == 0 && delete.stdout == "deleted 5 runs\n", "\(delete)")
        let missing = project.lathe("runs", "show", String(script.id))
        #expect(missing.exitCode == 70 && missing.stderr.hasPrefix("error: no run has the id"), "\(missing)")
    }

    @Test func aScriptRunRecordsItsGitCommitAndSettings() throws {
        let project = Project()
        project.write("p.mlx", "param lr = 0.1\ntrain(logistic(), make_classification(n: 30, seed: 1))\n")
        let git = { (arguments: [String]) in
            LatheBinary.run(executable: URL(fileURLWithPath: "/usr/bin/git"), arguments: arguments,
                            environment: ["GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
                                          "GIT_COMMITTER_EMAIL": "t@t"], cwd: project.dir)
        }
        #expect(git(["init", "-q"]).exitCode == 0)
        #expect(git(["add", "p.mlx"]).exitCode == 0)
        #expect(git(["commit", "-q", "-m", "x"]).exitCode == 0)
        let head = git(["rev-parse", "HEAD"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(project.lathe("run", "p.mlx", "--set", "lr=0.5").exitCode == 0)
        let script = try #require(try project.store.searchRuns(where: "kind = 'script'", order: nil, limit: nil).first)
        #expect(script.script?.gitCommit == head && head.count == 40)
        #expect(script.param("lr") == "0.5")
    }

    @Test func anInterruptedScriptRunIsMarkedSo() throws {
        let project = Project()
        project.write("slow.mlx", """
            let data = make_classification(n: 4000, features: 20, seed: 1)
            for i in 0..<1000 { train(forest(trees: 200, seed: i), data) }
            """)
        let interrupted = LatheBinary.run(arguments: ["run", "slow.mlx"], environment: ["LATHE_HOME": project.home],
                                          cwd: project.dir, interruptAfter: 1.5, timeout: 60)
        #expect(interrupted.exitCode == 130, "\(interrupted)")
        let scripts = try project.store.searchRuns(where: "kind = 'script' and status = 'interrupted'", order: nil, limit: nil)
        #expect(scripts.count == 1)
        let trains = try project.store.searchRuns(where: "kind = 'train' and status = 'interrupted'", order: nil, limit: nil)
        #expect(trains.count == 1)
    }
}

/// Results written by concurrent workers, one slot each.
final class ConcurrentResults: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [LatheResult?]
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ result: LatheResult?) { lock.lock(); slots[index] = result; lock.unlock() }
    var all: [LatheResult?] { lock.lock(); defer { lock.unlock() }; return slots }
}
