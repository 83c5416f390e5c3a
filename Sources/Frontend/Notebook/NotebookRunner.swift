import Check
import Foundation
import Runtime
import Store
import Syntax
import VM
import _LatheSignals

/// A notebook after a run: its cells' results and how many came from the cache.
public struct NotebookRun {
    public var path: String
    public var title: String
    public var results: [NotebookCellResult]

    public var codeCells: Int { results.filter { $0.cell.hasCode }.count }
    public var fromCache: Int { results.filter(\.fromCache).count }
    public var ran: Int { codeCells - fromCache }
    public var failed: Bool { results.contains(where: \.failed) }

    /// The line `lathe notebook` prints to stderr.
    public var summary: String {
        "notebook: \(codeCells) cell\(codeCells == 1 ? "" : "s"), \(fromCache) from cache, \(ran) ran"
            + (failed ? ", \(results.filter(\.failed).count) failed" : "")
    }
}

/// Runs a notebook's cells in order in one `REPLSession`, taking each cell from the cache
/// when it can.
///
/// A cell's cache key hashes its code, the keys of the cells that defined the names it reads
/// (the checker's references, found by checking the cell before it runs), the runtime version
/// and the `--set` values of the params it declares. So editing a cell changes its key and the
/// keys of every cell that reads what it defines, and only those run again. A cell from the
/// cache puts its bindings back into the session (`REPLSession.bind`) and shows its saved
/// outputs. A cell is cached only when it succeeded and every binding it defines has a saved
/// form (`SessionCodec`); one that defines a function or a report runs every time, and since
/// its key does not depend on whether it ran, the cells after it still come from the cache.
/// A failing cell shows its error and the notebook goes on.
public final class NotebookRunner {
    public let path: String
    public var settings: [String] = []
    /// False for `--no-cache`: every cell runs, and the cache is neither read nor written.
    public var useCache = true
    public var errorStream: (String) -> Void = { StandardError.write($0) }

    /// The key version: bump it when what a cached entry holds changes meaning.
    static let keyFormat = "lathe-notebook-v1"

    public init(path: String) {
        self.path = path
    }

    /// Runs the notebook. Nil with the exit status when it could not start (unreadable file,
    /// bad `--set`).
    public func run() -> (NotebookRun?, ExitStatus) {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            errorStream("error: cannot read '\(path)': \(error.localizedDescription)\n")
            return (nil, .noInput)
        }
        var overrides: [ParameterOverride] = []
        for setting in settings {
            do {
                overrides.append(try ParameterOverride.parse(setting))
            } catch {
                report(error)
                return (nil, .usage)
            }
        }
        let parameters: ParameterSettings
        do {
            parameters = try checkedSettings(overrides)
        } catch {
            report(error)
            return (nil, .usage)
        }
        let document = NotebookDocument(text: text)
        let directory = URL(fileURLWithPath: Workspace.absolute(path)).deletingLastPathComponent().path
        let workspace = Workspace.forScript(at: path)
        let capture = NotebookCapture()
        let session = REPLSession(output: capture, workspace: workspace, directory: directory)
        session.warningStream = { capture.append("stderr", $0) }
        parameters.install(on: session.vm)
        let context = WorkspaceContext.forScript(at: path, source: text, settings: overrides.map { ($0.name, $0.raw) }, tracking: true)
        session.vm.host = context
        ProcessTuning.configure()
        lathe_install_interrupt_handler()

