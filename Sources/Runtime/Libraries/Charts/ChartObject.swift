import Check
import IR
import VM

/// A chart as a language value: what `histogram`, `line_chart` and `bar_chart` return.
/// It prints as a terminal drawing and shows in a notebook as SVG (`ChartDisplay`).
public final class ChartObject: HandleObject {
    /// What is drawn; the drawing itself happens only when the chart is shown.
    public enum Content: Sendable {
        /// Counts of equal-width bins between `low` and `high`.
        case histogram(counts: [Int], low: Double, high: Double)
        /// Series over a shared x axis of `xLabels`.
        case line(series: [(name: String, values: [Double])], xLabels: [String])
        /// One bar per label.
        case bars(labels: [String], values: [Double])
    }

    public let content: Content
    public let title: String

    public init(_ content: Content, title: String) {
        self.content = content
        self.title = title
        super.init()
    }

    /// The chart kind.
    public static let kind = ValueKind(
        "chart", doc: "a histogram, line chart or bar chart: drawn in the terminal, SVG in a notebook",
        fields: [
            FieldDeclaration("type", .string, doc: "\"histogram\", \"line\" or \"bar\""),
            FieldDeclaration("title", .string, doc: "the title, or \"\""),
        ])

    public override var valueKind: ValueKind { ChartObject.kind }

    /// What `print` writes: the terminal drawing, uncoloured, at the default width.
    public override var summary: String { displayText(options: DisplayOptions()) }

    /// The name of the chart's type, as the `type` field reads.
    public var chartType: String {
        switch content {
        case .histogram: return "histogram"
        case .line: return "line"
        case .bars: return "bar"
        }
    }

    public override func field(_ name: String, symbols: SymbolTable) throws -> Value? {
        switch name {
        case "type": return .string(chartType)
        case "title": return .string(title)
        default: return nil
        }
    }
}

extension ValueType {
    /// A chart (`ChartObject.kind`).
    public static let chart = ValueType.kind("chart")
}
