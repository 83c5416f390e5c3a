import Check
import Foundation
import IR
import Runtime
import Store
import Syntax
import VM

/// One REPL session: a VM whose program grows by one module per input (a cell), and the
/// bindings the cells have made so far.
///
/// Every cell keeps its globals in one `SharedGlobals` table. Each global slot ever declared
/// stays that slot for the whole session: a cell is compiled with all earlier slots
/// predeclared in their places, so its own declarations take the next ones. A name declared
/// again gets a new slot and the newest one is what later cells see, while functions
/// compiled earlier keep the binding they were compiled against. A cell that fails keeps what
/// it bound before the failure, and the VM is ready for the next one (see `VM.runModule`).
public final class REPLSession {
    /// A visible name: the newest declaration of it that has a value.
    public struct Binding {
        public var name: String
        public var kind: DeclKind
        public var slot: Int
        /// The cell (1-based) that made the binding.
        public var cell: Int
        public var value: Value?
    }

    /// One global slot of the session.
    struct Slot {
        /// The checker's facts (kind, call shape, known fields), carried into later cells.
        var info: DeclInfo
        var cell: Int
        /// False after `:reset` (and for the two result slots): not shown, not nameable.
        var visible: Bool
    }

    /// What one cell defined and read: the def/use facts the checker found, by name.
    public struct CellRecord: Equatable {
        /// 1-based, in the order cells were evaluated.
        public var number: Int
        public var source: String
        /// The top-level names the cell declared and reached (in declaration order).
        public var defines: [String]
        /// The earlier session names the cell's code refers to, its functions' bodies included.
        public var reads: Set<String>
        /// Whether it compiled and ran without error.
        public var succeeded: Bool
    }

    /// What evaluating a cell came to.
    public enum Outcome: Equatable {
        /// It ran; the text of a final expression's value, if it had one (null shows nothing).
        case ran(shown: String?)
        /// It did not compile; the rendered diagnostics.
        case compileError(String)
        /// It failed while running; the rendered error.
        case runtimeError(String, interrupted: Bool)
    }

    /// The name of the last shown value, as in Python's prompt; slot 0.
    public static let resultName = "_"
    /// Slot 1, where a cell's final expression leaves its value; its name cannot be typed.
    static let pendingResultSlot = 1
    /// How many globals a session can hold.
    public static let capacity = 1 << 16

    public let sources = SourceManager()
    public let vm: VM
    public let context: WorkspaceContext
    let program: IRProgram
    let globals = SharedGlobals(capacity: REPLSession.capacity)
    let directory: String
    let colored: Bool
    /// Where the checker's warnings for a cell that compiled go.
    public var warningStream: (String) -> Void = { StandardError.write($0) }
    /// Called with the session names a cell reads once it has compiled, before it runs (the
    /// REPL warns there about stale ones).
    public var willRun: ((_ reads: Set<String>) -> Void)?
    var slots: [Slot] = []
    public private(set) var cellCount = 0
    /// Every cell evaluated so far, in order (including the ones that failed).
    public private(set) var cells: [CellRecord] = []

    public init(output: OutputSink, workspace: Workspace, directory: String = FileManager.default.currentDirectoryPath,
                colored: Bool = false) {
        self.directory = directory
        self.colored = colored
        let empty = Compiler.compile(text: "", path: "REPL[0]", directory: directory, sources: sources)
        program = empty.program ?? IRProgram()
        vm = VM(program: program, builtins: Builtins.all, output: output)
        context = WorkspaceContext(workspace: workspace, script: nil)
        vm.host = context
        _ = try? vm.runEntry()
        for (slot, name) in [Self.resultName, " result"].enumerated() {
            let info = DeclInfo(id: -1, name: name, kind: .constant, span: .unknown, globalSlot: slot, owner: nil, isCaptured: false)
            slots.append(Slot(info: info, cell: 0, visible: false))
        }
        globals[0] = .null
    }

    /// The visible bindings, each name once (its newest value), in the order first made.
    public var bindings: [Binding] {
        var order: [String] = []
        var newest: [String: Binding] = [:]
        for (index, slot) in slots.enumerated() where slot.visible {
            let value = globals[index]
            guard !value.isUndefined else { continue }
            if newest[slot.info.name] == nil { order.append(slot.info.name) }
            newest[slot.info.name] = Binding(name: slot.info.name, kind: slot.info.kind, slot: index, cell: slot.cell, value: value)
        }
        return order.compactMap { newest[$0] }
    }

    /// The binding called `name`, if any.
    public func binding(_ name: String) -> Binding? { bindings.first { $0.name == name } }

    /// Every slot so far, in slot order, as the next cell's predeclared names. Node ids are
    /// negative so they never meet the new cell's own.
    func predeclarations() -> [DeclInfo] {
        slots.enumerated().map { index, slot in
            var info = slot.info
            info.id = NodeID(-1 - index)
            info.globalSlot = index
            info.owner = nil
            info.isCaptured = false
            if !slot.visible, index > 0 { info.name = " \(index)" }
            return info
        }
    }

