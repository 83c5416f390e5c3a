import Foundation

/// Fetches packages for `lathe install`: a path is read where it is; a git repository is
/// cloned once (bare) into a scratch folder, and each tag or commit is unpacked from it with
/// `git archive`, so no working copy or checkout state is involved.
final class GitPackageFetcher: PackageFetching {
    /// git could not reach or read a repository (exit 69, unlike a resolution conflict).
    struct FetchFailure: Error {
        var message: String
        var hint: String
    }

    /// Where clones and unpacked revisions go; removed by `cleanUp`.
    let scratch: String
    private var clones: [String: String] = [:]
    private var unpacked: [PackageLocation: FetchedPackage] = [:]
    /// Called before each network (or file://) access, for progress lines.
    var onFetch: (String) -> Void = { _ in }

    init(scratch: String) { self.scratch = scratch }

    func cleanUp() { try? FileManager.default.removeItem(atPath: scratch) }

    func fetch(_ location: PackageLocation, name: String) throws -> FetchedPackage {
        if let known = unpacked[location] { return known }
        let package: FetchedPackage
        switch location {
        case .path(let folder):
            guard FileManager.default.fileExists(atPath: (folder as NSString).appendingPathComponent(PackageManifest.fileName)) else {
                throw PackageResolver.Conflict(message: "dependency '\(name)' points at \(folder), which has no \(PackageManifest.fileName)",
                                               hint: "check the path; it is relative to the folder of the lathe.pkg that names it")
            }
            package = FetchedPackage(manifest: try PackageManifest.load(folder: folder), folder: folder, commit: "")
        case .git(let url, let ref):
            let clone = try self.clone(url, name: name)
            let revision: String
            switch ref {
            case .tag(let tag): revision = "refs/tags/\(tag)"
            case .commit(let commit): revision = commit
            }
            let commit: String
            do {
                commit = try GitCommand.run(["--git-dir", clone, "rev-parse", "--verify", "--quiet", revision + "^{commit}"])
            } catch {
                let what: String
                switch ref {
                case .tag(let tag): what = "tag \(tag)"
                case .commit(let commit): what = "commit \(commit)"
                }
                let tags = (try? Self.versionTags(ofClone: clone).map(\.tag)) ?? []
                throw PackageResolver.Conflict(
                    message: "package '\(name)': \(url) has no \(what)",
                    hint: tags.isEmpty ? "the repository has no version tags such as v0.1.0" : "its version tags: \(tags.joined(separator: ", "))")
            }
            let folder = (scratch as NSString).appendingPathComponent("\(name)-\(commit)")
            if !FileManager.default.fileExists(atPath: folder) {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                let archive = folder + ".tar"
                try GitCommand.run(["--git-dir", clone, "archive", "--format=tar", "-o", archive, commit])
                try Self.untar(archive, into: folder)
                try? FileManager.default.removeItem(atPath: archive)
            }
            guard FileManager.default.fileExists(atPath: (folder as NSString).appendingPathComponent(PackageManifest.fileName)) else {
                throw PackageResolver.Conflict(message: "package '\(name)': \(location) has no \(PackageManifest.fileName) at its root",
                                               hint: "a package's repository holds its lathe.pkg at the top")
            }
            package = FetchedPackage(manifest: try PackageManifest.load(folder: folder), folder: folder, commit: commit)
        }
        unpacked[location] = package
        return package
    }

    /// A bare clone of `url`, made once per install.
    private func clone(_ url: String, name: String) throws -> String {
        if let known = clones[url] { return known }
        let target = (scratch as NSString).appendingPathComponent("clone-\(clones.count)-\(name).git")
        onFetch(url)
        do {
            try GitCommand.run(["clone", "--quiet", "--bare", url, target])
        } catch let failure as GitCommand.Failure {
            throw FetchFailure(message: "cannot fetch package '\(name)' from \(url): \(failure.message)",
                               hint: "check the URL and that git can reach it (git ls-remote \(url))")
        }
        clones[url] = target
        return target
    }

    /// The repository's tags that read as versions (`v1.2.3` or `1.2.3`), oldest first.
    static func versionTags(ofClone clone: String) throws -> [(tag: String, version: SemanticVersion)] {
        let names = try GitCommand.run(["--git-dir", clone, "tag", "--list"]).split(separator: "\n").map(String.init)
        return names.compactMap { tag in PackageResolver.version(ofTag: tag).map { (tag, $0) } }.sorted { $0.version < $1.version }
    }

    /// The version tags of a remote, without cloning it.
    func remoteVersionTags(_ url: String) throws -> [(tag: String, version: SemanticVersion)] {
        let lines: [Substring]
        do {
            lines = try GitCommand.run(["ls-remote", "--tags", url]).split(separator: "\n")
        } catch let failure as GitCommand.Failure {
            throw FetchFailure(message: "cannot list the tags of \(url): \(failure.message)", hint: "check the URL and that git can reach it")
        }
        var tags: [(tag: String, version: SemanticVersion)] = []
        for line in lines {
            guard let reference = line.split(separator: "\t").last, reference.hasPrefix("refs/tags/"), !reference.hasSuffix("^{}") else { continue }
            let tag = String(reference.dropFirst("refs/tags/".count))
            if let version = PackageResolver.version(ofTag: tag) { tags.append((tag, version)) }
        }
        return tags.sorted { $0.version < $1.version }
    }

    private static func untar(_ archive: String, into folder: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["tar", "-xf", archive, "-C", folder]
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw PackageResolver.Conflict(message: "cannot unpack \(archive)", hint: "is tar installed?")
        }
    }
}
