import NameMatching
import Check
import IR
import Syntax
import _LatheSignals

/// The register virtual machine. Hot state (registers, frames, pc) lives in unsafe buffers
/// and loop locals rather than class-property arrays, which PLATFORM.md measured to matter.
public final class VM {
    public let program: IRProgram
    public var symbols: SymbolTable { program.symbols }
    /// Where `print`, training progress and warnings go (given at creation).
    public let output: OutputSink
    /// Supplies the value of each top-level `param` as it binds, given its name and default;
    /// nil keeps the default. The front end installs it (`ParameterSettings`) and does all the
    /// validating, before the run and, for defaults only known at run time, in here; the VM binds
    /// whatever it gets.
    public var parameterValue: ((_ name: String, _ defaultValue: Value) throws -> Value?)?
    /// What the program runs inside, for libraries that need more than their arguments: the
    /// front end puts the Runtime's workspace context here (the store a run records into).
    /// The VM never looks at it.
    public var host: AnyObject?

    var modules: [ModuleInstance?] = []
    /// Position of each builtin in `builtinList`, by name.
    let builtinIndex: [String: Int]
    let builtinList: ContiguousArray<Builtin>
    /// Each builtin's parameter names as symbols in this program's table, parallel to
    /// `builtinList`; labelled calls to a builtin value bind by these.
    let builtinParameterSymbols: [[Int32]]
    /// Builtin values indexed by their name's symbol.
    var builtinValues: [Value] = []
    /// Builtins indexed by their name's symbol, for `callBuiltin` (no reference counting).
    var builtinsBySymbol: ContiguousArray<Unmanaged<Builtin>?> = []
    /// The symbols of `push` and `len`, which `callBuiltin` runs inline.
    let pushSymbol: Int32
    let lenSymbol: Int32
    /// Module runs and `call`s from Swift in progress (nested ones included); see `entry`.
    var entryDepth = 0
    /// The objects this VM's values refer to.
    public let heap = Heap()

    static let registerCapacity = 1 << 20
    static let frameCapacity = 10_000
    let registers: UnsafeMutablePointer<Value>
    var initializedRegisters = 0
    let frames: UnsafeMutablePointer<Frame>
    var frameCount = 0
    /// The installed `try` handlers, innermost last; frame indexes never decrease along it.
    var handlers: [Handler] = []

    /// A `try` block's handler: where its catch code starts, in which frame, and the register
    /// (of that frame) that receives the error record.
    struct Handler {
        var frameIndex: Int
        var target: Int
        var register: Int
    }

    /// A call frame. It is plain data (no reference counting on push and pop): the closure is
    /// kept alive by the caller's callee register, the function by its module.
    struct Frame {
        var code: UnsafeMutablePointer<Instruction>
        var constants: UnsafeMutablePointer<Value>
        var globals: UnsafeMutablePointer<Value>
        var functions: UnsafeMutablePointer<Unmanaged<RuntimeFunction>>
        var unmanagedFunction: Unmanaged<RuntimeFunction>
        /// The running closure's captured boxes (see `ClosureObject.captureSlots`); nil for a
        /// plain function. The closure outlives the frame: the caller's register holds it.
        var captures: UnsafeMutablePointer<Value>?
        var base: Int
        var pc: Int
        /// The frame a Swift caller (module run, native callback) waits on.
        var isEntry: Bool

        init(function: RuntimeFunction, closure: ClosureObject?, base: Int, isEntry: Bool) {
            code = function.code
            constants = function.constants
            globals = function.globals
            functions = function.functionTable
            unmanagedFunction = .passUnretained(function)
            captures = closure?.captureSlots
            self.base = base
            pc = 0
            self.isEntry = isEntry
        }

        /// A frame for a function (and the closure running it, if any), built without touching
        /// reference counts.
        init(unmanaged: Unmanaged<RuntimeFunction>, closure: Unmanaged<ClosureObject>? = nil, base: Int) {
            (code, constants, globals, functions) = unmanaged._withUnsafeGuaranteedRef {
                ($0.code, $0.constants, $0.globals, $0.functionTable)
            }
            unmanagedFunction = unmanaged
            captures = closure?._withUnsafeGuaranteedRef { $0.captureSlots }
            self.base = base
            pc = 0
            isEntry = false
        }

