import Foundation
import LatheCore
import NameMatching
import Syntax

/// Where `import` looks for modules: an installed package when the path's first part names
/// one, else next to the importing file, then `LATHE_PATH`, then the installed standard
/// library. `"std/x"` always means `<stdlib>/x.mlx`.
public struct ModuleSearchPaths: Sendable {
    public var lathePath: [String]
    public var standardLibrary: String?
    /// The project's installed packages, when the entry lies in a project (a folder with `lathe.pkg`).
    public var packages: PackageImports?

    public init(lathePath: [String], standardLibrary: String?, packages: PackageImports? = nil) {
        self.lathePath = lathePath
        self.standardLibrary = standardLibrary
        self.packages = packages
    }
}

/// Loads an entry module and everything it imports, each file parsed and checked once, and
/// reports missing imports and import cycles. Modules come out in dependency order.
public final class ModuleGraph {
    public let sources: SourceManager
    let builtins: [String: BuiltinSignature]
    let searchPaths: ModuleSearchPaths
    let fieldOracle: FieldOracle?
    let kinds: [String: ValueKind]
    /// Standard-library modules backed by native libraries, by import path (`std/text`).
    let nativeModules: [String: NativeModule]
    /// Each module-scoped builtin's module path, so a bare use can say what to import.
    let nativeHomes: [String: String]

    /// Checked modules by canonical path.
    public private(set) var modules: [String: CheckedModule] = [:]
    /// Canonical paths, dependencies before dependents.
    public private(set) var order: [String] = []
    public private(set) var diagnostics: [Diagnostic] = []
    /// Modules being loaded right now, to detect cycles.
    private var loading: [String] = []
    /// Each package's integrity check, run once per graph: nil when its files match the lockfile.
    private var packageChecks: [String: PackageImports.Problem?] = [:]

    public init(
        sources: SourceManager, builtins: [String: BuiltinSignature], searchPaths: ModuleSearchPaths,
        fieldOracle: FieldOracle? = nil, kinds: [String: ValueKind] = [:],
        nativeModules: [String: NativeModule] = [:]
    ) {
        self.sources = sources
        self.builtins = builtins
        self.searchPaths = searchPaths
        self.fieldOracle = fieldOracle
        self.kinds = kinds
        self.nativeModules = nativeModules
        var homes: [String: String] = [:]
        for module in nativeModules.values {
            for name in module.natives.keys { homes[name] = module.path }
        }
        nativeHomes = homes
    }

    public var hasErrors: Bool { diagnostics.contains(where: \.isError) }

    /// Frees every module's syntax tree once lowering is done with it; resolutions, interfaces
    /// and diagnostics stay. The compiler calls this on its large-stack thread, because freeing
    /// a deeply nested tree recurses as deep as the tree.
    public func discardSyntax() {
        for path in Array(modules.keys) {
            modules[path]?.program.statements = []
        }
    }

    /// Parses and checks `text` as a module identified by `canonicalPath`, loading its imports.
    /// `predeclared` names (a REPL's earlier bindings) take the module's first global slots.
    @discardableResult
    public func load(
        text: String, displayPath: String, canonicalPath: String, natives: [String: BuiltinSignature] = [:],
        predeclared: [DeclInfo] = []
    ) -> CheckedModule? {
        if let existing = modules[canonicalPath] { return existing }
        let file = sources.add(path: displayPath, text: text)
        let parsed = Parser.parse(file: file)
        diagnostics += parsed.diagnostics
        loading.append(canonicalPath)
        defer { loading.removeLast() }
        let directory = (canonicalPath as NSString).deletingLastPathComponent
        // A native module's own code sees its natives as builtins; importers see them as exports.
        let visible = natives.isEmpty ? builtins : builtins.merging(natives) { global, _ in global }
        var checker = Checker(
            file: file, builtins: visible, kinds: kinds, nativeHomes: nativeHomes, predeclared: predeclared,
            fieldOracle: fieldOracle
        ) { [unowned self] path, span in
            self.importModule(path, from: directory, span: span)
        }
        var (module, checkDiagnostics) = checker.check(parsed.program, path: canonicalPath)
        module.interface.natives = natives
        diagnostics += checkDiagnostics
        modules[canonicalPath] = module
        order.append(canonicalPath)
        return module
    }

