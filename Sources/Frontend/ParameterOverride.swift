import Foundation
import VM

/// A `--set name=value` override for a top-level `param`.
public struct ParameterOverride: Equatable {
    public var name: String
    public var value: Value
    /// The text after `=`, used when the param is a string and the text looks like a number.
    public var raw: String = ""

    /// Why an override could not be accepted (a usage error, exit 64).
    public enum Problem: Error, Equatable, CustomStringConvertible {
        case malformed(String)
        case unknown(name: String, known: [String])
        /// The value's type differs from the type the compiler knows for the default.
        case wrongType(name: String, expected: String, found: String)
        /// A number too large for a double (`1e400`), which a source literal also refuses.
        case numberOutOfRange(name: String, text: String)

        public var description: String {
            switch self {
            case .malformed(let text):
                return "--set expects name=value, found '\(text)'"
            case .unknown(let name, let known):
                return "--set names '\(name)', but the script declares no param '\(name)'"
                    + (known.isEmpty ? "" : " (params: \(known.joined(separator: ", ")))")
            case .wrongType(let name, let expected, let found):
                return "--set \(name) needs a \(expected) (the default's type), found \(found)"
            case .numberOutOfRange(let name, let text):
                return "--set \(name): number '\(text)' is out of range"
            }
        }

        /// The fix, where there is one.
        public var hint: String? {
            switch self {
            case .malformed:
                return "write --set name=value, e.g. --set epochs=20"
            case .unknown(let name, let known):
                return known.isEmpty ? "declare it in the script with: param \(name) = <default>" : nil
            case .wrongType(let name, let expected, _):
                return expected == "bool" ? "write true or false" : "write a number, e.g. --set \(name)=3"
            case .numberOutOfRange:
                return "numbers must be finite: at most about 1.8e308 in size"
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
        let value = literal(raw)
        if case .number(let number) = value.decoded, !number.isFinite {
            throw Problem.numberOutOfRange(name: name, text: raw.trimmingCharacters(in: .whitespaces))
        }
        return ParameterOverride(name: name, value: value, raw: raw)
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


/// `--set` overrides checked against a compiled script: each names a param of the entry module
/// and, where the compiler knows the default's type, has that type (a string param takes the
/// text as written). All checking happens here; the VM binds the values it is handed.
public struct ParameterSettings {
    /// The values to bind, by param name (a later `--set` of the same name wins).
    public private(set) var values: [String: Value] = [:]

    /// Checks `overrides` against `compilation`'s params, throwing the first `Problem`.
    public init(_ overrides: [ParameterOverride], for compilation: Compilation) throws {
        let known = compilation.parameterNames
        for override in overrides where !known.contains(override.name) {
            throw ParameterOverride.Problem.unknown(name: override.name, known: known)
        }
        let types = compilation.parameterTypes
        var overrides = overrides
        for index in overrides.indices where types[overrides[index].name] == "string" && overrides[index].value.stringValue == nil {
            // A string param takes the text as written: --set tag=2024 means "2024".
            overrides[index].value = .string(overrides[index].raw)
        }
        for override in overrides {
            if let expected = types[override.name], expected != "null", override.value.typeName != expected {
                throw ParameterOverride.Problem.wrongType(name: override.name, expected: expected, found: override.value.typeName)
            }
            values[override.name] = override.value
        }
    }

    /// Values the caller has already checked (tests of the bind-time check use it).
    init(checked values: [String: Value]) {
        self.values = values
    }

    /// Has `vm` bind these values as each `param` runs. A default whose type the compiler could
    /// not know is only known then, so that last check runs here at bind time and fails as a
    /// runtime error at the `param` line, like any other failure while the script runs.
    public func install(on vm: VM) {
        let values = self.values
        // The closure is stored in the VM, so it holds the VM's symbol table, not the VM.
        let symbols = vm.symbols
        vm.parameterValue = { name, defaultValue in
            guard let value = values[name] else { return nil }
            if defaultValue.typeName != value.typeName, defaultValue.typeName != "null" {
                throw RuntimeError(
                    "--set \(name) needs a \(defaultValue.typeName) (the default's type), found \(value.typeName)",
                    hint: "the default is \(defaultValue.reprString(symbols: symbols))")
            }
            return value
        }
    }
}
