// Minimal version selection over a table of packages (no git), the lockfile's text round
// trip, and the manifest edits `lathe add` and `lathe update` make.

import Foundation
import Testing
@testable import Frontend

/// Packages by location: `name@version` → manifest text's dependencies.
private struct TableFetcher: PackageFetching {
    /// Location key (`git:URL#TAG` or `path:FOLDER`) → (name, version, dependencies).
    var table: [String: (String, String, [PackageManifest.Dependency])]

    static func key(_ location: PackageLocation) -> String {
        switch location {
        case .path(let folder): return "path:\(folder)"
        case .git(let url, .tag(let tag)): return "git:\(url)#\(tag)"
        case .git(let url, .commit(let commit)): return "git:\(url)#\(commit)"
        }
    }

    func fetch(_ location: PackageLocation, name: String) throws -> FetchedPackage {
        guard let (packageName, version, dependencies) = table[Self.key(location)] else {
            throw PackageResolver.Conflict(message: "no \(location)", hint: "")
        }
        let manifest = PackageManifest(name: packageName, version: SemanticVersion(version)!, description: "", exports: [], dependencies: dependencies)
        return FetchedPackage(manifest: manifest, folder: "/cache/\(packageName)", commit: "c-\(packageName)-\(version)")
    }
}

private func git(_ name: String, _ tag: String) -> PackageManifest.Dependency {
    .init(name: name, source: .git(url: "file:///git/\(name).git", tag: tag, commit: nil))
}

private func root(_ dependencies: [PackageManifest.Dependency]) -> PackageManifest {
    PackageManifest(name: "app", version: SemanticVersion("0.1.0")!, description: "", exports: [], dependencies: dependencies)
}

@Suite("Package resolution (minimal version selection)")
struct PackageResolverTests {
    @Test func aDiamondSelectsTheHighestRequiredVersionOfTheSharedPackage() throws {
        // app → a 1.0.0 → stats ≥ 1.1.0; app → b 2.0.0 → stats ≥ 1.3.0. stats 1.4.0 exists but nobody asks for it.
        let fetcher = TableFetcher(table: [
            "git:file:///git/a.git#v1.0.0": ("a", "1.0.0", [git("stats", "v1.1.0")]),
            "git:file:///git/b.git#v2.0.0": ("b", "2.0.0", [git("stats", "v1.3.0")]),
            "git:file:///git/stats.git#v1.1.0": ("stats", "1.1.0", []),
            "git:file:///git/stats.git#v1.3.0": ("stats", "1.3.0", []),
            "git:file:///git/stats.git#v1.4.0": ("stats", "1.4.0", []),
        ])
        let selected = try PackageResolver(fetcher: fetcher).resolve(root: root([git("a", "v1.0.0"), git("b", "v2.0.0")]), folder: "/app")
        #expect(selected.map { "\($0.name)@\($0.version)" } == ["a@1.0.0", "b@2.0.0", "stats@1.3.0"])
        let stats = try #require(selected.last)
        #expect(stats.location == .git(url: "file:///git/stats.git", ref: .tag("v1.3.0")))
        #expect(stats.requirers == ["a@1.0.0", "b@2.0.0"])
    }

    @Test func theProjectsOwnRequirementCountsLikeAnyOther() throws {
        let fetcher = TableFetcher(table: [
            "git:file:///git/a.git#v1.0.0": ("a", "1.0.0", [git("stats", "v1.1.0")]),
            "git:file:///git/stats.git#v1.1.0": ("stats", "1.1.0", []),
            "git:file:///git/stats.git#v1.2.0": ("stats", "1.2.0", []),
        ])
        let selected = try PackageResolver(fetcher: fetcher).resolve(root: root([git("a", "v1.0.0"), git("stats", "v1.2.0")]), folder: "/app")
        #expect(selected.map { "\($0.name)@\($0.version)" } == ["a@1.0.0", "stats@1.2.0"])
    }

