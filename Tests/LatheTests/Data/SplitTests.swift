import Testing
@testable import Data

@Suite struct SplitTests {
    /// 100 rows: `id` 0..<100 and `label` with classes a (50), b (30), c (20), interleaved.
    func frame() throws -> Frame {
        let labels = (0..<100).map { i -> String? in i % 10 < 5 ? "a" : i % 10 < 8 ? "b" : "c" }
        return try Frame(columns: [.integers("id", (0..<100).map { Int64($0) }), .strings("label", labels)])
    }

    func ids(_ frame: Frame) -> [String] { frame.texts("id").map { $0! } }

    @Test func splitIsDeterministicAndPartitionsTheRows() throws {
        let data = try frame()
        let first = try Splitter.split(data, testFraction: 0.25, seed: 42, stratifyBy: nil)
        let again = try Splitter.split(data, testFraction: 0.25, seed: 42, stratifyBy: nil)
        let other = try Splitter.split(data, testFraction: 0.25, seed: 43, stratifyBy: nil)
        #expect(first.train == again.train && first.test == again.test)
        #expect(first.test != other.test)
        #expect(first.test.rowCount == 25)
        #expect(first.train.rowCount == 75)
        #expect(Set(ids(first.train) + ids(first.test)).count == 100)
    }

    @Test func testSizeRoundsUpLikeScikitLearn() throws {
        let data = try frame().head(7)
        #expect(try Splitter.split(data, testFraction: 0.2, seed: 1, stratifyBy: nil).test.rowCount == 2)
        #expect(throws: DataError.self) { try Splitter.split(data, testFraction: 0, seed: 1, stratifyBy: nil) }
        #expect(throws: DataError.self) { try Splitter.split(data, testFraction: 1, seed: 1, stratifyBy: nil) }
        #expect(throws: DataError.self) { try Splitter.split(data.head(1), testFraction: 0.5, seed: 1, stratifyBy: nil) }
    }

    @Test func stratifiedSplitKeepsClassProportions() throws {
        let data = try frame()
        let label = try data.column(named: "label")
        let parts = try Splitter.split(data, testFraction: 0.2, seed: 7, stratifyBy: label)
        func counts(_ f: Frame) -> [String: Int] {
            Dictionary(f.texts("label").map { ($0!, 1) }, uniquingKeysWith: +)
        }
        #expect(counts(parts.test) == ["a": 10, "b": 6, "c": 4])
        #expect(counts(parts.train) == ["a": 40, "b": 24, "c": 16])
        let again = try Splitter.split(data, testFraction: 0.2, seed: 7, stratifyBy: label)
        #expect(parts.test == again.test)
        // Uneven shares go to the largest remainders: 9 test rows of 50/30/20 (shares 4.5/2.7/1.8) → 4/3/2.
        let nine = try Splitter.split(data, testFraction: 0.09, seed: 7, stratifyBy: label)
        #expect(counts(nine.test) == ["a": 4, "b": 3, "c": 2])
        // As in scikit-learn, 0.07 × 100 is 7.000000000000001 in floating point: 8 test rows.
        #expect(try Splitter.split(data, testFraction: 0.07, seed: 7, stratifyBy: label).test.rowCount == 8)
        #expect(throws: DataError.self) {
            try Splitter.split(data, testFraction: 0.2, seed: 7, stratifyBy: .strings("s", ["a", nil]))
        }
    }

    /// Issue 14: a continuous column stratified by mistake used to split silently.
    @Test func stratifyingOnAClassOfOneRowIsRefused() throws {
        let data = try frame()
        let continuous = Column.numeric("y", (0..<100).map { Double($0) / 7 })
        #expect(throws: DataError.stratifyClassTooSmall(column: "y", value: "0.0", classes: 100)) {
            try Splitter.split(data, testFraction: 0.2, seed: 1, stratifyBy: continuous)
        }
        #expect(throws: DataError.stratifyClassTooSmall(column: "y", value: "0.0", classes: 100)) {
            try Splitter.kfold(data, k: 5, seed: 1, stratifyBy: continuous)
        }
        // Cross-validation stratifies a classifier's target itself and keeps tolerating it.
        #expect(try Splitter.kfold(data, k: 5, seed: 1, stratifyBy: continuous, allowingSingletons: true).count == 5)
    }

    @Test func kfoldCoversEveryRowOnce() throws {
        let data = try frame().head(23)
        let folds = try Splitter.kfold(data, k: 5, seed: 3, stratifyBy: nil)
        #expect(folds.count == 5)
        let tests = folds.flatMap { ids($0.test) }
        #expect(tests.count == 23)
        #expect(Set(tests).count == 23)
        #expect(folds.map(\.test.rowCount).sorted() == [4, 4, 5, 5, 5])
        for fold in folds {
            #expect(fold.train.rowCount + fold.test.rowCount == 23)
            #expect(Set(ids(fold.train)).isDisjoint(with: ids(fold.test)))
        }
        let again = try Splitter.kfold(data, k: 5, seed: 3, stratifyBy: nil)
        #expect(zip(folds, again).allSatisfy { $0.test == $1.test })
        #expect(throws: DataError.self) { try Splitter.kfold(data, k: 1, seed: 3, stratifyBy: nil) }
        #expect(throws: DataError.self) { try Splitter.kfold(data, k: 24, seed: 3, stratifyBy: nil) }
    }

    @Test func stratifiedKfoldBalancesClasses() throws {
        let data = try frame()
        let folds = try Splitter.kfold(data, k: 5, seed: 1, stratifyBy: try data.column(named: "label"))
        #expect(Set(folds.flatMap { ids($0.test) }).count == 100)
        for fold in folds {
            let labels = fold.test.texts("label")
            #expect(labels.filter { $0 == "a" }.count == 10)
            #expect(labels.filter { $0 == "b" }.count == 6)
            #expect(labels.filter { $0 == "c" }.count == 4)
        }
    }
}
