import LatheCore
import Check
import Syntax

/// Lowers one checked module to register IR. Each local lives in its own register for its
/// scope; temporaries are allocated stack-wise above the locals. Locals that closures capture
/// live in boxes so closures share them by reference.
public final class Lowering {
    let module: CheckedModule
    let builtins: [String: BuiltinSignature]
    let program: IRProgram
    let ir: IRModule
    /// Function-table index of each top-level `fn`, by declaration id.
    var topLevelFunctions: [NodeID: Int32] = [:]
    /// The global that receives the value of a final expression statement (REPL inputs).
    var resultSlot: Int?

    init(module: CheckedModule, builtins: [String: BuiltinSignature], program: IRProgram, ir: IRModule) {
        self.module = module
        self.builtins = builtins
        self.program = program
        self.ir = ir
    }

    /// Lowers `module` and appends it to `program`.
    public static func lower(
        _ module: CheckedModule, displayPath: String, into program: IRProgram,
        builtins: [String: BuiltinSignature], resultSlot: Int? = nil
    ) -> IRModule {
        let index = program.modules.count
        let ir = IRModule(path: module.path, displayPath: displayPath, index: index)
        ir.sourceFile = module.file.id
        ir.lineStarts = module.file.lineStarts
        // A native module's own code calls its natives as builtins.
        let visible = builtins.merging(module.interface.natives) { global, _ in global }
        let lowering = Lowering(module: module, builtins: visible, program: program, ir: ir)
        lowering.resultSlot = resultSlot
        lowering.lowerModule()
        program.modules.append(ir)
        program.moduleIndex[module.path] = index
        return ir
    }

    // MARK: - Module

    func lowerModule() {
        let resolution = module.resolution
        for id in resolution.globals {
            let info = resolution.declarations[id]
            ir.globalNames.append(info?.name ?? "?")
            guard let info, let slot = info.globalSlot else { continue }
            if !info.name.hasPrefix("_"), info.kind != .importAlias { ir.exports.append((info.name, slot)) }
            if info.kind == .parameterBinding { ir.parameters.append((info.name, slot)) }
        }
        ir.nativeExports = module.interface.natives.keys.sorted()
        let mainSpan = SourceSpan(file: module.file.id, start: 0, end: module.file.bytes.count)
        let main = FunctionBuilder(function: IRFunction(name: "<main>", span: mainSpan), id: nil, parent: nil, lowering: self)
        ir.functions.append(main.function)
        main.currentSpan = mainSpan
        // Top-level functions get their slots first, so calls to them (even from functions
        // declared earlier) can be direct calls by index.
        for statement in module.program.statements {
            if case .function(let function) = statement.kind, let name = function.name,
               resolution.declarations[name.id]?.globalSlot != nil {
                topLevelFunctions[name.id] = Int32(ir.functions.count)
                ir.functions.append(IRFunction(name: name.name, span: function.span))
            }
        }
        // Hoist top-level functions so code above a declaration can call it.
        for statement in module.program.statements {
            if case .function(let function) = statement.kind, let name = function.name,
               let slot = resolution.declarations[name.id]?.globalSlot {
                main.currentSpan = statement.span
                let register = main.allocate()
                main.makeClosure(function, into: register)
                main.emit(.setGlobal, register, Int32(slot))
                main.free(to: register)
            }
        }
        var statements = module.program.statements
        // A REPL input ending in an expression keeps its value in `resultSlot`, to be shown.
        if let resultSlot, let last = statements.last, case .expression(let expression) = last.kind {
            statements.removeLast()
            main.statements(statements, hoistFunctions: false)
            main.currentSpan = last.span
            let register = main.allocate()
            let value = main.expression(expression, into: register)
            main.emit(.setGlobal, value, Int32(resultSlot))
            main.free(to: register)
        } else {
            main.statements(statements, hoistFunctions: false)
        }
        main.emit(.returnNull)
    }

    func declaration(_ id: NodeID) -> DeclInfo? { module.resolution.declarations[id] }
    func reference(_ id: NodeID) -> Reference? { module.resolution.references[id] }
}