        var function: RuntimeFunction { unmanagedFunction.takeUnretainedValue() }

        /// The running closure's captured box `index`, unretained.
        @inline(__always)
        func capture(_ index: Int) -> Unmanaged<BoxObject> {
            unsafeBitCast(captures.unsafelyUnwrapped[index].unmanagedObject, to: Unmanaged<BoxObject>.self)
        }

        /// The running closure's captured box `index`, as a value (to capture it again).
        @inline(__always)
        func captureValue(_ index: Int) -> Value {
            captures.unsafelyUnwrapped[index]
        }
    }

    /// A VM for `program` with `builtins` (the Runtime's `Builtins.all`; the VM knows no library).
    /// The builtins' parameter names are interned into the program's symbol table here, so labels
    /// in code compiled later for the same program match them too.
    public init(program: IRProgram, builtins: [Builtin], output: OutputSink = TerminalSink()) {
        self.program = program
        self.output = output
        var index: [String: Int] = [:]
        for (position, builtin) in builtins.enumerated() { index[builtin.signature.name] = position }
        builtinIndex = index
        builtinList = ContiguousArray(builtins)
        builtinParameterSymbols = builtins.map { builtin in
            builtin.signature.parameters.map { program.symbols.intern($0.name) }
        }
        pushSymbol = program.symbols.intern("push")
        lenSymbol = program.symbols.intern("len")
        registers = .allocate(capacity: VM.registerCapacity)
        frames = .allocate(capacity: VM.frameCapacity)
    }

    deinit {
        heap.abandon()
        registers.deinitialize(count: initializedRegisters)
        registers.deallocate()
        frames.deinitialize(count: frameCount)
        frames.deallocate()
    }

    // MARK: - Entry points

    /// Runs a module's top level (once) and returns its instance. Modules added to the program
    /// after the VM was made run here too, against the same globals, builtins and symbols:
    /// this is how a REPL runs each new input. After an error the VM is ready for the next one.
    @discardableResult
    public func runModule(_ index: Int) throws -> ModuleInstance {
        try entry {
            let instance = try instantiate(index)
            switch instance.state {
            case .finished: return instance
            case .running:
                throw RuntimeError("module '\(instance.ir.displayPath)' is imported while it is still loading",
                                   hint: "break the import cycle",
                                   code: RuntimeErrorCodes.moduleStillLoading)
            case .notStarted:
                instance.state = .running
                do {
                    _ = try execute(instance.functions[0], closure: nil, arguments: [])
                    instance.state = .finished
                } catch {
                    instance.state = .notStarted
                    throw error
                }
                return instance
            }
        }
    }

    /// Makes the instance of module `index` (not yet run) with its globals in `shared`, so a
    /// REPL's cells share one table of bindings; then `runModule` runs it.
    @discardableResult
    public func instantiate(_ index: Int, sharing shared: SharedGlobals) throws -> ModuleInstance {
        guard program.modules[index].globalNames.count <= shared.capacity else {
            throw RuntimeError("too many top-level names in one session (at most \(shared.capacity))",
                               hint: "start a new session", code: RuntimeErrorCodes.builtinFailed)
        }
        return try instantiate(index, shared: shared)
    }

    /// Runs every module of the program that has not run yet, the last one being the entry.
    public func runEntry() throws -> ModuleInstance? {
        guard !program.modules.isEmpty else { return nil }
        return try runModule(program.modules.count - 1)
    }

    func instantiate(_ index: Int, shared: SharedGlobals? = nil) throws -> ModuleInstance {
        while modules.count < program.modules.count { modules.append(nil) }
        if let instance = modules[index] { return instance }
        let instance = withHeap { ModuleInstance(ir: program.modules[index], sharing: shared) }
        for name in instance.ir.nativeExports {
            instance.nativeExports[name] = try withHeap { try builtinValue(symbol: symbols.intern(name)) }
        }
        modules[index] = instance
        return instance
    }

