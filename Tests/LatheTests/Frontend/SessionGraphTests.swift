import Foundation
import Testing
@testable import Frontend

@Suite("REPL session graph: staleness, :rerun plans and :save order")
struct SessionGraphTests {
    @Test func redefiningANameMakesItsDependentsStaleTransitively() {
        var graph = SessionGraph()
        graph.record(source: "let x = 1", cell: 1, reads: [], defines: ["x"], succeeded: true)
        graph.record(source: "let y = x * 2", cell: 2, reads: ["x"], defines: ["y"], succeeded: true)
        graph.record(source: "let z = y + 1", cell: 3, reads: ["y"], defines: ["z"], succeeded: true)
        graph.record(source: "let w = 7", cell: 4, reads: [], defines: ["w"], succeeded: true)
        #expect(graph.staleNames.isEmpty)
        graph.record(source: "let x = 5", cell: 5, reads: [], defines: ["x"], succeeded: true)
        #expect(graph.staleNames == ["y", "z"])
        #expect(graph.staleness(of: "y") == "'x' was redefined")
        #expect(graph.staleness(of: "z") == "'y' is stale")
        #expect(graph.staleness(of: "x") == nil)
    }

    @Test func readingYourOwnOlderSelfIsNotStale() {
        var graph = SessionGraph()
        graph.record(source: "let x = 1", cell: 1, reads: [], defines: ["x"], succeeded: true)
        graph.record(source: "let x = x + 1", cell: 2, reads: ["x"], defines: ["x"], succeeded: true)
        graph.record(source: "let x = x + 1", cell: 3, reads: ["x"], defines: ["x"], succeeded: true)
        #expect(graph.staleNames.isEmpty)
        // One cell that declares x again and reads the old x for another name.
        graph.record(source: "let x = x * 10\nlet y = x", cell: 4, reads: ["x"], defines: ["x", "y"], succeeded: true)
        #expect(graph.staleNames.isEmpty)
    }

    @Test func aFunctionSeesInPlaceChangesButNotRedeclarations() {
        var graph = SessionGraph()
        graph.record(source: "var c = 0", cell: 1, reads: [], defines: ["c"], succeeded: true)
        graph.record(source: "fn bump() { c += 1 }", cell: 2, reads: ["c"], defines: ["bump"], succeeded: true, functions: ["bump"])
        graph.record(source: "let d = c", cell: 3, reads: ["c"], defines: ["d"], succeeded: true)
        // bump() changed c in place: the caller records c as defined and read by that cell.
        graph.record(source: "bump()", cell: 4, reads: ["bump", "c"], defines: ["c"], succeeded: true, mutated: ["c"])
        #expect(graph.staleNames == ["d"])
        #expect(graph.staleness(of: "d") == "'c' changed")
        graph.record(source: "var c = 100", cell: 5, reads: [], defines: ["c"], succeeded: true)
        #expect(graph.staleNames == ["bump", "d"])
    }

    @Test func aProblemMakesTheBindingAndItsDependentsStale() {
        var graph = SessionGraph()
        graph.record(source: "let data = dataset(\"a.csv\")", cell: 1, reads: [], defines: ["data"], succeeded: true)
        graph.record(source: "let n = len(data)", cell: 2, reads: ["data"], defines: ["n"], succeeded: true)
        graph.markProblem("data", "'a.csv' changed")
        #expect(graph.staleNames == ["data", "n"])
        #expect(graph.staleness(of: "data") == "'a.csv' changed")
    }

    @Test func rerunPlanRunsStaleAncestorsFirstAndReadsTheNewestDefinitions() {
        var graph = SessionGraph()
        graph.record(source: "let a = 1", cell: 1, reads: [], defines: ["a"], succeeded: true)      // unit 0
        graph.record(source: "let b = a + 1", cell: 2, reads: ["a"], defines: ["b"], succeeded: true)  // unit 1
        graph.record(source: "let c = b + 1", cell: 3, reads: ["b"], defines: ["c"], succeeded: true)  // unit 2
        graph.record(source: "print(c)", cell: 4, reads: ["c"], defines: [], succeeded: true)         // unit 3
        graph.record(source: "let a = 10", cell: 5, reads: [], defines: ["a"], succeeded: true)     // unit 4
        #expect(graph.rerunPlan(for: "c") == [1, 2])
        #expect(graph.rerunPlan(for: "b") == [1])
        // After b's cell runs again, c still needs its own.
        graph.record(source: "let b = a + 1", cell: 6, reads: ["a"], defines: ["b"], succeeded: true)
        #expect(graph.staleNames == ["c"])
        #expect(graph.staleness(of: "c") == "'b' was redefined")
        #expect(graph.rerunPlan(for: "c") == [2])
    }

    @Test func scriptUnitsKeepOnlyCellsThatMakeLiveBindingsInTheOrderTheyRan() {
        var graph = SessionGraph()
        graph.record(source: "let x = 1", cell: 1, reads: [], defines: ["x"], succeeded: true)          // 0
        graph.record(source: "print(x)", cell: 2, reads: ["x"], defines: [], succeeded: true)           // 1
        graph.record(source: "let y = x * 2", cell: 3, reads: ["x"], defines: ["y"], succeeded: true)   // 2
        graph.record(source: "let t = 3", cell: 4, reads: [], defines: ["t"], succeeded: true)          // 3
        graph.record(source: "let t = 4", cell: 5, reads: [], defines: ["t"], succeeded: true)          // 4
        graph.record(source: "let x = 5", cell: 6, reads: [], defines: ["x"], succeeded: true)          // 5
        graph.record(source: "let q = 1\nfail(\"no\")", cell: 7, reads: [], defines: ["q"], succeeded: false)  // 6
        // y's cell reads the first x, so that cell stays; the first t is replaced and nothing read it.
        #expect(graph.scriptUnits() == [0, 2, 4, 5])
        #expect(graph.namesFromFailedCells == ["q"])
    }

    @Test func restoredDefinitionsAreStaleWhenWhatTheyReadChanged() {
        var graph = SessionGraph()
        var units: [Int: Int] = [:]
        graph.restore(name: "x", source: "let x = 2", unitKey: 0, inputs: [], external: [], provenance: "px",
                      problem: nil, madeAt: Date(), restoredUnits: &units)
        graph.restore(name: "y", source: "let y = x", unitKey: 1, inputs: [(name: "x", provenance: "older")], external: [],
                      provenance: "py", problem: nil, madeAt: Date(), restoredUnits: &units)
        graph.restore(name: "z", source: "let z = x", unitKey: 2, inputs: [(name: "x", provenance: "px")], external: [],
                      provenance: "pz", problem: nil, madeAt: Date(), restoredUnits: &units)
        #expect(graph.staleNames == ["y"])
        #expect(graph.staleness(of: "y") == "'x' changed")
    }
}
