import LatheCore
import Check
import Syntax

/// One IR instruction: an opcode, its effect and up to three operands (see `Opcode.layout`).
public struct Instruction: Sendable, Hashable {
    public var opcode: Opcode
    public var effect: Effect
    /// The VM's inline cache for field reads and writes: the position the field had in the
    /// last record this instruction saw. It fills the struct's padding (16 bytes either way)
    /// and starts at 0; nothing but the VM's copy of the code changes it.
    public var cache: UInt16 = 0
    public var a: Int32
    public var b: Int32
    public var c: Int32

    public init(_ opcode: Opcode, _ a: Int32 = 0, _ b: Int32 = 0, _ c: Int32 = 0, effect: Effect? = nil) {
        self.opcode = opcode
        self.a = a
        self.b = b
        self.c = c
        self.effect = effect ?? opcode.baseEffect
    }
}

/// A constant in a function's pool.
/// Where a closure's captured box comes from when the closure is made.
public enum CaptureSource: Sendable, Hashable {
    /// A boxed local in the enclosing frame's register.
    case register(Int32)
    /// A box the enclosing closure itself captured.
    case capture(Int32)
}

/// A function's declared parameter.
public struct IRParameter: Sendable, Hashable {
    public var name: String
    public var symbol: Int32
    public var hasDefault: Bool
}

/// One compiled function (or a module's top-level code) in register form.
public final class IRFunction: @unchecked Sendable {
    public let name: String
    public var parameters: [IRParameter] = []
    public var registerCount: Int = 0
    public var instructions: [Instruction] = []
    /// The source span of each instruction, for errors and stack traces.
    public var spans: [SourceSpan] = []
    public var constants: [Scalar] = []
    public var captures: [CaptureSource] = []
    /// Argument labels per call site: a symbol, or -1 for a positional argument.
    public var callSites: [[Int32]] = []
    /// Field names per record shape, as symbols.
    public var recordShapes: [[Int32]] = []
    public let span: SourceSpan

    public init(name: String, span: SourceSpan) {
        self.name = name
        self.span = span
    }

    /// The number of parameters without defaults.
    public var requiredParameterCount: Int { parameters.filter { !$0.hasDefault }.count }
}

/// A compiled module: its functions (index 0 is the top-level code) and its globals.
public final class IRModule: @unchecked Sendable {
    /// Canonical path; modules are loaded once per path.
    public let path: String
    /// The path as shown to users.
    public let displayPath: String
    public var functions: [IRFunction] = []
    /// Global names in slot order.
    public var globalNames: [String] = []
    /// Exported names and their global slots.
    public var exports: [(name: String, slot: Int)] = []
    /// Builtins written in Swift that the module also exports (a native library's module).
    public var nativeExports: [String] = []
    /// Top-level `param` names (overridable with `--set`) and their global slots.
    public var parameters: [(name: String, slot: Int)] = []
    /// Index of this module in its program.
    public let index: Int
    /// The source file the module's spans point into, and where its lines start (byte
    /// offsets), so a caught error can say its line without the source manager.
    public var sourceFile: SourceFileID = -1
    public var lineStarts: [Int] = []

    /// The 1-based line of `span`, when it is in this module's file.
    public func line(of span: SourceSpan) -> Int? {
        guard span.file == sourceFile, !lineStarts.isEmpty else { return nil }
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= Int(span.start) { low = mid } else { high = mid - 1 }
        }
        return low + 1
    }

    public init(path: String, displayPath: String, index: Int) {
        self.path = path
        self.displayPath = displayPath
        self.index = index
    }

    public var main: IRFunction { functions[0] }
}

/// All modules of one run, dependencies first, with the symbol table they share.
public final class IRProgram: @unchecked Sendable {
    public var modules: [IRModule] = []
    public let symbols: SymbolTable
    /// Module index by canonical path.
    public var moduleIndex: [String: Int] = [:]

    public init(symbols: SymbolTable = SymbolTable()) {
        self.symbols = symbols
    }
}
