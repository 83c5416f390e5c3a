import Check
import Data
import Foundation
import NameMatching

/// `lathe install`, `lathe add`, `lathe update` and `lathe packages`: resolve a project's
/// dependencies (`PackageResolver`), fetch them (`GitPackageFetcher`), copy each selected
/// package into `.lathe/packages/NAME@VERSION/` and write `lathe.lock`.
///
/// The project is the nearest folder with a `lathe.pkg`, from `directory` upwards. When the
/// lock still matches the manifest and every cached package matches its locked hash,
/// `install` neither resolves nor calls git, so an installed project works offline.
public struct PackageInstaller {
    public var output: (String) -> Void
    public var errorOutput: (String) -> Void
    let directory: String

    public init(directory: String = FileManager.default.currentDirectoryPath,
                output: @escaping (String) -> Void = CommandStreams.output, errorOutput: @escaping (String) -> Void = CommandStreams.error) {
        self.directory = directory
        self.output = output
        self.errorOutput = errorOutput
    }

    /// A command failure with its message, hint and exit status.
    struct Failure: Error {
        var message: String
        var hint: String?
        var status: ExitStatus
    }

    // MARK: - Commands

    /// `lathe install [--frozen]`.
    public func install(frozen: Bool) -> ExitStatus {
        report {
            let (folder, manifest) = try project()
            try withFetcher(folder) { try installing(folder: folder, manifest: manifest, frozen: frozen, fetcher: $0) }
        }
    }

    /// `lathe add SOURCE[@VERSION]`.
    public func add(_ specification: String) -> ExitStatus {
        report {
            let (folder, manifest) = try project()
            try withFetcher(folder) { try adding(specification, folder: folder, manifest: manifest, fetcher: $0) }
        }
    }

    /// `lathe update [NAME]`.
    public func update(_ name: String?) -> ExitStatus {
        report {
            let (folder, manifest) = try project()
            try withFetcher(folder) { try updating(name, folder: folder, manifest: manifest, fetcher: $0) }
        }
    }

    /// `lathe packages`: the locked dependency tree.
    public func tree() -> ExitStatus {
        report {
            let (folder, manifest) = try project()
            guard let lock = try PackageLock.load(folder: folder) else {
                throw Failure(message: "no lathe.lock in \(display(folder))", hint: "run `lathe install` first", status: .noInput)
            }
            if Self.requirements(of: manifest) != lock.requires.sorted(by: { $0.name < $1.name }) {
                errorOutput("warning: lathe.lock is older than lathe.pkg's dependencies; run `lathe install`\n")
            }
            var text = "\(manifest.name) \(manifest.version)\n"
            var shown: Set<String> = []
            func walk(_ names: [String], prefix: String) {
                for (index, name) in names.enumerated() {
                    let last = index == names.count - 1
                    let branch = prefix + (last ? "└── " : "├── ")
                    guard let entry = lock.entry(named: name) else {
                        text += branch + "\(name) (not in lathe.lock)\n"
                        continue
                    }
                    let repeated = shown.contains(name)
                    text += branch + "\(name) \(entry.version)  \(Self.describe(entry))" + (repeated ? " (*)" : "") + "\n"
                    shown.insert(name)
                    if !repeated { walk(entry.dependencies, prefix: prefix + (last ? "    " : "│   ")) }
                }
            }
            walk(lock.requires.map(\.name).sorted(), prefix: "")
            if text.contains(" (*)\n") { text += "(*) its dependencies are shown above\n" }
            output(text)
        }
    }

    // MARK: - Install

