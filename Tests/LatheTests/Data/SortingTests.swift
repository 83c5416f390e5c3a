import Foundation
import Testing
@testable import Data

@Suite struct SortingTests {
    let frame = try! Frame(columns: [
        .strings("k", ["b", "a", nil, "b", "a", "B"]),
        .integers("j", [3, nil, 1, Int64.min, Int64.max, 1]),
        .numeric("x", [1, -0.0, .nan, 0, -.infinity, 1]),
    ])

    func order(_ keys: [String], _ descending: [Bool]) throws -> [Int] {
        try Sorting(by: keys, descending: descending).order(frame)
    }

    @Test func numbersSortStablyWithMissingLastBothWays() throws {
        #expect(try order(["x"], [false]) == [4, 1, 3, 0, 5, 2])
        #expect(try order(["x"], [true]) == [0, 5, 1, 3, 4, 2])
        #expect(try order(["j"], [false]) == [3, 2, 5, 0, 4, 1])
        #expect(try order(["j"], [true]) == [4, 0, 2, 5, 3, 1])
    }

    @Test func stringsSortByBytesAndKeysCombine() throws {
        #expect(try order(["k"], [false]) == [5, 1, 4, 0, 3, 2])
        #expect(try order(["k", "x"], [true, false]) == [3, 0, 4, 1, 5, 2])
        // One direction applies to every key.
        #expect(try order(["k", "j"], [true]) == [0, 3, 4, 1, 5, 2])
    }

    @Test func topMatchesTheSortedPrefixOnBothPaths() throws {
        // 1,000 rows with many ties and missing values: n ≤ rows / 16 takes the heap.
        let rows = 1_000
        let big = try Frame(columns: [
            .numeric("x", (0..<rows).map { $0 % 7 == 0 ? .nan : Double(($0 * 37) % 50) }),
            .strings("s", (0..<rows).map { $0 % 11 == 0 ? nil : "v\(($0 * 13) % 9)" }),
        ])
        for descending in [[true], [false], [true, false]] {
            let sorting = try Sorting(by: ["x", "s"], descending: descending)
            let full = try sorting.order(big)
            for n in [0, 1, 5, 62, 63, 500, 2_000] {
                #expect(try sorting.top(n, of: big) == Array(full.prefix(n)), "\(descending) \(n)")
            }
        }
    }

    /// Enough rows for several radix chunks (each counted and scattered on its own, in
    /// parallel): the order is a stable comparison sort's, missing last, keys in turn.
    @Test func chunkedRadixPassesKeepTheStableOrder() throws {
        let n = 3 * Sorting.radixChunk + 123
        let groups: [Int64?] = (0..<n).map { (i: Int) -> Int64? in
            i % 11 == 0 ? nil : Int64((i &* 7919) % 300) - 150
        }
        let values: [Double] = (0..<n).map { (i: Int) -> Double in
            i % 13 == 0 ? Double.nan : Double((i &* 104_729) % 5003) * 0.25 - 600
        }
        let big = try Frame(columns: [.integers("g", groups), .numeric("x", values)])
        let g = try big.column(named: "g"), x = try big.column(named: "x").asDoubles()!
        for descending in [[false, false], [true, false], [false, true]] {
            let got = try Sorting(by: ["g", "x"], descending: descending).order(big)
            let want = (0..<n).sorted { a, b in
                if g.isMissing(a) != g.isMissing(b) { return g.isMissing(b) }
                if !g.isMissing(a), case .int64(let v, _) = g.storage, v[a] != v[b] { return descending[0] ? v[a] > v[b] : v[a] < v[b] }
                if x[a].isNaN != x[b].isNaN { return x[b].isNaN }
                if !x[a].isNaN, x[a] != x[b] { return descending[1] ? x[a] > x[b] : x[a] < x[b] }
                return a < b
            }
            #expect(got == want, "descending \(descending)")
        }
    }

    @Test func emptyAndMisuse() throws {
        let empty = frame.slice(0..<0)
        #expect(try empty.sorted(by: ["k"]).rowCount == 0)
        #expect(try empty.top(3, by: ["x"]).rowCount == 0)
        #expect(throws: DataError.unknownColumn(name: "kk", available: ["k", "j", "x"])) { try frame.sorted(by: ["kk"]) }
        #expect(throws: DataError.self) { try Sorting(by: ["k", "j"], descending: [true, false, true]) }
        #expect(throws: DataError.self) { try Sorting(by: [], descending: [true]) }
        #expect(throws: DataError.self) { try frame.top(-1, by: ["x"]) }
    }

    @Test func sortedKeepsTheRowsOrigin() throws {
        let parts = try Splitter.split(frame, testFraction: 0.5, seed: 1)
        #expect(try parts.train.sorted(by: ["x"]).origin != nil)
    }

    /// pandas' sort_values(kind="stable", na_position="last") on Tests/Fixtures/data/sort/scores.csv
    /// (tools/reference/ref_sort.py).
    @Test func matchesPandas() throws {
        let data = try Foundation.Data(contentsOf: URL(fileURLWithPath: DataTestFiles.fixture("data/sort/sort_cases.json")))
        let fixture = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let scores = try CSVReader.read(path: DataTestFiles.fixture("data/sort/scores.csv"))
        let sorts = try #require(fixture["sorts"] as? [[String: Any]])
        let tops = try #require(fixture["tops"] as? [[String: Any]])
        #expect(sorts.count == 10 && tops.count == 5)
        for testCase in sorts + tops {
            let by = try #require(testCase["by"] as? [String])
            let descending = try #require(testCase["descending"] as? [Bool])
            let expected = try #require(testCase["order"] as? [Int])
            let sorting = try Sorting(by: by, descending: descending)
            if let n = testCase["n"] as? Int {
                #expect(try sorting.top(n, of: scores) == expected, "top \(n) \(by) \(descending)")
            } else {
                #expect(try sorting.order(scores) == expected, "\(by) \(descending)")
            }
        }
    }
}
