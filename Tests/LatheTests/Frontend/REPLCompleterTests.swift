import Foundation
import Store
import Testing
import VM
@testable import Frontend

@Suite("REPL completion: named parameters, fields, model names")
struct REPLCompleterTests {
    func session(_ folder: String = NSTemporaryDirectory() + "lathe-completer-\(UUID().uuidString)") -> REPLSession {
        REPLSession(output: CapturedOutput(), workspace: Workspace(root: folder + "/.lathe"), directory: folder)
    }

    @Test func aBuiltinsNamedParametersInsideItsCall() {
        let completer = REPLCompleter(session: session())
        let offered = completer.completions(line: "train(spec, data, val", word: "val")
        #expect(offered.first == "validation:", "\(offered)")
        let all = completer.completions(line: "train(spec, data, ", word: "")
        #expect(all.contains("target:") && all.contains("prep:"), "\(all)")
        #expect(!all.contains("spec:"), "required parameters are given by position: \(all)")
        // One already given is not offered again.
        let rest = completer.completions(line: "train(spec, data, target: \"y\", ", word: "")
        #expect(!rest.contains("target:") && rest.contains("task:"), "\(rest)")
    }

    @Test func theInnermostOpenCallCounts() {
        #expect(REPLCompleter.openCall(in: "print(head(ds, ")?.callee == "head")
        #expect(REPLCompleter.openCall(in: "print(head(ds), ")?.callee == "print")
        #expect(REPLCompleter.openCall(in: "f(\"(\", ")?.callee == "f")
        #expect(REPLCompleter.openCall(in: "[1, ") == nil)
        #expect(REPLCompleter.openCall(in: "x + 1") == nil)
    }

    @Test func aSessionFunctionsNamedParameters() {
        let repl = session()
        _ = repl.evaluate("fn scale(x, by: 2, offset: 0) { return x * by + offset }")
        let offered = REPLCompleter(session: repl).completions(line: "scale(3, o", word: "o")
        #expect(offered.first == "offset:", "\(offered)")
    }

    @Test func registeredModelNamesInsideModelQuotes() {
        let folder = NSTemporaryDirectory() + "lathe-completer-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let empty = REPLCompleter(session: session(folder))
        #expect(empty.completions(line: "model(\"", word: "").isEmpty, "no store, no names")
        let repl = session(folder)
        let (outcome, _) = repl.evaluate("""
            let m = train(forest(trees: 2, seed: 1), make_classification(n: 40, seed: 1))
            register(m, "churn")
            register(m, "credit")
            """)
        guard case .ran = outcome else {
            Issue.record("training and registering failed: \(outcome)")
            return
        }
        let completer = REPLCompleter(session: repl)
        #expect(completer.completions(line: "let m2 = model(\"", word: "") == ["churn", "credit"])
        #expect(completer.completions(line: "model(\"ch", word: "ch") == ["churn"])
        #expect(REPLCompleter.modelNamePrefix("model(\"churn\")") == nil)
    }
}
