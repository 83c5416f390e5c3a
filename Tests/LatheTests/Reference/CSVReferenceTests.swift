// CSVReader against pandas 3.1.1 `read_csv` (Tests/Fixtures/data/csv/*.pandas.json; see
// Tests/Fixtures/README.md).
//
// For each good file: column names, shape, inferred column type, missing count per column and
// the fixture's first rows (floats exactly, including the sign of zero: parsing is correctly
// rounded; int64 cells as Int64, never through Double).
//
// Types follow the fixture's `kind` (pandas int64→int64, float64→float64, bool→bool,
// object/str→string; an object column of booleans with a missing cell is bool), except where
// Lathe deliberately differs (see `expectedType`): an integer column with missing cells —
// pandas has no missing ints and makes it float64; Lathe keeps int64 with a validity bitmap.
// (A header-only file gives string columns in both, as pandas' object.)
// Missing markers: Lathe's default set is pandas' default `na_values`, exactly.
// Integers too large for int64 (big_integers.csv): Lathe reads the column as text with the
// digits kept; pandas makes an object column of Python ints, a uint64 column up to 2^64-1,
// or (order-dependently) float64 beside a decimal — see `deliberateTypes`/`deliberateCells`.
//
// Bad files: the DataError case, path, line and column (field) the fixture gives. The
// duplicate header is not rejected: Lathe renames it `a.1` like pandas, so it is compared
// with pandas' frame.

import Foundation
import Testing
import Data

@Suite("Reference: CSVReader vs pandas")
struct CSVReferenceTests {
    static let goodFiles = [
        "all_missing.csv", "bare_cr.csv", "big_integers.csv", "bom.csv", "crlf.csv", "empty_lines.csv",
        "header_only.csv", "latin1.csv", "mixed_types.csv", "na_markers.csv", "numbers.csv", "pandas_na_values.csv",
        "quoted_fields.csv", "semicolon.csv", "tabs.tsv", "unicode.csv", "whitespace_lines.csv",
    ]
    static let badFiles = [
        "bad_typed_cell.csv", "duplicate_header.csv", "invalid_utf8.csv", "ragged_long.csv", "ragged_short.csv",
        "unterminated_quote.csv",
    ]

    /// pandas' default `na_values` (plus the empty cell).
    static let pandasMissingMarkers: Set<String> = [
        "", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN", "<NA>", "N/A",
        "NA", "NULL", "NaN", "None", "n/a", "nan", "null",
    ]

    /// Columns whose Lathe type deliberately differs from pandas' ("file/column").
    static let deliberateTypes: [String: ColumnType] = [
        "big_integers.csv/uint64_max": .string,  // pandas uint64; Lathe has no uint64: text
        "big_integers.csv/mixed": .string,  // pandas float64 (rounded); Lathe keeps the digits
        "mixed_types.csv/date_text": .datetime,  // pandas leaves ISO dates as text; Lathe infers them
    ]
    /// Cells whose Lathe text deliberately differs from pandas' value.
    static let deliberateCells: [CellKey: String] = [
        CellKey(file: "big_integers.csv", column: "mixed", row: 1): "123456789012345678901234567890",
    ]

    static func sidecar(_ file: String, bad: Bool = false) -> RefJSON {
        let stem = file.split(separator: ".").dropLast().joined(separator: ".")
        return ReferenceFixtures.json("data/csv/" + (bad ? "bad/" : "") + stem + ".pandas.json")
    }

    /// CSVOptions for a fixture's `read_options` (pandas keywords).
    static func options(_ readOptions: RefJSON) -> CSVOptions {
        var options = CSVOptions()
        for key in readOptions.keys {
            let value = readOptions[key]
            switch key {
            case "sep":
                let sep = Array((value.string ?? ",").utf8)
                #expect(sep.count == 1, "sep \(value) is not one byte")
                options.delimiter = sep.first ?? UInt8(ascii: ",")
            case "encoding":
                options.encoding = value.string ?? "utf-8"
            case "dtype":
                for column in value.keys {
                    let name = value[column].string ?? ""
                    guard let type = ColumnType(name: name) else {
                        Issue.record("no ColumnType for pandas dtype \(name)")
                        continue
                    }
                    options.types[column] = type
                }
            default:
                Issue.record("read option \(key) is not mapped to CSVOptions")
            }
        }
        return options
    }

