import Foundation
import Testing
@testable import Data

@Suite struct GroupByTests {
    let frame = try! Frame(columns: [
        .strings("k", ["b", "a", nil, "b", "a", nil]),
        .integers("j", [1, 1, 2, 2, 1, 2]),
        .numeric("x", [1, 2, 3, .nan, 5, 6]),
        .strings("s", ["p", nil, "q", "r", "p", "q"]),
    ])

    func aggregate(_ specs: [AggregationSpec], by keys: [String] = ["k"], sort: Bool = true, dropMissing: Bool = false) throws -> Frame {
        try GroupBy(frame, keys: keys, sort: sort, dropMissing: dropMissing).aggregate(frame, specs)
    }

    func spec(_ name: String, _ column: String? = "x", q: Double? = nil) -> AggregationSpec {
        AggregationSpec(output: name, aggregation: Aggregation(name: name, q: q)!, column: column)
    }

    @Test func missingKeysAreAGroupSortedLastOrDropped() throws {
        let kept = try aggregate([spec("size", nil), spec("sum"), spec("count")])
        #expect(kept.texts("k") == ["a", "b", nil])
        #expect(kept.texts("size") == ["2", "2", "2"])
        #expect(try kept.column(named: "sum").asDoubles()! == [7, 1, 9])
        #expect(kept.texts("count") == ["2", "1", "2"])
        let dropped = try aggregate([spec("size", nil)], dropMissing: true)
        #expect(dropped.texts("k") == ["a", "b"])
    }

    @Test func unsortedGroupsKeepFirstAppearance() throws {
        let result = try aggregate([spec("first")], sort: false)
        #expect(result.texts("k") == ["b", "a", nil])
        #expect(try result.column(named: "first").asDoubles()! == [1, 2, 3])
    }

    @Test func missingValuesAreSkipped() throws {
        let result = try aggregate([spec("mean"), spec("last"), spec("std"), spec("nunique", "s"), spec("first", "s")])
        // Group b: x = 1 and missing.
        #expect(try result.column(named: "mean").asDoubles()! == [3.5, 1, 4.5])
        #expect(try result.column(named: "last").asDoubles()! == [5, 1, 6])
        let std = try result.column(named: "std").asDoubles()!
        #expect(std[0] == 4.5.squareRoot() && std[1].isNaN)
        #expect(result.texts("nunique") == ["1", "2", "1"])
        #expect(result.texts("first") == ["p", "p", "q"])
    }

    @Test func severalKeys() throws {
        let result = try aggregate([spec("size", nil), spec("max")], by: ["k", "j"])
        #expect(result.texts("k") == ["a", "b", "b", nil])
        #expect(result.texts("j") == ["1", "1", "2", "2"])
        #expect(result.texts("size") == ["2", "1", "1", "2"])
        let max = try result.column(named: "max").asDoubles()!
        #expect(max[0] == 5 && max[1] == 1 && max[2].isNaN && max[3] == 6)
    }

    /// Number keys are coded through DenseKeyTable: -0.0 is 0.0, missing (NaN or an invalid
    /// int) is one group, first appearance is kept unsorted and missing sorts last.
    @Test func numberKeysGroupByValue() throws {
        let numbers = try Frame(columns: [
            .numeric("f", [2.5, -0.0, .nan, 0.0, 2.5, .nan, -1]),
            .integers("i", [7, nil, 7, -3, nil, 7, 1 << 40]),
            .numeric("x", [1, 2, 3, 4, 5, 6, 7]),
        ])
        let size = [AggregationSpec(output: "n", aggregation: .size, column: nil)]
        let byFloat = try GroupBy(numbers, keys: ["f"], sort: false).aggregate(numbers, size)
        #expect(byFloat.texts("n") == ["2", "2", "2", "1"])
        let sortedFloat = try GroupBy(numbers, keys: ["f"]).aggregate(numbers, size)
        #expect(try sortedFloat.column(named: "f").asDoubles()!.prefix(3) == [-1, 0, 2.5])
        #expect(sortedFloat.texts("n") == ["1", "2", "2", "2"])
        let byInt = try GroupBy(numbers, keys: ["i"], sort: false).aggregate(numbers, size)
        #expect(byInt.texts("i") == ["7", nil, "-3", "1099511627776"])
        #expect(byInt.texts("n") == ["3", "2", "1", "1"])
        // Two number keys: pairs in first appearance, rows with a missing key dropped on request.
        let pairs = try GroupBy(numbers, keys: ["i", "f"], sort: false, dropMissing: true)
        #expect(pairs.groupOfRow == [0, -1, -1, 1, -1, -1, 2])
    }

