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
    /// Where `print` writes; stdout by default.
    public var write: (String) -> Void = { text in StandardOutput.write(text) }
    /// `--set name=value` overrides for top-level `param` bindings.
    public var parameterOverrides: [String: Value] = [:]

    var modules: [ModuleInstance?] = []
    let builtins: [String: Builtin]
    /// Builtin values indexed by their name's symbol.
    var builtinValues: [Value] = []
    /// Builtins indexed by their name's symbol, for `callBuiltin` (no reference counting).
    var builtinsBySymbol: ContiguousArray<Unmanaged<Builtin>?> = []

    static let registerCapacity = 1 << 20
    static let frameCapacity = 10_000
    let registers: UnsafeMutablePointer<Value>
    var initializedRegisters = 0
    let frames: UnsafeMutablePointer<Frame>
    var frameCount = 0

    /// A call frame. It is plain data (no reference counting on push and pop): the closure is
    /// kept alive by the caller's callee register, the function by its module.
    struct Frame {
        var code: UnsafeMutablePointer<Instruction>
        var constants: UnsafeMutablePointer<Value>
        var globals: UnsafeMutablePointer<Value>
        var functions: UnsafeMutablePointer<Unmanaged<RuntimeFunction>>
        var unmanagedFunction: Unmanaged<RuntimeFunction>
        var unmanagedClosure: Unmanaged<ClosureObject>?
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
            unmanagedClosure = closure.map { .passUnretained($0) }
            self.base = base
            pc = 0
            self.isEntry = isEntry
        }

        /// A frame for a top-level function (no closure), built without touching reference counts.
        init(unmanaged: Unmanaged<RuntimeFunction>, base: Int) {
            (code, constants, globals, functions) = unmanaged._withUnsafeGuaranteedRef {
                ($0.code, $0.constants, $0.globals, $0.functionTable)
            }
            unmanagedFunction = unmanaged
            unmanagedClosure = nil
            self.base = base
            pc = 0
            isEntry = false
        }

        var function: RuntimeFunction { unmanagedFunction.takeUnretainedValue() }

        /// The running closure's captured box `index`.
        @inline(__always)
        func capture(_ index: Int) -> BoxObject {
            unmanagedClosure.unsafelyUnwrapped._withUnsafeGuaranteedRef { $0.captures[index] }
        }
    }

    public init(program: IRProgram, builtins: [Builtin] = Builtins.all) {
        self.program = program
        var table: [String: Builtin] = [:]
        for builtin in builtins { table[builtin.signature.name] = builtin }
        self.builtins = table
        registers = .allocate(capacity: VM.registerCapacity)
        frames = .allocate(capacity: VM.frameCapacity)
    }

    deinit {
        registers.deinitialize(count: initializedRegisters)
        registers.deallocate()
        frames.deinitialize(count: frameCount)
        frames.deallocate()
    }

    // MARK: - Entry points

    /// Runs a module's top level (once) and returns its instance.
    @discardableResult
    public func runModule(_ index: Int) throws -> ModuleInstance {
        let instance = try instantiate(index)
        switch instance.state {
        case .finished: return instance
        case .running:
            throw RuntimeError("module '\(instance.ir.displayPath)' is imported while it is still loading",
                               hint: "break the import cycle")
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

    /// Runs every module of the program that has not run yet, the last one being the entry.
    public func runEntry() throws -> ModuleInstance? {
        guard !program.modules.isEmpty else { return nil }
        return try runModule(program.modules.count - 1)
    }

    func instantiate(_ index: Int) throws -> ModuleInstance {
        while modules.count < program.modules.count { modules.append(nil) }
        if let instance = modules[index] { return instance }
        let instance = ModuleInstance(ir: program.modules[index])
        modules[index] = instance
        return instance
    }

    /// Calls a Lathe function value from Swift (used by builtins that take callbacks).
    public func call(_ callee: Value, arguments: [Value]) throws -> Value {
        guard case .object(let object) = callee else {
            throw RuntimeError("cannot call a \(callee.typeName)")
        }
        switch object.kind {
        case .closure:
            let closure = unsafeDowncast(object, to: ClosureObject.self)
            return try execute(closure.function, closure: closure, arguments: arguments)
        case .native:
            let builtin = unsafeDowncast(object, to: NativeFunctionObject.self).builtin
            let base = stackTop
            try ensureRegisters(upTo: base + max(arguments.count, builtin.parameterCount) + 1)
            for (index, argument) in arguments.enumerated() { registers[base + index] = argument }
            let args = try bindNative(builtin, arguments: registers + base, count: arguments.count, labels: nil)
            return try builtin.body(args)
        default:
            throw RuntimeError("cannot call a \(callee.typeName)")
        }
    }

    /// The first register above every live frame.
    var stackTop: Int {
        guard frameCount > 0 else { return 0 }
        let top = frames[frameCount - 1]
        return top.base + top.function.registerCount
    }

    func ensureRegisters(upTo end: Int) throws {
        guard end <= VM.registerCapacity else {
            throw RuntimeError("stack overflow", hint: "check for unbounded recursion", kind: .stackOverflow)
        }
        if end > initializedRegisters {
            let grown = min(VM.registerCapacity, max(end, initializedRegisters * 2, 1024))
            (registers + initializedRegisters).initialize(repeating: .null, count: grown - initializedRegisters)
            initializedRegisters = grown
        }
    }

    /// Pushes an entry frame for `function` with `arguments` bound positionally, and runs it.
    func execute(_ function: RuntimeFunction, closure: ClosureObject?, arguments: [Value]) throws -> Value {
        let base = stackTop + 1
        try ensureRegisters(upTo: base + max(function.registerCount, arguments.count))
        for (index, argument) in arguments.enumerated() { registers[base + index] = argument }
        try bindPositional(function, base: registers + base, count: arguments.count)
        guard frameCount < VM.frameCapacity else {
            throw RuntimeError("stack overflow", hint: "check for unbounded recursion", kind: .stackOverflow)
        }
        (frames + frameCount).initialize(to: Frame(function: function, closure: closure, base: base, isEntry: true))
        frameCount += 1
        return try run()
    }

    // MARK: - Argument binding

    func bindPositional(_ function: RuntimeFunction, base: UnsafeMutablePointer<Value>, count: Int) throws {
        if count > function.parameterCount {
            throw RuntimeError(
                "'\(function.name)' takes \(function.parameterCount == 0 ? "no" : "at most \(function.parameterCount)") argument\(function.parameterCount == 1 ? "" : "s") but \(count) \(count == 1 ? "was" : "were") given")
        }
        if count < function.requiredCount {
            throw RuntimeError("missing argument '\(function.ir.parameters[count].name)' in call to '\(function.name)'")
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
                        "'\(calleeName)' takes at most \(names.count) argument\(names.count == 1 ? "" : "s") but \(given) \(given == 1 ? "was" : "were") given")
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
                    hint: valid.isEmpty ? "'\(calleeName)' takes no named arguments" : "\(suggestion)valid: \(valid.joined(separator: ", "))")
            }
            if !slots[position].isUndefined {
                throw RuntimeError("argument '\(symbols.name(label))' is given twice in call to '\(calleeName)'")
            }
            slots[position] = base[index]
        }
        for index in 0..<required where slots[index].isUndefined {
            throw RuntimeError("missing argument '\(symbols.name(names[index]))' in call to '\(calleeName)'")
        }
        for (index, value) in slots.enumerated() { base[index] = value }
        for (index, value) in extras.enumerated() { base[names.count + index] = value }
        return names.count + extras.count
    }

    func bindNative(_ builtin: Builtin, arguments base: UnsafeMutablePointer<Value>, count: Int, labels: [Int32]?) throws -> Arguments {
        var total = count
        var extraNamed: [(name: String, value: Value)] = []
        if let labels {
            total = try withUnsafeMutablePointer(to: &extraNamed) { extras in
                try bindLabelled(
                    names: builtin.parameterSymbols, calleeName: builtin.signature.name, base: base, count: count,
                    labels: labels, required: builtin.requiredCount, variadic: builtin.signature.variadic,
                    extraNamed: builtin.signature.extraNamed ? extras : nil)
            }
        } else {
            if count > builtin.parameterCount, !builtin.signature.variadic {
                let most = builtin.parameterCount
                throw RuntimeError(
                    "'\(builtin.signature.name)' takes \(most == 0 ? "no" : "at most \(most)") argument\(most == 1 ? "" : "s") but \(count) \(count == 1 ? "was" : "were") given",
                    hint: "signature: \(builtin.signature.synopsis)")
            }
            if count < builtin.requiredCount {
                throw RuntimeError(
                    "missing argument '\(builtin.signature.parameters[count].name)' in call to '\(builtin.signature.name)'",
                    hint: "signature: \(builtin.signature.synopsis)")
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
        guard let builtin = builtins[name] else {
            throw RuntimeError("undefined name '\(name)'")
        }
        while builtinValues.count <= index { builtinValues.append(.undefined) }
        let value = Value.object(NativeFunctionObject(builtin))
        builtinValues[index] = value
        return value
    }

    /// The builtin for `callBuiltin`, by symbol.
    func builtin(symbol: Int32) throws -> Unmanaged<Builtin> {
        let index = Int(symbol)
        if index < builtinsBySymbol.count, let builtin = builtinsBySymbol[index] { return builtin }
        let name = symbols.name(symbol)
        guard let builtin = builtins[name] else { throw RuntimeError("undefined name '\(name)'") }
        while builtinsBySymbol.count <= index { builtinsBySymbol.append(nil) }
        builtinsBySymbol[index] = .passUnretained(builtin)
        return .passUnretained(builtin)
    }

    /// Polls for Ctrl-C; called every few thousand backward jumps or calls.
    @inline(never)
    func pollInterrupt() throws {
        if lathe_take_interrupt() != 0 {
            throw RuntimeError("interrupted", hint: "the program was stopped with Ctrl-C", kind: .interrupted)
        }
    }
}
