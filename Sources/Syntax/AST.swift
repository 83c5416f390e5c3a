/// A unique id for an AST node that declares or references a name. The checker's
/// resolution tables and the IR lowering key on it.
public typealias NodeID = Int32

/// A parsed `.mlx` file.
public struct SourceProgram: Sendable {
    public var file: SourceFileID
    public var statements: [Stmt]
    public init(file: SourceFileID, statements: [Stmt]) {
        self.file = file
        self.statements = statements
    }
}

/// A `{ … }` block.
public struct Block: Sendable {
    public var statements: [Stmt]
    public var span: SourceSpan
    public init(statements: [Stmt], span: SourceSpan) {
        self.statements = statements
        self.span = span
    }
}

/// A statement with its span.
public struct Stmt: Sendable {
    public var kind: StmtKind
    public var span: SourceSpan
    public init(_ kind: StmtKind, span: SourceSpan) {
        self.kind = kind
        self.span = span
    }
}

/// How a name was introduced.
public enum BindingKind: String, Sendable {
    /// `let x = …`: immutable.
    case constant = "let"
    /// `var x = …`: mutable.
    case variable = "var"
    /// `param x = …`: an immutable top-level value that `lathe run --set x=…` may override.
    case parameter = "param"
}

/// A declared name: `let`/`var`/`param`, a function, a parameter, a `for` variable or an import alias.
public struct NameDecl: Sendable {
    public var name: String
    public var span: SourceSpan
    public var id: NodeID
    public init(name: String, span: SourceSpan, id: NodeID) {
        self.name = name
        self.span = span
        self.id = id
    }
}

public enum AssignOperator: String, Sendable {
    case assign = "=", add = "+=", subtract = "-=", multiply = "*=", divide = "/="
    case remainder = "%=", floorDivide = "//=", power = "**="

    /// The arithmetic a compound assignment performs.
    public var binary: BinaryOperator? {
        switch self {
        case .assign: return nil
        case .add: return .add
        case .subtract: return .subtract
        case .multiply: return .multiply
        case .divide: return .divide
        case .remainder: return .remainder
        case .floorDivide: return .floorDivide
        case .power: return .power
        }
    }
}

public indirect enum StmtKind: Sendable {
    /// `let`, `var` or `param` declaration.
    case binding(kind: BindingKind, name: NameDecl, value: Expr)
    /// `target = value` or a compound form. `target` is an identifier, field or index expression.
    case assign(target: Expr, op: AssignOperator, value: Expr)
    /// `fn name(params) { body }`.
    case function(FunctionDecl)
    /// An expression evaluated for its effect (or shown, in the REPL).
    case expression(Expr)
    /// `if c { } else if d { } else { }`. One entry per `if`/`else if`.
    case ifElse(branches: [ConditionalBranch], elseBlock: Block?)
    case whileLoop(condition: Expr, body: Block)
    /// `for name in iterable { body }`.
    case forLoop(variable: NameDecl, iterable: Expr, body: Block)
    /// `try { body } catch name { handler }`: an error raised while `body` runs (by `fail`, an
    /// operator or a builtin; never Ctrl-C) stops it and runs `handler` with `name` bound to a
    /// record of the error. The name is optional.
    case tryCatch(body: Block, name: NameDecl?, handler: Block)
    case breakLoop
    case continueLoop
    case returnValue(Expr?)
    /// `import "path" as alias`. `pathSpan` covers the string literal.
    case importModule(path: String, pathSpan: SourceSpan, alias: NameDecl)
}

public struct ConditionalBranch: Sendable {
    public var condition: Expr
    public var body: Block
    public init(condition: Expr, body: Block) {
        self.condition = condition
        self.body = body
    }
}

/// A function parameter. Parameters without a default are positional and required;
/// parameters with a default are named (`f(1, scale: 2)`) and optional.
public struct Parameter: Sendable {
    public var name: NameDecl
    public var defaultValue: Expr?
    public init(name: NameDecl, defaultValue: Expr?) {
        self.name = name
        self.defaultValue = defaultValue
    }
}

/// A named function or a lambda.
public struct FunctionDecl: Sendable {
    /// Nil for lambdas.
    public var name: NameDecl?
    public var parameters: [Parameter]
    /// For `fn(x) => e` the parser produces a block holding `return e`.
    public var body: Block
    /// A unique id for the function itself (lambdas have no name to carry one).
    public var id: NodeID
    public var span: SourceSpan
    public init(name: NameDecl?, parameters: [Parameter], body: Block, id: NodeID, span: SourceSpan) {
        self.name = name
        self.parameters = parameters
        self.body = body
        self.id = id
        self.span = span
    }
}

/// An expression with its span and id.
public struct Expr: Sendable {
    public var kind: ExprKind
    public var span: SourceSpan
    /// Unique within a `SourceProgram`; identifiers are resolved by it.
    public var id: NodeID
    public init(_ kind: ExprKind, span: SourceSpan, id: NodeID) {
        self.kind = kind
        self.span = span
        self.id = id
    }
}

public enum UnaryOperator: String, Sendable {
    case negate = "-"
    case not = "not"
}

public enum BinaryOperator: String, Sendable, CaseIterable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", remainder = "%"
    /// `a // b` is floor(a / b); `a ** b` is a to the power b.
    case floorDivide = "//", power = "**"
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    /// Short-circuit logical operators.
    case and = "and", or = "or"
    /// `a ?? b`: a unless it is null, else b (b is evaluated only then).
    case coalesce = "??"
}

/// One `name: value` entry of a record literal.
public struct RecordField: Sendable {
    public var name: String
    public var nameSpan: SourceSpan
    public var value: Expr
    public init(name: String, nameSpan: SourceSpan, value: Expr) {
        self.name = name
        self.nameSpan = nameSpan
        self.value = value
    }
}

/// A call argument; `label` is set for named arguments (`scale: 2`).
public struct Argument: Sendable {
    public var label: String?
    public var labelSpan: SourceSpan?
    public var value: Expr
    public init(label: String?, labelSpan: SourceSpan?, value: Expr) {
        self.label = label
        self.labelSpan = labelSpan
        self.value = value
    }
}

/// A piece of an interpolated string literal after parsing.
public enum StringPart: Sendable {
    case text(String)
    case expression(Expr)
}

public indirect enum ExprKind: Sendable {
    case null
    case bool(Bool)
    case number(Double)
    /// A string literal; a plain string has a single `.text` part (or none when empty).
    case string([StringPart])
    case identifier(String)
    case list([Expr])
    case record([RecordField])
    /// `start ..< end`.
    case range(start: Expr, end: Expr)
    case unary(UnaryOperator, Expr)
    case binary(BinaryOperator, Expr, Expr)
    /// `callee(args)`. `x |> f(a)` is parsed as `f(x, a)` with `piped: true`.
    case call(callee: Expr, arguments: [Argument], piped: Bool)
    /// `object.name`.
    case field(Expr, name: String, nameSpan: SourceSpan)
    /// `object[index]`.
    case index(Expr, Expr)
    /// `fn(x) => e` or `fn(x) { … }`.
    case lambda(FunctionDecl)
    /// `if c { a } else { b }` used as a value: each branch holds one expression, and only
    /// the chosen one is evaluated. `else if` nests another conditional in `otherwise`.
    case conditional(condition: Expr, then: Expr, otherwise: Expr)
    /// Stands in for an expression that failed to parse; a diagnostic was already reported.
    case invalid
}
