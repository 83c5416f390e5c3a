import Testing
import Numeric
@testable import Data

@Suite struct FrameTests {
    func sample() throws -> Frame {
        try Frame(columns: [
            .numeric("age", [31, .nan, 27, 45]),
            .integers("n", [1, 2, nil, 4]),
            .bools("ok", [true, nil, false, true]),
            .strings("city", ["oslo", "rome", nil, "oslo"]),
        ])
    }

    @Test func columnBasics() throws {
        let frame = try sample()
        let age = try frame.column(named: "age")
        #expect(age.type == .float64)
        #expect(age.count == 4)
        #expect(age.isMissing(1))
        #expect(age.missingCount == 1)
        let n = try frame.column(named: "n")
        #expect(n.asDoubles()!.map { $0.isNaN ? -1 : $0 } == [1, 2, -1, 4])
        #expect(try frame.column(named: "ok").asDoubles()!.map { $0.isNaN ? -1 : $0 } == [1, -1, 0, 1])
        let city = try frame.column(named: "city")
        #expect(city.asDoubles() == nil)
        #expect(city.string(at: 0) == "oslo")
        #expect(city.string(at: 2) == nil)
        #expect(city.categories == ["oslo", "rome"])
        #expect(city.missingCount == 1)
    }

    @Test func columnRowSelection() throws {
        let n = Column.integers("n", [1, nil, 3, 4])
        #expect(n.take([3, 0, 0]) == Column.integers("n", [4, 1, 1]))
        if case .int64(_, let valid) = n.take([0, 2]).storage { #expect(valid == nil) }
        #expect(n.filter([false, true, true, false]) == Column.integers("n", [nil, 3]))
        #expect(n.slice(1..<3) == Column.integers("n", [nil, 3]))
        let city = Column.strings("c", ["a", "b", nil])
        #expect(city.take([2, 1]) == Column.strings("c", [nil, "b"]))
    }

    @Test func maskIndicesKeepTheTrueRowsInOrder() {
        #expect(Column.indices(of: []) == [])
        #expect(Column.indices(of: [false, false, false]) == [])
        #expect(Column.indices(of: [true, true, true]) == [0, 1, 2])
        #expect(Column.indices(of: [false, true, false, true, true, false]) == [1, 3, 4])
        var generator = SystemRandomNumberGenerator()
        let mask = (0..<10_001).map { _ in Bool.random(using: &generator) }
        #expect(Column.indices(of: mask) == mask.indices.filter { mask[$0] })
    }

    @Test func equalityIsByValue() {
        #expect(Column.numeric("x", [.nan, 1]) == Column.numeric("x", [.nan, 1]))
        #expect(Column(name: "x", storage: .int64([5, 1], valid: [false, true]))
                == Column(name: "x", storage: .int64([0, 1], valid: [false, true])))
        #expect(Column(name: "x", storage: .int64([1], valid: [true])) == Column(name: "x", storage: .int64([1], valid: nil)))
        #expect(Column(name: "s", storage: .categorical(codes: [0, 1], categories: ["a", "b"]))
                == Column(name: "s", storage: .categorical(codes: [1, 0], categories: ["b", "a"])))
        #expect(Column.numeric("x", [1]) != Column.numeric("y", [1]))
        #expect(Column.numeric("x", [1]) != Column.integers("x", [1]))
    }

    @Test func frameInvariants() throws {
        #expect(throws: DataError.invalidArgument("duplicate column name 'a'")) {
            try Frame(columns: [.numeric("a", [1]), .numeric("a", [2])])
        }
        #expect(throws: DataError.self) { try Frame(columns: [.numeric("a", [1]), .numeric("b", [1, 2])]) }
        let frame = try sample()
        #expect(frame.shape == (4, 4) as (Int, Int))
        #expect(frame.columnNames == ["age", "n", "ok", "city"])
        #expect(Frame().shape == (0, 0) as (Int, Int))
    }

    @Test func unknownColumnSuggestsTheClosestName() throws {
        let frame = try sample()
        #expect(throws: DataError.unknownColumn(name: "citty", available: ["age", "n", "ok", "city"])) {
            try frame.column(named: "citty")
        }
        let error = DataError.unknownColumn(name: "citty", available: ["age", "n", "ok", "city"])
        #expect(error.description == "unknown column 'citty'")
        #expect(error.hint == "did you mean 'city'? columns: age, n, ok, city")
        #expect(DataError.unknownColumn(name: "zzzzzz", available: ["a"]).hint == "columns: a")
        #expect(DataError.unknownColumn(name: "AGE", available: ["age"]).hint == "did you mean 'age'? columns: age")
    }

    @Test func selectDropWith() throws {
        let frame = try sample()
        #expect(try frame.select(["city", "age"]).columnNames == ["city", "age"])
        #expect(try frame.drop(["n", "ok"]).columnNames == ["age", "city"])
        #expect(throws: DataError.self) { try frame.drop(["nope"]) }
        let added = try frame.with(.numeric("double", [1, 2, 3, 4]))
        #expect(added.columnNames.last == "double")
        let replaced = try frame.with(.numeric("n", [0, 0, 0, 0]))
        #expect(replaced.columnNames == frame.columnNames)
        #expect(try replaced.column(named: "n").type == .float64)
        #expect(throws: DataError.self) { try frame.with(.numeric("short", [1])) }
        #expect(try frame.renamed(["age": "years"]).columnNames.first == "years")
    }

    @Test func rowOperations() throws {
        let frame = try sample()
        let filtered = try frame.filter([true, false, false, true])
        #expect(filtered.rowCount == 2)
        #expect(filtered.texts("city") == ["oslo", "oslo"])
        #expect(throws: DataError.self) { try frame.filter([true]) }
        #expect(frame.take([3, 3]).texts("n") == ["4", "4"])
        #expect(frame.head(2).texts("n") == ["1", "2"])
        #expect(frame.tail(2).texts("n") == [nil, "4"])
        #expect(frame.head(10).rowCount == 4)
        #expect(frame.head(-1).rowCount == 3)
        #expect(frame.tail(0).rowCount == 0)
    }

    @Test func sampleAndShuffleAreSeeded() throws {
        let frame = try Frame(columns: [.integers("i", (0..<100).map { Int64($0) })])
        let a = try frame.sample(n: 10, fraction: nil, seed: 5)
        let b = try frame.sample(n: 10, fraction: nil, seed: 5)
        let c = try frame.sample(n: 10, fraction: nil, seed: 6)
        #expect(a == b)
        #expect(a != c)
        #expect(Set(a.texts("i")).count == 10)
        #expect(try frame.sample(n: nil, fraction: 0.25, seed: 1).rowCount == 25)
        #expect(throws: DataError.self) { try frame.sample(n: 101, fraction: nil, seed: 1) }
        #expect(throws: DataError.self) { try frame.sample(n: 1, fraction: 0.5, seed: 1) }
        #expect(throws: DataError.self) { try frame.sample(n: nil, fraction: 1.5, seed: 1) }
        let shuffled = frame.shuffled(seed: 9)
        #expect(shuffled == frame.shuffled(seed: 9))
        #expect(shuffled != frame)
        #expect(Set(shuffled.texts("i")) == Set(frame.texts("i")))
    }

    @Test func typeNamesAndDescription() throws {
        #expect(ColumnType(name: "Integer") == .int64)
        #expect(ColumnType(name: "category") == .string)
        #expect(ColumnType(name: "float") == .float64)
        #expect(ColumnType(name: "date") == .datetime)
        #expect(ColumnType(name: "when") == nil)
        #expect(try sample().description == FrameFormatter.render(try sample()))
    }
}

@Suite struct FrameTensorTests {
    @Test func framesBecomeTensorsAndBack() throws {
        let frame = try Frame(columns: [
            .numeric("x", [1, .nan]), .integers("n", [3, nil]), .bools("b", [true, false]), .strings("s", ["a", "b"]),
        ])
        let m = try frame.matrix(["x", "n", "b"])
        #expect(m.shape == [2, 3])
        #expect(m.storage[0...2] == [1, 3, 1])
        #expect(m.storage[3].isNaN && m.storage[4].isNaN && m.storage[5] == 0)
        #expect(throws: DataError.self) { try frame.matrix() }
        #expect(throws: DataError.self) { try frame.matrix(["nope"]) }
        #expect(try frame.column(named: "n").tensor().shape == [2])
        #expect(Column.numeric("t", Tensor([1, 2])) == .numeric("t", [1, 2]))
        #expect(try frame.filter(Mask([false, true])).rowCount == 1)
    }
}
