import Check
import Foundation
import Runtime
import Store
import Syntax
import VM

/// Keeps a REPL session's def/use graph (`SessionGraph`) and its saved copy in the store in
/// step with the cells that run, and puts a saved session back when the REPL starts.
///
/// After each cell it records what the cell defined, read and changed in place, with a
/// provenance made of the cell's source, its inputs' provenances, the fingerprints of the
/// files its literals name (`CellInputFiles`) and the runtime version; then it saves those
/// bindings (`SessionCodec`) and the graph (`SessionManifest`) in one transaction.
final class SessionTracker {
    let session: REPLSession
    let store: SessionStore?
    let directory: String
    let runtime: String
    private(set) var graph = SessionGraph()
    /// The files each definition read, with their fingerprints then.
    private var files: [Int: [String: String]] = [:]
    /// The kind (let, var, fn) of each current name, as declared.
    private var kinds: [String: String] = [:]
    /// The saved type name of bindings that are known but have no value in the session.
    private(set) var unrestored: [String: String] = [:]
    /// A hash of each `var`, list and record binding's value as last recorded, to see a cell
    /// change one in place.
    private var mutableFingerprints: [String: String] = [:]
    private var processedCells = 0
    /// True while `restore` compiles functions again: what they read is not shown as stale then.
    private var restoring = false

    init(session: REPLSession, store: SessionStore?, directory: String, runtime: String = LatheVersion.current) {
        self.session = session
        self.store = store
        self.directory = directory
        self.runtime = runtime
    }

    // MARK: - After each cell

    /// Records the cells the session ran since the last call, and saves what they made.
    func recordNewCells() {
        while processedCells < session.cells.count {
            record(session.cells[processedCells])
            processedCells += 1
        }
    }

    private func record(_ cell: REPLSession.CellRecord) {
        var defines = cell.defines
        var reads = cell.reads
        let changed = changedInPlace().filter { !defines.contains($0) }
        defines += changed
        reads.formUnion(changed)
        // A cell that made nothing (a print, a failed one) leaves no trace in the graph.
        guard !defines.isEmpty else { return }
        let paths = CellInputFiles.paths(in: cell.source, directory: directory)
        let fingerprints = Dictionary(uniqueKeysWithValues: paths.map { ($0, CellInputFiles.fingerprint($0)) })
        let external = externalTokens(fingerprints)
        let functions = Set(defines.filter { session.binding($0)?.kind == .function })
        let ids = graph.record(source: cell.source, cell: cell.number, reads: reads, defines: defines,
                               succeeded: cell.succeeded, external: external, functions: functions, mutated: Set(changed))
        var saved: [SessionBinding] = []
        for (name, id) in zip(defines, ids) {
            files[id] = fingerprints
            unrestored[name] = nil
            guard let binding = session.binding(name), let value = binding.value, let definition = graph.definitions[id] else { continue }
            kinds[name] = binding.kind.rawValue
            let encoded = SessionCodec.binding(name: name, value: value, source: cell.source,
                                               inputs: definition.inputProvenances.map(\.provenance) + definition.externalInputs,
                                               symbols: session.vm.symbols)
            noteFingerprint(name, kind: binding.kind, value: value)
            saved.append(encoded)
        }
        store?.save(saved, manifest: manifest())
    }

    private func externalTokens(_ fingerprints: [String: String]) -> [String] {
        fingerprints.sorted { $0.key < $1.key }.map { CellInputFiles.token(path: $0.key, fingerprint: $0.value) }
            + [CellInputFiles.runtimeToken(runtime)]
    }

    /// Whether a binding can change without being declared again: a `var`, or a list or record.
    private static func isMutable(kind: DeclKind, value: Value) -> Bool {
        if kind == .variable { return true }
        let type = value.typeName
        return type == "list" || type == "record"
    }

    private func noteFingerprint(_ name: String, kind: DeclKind, value: Value) {
        mutableFingerprints[name] = Self.isMutable(kind: kind, value: value) ? fingerprint(of: value) : nil
    }

