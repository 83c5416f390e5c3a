import Foundation
import Store

/// The sha256 that `lathe.lock` records for a package's files, and that every load checks.
///
/// Files are taken in sorted (byte-order) relative-path order, skipping `.git` and `.lathe`
/// folders; each contributes its path, a NUL, its length, a NUL and its bytes, so renaming
/// or moving a file changes the hash as much as editing it does.
public enum PackageContentHash {
    public static let prefix = "sha256:"

    /// The hash of the files under `folder`, as `sha256:<hex>`.
    public static func of(folder: String) throws -> String {
        var bytes: [UInt8] = []
        for relative in try files(in: folder) {
            guard let data = FileManager.default.contents(atPath: (folder as NSString).appendingPathComponent(relative)) else {
                throw CocoaError(.fileReadUnknown, userInfo: [NSFilePathErrorKey: relative])
            }
            bytes += Array(relative.utf8) + [0] + Array(String(data.count).utf8) + [0]
            bytes += data
        }
        return prefix + Store.sha256(bytes)
    }

    /// The package's files, relative to `folder`, in the order they are hashed.
    public static func files(in folder: String) throws -> [String] {
        var result: [String] = []
        func walk(_ relative: String) throws {
            let absolute = relative.isEmpty ? folder : (folder as NSString).appendingPathComponent(relative)
            for name in try FileManager.default.contentsOfDirectory(atPath: absolute) where name != ".git" && name != ".lathe" {
                let child = relative.isEmpty ? name : relative + "/" + name
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: (folder as NSString).appendingPathComponent(child), isDirectory: &isDirectory) else { continue }
                if isDirectory.boolValue { try walk(child) } else { result.append(child) }
            }
        }
        try walk("")
        return result.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    /// Copies the files `files(in:)` lists from `source` into a fresh `destination`.
    static func copy(from source: String, to destination: String) throws {
        let manager = FileManager.default
        if manager.fileExists(atPath: destination) { try manager.removeItem(atPath: destination) }
        try manager.createDirectory(atPath: destination, withIntermediateDirectories: true)
        for relative in try files(in: source) {
            let target = (destination as NSString).appendingPathComponent(relative)
            try manager.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try manager.copyItem(atPath: (source as NSString).appendingPathComponent(relative), toPath: target)
        }
    }
}