    func installing(folder: String, manifest: PackageManifest, frozen: Bool, fetcher: GitPackageFetcher) throws {
        let existing = try PackageLock.load(folder: folder)
        if let existing, isUpToDate(existing, manifest: manifest, folder: folder) {
            output("lathe.lock is up to date: \(existing.packages.count) package\(existing.packages.count == 1 ? "" : "s") verified\n")
            return
        }
        let selections: [PackageResolver.Selection]
        do {
            selections = try PackageResolver(fetcher: fetcher).resolve(root: manifest, folder: folder)
        } catch let conflict as PackageResolver.Conflict {
            throw Failure(message: conflict.message, hint: conflict.hint, status: .compileError)
        }
        var lock = PackageLock(requires: Self.requirements(of: manifest), packages: [])
        for selection in selections {
            lock.packages.append(PackageLock.Entry(
                name: selection.name, version: selection.version, source: Self.source(of: selection.location, relativeTo: folder),
                commit: selection.fetched.commit, hash: try PackageContentHash.of(folder: selection.fetched.folder),
                dependencies: selection.fetched.manifest.dependencies.map(\.name).sorted()))
        }
        if frozen {
            let changes = Self.changes(from: existing, to: lock)
            guard changes.isEmpty else {
                throw Failure(message: "lathe.lock would change, and --frozen forbids that:\n" + changes.map { "  \($0)\n" }.joined(),
                              hint: "run `lathe install` without --frozen and commit the new lathe.lock", status: .compileError)
            }
        }
        for (entry, selection) in zip(lock.packages, selections) {
            let target = (folder as NSString).appendingPathComponent(entry.cacheFolder)
            if (try? PackageContentHash.of(folder: target)) != entry.hash {
                try PackageContentHash.copy(from: selection.fetched.folder, to: target)
            }
            output("  \(entry.name) \(entry.version)  \(Self.describe(entry))\n")
        }
        prune(folder: folder, keeping: Set(lock.packages.map { "\($0.name)@\($0.version)" }))
        let text = lock.render()
        let plural = lock.packages.count == 1 ? "" : "s"
        if existing.map({ $0.render() }) != text {
            try write(text, to: (folder as NSString).appendingPathComponent(PackageLock.fileName))
            output("installed \(lock.packages.count) package\(plural); wrote lathe.lock\n")
        } else {
            output("installed \(lock.packages.count) package\(plural); lathe.lock unchanged\n")
        }
    }

    /// The lock agrees with the manifest, and every package in the cache (and, for a path
    /// package, at its path) still has its locked hash. Needs no git.
    func isUpToDate(_ lock: PackageLock, manifest: PackageManifest, folder: String) -> Bool {
        guard Self.requirements(of: manifest) == lock.requires.sorted(by: { $0.name < $1.name }) else { return false }
        for entry in lock.packages {
            guard (try? PackageContentHash.of(folder: (folder as NSString).appendingPathComponent(entry.cacheFolder))) == entry.hash else { return false }
            if case .path(let path) = entry.source,
               (try? PackageContentHash.of(folder: (folder as NSString).appendingPathComponent(path))) != entry.hash { return false }
        }
        return true
    }

