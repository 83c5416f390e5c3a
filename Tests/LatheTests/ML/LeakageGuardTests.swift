import Testing
import Data
import Numeric
@testable import ML

/// Issue 8 part 15: the leakage guard decides by row identity for parts of the same split or
/// kfold, and by value only for data of another origin.
@Suite("ML: leakage guard")
struct LeakageGuardTests {
    /// 40 rows where every row appears twice (rows i and i + 20 are equal).
    static func duplicated() throws -> Frame {
        let x = (0..<40).map { Double($0 % 20) }
        return try Frame(columns: [.numeric("x", x), .numeric("z", x.map { $0 * $0 }),
                                   .strings("label", x.map { $0 < 10 ? "a" : "b" })])
    }

    @Test func splitPartsRecordTheirSourceRows() throws {
        let frame = try Self.duplicated()
        let parts = try Splitter.split(frame, testFraction: 0.25, seed: 3)
        let train = try #require(parts.train.origin), test = try #require(parts.test.origin)
        #expect(train.source === test.source)
        #expect(Set(train.rows).isDisjoint(with: test.rows) && train.rows.count + test.rows.count == 40)
        #expect(parts.test == frame.take(test.rows))
        // Row selections and column selections keep the origin, mapped through.
        let picked = try parts.test.select(["x"]).head(3)
        #expect(picked.origin?.rows == Array(test.rows.prefix(3)))
        for fold in try Splitter.kfold(frame, k: 4, seed: 1) {
            #expect(fold.train.origin?.source === fold.test.origin?.source)
        }
    }

    @Test func honestPartsOfDuplicatedDataAreOnlyWarnedAbout() throws {
        let frame = try Self.duplicated()
        let parts = try Splitter.split(frame, testFraction: 0.25, seed: 3)
        let model = try MLFixtures.train(try MLFixtures.spec("logistic"), parts.train, target: "label")
        guard case .none(let duplicates) = model.leakage(in: parts.test) else {
            Issue.record("an honest split was refused: \(model.leakage(in: parts.test))")
            return
        }
        #expect(duplicates > 0)  // every row has a twin, some twins are in the training part
        #expect(model.leakage(in: parts.train) == .trainedRows(30))
        #expect(model.leakage(in: parts.train.head(4)) == .trainedRows(4))
    }

    @Test func dataOfAnotherOriginIsComparedByValue() throws {
        let frame = try Self.duplicated()
        let parts = try Splitter.split(frame, testFraction: 0.25, seed: 3)
        let model = try MLFixtures.train(try MLFixtures.spec("logistic"), parts.train, target: "label")
        // The same cells as two training rows, in a frame built anew: no common origin.
        let other = try Frame(columns: parts.train.head(2).columns)
        #expect(other.origin == nil)
        #expect(model.leakage(in: other) == .sameValues(2))
        let fresh = try Frame(columns: [.numeric("x", [100]), .numeric("z", [5]), .strings("label", ["b"])])
        #expect(model.leakage(in: fresh) == .none(duplicates: 0))
    }

    @Test func aModelTrainedOnAWholeFrameKnowsThoseRows() throws {
        let frame = try Self.duplicated()
        let model = try MLFixtures.train(try MLFixtures.spec("logistic"), frame, target: "label")
        #expect(model.leakage(in: frame) == .trainedRows(40))
        #expect(MLError.evaluatingTrainedRows(count: 40, rows: 40).message == "40 of the 40 evaluation rows were used to train this model")
        #expect(MLError.evaluatingTrainingValues(count: 3).message == "3 evaluation rows have the same values as training rows")
    }

    @Test func theOriginSurvivesTheModelFile() throws {
        let frame = try Self.duplicated()
        let parts = try Splitter.split(frame, testFraction: 0.25, seed: 5)
        let model = try MLFixtures.train(try MLFixtures.spec("logistic"), parts.train, target: "label")
        let loaded = try ModelCodec.decode(try ModelCodec.encode(model), registry: MLFixtures.registry)
        #expect(loaded.lineage.origin == model.lineage.origin)
        #expect(loaded.leakage(in: parts.train) == .trainedRows(30))
        if case .none = loaded.leakage(in: parts.test) {} else { Issue.record("the test part was refused after loading") }
    }
}
