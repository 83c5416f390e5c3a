import Foundation
import Testing
import Numeric
@testable import Data

@Suite struct CSVReaderTests {
    // MARK: Tricky files

    @Test func quotedFieldsWithDelimitersEscapesAndNewlines() throws {
        let frame = try DataTestFiles.readCSV(
            "id,\"full name\",note\n1,\"Smith, John\",\"said \"\"hi\"\"\"\n2,Lee,\"line one\nline two\"\n3,plain,\"\"\n")
        #expect(frame.columnNames == ["id", "full name", "note"])
        #expect(frame.texts("full name") == ["Smith, John", "Lee", "plain"])
        #expect(frame.texts("note") == ["said \"hi\"", "line one\nline two", nil])
        #expect(try frame.column(named: "id").type == .int64)
    }

    @Test func byteOrderMarkCRLFAndBlankLines() throws {
        let text = "\u{FEFF}city,n\r\n\r\nOslo,1\r\n\r\n\"Ber\r\ngen\",2\r\nTroms\u{F8},3"
        let frame = try DataTestFiles.readCSV(text)
        #expect(frame.columnNames == ["city", "n"])
        #expect(frame.texts("city") == ["Oslo", "Ber\r\ngen", "Troms\u{F8}"])
        #expect(try frame.column(named: "n").storage == .int64([1, 2, 3], valid: nil))
    }

    @Test func typeInferencePerColumn() throws {
        let frame = try DataTestFiles.readCSV("""
            i,f,b,s,m,late
            1,1.5,true,a,1,1
            2,2,FALSE,b,,2
            -3,1e3,True,a,NA,x
            """)
        #expect(frame.columns.map(\.type) == [.int64, .float64, .bool, .string, .int64, .string])
        #expect(try frame.column(named: "f").storage == .float64([1.5, 2, 1000]))
        #expect(try frame.column(named: "b").storage == .bool([true, false, true], valid: nil))
        #expect(try frame.column(named: "m").storage == .int64([1, 0, 0], valid: [true, false, false]))
        // A column settled as text only on its last row is re-read as text from the start.
        #expect(frame.texts("late") == ["1", "2", "x"])
        #expect(try frame.column(named: "s").categories == ["a", "b"])
    }

    /// "-0" read while the column still looks integer keeps its sign once the column turns
    /// float64, within a chunk and across chunks.
    @Test func negativeZeroSurvivesPromotionToFloat() throws {
        let frame = try DataTestFiles.readCSV("a,b\n+1,-0\n-0,1\n0.5,1\n")
        #expect(try frame.column(named: "a").asDoubles()!.map(\.sign) == [.plus, .minus, .plus])
        #expect(try frame.column(named: "b").storage == .int64([0, 1, 1], valid: nil))
        var text = "x\n"
        for _ in 0..<200 { text += "-0\n" }
        for _ in 0..<200 { text += "2.5\n" }
        for chunks in 1...3 {
            let x = try CSVReader.read(data: Array(text.utf8), path: "z.csv", options: CSVOptions(), chunks: chunks)
            #expect(try x.column(named: "x").asDoubles()!.prefix(200).allSatisfy { $0 == 0 && $0.sign == .minus })
        }
    }

    @Test func allMissingColumnsAndMarkers() throws {
        let frame = try DataTestFiles.readCSV("id,empty,na,q,text\n1,,NA,\"\",a\n2,,null,\"\",NULL\n3,,N/A,\"\",b\n")
        #expect(frame.columns.map(\.type) == [.int64, .float64, .float64, .float64, .string])
        #expect(frame.columns[1].missingCount == 3)
        #expect(frame.columns[2].missingCount == 3)
        #expect(frame.texts("text") == ["a", nil, "b"])
        // Custom markers: "-" and "?" are missing, the empty cell is not.
        var options = CSVOptions()
        options.missingMarkers = ["-", "?"]
        let custom = try DataTestFiles.readCSV("a,b\n1,x\n-,\n?,y\n", options: options)
        #expect(custom.texts("a") == ["1", nil, nil])
        #expect(custom.texts("b") == ["x", "", "y"])
        // A numeric marker is checked on the fast number path too.
        options.missingMarkers = ["-999"]
        let sentinel = try DataTestFiles.readCSV("a\n1.5\n-999\n2\n", options: options)
        #expect(sentinel.texts("a") == ["1.5", nil, "2.0"])
    }

