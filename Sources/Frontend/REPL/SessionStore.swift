import Foundation
import Runtime
import Store

/// What the store keeps about a session besides the values: for each binding, the cell that
/// made it, what it read (with those inputs' provenances), the files it read and whether it
/// was already stale. Saved as one more row of `session_bindings`, under a name no binding
/// can have, so the session's values and its graph are written in the same transaction.
struct SessionManifest: Codable, Equatable {
    struct Entry: Codable, Equatable {
        var name: String
        /// The DeclKind's spelling (`let`, `var`, `fn`, …).
        var kind: String
        /// Groups the bindings one cell made; orders the cells.
        var unit: Int
        var inputs: [[String]]
        var files: [String: String]
        var stale: String?
        var madeAt: Double
    }

    var runtime: String
    var entries: [Entry]

    static let bindingName = " session graph"
    static let codec = "lathe-session-graph-v1"
}

/// The REPL's door to the workspace store: saves bindings after a cell, loads them when a
/// session starts, clears them on `:reset`. A store that fails (a read-only folder, a locked
/// or damaged database) is reported once, and the session goes on without persistence.
final class SessionStore {
    /// One session per folder: the folder's path relative to the workspace's parent, so two
    /// projects under one workspace keep their own bindings and relative paths mean one thing.
    let id: String
    let context: WorkspaceContext
    let warn: (String) -> Void
    private(set) var enabled: Bool

    init(context: WorkspaceContext, directory: String, enabled: Bool = true, warn: @escaping (String) -> Void) {
        self.context = context
        self.warn = warn
        self.enabled = enabled
        id = Self.sessionID(workspace: context.workspace, directory: directory)
    }

    static func sessionID(workspace: Workspace, directory: String) -> String {
        let root = (workspace.root as NSString).deletingLastPathComponent
        let folder = (Workspace.absolute(directory) as NSString).standardizingPath
        if folder == root { return "repl:." }
        if folder.hasPrefix(root + "/") { return "repl:" + String(folder.dropFirst(root.count + 1)) }
        return "repl:" + folder
    }

    /// Saves `bindings` and the manifest in one transaction.
    func save(_ bindings: [SessionBinding], manifest: SessionManifest) {
        guard enabled else { return }
        attempt {
            let payload = try JSONEncoder().encode(manifest)
            let graph = SessionBinding(name: SessionManifest.bindingName, kind: "session graph",
                                       content: .value(codec: SessionManifest.codec, payload: [UInt8](payload)),
                                       provenance: "", source: "")
            try context.openStore().saveBindings(session: id, bindings + [graph])
        }
    }

    /// The saved bindings and manifest; nil when there are none (or the store cannot be read).
    func load() -> (bindings: [String: SessionBinding], manifest: SessionManifest)? {
        guard enabled else { return nil }
        return attempt { () -> (bindings: [String: SessionBinding], manifest: SessionManifest)? in
            guard let store = try context.existingStore() else { return nil }
            let saved = try store.loadBindings(session: id)
            guard let graph = saved.first(where: { $0.name == SessionManifest.bindingName }),
                  case .value(SessionManifest.codec, let payload) = graph.content,
                  let manifest = try? JSONDecoder().decode(SessionManifest.self, from: Data(payload)) else { return nil }
            var byName: [String: SessionBinding] = [:]
            for binding in saved where binding.name != SessionManifest.bindingName { byName[binding.name] = binding }
            return (byName, manifest)
        } ?? nil
    }

    /// Forgets the saved session (`:reset`).
    func clear() {
        guard enabled else { return }
        attempt {
            guard let store = try context.existingStore() else { return }
            try store.deleteSession(id)
        }
    }

    @discardableResult
    private func attempt<T>(_ body: () throws -> T) -> T? {
        do {
            return try body()
        } catch {
            enabled = false
            let message = (error as? StoreError)?.message ?? "\(error)"
            warn("warning: the session is not being saved: \(message)\n  hint: bindings live until you leave; the workspace is \(context.workspace.root)\n")
            return nil
        }
    }
}
