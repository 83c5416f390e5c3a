import Foundation
import Testing
import Numeric
@testable import Data

@Suite struct CSVWriterTests {
    @Test func rendersQuotingMissingAndNumbers() throws {
        let frame = try Frame(columns: [
            .numeric("x", [1.5, .nan, -0.0, .infinity, 1e-7]),
            .integers("n", [1, nil, -3, 4, 5]),
            .bools("ok", [true, false, nil, true, true]),
            .strings("note, text", ["plain", "a,b", "say \"hi\"", "line\nbreak", nil]),
        ])
        #expect(CSVWriter.render(frame) == """
            x,n,ok,"note, text"
            1.5,1,true,plain
            ,,false,"a,b"
            -0.0,-3,,"say ""hi\"\"\"
            inf,4,true,"line
            break"
            1e-07,5,true,

            """)
    }

    @Test func writesAFileAndReportsUnwritablePaths() throws {
        let frame = try Frame(columns: [.numeric("a", [1, 2])])
        let path = DataTestFiles.temporaryPath("w.csv")
        try CSVWriter.write(frame, to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "a\n1.0\n2.0\n")
        #expect(throws: DataError.self) { try CSVWriter.write(frame, to: "/nonexistent/dir/w.csv") }
    }

    /// Writer → reader gives back an equal frame, over 200 seeded random frames with
    /// awkward strings, extreme numbers and missing cells.
    @Test func roundTripsRandomFrames() throws {
        var generator = RandomGenerator(seed: 2024)
        for round in 0..<200 {
            let frame = randomFrame(&generator)
            let text = CSVWriter.render(frame)
            let delimiter = round % 4 == 3 ? UInt8(ascii: ";") : UInt8(ascii: ",")
            let bytes = delimiter == UInt8(ascii: ",") ? Array(text.utf8) : renderedBytes(frame, delimiter)
            var options = CSVOptions()
            options.delimiter = delimiter
            let back = try CSVReader.read(data: bytes, path: "round\(round).csv", options: options,
                                          chunks: 1 + round % 3)
            #expect(back == frame, "round \(round):\n\(text)")
        }
    }

    func renderedBytes(_ frame: Frame, _ delimiter: UInt8) -> [UInt8] {
        var bytes = [UInt8]()
        CSVWriter.emit(frame, delimiter: delimiter) { bytes.append(contentsOf: $0) }
        return bytes
    }

    func randomFrame(_ g: inout RandomGenerator) -> Frame {
        let rows = 1 + g.integer(below: 25)
        let columnCount = 1 + g.integer(below: 5)
        var columns = [Column]()
        for c in 0..<columnCount {
            let name = g.integer(below: 6) == 0 ? "odd, \"name\" \(c)" : "c\(c)"
            func missing() -> Bool { g.integer(below: 6) == 0 }
            switch g.integer(below: 4) {
            case 0:
                let specials: [Double] = [.infinity, -.infinity, -0.0, 0, 1e300, .leastNonzeroMagnitude, 0.1, 123456789.125, -2.5e-300]
                var values = (0..<rows).map { _ -> Double in
                    if missing() { return .nan }
                    return g.integer(below: 4) == 0 ? specials[g.integer(below: specials.count)]
                        : g.normal() * pow(10, Double(g.integer(below: 40) - 20))
                }
                values[g.integer(below: rows)] = g.normal()
                columns.append(.numeric(name, values))
            case 1:
                var values = (0..<rows).map { _ -> Int64? in
                    missing() ? nil : (g.integer(below: 3) == 0 ? Int64(bitPattern: g.next()) : Int64(g.integer(below: 200)) - 100)
                }
                values[g.integer(below: rows)] = Int64.min
                columns.append(.integers(name, values))
            case 2:
                var values = (0..<rows).map { _ -> Bool? in missing() ? nil : g.integer(below: 2) == 0 }
                values[g.integer(below: rows)] = true
                columns.append(.bools(name, values))
            default:
                var values = (0..<rows).map { _ -> String? in missing() ? nil : randomText(&g) }
                values[g.integer(below: rows)] = "word"
                columns.append(.strings(name, values))
            }
        }
        return try! Frame(columns: columns)
    }

    /// Text that a CSV reader cannot mistake for a number, a bool or a missing marker.
    func randomText(_ g: inout RandomGenerator) -> String {
        let pieces = ["a", "b", " ", ",", "\"", "\n", "\r", "é", "😀", "x", "1", "-", ".", ";", "\t", "NA", "e"]
        while true {
            var text = ""
            for _ in 0..<(1 + g.integer(below: 6)) { text += pieces[g.integer(below: pieces.count)] }
            let bytes = Array(text.utf8)
            let looksTyped = bytes.withUnsafeBufferPointer { buffer in
                CSVNumberParser.number(buffer.baseAddress!, 0, bytes.count) != nil
                    || CSVNumberParser.bool(buffer.baseAddress!, 0, bytes.count) != nil
            }
            if !looksTyped && !CSVOptions.defaultMissingMarkers.contains(text) { return text }
        }
    }
}
