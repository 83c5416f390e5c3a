import Foundation
import Store
import Testing
import VM
@testable import Frontend

@Suite("REPL session: what each cell defines and reads")
struct REPLSessionTests {
    func session() -> REPLSession {
        let folder = NSTemporaryDirectory() + "lathe-repl-session-\(UUID().uuidString)"
        return REPLSession(output: CapturedOutput(), workspace: Workspace(root: folder + "/.lathe"), directory: folder)
    }

    @Test func cellsRecordTheirDefinitionsAndReads() {
        let repl = session()
        _ = repl.evaluate("let a = 1\nvar b = 2")
        _ = repl.evaluate("fn f(x) { return x + a }")
        _ = repl.evaluate("f(b)")
        _ = repl.evaluate("let c = _ * 2")
        _ = repl.evaluate("let d = nope")
        #expect(repl.cells.map(\.defines) == [["a", "b"], ["f"], [], ["c"], []])
        #expect(repl.cells.map(\.reads) == [[], ["a"], ["f", "b"], ["_"], []])
        #expect(repl.cells.map(\.succeeded) == [true, true, true, true, false])
    }

    @Test func aFailingCellDefinesOnlyWhatItReached() {
        let repl = session()
        _ = repl.evaluate("let a = 1\nlet b = [1][5]\nlet c = 3")
        #expect(repl.cells.last?.defines == ["a"])
        #expect(repl.cells.last?.succeeded == false)
    }

    @Test func boundValuesAreSeenByLaterCells() {
        let repl = session()
        repl.bind("restored", to: .number(41))
        repl.bind("counter", to: .number(1), kind: .variable)
        let (outcome, _) = repl.evaluate("counter += 1\nrestored + counter")
        #expect(outcome == .ran(shown: "43"))
        #expect(repl.cells.last?.reads == ["restored", "counter"])
        #expect(repl.binding("restored")?.cell == 0)
    }
}
