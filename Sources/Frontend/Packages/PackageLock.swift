import Foundation
import Syntax

/// `lathe.lock`: the exact packages `lathe install` selected, in Lathe syntax like `lathe.pkg`.
///
/// ```
/// # lathe.lock: written by `lathe install`; do not edit.
/// {
///   requires: [
///     {name: "churn_features", git: "file:///srv/git/churn_features.git", tag: "v0.1.0"},
///   ],
///   packages: [
///     {name: "churn_features", version: "0.1.0", git: "file:///srv/git/churn_features.git", tag: "v0.1.0", commit: "3f…", hash: "sha256:…", dependencies: []},
///     {name: "stats", version: "1.2.0", git: "file:///srv/git/stats.git", pinned: "9c0d…", commit: "9c0d…", hash: "sha256:…", dependencies: []},
///   ],
/// }
/// ```
///
/// `requires` is the project's own dependency list when it was locked, so `lathe install`
/// can tell, without git, that the manifest has not changed. Packages are sorted by name and
/// written one a line, so the file is the same for the same selection and diffs read well.
public struct PackageLock: Equatable {
    /// A dependency as the project's manifest states it.
    public struct Requirement: Equatable {
        public var name: String
        public var source: PackageManifest.Source
    }

    /// One selected package.
    public struct Entry: Equatable {
        public var name: String
        public var version: SemanticVersion
        /// Where it came from; a path is relative to the project folder.
        public var source: PackageManifest.Source
        /// The exact commit for a git package; empty for a path.
        public var commit: String
        /// `sha256:<hex>` over its files (see `PackageContentHash`).
        public var hash: String
        /// The names of the packages it depends on, sorted.
        public var dependencies: [String]

        /// Its folder in the project's cache, relative to the project.
        public var cacheFolder: String { "\(PackageLock.cacheFolder)/\(name)@\(version)" }
    }

    public var requires: [Requirement]
    public var packages: [Entry]

    public static let fileName = "lathe.lock"
    /// Where installed packages live, relative to the project folder.
    public static let cacheFolder = ".lathe/packages"

    public func entry(named name: String) -> Entry? { packages.first { $0.name == name } }

    // MARK: - Text

    /// The file's text: deterministic for the same lock.
    public func render() -> String {
        var lines = ["# lathe.lock: the packages `lathe install` selected, with their commits and content hashes.",
                     "# Written by lathe; do not edit. Commit it, so every checkout loads the same code.", "{", "  requires: ["]
        for requirement in requires.sorted(by: { $0.name < $1.name }) {
            lines.append("    {name: \(Self.quoted(requirement.name)), \(Self.fields(of: requirement.source))},")
        }
        lines += ["  ],", "  packages: ["]
        for entry in packages.sorted(by: { $0.name < $1.name }) {
            let dependencies = entry.dependencies.sorted().map(Self.quoted).joined(separator: ", ")
            lines.append("    {name: \(Self.quoted(entry.name)), version: \(Self.quoted(entry.version.description)), "
                         + "\(Self.fields(of: entry.source, commitKey: "pinned")), commit: \(Self.quoted(entry.commit)), hash: \(Self.quoted(entry.hash)), "
                         + "dependencies: [\(dependencies)]},")
        }
        lines += ["  ],", "}", ""]
        return lines.joined(separator: "\n")
    }

    /// A source's fields; a commit-pinned source names its commit `commitKey` (a lock entry
    /// says `pinned`, since its `commit` field is the exact commit).
    static func fields(of source: PackageManifest.Source, commitKey: String = "commit") -> String {
        switch source {
        case .path(let path): return "path: \(quoted(path))"
        case .git(let url, let tag, let commit):
            if let tag { return "git: \(quoted(url)), tag: \(quoted(tag))" }
            return "git: \(quoted(url)), \(commitKey): \(quoted(commit ?? ""))"
        }
    }

    /// A Lathe string literal: `"`, `\` and `$` escaped so the text reads back unchanged.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for character in text {
            switch character {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "$": result += "\\$"
            case "\n": result += "\\n"
            default: result.append(character)
            }
        }
        return result + "\""
    }

    /// A lockfile that does not read.
    public struct Problem: Error, CustomStringConvertible {
        public var path: String
        public var message: String
        public var description: String { "\(path): \(message)" }
    }

    /// Reads `lathe.lock` in `folder`; nil when there is none.
    public static func load(folder: String) throws -> PackageLock? {
        let path = (folder as NSString).appendingPathComponent(fileName)
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw Problem(path: path, message: "cannot read the lockfile")
        }
        return try parse(text, path: path)
    }

    /// Parses lockfile text.
    public static func parse(_ text: String, path: String) throws -> PackageLock {
        let file = SourceFile(id: 0, path: path, text: text)
        let (program, diagnostics, _) = Parser.parse(file: file)
        func fail(_ message: String) -> Problem {
            Problem(path: path, message: message + "; run `lathe install` to write it again")
        }
        if let error = diagnostics.first(where: \.isError) { throw fail(error.message) }
        guard program.statements.count == 1, case .expression(let expression) = program.statements[0].kind,
              case .record(let top) = expression.kind else { throw fail("a lockfile is one record literal") }
        func string(_ expression: Expr) -> String? {
            guard case .string(let parts) = expression.kind else { return nil }
            var text = ""
            for part in parts {
                guard case .text(let piece) = part else { return nil }
                text += piece
            }
            return text
        }
        func records(_ name: String) throws -> [[String: Expr]] {
            guard let field = top.first(where: { $0.name == name }) else { return [] }
            guard case .list(let items) = field.value.kind else { throw fail("\(name) must be a list") }
            return try items.map { item in
                guard case .record(let fields) = item.kind else { throw fail("each of \(name) must be a record") }
                return Dictionary(fields.map { ($0.name, $0.value) }) { first, _ in first }
            }
        }
        func source(_ record: [String: Expr], commitKey: String = "commit") throws -> PackageManifest.Source {
            if let path = record["path"].flatMap(string) { return .path(path) }
            guard let url = record["git"].flatMap(string) else { throw fail("an entry has neither path nor git") }
            return .git(url: url, tag: record["tag"].flatMap(string), commit: record["tag"] == nil ? record[commitKey].flatMap(string) : nil)
        }
        var lock = PackageLock(requires: [], packages: [])
        for record in try records("requires") {
            guard let name = record["name"].flatMap(string) else { throw fail("a requirement has no name") }
            lock.requires.append(Requirement(name: name, source: try source(record)))
        }
        for record in try records("packages") {
            guard let name = record["name"].flatMap(string), let version = record["version"].flatMap(string).flatMap(SemanticVersion.init),
                  let hash = record["hash"].flatMap(string), hash.hasPrefix(PackageContentHash.prefix) else {
                throw fail("a package entry lacks its name, version or sha256 hash")
            }
            var dependencies: [String] = []
            if let list = record["dependencies"], case .list(let items) = list.kind { dependencies = items.compactMap(string) }
            lock.packages.append(Entry(
                name: name, version: version, source: try source(record, commitKey: "pinned"), commit: record["commit"].flatMap(string) ?? "",
                hash: hash, dependencies: dependencies))
        }
        return lock
    }
}