    /// Calls a Lathe function value from Swift (used by builtins that take callbacks).
    public func call(_ callee: Value, arguments: [Value]) throws -> Value {
        try call(callee, count: arguments.count) { base in
            for (index, argument) in arguments.enumerated() { base[index] = argument }
        }
    }

    /// `callee(argument)`, for builtins that call a function once per item (`map`, `filter`,
    /// `sort(key:)`, `map(column, fn)`): no argument array is made per call.
    public func call(_ callee: Value, _ argument: Value) throws -> Value {
        try call(callee, count: 1) { base in base[0] = argument }
    }

    /// Calls `callee` with `count` arguments that `fill` writes into the argument registers.
    private func call(_ callee: Value, count: Int, fill: (UnsafeMutablePointer<Value>) -> Void) throws -> Value {
        try entry {
            guard case .object(let object) = callee.decoded else {
                throw RuntimeError("cannot call a \(callee.typeName)", code: RuntimeErrorCodes.notCallable)
            }
            switch object.kind {
            case .closure:
                let closure = unsafeDowncast(object, to: ClosureObject.self)
                return try execute(closure.function, closure: closure, count: count, fill: fill)
            case .native:
                let builtin = unsafeDowncast(object, to: NativeFunctionObject.self).builtin
                let base = stackTop
                try ensureRegisters(upTo: base + max(count, builtin.parameterCount) + 1)
                fill(registers + base)
                let args = try bindNative(builtin, arguments: registers + base, count: count, labelled: nil)
                return try builtin.body(args)
            default:
                throw RuntimeError("cannot call a \(callee.typeName)", code: RuntimeErrorCodes.notCallable)
            }
        }
    }

    /// Runs one entry from Swift (a module run or a `call`). Each failing `run` has already popped
    /// its own frames; when the outermost entry fails, nothing in the registers is live any more,
    /// so they are cleared too: a failed input keeps no values alive, and the next one starts
    /// from an empty stack.
    func entry<T>(_ body: () throws -> T) throws -> T {
        entryDepth += 1
        defer { entryDepth -= 1 }
        return try Heap.with(heap) {
            do {
                return try body()
            } catch {
                if entryDepth == 1 { resetStack() }
                throw error
            }
        }
    }

    /// Runs `body` with this VM's heap current, so the objects its values make belong to this
    /// VM (a front end restoring a session's bindings, say) rather than living forever.
    public func withHeap<T>(_ body: () throws -> T) rethrows -> T {
        try Heap.with(heap, body)
    }

    /// Drops every frame and register value.
    func resetStack() {
        frames.deinitialize(count: frameCount)
        frameCount = 0
        registers.update(repeating: .null, count: initializedRegisters)
    }

    /// The first register above every live frame.
    var stackTop: Int {
        guard frameCount > 0 else { return 0 }
        let top = frames[frameCount - 1]
        return top.base + top.function.registerCount
    }

    func ensureRegisters(upTo end: Int) throws {
        guard end <= VM.registerCapacity else { throw VM.stackOverflow() }
        if end > initializedRegisters {
            let grown = min(VM.registerCapacity, max(end, initializedRegisters * 2, 1024))
            (registers + initializedRegisters).initialize(repeating: .null, count: grown - initializedRegisters)
            initializedRegisters = grown
        }
    }

    /// Pushes a call frame. Every call goes through here (bytecode calls, direct calls, and
    /// entries from Swift: module runs and native callbacks), so the depth limit lives in one place.
    /// The frame is built only once the depth check has passed, straight into its slot.
    @inline(__always)
    func push(_ frame: @autoclosure () -> Frame) throws -> UnsafeMutablePointer<Frame> {
        let count = frameCount
        guard count < VM.frameCapacity else { throw VM.stackOverflow() }
        let slot = frames + count
        slot.initialize(to: frame())
        frameCount = count &+ 1
        return slot
    }

    @inline(never)
    static func stackOverflow() -> RuntimeError {
        RuntimeError("stack overflow", hint: "check for unbounded recursion", kind: .stackOverflow)
    }

    /// Pushes an entry frame for `function` with `arguments` bound positionally, and runs it.
    func execute(_ function: RuntimeFunction, closure: ClosureObject?, arguments: [Value]) throws -> Value {
        try execute(function, closure: closure, count: arguments.count) { base in
            for (index, argument) in arguments.enumerated() { base[index] = argument }
        }
    }

