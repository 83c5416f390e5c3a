// Describe.describe against pandas 3.1.1 `read_csv(file).describe(include="all")`
// (Tests/Fixtures/data/describe_*.json; see Tests/Fixtures/README.md).
//
// Numeric statistics: 1e-12 relative; a statistic pandas leaves as NaN (unique/top/freq of a
// numeric column) must be NaN. Categorical (string and bool) columns: count, unique, top and
// freq as text, exactly; the numeric statistics must be missing there.

import Testing
import Numeric
import Data

@Suite("Reference: Describe vs pandas")
struct DescribeReferenceTests {
    static let numericDtypes: Set<String> = ["float64", "int64"]

    /// Checks every statistic of every column of `summary` against the fixture.
    func compare(_ summary: Frame, with fixture: RefJSON, file: String) throws {
        let stats = fixture["stats"].array.compactMap(\.string)
        #expect(stats == Describe.allStats, "\(file): pandas stat rows")
        let columns = fixture["columns"].array
        #expect(!columns.isEmpty, "\(file): fixture has no columns")
        #expect(summary.columnNames == ["stat"] + columns.compactMap { $0["name"].string }, "\(file): columns")
        let statColumn = try summary.column(named: "stat")
        let statRows = (0..<statColumn.count).map { statColumn.string(at: $0) ?? "<missing>" }
        // pandas' rows, then Lathe's missing count per column (checked in ReshapeReferenceTests).
        #expect(statRows == stats + [Describe.missingStat], "\(file): stat rows")
        guard summary.rowCount == stats.count + 1 else { return }

        for spec in columns {
            let name = spec["name"].string ?? "?"
            let column = try summary.column(named: name)
            let expected = spec["stats"]
            if Self.numericDtypes.contains(spec["pandas_dtype"].string ?? "") {
                #expect(column.type == .float64, "\(file) \(name): summary column type \(column.type)")
                let values = column.asDoubles() ?? []
                for (row, stat) in stats.enumerated() where row < values.count {
                    let want = expected[stat].isNull ? Double.nan : expected[stat].double!
                    expectReference(values[row], want, "\(file) \(name) \(stat)")
                }
            } else {
                #expect(column.type == .string, "\(file) \(name): summary column type \(column.type)")
                for (row, stat) in stats.enumerated() {
                    let got: String? = column.isMissing(row) ? nil : column.formatted(at: row)
                    let want: String?
                    switch expected[stat] {
                    case .null: want = nil
                    case .bool(let b): want = b ? "true" : "false"
                    case .string(let s): want = s
                    case .number(let text): want = text  // counts are JSON integers
                    default: want = "<unexpected \(expected[stat])>"
                    }
                    #expect(got == want, "\(file) \(name) \(stat): got \(got ?? "missing"), expected \(want ?? "missing")")
                }
            }
        }
    }

    @Test func iris() throws {
        let fixture = ReferenceFixtures.json("data/describe_iris.json")
        #expect(fixture["file"].string == "examples/data/iris.csv")
        let frame = try CSVReader.read(path: ReferenceFixtures.path("examples/data/iris.csv"))
        #expect(frame.rowCount == fixture["shape"][0].int && frame.columnCount == fixture["shape"][1].int)
        try compare(Describe.describe(frame), with: fixture, file: "iris")

        // value_counts of species: each category and its count.
        let species = try frame.column(named: "species")
        var counts: [String: Int] = [:]
        for row in 0..<species.count { if let s = species.string(at: row) { counts[s, default: 0] += 1 } }
        let expected = fixture["value_counts"]["species"].array
        #expect(expected.count == 3)
        #expect(counts.count == expected.count, "species categories \(counts)")
        for pair in expected {
            let label = pair[0].string ?? "?"
            #expect(counts[label] == pair[1].int, "species \(label): \(counts[label] ?? 0) vs \(pair[1])")
        }
    }

    @Test func mixedTypesWithoutBigInt() throws {
        let fixture = ReferenceFixtures.json("data/describe_mixed_types.json")
        #expect(fixture["file"].string == "Tests/Fixtures/data/csv/mixed_types.csv")
        let frame = try CSVReader.read(path: ReferenceFixtures.fixture("data/csv/mixed_types.csv")).drop(["big_int"])
        #expect(frame.rowCount == fixture["shape"][0].int && frame.columnCount == fixture["shape"][1].int)
        try compare(Describe.describe(frame), with: fixture, file: "mixed_types")
    }
}
