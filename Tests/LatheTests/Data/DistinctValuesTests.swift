import Testing
@testable import Data

@Suite struct DistinctValuesTests {
    @Test func uniqueKeepsFirstAppearanceAndMissingOnce() {
        let column = Column.strings("s", ["b", nil, "a", "b", nil])
        #expect(column.unique() == Column.strings("s", ["b", nil, "a"]))
        #expect(Column.numeric("x", [2, 1, 2, -0.0, 0]).unique() == Column.numeric("x", [2, 1, -0.0]))
    }

    @Test func valueCountsAreMostFrequentFirstWithShares() throws {
        let column = Column.strings("s", ["b", nil, "a", "a", "c", "b", "a"])
        let counts = try column.valueCounts()
        #expect(counts.columnNames == ["s", "count", "share"])
        // a: 3, b: 2, c: 1; the missing row is left out of the shares.
        #expect(counts.texts("s") == ["a", "b", "c"])
        #expect(counts.texts("count") == ["3", "2", "1"])
        #expect(try counts.column(named: "share").asDoubles()! == [0.5, 2.0 / 6, 1.0 / 6])
        let withMissing = try column.valueCounts(dropMissing: false)
        #expect(withMissing.texts("s") == ["a", "b", nil, "c"])
    }

    @Test func tiesKeepFirstAppearanceAndEmptyColumnsGiveNoRows() throws {
        #expect(try Column.integers("", [3, 1, 1, 3]).valueCounts().texts("value") == ["3", "1"])
        let empty = try Column.numeric("x", []).valueCounts()
        #expect(empty.rowCount == 0 && empty.columnNames == ["x", "count", "share"])
    }
}