    /// Loads the entry script from disk. Returns nil (with a diagnostic-free failure) if unreadable;
    /// the caller reports that as a usage problem.
    public func loadEntry(path: String) throws -> CheckedModule? {
        let text = try Self.readSource(path)
        return load(text: text, displayPath: path, canonicalPath: Self.canonical(path))
    }

    // MARK: - Imports

    func importModule(_ path: String, from directory: String, span: SourceSpan) -> Result<ModuleInterface, Diagnostic> {
        if let native = nativeModules[path] { return importNative(native, span: span) }
        if let packaged = importFromPackage(path, span: span) { return packaged }
        let candidates = candidatePaths(for: path, from: directory)
        guard let found = candidates.first(where: { FileManager.default.isReadableFile(atPath: $0) }) else {
            let looked = candidates.map(Self.display).joined(separator: ", ")
            var hint = candidates.isEmpty ? "set LATHE_PATH or check the spelling" : "looked in: \(looked)"
            if let (package, rest) = Self.packageParts(of: path), let packages = searchPaths.packages,
               let close = NameSuggestion.closest(to: package, in: packages.names) {
                hint = "did you mean '\(close)/\(rest)'? (the project's packages: \(packages.names.sorted().joined(separator: ", ")))"
            }
            return .failure(Diagnostic(code: CheckErrorCodes.moduleNotFound, message: "cannot find module '\(path)'", span: span, hint: hint))
        }
        return importFile(found, as: path, span: span)
    }

    /// `NAME/module` split at its first slash, for paths that may name a package.
    static func packageParts(of path: String) -> (package: String, module: String)? {
        guard !path.hasPrefix("./"), !path.hasPrefix("../"), !path.hasPrefix("/"), !path.hasPrefix("std/"),
              let slash = path.firstIndex(of: "/") else { return nil }
        var module = String(path[path.index(after: slash)...])
        if module.hasSuffix(".mlx") { module.removeLast(4) }
        return (String(path[..<slash]), module)
    }

    /// The import when its first part names one of the project's packages: the exported
    /// module, after the package's files passed their lockfile check. Nil for other paths.
    func importFromPackage(_ path: String, span: SourceSpan) -> Result<ModuleInterface, Diagnostic>? {
        guard let packages = searchPaths.packages, let (name, module) = Self.packageParts(of: path) else { return nil }
        if let problem = packages.missing[name] {
            return .failure(Diagnostic(code: CheckErrorCodes.packageNotInstalled, message: problem.message, span: span, hint: problem.hint))
        }
        guard let package = packages.installed[name] else { return nil }
        guard package.exports.contains(module) else {
            let exported = package.exports.isEmpty ? "it exports no modules" : "it exports: \(package.exports.joined(separator: ", "))"
            let hint = NameSuggestion.closest(to: module, in: package.exports).map { "did you mean '\(name)/\($0)'? (\(exported))" } ?? exported
            return .failure(Diagnostic(
                code: CheckErrorCodes.packageModuleNotExported,
                message: "package '\(name)' \(package.version) does not export a module '\(module)'", span: span, hint: hint))
        }
        if let checked = packageChecks[name] {
            // Reported in full at the package's first import; later imports only point there.
            if let problem = checked {
                return .failure(Diagnostic(
                    code: CheckErrorCodes.packageHashMismatch, message: "package '\(name)' \(package.version) does not match lathe.lock",
                    span: span, hint: problem.hint))
            }
        } else {
            let problem = packages.verify(package)
            packageChecks[name] = .some(problem)
            if let problem {
                return .failure(Diagnostic(code: CheckErrorCodes.packageHashMismatch, message: problem.message, span: span, hint: problem.hint))
            }
        }
        let file = ((package.folder as NSString).appendingPathComponent(module) as NSString).appendingPathExtension("mlx") ?? module
        guard FileManager.default.isReadableFile(atPath: file) else {
            return .failure(Diagnostic(
                code: CheckErrorCodes.moduleNotFound, message: "package '\(name)' exports '\(module)' but has no \(module).mlx",
                span: span, hint: "run lathe install to fetch the package again"))
        }
        return importFile(file, as: path, span: span)
    }