    @Test func incompatibleMajorVersionsAreAConflictNamingBothRequirers() {
        let fetcher = TableFetcher(table: [
            "git:file:///git/a.git#v1.0.0": ("a", "1.0.0", [git("stats", "v1.1.0")]),
            "git:file:///git/b.git#v1.0.0": ("b", "1.0.0", [git("stats", "v2.0.0")]),
            "git:file:///git/stats.git#v1.1.0": ("stats", "1.1.0", []),
            "git:file:///git/stats.git#v2.0.0": ("stats", "2.0.0", []),
        ])
        #expect {
            try PackageResolver(fetcher: fetcher).resolve(root: root([git("a", "v1.0.0"), git("b", "v1.0.0")]), folder: "/app")
        } throws: { error in
            let message = (error as? PackageResolver.Conflict)?.message ?? ""
            return message.contains("conflicting major versions of package 'stats'")
                && message.contains("a@1.0.0 requires 1.1.0 (tag v1.1.0 of file:///git/stats.git)")
                && message.contains("b@1.0.0 requires 2.0.0 (tag v2.0.0 of file:///git/stats.git)")
        }
    }

    @Test func aPathAndAGitSourceForOneNameAreAConflict() {
        let fetcher = TableFetcher(table: [
            "git:file:///git/a.git#v1.0.0": ("a", "1.0.0", [git("stats", "v1.1.0")]),
            "git:file:///git/stats.git#v1.1.0": ("stats", "1.1.0", []),
            "path:/libs/stats": ("stats", "1.1.0", []),
        ])
        let manifest = root([git("a", "v1.0.0"), .init(name: "stats", source: .path("../libs/stats"))])
        #expect {
            try PackageResolver(fetcher: fetcher).resolve(root: manifest, folder: "/app")
        } throws: { error in
            let message = (error as? PackageResolver.Conflict)?.message ?? ""
            return message.contains("conflicting sources for package 'stats'") && message.contains("project app requires 1.1.0 (path /libs/stats)")
                && message.contains("a@1.0.0 requires 1.1.0 (tag v1.1.0")
        }
    }

    @Test func aTagMustAgreeWithTheVersionInItsManifest() {
        let fetcher = TableFetcher(table: ["git:file:///git/a.git#v1.0.0": ("a", "0.9.0", [])])
        #expect(throws: PackageResolver.Conflict.self) {
            try PackageResolver(fetcher: fetcher).resolve(root: root([git("a", "v1.0.0")]), folder: "/app")
        }
    }

    @Test func aGitPackageCannotDependOnALocalPath() {
        let fetcher = TableFetcher(table: ["git:file:///git/a.git#v1.0.0": ("a", "1.0.0", [.init(name: "h", source: .path("../h"))])])
        #expect {
            try PackageResolver(fetcher: fetcher).resolve(root: root([git("a", "v1.0.0")]), folder: "/app")
        } throws: { error in
            ((error as? PackageResolver.Conflict)?.message ?? "").contains("fetched from git, depends on 'h' by a local path")
        }
    }
}

@Suite("Lockfile and manifest edits")
struct PackageLockTests {
    @Test func theLockfileReadsBackAsWrittenAndSortsItsPackages() throws {
        let lock = PackageLock(
            requires: [.init(name: "b", source: .path("../b")), .init(name: "a", source: .git(url: "file:///g/a.git", tag: "v1.0.0", commit: nil))],
            packages: [
                .init(name: "b", version: SemanticVersion("0.2.0")!, source: .path("../b"), commit: "", hash: "sha256:bb", dependencies: ["c"]),
                .init(name: "c", version: SemanticVersion("3.0.1")!, source: .git(url: "file:///g/c$.git", tag: nil, commit: "abc123"),
                      commit: "abc1234567", hash: "sha256:cc", dependencies: []),
                .init(name: "a", version: SemanticVersion("1.0.0")!, source: .git(url: "file:///g/a.git", tag: "v1.0.0", commit: nil),
                      commit: "0123", hash: "sha256:aa", dependencies: ["b", "c"]),
            ])
        let text = lock.render()
        let read = try PackageLock.parse(text, path: "lathe.lock")
        #expect(read.render() == text)
        #expect(read.packages.map(\.name) == ["a", "b", "c"])
        #expect(read.entry(named: "c")?.source == .git(url: "file:///g/c$.git", tag: nil, commit: "abc123"))
        #expect(read.entry(named: "a")?.cacheFolder == ".lathe/packages/a@1.0.0")
        #expect(text.contains("{name: \"a\", version: \"1.0.0\", git: \"file:///g/a.git\", tag: \"v1.0.0\", commit: \"0123\", hash: \"sha256:aa\", dependencies: [\"b\", \"c\"]},"))
    }

    @Test func aDamagedLockfileIsAProblemNotACrash() {
        #expect(throws: PackageLock.Problem.self) { try PackageLock.parse("{packages: [{name: \"a\"}]}", path: "lathe.lock") }
        #expect(throws: PackageLock.Problem.self) { try PackageLock.parse("{packages: [", path: "lathe.lock") }
    }