/// Loop bookkeeping for `break` and `continue`.
struct LoopContext {
    var breakJumps: [Int] = []
    var continueJumps: [Int] = []
    /// Register mark to restore at loop exit.
    var registerMark: Int32
    /// How many try blocks were open around the loop: `break` and `continue` close the ones
    /// opened inside it.
    var tryDepth: Int = 0
}

/// Builds one `IRFunction`.
final class FunctionBuilder {
    let function: IRFunction
    let id: NodeID?
    let parent: FunctionBuilder?
    let lowering: Lowering
    var nextRegister: Int32 = 0
    var locals: [NodeID: Int32] = [:]
    var captureSlots: [NodeID: Int32] = [:]
    var loops: [LoopContext] = []
    /// Try blocks open at this point of the function (their handlers are installed).
    var tryDepth = 0
    /// Captured locals whose box was made at block entry (their declaration fills the box).
    var preboxed: Set<NodeID> = []
    /// Local functions already made at block entry.
    var hoisted: Set<NodeID> = []
    var constantIndex: [Scalar: Int32] = [:]
    var currentSpan: SourceSpan

    init(function: IRFunction, id: NodeID?, parent: FunctionBuilder?, lowering: Lowering) {
        self.function = function
        self.id = id
        self.parent = parent
        self.lowering = lowering
        self.currentSpan = function.span
    }

    var symbols: SymbolTable { lowering.program.symbols }

    // MARK: - Emitting

    @discardableResult
    func emit(_ opcode: Opcode, _ a: Int32 = 0, _ b: Int32 = 0, _ c: Int32 = 0, effect: Effect? = nil) -> Int {
        function.instructions.append(Instruction(opcode, a, b, c, effect: effect))
        function.spans.append(currentSpan)
        return function.instructions.count - 1
    }

    /// Positions a jump lands on (see `label()`): a read may reuse the value the previous
    /// instruction wrote only where no jump lands.
    var jumpTargets: Set<Int32> = []

    /// The current position, as a jump target: recorded, so no peephole reuses across it.
    func label() -> Int32 {
        let position = Int32(function.instructions.count)
        jumpTargets.insert(position)
        return position
    }

    /// Points the jump operand of instruction `index` at the current position.
    func patch(_ index: Int, to target: Int32? = nil) {
        let destination = target ?? label()
        jumpTargets.insert(destination)
        var instruction = function.instructions[index]
        switch instruction.opcode {
        case .jump, .pushHandler: instruction.a = destination
        case .jumpIfFalse, .jumpIfTrue, .jumpIfPresent, .jumpIfNotNull, .forRangeStart, .forRangeNext, .shortCircuit: instruction.b = destination
        case .jumpIfNotLess, .jumpIfNotLessConstant, .iteratorNext: instruction.c = destination
        default: preconditionFailure("patching a non-jump instruction")
        }
        function.instructions[index] = instruction
    }

    func allocate() -> Int32 {
        let register = nextRegister
        nextRegister += 1
        function.registerCount = max(function.registerCount, Int(nextRegister))
        return register
    }

    func free(to mark: Int32) { nextRegister = mark }

    func constant(_ value: Scalar) -> Int32 {
        if let index = constantIndex[value] { return index }
        let index = Int32(function.constants.count)
        function.constants.append(value)
        constantIndex[value] = index
        return index
    }

    // MARK: - Variables

    enum Storage {
        case register(Int32)
        case box(Int32)
        case capture(Int32)
        case global(Int32)
    }

    func storage(of declID: NodeID) -> Storage {
        guard let info = lowering.declaration(declID) else { return .global(0) }
        if let slot = info.globalSlot { return .global(Int32(slot)) }
        if let register = locals[declID] { return info.isCaptured ? .box(register) : .register(register) }
        return .capture(captureSlot(for: declID))
    }

    /// The index of `declID` in this function's captures, adding it (and to enclosing functions) as needed.
    func captureSlot(for declID: NodeID) -> Int32 {
        if let slot = captureSlots[declID] { return slot }
        let source: CaptureSource
        if let parent {
            if let register = parent.locals[declID] {
                source = .register(register)
            } else {
                source = .capture(parent.captureSlot(for: declID))
            }
        } else {
            source = .capture(0)
        }
        let slot = Int32(function.captures.count)
        function.captures.append(source)
        captureSlots[declID] = slot
        return slot
    }