    /// What tells one state of a mutable binding from another: a list's or record's saved
    /// form (their contents change in place), else the value itself (a number, a string) or
    /// the identity of the object it holds (a `var` given another dataset), which costs nothing.
    private func fingerprint(of value: Value) -> String {
        let type = value.typeName
        if type == "list" || type == "record" {
            let encoded = SessionCodec.binding(name: "", value: value, source: "", inputs: [], symbols: session.vm.symbols)
            switch encoded.content {
            case .value(_, let payload): return Store.sha256(payload)
            case .needsRerun(let reason): return "rerun: \(reason)"
            }
        }
        if let text = value.stringValue { return "string " + text }
        switch value.decoded {
        case .number(let number): return "number \(number.bitPattern)"
        case .bool(let flag): return "bool \(flag)"
        case .object(let object): return "object \(ObjectIdentifier(object).hashValue)"
        default: return type
        }
    }

    /// The mutable bindings whose value differs from the one last recorded.
    private func changedInPlace() -> [String] {
        session.bindings.filter { binding in
            guard let known = mutableFingerprints[binding.name], let value = binding.value else { return false }
            return fingerprint(of: value) != known
        }.map(\.name)
    }

    func manifest() -> SessionManifest {
        var entries: [SessionManifest.Entry] = []
        for (name, id) in graph.current.sorted(by: { $0.value < $1.value }) {
            guard let definition = graph.definitions[id] else { continue }
            entries.append(SessionManifest.Entry(
                name: name, kind: kinds[name] ?? DeclKind.constant.rawValue, unit: definition.unit,
                inputs: definition.inputProvenances.map { [$0.name, $0.provenance] }, files: files[id] ?? [:],
                stale: graph.staleness(id), madeAt: definition.madeAt.timeIntervalSince1970))
        }
        return SessionManifest(runtime: runtime, entries: entries)
    }

    // MARK: - Staleness as the REPL shows it

    var staleNames: [String] { graph.staleNames }

    /// A warning for each stale binding among `reads` (before a cell that reads them runs).
    func warnings(reading reads: Set<String>) -> String {
        guard !restoring else { return "" }
        var text = ""
        for name in reads.sorted() {
            guard let reason = graph.staleness(of: name), unrestored[name] == nil else { continue }
            text += "warning: '\(name)' is stale (\(reason)); this reads its last value\n  hint: :rerun \(name) recomputes it\n"
        }
        return text
    }

    /// A hint for each name in `text` that is known but was not restored, after a compile error.
    func hints(forUnrestoredNamesIn text: String) -> String {
        guard !unrestored.isEmpty else { return "" }
        var lexer = Lexer(file: SourceFile(id: 0, path: "<cell>", text: text))
        let names = Set(lexer.tokenize().0.filter { $0.kind == .identifier }.map(\.text))
        return names.filter { unrestored[$0] != nil }.sorted().map {
            "  hint: '\($0)' is from the saved session but was not restored (\(graph.staleness(of: $0) ?? "stale")); :rerun \($0) recomputes it\n"
        }.joined()
    }

    // MARK: - Restore

    /// What `restore` did: bindings put back (fresh or not) and how many are stale.
    struct Restored: Equatable {
        var restored: Int
        var stale: Int
    }

