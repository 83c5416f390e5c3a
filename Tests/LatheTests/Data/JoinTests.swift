import Foundation
import Testing
@testable import Data

@Suite struct JoinTests {
    let left = try! Frame(columns: [
        .integers("id", [1, 2, nil, 2]),
        .strings("v", ["a", "b", "c", "d"]),
    ])
    let right = try! Frame(columns: [
        .numeric("id", [2, 3, .nan, 1]),
        .strings("v", ["x", "y", "z", "w"]),
    ])

    func join(_ kind: JoinKind, on keys: [String] = ["id"], validation: JoinValidation = .manyToMany) throws -> Frame {
        try Join(kind: kind, leftOn: keys, rightOn: keys, validation: validation).apply(left, right)
    }

    @Test func innerKeepsLeftOrderAndMatchesMissingKeys() throws {
        let result = try join(.inner)
        #expect(result.columnNames == ["id", "v_x", "v_y"])
        #expect(result.texts("v_x") == ["a", "b", "c", "d"])
        #expect(result.texts("v_y") == ["w", "x", "z", "x"])
        // int64 joined with float64 by value; the left key keeps its type.
        #expect(result.columns[0].type == .int64)
    }

    @Test func leftRightAndOuterFillMissing() throws {
        let extra = try Frame(columns: [.integers("id", [7]), .strings("v", ["q"])])
        let l = try Join(kind: .left, leftOn: ["id"], rightOn: ["id"]).apply(extra, right)
        #expect(l.texts("v_y") == [nil])
        let r = try Join(kind: .right, leftOn: ["id"], rightOn: ["id"]).apply(extra, right)
        #expect(r.texts("v_x") == [nil, nil, nil, nil])
        #expect(r.texts("id") == ["2.0", "3.0", nil, "1.0"])
        let outer = try join(.outer)
        // Sorted keys, missing last; key 3 only on the right.
        #expect(outer.texts("v_x") == ["a", "b", "d", nil, "c"])
        #expect(outer.texts("v_y") == ["w", "x", "x", "y", "z"])
        #expect(try outer.column(named: "id").asDoubles()!.prefix(4) == [1, 2, 2, 3])
    }

    @Test func semiAndAntiKeepLeftColumnsOnce() throws {
        let doubled = try Frame(columns: [.integers("id", [2, 2]), .strings("w", ["p", "q"])])
        let semi = try Join(kind: .semi, leftOn: ["id"], rightOn: ["id"]).apply(left, doubled)
        #expect(semi.columnNames == ["id", "v"])
        #expect(semi.texts("v") == ["b", "d"])
        let anti = try Join(kind: .anti, leftOn: ["id"], rightOn: ["id"]).apply(left, doubled)
        #expect(anti.texts("v") == ["a", "c"])
    }

    @Test func differentKeyNamesKeepBothKeys() throws {
        let other = try Frame(columns: [.strings("name", ["b", "a", "e"]), .integers("n", [2, 1, 5])])
        let result = try Join(kind: .left, leftOn: ["v"], rightOn: ["name"]).apply(left, other)
        #expect(result.columnNames == ["id", "v", "name", "n"])
        #expect(result.texts("name") == ["a", "b", nil, nil])
        #expect(result.columns[3].type == .int64)
        #expect(result.texts("n") == ["1", "2", nil, nil])
    }

    @Test func emptyInputs() throws {
        let empty = left.slice(0..<0)
        #expect(try Join(kind: .inner, leftOn: ["id"], rightOn: ["id"]).apply(empty, right).rowCount == 0)
        let outer = try Join(kind: .outer, leftOn: ["id"], rightOn: ["id"]).apply(empty, right)
        #expect(outer.rowCount == 4)
        #expect(try Join(kind: .left, leftOn: ["id"], rightOn: ["id"]).apply(left, right.slice(0..<0)).rowCount == 4)
    }

    @Test func misuseIsReported() throws {
        #expect(throws: DataError.unknownColumn(name: "idd", available: ["id", "v"])) { try join(.inner, on: ["idd"]) }
        #expect(throws: DataError.joinKeyTypes(left: "v", leftType: .string, right: "id", rightType: .float64)) {
            try Join(leftOn: ["v"], rightOn: ["id"]).apply(left, right)
        }
        #expect(throws: DataError.joinNotValid(validation: "one_to_one", side: "left", key: "id = 2", times: 2)) {
            try join(.inner, validation: .oneToOne)
        }
        #expect(throws: Never.self) { try join(.inner, validation: .manyToOne) }
        #expect(throws: DataError.self) { try Join(leftOn: ["id"], rightOn: []).apply(left, right) }
        #expect(throws: DataError.self) { try Join(leftOn: ["id"], rightOn: ["id"], suffixes: ("", "")).apply(left, right) }
        #expect(JoinValidation(name: "1:m") == .oneToMany)
    }

    /// pandas' merge on Tests/Fixtures/data/join/*.csv (tools/reference/ref_join.py).
    @Test func matchesPandas() throws {
        let data = try Foundation.Data(contentsOf: URL(fileURLWithPath: DataTestFiles.fixture("data/join/join_cases.json")))
        let fixture = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let cases = try #require(fixture["cases"] as? [[String: Any]])
        #expect(cases.count == 17)
        for testCase in cases {
            let left = try CSVReader.read(path: DataTestFiles.fixture("data/join/" + (testCase["left"] as? String ?? "")))
            let right = try CSVReader.read(path: DataTestFiles.fixture("data/join/" + (testCase["right"] as? String ?? "")))
            let how = try #require(JoinKind(rawValue: testCase["how"] as? String ?? ""))
            let leftOn = (testCase["on"] ?? testCase["left_on"]) as? [String] ?? []
            let rightOn = (testCase["on"] ?? testCase["right_on"]) as? [String] ?? []
            let suffixes = testCase["suffixes"] as? [String] ?? ["_x", "_y"]
            let expected = try #require(testCase["expected"] as? [String: Any])
            let names = try #require(expected["columns"] as? [String])
            let values = try #require(expected["data"] as? [String: [Any]])
            let label = "\(how) \(leftOn) \(rightOn)"
            let result = try Join(kind: how, leftOn: leftOn, rightOn: rightOn, suffixes: (suffixes[0], suffixes[1])).apply(left, right)
            #expect(result.columnNames == names, "\(label)")
            for name in names {
                let column = try result.column(named: name)
                let want = values[name] ?? []
                #expect(column.count == want.count, "\(label) \(name)")
                if column.type == .string {
                    #expect(result.texts(name) == want.map { $0 as? String }, "\(label) \(name)")
                } else {
                    let got = column.asDoubles() ?? []
                    let wanted = want.map { ($0 as? NSNumber)?.doubleValue ?? .nan }
                    let same = got.count == wanted.count && zip(got, wanted).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
                    #expect(same, "\(label) \(name): \(got) vs pandas \(wanted)")
                }
            }
        }
    }
}
