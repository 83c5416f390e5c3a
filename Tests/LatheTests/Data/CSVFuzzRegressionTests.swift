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

    /// A read with several chunks leaked every chunk's cell buffers (the fuzzer's process
    /// grew by about 170 KB an input until it hit its 2 GB limit): `runChunks` kept each
    /// `ChunkResult` in a raw buffer it freed without releasing its elements, so the results
    /// were never freed. Once the caller drops them they must be gone.
    @Test func aParallelReadFreesItsChunkResults() {
        let bytes = Array("1,2\n3,4\n".utf8)
        weak var first: ChunkResult?
        weak var second: ChunkResult?
        bytes.withUnsafeBufferPointer { buffer in
            let layout = Layout(fieldCount: 2, keptFields: [0, 1], forced: [nil, nil])
            let environment = ParseEnvironment(
                p: buffer.baseAddress!, bufferEnd: buffer.count, delimiter: UInt8(ascii: ","),
                markers: MarkerSet(CSVOptions.defaultMissingMarkers), mapping: nil)
            let results = CSVReader.runChunks([0..<4, 4..<8], layout: layout, environment: environment)
            #expect(results.map(\.rows) == [1, 1])
            first = results[0]
            second = results[1]
        }
        #expect(first == nil)
        #expect(second == nil)
    }

    /// The same fault for every read: each built column also stayed in a raw buffer of
    /// outcomes that was freed without releasing them. A column's values must have no owner
    /// but the frame, so once the frame is gone writing to them copies nothing.
    @Test func aReadKeepsNoCopyOfItsColumns() throws {
        for chunks in 1...2 {
            var values: [Double] = try {
                let frame = try CSVReader.read(data: Array("x\n1.5\n2.5\n".utf8), path: "f.csv", options: CSVOptions(), chunks: chunks)
                guard case .float64(let values) = frame.columns[0].storage else { return [] }
                return values
            }()
            #expect(values == [1.5, 2.5])
            let before = values.withUnsafeBufferPointer { $0.baseAddress }
            values[0] = 0  // copy-on-write: copies the buffer only if something else still holds it
            #expect(values.withUnsafeBufferPointer { $0.baseAddress } == before, "\(chunks) chunks")
        }
    }
}