    /// Compiles and runs one cell. With `keepsResult` false its final value does not become `_`.
    public func evaluate(_ text: String, path: String? = nil, keepsResult: Bool = true) -> (Outcome, Value?) {
        cellCount += 1
        let cell = cellCount
        let compilation = Compiler.compile(
            text: text, path: path ?? "REPL[\(cell)]", directory: directory, sources: sources, into: program,
            canonicalPath: (directory as NSString).appendingPathComponent("REPL[\(cell)]"),
            predeclared: predeclarations(), resultSlot: Self.pendingResultSlot)
        let renderer = DiagnosticRenderer(sources: sources, colored: colored)
        let diagnostics = compilation.diagnostics.sorted { ($0.span.file, $0.span.start) < ($1.span.file, $1.span.start) }
        guard let entry = compilation.entry, !compilation.hasErrors else {
            cells.append(CellRecord(number: cell, source: text, defines: [], reads: [], succeeded: false))
            return (.compileError(renderer.render(diagnostics)), nil)
        }
        let reads = sessionNamesRead(by: compilation)
        if !diagnostics.isEmpty { warningStream(renderer.render(diagnostics)) }
        willRun?(reads)
        let firstNew = slots.count
        adoptSlots(of: compilation, cell: cell)
        globals[Self.pendingResultSlot] = .undefined
        var failure: Outcome?
        do {
            try vm.instantiate(entry.index, sharing: globals)
            try vm.runModule(entry.index)
        } catch let error as RuntimeError {
            failure = .runtimeError(renderer.render(error), interrupted: error.kind == .interrupted)
        } catch {
            failure = .runtimeError("error: \(error)\n", interrupted: false)
        }
        vm.output.flush()
        // Declarations the cell did not reach (it failed first) are not bindings: their names
        // go back to what they meant before the cell.
        for index in firstNew..<slots.count where globals[index].isUndefined {
            slots[index].visible = false
        }
        let defines = (firstNew..<slots.count).filter { slots[$0].visible }.map { slots[$0].info.name }
        cells.append(CellRecord(number: cell, source: text, defines: defines, reads: reads, succeeded: failure == nil))
        let result = globals[Self.pendingResultSlot]
        globals[Self.pendingResultSlot] = .undefined
        if let failure { return (failure, nil) }
        if result.isUndefined || result.isNull { return (.ran(shown: nil), result.isUndefined ? nil : result) }
        if keepsResult { globals[0] = result }
        return (.ran(shown: display(result)), result)
    }

    /// The names of earlier slots the cell refers to: predeclared slots have negative node ids
    /// (see `predeclarations`), so every reference to one is a read of the session's state.
    func sessionNamesRead(by compilation: Compilation) -> Set<String> {
        guard let path = compilation.graph.order.last, let module = compilation.graph.modules[path] else { return [] }
        var names: Set<String> = []
        for reference in module.resolution.references.values {
            guard case .declaration(let id) = reference, id < 0 else { continue }
            let slot = -1 - Int(id)
            guard slot < slots.count, slot > Self.pendingResultSlot || slot == 0 else { continue }
            names.insert(slot == 0 ? Self.resultName : slots[slot].info.name)
        }
        return names
    }

    /// Records the cell's own top-level declarations as session slots, in slot order.
    func adoptSlots(of compilation: Compilation, cell: Int) {
        guard let path = compilation.graph.order.last, let module = compilation.graph.modules[path] else { return }
        let resolution = module.resolution
        for id in resolution.globals where id >= 0 {
            guard var info = resolution.declarations[id], let slot = info.globalSlot, slot == slots.count else { continue }
            // An import alias is a module value like any other to later cells.
            if info.kind == .importAlias { info.kind = .constant }
            slots.append(Slot(info: info, cell: cell, visible: true))
        }
    }

    /// How the prompt shows a value: `ValueDisplay`'s terminal text (strings quoted, frames
    /// and reports as tables, charts drawn), fitted to standard output and coloured only
    /// when it is a terminal and `NO_COLOR` is unset.
    public func display(_ value: Value) -> String {
        ValueDisplay.text(value, symbols: vm.symbols, options: .standardOutput())
    }

    /// Binds `name` to `value` without running code, as a new slot that later cells see:
    /// how a restored session or a notebook cell taken from the cache puts its values back.
    /// `cell` is the cell credited with the binding (0 when none ran in this session).
    public func bind(_ name: String, to value: Value, kind: DeclKind = .constant, cell: Int = 0) {
        let slot = slots.count
        let info = DeclInfo(id: -1, name: name, kind: kind, span: .unknown, globalSlot: slot, owner: nil, isCaptured: false)
        slots.append(Slot(info: info, cell: cell, visible: true))
        globals[slot] = value
    }

    /// Forgets every binding (`:reset`): their slots stay, unnamed and emptied.
    public func reset() {
        for index in slots.indices {
            slots[index].visible = false
            globals[index] = index == 0 ? .null : .undefined
        }
    }
}

extension Value {
    var isNull: Bool {
        if case .null = self.decoded { return true }
        return false
    }
}
