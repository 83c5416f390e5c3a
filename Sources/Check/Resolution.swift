import Syntax

/// What kind of thing a declared name is.
public enum DeclKind: String, Sendable {
    case constant = "let"
    case variable = "var"
    case parameterBinding = "param"
    case function = "fn"
    case parameter = "parameter"
    case loopVariable = "loop variable"
    case importAlias = "import"

    /// Whether `name = …` is allowed.
    public var isAssignable: Bool { self == .variable }
}

/// Everything the checker learned about one declaration.
public struct DeclInfo: Sendable {
    public var id: NodeID
    public var name: String
    public var kind: DeclKind
    public var span: SourceSpan
    /// Top-level declarations of a module live in global slots.
    public var globalSlot: Int?
    /// The function that owns a local (nil for the module's top-level code).
    public var owner: NodeID?
    /// True when a nested function refers to this local, so it must live in a box.
    public var isCaptured: Bool
    /// The static type, for `let` bindings whose value is an obvious literal.
    public var knownType: ValueType?
    /// The call shape, for functions and `let` bindings of lambdas.
    public var shape: CallableShape?
    /// The fields a `let`-bound library value is known to have before running (e.g. the
    /// columns of `dataset("file.csv")`, read from the file's header).
    public var knownFields: [String]?
    /// What the known fields are called in messages ("column").
    public var fieldNoun: String = "field"

    public init(
        id: NodeID, name: String, kind: DeclKind, span: SourceSpan, globalSlot: Int?, owner: NodeID?, isCaptured: Bool,
        knownType: ValueType? = nil, shape: CallableShape? = nil, knownFields: [String]? = nil, fieldNoun: String = "field"
    ) {
        self.id = id
        self.name = name
        self.kind = kind
        self.span = span
        self.globalSlot = globalSlot
        self.owner = owner
        self.isCaptured = isCaptured
        self.knownType = knownType
        self.shape = shape
        self.knownFields = knownFields
        self.fieldNoun = fieldNoun
    }
}

/// A standard-library module backed by a native library: `import "std/NAME"` gives its
/// Swift builtins plus the functions of its half written in Lathe, as Wren's optional
/// modules do. The Runtime declares them; the checker only sees signatures and source.
public struct NativeModule: Sendable {
    /// The import path, `std/NAME`.
    public var path: String
    public var natives: [String: BuiltinSignature]
    /// The module's Lathe half; its code calls the natives by their bare names.
    public var source: String

    public init(path: String, natives: [String: BuiltinSignature], source: String) {
        self.path = path
        self.natives = natives
        self.source = source
    }
}

/// Tells the checker which fields the result of a builtin call will have, from its literal
/// arguments, without running it. The Runtime provides it (it knows the libraries).
public struct FieldOracle: Sendable {
    /// Builtin name and its literal string arguments by parameter name → field names and the noun for them.
    public var fields: @Sendable (_ builtin: String, _ literals: [String: String]) -> (fields: [String], noun: String)?
    public init(fields: @escaping @Sendable (_ builtin: String, _ literals: [String: String]) -> (fields: [String], noun: String)?) {
        self.fields = fields
    }
}

/// What an identifier expression refers to.
public enum Reference: Sendable, Hashable {
    case declaration(NodeID)
    case builtin(String)
}

/// The public face of a checked module: what `import … as m` gives access to.
public struct ModuleInterface: Sendable {
    public var path: String
    public var exports: [String: DeclInfo]
    /// Builtins written in Swift that the module exports (`import "std/NAME"` of a native
    /// library), by name.
    public var natives: [String: BuiltinSignature] = [:]
    public init(path: String, exports: [String: DeclInfo]) {
        self.path = path
        self.exports = exports
    }
}

/// Name resolution results that the IR lowering consumes.
public struct Resolution: Sendable {
    /// Identifier expression id → what it names.
    public var references: [NodeID: Reference] = [:]
    /// Declaration id → its facts.
    public var declarations: [NodeID: DeclInfo] = [:]
    /// Global slot → declaration id, in slot order.
    public var globals: [NodeID] = []
    /// Import alias declaration id → canonical path of the imported module.
    public var imports: [NodeID: String] = [:]
    public init() {}
}

/// A module after checking, ready to lower.
public struct CheckedModule: Sendable {
    /// Canonical path (or a label such as `<repl>`).
    public var path: String
    public var file: SourceFile
    public var program: SourceProgram
    public var resolution: Resolution
    public var interface: ModuleInterface
}
