import Foundation

/// Where a requirement points, with paths made absolute.
public enum PackageLocation: Hashable, CustomStringConvertible {
    case path(String)
    case git(url: String, ref: GitReference)

    /// A tag or a commit of a git repository.
    public enum GitReference: Hashable {
        case tag(String)
        case commit(String)
    }

    public var description: String {
        switch self {
        case .path(let path): return "path \(path)"
        case .git(let url, .tag(let tag)): return "tag \(tag) of \(url)"
        case .git(let url, .commit(let commit)): return "commit \(commit) of \(url)"
        }
    }

    /// What identifies the source regardless of version: the folder, or the repository.
    var origin: String {
        switch self {
        case .path(let path): return "path \(path)"
        case .git(let url, _): return "git \(url)"
        }
    }
}

/// A package's files at one location, as the fetcher found them.
public struct FetchedPackage {
    public var manifest: PackageManifest
    /// A folder holding its files (a checkout, or the path itself).
    public var folder: String
    /// The exact commit, for git; empty for a path.
    public var commit: String

    public init(manifest: PackageManifest, folder: String, commit: String) {
        (self.manifest, self.folder, self.commit) = (manifest, folder, commit)
    }
}

/// Reads a package at a location: git in `lathe install`, a table in unit tests.
public protocol PackageFetching {
    func fetch(_ location: PackageLocation, name: String) throws -> FetchedPackage
}

/// Minimal version selection, as Go does it (https://research.swtch.com/vgo-mvs).
///
/// Each requirement means "this package, at least this version". The resolver walks every
/// requirement reachable from the project (each fetched package's own `lathe.pkg` adds its
/// requirements) and selects, for each package name, the highest version anyone requires:
/// the minimum that satisfies everyone. The result depends only on the manifests, never on
/// which tags are newest today or on the order of the walk, so a lockfile can be rebuilt.
///
/// Requirements are compatible when they share the source (one folder, or one repository)
/// and the major version. Anything else is a conflict, and the error names both requirers.
public struct PackageResolver {
    /// One requirement edge: who needs what.
    public struct Requirement {
        public var name: String
        public var location: PackageLocation
        /// `project NAME` or `NAME@VERSION`.
        public var requirer: String
        /// The version found at `location`.
        public var version: SemanticVersion
    }

    /// A selected package.
    public struct Selection {
        public var name: String
        public var version: SemanticVersion
        public var location: PackageLocation
        public var fetched: FetchedPackage
        /// Who required it, for `lathe packages` and messages.
        public var requirers: [String]
    }

    /// A resolution failure with its message and hint.
    public struct Conflict: Error, CustomStringConvertible {
        public var message: String
        public var hint: String
        public var description: String { message }
    }

    let fetcher: PackageFetching

    public init(fetcher: PackageFetching) { self.fetcher = fetcher }

