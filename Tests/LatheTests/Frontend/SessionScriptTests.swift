import Testing
@testable import Frontend

@Suite("REPL :save: the script text")
struct SessionScriptTests {
    @Test func cellsAreSeparatedAndHeaded() {
        let text = SessionScript.render(cells: ["let a = 1", "fn f() { return a }"], header: ["Saved."])
        #expect(text == "# Saved.\n\n# %%\nlet a = 1\n\n# %%\nfn f() { return a }\n")
    }

    @Test func aNameDeclaredTwiceBecomesOneVar() {
        let text = SessionScript.render(cells: ["let x = 1\nlet y = 2", "let x = x + 1", "var x = x * 3\nprint(x)"], header: [])
        #expect(text == "\n# %%\nvar x = 1\nlet y = 2\n\n# %%\nx = x + 1\n\n# %%\nx = x * 3\nprint(x)\n")
    }

    @Test func localDeclarationsAndFunctionsAreLeftAlone() {
        let cells = ["fn g() {\n  let t = 1\n  return t\n}", "let t = 2"]
        #expect(SessionScript.render(cells: cells, header: []) == "\n# %%\n" + cells[0] + "\n\n# %%\n" + cells[1] + "\n")
    }
}