    /// Removes cached packages the lock no longer selects.
    func prune(folder: String, keeping: Set<String>) {
        let cache = (folder as NSString).appendingPathComponent(PackageLock.cacheFolder)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: cache)) ?? [] where !name.hasPrefix(".") && !keeping.contains(name) {
            try? FileManager.default.removeItem(atPath: (cache as NSString).appendingPathComponent(name))
        }
    }

    // MARK: - Add and update

    func adding(_ specification: String, folder: String, manifest: PackageManifest, fetcher: GitPackageFetcher) throws {
        let (sourceText, version) = Self.split(specification)
        let location: PackageLocation
        let cwd = FileManager.default.currentDirectoryPath
        let absolute = sourceText.hasPrefix("/") ? sourceText : (cwd as NSString).appendingPathComponent(sourceText)
        let isURL = sourceText.contains("://") || sourceText.hasPrefix("git@")
        if !isURL, FileManager.default.fileExists(atPath: (absolute as NSString).appendingPathComponent(PackageManifest.fileName)) {
            guard version == nil else {
                throw Failure(message: "a path dependency takes no @\(version ?? "")", hint: "its version is the one its lathe.pkg states", status: .usage)
            }
            location = .path((absolute as NSString).standardizingPath)
        } else {
            let url = isURL ? sourceText : (absolute as NSString).standardizingPath
            let tags = try fetcher.remoteVersionTags(url)
            let reference: PackageLocation.GitReference
            if let version {
                if let wanted = PackageResolver.version(ofTag: version) {
                    guard let tag = tags.first(where: { $0.version == wanted }) else {
                        throw Failure(message: "\(url) has no tag for version \(wanted)",
                                      hint: tags.isEmpty ? "it has no version tags" : "its version tags: \(tags.map(\.tag).joined(separator: ", "))", status: .compileError)
                    }
                    reference = .tag(tag.tag)
                } else if (7...40).contains(version.count), version.allSatisfy(\.isHexDigit) {
                    reference = .commit(version)
                } else {
                    reference = .tag(version)
                }
            } else {
                guard let newest = tags.last else {
                    throw Failure(message: "\(url) has no version tags such as v0.1.0",
                                  hint: "name a commit instead: lathe add \(url)@COMMIT", status: .compileError)
                }
                reference = .tag(newest.tag)
            }
            location = .git(url: url, ref: reference)
        }
        let guessedName = ((sourceText as NSString).lastPathComponent as NSString).deletingPathExtension
        let fetched: FetchedPackage
        do {
            fetched = try fetcher.fetch(location, name: guessedName)
        } catch let conflict as PackageResolver.Conflict {
            throw Failure(message: conflict.message, hint: conflict.hint, status: .compileError)
        }
        let name = fetched.manifest.name
        guard name != manifest.name else {
            throw Failure(message: "\(sourceText) is the project itself ('\(name)')", hint: nil, status: .usage)
        }
        let manifestPath = (folder as NSString).appendingPathComponent(PackageManifest.fileName)
        let original = try String(contentsOfFile: manifestPath, encoding: .utf8)
        let edited = try ManifestEditor.settingDependency(name, to: Self.source(of: location, relativeTo: folder), in: original, path: manifestPath)
        try write(edited, to: manifestPath)
        output("added \(name) \(fetched.manifest.version) (\(location)) to lathe.pkg\n")
        do {
            try installing(folder: folder, manifest: try PackageManifest.parse(edited, path: manifestPath), frozen: false, fetcher: fetcher)
        } catch {
            // A dependency that does not resolve is not added: the manifest stays as it was.
            try? write(original, to: manifestPath)
            errorOutput("lathe.pkg left unchanged\n")
            throw error
        }
    }

    func updating(_ name: String?, folder: String, manifest: PackageManifest, fetcher: GitPackageFetcher) throws {
        let manifestPath = (folder as NSString).appendingPathComponent(PackageManifest.fileName)
        var text = try String(contentsOfFile: manifestPath, encoding: .utf8)
        var dependencies = manifest.dependencies
        if let name {
            dependencies = dependencies.filter { $0.name == name }
            if dependencies.isEmpty {
                let lock = try? PackageLock.load(folder: folder)
                if let lock, let entry = lock.entry(named: name) {
                    let requirers = lock.packages.filter { $0.dependencies.contains(name) }.map { "\($0.name)@\($0.version)" }
                    throw Failure(message: "'\(name)' \(entry.version) is not a direct dependency; \(requirers.joined(separator: ", ")) require\(requirers.count == 1 ? "s" : "") it",
                                  hint: "to choose its version, add it to lathe.pkg: lathe add SOURCE@VERSION", status: .usage)
                }
                let known = manifest.dependencies.map(\.name)
                let suggestion = NameSuggestion.closest(to: name, in: known).map { "did you mean '\($0)'? " } ?? ""
                throw Failure(message: "lathe.pkg has no dependency '\(name)'",
                              hint: suggestion + (known.isEmpty ? "it has no dependencies" : "its dependencies: \(known.joined(separator: ", "))"), status: .usage)
            }
        }
        for dependency in dependencies {
            switch dependency.source {
            case .path:
                output("\(dependency.name): a path dependency; install copies its current files\n")
            case .git(_, nil, let commit):
                output("\(dependency.name): pinned to commit \(commit ?? ""); edit lathe.pkg to move it\n")
            case .git(let url, let tag?, _):
                guard let current = PackageResolver.version(ofTag: tag) else {
                    output("\(dependency.name): tag \(tag) is not a version; edit lathe.pkg to move it\n")
                    continue
                }
                let allowed = try fetcher.remoteVersionTags(url).filter { $0.version.major == current.major && $0.version > current }
                if let newest = allowed.last {
                    text = try ManifestEditor.settingTag(of: dependency.name, to: newest.tag, in: text, path: manifestPath)
                    output("\(dependency.name): \(tag) -> \(newest.tag)\n")
                } else {
                    output("\(dependency.name): \(tag) is the newest \(current.major).x tag\n")
                }
            }
        }
        let updated = try PackageManifest.parse(text, path: manifestPath)
        if updated != manifest { try write(text, to: manifestPath) }
        try installing(folder: folder, manifest: updated, frozen: false, fetcher: fetcher)
    }

    // MARK: - Shared

    /// The project folder and its manifest.
    func project() throws -> (String, PackageManifest) {
        guard let folder = ProjectPackages.projectFolder(from: directory) else {
            throw Failure(message: "no \(PackageManifest.fileName) in \(display(directory)) or a folder above it",
                          hint: "a project's dependencies are listed in lathe.pkg; `lathe new --script NAME` makes one", status: .noInput)
        }
        return (folder, try PackageManifest.load(folder: folder))
    }

    func withFetcher(_ folder: String, _ body: (GitPackageFetcher) throws -> Void) throws {
        let scratch = (folder as NSString).appendingPathComponent("\(PackageLock.cacheFolder)/.fetch-\(getpid())")
        let fetcher = GitPackageFetcher(scratch: scratch)
        fetcher.onFetch = { [output] url in output("fetching \(url)\n") }
        defer { fetcher.cleanUp() }
        try body(fetcher)
    }

    func write(_ text: String, to path: String) throws {
        try AtomicFile.write(to: path) { try $0(Array(text.utf8)) }
    }

    func display(_ path: String) -> String {
        let shown = ModuleGraph.display(path)
        return shown.isEmpty ? "." : shown
    }

    /// Runs a command body, printing a failure as `error: …` and `hint: …`.
    func report(_ body: () throws -> Void) -> ExitStatus {
        do {
            try body()
            return .success
        } catch let failure as Failure {
            errorOutput("error: \(failure.message)\n" + (failure.hint.map { "  hint: \($0)\n" } ?? ""))
            return failure.status
        } catch let conflict as PackageResolver.Conflict {
            errorOutput("error: \(conflict.message)\n  hint: \(conflict.hint)\n")
            return .compileError
        } catch let failure as GitPackageFetcher.FetchFailure {
            errorOutput("error: \(failure.message)\n  hint: \(failure.hint)\n")
            return .unavailable
        } catch let problem as PackageManifest.Problem {
            errorOutput("\(problem.path):\(problem.line):\(problem.column): error: \(problem.message)\n" + (problem.hint.map { "  hint: \($0)\n" } ?? ""))
            return .compileError
        } catch let problem as PackageLock.Problem {
            errorOutput("error: \(problem)\n")
            return .compileError
        } catch {
            errorOutput("error: \(error.localizedDescription)\n")
            return .ioError
        }
    }

    /// `SOURCE@VERSION` split at its last `@`, when what follows is a version, tag or commit
    /// (not part of `git@host:path`).
    static func split(_ specification: String) -> (String, String?) {
        guard let at = specification.lastIndex(of: "@") else { return (specification, nil) }
        let after = specification[specification.index(after: at)...]
        guard !after.isEmpty, !after.contains("/"), !after.contains(":") else { return (specification, nil) }
        return (String(specification[..<at]), String(after))
    }

    /// The manifest's dependencies as the lock records them, sorted by name.
    static func requirements(of manifest: PackageManifest) -> [PackageLock.Requirement] {
        manifest.dependencies.map { PackageLock.Requirement(name: $0.name, source: $0.source) }.sorted { $0.name < $1.name }
    }

    /// A location as a lock or manifest source; a path relative to the project.
    static func source(of location: PackageLocation, relativeTo folder: String) -> PackageManifest.Source {
        switch location {
        case .path(let path): return .path(relativePath(from: folder, to: path))
        case .git(let url, .tag(let tag)): return .git(url: url, tag: tag, commit: nil)
        case .git(let url, .commit(let commit)): return .git(url: url, tag: nil, commit: commit)
        }
    }

    /// `target` relative to `base`, with `..` where needed.
    static func relativePath(from base: String, to target: String) -> String {
        let from = (base as NSString).standardizingPath.split(separator: "/"), to = (target as NSString).standardizingPath.split(separator: "/")
        var common = 0
        while common < from.count, common < to.count, from[common] == to[common] { common += 1 }
        let parts = Array(repeating: "..", count: from.count - common) + to[common...].map(String.init)
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }

    /// A locked package's source, for `lathe packages` and install's report.
    static func describe(_ entry: PackageLock.Entry) -> String {
        switch entry.source {
        case .path(let path): return "path \(path)"
        case .git(let url, let tag, _):
            let at = tag.map { "tag \($0)" } ?? "commit"
            return "\(at) of \(url) (\(entry.commit.prefix(12)))"
        }
    }

    /// What differs between two locks, one line a package, for `--frozen`.
    static func changes(from old: PackageLock?, to new: PackageLock) -> [String] {
        guard let old else { return ["no lathe.lock yet (it would list \(new.packages.count) package\(new.packages.count == 1 ? "" : "s"))"] }
        var lines: [String] = []
        if old.requires.sorted(by: { $0.name < $1.name }) != new.requires {
            lines.append("lathe.pkg's dependencies differ from the ones lathe.lock was made from")
        }
        for name in Set(old.packages.map(\.name) + new.packages.map(\.name)).sorted() {
            switch (old.entry(named: name), new.entry(named: name)) {
            case (nil, let added?): lines.append("+ \(name) \(added.version)")
            case (let removed?, nil): lines.append("- \(name) \(removed.version)")
            case (let before?, let after?) where before != after:
                if before.version != after.version {
                    lines.append("~ \(name) \(before.version) -> \(after.version)")
                } else if before.hash != after.hash {
                    lines.append("~ \(name) \(after.version): files hash \(after.hash), lock records \(before.hash)")
                } else {
                    lines.append("~ \(name) \(after.version): source or commit differs")
                }
            default: break
            }
        }
        return lines.isEmpty && old.render() != new.render() ? ["the lockfile's text differs"] : lines
    }
}
