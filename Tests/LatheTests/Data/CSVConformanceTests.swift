import Foundation
import Testing
@testable import Data

/// CSVReader fixes found by public CSV conformance suites: bare CR line endings, empty files
/// with `columns:`/`types:`, whitespace-only lines, integers past int64, pandas' missing
/// markers. Each read is repeated with several forced chunk counts: results never depend
/// on the split.
@Suite struct CSVConformanceTests {
    func read(_ text: String, options: CSVOptions = CSVOptions()) throws -> [Frame] {
        try (1...4).map { try CSVReader.read(data: Array(text.utf8), path: "t.csv", options: options, chunks: $0) }
    }

    @Test func bareCarriageReturnsEndRecords() throws {
        for frame in try read("a,b\r1,2\r3,4\r") {
            #expect(frame.columnNames == ["a", "b"])
            #expect(try frame.column(named: "a").storage == .int64([1, 3], valid: nil))
            #expect(try frame.column(named: "b").storage == .int64([2, 4], valid: nil))
        }
        // Mixed endings, a blank CR line, a CR inside quotes (data), no final break.
        for frame in try read("a,b\r\n1,\"x\ry\"\r\r2,z\n3,w\r4,\"q\"") {
            #expect(frame.texts("b") == ["x\ry", "z", "w", "q"])
            #expect(try frame.column(named: "a").storage == .int64([1, 2, 3, 4], valid: nil))
        }
        // The header alone, ended by a CR.
        #expect(try read("a,b\r")[0].shape == (0, 2) as (Int, Int))
        #expect(try CSVReader.read(data: Array("x,y\r".utf8)).columnNames == ["x", "y"])
    }

    @Test func errorLinesCountBareCarriageReturns() {
        let error = DataTestFiles.csvError("a,b\r1,2\r3\r")
        guard case .malformedCSV(_, let line, _, .wrongFieldCount(2, 1)) = error else {
            Issue.record("expected a ragged row, got \(String(describing: error))")
            return
        }
        #expect(line == 3)
    }

    @Test func emptyOrBlankFilesCheckColumnsAndTypes() {
        for text in ["", "\n\n", "  \n\t\n", "\r\r"] {
            var columns = CSVOptions()
            columns.columns = ["a"]
            #expect(DataTestFiles.csvError(text, options: columns) == .unknownColumn(name: "a", available: []))
            var types = CSVOptions()
            types.types = ["when": .int64]
            #expect(DataTestFiles.csvError(text, options: types) == .unknownColumn(name: "when", available: []))
            #expect((try? CSVReader.read(data: Array(text.utf8)))?.columnCount == 0)
        }
    }

    @Test func whitespaceOnlyLinesAreSkipped() throws {
        for frame in try read("  \n\ta,b\n1,x\n   \n\t\n \t \r\n2,y\n") {
            #expect(frame.columnNames == ["\ta", "b"])
            #expect(frame.texts("b") == ["x", "y"])
        }
        // With a tab delimiter a line of tabs is a record of empty fields, not blank.
        var tabs = CSVOptions()
        tabs.delimiter = 0x09
        let frame = try CSVReader.read(data: Array("a\tb\n1\t2\n\t\n".utf8), options: tabs)
        #expect(frame.rowCount == 2)
        #expect(try frame.column(named: "a").missingCount == 1)
    }

    @Test func integersPastInt64KeepTheirDigits() throws {
        let text = "big,neg,edge,mixed\n99999999999999999999,-9223372036854775809,-9223372036854775808,1.5\n3,4,9223372036854775807,123456789012345678901234567890\n"
        for frame in try read(text) {
            #expect(frame.texts("big") == ["99999999999999999999", "3"])
            #expect(frame.texts("neg") == ["-9223372036854775809", "4"])
            #expect(try frame.column(named: "edge").storage == .int64([.min, .max], valid: nil))
            #expect(frame.texts("mixed") == ["1.5", "123456789012345678901234567890"])
        }
        // The big integer after many ordinary ones, past the first chunk.
        var long = "n\n"
        for i in 0..<500 { long += "\(i)\n" }
        long += "18446744073709551616\n"
        for frame in try read(long) {
            #expect(try frame.column(named: "n").type == .string)
            #expect(frame.texts("n").last == "18446744073709551616")
        }
        // types: float64 rounds it on purpose; int64 refuses it.
        var real = CSVOptions()
        real.types = ["big": .float64]
        let rounded = try CSVReader.read(data: Array("big\n99999999999999999999\n".utf8), options: real)
        #expect(try rounded.column(named: "big").storage == .float64([1e20]))
        var integer = CSVOptions()
        integer.types = ["big": .int64]
        let error = DataTestFiles.csvError("big\n99999999999999999999\n", options: integer)
        guard case .badTypedCell(_, 2, 1, "big", "int64", "99999999999999999999") = error else {
            Issue.record("expected a bad typed cell, got \(String(describing: error))")
            return
        }
    }

    @Test func pandasMissingMarkers() throws {
        let text = "n,t\n1,a\nNone,None\nn/a,n/a\n#N/A,#N/A\n<NA>,<NA>\n#NA,-nan\n-1.#IND,1.#QNAN\n#N/A N/A,b\n7,none\n"
        for frame in try read(text) {
            let n = try frame.column(named: "n")
            #expect(n.type == .int64)
            #expect(n.missingCount == 7)
            #expect(frame.texts("t") == ["a", nil, nil, nil, nil, nil, nil, "b", "none"])
        }
    }
}
