import Foundation
import Testing
@testable import Render

@Suite("terminal charts")
struct TerminalChartTests {
    @Test func histogramDrawsEighthBlocksScaledToTheLargestCount() {
        let chart = TerminalHistogram(counts: [1, 3, 2], low: 0, high: 3, height: 2, width: 7)
        #expect(chart.render() == """
            3 ┤ █▂
            0 ┤▅██
               0 3
               6 values in 3 bins
            """)
    }

    @Test func histogramBinsWidenToFillTheWidth() {
        let chart = TerminalHistogram(counts: [2, 1], low: 1, high: 5, height: 1, width: 10)
        #expect(chart.render() == """
            2 ┤███▄▄▄
            0 ┤███▄▄▄
               1    5
               3 values in 2 bins
            """.replacingOccurrences(of: "0 ┤███▄▄▄\n", with: ""))
    }

    @Test func moreBinsThanColumnsShareColumns() {
        let chart = TerminalHistogram(counts: [1, 1, 2, 0, 1], low: 0, high: 5, height: 1, width: 6)
        // Two columns fit: bins 1–3 sum to 4, bins 4–5 to 1.
        #expect(chart.render() == """
            4 ┤█▂
               0 5
               5 values in 5 bins, 3 to a column
            """)
    }

    @Test func emptyChartsSayNoData() {
        #expect(TerminalHistogram(counts: [], low: 0, high: 1).render() == "(no data)")
        #expect(TerminalLineChart(series: [.init(name: "", values: [.nan])]).render() == "(no data)")
        #expect(TerminalBars(labels: [], values: []).render() == "(no data)")
    }

    @Test func lineChartJoinsPointsWithBrailleDots() {
        let chart = TerminalLineChart(series: [.init(name: "loss", values: [0, 1, 2, 3])], width: 2, height: 2)
        #expect(chart.render() == """
            3 ┤ ⡜
            0 ┤⡸
               0 3
            """)
    }

    @Test func lineChartLeavesGapsAtMissingValuesAndNamesSeveralSeries() {
        let chart = TerminalLineChart(series: [.init(name: "a", values: [1, .nan, 1]), .init(name: "b", values: [0, 0, 0])],
                                      xRange: ("first", "last"), width: 4, height: 1)
        let lines = chart.render().split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[2].hasSuffix("⣿ a  ⣿ b"))
        #expect(lines[1].contains("first") && lines[1].contains("last"))
    }

    @Test func barsAreEighthsOfACharacterWithTheirValues() {
        let chart = TerminalBars(labels: ["a", "bb", "c"], values: [4, 1, -1], width: 4 + 2 + 1 + 3)
        #expect(chart.render() == """
            a  │████ 4
            bb │█ 1
            c  │-1
            """)
    }

    @Test func colourWrapsOnlyWhenAsked() {
        let plain = TerminalBars(labels: ["a"], values: [1], width: 10).render(colored: false)
        let colored = TerminalBars(labels: ["a"], values: [1], width: 10).render(colored: true)
        #expect(!plain.contains("\u{1B}["))
        #expect(colored.contains("\u{1B}[34m"))
    }

    @Test func svgBarChartIsWellFormedAndEscaped() {
        let svg = SVGBarChart(title: "<t>", labels: ["a&b", "c"], values: [1, 2]).render()
        #expect(svg.hasPrefix("<svg class=\"chart bar-chart\""))
        #expect(svg.contains("&lt;t&gt;"))
        #expect(svg.contains("a&amp;b: 1"))
        #expect(!svg.contains("<t>"))
        #expect(svg.components(separatedBy: "<g").count == svg.components(separatedBy: "</g>").count)
    }

    @Test func confusionMatrixShadesEachCellByItsShareOfTheRow() {
        let svg = SVGConfusionMatrix(title: "cm", labels: ["a<", "b"], counts: [[3, 1], [0, 2]]).render()
        #expect(svg.hasPrefix("<svg class=\"chart confusion-matrix\""))
        #expect(svg.contains("fill-opacity=\"0.75\""))
        #expect(svg.contains("fill-opacity=\"1\""))
        #expect(svg.contains("truth a&lt;, predicted b: 1 (25% of the row)"))
        #expect(svg.components(separatedBy: "<g").count == svg.components(separatedBy: "</g>").count)
        #expect(SVGConfusionMatrix(title: "cm", labels: [], counts: []).render().contains("no data"))
    }
}
