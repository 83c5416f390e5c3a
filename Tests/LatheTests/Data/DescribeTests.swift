import Foundation
import Testing
@testable import Data

@Suite struct DescribeTests {
    func close(_ a: Double, _ b: Double) -> Bool {
        a == b || (a.isNaN && b.isNaN) || abs(a - b) <= 1e-12 * max(abs(a), abs(b))
    }

    /// Checked by hand: x = 1, 2, 3, 4 and one missing; s = a, b, a, –, b.
    @Test func smallFrameByHand() throws {
        let frame = try Frame(columns: [
            .numeric("x", [1, 2, .nan, 3, 4]),
            .strings("s", ["a", "b", "a", nil, "b"]),
        ])
        let summary = Describe.describe(frame)
        #expect(summary.columnNames == ["stat", "x", "s"])
        #expect(summary.texts("stat").map { $0! } == Describe.allStats + [Describe.missingStat])
        let x = try summary.column(named: "x").asDoubles()!
        let expected: [Double] = [4, .nan, .nan, .nan, 2.5, (5.0 / 3).squareRoot(), 1, 1.75, 2.5, 3.25, 4, 1]
        #expect(zip(x, expected).allSatisfy { close($0, $1) }, "\(x)")
        // The a/b tie goes to a, which appears first.
        #expect(summary.texts("s") == ["4", "2", "a", "2", nil, nil, nil, nil, nil, nil, nil, "1"])
    }

    @Test func onlyNumericOrOnlyCategoricalColumns() throws {
        let numeric = Describe.describe(try Frame(columns: [.integers("n", [5, nil, 1])]))
        #expect(numeric.texts("stat").map { $0! } == Describe.numericStats + [Describe.missingStat])
        #expect(try numeric.column(named: "n").asDoubles()! == [2, 3, 8.0.squareRoot(), 1, 2, 3, 4, 5, 1])
        let text = Describe.describe(try Frame(columns: [.bools("b", [true, false, false, nil])]))
        #expect(text.texts("stat").map { $0! } == Describe.categoricalStats + [Describe.missingStat])
        #expect(text.texts("b") == ["3", "2", "false", "2", "1"])
        let empty = Describe.describe(try Frame(columns: [.numeric("e", [.nan, .nan])]))
        #expect(try empty.column(named: "e").asDoubles()!.first == 0)
        #expect(try empty.column(named: "e").asDoubles()!.dropFirst().dropLast().allSatisfy(\.isNaN))
        #expect(try empty.column(named: "e").asDoubles()!.last == 2)
    }

    @Test func quantilesFollowNumpyLinear() {
        let sorted: [Double] = [1, 2, 4, 8, 16]
        #expect(Describe.quantile(sorted: sorted, 0) == 1)
        #expect(Describe.quantile(sorted: sorted, 0.1) == 1.4)
        #expect(Describe.quantile(sorted: sorted, 0.9) == 12.8)
        #expect(Describe.quantile(sorted: sorted, 1) == 16)
        #expect(Describe.quantile(sorted: [3], 0.5) == 3)
    }

    @Test(arguments: [("describe_iris.json", "../../examples/data/iris.csv", [String]()),
                      ("describe_mixed_types.json", "data/csv/mixed_types.csv", ["big_int"])])
    func matchesPandas(_ fixture: String, _ csv: String, _ dropped: [String]) throws {
        let json = try Foundation.Data(contentsOf: URL(fileURLWithPath: DataTestFiles.fixture("data/\(fixture)")))
        let reference = try JSONSerialization.jsonObject(with: json) as! [String: Any]
        let frame = try CSVReader.read(path: DataTestFiles.fixture(csv)).drop(dropped)
        let summary = Describe.describe(frame)
        // pandas' rows, then the missing counts, which pandas' describe leaves out.
        let stats = summary.texts("stat").map { $0! }.dropLast()
        #expect(Array(stats) == reference["stats"] as! [String])
        for spec in reference["columns"] as! [[String: Any]] {
            let name = spec["name"] as! String
            let expected = spec["stats"] as! [String: Any]
            let column = try summary.column(named: name)
            for (row, stat) in stats.enumerated() {
                let value = expected[stat]!
                if value is NSNull {
                    #expect(column.isMissing(row), "\(name) \(stat)")
                } else if let doubles = column.asDoubles() {
                    #expect(close(doubles[row], (value as! NSNumber).doubleValue), "\(name) \(stat): \(doubles[row]) vs \(value)")
                } else {
                    let text: String
                    if let b = value as? Bool, stat == "top" { text = b ? "true" : "false" } else { text = "\(value)" }
                    #expect(column.string(at: row) == text, "\(name) \(stat)")
                }
            }
        }
    }
}