    /// Many rows and specs (the specs run in parallel): every worker count gives the same columns.
    @Test func largeAggregationsMatchASerialPass() throws {
        let n = 200_000
        let big = try Frame(columns: [
            .integers("key", (0..<n).map { Int64(($0 &* 7919) % 1000) }),
            .numeric("x", (0..<n).map { $0 % 97 == 0 ? .nan : Double($0 % 1013) * 0.37 }),
        ])
        let specs = ["mean", "count", "sum", "min", "max", "std"].map {
            AggregationSpec(output: $0, aggregation: Aggregation(name: $0)!, column: "x")
        }
        let groups = try GroupBy(big, keys: ["key"])
        let result = try groups.aggregate(big, specs)
        for spec in specs {
            let serial = try spec.aggregation.apply(to: try big.column(named: "x"), groups: groups, name: spec.output)
            #expect(try result.column(named: spec.output) == serial, "\(spec.output)")
        }
        #expect(result.rowCount == 1000)
    }

    @Test func integerColumnsKeepTheirType() throws {
        let result = try aggregate([spec("sum", "j"), spec("min", "j"), spec("median", "j")])
        #expect(result.columns.map(\.type) == [.string, .int64, .int64, .float64])
        #expect(result.texts("sum") == ["2", "3", "4"])
    }

    @Test func emptyFrameGivesNoGroups() throws {
        let empty = frame.slice(0..<0)
        let result = try GroupBy(empty, keys: ["k"]).aggregate(empty, [spec("mean"), spec("size", nil)])
        #expect(result.rowCount == 0)
        #expect(result.columnNames == ["k", "mean", "size"])
    }

    @Test func misuseIsReported() throws {
        #expect(throws: DataError.unknownColumn(name: "kk", available: ["k", "j", "x", "s"])) { try GroupBy(frame, keys: ["kk"]) }
        #expect(throws: DataError.typeMismatch("mean needs a numeric column, but 's' holds strings")) {
            try aggregate([spec("mean", "s")])
        }
        #expect(throws: DataError.self) { try aggregate([spec("quantile", q: 1.5)]) }
        // An output named like a key clashes.
        #expect(throws: DataError.invalidArgument("duplicate column name 'k'")) {
            try aggregate([AggregationSpec(output: "k", aggregation: .size, column: nil)])
        }
    }

    /// pandas' groupby(...).agg on Tests/Fixtures/data/groupby/sales.csv (tools/reference/ref_groupby.py).
    @Test func matchesPandas() throws {
        let data = try Foundation.Data(contentsOf: URL(fileURLWithPath: DataTestFiles.fixture("data/groupby/sales_groupby.json")))
        let fixture = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let sales = try CSVReader.read(path: DataTestFiles.fixture("data/groupby/sales.csv"))
        let q = try #require(fixture["q"] as? Double)
        let stats = ["size", "count", "sum", "mean", "median", "min", "max", "std", "var", "nunique", "first", "last"]
        var specs = stats.map { AggregationSpec(output: $0, aggregation: Aggregation(name: $0)!, column: $0 == "size" ? nil : "amount") }
        specs.append(AggregationSpec(output: "q90", aggregation: .quantile(q), column: "amount"))
        let cases = try #require(fixture["cases"] as? [[String: Any]])
        #expect(cases.count == 4)
        for testCase in cases {
            let keys = try #require(testCase["by"] as? [String])
            let dropna = try #require(testCase["dropna"] as? Bool)
            let expected = try #require(testCase["columns"] as? [String: [Any]])
            let result = try GroupBy(sales, keys: keys, dropMissing: dropna).aggregate(sales, specs)
            for key in keys {
                #expect(result.texts(key) == expected[key]!.map { $0 as? String }, "\(keys) \(dropna) \(key)")
            }
            for name in stats + ["q90"] {
                let got = try result.column(named: name).asDoubles()!
                let want = expected[name]!.map { ($0 as? NSNumber)?.doubleValue ?? .nan }
                #expect(got.count == want.count)
                for (a, b) in zip(got, want) {
                    let close = (a.isNaN && b.isNaN) || abs(a - b) <= 1e-12 * max(1, abs(b))
                    #expect(close, "\(keys) dropna \(dropna) \(name): \(got) vs pandas \(want)")
                }
            }
        }
    }
}
