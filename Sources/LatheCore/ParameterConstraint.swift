import NameMatching

/// The valid values of a declared parameter (a model's hyperparameter, a builtin's option):
/// a number in a range, a whole number in a range, one of a list of strings, or a bool,
/// optionally also null. The checker tests literal arguments against it before anything
/// runs, and the Runtime tests the rest when the call happens, with the same message.
public struct ParameterConstraint: Sendable, Equatable {
    /// The values allowed besides null.
    public enum Domain: Sendable, Equatable {
        /// A real number, optionally bounded (inclusive).
        case number(ClosedRange<Double>?)
        /// A whole number, optionally bounded (inclusive).
        case integer(ClosedRange<Int>?)
        /// One of the listed strings.
        case choice([String])
        case bool
    }

    public var domain: Domain
    public var allowsNull: Bool

    public init(_ domain: Domain, allowsNull: Bool = false) {
        self.domain = domain
        self.allowsNull = allowsNull
    }

    /// What values are valid, for messages: "a number in 0...inf", "one of "gini", "entropy"".
    public var validDescription: String {
        switch domain {
        case .number(let range?):
            return "a number in \(Scalar.format(number: range.lowerBound))...\(Scalar.format(number: range.upperBound))"
        case .number(nil): return "a number"
        case .integer(let range?): return "a whole number in \(range.lowerBound)...\(range.upperBound)"
        case .integer(nil): return "a whole number"
        case .choice(let options): return "one of " + options.map { "\"\($0)\"" }.joined(separator: ", ")
        case .bool: return "true or false"
        }
    }

    public func accepts(_ value: Scalar) -> Bool {
        switch (domain, value) {
        case (_, .null): return allowsNull
        case (.number(let range), .number(let x)):
            return !x.isNaN && (range?.contains(x) ?? true)
        case (.integer(let range), .number(let x)):
            guard x == x.rounded(), abs(x) < 1e15 else { return false }
            return range?.contains(Int(x)) ?? true
        case (.choice(let options), .string(let text)): return options.contains(text)
        case (.bool, .bool): return true
        default: return false
        }
    }

    /// The message and hint for a value this constraint rejects, or nil when it is valid:
    /// `knn(k:) must be a whole number in 1...100000, found 0`; a misspelt choice gets
    /// "did you mean".
    public func violation(of value: Scalar, parameter: String, owner: String) -> (message: String, hint: String?)? {
        guard !accepts(value) else { return nil }
        let message = "\(owner)(\(parameter):) must be \(validDescription), found \(value)"
        if case .choice(let options) = domain, case .string(let text) = value,
           let suggestion = NameSuggestion.closest(to: text, in: options, ignoringCase: true) {
            return (message, "did you mean \"\(suggestion)\"?")
        }
        return (message, nil)
    }
}
