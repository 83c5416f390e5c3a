import LatheCore

extension Value {
    /// A literal (a parameter default, an IR constant, a stored hyperparameter) as a value.
    public init(_ scalar: Scalar) {
        switch scalar {
        case .null: self = .null
        case .bool(let flag): self = .bool(flag)
        case .number(let number): self = .number(number)
        case .string(let text): self = .string(text)
        }
    }

    /// The value as a literal; nil for lists, records, functions and library values.
    public var scalar: Scalar? {
        switch decoded {
        case .undefined, .null: return .null
        case .bool(let flag): return .bool(flag)
        case .number(let number): return .number(number)
        case .object: return stringValue.map { .string($0) }
        }
    }
}