    /// Loads the module in file `found`, which `import path` named.
    func importFile(_ found: String, as path: String, span: SourceSpan) -> Result<ModuleInterface, Diagnostic> {
        let canonicalPath = Self.canonical(found)
        if let cycle = cycle(reaching: canonicalPath, span: span) { return .failure(cycle) }
        if let module = modules[canonicalPath] { return .success(module.interface) }
        let text: String
        do {
            text = try Self.readSource(found)
        } catch {
            return .failure(Diagnostic(
                code: CheckErrorCodes.moduleUnreadable, message: "cannot read module '\(path)': \(error.localizedDescription)", span: span))
        }
        guard let module = load(text: text, displayPath: Self.display(found), canonicalPath: canonicalPath) else {
            return .failure(Diagnostic(code: CheckErrorCodes.moduleNotLoaded, message: "cannot load module '\(path)'", span: span))
        }
        return .success(module.interface)
    }

    /// The diagnostic for importing a module that is still loading, if `canonicalPath` is one.
    func cycle(reaching canonicalPath: String, span: SourceSpan) -> Diagnostic? {
        guard let cycleStart = loading.firstIndex(of: canonicalPath) else { return nil }
        let chain = (loading[cycleStart...] + [canonicalPath]).map { ($0 as NSString).lastPathComponent }
        return Diagnostic(
            code: CheckErrorCodes.importCycle, message: "import cycle: \(chain.joined(separator: " -> "))", span: span,
            hint: "move the shared code into a module that both can import")
    }

    /// A native library's module: its Lathe half is checked with its natives in scope. It has
    /// no file, so its canonical path is the import path under a `<native>` root.
    func importNative(_ native: NativeModule, span: SourceSpan) -> Result<ModuleInterface, Diagnostic> {
        let canonicalPath = "<native>/" + native.path
        if let module = modules[canonicalPath] { return .success(module.interface) }
        if let cycle = cycle(reaching: canonicalPath, span: span) { return .failure(cycle) }
        guard let module = load(text: native.source, displayPath: native.path, canonicalPath: canonicalPath, natives: native.natives) else {
            return .failure(Diagnostic(code: CheckErrorCodes.moduleNotLoaded, message: "cannot load module '\(native.path)'", span: span))
        }
        return .success(module.interface)
    }

    /// The files `import "path"` may mean, in search order.
    public func candidatePaths(for path: String, from directory: String) -> [String] {
        func withExtension(_ candidate: String) -> String {
            candidate.hasSuffix(".mlx") ? candidate : candidate + ".mlx"
        }
        if path.hasPrefix("std/") {
            guard let stdlib = searchPaths.standardLibrary else { return [] }
            return [withExtension((stdlib as NSString).appendingPathComponent(String(path.dropFirst(4))))]
        }
        if path.hasPrefix("/") { return [withExtension(path)] }
        var result = [withExtension((directory as NSString).appendingPathComponent(path))]
        let isExplicitlyRelative = path.hasPrefix("./") || path.hasPrefix("../")
        if !isExplicitlyRelative {
            for root in searchPaths.lathePath where !root.isEmpty {
                result.append(withExtension((root as NSString).appendingPathComponent(path)))
            }
            if let stdlib = searchPaths.standardLibrary {
                result.append(withExtension((stdlib as NSString).appendingPathComponent(path)))
            }
        }
        return result.map { ($0 as NSString).standardizingPath }
    }

    // MARK: - Files

    /// Why a source file could not be read.
    public enum SourceReadError: Error, LocalizedError {
        case missing(String)
        case unreadable(String)
        case notUTF8(String)
        case isDirectory(String)

        public var errorDescription: String? {
            switch self {
            case .missing: return "no such file"
            case .unreadable: return "permission denied"
            case .notUTF8: return "the file is not valid UTF-8"
            case .isDirectory: return "it is a directory"
            }
        }
    }

    public static func readSource(_ path: String) throws -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw SourceReadError.missing(path)
        }
        if isDirectory.boolValue { throw SourceReadError.isDirectory(path) }
        guard let data = FileManager.default.contents(atPath: path) else { throw SourceReadError.unreadable(path) }
        guard let text = String(data: data, encoding: .utf8) else { throw SourceReadError.notUTF8(path) }
        return text
    }

    public static func canonical(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }

    /// A path as shown to the user: relative to the working directory when it lies inside it.
    public static func display(_ path: String) -> String {
        let cwd = FileManager.default.currentDirectoryPath
        let standardized = (path as NSString).standardizingPath
        if standardized.hasPrefix(cwd + "/") { return String(standardized.dropFirst(cwd.count + 1)) }
        return standardized
    }
}
