import Foundation
import Testing
@testable import Data

/// The per-distinct-value string functions: results, missing rows, category order and
/// merging, the parallel path, and concatenation on codes.
@Suite("String column functions")
struct StringColumnFunctionsTests {
    static func texts(_ column: Column) -> [String?] {
        (0..<column.count).map { column.string(at: $0) }
    }

    @Test func mappingTransformsEachDistinctValueOnceAndKeepsMissing() throws {
        let column = Column.strings("name", ["Ana", nil, "bo", "Ana", "BO"])
        var calls = 0
        let lower = try column.mappingStrings("lower") { calls += 1; return $0.lowercased() }
        #expect(Self.texts(lower) == ["ana", nil, "bo", "ana", "bo"])
        #expect(calls == 3)
        // "bo" and "BO" became one category, in first-appearance order.
        #expect(lower.categories == ["ana", "bo"])
        #expect(lower.name == "name")
    }

    @Test func mappingSkipsCategoriesNoRowUses() throws {
        let column = Column.strings("c", ["a", "b", "c", "b"]).take([1, 3])
        var seen: [String] = []
        let upper = try column.mappingStrings("upper") { seen.append($0); return $0.uppercased() }
        #expect(seen == ["b"])
        #expect(upper.categories == ["B"])
    }

    @Test func aNilResultIsMissing() throws {
        let column = Column.strings("code", ["a-b", "c", nil])
        let second = try column.mappingStrings("split_part") { StringFunctions.splitPart($0, separator: "-", index: 1) }
        #expect(Self.texts(second) == ["b", nil, nil])
    }

    @Test func testsAndMeasuresGiveBoolAndIntColumnsWithMissingRows() throws {
        let column = Column.strings("s", ["abc", nil, "x"])
        let mask = try column.testingStrings("contains") { $0.contains("b") }
        #expect(mask == Column.bools("s", [true, nil, false]))
        let lengths = try column.measuringStrings("len_chars") { $0.count }
        #expect(lengths == Column.integers("s", [3, nil, 1]))
    }

    @Test func aNumberColumnIsATypeError() {
        let column = Column.numeric("age", [1, 2])
        #expect(throws: DataError.typeMismatch("'upper' needs a string column, found the float64 column 'age'")) {
            try column.mappingStrings("upper") { $0 }
        }
    }

    @Test func manyDistinctValuesGiveTheSameResultAsOneThread() throws {
        let values: [String?] = (0..<20_000).map { $0 % 7 == 0 ? nil : "Item-\($0 % 5_000)" }
        let column = Column.strings("v", values)
        let lower = try column.mappingStrings("lower") { $0.lowercased() }
        #expect(Self.texts(lower) == values.map { $0?.lowercased() })
        let parts = try column.mappingStrings("split_part") { StringFunctions.splitPart($0, separator: "-", index: -1) }
        #expect(Self.texts(parts) == values.map { $0.map { String($0.split(separator: "-").last!) } })
    }

    @Test func splitPartCountsFromZeroAndFromTheEnd() {
        #expect(StringFunctions.splitPart("a,b,,c", separator: ",", index: 0) == "a")
        #expect(StringFunctions.splitPart("a,b,,c", separator: ",", index: 2) == "")
        #expect(StringFunctions.splitPart("a,b,,c", separator: ",", index: -1) == "c")
        #expect(StringFunctions.splitPart("a,b,,c", separator: ",", index: 4) == nil)
        #expect(StringFunctions.splitPart("a,b,,c", separator: ",", index: -5) == nil)
    }

    @Test func regexReplacesEveryMatchWithGroups() throws {
        let pattern = try TextPattern("(\\w+)@(\\w+)", for: "replace")
        #expect(pattern.replacingMatches(in: "ana@example.com", with: "$2:$1") == "example:ana.com")
        #expect(pattern.matches("x@y") && !pattern.matches("xy"))
        #expect(throws: DataError.invalidPattern(operation: "replace", pattern: "(")) { try TextPattern("(", for: "replace") }
    }

    @Test func concatenationJoinsPiecesAndMergesEqualResults() throws {
        let a = Column.strings("a", ["a", "ab", nil, "a"])
        let b = Column.strings("b", ["bc", "c", "x", "bc"])
        let joined = try Column.concatenating([.column(a), .column(b)], separator: "", name: "ab")
        #expect(Self.texts(joined) == ["abc", "abc", nil, "abc"])
        #expect(joined.categories == ["abc"])
        let numbers = Column.integers("n", [1, 2, nil, 4])
        let labelled = try Column.concatenating([.text("id"), .column(numbers), .column(a)], separator: "-", name: "id")
        #expect(Self.texts(labelled) == ["id-1-a", "id-2-ab", nil, "id-4-a"])
        #expect(throws: DataError.self) { try Column.concatenating([.column(a), .column(Column.strings("z", ["q"]))], separator: "", name: "") }
    }
}