    /// The Lathe type a fixture column should read as, and why it differs from `kind` if it does.
    static func expectedType(_ spec: RefJSON, file: String = "") -> ColumnType? {
        if let deliberate = deliberateTypes[file + "/" + (spec["name"].string ?? "")] { return deliberate }
        let missing = spec["missing"].int ?? 0
        if spec["pandas_dtype"].string == "float64", spec["all_int_text"].bool == true, missing > 0 {
            return .int64  // pandas: float64 because it has no missing ints
        }
        switch spec["kind"].string {
        case "int64": return .int64
        case "float64": return .float64
        case "bool": return .bool
        case "string": return .string
        default: return nil
        }
    }

    /// Why a cell does not match, or nil when it does.
    static func cellMismatch(_ column: Column, row: Int, expected: RefJSON) -> String? {
        if expected.isNull { return column.isMissing(row) ? nil : "expected missing, got \(column.formatted(at: row))" }
        if column.isMissing(row) { return "expected \(expected), got missing" }
        switch column.storage {
        case .int64(let values, _):
            if let want = expected.int64 { return values[row] == want ? nil : "expected \(want), got \(values[row])" }
            if let want = expected.double, Double(values[row]) == want { return nil }
            return "expected \(expected), got int64 \(values[row])"
        case .float64(let values):
            guard let want = expected.double else { return "expected \(expected), got float64 \(values[row])" }
            let got = values[row]
            let same = (got.isNaN && want.isNaN) || (got == want && got.sign == want.sign)
            return same ? nil : "expected \(want), got \(got)"
        case .bool(let values, _):
            guard let want = expected.bool else { return "expected \(expected), got bool \(values[row])" }
            return values[row] == want ? nil : "expected \(want), got \(values[row])"
        case .datetime:
            // An ISO date pandas kept as text: Lathe shows the same text.
            let got = column.formatted(at: row)
            return got == expected.string ? nil : "expected \(expected), got datetime \(got)"
        case .categorical:
            let got = column.string(at: row)
            // A number in a text column (an integer too large for int64, kept as its digits).
            if case .number(let digits) = expected, got == digits { return nil }
            return got == expected.string ? nil : "expected \(expected), got \(got.map { "\"\($0)\"" } ?? "nil")"
        }
    }

    struct CellKey: Hashable {
        var file: String, column: String, row: Int
    }

    /// Library bugs found by these comparisons (0-based data row), kept with pandas' value as
    /// the expectation. Once one is fixed, `withKnownIssue` fails
    /// ("known issue was not recorded"): remove the entry.
    static let knownCellBugs: [CellKey: String] = [:]

    /// Names, shape, types, missing counts and first rows of `frame` against a pandas result.
    static func compare(_ frame: Frame, with result: RefJSON, file: String) {
        let specs = result["columns"].array
        let rows = result["shape"][0].int ?? -1
        #expect(frame.columnNames == specs.compactMap { $0["name"].string }, "\(file): column names")
        #expect(frame.rowCount == rows && frame.columnCount == result["shape"][1].int,
                "\(file): shape \(frame.shape) vs pandas \(result["shape"])")
        guard frame.columnNames.count == specs.count else { return }
        for (j, spec) in specs.enumerated() {
            let column = frame.columns[j], name = column.name
            let want = expectedType(spec, file: file)
            #expect(column.type == want,
                    "\(file) '\(name)': type \(column.type), expected \(want.map(\.rawValue) ?? "?") (pandas \(spec["pandas_dtype"]))")
            #expect(column.missingCount == spec["missing"].int,
                    "\(file) '\(name)': \(column.missingCount) missing, pandas \(spec["missing"])")
        }
        let firstRows = result["first_rows"].array
        #expect(firstRows.count == min(5, max(rows, 0)), "\(file): fixture lists \(firstRows.count) rows")
        for (i, expectedRow) in firstRows.enumerated() where i < frame.rowCount {
            #expect(expectedRow.array.count == specs.count, "\(file) row \(i): width")
            for (j, expected) in expectedRow.array.enumerated() where j < frame.columnCount {
                let key = CellKey(file: file, column: frame.columns[j].name, row: i)
                let problem = deliberateCells[key].map { want in
                    frame.columns[j].string(at: i) == want ? nil : "expected \(want), got \(frame.columns[j].formatted(at: i))"
                } ?? cellMismatch(frame.columns[j], row: i, expected: expected)
                let message = Comment(rawValue: "\(file) row \(i) '\(frame.columns[j].name)': \(problem ?? "")")
                if let bug = knownCellBugs[CellKey(file: file, column: frame.columns[j].name, row: i)] {
                    withKnownIssue(Comment(rawValue: bug)) { if problem != nil { Issue.record(message) } }
                } else if problem != nil {
                    Issue.record(message)
                }
            }
        }
    }

    // MARK: Fixture inventory

    @Test func everyFixtureFileIsCovered() throws {
        func csvFiles(_ dir: String) throws -> [String] {
            try FileManager.default.contentsOfDirectory(atPath: ReferenceFixtures.fixture(dir))
                .filter { $0.hasSuffix(".csv") || $0.hasSuffix(".tsv") }.sorted()
        }
        #expect(try csvFiles("data/csv") == Self.goodFiles)
        #expect(try csvFiles("data/csv/bad") == Self.badFiles)
        for file in Self.goodFiles { #expect(Self.sidecar(file)["file"].string == file) }
        for file in Self.badFiles { #expect(Self.sidecar(file, bad: true)["file"].string == "bad/" + file) }
    }

    // MARK: Good files

    @Test(arguments: goodFiles)
    func readsLikePandas(file: String) throws {
        let fixture = Self.sidecar(file)
        let options = Self.options(fixture["read_options"])
        let frame = try CSVReader.read(path: ReferenceFixtures.fixture("data/csv/" + file), options: options)
        Self.compare(frame, with: fixture, file: file)
    }

    /// Lathe's default missing markers are pandas' default `na_values`, exactly.
    @Test func defaultMarkersArePandasNAValues() {
        #expect(CSVOptions.defaultMissingMarkers == Self.pandasMissingMarkers)
    }

    // MARK: Bad files

    @Test(arguments: badFiles)
    func rejectsBadFile(file: String) throws {
        let fixture = Self.sidecar(file, bad: true)
        let fault = fixture["fault"]
        let path = ReferenceFixtures.fixture("data/csv/bad/" + file)
        let options = Self.options(fixture["read_options"])
        let kind = fault["kind"].string ?? "?"
        let line = fault["line"].int, field = fault["field"].int

        if kind == "duplicate column name" {
            // Not an error in Lathe: the second `a` becomes `a.1`, as pandas does.
            let frame = try CSVReader.read(path: path, options: options)
            Self.compare(frame, with: fixture["pandas"], file: file)
            return
        }

        let error: DataError
        do {
            let frame = try CSVReader.read(path: path, options: options)
            Issue.record("\(file): read \(frame.shape) instead of failing with \(kind) at line \(line ?? -1)")
            return
        } catch let e as DataError {
            error = e
        }

        switch (kind, error) {
        case ("ragged row", .malformedCSV(let p, let l, let c, let reason)):
            #expect(p == path && l == line && c == field, "\(file): \(error)")
            let n = fault["expected_fields"].int ?? 0, found = fault["found_fields"].int ?? 0
            #expect(reason == .wrongFieldCount(expected: n, found: found), "\(file): \(reason)")
        case ("unterminated quote", .malformedCSV(let p, let l, let c, let reason)):
            #expect(p == path && l == line && c == field, "\(file): \(error)")
            #expect(reason == .unterminatedQuote, "\(file): \(reason)")
        case ("invalid UTF-8", .malformedCSV(let p, let l, let c, let reason)):
            #expect(p == path && l == line && c == field, "\(file): \(error)")
            #expect(reason == .invalidUTF8, "\(file): \(reason)")
        case ("bad typed cell", .badTypedCell(let p, let l, let c, let columnName, let expected, let found)):
            #expect(p == path && l == line && c == field, "\(file): \(error)")
            #expect(columnName == fault["column"].string && expected == fault["expected"].string
                    && found == fault["text"].string, "\(file): \(error)")
        default:
            Issue.record("\(file): expected \(kind) at line \(line ?? -1), field \(field ?? -1); got \(error)")
        }
        // Every rejection renders as path:line:column.
        #expect(error.description.hasPrefix("\(path):\(line ?? -1):\(field ?? -1): "), "\(file): \(error)")
    }
}
