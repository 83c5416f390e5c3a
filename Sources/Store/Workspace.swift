import LatheCore
import Foundation

/// Where a project's store lives: a `.lathe` folder holding `lathe.db` and `artifacts/`.
///
/// Commands use `LATHE_HOME` when set (the `.lathe` folder itself), else the nearest `.lathe`
/// in the current folder or above it. A script run with neither uses `.lathe` beside the
/// script, created on its first write, so `lathe run ~/p/train.mlx` records into `~/p`.
public struct Workspace: Equatable, Sendable {
    public static let folderName = ".lathe"

    /// The `.lathe` folder.
    public let root: String

    public init(root: String) {
        self.root = root
    }

    public var databasePath: String { root + "/lathe.db" }
    public var artifactsPath: String { root + "/artifacts" }
    public var exists: Bool { FileManager.default.fileExists(atPath: databasePath) }

    /// `LATHE_HOME`, else the nearest `.lathe` from `folder` upwards; nil when there is none.
    public static func find(from folder: String, environment: [String: String] = ProcessEnvironment.variables) -> Workspace? {
        if let home = environment["LATHE_HOME"], !home.isEmpty { return Workspace(root: absolute(home)) }
        var current = URL(fileURLWithPath: absolute(folder)).standardizedFileURL
        while true {
            let candidate = current.appendingPathComponent(folderName).path
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isFolder), isFolder.boolValue {
                return Workspace(root: candidate)
            }
            let parent = current.deletingLastPathComponent()
            if parent.path == current.path { return nil }
            current = parent
        }
    }

    /// The workspace a script records into: as `find` from the current folder, else the
    /// script's own folder and above, else a new `.lathe` beside the script.
    public static func forScript(at scriptPath: String, environment: [String: String] = ProcessEnvironment.variables) -> Workspace {
        let cwd = FileManager.default.currentDirectoryPath
        if let found = find(from: cwd, environment: environment) { return found }
        let scriptFolder = URL(fileURLWithPath: absolute(scriptPath)).deletingLastPathComponent().path
        if let found = find(from: scriptFolder, environment: [:]) { return found }
        return Workspace(root: scriptFolder + "/" + folderName)
    }

    /// Creates `.lathe` (and its artifact folder) in `folder` unless it exists.
    public static func create(in folder: String) throws -> Workspace {
        let workspace = Workspace(root: absolute(folder) + "/" + folderName)
        try workspace.createFolders()
        return workspace
    }

    func createFolders() throws {
        do {
            try FileManager.default.createDirectory(atPath: artifactsPath, withIntermediateDirectories: true)
        } catch {
            let code = (error as NSError).userInfo[NSUnderlyingErrorKey].map { ($0 as? NSError)?.code ?? 0 } ?? 0
            if code == Int(ENOSPC) || code == Int(EDQUOT) { throw StoreError.diskFull(path: root) }
            throw StoreError.readOnly(path: root)
        }
    }

    /// `path` made absolute against the current folder, with `.` and `..` resolved.
    public static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return URL(fileURLWithPath: path).standardizedFileURL.path }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath + "/" + path).standardizedFileURL.path
    }
}