    /// Binds a new local whose initial value is in `value` (which may equal its own register).
    func declareLocal(_ declID: NodeID, value: Int32) {
        guard let info = lowering.declaration(declID) else { return }
        if let slot = info.globalSlot {
            emit(.setGlobal, value, Int32(slot))
            return
        }
        let register = locals[declID] ?? allocate()
        locals[declID] = register
        if info.isCaptured {
            emit(.makeBox, register, value)
        } else if register != value {
            emit(.move, register, value)
        }
    }

    func read(_ declID: NodeID, into destination: Int32?) -> Int32 {
        switch storage(of: declID) {
        case .register(let register):
            if let destination, destination != register { emit(.move, destination, register); return destination }
            return register
        case .box(let register):
            let target = destination ?? allocate()
            let position = Int32(function.instructions.count)
            if let last = function.instructions.last, last.opcode == .setBox, last.a == register,
               !jumpTargets.contains(position) {
                if last.b != target { emit(.move, target, last.b) }
                return target
            }
            emit(.getBox, target, register)
            return target
        case .capture(let slot):
            let target = destination ?? allocate()
            // `n += 1; return n` on a captured `n`: the register just stored is the value.
            let position = Int32(function.instructions.count)
            if let last = function.instructions.last, last.opcode == .setCapture, last.b == slot,
               !jumpTargets.contains(position) {
                if last.a != target { emit(.move, target, last.a) }
                return target
            }
            emit(.getCapture, target, slot)
            return target
        case .global(let slot):
            let target = destination ?? allocate()
            emit(.getGlobal, target, slot)
            return target
        }
    }

    func write(_ declID: NodeID, from value: Int32) {
        switch storage(of: declID) {
        case .register(let register):
            if register != value { emit(.move, register, value) }
        case .box(let register): emit(.setBox, register, value)
        case .capture(let slot): emit(.setCapture, value, slot)
        case .global(let slot): emit(.setGlobal, value, slot)
        }
    }

    // MARK: - Functions

    func makeClosure(_ declaration: FunctionDecl, into destination: Int32) {
        let name = declaration.name?.name ?? "<lambda>"
        let functionIndex: Int32
        let nested: IRFunction
        if let id = declaration.name?.id, let reserved = lowering.topLevelFunctions[id] {
            functionIndex = reserved
            nested = lowering.ir.functions[Int(reserved)]
        } else {
            functionIndex = Int32(lowering.ir.functions.count)
            nested = IRFunction(name: name, span: declaration.span)
            lowering.ir.functions.append(nested)
        }
        let builder = FunctionBuilder(function: nested, id: declaration.id, parent: self, lowering: lowering)
        builder.lowerBody(declaration)
        currentSpan = declaration.span
        emit(.makeClosure, destination, functionIndex)
    }

    func lowerBody(_ declaration: FunctionDecl) {
        for parameter in declaration.parameters {
            function.parameters.append(IRParameter(
                name: parameter.name.name, symbol: symbols.intern(parameter.name.name),
                hasDefault: parameter.defaultValue != nil))
            let register = allocate()
            locals[parameter.name.id] = register
        }
        for parameter in declaration.parameters {
            guard let register = locals[parameter.name.id] else { continue }
            if let defaultValue = parameter.defaultValue {
                currentSpan = defaultValue.span
                let skip = emit(.jumpIfPresent, register, 0)
                let mark = nextRegister
                _ = expression(defaultValue, into: register)
                free(to: mark)
                patch(skip)
            }
            if lowering.declaration(parameter.name.id)?.isCaptured == true {
                currentSpan = parameter.name.span
                emit(.makeBox, register, register)
            }
        }
        statements(declaration.body.statements, hoistFunctions: true)
        currentSpan = SourceSpan(file: declaration.body.span.file, start: Int(declaration.body.span.end) - 1, end: Int(declaration.body.span.end))
        emit(.returnNull)
    }
}
