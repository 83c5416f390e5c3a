import LatheCore
import NameMatching
import Syntax

/// Checks one parsed module before anything runs: names and scopes, `let` reassignment,
/// misplaced `break`/`continue`/`return`, call arity and named arguments, and obvious
/// type errors on literals. It also produces the `Resolution` the IR lowering needs.
public struct Checker {
    /// How the checker learns about imported modules: returns the interface, or a diagnostic.
    public typealias ImportResolver = (_ path: String, _ span: SourceSpan) -> Result<ModuleInterface, Diagnostic>

    let file: SourceFile
    let builtins: [String: BuiltinSignature]
    /// The kinds of library value, by name, with their fields and operators.
    let kinds: [String: ValueKind]
    /// For builtins that live behind `import "std/NAME"`: name → module path, for the hint.
    let nativeHomes: [String: String]
    let resolveImport: ImportResolver
    /// Names already bound by earlier REPL entries (global slot order preserved).
    let predeclared: [DeclInfo]
    /// Known fields of builtin results (dataset columns), when the caller provides it.
    let fieldOracle: FieldOracle?

    var resolution = Resolution()
    var diagnostics: [Diagnostic] = []
    var scopes: [Scope] = []
    var context = Context()
    var importInterfaces: [NodeID: ModuleInterface] = [:]

    /// Per-function state that resets at a function boundary.
    struct Context {
        var function: NodeID?
        var loopDepth = 0
    }

    /// One lexical scope.
    final class Scope {
        var names: [String: NodeID] = [:]
        /// Names declared later in this scope (hoisted lookups report "used before declaration").
        var laterNames: [String: NodeID] = [:]
        let function: NodeID?
        let isModule: Bool
        init(function: NodeID?, isModule: Bool) {
            self.function = function
            self.isModule = isModule
        }
    }

    public init(
        file: SourceFile, builtins: [String: BuiltinSignature], kinds: [String: ValueKind] = [:],
        nativeHomes: [String: String] = [:],
        predeclared: [DeclInfo] = [],
        fieldOracle: FieldOracle? = nil,
        resolveImport: @escaping ImportResolver
    ) {
        self.file = file
        self.builtins = builtins
        self.kinds = kinds
        self.nativeHomes = nativeHomes
        self.predeclared = predeclared
        self.fieldOracle = fieldOracle
        self.resolveImport = resolveImport
    }

    /// Checks `program` and returns the resolution, the module's interface and diagnostics.
    public mutating func check(_ program: SourceProgram, path: String) -> (CheckedModule, [Diagnostic]) {
        let moduleScope = Scope(function: nil, isModule: true)
        scopes = [moduleScope]
        for info in predeclared {
            resolution.declarations[info.id] = info
            resolution.globals.append(info.id)
            moduleScope.names[info.name] = info.id
        }
        // Functions are hoisted so top-level code may call a function declared below it.
        for statement in program.statements {
            if case .function(let function) = statement.kind, let name = function.name {
                declare(name, kind: .function, shape: CallableShape(function, name: name.name))
            }
        }
        // Other top-level names are visible inside function bodies before their declaration.
        for statement in program.statements {
            switch statement.kind {
            case .binding(_, let name, _), .importModule(_, _, let name):
                if moduleScope.names[name.name] == nil, moduleScope.laterNames[name.name] == nil {
                    moduleScope.laterNames[name.name] = name.id
                }
            default: break
            }
        }
        checkStatements(program.statements)
        var exports: [String: DeclInfo] = [:]
        for id in resolution.globals {
            guard let info = resolution.declarations[id], !info.name.hasPrefix("_"),
                  info.kind != .importAlias else { continue }
            exports[info.name] = info
        }
        let interface = ModuleInterface(path: path, exports: exports)
        let module = CheckedModule(path: path, file: file, program: program, resolution: resolution, interface: interface)
        return (module, diagnostics)
    }

    // MARK: - Declarations