    func execute(
        _ function: RuntimeFunction, closure: ClosureObject?, count: Int, fill: (UnsafeMutablePointer<Value>) -> Void
    ) throws -> Value {
        let base = stackTop + 1
        try ensureRegisters(upTo: base + max(function.registerCount, count))
        fill(registers + base)
        try bindPositional(function, base: registers + base, count: count)
        _ = try push(Frame(function: function, closure: closure, base: base, isEntry: true))
        return try run()
    }

    // MARK: - Argument binding

    func bindPositional(_ function: RuntimeFunction, base: UnsafeMutablePointer<Value>, count: Int) throws {
        if count > function.parameterCount {
            throw RuntimeError(
                "'\(function.name)' takes \(function.parameterCount == 0 ? "no" : "at most \(function.parameterCount)") argument\(function.parameterCount == 1 ? "" : "s") but \(count) \(count == 1 ? "was" : "were") given",
                code: RuntimeErrorCodes.argumentMismatch)
        }
        if count < function.requiredCount {
            throw RuntimeError("missing argument '\(function.ir.parameters[count].name)' in call to '\(function.name)'",
                               code: RuntimeErrorCodes.argumentMismatch)
        }
        var index = count
        while index < function.parameterCount {
            base[index] = .undefined
            index += 1
        }
    }

    /// Reorders labelled arguments into parameter order, in place.
    func bindLabelled(
        names: [Int32], calleeName: String, base: UnsafeMutablePointer<Value>, count: Int, labels: [Int32],
        required: Int, variadic: Bool, extraNamed: UnsafeMutablePointer<[(name: String, value: Value)]>? = nil
    ) throws -> Int {
        var slots = [Value](repeating: .undefined, count: names.count)
        var extras: [Value] = []
        for index in 0..<count {
            let label = labels[index]
            if label < 0 {
                if index < names.count {
                    slots[index] = base[index]
                } else if variadic {
                    extras.append(base[index])
                } else {
                    let given = labels.filter { $0 < 0 }.count
                    throw RuntimeError(
                        "'\(calleeName)' takes at most \(names.count) argument\(names.count == 1 ? "" : "s") but \(given) \(given == 1 ? "was" : "were") given",
                        code: RuntimeErrorCodes.argumentMismatch)
                }
                continue
            }
            guard let position = names.firstIndex(of: label) else {
                if let extraNamed {
                    extraNamed.pointee.append((symbols.name(label), base[index]))
                    continue
                }
                let valid = names.map { symbols.name($0) }
                let name = symbols.name(label)
                let suggestion = NameSuggestion.closest(to: name, in: valid).map { "did you mean '\($0)'? " } ?? ""
                throw RuntimeError(
                    "unknown argument '\(name)' in call to '\(calleeName)'",
                    hint: valid.isEmpty ? "'\(calleeName)' takes no named arguments" : "\(suggestion)valid: \(valid.joined(separator: ", "))",
                    code: RuntimeErrorCodes.argumentMismatch)
            }
            if !slots[position].isUndefined {
                throw RuntimeError("argument '\(symbols.name(label))' is given twice in call to '\(calleeName)'",
                                   code: RuntimeErrorCodes.argumentMismatch)
            }
            slots[position] = base[index]
        }
        for index in 0..<required where slots[index].isUndefined {
            throw RuntimeError("missing argument '\(symbols.name(names[index]))' in call to '\(calleeName)'",
                               code: RuntimeErrorCodes.argumentMismatch)
        }
        for (index, value) in slots.enumerated() { base[index] = value }
        for (index, value) in extras.enumerated() { base[names.count + index] = value }
        return names.count + extras.count
    }

