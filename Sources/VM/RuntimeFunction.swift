import IR
import Syntax

/// An `IRFunction` prepared for execution: code and constants in stable unsafe buffers so
/// the VM's loop reads them without bounds or exclusivity checks.
public final class RuntimeFunction {
    public let ir: IRFunction
    /// The owning module keeps its functions alive, so this back reference needs no counting.
    public unowned(unsafe) let module: ModuleInstance
    let code: UnsafeMutablePointer<Instruction>
    /// The module's globals, cached here so a call does not touch the module object.
    let globals: UnsafeMutablePointer<Value>
    /// The module's function table, for direct calls without reference counting.
    let functionTable: UnsafeMutablePointer<Unmanaged<RuntimeFunction>>
    let constants: UnsafeMutablePointer<Value>
    let parameterSymbols: [Int32]
    let parameterCount: Int
    let requiredCount: Int
    let registerCount: Int

    init(ir: IRFunction, module: ModuleInstance) {
        self.ir = ir
        self.module = module
        globals = module.globals
        functionTable = module.functionTable
        code = .allocate(capacity: max(1, ir.instructions.count))
        code.initialize(from: ir.instructions, count: ir.instructions.count)
        constants = .allocate(capacity: max(1, ir.constants.count))
        for (index, constant) in ir.constants.enumerated() {
            (constants + index).initialize(to: Value(constant))
        }
        parameterSymbols = ir.parameters.map(\.symbol)
        parameterCount = ir.parameters.count
        requiredCount = ir.parameters.prefix { !$0.hasDefault }.count
        registerCount = max(ir.registerCount, ir.parameters.count)
    }

    deinit {
        code.deinitialize(count: ir.instructions.count)
        code.deallocate()
        constants.deinitialize(count: ir.constants.count)
        constants.deallocate()
    }

    public var name: String { ir.name }
}

/// A module's runtime state: its globals and prepared functions.
public final class ModuleInstance {
    public let ir: IRModule
    let globals: UnsafeMutablePointer<Value>
    let globalCount: Int
    var functions: [RuntimeFunction] = []
    let functionTable: UnsafeMutablePointer<Unmanaged<RuntimeFunction>>
    enum State { case notStarted, running, finished }
    var state = State.notStarted
    lazy var object = ModuleObject(self)

    /// The table this module's globals live in when they are not its own (REPL cells).
    let shared: SharedGlobals?

    init(ir: IRModule, sharing shared: SharedGlobals? = nil) {
        self.ir = ir
        self.shared = shared
        globalCount = ir.globalNames.count
        if let shared {
            globals = shared.storage
        } else {
            globals = .allocate(capacity: max(1, globalCount))
            globals.initialize(repeating: .undefined, count: max(1, globalCount))
        }
        functionTable = .allocate(capacity: max(1, ir.functions.count))
        functions = []
        functions = ir.functions.map { RuntimeFunction(ir: $0, module: self) }
        for (index, function) in functions.enumerated() {
            (functionTable + index).initialize(to: .passUnretained(function))
        }
    }

    deinit {
        if shared == nil {
            globals.deinitialize(count: max(1, globalCount))
            globals.deallocate()
        }
        functionTable.deallocate()
    }

    /// A native library module's builtins as values, by name; set when the VM loads it.
    var nativeExports: [String: Value] = [:]

    /// The value of an exported name, if defined.
    public func export(_ name: String) -> Value? {
        guard let entry = ir.exports.first(where: { $0.name == name }) else { return nativeExports[name] }
        let value = globals[entry.slot]
        return value.isUndefined ? nil : value
    }

    /// Reports the values this module keeps: its globals, its functions' constants and its
    /// native exports (the collector's roots).
    func forEachRoot(_ visit: (Value) -> Void) {
        let count = shared?.capacity ?? max(1, globalCount)
        for index in 0..<count { visit(globals[index]) }
        for function in functions {
            for index in 0..<function.ir.constants.count { visit(function.constants[index]) }
        }
        for value in nativeExports.values { visit(value) }
    }

    /// A global by name (for tests and the REPL).
    public func global(_ name: String) -> Value? {
        guard let slot = ir.globalNames.firstIndex(of: name) else { return nil }
        let value = globals[slot]
        return value.isUndefined ? nil : value
    }
}

/// One table of globals that several modules use as their own: a REPL's cells, whose global
/// slot `k` is the same binding in every cell (each cell predeclares the earlier ones in the
/// same slots). Its size is fixed, because functions cache its address.
public final class SharedGlobals {
    let storage: UnsafeMutablePointer<Value>
    public let capacity: Int

    public init(capacity: Int) {
        self.capacity = capacity
        storage = .allocate(capacity: capacity)
        storage.initialize(repeating: .undefined, count: capacity)
    }

    deinit {
        storage.deinitialize(count: capacity)
        storage.deallocate()
    }

    /// The value in `slot`; `.undefined` while unset.
    public subscript(slot: Int) -> Value {
        get { precondition(slot >= 0 && slot < capacity, "global slot out of range"); return storage[slot] }
        set { precondition(slot >= 0 && slot < capacity, "global slot out of range"); storage[slot] = newValue }
    }
}
