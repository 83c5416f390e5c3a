import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import Data
import IR
import ML
import Store
import VM
@testable import Frontend
@testable import Runtime

/// Whether `fragment` parses as XML inside one wrapper element: balanced tags, quoted
/// attributes, escaped text. Every HTML fragment the display makes is meant to be XHTML-clean.
func isWellFormed(_ fragment: String) -> Bool {
    XMLParser(data: Data("<div>\(fragment)</div>".utf8)).parse()
}

@Suite("value display: text and HTML")
struct ValueDisplayTests {
    let symbols = SymbolTable()

    func frame(rows: Int, columns: Int) throws -> Frame {
        try Frame(columns: (0..<columns).map { column in
            Column.numeric("c\(column)", (0..<rows).map { Double($0 * 10 + column) / 10 })
        })
    }

    /// A REPL session in a fresh folder: how tests get models and reports made by the language.
    func session() -> REPLSession {
        let folder = NSTemporaryDirectory() + "lathe-display-\(UUID().uuidString)"
        return REPLSession(output: CapturedOutput(), workspace: Workspace(root: folder + "/.lathe"), directory: folder)
    }

    @Test func framesShowHeadAndTailAroundAnEllipsisRowAndTheirShape() throws {
        let text = ValueDisplay.text(.object(DatasetObject(try frame(rows: 150, columns: 2), target: nil)),
                                     symbols: symbols, options: DisplayOptions(maxRows: 4))
        #expect(text == """
                      c0       c1
                 float64  float64
            0        0.0      0.1
            1        1.0      1.1
            …          …        …
            148    148.0    148.1
            149    149.0    149.1

            150 rows × 2 columns
            """)
    }

    @Test func wideFramesElideMiddleColumnsToFitTheWidth() throws {
        let text = ValueDisplay.text(.object(DatasetObject(try frame(rows: 3, columns: 30), target: "c29")),
                                     symbols: symbols, options: DisplayOptions(width: 60))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.allSatisfy { $0.count <= 60 }, "\(text)")
        #expect(lines[0].contains(" c0 ") && lines[0].contains("…") && lines[0].hasSuffix("c29"), "\(text)")
        #expect(lines.last == "3 rows × 30 columns, target: c29")
    }

    @Test func colourIsOnlyAddedWhenAsked() throws {
        let dataset = Value.object(DatasetObject(try frame(rows: 30, columns: 2), target: nil))
        #expect(!ValueDisplay.text(dataset, symbols: symbols, options: DisplayOptions()).contains("\u{1B}["))
        let colored = ValueDisplay.text(dataset, symbols: symbols, options: DisplayOptions(colored: true))
        #expect(colored.hasPrefix("\u{1B}[1m"))
        #expect(colored.contains("\u{1B}[2m…\u{1B}[0m"))
    }

    @Test func standardOutputOptionsFollowColumnsWhenNotATerminal() {
        // The test runner's stdout is a pipe or file, never the terminal.
        let options = DisplayOptions.standardOutput(environment: ["COLUMNS": "72"])
        #expect(options == DisplayOptions(width: 72, colored: false))
        #expect(DisplayOptions.standardOutput(environment: [:]).width == 100)
    }

    @Test func classificationReportsShowMetricsAndTheConfusionMatrix() {
        let report = EvaluationReport(
            task: .binary, metrics: [("accuracy", 0.75)], confusion: [[2, 1], [0, 1]], classes: ["no", "yes"],
            perClass: [("no", 1, 0.667, 0.8, 3), ("yes", 0.5, 1, 0.667, 1)])
        let text = ValueDisplay.text(.object(ReportObject(report)), symbols: symbols)
        #expect(text == """
            report (binary)
            metric       value
            accuracy  0.750000

            confusion (rows: truth, columns: predicted)
                 no  yes
            no    2    1
            yes   0    1

            class  precision    recall        f1  support
            no      1.000000  0.667000  0.800000        3
            yes     0.500000  1.000000  0.667000        1
            """)
        let html = ValueDisplay.html(.object(ReportObject(report)), symbols: symbols)
        #expect(isWellFormed(html), "\(html)")
        #expect(html.contains("<caption>confusion matrix</caption>"))
        #expect(html.contains("<td class=\"num status-ok\">2</td>"), "\(html)")
    }

    @Test func regressionReportsAreTheirMetricsAlone() {
        let report = EvaluationReport(task: .regression, metrics: [("mse", 4), ("r2", 0.5)])
        let text = ValueDisplay.text(.object(ReportObject(report)), symbols: symbols)
        #expect(text == "report (regression)\nmetric     value\nmse     4.000000\nr2      0.500000")
        let html = ValueDisplay.html(.object(ReportObject(report)), symbols: symbols)
        #expect(isWellFormed(html) && !html.contains("confusion"))
    }

    @Test func everyKindRendersWellFormedEscapedHTML() throws {
        let repl = session()
        let inputs = [
            "make_classification(n: 40, features: 2, seed: 1)",
            "train(logistic(), make_classification(n: 40, features: 2, seed: 1))",
            "train(boost(rounds: 5), make_classification(n: 40, features: 2, seed: 1))",
            "evaluate(train(logistic(), make_classification(n: 40, features: 2, seed: 1)), make_classification(n: 40, features: 2, seed: 2))",
            "drift(make_classification(n: 40, features: 2, seed: 1), make_classification(n: 40, features: 2, seed: 2))",
            "histogram([1, 2, 2, 3], bins: 3, title: \"<h & t>\")",
            "line_chart({a: [1, 2, 3], b: [3, 2, 1]})",
            "bar_chart({x: 1, y: 2})",
            "[\"<b>\", 1, {k: \"&\"}]",
            "\"<script>\"",
        ]
        for input in inputs {
            let (_, value) = repl.evaluate(input)
            let shown = try #require(value, "no value for \(input)")
            let html = ValueDisplay.html(shown, symbols: repl.vm.symbols)
            #expect(isWellFormed(html), "\(input): \(html)")
            #expect(!html.contains("<script") && !html.contains("<b>") && !html.contains("<h &"), "\(input): \(html)")
            #expect(!ValueDisplay.text(shown, symbols: repl.vm.symbols, options: DisplayOptions()).isEmpty)
        }
    }

    @Test func modelsSummariseAndDrawTheirLossCurve() throws {
        let repl = session()
        let (_, value) = repl.evaluate("train(boost(rounds: 8), make_classification(n: 60, features: 2, seed: 1))")
        let text = ValueDisplay.text(try #require(value), symbols: repl.vm.symbols, options: DisplayOptions())
        #expect(text.hasPrefix("model boost("), "\(text)")
        #expect(text.contains("loss curve (9 steps):"), "\(text)")
        #expect(text.unicodeScalars.contains { (0x2801...0x28FF).contains($0.value) }, "\(text)")
    }

    @Test func longListsAreElidedWithTheirLength() {
        let long = Value.object(ListObject((0..<100).map { .number(Double($0)) }))
        #expect(ValueDisplay.text(long, symbols: symbols, options: DisplayOptions(maxRows: 3))
                == "[0, 1, 2, …, 98, 99]  (100 items)")
        let short = Value.object(ListObject([.number(1), .string("a")]))
        #expect(ValueDisplay.text(short, symbols: symbols) == "[1, \"a\"]")
        #expect(ValueDisplay.text(.string("a"), symbols: symbols) == "\"a\"")
        #expect(ValueDisplay.html(.string("<a>"), symbols: symbols) == "<pre class=\"value\">&quot;&lt;a&gt;&quot;</pre>")
    }
}
