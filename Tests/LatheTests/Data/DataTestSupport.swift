// Helpers shared by the Data tests: temporary files and the reference fixtures.

import Foundation
import Testing
@testable import Data

enum DataTestFiles {
    /// `Tests/Fixtures`, found by walking up from this file to `Tests`.
    static let fixtures: URL = {
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while dir.lastPathComponent != "Tests" && dir.path != "/" { dir = dir.deletingLastPathComponent() }
        return dir.appendingPathComponent("Fixtures")
    }()

    static func fixture(_ relative: String) -> String {
        fixtures.appendingPathComponent(relative).path
    }

    /// A fresh path in a per-process temporary folder.
    static func temporaryPath(_ name: String) -> String {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("lathe-data-tests-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent("\(UUID().uuidString)-\(name)").path
    }

    /// Writes `bytes` to a temporary file and returns its path.
    static func write(_ bytes: [UInt8], name: String = "data.csv") -> String {
        let path = temporaryPath(name)
        _ = FileManager.default.createFile(atPath: path, contents: Foundation.Data(bytes))
        return path
    }

    static func write(_ text: String, name: String = "data.csv") -> String {
        write(Array(text.utf8), name: name)
    }

    /// Reads CSV text through a temporary file (the memory-mapped path).
    static func readCSV(_ text: String, options: CSVOptions = CSVOptions()) throws -> Frame {
        let path = write(text)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try CSVReader.read(path: path, options: options)
    }

    /// The error a read throws, or nil.
    static func csvError(_ text: String, options: CSVOptions = CSVOptions(), name: String = "bad.csv") -> DataError? {
        do {
            _ = try CSVReader.read(data: Array(text.utf8), path: name, options: options)
            return nil
        } catch let error as DataError {
            return error
        } catch {
            return nil
        }
    }
}

extension Frame {
    /// The column's cells as text (missing as nil), for compact expectations.
    func texts(_ name: String) -> [String?] {
        guard let column = try? column(named: name) else { return [] }
        return (0..<column.count).map { column.isMissing($0) ? nil : column.formatted(at: $0) }
    }
}
