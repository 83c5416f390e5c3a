import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import Render

/// Text that breaks HTML and XML if it is not escaped.
private let hostile = "<b>\"x\" & 'y'</b>"
private let hostileEscaped = "&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt;"

/// One element of a parsed SVG fragment.
private struct SVGElement {
    var name: String
    var attributes: [String: String]
    var text: String
}

/// Parses one `<svg>…</svg>` fragment as XML: the elements in document order, or nil when
/// the fragment is not well-formed.
private final class SVGReader: NSObject, XMLParserDelegate {
    private(set) var elements: [SVGElement] = []
    private var open: [Int] = []

    static func parse(_ fragment: String) -> [SVGElement]? {
        let reader = SVGReader()
        let parser = XMLParser(data: Data(fragment.utf8))
        parser.delegate = reader
        return parser.parse() ? reader.elements : nil
    }

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
        qualifiedName: String?, attributes: [String: String] = [:]
    ) {
        open.append(elements.count)
        elements.append(SVGElement(name: name, attributes: attributes, text: ""))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if let index = open.last { elements[index].text += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        open.removeLast()
    }
}

/// Every `<svg>…</svg>` fragment of a page, in order.
private func svgFragments(_ html: String) -> [String] {
    var fragments: [String] = []
    var rest = html[...]
    while let start = rest.range(of: "<svg"), let end = rest.range(of: "</svg>", range: start.upperBound..<rest.endIndex) {
        fragments.append(String(rest[start.lowerBound..<end.upperBound]))
        rest = rest[end.upperBound...]
    }
    return fragments
}

