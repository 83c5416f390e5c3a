import Testing
@testable import Frontend

@Suite("REPL: input completeness and meta-commands")
struct REPLInputTests {
    @Test(arguments: [
        "let x = [1, 2,",
        "fn f(a) {",
        "fn f(a) {\n  return a",
        "print(1,\n  2",
        "{a: 1,",
        "1 +",
        "let x =",
        "if true {\n  print(1)\n} else {",
    ])
    func incompleteInputsContinue(_ text: String) {
        #expect(InputCompleteness.needsMoreInput(text))
    }

    @Test(arguments: [
        "",
        "   ",
        "let x = 1",
        "x + 1",
        "fn f(a) {\n  return a\n}",
        "print(\"(\")",
        "\"unterminated",  // strings end on their line: an error now, not a continuation
        "let x = )",       // a closing bracket too many never balances
        "let = 3",         // an error before the end of the input
        "# a comment {",
    ])
    func completeOrHopelessInputsRun(_ text: String) {
        #expect(!InputCompleteness.needsMoreInput(text))
    }

    @Test func parsesEachCommand() throws {
        #expect(try MetaCommand.parse(":help") == .help(nil))
        #expect(try MetaCommand.parse(":help split") == .help("split"))
        #expect(try MetaCommand.parse("  :who  ") == .who)
        #expect(try MetaCommand.parse(":type 1 + 2") == .type("1 + 2"))
        #expect(try MetaCommand.parse(":time train(spec, data)") == .time("train(spec, data)"))
        #expect(try MetaCommand.parse(":history") == .history(nil))
        #expect(try MetaCommand.parse(":history train") == .history("train"))
        #expect(try MetaCommand.parse(":load lib/a b.mlx") == .load("lib/a b.mlx"))
        #expect(try MetaCommand.parse(":reset") == .reset)
        #expect(try MetaCommand.parse(":models") == .models)
        #expect(try MetaCommand.parse(":runs") == .runs)
        #expect(try MetaCommand.parse(":quit") == .quit)
        #expect(try MetaCommand.parse(":q") == .quit)
        #expect(try MetaCommand.parse(":ir f(1)") == .ir("f(1)"))
        #expect(try MetaCommand.parse(":save out.mlx") == .save("out.mlx"))
        #expect(try MetaCommand.parse(":rerun model") == .rerun("model"))
        #expect(throws: MetaCommand.ParseError.missingArgument(name: "rerun", usage: ":rerun name")) { try MetaCommand.parse(":rerun") }
    }

    @Test func unknownCommandSuggestsTheClosest() {
        #expect(throws: MetaCommand.ParseError.unknown(name: "hlep", suggestion: "help")) { try MetaCommand.parse(":hlep") }
        #expect(throws: MetaCommand.ParseError.unknown(name: "zzzzzz", suggestion: nil)) { try MetaCommand.parse(":zzzzzz") }
    }

    @Test func argumentsAreCheckedAgainstTheUsage() {
        #expect(throws: MetaCommand.ParseError.missingArgument(name: "type", usage: ":type expr")) { try MetaCommand.parse(":type") }
        #expect(throws: MetaCommand.ParseError.missingArgument(name: "load", usage: ":load file.mlx")) { try MetaCommand.parse(":load  ") }
        #expect(throws: MetaCommand.ParseError.unexpectedArgument(name: "who")) { try MetaCommand.parse(":who x") }
    }

    @Test func onlyLinesStartingWithAColonAreCommands() {
        #expect(MetaCommand.isMetaCommand(":who"))
        #expect(MetaCommand.isMetaCommand("  :who"))
        #expect(!MetaCommand.isMetaCommand("x = {a: 1}"))
    }
}