    /// Resolves `root`'s dependencies; `folder` is the project's folder, for relative paths.
    public func resolve(root: PackageManifest, folder: String) throws -> [Selection] {
        let rootName = "project \(root.name)"
        var fetched: [PackageLocation: FetchedPackage] = [:]
        var requirements: [String: [Requirement]] = [:]
        var queue = try root.dependencies.map { try (name: $0.name, location: Self.locate($0, from: folder, requirer: rootName, gitPackage: false), requirer: rootName) }
        var index = 0
        while index < queue.count {
            let (name, location, requirer) = queue[index]
            index += 1
            guard name != root.name else {
                throw Conflict(message: "\(requirer) depends on '\(name)', the project itself", hint: "a package cannot depend on itself; remove the dependency")
            }
            let package: FetchedPackage
            if let known = fetched[location] {
                package = known
            } else {
                package = try fetcher.fetch(location, name: name)
                guard package.manifest.name == name else {
                    throw Conflict(message: "\(requirer) names a dependency '\(name)', but \(location) holds package '\(package.manifest.name)'",
                                   hint: "use the name its lathe.pkg declares: \(package.manifest.name)")
                }
                if case .git(_, .tag(let tag)) = location, let tagged = Self.version(ofTag: tag), tagged != package.manifest.version {
                    throw Conflict(message: "tag \(tag) of '\(name)' holds version \(package.manifest.version) in its lathe.pkg",
                                   hint: "a release tag and the manifest's version must agree; ask the package's authors to fix the tag")
                }
                fetched[location] = package
                let here = "\(name)@\(package.manifest.version)"
                var isGit = false
                if case .git = location { isGit = true }
                for dependency in package.manifest.dependencies {
                    queue.append((dependency.name, try Self.locate(dependency, from: package.folder, requirer: here, gitPackage: isGit), here))
                }
            }
            requirements[name, default: []].append(Requirement(name: name, location: location, requirer: requirer, version: package.manifest.version))
        }
        return try requirements.keys.sorted().map { name in
            let edges = requirements[name] ?? []
            try Self.checkCompatible(edges)
            // The highest required version; among equals, the first requirer's location.
            let chosen = edges.max { $0.version < $1.version } ?? edges[0]
            guard let package = fetched[chosen.location] else {
                throw Conflict(message: "internal error: '\(name)' was not fetched", hint: "please report this")
            }
            return Selection(name: name, version: chosen.version, location: chosen.location, fetched: package,
                             requirers: Array(Set(edges.map(\.requirer))).sorted())
        }
    }

    /// Requirements for one name conflict when they differ in source or major version, or
    /// pin the same version to different commits.
    static func checkCompatible(_ edges: [Requirement]) throws {
        guard let first = edges.first else { return }
        func describe(_ edge: Requirement) -> String { "\(edge.requirer) requires \(edge.version) (\(edge.location))" }
        for edge in edges.dropFirst() {
            if edge.location.origin != first.location.origin {
                throw Conflict(message: "conflicting sources for package '\(first.name)': \(describe(first)), but \(describe(edge))",
                               hint: "one package name must come from one place; make both requirers use the same path or repository")
            }
            if edge.version.major != first.version.major {
                throw Conflict(
                    message: "conflicting major versions of package '\(first.name)': \(describe(first)), but \(describe(edge))",
                    hint: "major versions \(first.version.major) and \(edge.version.major) are incompatible; move both requirers to one major version")
            }
        }
        for edge in edges where edge.location != first.location && edge.version == first.version {
            if case .git(_, let a) = edge.location, case .git(_, let b) = first.location, a != b {
                throw Conflict(message: "conflicting revisions of package '\(first.name)' \(first.version): \(describe(first)), but \(describe(edge))",
                               hint: "both hold the same version at different revisions; require one tag or commit")
            }
        }
    }

    /// `v1.2.3` or `1.2.3` as a version; nil for other tags.
    public static func version(ofTag tag: String) -> SemanticVersion? {
        SemanticVersion(tag.hasPrefix("v") ? String(tag.dropFirst()) : tag)
    }

    /// A manifest dependency as a location, its path made absolute from the requirer's folder.
    static func locate(_ dependency: PackageManifest.Dependency, from folder: String, requirer: String, gitPackage: Bool) throws -> PackageLocation {
        switch dependency.source {
        case .path(let path):
            guard !gitPackage else {
                throw Conflict(message: "\(requirer), fetched from git, depends on '\(dependency.name)' by a local path (\(path))",
                               hint: "a package others fetch cannot point into their disk; publish '\(dependency.name)' in git and require a tag")
            }
            let absolute = path.hasPrefix("/") ? path : (folder as NSString).appendingPathComponent(path)
            return .path((absolute as NSString).standardizingPath)
        case .git(let url, let tag, let commit):
            if let tag { return .git(url: url, ref: .tag(tag)) }
            return .git(url: url, ref: .commit(commit ?? ""))
        }
    }
}
