import Runtime

/// A `--set name=value` override for a top-level `param`.
public struct ParameterOverride: Equatable {
    public var name: String
    public var value: Value
    /// The text after `=`, used when the param is a string and the text looks like a number.
    public var raw: String = ""

    /// Why an override could not be accepted.
    public enum Problem: Error, Equatable, CustomStringConvertible {
        case malformed(String)
        case unknown(name: String, known: [String])

        public var description: String {
            switch self {
            case .malformed(let text):
                return "--set expects name=value, found '\(text)'"
            case .unknown(let name, let known):
                return "--set names '\(name)', but the script declares no param '\(name)'"
                    + (known.isEmpty ? "" : " (params: \(known.joined(separator: ", ")))")
            }
        }
    }

    /// Parses `name=value`. The value is read as a Lathe literal (number, true, false, null,
    /// or a double-quoted string); anything else is taken as a plain string.
    public static func parse(_ text: String) throws -> ParameterOverride {
        guard let equals = text.firstIndex(of: "=") else { throw Problem.malformed(text) }
        let name = String(text[..<equals]).trimmingCharacters(in: .whitespaces)
        let raw = String(text[text.index(after: equals)...])
        guard !name.isEmpty, name.allSatisfy({ $0 == "_" || $0.isLetter || $0.isNumber }) else {
            throw Problem.malformed(text)
        }
        return ParameterOverride(name: name, value: literal(raw), raw: raw)
    }

    static func literal(_ raw: String) -> Value {
        let trimmed = raw.trimmingCharacters(in: .whitespaces)
        switch trimmed {
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "null": return .null
        default: break
        }
        if isNumberLiteral(trimmed), let number = Double(trimmed.replacingOccurrences(of: "_", with: "")) {
            return .number(number)
        }
        if trimmed.count >= 2, trimmed.hasPrefix("\""), trimmed.hasSuffix("\"") {
            return .string(String(trimmed.dropFirst().dropLast()))
        }
        return .string(raw)
    }

    /// Lathe's number syntax, with an optional sign and an optional leading digit: digits (underscores between
    /// them), an optional fraction and an optional exponent. Not `inf`, `nan` or hex.
    static func isNumberLiteral(_ text: String) -> Bool {
        var scalars = Substring(text).unicodeScalars[...]
        if scalars.first == "-" || scalars.first == "+" { scalars = scalars.dropFirst() }
        func digits() -> Bool {
            var seen = false
            while let c = scalars.first, ("0"..."9").contains(c) || (c == "_" && seen) {
                scalars = scalars.dropFirst()
                seen = true
            }
            return seen
        }
        let whole = digits()
        if scalars.first == "." {
            scalars = scalars.dropFirst()
            guard digits() else { return false }
        } else if !whole {
            return false
        }
        if scalars.first == "e" || scalars.first == "E" {
            scalars = scalars.dropFirst()
            if scalars.first == "-" || scalars.first == "+" { scalars = scalars.dropFirst() }
            guard digits() else { return false }
        }
        return scalars.isEmpty
    }

    public static func == (a: ParameterOverride, b: ParameterOverride) -> Bool {
        a.name == b.name && a.value.isEqual(to: b.value)
    }
}

import Foundation
