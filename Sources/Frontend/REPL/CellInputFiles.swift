import Foundation
import Store
import Syntax

/// The files a cell reads, as far as its text tells: every plain string literal in it that
/// names an existing file (relative to the session's folder), such as the path given to
/// `dataset("iris.csv")` or `dataset(sqlite: "shop.db", …)`. A path computed at run time is
/// not seen. Each file's fingerprint is the sha256 of its content, so touching a file does
/// not make a value stale but changing one byte does.
enum CellInputFiles {
    /// Files larger than this are fingerprinted by size and modification time instead.
    static let hashLimit = 256 * 1024 * 1024

    /// The absolute paths of the files `text` names, sorted and unique.
    static func paths(in text: String, directory: String) -> [String] {
        var lexer = Lexer(file: SourceFile(id: 0, path: "<cell>", text: text))
        let (tokens, _) = lexer.tokenize()
        var found: Set<String> = []
        for token in tokens where token.kind == .string {
            guard token.segments.count == 1, case .text(let literal) = token.segments[0], !literal.isEmpty,
                  literal.count < 4096 else { continue }
            let path = literal.hasPrefix("/") ? literal : (directory as NSString).appendingPathComponent(literal)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                found.insert((path as NSString).standardizingPath)
            }
        }
        return found.sorted()
    }

    /// The file's fingerprint now: its content's hash, or "missing".
    static func fingerprint(_ path: String) -> String {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return "missing" }
        let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        if size > hashLimit {
            let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            return "size \(size) modified \(modified)"
        }
        guard let data = FileManager.default.contents(atPath: path) else { return "unreadable" }
        return Store.sha256([UInt8](data))
    }

    /// The provenance token of a file: its path and fingerprint.
    static func token(path: String, fingerprint: String) -> String { "file:\(path)=\(fingerprint)" }

    /// The provenance token of the runtime.
    static func runtimeToken(_ version: String) -> String { "runtime:\(version)" }
}
