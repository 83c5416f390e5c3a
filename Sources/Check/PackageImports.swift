import Foundation

/// The packages a project has installed, as `import "NAME/module"` sees them. The frontend
/// builds this from the project's `lathe.lock` and `.lathe/packages/` cache; the module graph
/// only resolves names and asks `verify` before it reads a package's first file.
public struct PackageImports: Sendable {
    /// One installed package: its cache folder and the modules it lets importers reach.
    public struct Package: Sendable {
        public var name: String
        public var version: String
        public var folder: String
        public var exports: [String]

        public init(name: String, version: String, folder: String, exports: [String]) {
            (self.name, self.version, self.folder, self.exports) = (name, version, folder, exports)
        }
    }

    /// Why a package may not be loaded.
    public struct Problem: Error, Sendable {
        public var message: String
        public var hint: String

        public init(message: String, hint: String) {
            (self.message, self.hint) = (message, hint)
        }
    }

    public var installed: [String: Package]
    /// Packages the project depends on whose files are not in the cache, with the reason.
    public var missing: [String: Problem]
    /// Checks a package's files against the lockfile; nil when they agree.
    public var verify: @Sendable (Package) -> Problem?

    public init(installed: [String: Package], missing: [String: Problem], verify: @escaping @Sendable (Package) -> Problem?) {
        self.installed = installed
        self.missing = missing
        self.verify = verify
    }

    /// Every package name the project knows, installed or not.
    public var names: [String] { Array(installed.keys) + Array(missing.keys) }
}