    @Test func addingADependencyKeepsCommentsAndLayout() throws {
        let text = """
            # my project
            {
              name: "app",
              version: "0.1.0",
              dependencies: {
                # the first one
                a: {path: "../a"}
              },
            }

            """
        let added = try ManifestEditor.settingDependency("b", to: .git(url: "file:///g/b.git", tag: "v1.0.0", commit: nil), in: text, path: "lathe.pkg")
        #expect(added.contains("# my project\n") && added.contains("    # the first one\n    a: {path: \"../a\"},\n    b: {git: \"file:///g/b.git\", tag: \"v1.0.0\"},\n  },"))
        #expect(try PackageManifest.parse(added, path: "lathe.pkg").dependencies.map(\.name) == ["a", "b"])
        let replaced = try ManifestEditor.settingDependency("a", to: .path("../a2"), in: added, path: "lathe.pkg")
        #expect(try PackageManifest.parse(replaced, path: "lathe.pkg").dependencies.first?.source == .path("../a2"))
        let retagged = try ManifestEditor.settingTag(of: "b", to: "v1.2.0", in: replaced, path: "lathe.pkg")
        #expect(retagged.contains("b: {git: \"file:///g/b.git\", tag: \"v1.2.0\"}"))
    }

    @Test func addingToAManifestWithoutDependenciesCreatesThem() throws {
        for text in ["{name: \"app\", version: \"0.1.0\"}", "{\n  name: \"app\",\n  version: \"0.1.0\",\n  dependencies: {},\n}\n"] {
            let added = try ManifestEditor.settingDependency("b", to: .path("../b"), in: text, path: "lathe.pkg")
            #expect(try PackageManifest.parse(added, path: "lathe.pkg").dependencies == [.init(name: "b", source: .path("../b"))], "\(added)")
        }
    }

    @Test func sourceAndVersionSplitAtTheLastAt() {
        #expect(PackageInstaller.split("file:///g/a.git@v1.0.0") == ("file:///g/a.git", "v1.0.0"))
        #expect(PackageInstaller.split("git@host:team/a.git") == ("git@host:team/a.git", nil))
        #expect(PackageInstaller.split("git@host:team/a.git@1.2.0") == ("git@host:team/a.git", "1.2.0"))
        #expect(PackageInstaller.split("../libs/a") == ("../libs/a", nil))
        #expect(PackageInstaller.relativePath(from: "/w/app", to: "/w/libs/a") == "../libs/a")
        #expect(PackageInstaller.relativePath(from: "/w/app", to: "/w/app/vendor/a") == "vendor/a")
    }

    @Test func theContentHashCoversPathsAndBytesInSortedOrder() throws {
        let folder = makeTemporaryDirectory(prefix: "lathe-hash")
        defer { try? FileManager.default.removeItem(at: folder) }
        try "a".write(to: folder.appendingPathComponent("b.mlx"), atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("tests"), withIntermediateDirectories: true)
        try "t".write(to: folder.appendingPathComponent("tests/x.mlx"), atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent(".git"), withIntermediateDirectories: true)
        try "ignored".write(to: folder.appendingPathComponent(".git/HEAD"), atomically: true, encoding: .utf8)
        #expect(try PackageContentHash.files(in: folder.path) == ["b.mlx", "tests/x.mlx"])
        let first = try PackageContentHash.of(folder: folder.path)
        #expect(first.hasPrefix("sha256:") && first.count == 7 + 64)
        try "b".write(to: folder.appendingPathComponent(".git/HEAD"), atomically: true, encoding: .utf8)
        #expect(try PackageContentHash.of(folder: folder.path) == first)
        try FileManager.default.moveItem(at: folder.appendingPathComponent("b.mlx"), to: folder.appendingPathComponent("c.mlx"))
        #expect(try PackageContentHash.of(folder: folder.path) != first)
    }
}

@Suite("The standard library as a package")
struct StandardLibraryPackageTests {
    @Test func itsManifestExportsEveryModuleAndMatchesTheLatheVersion() throws {
        let folder = LatheBinary.packageRoot.appendingPathComponent("stdlib").path
        let manifest = try PackageManifest.load(folder: folder)
        #expect(manifest.name == "std")
        #expect(manifest.version.description == LatheVersion.current)
        #expect(manifest.dependencies.isEmpty)
        let modules = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".mlx") }.map { String($0.dropLast(4)) }
        #expect(manifest.exports.sorted() == modules.sorted())
    }
}