    @Test func headerOnlyEmptyFileAndNoHeader() throws {
        let headerOnly = try DataTestFiles.readCSV("a,b\n")
        #expect(headerOnly.shape == (0, 2) as (Int, Int))
        #expect(try DataTestFiles.readCSV("").columnCount == 0)
        var options = CSVOptions()
        options.hasHeader = false
        let bare = try DataTestFiles.readCSV("1,x\n2,y\n", options: options)
        #expect(bare.columnNames == ["column1", "column2"])
        #expect(bare.rowCount == 2)
    }

    @Test func duplicateAndEmptyHeaderNames() throws {
        let frame = try DataTestFiles.readCSV("a,b,a,,a\n1,2,3,4,5\n")
        #expect(frame.columnNames == ["a", "b", "a.1", "Unnamed: 3", "a.2"])
    }

    @Test func trailingEmptyFieldAndMissingFinalNewline() throws {
        let frame = try DataTestFiles.readCSV("a,b\n1,\n2,3")
        #expect(frame.texts("b") == [nil, "3"])
        #expect(frame.texts("a") == ["1", "2"])
    }

    @Test func explicitTypesAndColumnSubset() throws {
        var options = CSVOptions()
        options.types = ["id": .string, "score": .float64, "flag": .bool]
        options.columns = ["score", "id", "flag"]
        let frame = try DataTestFiles.readCSV("id,skip,score,flag\n007,\"x,y\",1,1\n8,z,2.5,false\n", options: options)
        #expect(frame.columnNames == ["score", "id", "flag"])
        #expect(frame.texts("id") == ["007", "8"])
        #expect(try frame.column(named: "score").storage == .float64([1, 2.5]))
        #expect(try frame.column(named: "flag").storage == .bool([true, false], valid: nil))
    }

    @Test func delimitersAndLatin1() throws {
        var options = CSVOptions()
        options.delimiter = UInt8(ascii: ";")
        let semicolon = try DataTestFiles.readCSV("a;b\n1,5;\"x;y\"\n", options: options)
        #expect(semicolon.texts("a") == ["1,5"])
        #expect(semicolon.texts("b") == ["x;y"])
        let path = DataTestFiles.write([0x6E, 0x0A, 0x4D, 0xFC, 0x6C, 0x6C, 0x65, 0x72, 0x0A])  // "n\nMüller\n" in latin-1
        options = CSVOptions()
        options.encoding = "latin-1"
        #expect(try CSVReader.read(path: path, options: options).texts("n") == ["Müller"])
        #expect(try CSVReader.header(path: path, options: options) == ["n"])
        #expect(throws: DataError.self) { try CSVReader.read(path: path) }
    }

    @Test func headerOnlyRead() throws {
        let path = DataTestFiles.write("\u{FEFF}x,\"y,z\"\n1,2\n")
        #expect(try CSVReader.header(path: path) == ["x", "y,z"])
    }

    // MARK: Errors, with exact positions

