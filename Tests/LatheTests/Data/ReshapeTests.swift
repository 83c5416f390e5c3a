import Testing
@testable import Data

@Suite struct ReshapeTests {
    func frame(_ columns: [Column]) throws -> Frame { try Frame(columns: columns) }

    @Test func concatenatedRowsMatchColumnsByNameAndWidenIntegers() throws {
        let a = try frame([.strings("s", ["x", nil]), .integers("n", [1, nil]), .bools("b", [true, nil])])
        let b = try frame([.numeric("n", [2.5]), .bools("b", [false]), .strings("s", ["y"])])
        let both = try Concatenation.rows([a, Frame(), b])
        #expect(both.columnNames == ["s", "n", "b"])
        #expect(both.texts("s") == ["x", nil, "y"])
        #expect(try both.column(named: "n") == .numeric("n", [1, .nan, 2.5]))
        #expect(both.texts("b") == ["true", nil, "false"])
        let ints = try Concatenation.rows([try frame([.integers("n", [1])]), try frame([.integers("n", [nil, 3])])])
        #expect(try ints.column(named: "n") == .integers("n", [1, nil, 3]))
    }

    @Test func concatenatedCategoriesKeepFirstAppearance() throws {
        let a = try frame([.strings("s", ["b", "a"])])
        let b = try frame([Column(name: "s", storage: .categorical(codes: [1, 0, 1], categories: ["a", "c"]))])
        let both = try Concatenation.rows([a, b])
        #expect(try both.column(named: "s").categories == ["b", "a", "c"])
        #expect(both.texts("s") == ["b", "a", "c", "a", "c"])
    }

    @Test func concatenationRefusesSchemaMismatches() throws {
        let a = try frame([.strings("s", ["x"]), .numeric("n", [1])])
        #expect(throws: DataError.self) { try Concatenation.rows([a, try frame([.strings("s", ["y"])])]) }
        #expect(throws: DataError.self) { try Concatenation.rows([a, try frame([.strings("s", ["y"]), .numeric("n", [1]), .numeric("m", [1])])]) }
        #expect(throws: DataError.self) { try Concatenation.rows([a, try frame([.strings("s", ["y"]), .strings("n", ["1"])])]) }
        #expect(throws: DataError.self) { try Concatenation.rows([a, try frame([.strings("s", ["y"]), .bools("n", [true])])]) }
        #expect(throws: DataError.self) { try Concatenation.columns([a, try frame([.numeric("m", [1, 2])])]) }
        #expect(throws: DataError.self) { try Concatenation.columns([a, try frame([.numeric("n", [1])])]) }
        #expect(try Concatenation.columns([a, try frame([.numeric("m", [2])])]).columnNames == ["s", "n", "m"])
    }

    @Test func castsBetweenTypesKeepingMissing() throws {
        #expect(try Column.numeric("x", [1.9, -1.9, .nan]).cast(to: .int64) == .integers("x", [1, -1, nil]))
        #expect(throws: DataError.self) { try Column.numeric("x", [.infinity]).cast(to: .int64) }
        #expect(throws: DataError.self) { try Column.numeric("x", [1e19]).cast(to: .int64) }
        #expect(try Column.strings("x", [" 2 ", nil, "-3"]).cast(to: .int64) == .integers("x", [2, nil, -3]))
        #expect(throws: DataError.self) { try Column.strings("x", ["2.5"]).cast(to: .int64) }
        #expect(try Column.strings("x", ["TRUE", "0", nil]).cast(to: .bool) == .bools("x", [true, false, nil]))
        #expect(throws: DataError.self) { try Column.strings("x", ["yes"]).cast(to: .bool) }
        #expect(try Column.integers("x", [0, 5, nil]).cast(to: .bool) == .bools("x", [false, true, nil]))
        #expect(try Column.bools("x", [true, nil]).cast(to: .string) == .strings("x", ["true", nil]))
        #expect(try Column.numeric("x", [1, .nan]).cast(to: .string) == .strings("x", ["1.0", nil]))
        #expect(try Column.bools("x", [true, false]).cast(to: .float64) == .numeric("x", [1, 0]))
    }

    @Test func distinctKeepsFirstRowsAndMatchesMissing() throws {
        let data = try frame([.strings("k", ["a", nil, "a", nil]), .numeric("v", [1, .nan, 2, .nan])])
        #expect(try data.distinct().texts("v") == ["1.0", nil, "2.0"])
        #expect(try data.distinct(columns: ["k"]).texts("v") == ["1.0", nil])
        #expect(throws: DataError.self) { try data.distinct(columns: ["nope"]) }
    }

    @Test func sampleWithReplacementIsSeededAndMayRepeat() throws {
        let data = try frame([.numeric("x", (0..<10).map(Double.init))])
        let a = try data.sampleWithReplacement(n: 50, fraction: nil, seed: 9)
        #expect(a == (try data.sampleWithReplacement(n: 50, fraction: nil, seed: 9)))
        #expect(a.rowCount == 50)
        #expect(Set(try a.column(named: "x").asDoubles()!).count < 50)
        #expect(try data.sampleWithReplacement(n: nil, fraction: 1.5, seed: 1).rowCount == 15)
        #expect(throws: DataError.self) { try data.sampleWithReplacement(n: 1, fraction: 0.5, seed: 1) }
    }

