import Foundation
import LatheCore
import Testing
@testable import Data

@Suite struct ColumnFunctionsTests {
    /// Every case of pandas' results on Tests/Fixtures/data/column_functions/series.csv
    /// (tools/reference/ref_column_functions.py): math, where, between, isin, cut, qcut,
    /// cumsum, shift and rolling, plain and grouped.
    @Test func matchPandas() throws {
        let data = try Foundation.Data(contentsOf: URL(fileURLWithPath: DataTestFiles.fixture("data/column_functions/column_function_cases.json")))
        let fixture = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let frame = try CSVReader.read(path: DataTestFiles.fixture("data/column_functions/series.csv"))
        let cases = try #require(fixture["cases"] as? [[String: Any]])
        #expect(cases.count > 100)
        for testCase in cases {
            let call = try #require(testCase["call"] as? [String: Any])
            let expected = try #require(testCase["result"] as? [Any])
            let result = try run(call, on: frame)
            #expect(result.count == expected.count, "\(call)")
            for row in 0..<min(result.count, expected.count) {
                #expect(same(result, row, expected[row]), "\(call) row \(row): \(result.formatted(at: row)) vs \(expected[row])")
            }
        }
    }

    func run(_ call: [String: Any], on frame: Frame) throws -> Column {
        let column = try frame.column(named: try need(call["column"] as? String))
        let groups = try (call["by"] as? String).map { try RowGroups(keys: [try frame.column(named: $0)]) }
        let number = { (key: String) in (call[key] as? NSNumber)?.doubleValue }
        switch try need(call["fn"] as? String) {
        case "abs" where column.type == .int64:
            // pandas' case is abs(n - 6), kept int64.
            let shifted = Column.integers("n", (0..<column.count).map { row in
                if case .int64(let v, _) = column.storage { return v[row] - 6 }
                return nil
            })
            return try shifted.applying(.abs)
        case "round":
            let scaled = Column.numeric("x", try need(column.asDoubles()).map { $0 * 1.37 })
            return try scaled.rounded(digits: try need(call["digits"] as? Int))
        case "clip": return try column.clipped(lower: number("lower"), upper: number("upper"))
        case "pow": return try Column.power(.column(column), .scalar(.number(try need(number("exponent")))))
        case "where_positive":
            let mask = Column(name: "m", storage: .bool(try need(column.asDoubles()).map { $0 > 0 }, valid: nil))
            return try Column.choosing(mask, .column(column), .scalar(.number(0)))
        case "between", "between_strings":
            let bound = { (key: String) -> Scalar in
                if let text = call[key] as? String { return .string(text) }
                return .number(number(key) ?? .nan)
            }
            let inclusive = BetweenInclusive(rawValue: call["inclusive"] as? String ?? "both") ?? .both
            return try column.isBetween(bound("lower"), bound("upper"), inclusive: inclusive)
        case "is_in":
            let values = try need(call["values"] as? [Any]).map { item -> Scalar in
                if let text = item as? String { return .string(text) }
                return .number((item as? NSNumber)?.doubleValue ?? .nan)
            }
            return column.isIn(values)
        case "cut":
            let right = call["right"] as? Bool ?? true, lowest = call["include_lowest"] as? Bool ?? false
            let binning: Binning
            if let count = call["bins"] as? Int {
                binning = try Binning(count: count, over: try need(column.asDoubles()), right: right, includeLowest: lowest)
            } else {
                let edges = try need(call["bins"] as? [NSNumber]).map(\.doubleValue)
                binning = try Binning(edges: edges, right: right, includeLowest: lowest)
            }
            return try binning.apply(to: column, labels: call["labels"] as? Bool == false ? .numbers : .intervals)
        case "qcut":
            let quantiles: [Double]
            if let count = call["q"] as? Int {
                quantiles = try Binning.evenQuantiles(count)
            } else {
                quantiles = try need(call["q"] as? [NSNumber]).map(\.doubleValue)
            }
            let binning = try Binning.quantiles(quantiles, of: try need(column.asDoubles()))
            return try binning.apply(to: column, labels: call["labels"] as? Bool == false ? .numbers : .intervals)
        case "cumsum": return try column.cumulativeSum(groups: groups)
        case "shift": return try column.shifted(by: try need(call["n"] as? Int), groups: groups)
        case "rolling":
            let statistic = try need(RollingStatistic(rawValue: try need(call["stat"] as? String)))
            return try column.rolling(statistic, window: try need(call["window"] as? Int), minPeriods: call["min_periods"] as? Int, groups: groups)
        case let name:
            return try column.applying(try need(ColumnMath(rawValue: name)))
        }
    }

    struct MissingField: Error {}

    func need<T>(_ value: T?) throws -> T {
        guard let value else { throw MissingField() }
        return value
    }