    /// Puts the saved session back: every value whose provenance still holds, and stale
    /// values with their last value; values with no saved form are known but not bound.
    /// Function declarations and `std/` imports are compiled again, since that costs nothing
    /// and runs nothing else.
    func restore() -> Restored? {
        guard let (bindings, manifest) = store?.load(), !manifest.entries.isEmpty else { return nil }
        var restoredUnits: [Int: Int] = [:]
        var count = 0
        var rebuild: [(unit: Int, source: String)] = []
        for entry in manifest.entries.sorted(by: { ($0.unit, $0.name) < ($1.unit, $1.name) }) {
            guard let saved = bindings[entry.name] else { continue }
            var problem = entry.stale
            if manifest.runtime != runtime {
                problem = problem ?? "the runtime changed from \(manifest.runtime) to \(runtime)"
            }
            var current: [String: String] = [:]
            for (path, fingerprint) in entry.files.sorted(by: { $0.key < $1.key }) {
                current[path] = CellInputFiles.fingerprint(path)
                if current[path] != fingerprint {
                    problem = problem ?? "'\(Self.relative(path, to: directory))' changed"
                }
            }
            let inputs = entry.inputs.compactMap { $0.count == 2 ? (name: $0[0], provenance: $0[1]) : nil }
            let external = externalTokens(current)
            if problem == nil,
               SessionGraph.provenance(source: saved.source, inputs: inputs.map(\.provenance), external: external) != saved.provenance {
                problem = "its provenance no longer holds"
            }
            var value: Value?
            do {
                value = try SessionCodec.value(of: saved, symbols: session.vm.symbols)
                if value == nil, case .needsRerun(let reason) = saved.content {
                    problem = problem ?? "it was not saved: \(reason)"
                }
            } catch {
                problem = problem ?? "its saved value cannot be read"
            }
            let id = graph.restore(name: entry.name, source: saved.source, unitKey: entry.unit, inputs: inputs,
                                   external: external, provenance: saved.provenance, problem: problem,
                                   madeAt: Date(timeIntervalSince1970: entry.madeAt),
                                   isFunction: entry.kind == DeclKind.function.rawValue, restoredUnits: &restoredUnits)
            files[id] = entry.files
            kinds[entry.name] = entry.kind
            let kind = DeclKind(rawValue: entry.kind) ?? .constant
            if let value {
                session.bind(entry.name, to: value, kind: kind, cell: 0)
                noteFingerprint(entry.name, kind: kind, value: value)
                count += 1
            } else {
                unrestored[entry.name] = saved.kind
                if entry.stale == nil, Self.onlyDeclares(saved.source),
                   let unit = restoredUnits[entry.unit], !rebuild.contains(where: { $0.unit == unit }) {
                    rebuild.append((unit, saved.source))
                }
            }
        }
        processedCells = session.cells.count
        // Functions and std imports come back by compiling them again, oldest first, if what they read is fresh.
        restoring = true
        defer { restoring = false }
        for (unit, source) in rebuild {
            let names = graph.current.filter { graph.definitions[$0.value]?.unit == unit }.map(\.key)
            let blocked = names.contains { name in
                guard let id = graph.current[name], let definition = graph.definitions[id] else { return true }
                return definition.inputs.contains { graph.staleness($0) != nil }
            }
            guard !blocked else { continue }
            let (outcome, _) = session.evaluate(source, keepsResult: false)
            guard case .ran = outcome else { continue }
            // The same definitions as before, compiled again: not a new cell of the graph.
            for name in names where session.binding(name) != nil {
                unrestored[name] = nil
                graph.clearProblem(name)
                count += 1
            }
        }
        processedCells = session.cells.count
        return Restored(restored: count, stale: graph.staleNames.count)
    }

    /// Whether `source` only declares: functions, and imports of the standard library's
    /// native modules. Running it again costs nothing and has no effect besides its bindings.
    static func onlyDeclares(_ source: String) -> Bool {
        let parsed = Parser.parse(file: SourceFile(id: 0, path: "<cell>", text: source))
        guard !parsed.diagnostics.contains(where: \.isError), !parsed.program.statements.isEmpty else { return false }
        return parsed.program.statements.allSatisfy {
            switch $0.kind {
            case .function: return true
            case .importModule(let path, _, _): return Builtins.nativeModules[path] != nil
            default: return false
            }
        }
    }

    static func relative(_ path: String, to directory: String) -> String {
        let folder = (directory as NSString).standardizingPath
        return path.hasPrefix(folder + "/") ? String(path.dropFirst(folder.count + 1)) : path
    }

    // MARK: - Reset

    /// Forgets the graph and the saved session (`:reset`).
    func reset() {
        graph.reset()
        files = [:]
        kinds = [:]
        unrestored = [:]
        mutableFingerprints = [:]
        processedCells = session.cells.count
        store?.clear()
    }
}