    @Test func pivotRefusesClashingRoles() throws {
        let data = try frame([.strings("k", ["a"]), .strings("c", ["x"]), .numeric("v", [1])])
        #expect(throws: DataError.self) { try data.pivot(index: ["k"], columns: "k", values: "v", aggregation: .mean) }
        #expect(throws: DataError.self) { try data.pivot(index: ["k"], columns: "c", values: "k", aggregation: .mean) }
        #expect(throws: DataError.self) { try data.pivot(index: [], columns: "c", values: "v", aggregation: .mean) }
        let clash = try frame([.strings("k", ["a"]), .strings("c", ["k"]), .numeric("v", [1])])
        #expect(throws: DataError.self) { try clash.pivot(index: ["k"], columns: "c", values: "v", aggregation: .sum) }
    }

    @Test func meltRefusesClashingNames() throws {
        let data = try frame([.strings("id", ["a"]), .numeric("x", [1])])
        #expect(throws: DataError.self) { try data.melt(idColumns: ["id"], variableName: "id") }
        #expect(throws: DataError.self) { try data.melt(idColumns: ["id"], variableName: "v", valueName: "v") }
        #expect(try data.melt(idColumns: ["id", "x"]).columnNames == ["id", "x", "variable", "value"])
        #expect(throws: DataError.self) { try data.melt(idColumns: ["id"], valueColumns: ["x", "x"]) }
    }
}

@Suite struct MissingValuesTests {
    @Test func maskMarksEveryKindOfMissing() {
        #expect(Column.numeric("x", [1, .nan]).missingMask == [false, true])
        #expect(Column.integers("x", [nil, 1]).missingMask == [true, false])
        #expect(Column.bools("x", [true, false]).missingMask == [false, false])
        #expect(Column.strings("x", [nil, "a"]).missingMask == [true, false])
    }

    @Test func fillingWithAValueKeepsOrWidensTheType() throws {
        #expect(try Column.integers("x", [1, nil]).fillingMissing(with: .number(0)) == .integers("x", [1, 0]))
        #expect(try Column.integers("x", [1, nil]).fillingMissing(with: .number(0.5)) == .numeric("x", [1, 0.5]))
        #expect(try Column.strings("x", ["a", nil]).fillingMissing(with: .text("a")) == .strings("x", ["a", "a"]))
        #expect(try Column.bools("x", [nil]).fillingMissing(with: .bool(true)) == .bools("x", [true]))
        #expect(throws: DataError.self) { try Column.bools("x", [nil]).fillingMissing(with: .number(1)) }
        #expect(throws: DataError.self) { try Column.numeric("x", [.nan]).fillingMissing(with: .text("0")) }
    }

    @Test func strategiesFillLikePandas() throws {
        let x = Column.integers("x", [nil, 2, nil, 4, nil])
        #expect(try x.fillingMissing(strategy: .forward) == .integers("x", [nil, 2, 2, 4, 4]))
        #expect(try x.fillingMissing(strategy: .backward) == .integers("x", [2, 2, 4, 4, nil]))
        #expect(try x.fillingMissing(strategy: .mean) == .numeric("x", [3, 2, 3, 4, 3]))
        // Ties go to the smallest value, as pandas' mode()[0].
        #expect(try Column.strings("s", ["b", "a", nil, "b", "a"]).fillingMissing(strategy: .mode).texts == ["b", "a", "a", "b", "a"])
        #expect(try Column.numeric("x", [.nan, .nan]).fillingMissing(strategy: .median) == .numeric("x", [.nan, .nan]))
        #expect(throws: DataError.self) { try Column.strings("s", ["a"]).fillingMissing(strategy: .mean) }
    }

    @Test func framesFillTheColumnsAValueFits() throws {
        let data = try Frame(columns: [.numeric("x", [.nan]), .strings("s", [nil])])
        let filled = try data.fillingMissing(with: .number(0))
        #expect(filled.texts("x") == ["0.0"] && filled.texts("s") == [nil])
        #expect(throws: DataError.self) { try data.fillingMissing(with: .number(0), columns: ["s"]) }
        #expect(try data.fillingMissing(strategy: .median).texts("s") == [nil])
        #expect(throws: DataError.self) { try data.fillingMissing(strategy: .median, columns: ["s"]) }
    }

    @Test func droppingMissingByAnyOrAll() throws {
        let data = try Frame(columns: [.numeric("x", [1, .nan, .nan]), .strings("s", ["a", "b", nil])])
        #expect(try data.droppingMissing().rowCount == 1)
        #expect(try data.droppingMissing(.all).rowCount == 2)
        #expect(try data.droppingMissing(.any, columns: ["s"]).rowCount == 2)
        #expect(throws: DataError.self) { try data.droppingMissing(columns: ["nope"]) }
    }
}

extension Column {
    fileprivate var texts: [String?] { (0..<count).map { isMissing($0) ? nil : formatted(at: $0) } }
}
