import Foundation
import Runtime
import Store
import Testing
import VM
@testable import Frontend

@Suite("REPL session tracker: saving and restoring with provenance")
struct SessionTrackerTests {
    /// A session and its tracker in `folder`, saving into the workspace there.
    func open(_ folder: String, runtime: String) -> (REPLSession, SessionTracker) {
        let session = REPLSession(output: CapturedOutput(), workspace: Workspace(root: folder + "/.lathe"), directory: folder)
        let store = SessionStore(context: session.context, directory: folder, warn: { Issue.record("store warning: \($0)") })
        return (session, SessionTracker(session: session, store: store, directory: folder, runtime: runtime))
    }

    func run(_ text: String, _ session: REPLSession, _ tracker: SessionTracker) {
        _ = session.evaluate(text)
        tracker.recordNewCells()
    }

    @Test func aNewRuntimeMakesEverySavedValueStaleButKeepsIt() {
        let folder = NSTemporaryDirectory() + "lathe-tracker-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (first, firstTracker) = open(folder, runtime: "1.0")
        run("let x = 1", first, firstTracker)
        run("let y = x + 1", first, firstTracker)

        let (same, sameTracker) = open(folder, runtime: "1.0")
        #expect(sameTracker.restore() == SessionTracker.Restored(restored: 2, stale: 0))
        #expect(same.binding("y")?.value.map(same.display) == "2")

        let (newer, newerTracker) = open(folder, runtime: "2.0")
        #expect(newerTracker.restore() == SessionTracker.Restored(restored: 2, stale: 2))
        #expect(newerTracker.graph.staleness(of: "x") == "the runtime changed from 1.0 to 2.0")
        #expect(newer.binding("y")?.value.map(newer.display) == "2")
    }

    @Test func aValueWithNoSavedFormIsKnownButNotBoundUntilRerun() {
        let folder = NSTemporaryDirectory() + "lathe-tracker-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (first, firstTracker) = open(folder, runtime: "1.0")
        run("let r = 0..<3", first, firstTracker)
        let (second, secondTracker) = open(folder, runtime: "1.0")
        #expect(secondTracker.restore() == SessionTracker.Restored(restored: 0, stale: 1))
        #expect(second.binding("r") == nil)
        #expect(secondTracker.unrestored["r"] != nil)
        #expect(secondTracker.hints(forUnrestoredNamesIn: "len(r)").contains(":rerun r recomputes it"))
        #expect(secondTracker.graph.rerunPlan(for: "r").count == 1)
    }
}
