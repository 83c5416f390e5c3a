import Testing
@testable import Data

/// Inputs the CSV fuzzer (Sources/FuzzCSV) found; each one's reproducer is also in
/// Tests/Fuzz/corpus/csv/, which `make fuzz-replay` runs. The fuzzer's oracle: however the
/// file is split into chunks, the reader gives the same frame or the same error.
@Suite struct CSVFuzzRegressionTests {
    func outcome(_ bytes: [UInt8], hasHeader: Bool = true, chunks: Int) -> Result<Frame, DataError>? {
        do {
            return .success(try CSVReader.read(data: bytes, path: "f.csv", options: CSVOptions(hasHeader: hasHeader), chunks: chunks))
        } catch let error as DataError {
            return .failure(error)
        } catch {
            return nil
        }
    }

    /// Column 1 is text in the first chunk but a number in the second, so with two chunks it
    /// needs the second, string-only pass; the fault in column 2 (line 2) used to be reported
    /// before that pass found the earlier one in column 1 (line 1).
    @Test func twoInvalidUTF8CellsReportTheFirstWhateverTheChunks() {
        let bytes: [UInt8] = [0xFF, 0x2C, 0x61, 0x0A] + Array("1,".utf8) + [0xFF, 0x0A]  // "\xff,a\n1,\xff\n"
        for chunks in 1...3 {
            #expect(outcome(bytes, hasHeader: false, chunks: chunks)
                    == .failure(.malformedCSV(path: "f.csv", line: 1, column: 1, reason: .invalidUTF8)), "\(chunks) chunks")
        }
        let withHeader = Array("x,y\n".utf8) + bytes
        for chunks in 1...3 {
            #expect(outcome(withHeader, chunks: chunks)
                    == .failure(.malformedCSV(path: "f.csv", line: 2, column: 1, reason: .invalidUTF8)), "\(chunks) chunks")
        }
    }

    /// Within one chunk too, the first fault in the file wins over the first column's.
    @Test func aLaterRowsFaultInColumnOneDoesNotHideAnEarlierOneInColumnTwo() {
        let bytes = Array("x,y\na,".utf8) + [0xFF] + Array("\n".utf8) + [0xFE] + Array(",b\n".utf8)
        #expect(outcome(bytes, chunks: 1) == .failure(.malformedCSV(path: "f.csv", line: 2, column: 2, reason: .invalidUTF8)))
    }
}