    @Test func raggedRows() {
        #expect(DataTestFiles.csvError("a,b,c\n1,2,3\n4,5,6,7\n")
                == .malformedCSV(path: "bad.csv", line: 3, column: 4, reason: .wrongFieldCount(expected: 3, found: 4)))
        #expect(DataTestFiles.csvError("a,b,c\n1,2,3\n4,5\n8,9,10\n")
                == .malformedCSV(path: "bad.csv", line: 3, column: 3, reason: .wrongFieldCount(expected: 3, found: 2)))
        // Lines inside an earlier quoted field count.
        #expect(DataTestFiles.csvError("a,b\n\"x\ny\",1\n\n2,3,4\n")
                == .malformedCSV(path: "bad.csv", line: 5, column: 3, reason: .wrongFieldCount(expected: 2, found: 3)))
        let error = DataTestFiles.csvError("a,b,c\n1,2,3\n4,5,6,7\n")!
        #expect(error.description == "bad.csv:3:4: malformed csv: expected 3 fields, found 4")
        #expect(error.hint != nil)
    }

    @Test func unterminatedQuoteNamesTheLineWhereItOpened() {
        #expect(DataTestFiles.csvError("a,b\n1,\"open\n2,x\n3,y\n")
                == .malformedCSV(path: "bad.csv", line: 2, column: 2,
                                 reason: .unterminatedQuote))
        #expect(DataTestFiles.csvError("a,b\n1,\"x\"y\n")
                == .malformedCSV(path: "bad.csv", line: 2, column: 2,
                                 reason: .characterAfterQuote("y")))
    }

    @Test func invalidUTF8() {
        let bytes = Array("name,value\nok,1\nbad".utf8) + [0xFF, 0xFE] + Array("end,2\n".utf8)
        do {
            _ = try CSVReader.read(data: bytes, path: "u.csv")
            Issue.record("expected an error")
        } catch let error as DataError {
            #expect(error == .malformedCSV(path: "u.csv", line: 3, column: 1, reason: .invalidUTF8))
            #expect(error.hint?.contains("latin-1") == true)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func badTypedCell() {
        var options = CSVOptions()
        options.types = ["age": .int64]
        let error = DataTestFiles.csvError("name,age\nann,31\nbob,forty\ncid,27\n", options: options)
        #expect(error == .badTypedCell(path: "bad.csv", line: 3, column: 2, columnName: "age", expected: "int64", found: "forty"))
        #expect(error?.description == "bad.csv:3:2: column 'age' expects int64, found 'forty'")
        options.types = ["age": .float64]
        #expect(DataTestFiles.csvError("name,age\nann,1.5\nbob,\"2,5\"\n", options: options)
                == .badTypedCell(path: "bad.csv", line: 3, column: 2, columnName: "age", expected: "float64", found: "2,5"))
        options.types = ["age": .int64]
        #expect(DataTestFiles.csvError("name,age\nann,1.5\n", options: options)
                == .badTypedCell(path: "bad.csv", line: 2, column: 2, columnName: "age", expected: "int64", found: "1.5"))
    }

    @Test func unknownNamesAndMissingFiles() {
        var options = CSVOptions()
        options.columns = ["nmae"]
        let error = DataTestFiles.csvError("name,age\nann,31\n", options: options)
        #expect(error == .unknownColumn(name: "nmae", available: ["name", "age"]))
        #expect(error?.hint?.contains("did you mean 'name'?") == true)
        #expect(throws: DataError.fileNotFound(path: "/nonexistent/x.csv")) {
            try CSVReader.read(path: "/nonexistent/x.csv")
        }
        options = CSVOptions()
        options.delimiter = UInt8(ascii: "\"")
        #expect(throws: DataError.self) { try CSVReader.read(data: Array("a\n1\n".utf8), options: options) }
        options = CSVOptions()
        options.encoding = "ebcdic"
        #expect(throws: DataError.self) { try CSVReader.read(data: Array("a\n1\n".utf8), options: options) }
        #expect(throws: DataError.self) { try CSVReader.read(path: FileManager.default.temporaryDirectory.path) }
    }

    // MARK: Chunked parsing agrees with one serial pass

    /// Random CSV text with quoted delimiters, quotes and line breaks, blank lines, CRLF
    /// and mixed-type columns, read with 1 to 5 forced chunks.
    @Test func chunkBoundariesNeverChangeTheResult() throws {
        var generator = RandomGenerator(seed: 11)
        for round in 0..<30 {
            let quoted = round % 3 != 0
            var text = "a,b,c,d\n"
            for row in 0..<(20 + generator.integer(below: 200)) {
                let number = String(generator.integer(below: 1000) - 500)
                let real = Column.format(generator.normal())
                var word = ["x", "yy", "z z"][generator.integer(below: 3)]
                if quoted && generator.integer(below: 4) == 0 { word = "\"q,\"\"\nw\"" }
                let mixed = row == 150 ? "text" : number
                text += "\(number),\(real),\(word),\(mixed)" + (generator.integer(below: 5) == 0 ? "\r\n" : "\n")
                if generator.integer(below: 10) == 0 { text += "\n" }
            }
            let bytes = Array(text.utf8)
            let serial = try CSVReader.read(data: bytes, path: "r.csv", options: CSVOptions(), chunks: 1)
            for chunks in 2...5 {
                let parallel = try CSVReader.read(data: bytes, path: "r.csv", options: CSVOptions(), chunks: chunks)
                #expect(parallel == serial, "round \(round), \(chunks) chunks")
            }
        }
    }

    @Test func chunkedErrorsReportTheFirstFault() {
        var text = "a,b\n"
        for i in 0..<300 { text += "\(i),\(i)\n" }
        text += "1,2,3\n"
        for i in 0..<300 { text += "\(i),\(i)\n" }
        text += "\"open\n"
        for chunks in 1...4 {
            do {
                _ = try CSVReader.read(data: Array(text.utf8), path: "e.csv", options: CSVOptions(), chunks: chunks)
                Issue.record("expected an error")
            } catch let error as DataError {
                #expect(error == .malformedCSV(path: "e.csv", line: 302, column: 3, reason: .wrongFieldCount(expected: 2, found: 3)))
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
    }

    /// A file large enough to be split across cores by the memory-mapped path.
    @Test func largeFileThroughTheMappedParallelPath() throws {
        var generator = RandomGenerator(seed: 3)
        var text = "x,label,name\n"
        var expected = [Double]()
        let rows = 100_000  // about 2.7 MB: two chunks on two cores
        text.reserveCapacity(rows * 40)
        for row in 0..<rows {
            let x = generator.normal()
            expected.append(x)
            text += "\(x.description),\(row % 7),\(row % 3 == 0 ? "\"a,\nb\"" : "c")\n"
        }
        let frame = try DataTestFiles.readCSV(text)
        #expect(frame.rowCount == rows)
        #expect(try frame.column(named: "x").storage == .float64(expected))
        #expect(try frame.column(named: "label").type == .int64)
        #expect(try frame.column(named: "name").categories == ["a,\nb", "c"])
    }

    // MARK: Reference fixtures (pandas 3.1.1)

    static let fixtureNames = [
        "quoted_fields.csv", "bom.csv", "crlf.csv", "empty_lines.csv", "mixed_types.csv", "na_markers.csv",
        "all_missing.csv", "numbers.csv", "unicode.csv", "semicolon.csv", "tabs.tsv", "latin1.csv", "header_only.csv",
    ]

    /// pandas' default missing markers, to compare like with like.
    static let pandasMarkers: Set<String> = [
        "", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN", "<NA>", "N/A",
        "NA", "NULL", "NaN", "None", "n/a", "nan", "null",
    ]

    @Test(arguments: fixtureNames)
    func matchesPandas(_ name: String) throws {
        let base = name.split(separator: ".").dropLast().joined(separator: ".")
        let jsonData = try Foundation.Data(contentsOf: URL(fileURLWithPath: DataTestFiles.fixture("data/csv/\(base).pandas.json")))
        let reference = try JSONSerialization.jsonObject(with: jsonData) as! [String: Any]
        var options = CSVOptions()
        options.missingMarkers = Self.pandasMarkers
        let readOptions = reference["read_options"] as? [String: Any] ?? [:]
        if let sep = readOptions["sep"] as? String { options.delimiter = sep.utf8.first! }
        if let encoding = readOptions["encoding"] as? String { options.encoding = encoding }
        let frame = try CSVReader.read(path: DataTestFiles.fixture("data/csv/\(name)"), options: options)

        let shape = reference["shape"] as! [Int]
        #expect(frame.rowCount == shape[0])
        #expect(frame.columnCount == shape[1])
        let columns = reference["columns"] as! [[String: Any]]
        for (index, spec) in columns.enumerated() {
            let column = frame.columns[index]
            #expect(column.name == spec["name"] as! String)
            var kind = spec["kind"] as! String
            let missing = spec["missing"] as! Int
            // pandas has no missing ints; Lathe keeps an integer column with gaps as int64.
            if kind == "float64" && spec["all_int_text"] as! Bool && missing > 0 && missing < frame.rowCount { kind = "int64" }
            // pandas leaves ISO dates as text; Lathe infers datetime (shown as the same text).
            if column.type == .datetime && kind == "string" { kind = "datetime" }
            #expect(column.type.rawValue == kind, "\(name): column \(column.name)")
            #expect(column.missingCount == missing, "\(name): column \(column.name)")
        }
        let rows = reference["first_rows"] as! [[Any]]
        for (row, values) in rows.enumerated() {
            for (index, value) in values.enumerated() {
                let column = frame.columns[index]
                let location = "\(name): row \(row), column \(column.name)"
                if value is NSNull {
                    #expect(column.isMissing(row), "\(location)")
                    continue
                }
                switch column.storage {
                case .float64(let v):
                    if let text = value as? String {
                        #expect(v[row] == (text == "Infinity" ? .infinity : -.infinity), "\(location)")
                    } else {
                        #expect(v[row] == (value as! NSNumber).doubleValue, "\(location)")
                    }
                case .int64(let v, _):
                    #expect(v[row] == (value as! NSNumber).int64Value, "\(location)")
                case .bool(let v, _):
                    #expect(v[row] == (value as! Bool), "\(location)")
                case .categorical:
                    #expect(column.string(at: row) == (value as! String), "\(location)")
                case .datetime:
                    #expect(column.formatted(at: row) == (value as! String), "\(location)")
                }
            }
        }
    }

    @Test(arguments: [
        ("ragged_long.csv", DataError.malformedCSV(path: "", line: 3, column: 4, reason: .wrongFieldCount(expected: 3, found: 4))),
        ("ragged_short.csv", DataError.malformedCSV(path: "", line: 3, column: 3, reason: .wrongFieldCount(expected: 3, found: 2))),
        ("unterminated_quote.csv", DataError.malformedCSV(path: "", line: 2, column: 2, reason: .unterminatedQuote)),
        ("invalid_utf8.csv", DataError.malformedCSV(path: "", line: 3, column: 1, reason: .invalidUTF8)),
        ("bad_typed_cell.csv", DataError.badTypedCell(path: "", line: 3, column: 2, columnName: "age", expected: "int64", found: "forty")),
    ])
    func rejectsBadFixture(_ name: String, _ expected: DataError) {
        let path = DataTestFiles.fixture("data/csv/bad/\(name)")
        var options = CSVOptions()
        if name == "bad_typed_cell.csv" { options.types = ["age": .int64] }
        do {
            _ = try CSVReader.read(path: path, options: options)
            Issue.record("\(name): expected an error")
        } catch let error as DataError {
            #expect(error == Self.withPath(expected, path), "\(name)")
        } catch {
            Issue.record("\(name): unexpected \(error)")
        }
    }

    static func withPath(_ error: DataError, _ path: String) -> DataError {
        switch error {
        case .malformedCSV(_, let line, let column, let reason):
            return .malformedCSV(path: path, line: line, column: column, reason: reason)
        case .badTypedCell(_, let line, let column, let name, let expected, let found):
            return .badTypedCell(path: path, line: line, column: column, columnName: name, expected: expected, found: found)
        default:
            return error
        }
    }

    @Test func duplicateHeaderFixtureIsRenamedLikePandas() throws {
        let frame = try CSVReader.read(path: DataTestFiles.fixture("data/csv/bad/duplicate_header.csv"))
        #expect(frame.columnNames == ["a", "b", "a.1"])
    }
}

