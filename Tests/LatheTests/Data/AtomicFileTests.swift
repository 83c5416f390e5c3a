import Foundation
import Testing
@testable import Data

/// `write_csv` and `save_model` replace files atomically: a failed write keeps the old file.
@Suite struct AtomicFileTests {
    /// A fresh folder per test, so listing it shows exactly what a write left behind.
    private func folder() -> String {
        let path = DataTestFiles.temporaryPath("atomic")
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    private struct Interrupted: Error {}

    @Test func successReplacesTheFileAndLeavesNoTemporary() throws {
        let dir = folder()
        let path = dir + "/out.csv"
        try "old\n".write(toFile: path, atomically: false, encoding: .utf8)
        let frame = try Frame(columns: [.numeric("a", [1, 2])])
        try CSVWriter.write(frame, to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "a\n1.0\n2.0\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["out.csv"])
    }

    @Test func aFailureMidWriteKeepsTheOldContent() throws {
        let dir = folder()
        let path = dir + "/out.csv"
        try "old\n".write(toFile: path, atomically: false, encoding: .utf8)
        #expect(throws: Interrupted.self) {
            try AtomicFile.write(to: path) { emit in
                try emit(Array("new, half written".utf8))
                throw Interrupted()
            }
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["out.csv"])
    }

    @Test func aTargetThatIsAFolderFailsAndStaysIntact() throws {
        let dir = folder()
        let target = dir + "/taken"
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        try "keep".write(toFile: target + "/inside.txt", atomically: false, encoding: .utf8)
        let frame = try Frame(columns: [.numeric("a", [1])])
        #expect(throws: DataError.self) { try CSVWriter.write(frame, to: target) }
        #expect(try String(contentsOfFile: target + "/inside.txt", encoding: .utf8) == "keep")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["taken"])
    }

    @Test func aKilledWritersTemporaryIsRemovedByTheNextWrite() throws {
        let dir = folder()
        let path = dir + "/out.csv"
        // No process has this id (it is above Linux's pid_max), so the writer is gone.
        let stale = AtomicFile.temporaryPath(folder: dir, name: "out.csv", pid: Int32.max)
        try "partial".write(toFile: stale, atomically: false, encoding: .utf8)
        // A live writer's temporary (this process's parent) is left alone.
        let live = AtomicFile.temporaryPath(folder: dir, name: "out.csv", pid: getppid())
        try "busy".write(toFile: live, atomically: false, encoding: .utf8)
        try CSVWriter.write(try Frame(columns: [.numeric("a", [1])]), to: path)
        let left = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        #expect(left == [(live as NSString).lastPathComponent, "out.csv"].sorted())
    }

    @Test func splitsFolderAndName() {
        #expect(AtomicFile.split("out.csv") == (".", "out.csv"))
        #expect(AtomicFile.split("/out.csv") == ("/", "out.csv"))
        #expect(AtomicFile.split("a/b/out.csv") == ("a/b", "out.csv"))
    }
}
