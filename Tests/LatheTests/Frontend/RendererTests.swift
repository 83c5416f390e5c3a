import Foundation
import LatheCore
import Testing
@testable import Frontend
import Runtime
@testable import VM
import Syntax

/// A span covering the first occurrence of `needle` in `text` (UTF-8 offsets).
private func span(of needle: String, in text: String, file: SourceFileID) -> SourceSpan {
    guard let range = text.range(of: needle) else { return .unknown }
    let start = text.utf8.distance(from: text.utf8.startIndex, to: range.lowerBound)
    return SourceSpan(file: file, start: start, end: start + needle.utf8.count)
}

/// A code for hand-built diagnostics; the renderer does not print codes.
private let testCode = ErrorCode("E9999", "test diagnostic", explanation: "Only for tests.", example: "")

private func spaces(_ count: Int) -> String { String(repeating: " ", count: count) }

private func plain(_ sources: SourceManager) -> DiagnosticRenderer {
    DiagnosticRenderer(sources: sources, colored: false)
}

@Suite("DiagnosticRenderer")
struct RendererTests {
    // MARK: Compile diagnostics

    @Test func rendersHeadlineSnippetCaretAndHint() throws {
        let compilation = LatheUnit.compile("let count = 1\nprint(cuont)\n")
        let diagnostic = try #require(compilation.diagnostics.first)
        let text = plain(compilation.sources).render(diagnostic)
        #expect(text == """
            test.mlx:2:7: error: undefined name 'cuont'
             2 | print(cuont)
               |       ^~~~~
              hint: did you mean 'count'?

            """)
    }

    @Test func rendersNotesWithTheirLocation() throws {
        let compilation = LatheUnit.compile("let a = 1\nlet a = 2\n")
        let diagnostic = try #require(compilation.diagnostics.first)
        let text = plain(compilation.sources).render(diagnostic)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "test.mlx:2:5: error: 'a' is already declared in this scope")
        #expect(lines[1] == " 2 | let a = 2")
        #expect(lines[2] == "   |     ^")
        #expect(lines[3] == "  note: 'a' first declared here at test.mlx:1:5")
        #expect(lines[4] == "  hint: choose another name, or assign with '=' if it is a var")
        #expect(lines.count == 6 && lines[5].isEmpty)
    }

    @Test func uncoloredOutputHasNoEscapes() throws {
        let compilation = LatheUnit.compile("let s = \"a\" - 1\n")
        let diagnostic = try #require(compilation.diagnostics.first)
        let text = plain(compilation.sources).render(diagnostic)
        #expect(!text.contains("\u{1B}"))
        #expect(text.contains("hint: strings support '+' only"))
    }

    @Test func coloredOutputHasEscapes() throws {
        let compilation = LatheUnit.compile("let s = \"a\" - 1\n")
        let diagnostic = try #require(compilation.diagnostics.first)
        let text = DiagnosticRenderer(sources: compilation.sources, colored: true).render(diagnostic)
        #expect(text.contains("\u{1B}[1;31merror:\u{1B}[0m"))
        #expect(text.contains("\u{1B}[1;32mhint:\u{1B}[0m"))
        #expect(text.contains("\u{1B}[0m"))
        // Stripping the escapes gives the plain rendering.
        let stripped = text.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
        #expect(stripped == plain(compilation.sources).render(diagnostic))
    }

    @Test func handBuiltDiagnosticOnALaterLineWidensTheGutter() {
        let sources = SourceManager()
        let text = (1...9).map { "# line \($0)" }.joined(separator: "\n") + "\nvalue = oops\n"
        let file = sources.add(path: "long.mlx", text: text)
        let diagnostic = Diagnostic(code: testCode, message: "bad thing", span: span(of: "oops", in: text, file: file.id))
        #expect(plain(sources).render(diagnostic) == "long.mlx:10:9: error: bad thing\n 10 | value = oops\n    | " + spaces(8) + "^~~~\n")
    }

    @Test func tabsBecomeSpacesSoTheCaretLinesUp() {
        let sources = SourceManager()
        let text = "\tlet v = oops\n"
        let file = sources.add(path: "tab.mlx", text: text)
        let diagnostic = Diagnostic(code: testCode, message: "m", span: span(of: "oops", in: text, file: file.id), hint: "h")
        #expect(plain(sources).render(diagnostic) == "tab.mlx:1:10: error: m\n 1 |  let v = oops\n   |          ^~~~\n  hint: h\n")
    }

    @Test func multiLineSpanIsUnderlinedToTheEndOfItsFirstLine() {
        let sources = SourceManager()
        let text = "let x = [1,\n  2]\n"
        let file = sources.add(path: "m.mlx", text: text)
        let diagnostic = Diagnostic(code: testCode, message: "m", span: span(of: "[1,\n  2]", in: text, file: file.id))
        #expect(plain(sources).render(diagnostic) == "m.mlx:1:9: error: m\n 1 | let x = [1,\n   |         ^~~\n")
    }

    @Test func emptySpanStillGetsOneCaret() {
        let sources = SourceManager()
        let file = sources.add(path: "e.mlx", text: "abc")
        let diagnostic = Diagnostic(code: testCode, message: "m", span: SourceSpan(file: file.id, start: 3, end: 3))
        #expect(plain(sources).render(diagnostic) == "e.mlx:1:4: error: m\n 1 | abc\n   |    ^\n")
    }

    @Test func warningsAreLabelled() {
        let sources = SourceManager()
        let file = sources.add(path: "w.mlx", text: "x\n")
        let diagnostic = Diagnostic(code: testCode, severity: .warning, message: "careful", span: SourceSpan(file: file.id, start: 0, end: 1))
        #expect(plain(sources).render(diagnostic).hasPrefix("w.mlx:1:1: warning: careful\n"))
    }

    @Test func unknownSpanHasHeadlineOnly() {
        let diagnostic = Diagnostic(code: FrontendErrorCodes.internalCompilerError, message: "internal", span: .unknown, hint: "report it")
        #expect(plain(SourceManager()).render(diagnostic) == "error: internal\n  hint: report it\n")
    }

    // MARK: Runtime errors

    @Test func rendersRuntimeErrorWithStackTrace() throws {
        let source = "fn inner() { fail(\"deep trouble\") }\nfn outer() { inner() }\nouter()\n"
        let compilation = LatheUnit.compile(source)
        let program = try #require(compilation.program)
        let error: RuntimeError? = LatheUnit.locked {
            let vm = VM(program: program, output: CapturedOutput())
            do {
                _ = try vm.runEntry()
                return nil
            } catch {
                return error as? RuntimeError
            }
        }
        let failure = try #require(error)
        let caret = "^" + String(repeating: "~", count: "fail(\"deep trouble\")".count - 1)
        #expect(plain(compilation.sources).render(failure) == """
            test.mlx:1:14: error: deep trouble
             1 | fn inner() { fail("deep trouble") }
               | \(spaces(13))\(caret)
              at inner (test.mlx:1)
              at outer (test.mlx:2)
              at <main> (test.mlx:3)

            """)
    }

    @Test func repeatedFramesCollapse() {
        let sources = SourceManager()
        let file = sources.add(path: "r.mlx", text: "fn f(n) { return f(n + 1) }\nf(0)\n")
        let inner = RuntimeError.Frame(function: "f", span: SourceSpan(file: file.id, start: 17, end: 25))
        let main = RuntimeError.Frame(function: "<main>", span: SourceSpan(file: file.id, start: 28, end: 32))
        var error = RuntimeError("stack overflow", hint: "check for unbounded recursion", kind: .stackOverflow, span: inner.span)
        error.trace = [inner, inner, inner, main]
        let text = plain(sources).render(error)
        #expect(text == """
            r.mlx:1:18: error: stack overflow
             1 | fn f(n) { return f(n + 1) }
               | \(spaces(17))^\(String(repeating: "~", count: 7))
              hint: check for unbounded recursion
              at f (r.mlx:1)
              [the frame above repeats 2 more times]
              at <main> (r.mlx:2)

            """)
    }

    @Test func longTracesAreCut() {
        let sources = SourceManager()
        let file = sources.add(path: "t.mlx", text: (0..<30).map { "line\($0)" }.joined(separator: "\n"))
        var error = RuntimeError("boom")
        error.trace = (0..<25).map { index in
            RuntimeError.Frame(function: "f\(index)", span: SourceSpan(file: file.id, start: file.lineStarts[index], end: file.lineStarts[index] + 1))
        }
        let lines = plain(sources).render(error).split(separator: "\n").map(String.init)
        #expect(lines.first == "error: boom")
        #expect(lines.filter { $0.hasPrefix("  at ") }.count == 20)
        #expect(lines.last == "  ... 5 more frames")
        #expect(lines[1] == "  at f0 (t.mlx:1)")
    }

    @Test func runtimeErrorWithoutSpanHasNoSnippet() {
        let error = RuntimeError("interrupted", hint: "the program was stopped with Ctrl-C", kind: .interrupted)
        #expect(plain(SourceManager()).render(error) == "error: interrupted\n  hint: the program was stopped with Ctrl-C\n")
    }

    // MARK: ParameterOverride

    @Test(arguments: [
        ("n=5", "n", 5.0), ("lr=1e-3", "lr", 0.001), ("x=-2.5", "x", -2.5), ("big=1_000", "big", 1000),
        ("half=.5", "half", 0.5), ("plus=+3", "plus", 3), (" n = 7 ", "n", 7), ("learning_rate2=0.1", "learning_rate2", 0.1),
    ])
    func parsesNumbers(text: String, name: String, number: Double) throws {
        let override = try ParameterOverride.parse(text)
        #expect(override.name == name)
        #expect(override.value.numberValue == number)
    }

    @Test func parsesBoolsAndNull() throws {
        #expect(try ParameterOverride.parse("flag=true") == ParameterOverride(name: "flag", value: .bool(true)))
        #expect(try ParameterOverride.parse("flag=false") == ParameterOverride(name: "flag", value: .bool(false)))
        #expect(try ParameterOverride.parse("seed=null") == ParameterOverride(name: "seed", value: .null))
        #expect(try ParameterOverride.parse("flag= true ").value.isEqual(to: .bool(true)))
        // Only the exact lowercase words are literals.
        #expect(try ParameterOverride.parse("flag=True").value.stringValue == "True")
    }

    @Test func parsesQuotedStrings() throws {
        let quoted = try ParameterOverride.parse("name=\"hello world\"")
        #expect(quoted.value.stringValue == "hello world")
        #expect(quoted.raw == "\"hello world\"")
        #expect(try ParameterOverride.parse("tag=\"42\"").value.stringValue == "42")
        #expect(try ParameterOverride.parse("e=\"\"").value.stringValue == "")
        #expect(try ParameterOverride.parse("q=\"").value.stringValue == "\"")
    }

    @Test func parsesRawStrings() throws {
        #expect(try ParameterOverride.parse("tag=abc").value.stringValue == "abc")
        #expect(try ParameterOverride.parse("msg=hello world").value.stringValue == "hello world")
        #expect(try ParameterOverride.parse("path=/tmp/data.csv").value.stringValue == "/tmp/data.csv")
        #expect(try ParameterOverride.parse("inf=inf").value.stringValue == "inf")
        #expect(try ParameterOverride.parse("eq=a=b").value.stringValue == "a=b")
        #expect(try ParameterOverride.parse("empty=").value.stringValue == "")
        let numeric = try ParameterOverride.parse("tag=2024")
        #expect(numeric.value.numberValue == 2024)
        #expect(numeric.raw == "2024")
    }

    @Test func onlyLatheNumberLiteralsBecomeNumbers() throws {
        #expect(try ParameterOverride.parse("n=-inf").value.stringValue == "-inf")
        #expect(try ParameterOverride.parse("n=+nan").value.stringValue == "+nan")
        #expect(try ParameterOverride.parse("n=0x10").value.stringValue == "0x10")
    }

    @Test(arguments: ["novalue", "=5", "bad-name=1", "a b=1", "", " =1", "x.y=2"])
    func malformedOverrides(text: String) {
        #expect(throws: ParameterOverride.Problem.malformed(text)) {
            try ParameterOverride.parse(text)
        }
    }

    @Test func problemDescriptions() {
        #expect(ParameterOverride.Problem.malformed("oops").description == "--set expects name=value, found 'oops'")
        #expect(ParameterOverride.Problem.unknown(name: "z", known: ["a", "b"]).description
            == "--set names 'z', but the script declares no param 'z' (params: a, b)")
        #expect(ParameterOverride.Problem.unknown(name: "z", known: []).description
            == "--set names 'z', but the script declares no param 'z'")
    }

    @Test func equalityComparesNameAndValueOnly() {
        #expect(ParameterOverride(name: "n", value: .number(1), raw: "1") == ParameterOverride(name: "n", value: .number(1), raw: "1.0"))
        #expect(ParameterOverride(name: "n", value: .number(1)) != ParameterOverride(name: "m", value: .number(1)))
        #expect(ParameterOverride(name: "n", value: .number(1)) != ParameterOverride(name: "n", value: .string("1")))
    }
}