private func parsed(_ svg: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [SVGElement] {
    try #require(SVGReader.parse(svg), "not well-formed XML:\n\(svg)", sourceLocation: sourceLocation)
}

/// The elements named `name` with the class `cssClass`, legend swatches left out.
private func elements(_ all: [SVGElement], _ name: String, cssClass: String) -> [SVGElement] {
    all.filter { element in
        let classes = (element.attributes["class"] ?? "").split(separator: " ")
        return element.name == name && classes.contains(Substring(cssClass)) && !classes.contains("swatch")
    }
}

private func number(_ element: SVGElement, _ attribute: String) -> Double {
    Double(element.attributes[attribute] ?? "") ?? .nan
}

private func occurrences(of needle: String, in haystack: String) -> Int {
    haystack.components(separatedBy: needle).count - 1
}

/// The page the sample test writes and the page-wide tests inspect: a table, two
/// histograms and a line chart.
private func renderSamplePage() -> HTMLDocument {
    var page = HTMLDocument(title: "Drift report: churn model")
    page.addHeading("Drift report: churn model", level: 1)
    page.addBadge("drift", status: .alert, note: "2 of 4 features drifted against the reference window")
    page.addParagraph("Reference: 2024-05 training set (12,000 rows). Current: batch 2024-06-03 (3,100 rows).")
    var table = HTMLTable(header: ["feature", "test", "statistic", "p-value", "status"], caption: "Per-feature tests")
    table.addRow(["age", "KS", .number(0.031), .number(0.41), HTMLTable.Cell("ok", status: .ok)])
    table.addRow(["income", "KS", .number(0.182), .number(1.2e-7), HTMLTable.Cell("drift", status: .alert)])
    table.addRow(["plan", "chi²", .number(41.7), .number(3.4e-5), HTMLTable.Cell("drift", status: .alert)])
    table.addRow(["region", "PSI", .number(0.08), HTMLTable.Cell("–", status: .muted, numeric: true), HTMLTable.Cell("warning", status: .warning)])
    page.addTable(table)
    page.addHeading("income")
    page.addChart(SVGHistogram(
        title: "income: share per bin",
        edges: [0, 20_000, 40_000, 60_000, 80_000, 100_000, 150_000, 250_000, 1_000_000],
        reference: [0.08, 0.21, 0.27, 0.18, 0.11, 0.09, 0.04, 0.02],
        current: [0.05, 0.14, 0.22, 0.2, 0.15, 0.13, 0.07, 0.04]))
    page.addHeading("plan")
    page.addChart(SVGHistogram(
        title: "plan: share per category",
        categories: ["basic", "standard", "premium", "enterprise (annual, invoiced quarterly)", "trial"],
        reference: [0.35, 0.4, 0.15, 0.05, 0.05],
        current: [0.25, 0.38, 0.2, 0.07, .nan]))
    page.addHeading("Drift over time")
    page.addChart(SVGLineChart(
        title: "PSI per batch",
        xLabels: ["2024-05-06", "2024-05-13", "2024-05-20", "2024-05-27", "2024-06-03", "2024-06-10", "2024-06-17"],
        series: [
            .init(name: "income", values: [0.02, 0.04, 0.05, .nan, 0.14, 0.18, 0.22]),
            .init(name: "plan", values: [0.01, 0.01, 0.03, 0.06, 0.09, 0.08, 0.12]),
        ],
        threshold: .init(value: 0.1, label: "PSI alert")))
    return page
}

@Suite struct RenderTests {
    // MARK: - Escaping

    @Test func tableEscapesHeaderCellsAndCaption() {
        var table = HTMLTable(header: [hostile], caption: hostile)
        table.addRow([HTMLTable.Cell(hostile, status: .alert)])
        let html = table.render()
        #expect(!html.contains("<b>"))
        #expect(occurrences(of: hostileEscaped, in: html) == 3)
    }

    @Test func documentEscapesTitleHeadingParagraphAndBadge() {
        var page = HTMLDocument(title: hostile)
        page.addHeading(hostile)
        page.addParagraph(hostile)
        page.addBadge(hostile, status: .warning, note: hostile)
        let html = page.render()
        #expect(!html.contains("<b>"))
        #expect(occurrences(of: hostileEscaped, in: html) == 5)
    }

    @Test func histogramEscapesTitleLabelsAndSeriesNamesInTextAndAttributes() throws {
        let svg = SVGHistogram(
            title: hostile, categories: [hostile, "plain"], reference: [0.5, 0.5], current: [0.4, 0.6],
            referenceName: hostile, currentName: "current"
        ).render()
        #expect(!svg.contains("<b>"))
        #expect(svg.contains("aria-label=\"\(hostileEscaped)\""))
        let all = try parsed(svg)
        #expect(all.first { $0.name == "title" }?.text == hostile)
        #expect(all.contains { $0.name == "text" && $0.text == hostile })
        #expect(all.contains { $0.name == "title" && $0.text.hasPrefix(hostile + ": " + hostile) })
    }

    @Test func lineChartEscapesLabelsSeriesNamesAndThreshold() throws {
        let svg = SVGLineChart(
            title: hostile, xLabels: [hostile, "b"], series: [.init(name: hostile, values: [1, 2])],
            threshold: .init(value: 1.5, label: hostile)
        ).render()
        #expect(!svg.contains("<b>"))
        #expect(svg.contains("aria-label=\"\(hostileEscaped)\""))
        let all = try parsed(svg)
        #expect(all.contains { $0.name == "title" && $0.text == "\(hostile) · \(hostile): 1" })
        #expect(all.filter { $0.name == "text" && $0.text == hostile }.count == 4)  // title, legend ×2, x label
    }

    @Test func longLabelsAreCutWithAnEllipsisAndKeptWholeInATitle() throws {
        let long = "enterprise (annual, invoiced quarterly)"
        let all = try parsed(SVGHistogram(title: "t", categories: [long], reference: [1], current: [1]).render())
        let label = try #require(all.first { $0.name == "text" && $0.text.hasSuffix("…") })
        #expect(label.text.count == 16)
        #expect(long.hasPrefix(String(label.text.dropLast())))
        #expect(all.contains { $0.name == "title" && $0.text == long })
    }

    // MARK: - The page

    @Test func pageFetchesNothing() {
        let html = renderSamplePage().render()
        for forbidden in ["http://", "https://", "//", "<script", "<link", "<img", "url(", "@import", "src="] {
            #expect(!html.contains(forbidden), "page contains \(forbidden)")
        }
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<style>"))
    }

    @Test func renderingIsDeterministic() {
        #expect(renderSamplePage().render() == renderSamplePage().render())
        let page = renderSamplePage()
        #expect(page.render() == page.render())
    }

    @Test func everySVGOnThePageIsWellFormedAndAccessible() throws {
        let fragments = svgFragments(renderSamplePage().render())
        #expect(fragments.count == 3)
        for fragment in fragments {
            let all = try parsed(fragment)
            let root = try #require(all.first)
            #expect(root.attributes["role"] == "img")
            #expect(root.attributes["viewBox"] != nil)
            #expect(root.attributes["width"] == "100%")
            #expect(!(root.attributes["aria-label"] ?? "").isEmpty)
            #expect(all.dropFirst().first?.name == "title")
        }
    }

    // MARK: - Histogram

    @Test func histogramDrawsTwoBarsPerBinAsTallAsTheirShares() throws {
        let reference = [0.1, 0.2, 0.4, 0.3]
        let current = [0.25, 0.25, 0.25, 0.25]
        let all = try parsed(SVGHistogram(title: "t", categories: ["a", "b", "c", "d"], reference: reference, current: current).render())
        let referenceBars = elements(all, "rect", cssClass: "bar-reference")
        let currentBars = elements(all, "rect", cssClass: "bar-current")
        #expect(referenceBars.count == 4)
        #expect(currentBars.count == 4)
        let heights = (referenceBars + currentBars).map { number($0, "height") }
        let unit = heights[2] / 0.4
        #expect(unit > 0)
        for (height, share) in zip(heights, reference + current) {
            #expect(Swift.abs(height - share * unit) < 0.02)
        }
        // Bars stand on the x axis.
        let bottoms = (referenceBars + currentBars).map { number($0, "y") + number($0, "height") }
        #expect(Set(bottoms.map { ($0 * 10).rounded() }).count == 1)
        // The legend names both series.
        #expect(all.contains { $0.name == "text" && $0.text == "reference" })
        #expect(all.contains { $0.name == "text" && $0.text == "current" })
    }

    @Test func numericEdgesLabelTheBinsCompactly() throws {
        let all = try parsed(SVGHistogram(title: "t", edges: [0, 0.5, 1_500_000], reference: [0.5, 0.5], current: [0.5, 0.5]).render())
        let labels = all.filter { $0.name == "text" }.map(\.text)
        #expect(labels.contains("0–0.5"))
        #expect(labels.contains("0.5–1.5e6"))
    }

    @Test func nanAndNegativeSharesAreDrawnAsZero() throws {
        let all = try parsed(SVGHistogram(title: "t", categories: ["a", "b", "c"], reference: [.nan, 0.5, -1], current: [0.5, .infinity, 0.5]).render())
        let heights = (elements(all, "rect", cssClass: "bar-reference") + elements(all, "rect", cssClass: "bar-current")).map { number($0, "height") }
        #expect(heights.count == 6)
        #expect(heights.allSatisfy { $0.isFinite })
        #expect(heights[0] == 0 && heights[2] == 0 && heights[4] == 0)
        #expect(heights[1] > 0 && heights[3] > 0 && heights[5] > 0)
    }

    @Test func histogramWithNoBinsSaysNoData() throws {
        for chart in [
            SVGHistogram(title: "empty", bins: []),
            SVGHistogram(title: "one edge", edges: [1], reference: [], current: []),
        ] {
            let all = try parsed(chart.render())
            #expect(all.contains { $0.name == "text" && $0.text == "no data" })
            #expect(elements(all, "rect", cssClass: "bar-reference").isEmpty)
        }
    }

    @Test func histogramWithOneBinOrAllZeroSharesDraws() throws {
        let one = try parsed(SVGHistogram(title: "t", categories: ["only"], reference: [1], current: [0.5]).render())
        #expect(elements(one, "rect", cssClass: "bar-current").count == 1)
        let zeros = try parsed(SVGHistogram(title: "t", categories: ["a", "b"], reference: [0, 0], current: [0, .nan]).render())
        #expect(elements(zeros, "rect", cssClass: "bar-reference").map { number($0, "height") } == [0, 0])
    }

    @Test func aHundredBinsGetThinBarsAndFewerLabels() throws {
        let edges = (0...100).map { Double($0) / 100 }
        let shares = (0..<100).map { Double($0 % 10 + 1) / 550 }
        let all = try parsed(SVGHistogram(title: "t", edges: edges, reference: shares, current: shares.reversed()).render())
        let bars = elements(all, "rect", cssClass: "bar-reference")
        #expect(bars.count == 100)
        #expect(bars.allSatisfy { number($0, "width") > 0 && number($0, "width") < 5 })
        let xLabels = all.filter { $0.name == "text" && $0.attributes["text-anchor"] == "middle" }
        #expect(xLabels.count > 1 && xLabels.count < 30)
        // Every bin keeps its full label in its tooltip.
        #expect(all.filter { $0.name == "title" && $0.text.hasPrefix("0.99–1:") }.count == 1)
    }

    // MARK: - Line chart

    @Test func nanValuesLeaveGapsInTheLine() throws {
        let chart = SVGLineChart(
            title: "t", xLabels: ["a", "b", "c", "d", "e", "f", "g"],
            series: [.init(name: "s", values: [1, 2, .nan, 3, 4, .nan, 5])])
        let all = try parsed(chart.render())
        let path = try #require(elements(all, "path", cssClass: "line").first?.attributes["d"])
        #expect(occurrences(of: "M", in: path) == 2)
        #expect(occurrences(of: "L", in: path) == 2)
        #expect(elements(all, "circle", cssClass: "point").count == 5)  // the lone 5 is a point only
    }

    @Test func pointsCarryTooltipsAndTheThresholdIsAHorizontalLine() throws {
        let chart = SVGLineChart(
            title: "t", xLabels: ["mon", "tue"],
            series: [.init(name: "psi", values: [0.05, 0.2]), .init(name: "ks", values: [0.1])],
            threshold: .init(value: 0.15, label: "alert"))
        let all = try parsed(chart.render())
        let tooltips = all.filter { $0.name == "title" }.map(\.text)
        #expect(tooltips.contains("psi · mon: 0.05"))
        #expect(tooltips.contains("psi · tue: 0.2"))
        #expect(tooltips.contains("ks · mon: 0.1"))
        let line = try #require(elements(all, "line", cssClass: "threshold").last)
        #expect(line.attributes["y1"] == line.attributes["y2"])
        // The threshold sits between the two psi points.
        let points = elements(all, "circle", cssClass: "series-0").map { number($0, "cy") }
        #expect(points.count == 2)
        #expect(number(line, "y1") < points[0] && number(line, "y1") > points[1])
        #expect(elements(all, "circle", cssClass: "series-1").count == 1)
    }

    @Test func lineChartWithoutDataSaysNoData() throws {
        for chart in [
            SVGLineChart(title: "no labels", xLabels: [], series: [.init(name: "s", values: [1])]),
            SVGLineChart(title: "no series", xLabels: ["a"], series: []),
            SVGLineChart(title: "all gaps", xLabels: ["a", "b"], series: [.init(name: "s", values: [.nan, .nan])]),
        ] {
            let all = try parsed(chart.render())
            #expect(all.contains { $0.name == "text" && $0.text == "no data" })
            #expect(elements(all, "circle", cssClass: "point").isEmpty)
        }
    }

    @Test func aConstantSeriesGetsARange() throws {
        let all = try parsed(SVGLineChart(title: "t", xLabels: ["a", "b"], series: [.init(name: "s", values: [3, 3])]).render())
        let ys = elements(all, "circle", cssClass: "point").map { number($0, "cy") }
        #expect(ys.count == 2 && ys.allSatisfy { $0.isFinite })
    }

    @Test func aLongLegendWrapsOntoMoreRowsAndTheChartGrowsToFitIt() throws {
        let series = (0..<8).map { SVGLineChart.Series(name: "series \($0) with a long name", values: [1, 2]) }
        let wide = try parsed(SVGLineChart(title: "t", xLabels: ["a", "b"], series: series).render())
        let narrow = try parsed(SVGLineChart(title: "t", xLabels: ["a", "b"], series: [series[0]]).render())
        let legendRows = { (all: [SVGElement]) in
            Set(all.filter { $0.name == "line" && ($0.attributes["class"] ?? "").hasPrefix("swatch") }.map { $0.attributes["y1"] ?? "" }).count
        }
        #expect(legendRows(narrow) == 1)
        #expect(legendRows(wide) > 1)
        #expect(wide.first?.attributes["viewBox"] != narrow.first?.attributes["viewBox"])
    }

    // MARK: - Tables

    @Test func tableMarksNumericCellsAndStatuses() {
        var table = HTMLTable(header: ["name", "value"])
        table.addRow(["a", .number(1.5, status: .ok)])
        table.addRow([HTMLTable.Cell("b", status: .muted)])
        let html = table.render()
        #expect(html.contains("<th>name</th><th class=\"num\">value</th>"))
        #expect(html.contains("<td class=\"num status-ok\">1.5</td>"))
        #expect(html.contains("<td class=\"status-muted\">b</td><td></td>"))
    }

    // MARK: - Numbers

    @Test(arguments: [
        (0.0, "0"), (-0.0, "0"), (0.123, "0.123"), (0.12345, "0.123"), (0.1 + 0.2, "0.3"), (12.345, "12.3"),
        (2, "2"), (-0.5, "-0.5"), (999.96, "1000"), (1234.4, "1234"), (99_999.6, "1e5"),
        (1_200_000, "1.2e6"), (1e6, "1e6"), (0.00012, "1.2e-4"), (0.001, "0.001"), (-3.4e-5, "-3.4e-5"),
        (9.96e7, "1e8"), (.nan, "NaN"), (.infinity, "∞"), (-.infinity, "-∞"),
    ])
    func chartNumbersAreCompact(value: Double, expected: String) {
        #expect(ChartNumber.format(value) == expected)
    }

    @Test func sharesPrintAsPercentages() {
        #expect(ChartNumber.percent(0.123) == "12.3%")
        #expect(ChartNumber.percent(0.5) == "50%")
        #expect(ChartNumber.percent(0) == "0%")
    }

    @Test func axisTicksAreRound() {
        #expect(ChartScale.ticks(low: 0, high: 0.37, count: 5).map(ChartNumber.format) == ["0", "0.1", "0.2", "0.3", "0.4"])
        #expect(ChartScale.ticks(low: 5, high: 5).count >= 2)
    }
}

/// Writes the sample page to the path in `LATHE_RENDER_SAMPLE`, for a screenshot
/// (tools/render/README.md). Skipped when the variable is not set.
@Suite struct RenderSample {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["LATHE_RENDER_SAMPLE"] != nil))
    func writesTheSamplePage() throws {
        let path = try #require(ProcessInfo.processInfo.environment["LATHE_RENDER_SAMPLE"])
        try renderSamplePage().render().write(toFile: path, atomically: true, encoding: .utf8)
    }
}

@Suite("Render: ROC curve")
struct SVGROCCurveTests {
    @Test func theCurveTheDiagonalAndTheAreaAreDrawn() {
        let svg = SVGROCCurve(title: "ROC <curve>", falsePositiveRates: [0, 0, 0.5, 1], truePositiveRates: [0, 0.5, 1, 1], area: 0.875).render()
        #expect(svg.hasPrefix("<svg class=\"chart roc-curve\"") && svg.hasSuffix("</svg>"))
        #expect(svg.contains("ROC &lt;curve&gt;") && svg.contains("AUC 0.875") && svg.contains("random guess"))
        // Four points: (0,0) at the plot's bottom left, (1,1) at its top right.
        let path = svg.components(separatedBy: "<path class=\"line series-0\" d=\"")[1].prefix { $0 != "\"" }
        #expect(path.split(separator: " ").filter { $0.hasPrefix("M") || $0.hasPrefix("L") }.count == 4)
        #expect(path.hasPrefix("M60 ") && path.contains("L780 "))
        #expect(SVGROCCurve(title: "t", falsePositiveRates: [], truePositiveRates: []).render().contains("no-data"))
    }
}
