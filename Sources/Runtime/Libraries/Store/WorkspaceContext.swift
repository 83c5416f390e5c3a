import Foundation
import Store
import VM

/// The store a running program records into, and the runs it has open. The front end makes
/// one per `lathe run` and hands it to the VM as its `host`; builtins reach it through
/// `WorkspaceContext.of(vm)`.
///
/// The store is opened on first use, and the script's own run is created at the first
/// tracked operation (`train`, `evaluate`, `log`, …), so a script that only prints never
/// creates a `.lathe` folder. When tracking cannot write (a read-only folder, a full disk)
/// the script goes on untracked after one warning; `register` and the other registry calls
/// fail instead, because their whole point is the write.
public final class WorkspaceContext {
    public let workspace: Workspace
    /// The script a run records, or nil (tests, the REPL without a file).
    public let script: ScriptInfo?
    /// The `--set` overrides, recorded as the script run's parameters.
    public let settings: [(String, String)]
    private var store: Store?
    private var scriptRunID: Int64?
    /// The uuid of the script's run, once it is recorded.
    public private(set) var scriptRunUUID: String?
    /// Child runs in progress, innermost last (a fold inside cross_validate).
    var activeRuns: [(id: Int64, uuid: String)] = []
    private(set) var trackingDisabled: Bool
    private var warnedAboutTracking = false

    public init(workspace: Workspace, script: ScriptInfo?, settings: [(String, String)] = [], tracking: Bool = true) {
        self.workspace = workspace
        self.script = script
        self.settings = settings
        self.trackingDisabled = !tracking
    }

    /// The context for running the script at `path` whose text is `source`.
    public static func forScript(at path: String, source: String, settings: [(String, String)], tracking: Bool) -> WorkspaceContext {
        let info = ScriptInfo(path: Workspace.absolute(path), sourceHash: Store.sha256(Array(source.utf8)),
                              gitCommit: GitCommit.find(near: path))
        return WorkspaceContext(workspace: Workspace.forScript(at: path), script: info, settings: settings, tracking: tracking)
    }

    /// The context of `vm`, if it has one.
    public static func of(_ vm: VM) -> WorkspaceContext? { vm.host as? WorkspaceContext }

    /// The store, created if missing.
    public func openStore() throws -> Store {
        if let store { return store }
        let opened = try Store(workspace: workspace, create: true)
        store = opened
        return opened
    }

    /// The store if the workspace has one; nil (and nothing created) otherwise.
    public func existingStore() throws -> Store? {
        if let store { return store }
        guard workspace.exists else { return nil }
        return try openStore()
    }

    /// The run new records attach to: the innermost open child, else the script's run
    /// (created now if needed). Nil when tracking is off or failed.
    func currentRun(output: OutputSink) -> Int64? {
        if let innermost = activeRuns.last { return innermost.id }
        return scriptRun(output: output)
    }

    func scriptRun(output: OutputSink) -> Int64? {
        if let scriptRunID { return scriptRunID }
        guard !trackingDisabled else { return nil }
        return attempt(output: output) {
            let store = try openStore()
            let name = script.map { URL(fileURLWithPath: $0.path).lastPathComponent } ?? "session"
            let run = try store.startRun(kind: "script", name: name, script: script, params: settings)
            scriptRunID = run.id
            scriptRunUUID = run.uuid
            return run.id
        }
    }

    /// Runs a tracking write; on failure warns once and stops tracking for this program.
    func attempt<T>(output: OutputSink, _ body: () throws -> T) -> T? {
        guard !trackingDisabled else { return nil }
        do {
            return try body()
        } catch {
            trackingDisabled = true
            if !warnedAboutTracking {
                warnedAboutTracking = true
                let message = (error as? StoreError)?.message ?? "\(error)"
                output.warning("runs are not being recorded: \(message)")
            }
            return nil
        }
    }

    /// Ends the script's run, if one was created: finished, failed or interrupted.
    public func finish(status: RunStatus) {
        guard let scriptRunID, let store else { return }
        for run in activeRuns.reversed() { try? store.finishRun(run.id, status: status) }
        activeRuns.removeAll()
        try? store.finishRun(scriptRunID, status: status)
    }
}

/// The commit checked out in the git work tree around a path, read from `.git` directly
/// (no `git` process): HEAD, then the ref it names, loose or packed.
enum GitCommit {
    static func find(near path: String) -> String? {
        var folder = URL(fileURLWithPath: Workspace.absolute(path)).deletingLastPathComponent()
        while true {
            let git = folder.appendingPathComponent(".git").path
            if let head = try? String(contentsOfFile: git + "/HEAD", encoding: .utf8) {
                return resolve(head.trimmingCharacters(in: .whitespacesAndNewlines), git: git)
            }
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path { return nil }
            folder = parent
        }
    }

    private static func resolve(_ head: String, git: String) -> String? {
        guard head.hasPrefix("ref: ") else { return head.count == 40 ? head : nil }
        let ref = String(head.dropFirst(5))
        if let loose = try? String(contentsOfFile: git + "/" + ref, encoding: .utf8) {
            return loose.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        guard let packed = try? String(contentsOfFile: git + "/packed-refs", encoding: .utf8) else { return nil }
        for line in packed.split(separator: "\n") where line.hasSuffix(" " + ref) {
            return String(line.prefix(40))
        }
        return nil
    }
}
