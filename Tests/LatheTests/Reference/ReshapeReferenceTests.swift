// Concatenation, distinct, pivot, melt, missing-value filling and dropping, cast and the
// describe missing row against pandas 3.1.1 (Tests/Fixtures/data/reshape/, written by
// tools/reference/ref_reshape.py). Numbers compare by value (pandas reads an int column
// with missing cells as float64, Lathe as int64 with missing entries) within 1e-12 relative.

import Testing
import Data

@Suite("Reference: reshaping and missing values vs pandas")
struct ReshapeReferenceTests {
    let fixture = ReferenceFixtures.json("data/reshape/reshape_cases.json")

    func load(_ name: String) throws -> Frame {
        try CSVReader.read(path: ReferenceFixtures.fixture("data/reshape/\(name)"))
    }

    /// Whether the cell at `row` of `column` is the fixture's `expected` cell.
    func matches(_ column: Column, _ row: Int, _ expected: RefJSON) -> Bool {
        if expected.isNull { return column.isMissing(row) }
        if column.isMissing(row) { return false }
        switch expected {
        case .bool(let flag):
            return column.type == .bool && column.formatted(at: row) == (flag ? "true" : "false")
        case .string(let text):
            return column.type == .string && column.string(at: row) == text
        default:
            guard let want = expected.double, let got = column.asDoubles()?[row] else { return false }
            return got == want || abs(got - want) <= 1e-12 * max(abs(want), 1)
        }
    }

    func expectColumn(_ column: Column, _ expected: [RefJSON], _ label: String) {
        #expect(column.count == expected.count, "\(label): \(column.count) rows, pandas \(expected.count)")
        for (row, cell) in expected.enumerated() where row < column.count {
            #expect(matches(column, row, cell), "\(label) row \(row): \(column.formatted(at: row, missing: "missing")) vs pandas \(cell)")
        }
    }

    func expectFrame(_ frame: Frame, _ expected: RefJSON, _ label: String) {
        let names = expected["columns"].array.compactMap(\.string)
        #expect(frame.columnNames == names, "\(label): columns")
        let rows = expected["rows"].array
        #expect(frame.rowCount == rows.count, "\(label): \(frame.rowCount) rows, pandas \(rows.count)")
        guard frame.columnNames == names, frame.rowCount == rows.count else { return }
        for (index, column) in frame.columns.enumerated() {
            expectColumn(column, rows.map { $0[index] }, "\(label) \(column.name)")
        }
    }

    @Test func concatenatesRows() throws {
        let frame = try Concatenation.rows([try load("sales.csv"), try load("sales_b.csv")])
        expectFrame(frame, fixture["concat"], "concat")
        #expect(try frame.column(named: "units").type == .float64, "int64 with float64 stacks as float64")
    }

    @Test func pivots() throws {
        let sales = try load("sales.csv")
        let cases = fixture["pivots"].array
        #expect(cases.count == 7)
        for spec in cases {
            let index = spec["index"].array.compactMap(\.string)
            let agg = try #require(Aggregation(name: spec["agg"].string ?? ""))
            let frame = try sales.pivot(index: index, columns: spec["columns"].string ?? "", values: spec["values"].string ?? "",
                                        aggregation: agg)
            expectFrame(frame, spec["result"], "pivot \(index) \(spec["agg"])")
        }
    }

    @Test func melts() throws {
        let wide = try load("wide.csv")
        for spec in fixture["melts"].array {
            let values = spec["value_vars"].isNull ? nil : spec["value_vars"].array.compactMap(\.string)
            let frame = try wide.melt(idColumns: spec["id_vars"].array.compactMap(\.string), valueColumns: values,
                                      variableName: spec["var_name"].string ?? "", valueName: spec["value_name"].string ?? "")
            expectFrame(frame, spec["result"], "melt \(spec["id_vars"]) \(spec["value_vars"])")
        }
    }

    @Test func distinctRowsKeepTheFirst() throws {
        let sales = try load("sales.csv")
        for spec in fixture["distincts"].array {
            let columns = spec["columns"].isNull ? nil : spec["columns"].array.compactMap(\.string)
            let expected = sales.take(spec["rows"].array.compactMap(\.int))
            #expect(try sales.distinct(columns: columns) == expected, "distinct \(spec["columns"])")
        }
    }

    @Test func fillsMissingValues() throws {
        let sales = try load("sales.csv")
        let cases = fixture["fills"].array
        #expect(cases.count == 12)
        for spec in cases {
            let column = try sales.column(named: spec["column"].string ?? "")
            let strategy = spec["strategy"].string ?? ""
            let filled: Column
            if let known = FillStrategy(rawValue: strategy) {
                filled = try column.fillingMissing(strategy: known)
            } else {
                let value: FillValue
                switch spec["value"] {
                case .string(let text): value = .text(text)
                case .bool(let flag): value = .bool(flag)
                default: value = .number(spec["value"].double ?? .nan)
                }
                filled = try column.fillingMissing(with: value)
            }
            expectColumn(filled, spec["result"].array, "fill \(column.name) \(strategy) \(spec["value"])")
        }
    }

    @Test func dropsMissingRows() throws {
        let sales = try load("sales.csv")
        for spec in fixture["drops"].array {
            let columns = spec["columns"].isNull ? nil : spec["columns"].array.compactMap(\.string)
            let rule = try #require(MissingRule(rawValue: spec["how"].string ?? ""))
            let expected = sales.take(spec["rows"].array.compactMap(\.int))
            #expect(try sales.droppingMissing(rule, columns: columns) == expected, "drop \(rule) \(spec["columns"])")
        }
    }

    @Test func describeCountsMissingValues() throws {
        let sales = try load("sales.csv")
        let summary = Describe.describe(sales)
        let stat = try summary.column(named: "stat")
        let row = try #require((0..<stat.count).first { stat.string(at: $0) == Describe.missingStat })
        #expect(row == stat.count - 1, "missing is the last row")
        for name in fixture["missing"].keys {
            let column = try summary.column(named: name)
            let want = fixture["missing"][name].int ?? -1
            let got = column.type == .string ? column.string(at: row).flatMap { Int($0) } : column.asDoubles().map { Int($0[row]) }
            #expect(got == want, "missing in \(name): \(String(describing: got)) vs pandas \(want)")
        }
    }

    @Test func castsLikeAstype() throws {
        let sales = try load("sales.csv")
        for spec in fixture["casts"].array {
            let type = try #require(ColumnType(name: spec["type"].string ?? ""))
            let column = try sales.column(named: spec["column"].string ?? "").cast(to: type)
            #expect(column.type == type)
            expectColumn(column, spec["result"].array, "cast \(column.name) to \(type)")
        }
    }

    @Test func valueCountSharesMatchNormalize() throws {
        let counts = try load("sales.csv").column(named: "city").valueCounts()
        let expected = fixture["value_counts"]["city"].array
        expectColumn(try counts.column(named: "city"), expected.map { $0[0] }, "value_counts city")
        expectColumn(try counts.column(named: "share"), expected.map { $0[1] }, "value_counts share")
    }
}
