import LatheCore
import Syntax

/// What running a step may do to the world. IR instructions carry one so later work can
/// cache pure steps by content hash and export step graphs.
public enum Effect: UInt8, Sendable, CustomStringConvertible {
    /// Depends only on its inputs.
    case pure = 0
    /// Draws random numbers (reproducible given a seed).
    case random = 1
    /// Reads or writes files, the store, the terminal or the clock.
    case io = 2

    public var description: String {
        switch self {
        case .pure: return "pure"
        case .random: return "random"
        case .io: return "io"
        }
    }

    /// The stronger of two effects (io > random > pure).
    public func joined(with other: Effect) -> Effect { rawValue >= other.rawValue ? self : other }
}

/// One parameter of a builtin.
public struct BuiltinParameter: Sendable {
    public var name: String
    /// Nil for a required positional parameter; a default makes the parameter named and optional.
    public var defaultValue: Scalar?
    /// The accepted types; empty means any.
    public var types: [ValueType]
    /// The valid values, where narrower than the types (a range, a list of choices).
    public var constraint: ParameterConstraint?
    public var doc: String
    /// The parameter whose known fields this one names: its literal strings (a string or a
    /// list of strings) are checked against them before running (`group_by(ds, "regoin")`).
    public var namesFieldsOf: String?
    /// A second parameter whose known fields this one's literal strings must also be among
    /// (`merge(a, b, on: "id")`: the key is a column of both).
    public var alsoNamesFieldsOf: String?
    /// The parameter whose known fields the keys of this one's record literal name
    /// (`rename(ds, {regoin: "area"})`).
    public var keysNameFieldsOf: String?

    public init(
        _ name: String, default defaultValue: Scalar? = nil, types: [ValueType] = [],
        constraint: ParameterConstraint? = nil, doc: String = "", namesFieldsOf: String? = nil,
        alsoNamesFieldsOf: String? = nil, keysNameFieldsOf: String? = nil
    ) {
        self.name = name
        self.defaultValue = defaultValue
        self.types = types
        self.constraint = constraint
        self.doc = doc
        self.namesFieldsOf = namesFieldsOf
        self.alsoNamesFieldsOf = alsoNamesFieldsOf
        self.keysNameFieldsOf = keysNameFieldsOf
    }

    public var isRequired: Bool { defaultValue == nil }
}

/// A builtin's signature, declared once: the checker, the VM's argument binding, error
/// messages and `:help` all read it.
public struct BuiltinSignature: Sendable {
    public var name: String
    public var parameters: [BuiltinParameter]
    /// When set, extra positional arguments are accepted (e.g. `print(a, b, c)`).
    public var variadic: Bool
    /// When set, named arguments beyond the parameters are accepted and passed on by name
    /// (e.g. `with(ds, ratio: ds.a / ds.b)` names a new column).
    public var extraNamed: Bool
    /// The parameter whose known fields the extra named arguments name: the literal strings
    /// inside their record literals are checked (`aggregate(ds, by: …, t: {sum: "amount"})`).
    public var extraNamedNameFieldsOf: String?
    public var effect: Effect
    /// What the result is, when known, for literal type checks.
    public var returns: ValueType?
    /// Set when the builtin also applies row by row to a column (`upper(ds.name)`): then a
    /// column argument there makes the result a column, an argument of unknown type makes it
    /// unknown, and only known non-column arguments give `returns`.
    public var columnwise: Columnwise?
    /// One line for `:help`.
    public var doc: String

    /// Which arguments make a builtin's result a column (see `BuiltinSignature.columnwise`).
    public enum Columnwise: Sendable, Equatable {
        /// The argument of this parameter (`text` of `upper(text)`).
        case over(String)
        /// Any argument, the variadic ones included (`concat_str(a, b, …)`).
        case overAny
    }

    public init(
        _ name: String, _ parameters: [BuiltinParameter] = [], variadic: Bool = false,
        extraNamed: Bool = false, extraNamedNameFieldsOf: String? = nil, effect: Effect = .pure,
        returns: ValueType? = nil, columnwise: Columnwise? = nil, doc: String
    ) {
        self.name = name
        self.parameters = parameters
        self.variadic = variadic
        self.extraNamed = extraNamed
        self.extraNamedNameFieldsOf = extraNamedNameFieldsOf
        self.effect = effect
        self.returns = returns
        self.columnwise = columnwise
        self.doc = doc
    }

    /// The result type of a call whose arguments have these static types (nil: unknown),
    /// named by `labels` (nil: positional): `returns`, or what `columnwise` makes of it.
    public func resultType(labels: [String?], types: [ValueType?]) -> ValueType? {
        guard let columnwise else { return returns }
        let ordered = parameters.filter(\.isRequired).map(\.name) + parameters.filter { !$0.isRequired }.map(\.name)
        var sawUnknown = false
        var positional = 0
        for (label, type) in zip(labels, types) {
            let parameter: String?
            if let label {
                parameter = label
            } else {
                parameter = positional < ordered.count ? ordered[positional] : nil
                positional += 1
            }
            switch columnwise {
            case .over(let name): guard parameter == name else { continue }
            case .overAny: break
            }
            guard let type else { sawUnknown = true; continue }
            if type == .kind("column") { return type }
        }
        return sawUnknown ? nil : returns
    }

    /// `name(a, b, scale: 1)` for messages and help.
    public var synopsis: String {
        var parts: [String] = []
        for parameter in parameters {
            if let value = parameter.defaultValue {
                parts.append("\(parameter.name): \(value)")
            } else {
                parts.append(parameter.name)
            }
        }
        if variadic { parts.append("...") }
        if extraNamed { parts.append("name: value...") }
        return "\(name)(\(parts.joined(separator: ", ")))"
    }
}

/// The parameter list of anything callable the checker can see: a builtin or a user `fn`.
public struct CallableShape: Sendable {
    public var name: String
    /// Required positional parameters, in order.
    public var positional: [String]
    /// Optional named parameters.
    public var named: [String]
    public var variadic: Bool
    /// Whether unknown named arguments are accepted.
    public var extraNamed: Bool = false
    /// Accepted types per parameter name, where declared.
    public var types: [String: [ValueType]]
    /// Valid values per parameter name, where declared.
    public var constraints: [String: ParameterConstraint] = [:]

    public init(name: String, positional: [String], named: [String], variadic: Bool, types: [String: [ValueType]] = [:]) {
        self.name = name
        self.positional = positional
        self.named = named
        self.variadic = variadic
        self.types = types
    }

    public init(_ signature: BuiltinSignature) {
        self.init(
            name: signature.name,
            positional: signature.parameters.filter(\.isRequired).map(\.name),
            named: signature.parameters.filter { !$0.isRequired }.map(\.name),
            variadic: signature.variadic,
            types: Dictionary(signature.parameters.filter { !$0.types.isEmpty }.map { ($0.name, $0.types) }, uniquingKeysWith: { a, _ in a })
        )
        extraNamed = signature.extraNamed
        for parameter in signature.parameters {
            if let constraint = parameter.constraint { constraints[parameter.name] = constraint }
        }
    }

    public init(_ function: FunctionDecl, name: String) {
        self.init(
            name: name,
            positional: function.parameters.filter { $0.defaultValue == nil }.map(\.name.name),
            named: function.parameters.filter { $0.defaultValue != nil }.map(\.name.name),
            variadic: false
        )
    }
}