        let cache = useCache ? openCache(workspace) : nil
        let notebookKey = Workspace.absolute(path)
        let setValues = Dictionary(overrides.map { ($0.name, $0.value.reprString(symbols: session.vm.symbols)) }) { _, last in last }
        var keyOf: [String: String] = [:]
        var usedKeys: Set<String> = []
        var results: [NotebookCellResult] = []
        var executions = 0
        var interrupted = false
        for cell in document.cells {
            guard cell.hasCode, !interrupted else {
                results.append(NotebookCellResult(cell: cell, outputs: [], fromCache: false, executionCount: nil))
                continue
            }
            executions += 1
            let facts = Self.facts(of: cell.positionedCode, in: session)
            // `_` (the last shown value) has no defining cell to key it by, so a cell reading it
            // always runs.
            let key = facts.flatMap { facts in facts.reads.contains(REPLSession.resultName) ? nil : facts }.map { facts in
                Self.key(code: cell.code, inputs: facts.reads.map { ($0, keyOf[$0] ?? "") },
                         settings: facts.parameters.compactMap { name in setValues[name].map { (name, $0) } })
            }
            if let key { usedKeys.insert(key) }
            if let key, let cache, let restored = restore(key: key, from: cache, into: session, cell: executions) {
                for name in restored.names { keyOf[name] = key }
                results.append(NotebookCellResult(cell: cell, outputs: restored.outputs, fromCache: true, executionCount: executions))
                continue
            }
            let (outcome, value) = session.evaluate(cell.positionedCode, path: path)
            var outputs = capture.take()
            switch outcome {
            case .ran(let shown):
                if let shown, let value {
                    outputs.append(.value(text: shown, html: NotebookValueHTML.html(value, session: session)))
                }
            case .compileError(let message):
                outputs.append(.error(text: message))
            case .runtimeError(let message, let wasInterrupted):
                outputs.append(.error(text: message))
                interrupted = wasInterrupted
            }
            let record = session.cells.last
            if let key, let record, record.succeeded {
                for name in record.defines { keyOf[name] = key }
                if let cache {
                    save(key: key, defines: record.defines, result: value, outputs: outputs, session: session, notebook: notebookKey, to: cache)
                }
            }
            results.append(NotebookCellResult(cell: cell, outputs: outputs, fromCache: false, executionCount: executions))
        }
        let run = NotebookRun(path: path, title: document.title(fallback: (path as NSString).lastPathComponent), results: results)
        context.finish(status: interrupted ? .interrupted : run.failed ? .failed : .finished)
        if let cache, !interrupted {
            do {
                try cache.pruneNotebookCells(notebook: notebookKey, keeping: usedKeys)
            } catch {
                warn("the notebook cache could not be pruned: \(error)")
            }
        }
        if interrupted { return (run, .interrupted) }
        return (run, run.failed ? .runtimeError : .success)
    }

    /// What a cell reads and declares, from checking it against the session; nil when it does
    /// not compile (it runs, shows its errors, and is never cached).
    static func facts(of code: String, in session: REPLSession) -> (reads: [String], parameters: [String])? {
        LargeStack.run {
            let sources = SourceManager()
            let graph = Compiler.moduleGraph(sources: sources, projectFrom: session.directory)
            defer { graph.discardSyntax() }
            let canonical = (session.directory as NSString).appendingPathComponent("NOTEBOOK-CHECK[\(session.cellCount + 1)]")
            guard let module = graph.load(text: code, displayPath: "cell", canonicalPath: canonical,
                                          predeclared: session.predeclarations()),
                  !graph.hasErrors else { return nil }
            let reads = session.sessionNamesRead(by: Compilation(sources: sources, graph: graph, program: nil))
            let parameters = module.resolution.globals.compactMap { id -> String? in
                guard id >= 0, let info = module.resolution.declarations[id], info.kind == .parameterBinding else { return nil }
                return info.name
            }
            return (reads.sorted(), parameters.sorted())
        }
    }

    /// The cache key of a cell with this code, inputs (name, defining cell's key) and settings.
    static func key(code: String, inputs: [(String, String)], settings: [(String, String)]) -> String {
        var text = "\(keyFormat)\u{0}\(LatheVersion.current)\u{0}\(code)\u{0}"
        text += inputs.sorted { $0.0 < $1.0 }.map { "\($0.0)=\($0.1)" }.joined(separator: "\u{1}") + "\u{0}"
        text += settings.sorted { $0.0 < $1.0 }.map { "\($0.0)=\($0.1)" }.joined(separator: "\u{1}")
        return Store.sha256(Array(text.utf8))
    }

    /// Puts a cached cell's bindings into the session and returns its outputs and the names it
    /// bound; nil (and the session untouched) when there is no entry or a value cannot be read back.
    func restore(key: String, from cache: Store, into session: REPLSession, cell: Int) -> (outputs: [NotebookOutput], names: [String])? {
        let entry: NotebookCacheEntry
        do {
            guard let found = try cache.notebookCell(key: key) else { return nil }
            entry = found
        } catch {
            warn("the notebook cache could not be read: \(error)")
            return nil
        }
        guard let outputs = try? JSONDecoder().decode([NotebookOutput].self, from: Data(entry.outputs.utf8)) else { return nil }
        var values: [(NotebookCacheEntry.Binding, Value)] = []
        for binding in entry.bindings {
            let stored = SessionBinding(name: binding.name, kind: binding.kind,
                                        content: .value(codec: binding.codec, payload: binding.payload), provenance: key, source: "")
            guard let value = try? SessionCodec.value(of: stored, symbols: session.vm.symbols) else { return nil }
            values.append((binding, value))
        }
        if outputs.contains(where: { if case .value = $0 { return true } else { return false } }) {
            // The shown value becomes `_`, as when the cell ran; null when it had no saved form.
            session.globals[0] = values.first { $0.0.declaration == Self.resultDeclaration }?.1 ?? .null
        }
        let bound = values.filter { $0.0.declaration != Self.resultDeclaration }
        for (binding, value) in bound {
            session.bind(binding.name, to: value, kind: DeclKind(rawValue: binding.declaration) ?? .constant, cell: cell)
        }
        return (outputs, bound.map(\.0.name))
    }

    /// The declaration recorded for a cell's shown value, kept with its bindings to restore `_`.
    static let resultDeclaration = "result"

    /// Caches a cell that ran, unless a binding it defines has no saved form. Its shown value
    /// is kept too when it has one, for `_`.
    func save(key: String, defines: [String], result: Value?, outputs: [NotebookOutput], session: REPLSession,
              notebook: String, to cache: Store) {
        var bindings: [NotebookCacheEntry.Binding] = []
        for name in defines {
            guard let binding = session.binding(name), let value = binding.value else { return }
            let encoded = SessionCodec.binding(name: name, value: value, source: "", inputs: [], symbols: session.vm.symbols)
            guard case .value(let codec, let payload) = encoded.content else { return }
            bindings.append(.init(name: name, declaration: binding.kind.rawValue, kind: encoded.kind, codec: codec, payload: payload))
        }
        if let result, outputs.contains(where: { if case .value = $0 { return true } else { return false } }) {
            let encoded = SessionCodec.binding(name: REPLSession.resultName, value: result, source: "", inputs: [], symbols: session.vm.symbols)
            if case .value(let codec, let payload) = encoded.content {
                bindings.append(.init(name: REPLSession.resultName, declaration: Self.resultDeclaration, kind: encoded.kind,
                                      codec: codec, payload: payload))
            }
        }
        guard let json = try? JSONEncoder().encode(outputs), let text = String(data: json, encoding: .utf8) else { return }
        do {
            try cache.saveNotebookCell(NotebookCacheEntry(key: key, outputs: text, bindings: bindings), notebook: notebook)
        } catch {
            warn("the notebook cache could not be written: \(error)")
        }
    }

    /// `--set` checked against the whole file compiled as a script, as `lathe run` checks it.
    /// A file that does not compile as a whole still runs cell by cell; then the values are
    /// bound unchecked (a wrong type fails at its `param` line).
    func checkedSettings(_ overrides: [ParameterOverride]) throws -> ParameterSettings {
        if let compilation = try? Compiler.compile(path: path), !compilation.hasErrors {
            return try ParameterSettings(overrides, for: compilation)
        }
        return ParameterSettings(checked: Dictionary(overrides.map { ($0.name, $0.value) }) { _, last in last })
    }

    private var warned = false

    /// The cache is an optimisation: a store that cannot be opened means every cell runs.
    func openCache(_ workspace: Workspace) -> Store? {
        do {
            return try Store(workspace: workspace, create: true)
        } catch {
            warn("the notebook cache is unavailable, every cell runs: \(error)")
            return nil
        }
    }

    func warn(_ message: String) {
        guard !warned else { return }
        warned = true
        errorStream("warning: \(message)\n")
    }

    func report(_ error: Error) {
        var text = "error: \(error)\n"
        if let hint = (error as? ParameterOverride.Problem)?.hint { text += "  hint: \(hint)\n" }
        errorStream(text)
    }
}
