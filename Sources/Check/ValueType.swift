import LatheCore

/// The static type of a value, as far as the checker can tell. Library values have a
/// declared kind (`dataset`, `column`, `model`…) whose fields and operators the checker
/// reads from the kind's `ValueKind` declaration.
public enum ValueType: Sendable, Hashable, CustomStringConvertible {
    case null, bool, number, string, list, record, range, function, module
    /// A library value of the named kind, declared by a `ValueKind`.
    case kind(String)

    /// The name messages and `type(x)` use: "number", "dataset", "model spec".
    public var rawValue: String {
        switch self {
        case .null: return "null"
        case .bool: return "bool"
        case .number: return "number"
        case .string: return "string"
        case .list: return "list"
        case .record: return "record"
        case .range: return "range"
        case .function: return "function"
        case .module: return "module"
        case .kind(let name): return name
        }
    }

    public var description: String { rawValue }

    /// Whether this is a library value.
    public var isKind: Bool {
        if case .kind = self { return true }
        return false
    }

    /// "a number", "an int64 column": the type with its article, for messages.
    public var withArticle: String {
        let first = rawValue.first.map { "aeiou".contains($0) } ?? false
        return (first ? "an " : "a ") + rawValue
    }
}

/// One declared field of a kind of library value: `m.loss_curve` is a list of numbers.
public struct FieldDeclaration: Sendable {
    public var name: String
    /// The field's type. A field that may be null (a dataset without a target) declares the
    /// type it has when set.
    public var type: ValueType
    public var doc: String

    public init(_ name: String, _ type: ValueType, doc: String) {
        self.name = name
        self.type = type
        self.doc = doc
    }
}

/// A kind of library value, declared once by the library that makes it: its name, its
/// fields, what else `.name` can reach, and how operators treat it. The checker, field
/// access at run time, `lathe builtins` and `:help` all read this declaration.
public struct ValueKind: Sendable {
    /// How arithmetic, comparisons and `and`/`or`/`not` treat the kind.
    public enum Operators: Sendable, Equatable {
        /// None apply but equality, which compares identity (a model, a report).
        case none
        /// Arithmetic and negation apply elementwise, giving the same kind (a tensor); other
        /// operators are as for `.none`.
        case arithmetic
        /// Every operator applies elementwise with numbers, strings, bools and values of the
        /// same kind, giving the same kind: a column's `x > 5` is a mask column and masks
        /// combine with `and`/`or`/`not`, as in pandas.
        case elementwise

        /// Whether `op` (an operator's source spelling) applies elementwise.
        public func appliesElementwise(_ op: String) -> Bool {
            switch self {
            case .none: return false
            case .arithmetic: return ["+", "-", "*", "/", "%", "//", "**"].contains(op)
            case .elementwise: return op != "??"
            }
        }
    }

    public var name: String
    public var doc: String
    /// Fields every value of the kind has, in the order help shows them.
    public var fields: [FieldDeclaration]
    /// What a `.name` that is not a declared field reaches, e.g. a dataset's columns; nil
    /// when the kind has no other fields (then an unknown field is a compile error).
    public var dataFields: (noun: String, type: ValueType)?
    public var operators: Operators

    public init(
        _ name: String, doc: String, fields: [FieldDeclaration] = [],
        dataFields: (noun: String, type: ValueType)? = nil, operators: Operators = .none
    ) {
        self.name = name
        self.doc = doc
        self.fields = fields
        self.dataFields = dataFields
        self.operators = operators
    }

    /// The checker's type for values of this kind.
    public var type: ValueType { .kind(name) }

    public func field(_ name: String) -> FieldDeclaration? { fields.first { $0.name == name } }
}
