import Check
import Foundation

/// The project a script belongs to, and the packages its imports may name.
///
/// A project is the nearest folder, from the script's own folder upwards, that holds a
/// `lathe.pkg`. Its `lathe.lock` lists the installed packages, whose files live in the
/// project's `.lathe/packages/NAME@VERSION/`. Nothing here touches git or the network.
public enum ProjectPackages {
    /// The folder holding the nearest `lathe.pkg` at or above `directory`.
    public static func projectFolder(from directory: String) -> String? {
        var folder = (directory.hasPrefix("/") ? directory
            : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(directory) as String)
        folder = (folder as NSString).standardizingPath
        while true {
            if access(folder + "/" + PackageManifest.fileName, F_OK) == 0 { return folder }
            guard folder != "/", !folder.isEmpty else { return nil }
            folder = (folder as NSString).deletingLastPathComponent
        }
    }

    /// What `import "NAME/module"` may reach from a script in `directory`: nil outside a project.
    public static func imports(from directory: String) -> PackageImports? {
        guard let project = projectFolder(from: directory) else { return nil }
        var installed: [String: PackageImports.Package] = [:]
        var missing: [String: PackageImports.Problem] = [:]
        var hashes: [String: String] = [:]
        let install = "run `lathe install` in \(ModuleGraph.display(project))"
        let lock: PackageLock?
        do {
            lock = try PackageLock.load(folder: project)
        } catch {
            lock = nil
            let problem = PackageImports.Problem(message: "the project's lathe.lock does not read: \(error)", hint: install)
            for dependency in (try? PackageManifest.load(folder: project))?.dependencies ?? [] { missing[dependency.name] = problem }
            return PackageImports(installed: [:], missing: missing) { _ in problem }
        }
        for entry in lock?.packages ?? [] {
            let folder = (project as NSString).appendingPathComponent(entry.cacheFolder)
            guard let manifest = try? PackageManifest.load(folder: folder) else {
                missing[entry.name] = PackageImports.Problem(
                    message: "package '\(entry.name)' \(entry.version) is locked but not installed in \(entry.cacheFolder)", hint: install)
                continue
            }
            installed[entry.name] = PackageImports.Package(name: entry.name, version: entry.version.description, folder: folder, exports: manifest.exports)
            hashes[entry.name] = entry.hash
        }
        // A dependency added to lathe.pkg since the last install.
        for dependency in (try? PackageManifest.load(folder: project))?.dependencies ?? []
        where installed[dependency.name] == nil && missing[dependency.name] == nil {
            missing[dependency.name] = PackageImports.Problem(
                message: "package '\(dependency.name)' is in lathe.pkg but not installed", hint: install)
        }
        let locked = hashes
        return PackageImports(installed: installed, missing: missing) { package in
            guard let expected = locked[package.name] else { return nil }
            let actual = (try? PackageContentHash.of(folder: package.folder)) ?? "(unreadable files)"
            guard actual != expected else { return nil }
            return PackageImports.Problem(
                message: "package '\(package.name)' \(package.version) does not match lathe.lock: its files hash to \(actual), the lock records \(expected)",
                hint: "its files under \(ModuleGraph.display(package.folder)) changed after install; `lathe install` restores the locked version")
        }
    }
}