@Suite struct CSVReaderPipeTests {
    /// A named pipe cannot be memory-mapped; the reader reads it instead.
    @Test func readsFromAPipe() throws {
        let path = DataTestFiles.temporaryPath("pipe.csv")
        #expect(mkfifo(path, 0o600) == 0)
        let writer = Thread {
            if let handle = FileHandle(forWritingAtPath: path) {
                handle.write("a,b\n1,x\n2,y\n".data(using: .utf8)!)
                handle.closeFile()
            }
        }
        writer.start()
        let frame = try CSVReader.read(path: path)
        #expect(frame.texts("b") == ["x", "y"])
    }
}

@Suite struct UTF8ValidationTests {
    /// The reader's validator agrees with the standard library on random byte strings.
    @Test func agreesWithTheStandardLibrary() {
        var generator = RandomGenerator(seed: 99)
        let interesting: [UInt8] = [0x41, 0x7F, 0x80, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF, 0x9F, 0xA0, 0x8F, 0x90]
        for _ in 0..<20_000 {
            let count = generator.integer(below: 12)
            let bytes = (0..<count).map { _ in
                generator.integer(below: 2) == 0 ? interesting[generator.integer(below: interesting.count)]
                    : UInt8(truncatingIfNeeded: generator.next())
            }
            let ours = bytes.withUnsafeBufferPointer { isValidUTF8($0.baseAddress ?? UnsafePointer(bitPattern: 1)!, $0.count) }
            #expect(ours == (String(validating: bytes, as: UTF8.self) != nil), "\(bytes)")
        }
        let text = Array("plain ascii text, then é and 😀 and 名前".utf8)
        #expect(text.withUnsafeBufferPointer { isValidUTF8($0.baseAddress!, $0.count) })
    }
}
