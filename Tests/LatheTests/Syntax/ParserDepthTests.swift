import Testing
import Syntax

// Issue 8, defect 2: a chain such as `1 + 1 + …` is parsed in a loop, but its tree is as deep
// as the chain is long. The parser measures every expression without recursion and refuses
// one deeper than `Parser.maxTreeDepth`, so no later pass sees it. These run on the test's
// own thread (not the compiler's large stack): measuring and freeing must not recurse.

private func parse(_ text: String) -> (program: SourceProgram, diagnostics: [Diagnostic]) {
    let file = SourceFile(id: 5, path: "deep.mlx", text: text)
    let result = Parser.parse(file: file)
    return (result.program, result.diagnostics)
}

@Suite("Syntax: tree depth limit")
struct ParserDepthTests {
    @Test("a chain under the limit parses without diagnostics")
    func chainUnderTheLimit() {
        let parsed = parse("let x = 1" + String(repeating: " + 1", count: 10_000) + "\n")
        #expect(parsed.diagnostics.isEmpty)
        guard case .binding(_, _, let value)? = parsed.program.statements.first?.kind,
              case .binary = value.kind else {
            Issue.record("expected a binding of a binary chain")
            return
        }
    }

    @Test("a chain past the limit is E0019 at its start and becomes an invalid expression",
          arguments: [" + 1", " and x", " |> f", ".a", "[0]", "(1)"])
    func chainPastTheLimit(link: String) {
        let parsed = parse("let y = x" + String(repeating: link, count: Parser.maxTreeDepth + 10) + "\nlet z = 2\n")
        #expect(parsed.diagnostics.count == 1)
        #expect(parsed.diagnostics.first?.code == "E0019")
        #expect(parsed.diagnostics.first?.message == "expression nested too deeply")
        #expect(parsed.program.statements.count == 2)
        guard case .binding(_, let name, let value)? = parsed.program.statements.first?.kind else {
            Issue.record("expected the binding to survive")
            return
        }
        #expect(name.name == "y")
        if case .invalid = value.kind {} else { Issue.record("expected .invalid, found \(value.kind)") }
    }

    @Test("the depth counts the blocks around an expression")
    func depthIncludesStatements() {
        // At the top level this chain fits (the CLI tests run one this deep); inside three blocks
        // it does not. An accepted tree this deep is not built here: freeing it recurses, which
        // only the compiler's large stack allows.
        let chain = "x" + String(repeating: " + 1", count: Parser.maxTreeDepth - 4)
        let nested = parse("fn f(x) {\n  if true {\n    while true {\n      return \(chain)\n    }\n  }\n}\n")
        #expect(nested.diagnostics.first?.code == "E0019")
    }
}