    /// Binds a native call's arguments in place. `labelled` carries the call site's labels and
    /// the builtin's parameter symbols when any argument is named.
    func bindNative(
        _ builtin: Builtin, arguments base: UnsafeMutablePointer<Value>, count: Int,
        labelled: (labels: [Int32], names: [Int32])?
    ) throws -> Arguments {
        var total = count
        var extraNamed: [(name: String, value: Value)] = []
        if let labelled {
            total = try withUnsafeMutablePointer(to: &extraNamed) { extras in
                try bindLabelled(
                    names: labelled.names, calleeName: builtin.signature.name, base: base, count: count,
                    labels: labelled.labels, required: builtin.requiredCount, variadic: builtin.signature.variadic,
                    extraNamed: builtin.signature.extraNamed ? extras : nil)
            }
        } else {
            if count > builtin.parameterCount, !builtin.signature.variadic {
                let most = builtin.parameterCount
                throw RuntimeError(
                    "'\(builtin.signature.name)' takes \(most == 0 ? "no" : "at most \(most)") argument\(most == 1 ? "" : "s") but \(count) \(count == 1 ? "was" : "were") given",
                    hint: "signature: \(builtin.signature.synopsis)",
                    code: RuntimeErrorCodes.argumentMismatch)
            }
            if count < builtin.requiredCount {
                throw RuntimeError(
                    "missing argument '\(builtin.signature.parameters[count].name)' in call to '\(builtin.signature.name)'",
                    hint: "signature: \(builtin.signature.synopsis)",
                    code: RuntimeErrorCodes.argumentMismatch)
            }
            var index = count
            while index < builtin.parameterCount {
                base[index] = .undefined
                index += 1
            }
            total = max(count, builtin.parameterCount)
        }
        // Fill defaults declared in the signature.
        for index in 0..<builtin.parameterCount where base[index].isUndefined {
            base[index] = builtin.defaults[index]
        }
        return Arguments(base: base, count: total, vm: self, builtin: builtin, extraNamed: extraNamed)
    }

    // MARK: - Builtins

    func builtinValue(symbol: Int32) throws -> Value {
        let index = Int(symbol)
        if index < builtinValues.count, !builtinValues[index].isUndefined { return builtinValues[index] }
        let name = symbols.name(symbol)
        guard let position = builtinIndex[name] else {
            throw RuntimeError("undefined name '\(name)'", code: RuntimeErrorCodes.undefinedAtRunTime)
        }
        while builtinValues.count <= index { builtinValues.append(.undefined) }
        let value = Value.object(NativeFunctionObject(builtinList[position], index: position))
        builtinValues[index] = value
        return value
    }

    /// The builtin for `callBuiltin`, by symbol.
    func builtin(symbol: Int32) throws -> Unmanaged<Builtin> {
        let index = Int(symbol)
        if index < builtinsBySymbol.count, let builtin = builtinsBySymbol[index] { return builtin }
        let name = symbols.name(symbol)
        guard let position = builtinIndex[name] else {
            throw RuntimeError("undefined name '\(name)'", code: RuntimeErrorCodes.undefinedAtRunTime)
        }
        while builtinsBySymbol.count <= index { builtinsBySymbol.append(nil) }
        let builtin = Unmanaged.passUnretained(builtinList[position])
        builtinsBySymbol[index] = builtin
        return builtin
    }

    /// Backward jumps and calls between two safe points (`pollInterrupt`); every one when the
    /// collector is being stressed (`LATHE_HEAP_MIN_OBJECTS`), so tests reach it everywhere.
    static let pollInterval = Heap.minimumCount < 1_000 ? 1 : 4096

    /// Polls for Ctrl-C, and collects garbage when enough was allocated; called every few
    /// thousand backward jumps or calls, which are the VM's safe points.
    @inline(never)
    func pollInterrupt() throws {
        if lathe_take_interrupt() != 0 {
            throw RuntimeError("interrupted", hint: "the program was stopped with Ctrl-C", kind: .interrupted)
        }
        if heap.wantsCollection, entryDepth == 1 { collectGarbage() }
    }

    /// Frees the objects no root reaches. Only at a safe point with no native call in
    /// progress: a builtin's Swift locals are not roots.
    public func collectGarbage() {
        heap.collect { mark in
            for index in 0..<initializedRegisters { mark(registers[index]) }
            for value in builtinValues { mark(value) }
            for case let instance? in modules { instance.forEachRoot(mark) }
        }
    }
}