    @discardableResult
    mutating func declare(
        _ name: NameDecl, kind: DeclKind, type: ValueType? = nil, shape: CallableShape? = nil
    ) -> DeclInfo {
        let scope = scopes[scopes.count - 1]
        if let existing = scope.names[name.name], let previous = resolution.declarations[existing],
           existing != name.id {
            if !(scope.isModule && predeclared.contains(where: { $0.id == existing })) {
                report(
                    CheckErrorCodes.alreadyDeclared, "'\(name.name)' is already declared in this scope", at: name.span,
                    hint: "choose another name, or assign with '=' if it is a var",
                    notes: [.init(message: "'\(name.name)' first declared here", span: previous.span)])
                return previous
            }
        }
        if let existing = scope.names[name.name], existing == name.id, let info = resolution.declarations[existing] {
            return info
        }
        let isGlobal = scope.isModule
        let info = DeclInfo(
            id: name.id, name: name.name, kind: kind, span: name.span,
            globalSlot: isGlobal ? resolution.globals.count : nil,
            owner: isGlobal ? nil : context.function, isCaptured: false,
            knownType: kind == .constant || kind == .parameterBinding ? type : nil,
            shape: shape)
        if isGlobal { resolution.globals.append(name.id) }
        resolution.declarations[name.id] = info
        scope.names[name.name] = name.id
        scope.laterNames[name.name] = nil
        return info
    }

    mutating func withScope(function: NodeID?, _ body: (inout Checker) -> Void) {
        scopes.append(Scope(function: function, isModule: false))
        body(&self)
        scopes.removeLast()
    }

    // MARK: - Lookup

    enum Lookup {
        case found(DeclInfo)
        case builtin(BuiltinSignature)
        case laterInScope(DeclInfo?, NodeID)
        case missing
    }

    func lookup(_ name: String) -> Lookup {
        for scope in scopes.reversed() {
            if let id = scope.names[name], let info = resolution.declarations[id] {
                return .found(info)
            }
            if let id = scope.laterNames[name] {
                // Function bodies may refer to top-level names declared later: they run later.
                if scope.isModule && context.function != nil {
                    return .laterInScope(nil, id)
                }
                return .laterInScope(resolution.declarations[id], id)
            }
        }
        if let builtin = builtins[name] { return .builtin(builtin) }
        return .missing
    }

    /// Every name visible here, for "did you mean".
    func visibleNames() -> [String] {
        var names = Set(builtins.keys)
        for scope in scopes { names.formUnion(scope.names.keys) }
        return Array(names)
    }

    /// Resolves an identifier use, reporting undefined names.
    mutating func resolve(_ name: String, id: NodeID, span: SourceSpan) -> DeclInfo? {
        switch lookup(name) {
        case .found(let info):
            resolution.references[id] = .declaration(info.id)
            markCaptureIfNeeded(info)
            return resolution.declarations[info.id]
        case .builtin:
            resolution.references[id] = .builtin(name)
            return nil
        case .laterInScope(let info, let declID):
            if info == nil, context.function != nil {
                // A top-level name used inside a function before its declaration: resolved
                // once the declaration is reached, by the module scope's later-name table.
                resolution.references[id] = .declaration(declID)
                return nil
            }
            report(
                CheckErrorCodes.usedBeforeDeclaration, "'\(name)' is used before its declaration", at: span,
                hint: "move the declaration of '\(name)' above this line")
            return nil
        case .missing:
            var hint: String?
            if let module = nativeHomes[name] {
                let alias = module.split(separator: "/").last.map(String.init) ?? module
                hint = "'\(name)' is in \(module): import \"\(module)\" as \(alias), then call \(alias).\(name)(…)"
            } else if let suggestion = NameSuggestion.closest(to: name, in: visibleNames()) {
                hint = "did you mean '\(suggestion)'?"
            }
            report(CheckErrorCodes.undefinedName, "undefined name '\(name)'", at: span, hint: hint)
            return nil
        }
    }

    mutating func markCaptureIfNeeded(_ info: DeclInfo) {
        guard info.globalSlot == nil, info.owner != context.function else { return }
        resolution.declarations[info.id]?.isCaptured = true
    }

    // MARK: - Reporting

    mutating func report(
        _ code: ErrorCode, _ message: String, at span: SourceSpan, severity: Diagnostic.Severity = .error, hint: String? = nil,
        notes: [Diagnostic.Note] = []
    ) {
        diagnostics.append(Diagnostic(code: code, severity: severity, message: message, span: span, hint: hint, notes: notes))
    }
}
