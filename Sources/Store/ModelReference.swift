/// What `model("…")` names: the latest version, a version number, or an alias.
public struct ModelReference: Equatable, Sendable, CustomStringConvertible {
    public enum Selector: Equatable, Sendable {
        case latest
        case version(Int)
        case alias(String)
    }

    public let name: String
    public let selector: Selector

    public init(name: String, selector: Selector) {
        self.name = name
        self.selector = selector
    }

    /// Parses `name`, `name:3` or `name@alias`.
    public static func parse(_ text: String) throws -> ModelReference {
        if let at = text.firstIndex(of: "@") {
            let name = String(text[..<at]), alias = String(text[text.index(after: at)...])
            guard isValidName(name), isValidName(alias) else { throw StoreError.malformedReference(text) }
            if alias == "latest" { return ModelReference(name: name, selector: .latest) }
            return ModelReference(name: name, selector: .alias(alias))
        }
        if let colon = text.firstIndex(of: ":") {
            let name = String(text[..<colon])
            guard isValidName(name), let version = Int(text[text.index(after: colon)...]), version >= 1 else {
                throw StoreError.malformedReference(text)
            }
            return ModelReference(name: name, selector: .version(version))
        }
        guard isValidName(text) else { throw StoreError.malformedReference(text) }
        return ModelReference(name: text, selector: .latest)
    }

    public var description: String {
        switch selector {
        case .latest: return name
        case .version(let version): return "\(name):\(version)"
        case .alias(let alias): return "\(name)@\(alias)"
        }
    }

    /// MLflow's rule for names and aliases: `^[\w-]+$`, here at most 256 characters.
    public static func isValidName(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 256 && text.unicodeScalars.allSatisfy {
            $0 == "_" || $0 == "-" || $0.properties.isAlphabetic || $0.properties.numericType == .decimal
        }
    }

    /// Throws unless `name` may name a registered model.
    public static func validateModelName(_ name: String) throws {
        guard isValidName(name) else {
            throw StoreError.invalidName(kind: "model name", name: name,
                                         reason: name.isEmpty ? "it is empty" : "names use letters, digits, '_' and '-'")
        }
    }

    /// Throws unless `alias` may be set: valid characters, not `latest`, not like `v3`.
    public static func validateAlias(_ alias: String) throws {
        guard isValidName(alias) else {
            throw StoreError.invalidName(kind: "alias", name: alias,
                                         reason: alias.isEmpty ? "it is empty" : "aliases use letters, digits, '_' and '-'")
        }
        let lower = alias.lowercased()
        if lower == "latest" { throw StoreError.invalidName(kind: "alias", name: alias, reason: "'latest' is reserved") }
        if lower.hasPrefix("v"), lower.count > 1, lower.dropFirst().allSatisfy(\.isNumber) {
            throw StoreError.invalidName(kind: "alias", name: alias, reason: "aliases like v3 are reserved for versions")
        }
    }
}