    /// A cell against pandas' value: numbers within 1e-12 (relative), strings and bools exactly,
    /// null for missing.
    func same(_ column: Column, _ row: Int, _ expected: Any) -> Bool {
        if expected is NSNull { return column.isMissing(row) }
        if column.isMissing(row) { return false }
        if let text = expected as? String {
            if let number = Double(text) ?? (text == "-Infinity" ? -.infinity : text == "Infinity" ? .infinity : nil),
               let values = column.asDoubles() {
                return values[row] == number
            }
            return column.string(at: row) == text
        }
        if case .bool(let flags, _) = column.storage, let flag = (expected as? NSNumber)?.boolValue {
            return flags[row] == flag
        }
        guard let number = (expected as? NSNumber)?.doubleValue, let values = column.asDoubles() else { return false }
        return values[row] == number || abs(values[row] - number) <= 1e-12 * max(1, abs(number))
    }

    @Test func rollingWindowsAreLinearAndExact() throws {
        let x = Column.numeric("x", [1, 3, 2, 5, .nan, 4, 4, 4])
        #expect(try x.rolling(.max, window: 3).asDoubles()!.map { $0.isNaN ? -1 : $0 } == [-1, -1, 3, 5, -1, -1, -1, 4])
        #expect(try x.rolling(.min, window: 2, minPeriods: 1).asDoubles()! == [1, 1, 2, 2, 5, 4, 4, 4])
        // A window of one repeated value has a variance of exactly 0, as pandas.
        #expect(try x.rolling(.std, window: 3).asDoubles()!.last == 0)
        #expect(try x.rolling(.mean, window: 3).asDoubles()!.last == 4)
    }

    @Test func shiftKeepsTheTypeAndLeadsWithNegativeSteps() throws {
        let s = Column.strings("s", ["a", "b", nil, "c"])
        #expect(try s.shifted(by: 1) == Column.strings("s", [nil, "a", "b", nil]))
        #expect(try s.shifted(by: -1) == Column.strings("s", ["b", nil, "c", nil]))
        let n = Column.integers("n", [1, 2, 3])
        #expect(try n.shifted(by: 5) == Column.integers("n", [nil, nil, nil]))
        #expect(try Column.integers("n", []).shifted(by: 1).count == 0)
    }

    @Test func windowsRunWithinGroupsInRowOrder() throws {
        let keys = Column.strings("g", ["a", "b", "a", nil, "b", "a"])
        let groups = try RowGroups(keys: [keys])
        let n = Column.integers("n", [1, 10, 2, 100, 20, 3])
        #expect(try n.cumulativeSum(groups: groups) == Column.integers("n", [1, 10, 3, nil, 30, 6]))
        #expect(try n.shifted(by: 1, groups: groups) == Column.integers("n", [nil, nil, 1, nil, 10, 2]))
        #expect(throws: DataError.self) { try n.cumulativeSum(groups: RowGroups(keys: [Column.strings("g", ["a"])])) }
    }

    @Test func binsRefuseBadEdgesAndLabels() throws {
        #expect(throws: DataError.self) { try Binning(edges: [0, 2, 1]) }
        #expect(throws: DataError.self) { try Binning(edges: [0, 1, 1]) }
        #expect(throws: DataError.self) { try Binning(edges: [1]) }
        #expect(throws: DataError.self) { try Binning(count: 2, over: [.nan]) }
        #expect(throws: DataError.self) { try Binning.quantiles([0, 0.5, 1], of: [1, 1, 1, 1]) }
        let binning = try Binning(edges: [0, 1, 2])
        #expect(throws: DataError.self) { try binning.apply(to: Column.numeric("x", [0.5]), labels: .names(["only one"])) }
        #expect(try binning.apply(to: Column.numeric("x", [0.5, 1.5, 3, 0]), labels: .names(["low", "high"]))
                == Column.strings("x", ["low", "high", nil, nil]))
        #expect(throws: DataError.self) { try binning.apply(to: Column.strings("s", ["a"]), labels: .intervals) }
    }

    @Test func whereMixesNumbersAndRefusesMixedTypes() throws {
        let mask = Column.bools("m", [true, false, nil])
        #expect(try Column.choosing(mask, .scalar(.number(1)), .scalar(.number(0))) == Column.integers("m", [1, 0, 0]))
        #expect(try Column.choosing(mask, .scalar(.string("y")), .scalar(.null)) == Column.strings("m", ["y", nil, nil]))
        #expect(throws: DataError.self) { try Column.choosing(mask, .scalar(.string("y")), .scalar(.number(0))) }
        #expect(throws: DataError.self) { try Column.choosing(Column.numeric("x", [1]), .scalar(.number(1)), .scalar(.number(0))) }
    }
}
