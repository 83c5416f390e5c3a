import Foundation
import LatheCore
import Syntax

/// A package's manifest, `lathe.pkg` at its root: one record literal in Lathe syntax.
///
/// ```
/// {
///   name: "churn_features",
///   version: "0.1.0",
///   description: "Feature encoders for churn models",
///   exports: ["encode"],
///   dependencies: {
///     stats: {git: "file:///srv/git/stats.git", tag: "v1.2.0"},
///     local_helpers: {path: "../helpers"},
///   },
/// }
/// ```
///
/// Lathe syntax rather than TOML: users already know it, the language's own parser reads it
/// (errors come with a line and column), and no second parser is needed. Only literals are
/// allowed: nothing in a manifest runs.
public struct PackageManifest: Equatable {
    /// Where a dependency comes from.
    public enum Source: Equatable {
        case path(String)
        case git(url: String, tag: String?, commit: String?)
    }

    public struct Dependency: Equatable {
        public var name: String
        public var source: Source
    }

    public var name: String
    public var version: SemanticVersion
    public var description: String
    public var exports: [String]
    public var dependencies: [Dependency]

    /// A problem in a manifest, with its place.
    public struct Problem: Error, CustomStringConvertible {
        public var path: String
        public var line: Int
        public var column: Int
        public var message: String
        public var hint: String?
        public var description: String { "\(path):\(line):\(column): \(message)" }
    }

    public static let fileName = "lathe.pkg"

    /// Reads the manifest in `folder`.
    public static func load(folder: String) throws -> PackageManifest {
        let path = (folder.hasSuffix("/") ? folder : folder + "/") + fileName
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw Problem(path: path, line: 1, column: 1, message: "cannot read the package manifest",
                          hint: "a package has a \(fileName) at its root; `lathe new NAME` makes one")
        }
        return try parse(text, path: path)
    }

    /// Parses manifest text.
    public static func parse(_ text: String, path: String) throws -> PackageManifest {
        let file = SourceFile(id: 0, path: path, text: text)
        let (program, diagnostics, _) = Parser.parse(file: file)
        func problem(_ span: SourceSpan, _ message: String, hint: String? = nil) -> Problem {
            let location = file.location(of: Int(span.start))
            return Problem(path: path, line: location.line, column: location.column, message: message, hint: hint)
        }
        if let error = diagnostics.first(where: \.isError) { throw problem(error.span, error.message) }
        guard program.statements.count == 1, case .expression(let expression) = program.statements[0].kind,
              case .record(let fields) = expression.kind else {
            throw problem(program.statements.first?.span ?? SourceSpan(file: 0, start: 0, end: 0),
                          "a manifest is one record literal", hint: "write {name: \"…\", version: \"0.1.0\", …}")
        }
        var record: [String: Expr] = [:]
        for field in fields {
            guard ["name", "version", "description", "exports", "dependencies"].contains(field.name) else {
                throw problem(field.nameSpan, "unknown manifest field '\(field.name)'",
                              hint: "fields: name, version, description, exports, dependencies")
            }
            record[field.name] = field.value
        }
        func string(_ expression: Expr, _ what: String) throws -> String {
            if case .string(let parts) = expression.kind {
                var text = ""
                for part in parts {
                    guard case .text(let piece) = part else { throw problem(expression.span, "\(what) must be a plain string (no ${…})") }
                    text += piece
                }
                return text
            }
            throw problem(expression.span, "\(what) must be a string")
        }
        guard let nameExpression = record["name"] else { throw problem(expression.span, "the manifest has no name") }
        let name = try string(nameExpression, "name")
        guard PackageManifest.isPackageName(name) else {
            throw problem(nameExpression.span, "package name '\(name)' is not a lower-case identifier",
                          hint: "use letters, digits and _, starting with a letter, e.g. churn_features")
        }
        guard let versionExpression = record["version"] else { throw problem(expression.span, "the manifest has no version") }
        let versionText = try string(versionExpression, "version")
        guard let version = SemanticVersion(versionText) else {
            throw problem(versionExpression.span, "version '\(versionText)' is not MAJOR.MINOR.PATCH", hint: "e.g. \"0.1.0\"")
        }
        let description = try record["description"].map { try string($0, "description") } ?? ""
        var exports: [String] = []
        if let list = record["exports"] {
            guard case .list(let items) = list.kind else { throw problem(list.span, "exports must be a list of module names") }
            exports = try items.map { try string($0, "an export") }
        }
        var dependencies: [Dependency] = []
        if let table = record["dependencies"] {
            guard case .record(let entries) = table.kind else { throw problem(table.span, "dependencies must be a record of name: {…}") }
            for entry in entries {
                guard case .record(let spec) = entry.value.kind else {
                    throw problem(entry.value.span, "dependency '\(entry.name)' must be a record such as {path: \"../x\"} or {git: \"…\", tag: \"v1.0.0\"}")
                }
                var values: [String: String] = [:]
                for field in spec {
                    guard ["path", "git", "tag", "commit"].contains(field.name) else {
                        throw problem(field.nameSpan, "unknown dependency field '\(field.name)'", hint: "fields: path, or git with tag or commit")
                    }
                    values[field.name] = try string(field.value, field.name)
                }
                let source: Source
                if let path = values["path"], values["git"] == nil {
                    source = .path(path)
                } else if let url = values["git"], values["path"] == nil, (values["tag"] == nil) != (values["commit"] == nil) {
                    source = .git(url: url, tag: values["tag"], commit: values["commit"])
                } else {
                    throw problem(entry.value.span, "dependency '\(entry.name)' needs either path, or git with exactly one of tag and commit")
                }
                dependencies.append(Dependency(name: entry.name, source: source))
            }
        }
        return PackageManifest(name: name, version: version, description: description, exports: exports, dependencies: dependencies)
    }

    static func isPackageName(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }
}

/// A `MAJOR.MINOR.PATCH` version, ordered as semver orders release versions.
public struct SemanticVersion: Comparable, CustomStringConvertible {
    public var major: Int, minor: Int, patch: Int

    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let major = Int(parts[0]), let minor = Int(parts[1]), let patch = Int(parts[2]) else { return nil }
        (self.major, self.minor, self.patch) = (major, minor, patch)
    }

    public var description: String { "\(major).\(minor).\(patch)" }

    public static func < (lhs: SemanticVersion, rhs: SemanticVersion) -> Bool {
        (lhs.major, lhs.minor, lhs.patch) < (rhs.major, rhs.minor, rhs.patch)
    }
}
