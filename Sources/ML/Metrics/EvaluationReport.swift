#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What `evaluate` returns: the metrics that fit the task, in a fixed order under portable
/// names, plus the confusion matrix and a per-class table for classification.
///
/// Metric names (scripts rely on them):
/// - classification: `accuracy`, `balanced_accuracy`, `precision`, `recall`, `f1`,
///   `f1_macro`, `f1_weighted`, `roc_auc`, `average_precision` (binary only), `log_loss` (the
///   last three only when probabilities were given)
/// - regression: `mse`, `rmse`, `mae`, `r2`, `explained_variance`, `mape`
/// - clustering: `inertia`, `silhouette`
public struct EvaluationReport: Sendable, CustomStringConvertible {
    public var task: Task
    /// Ordered (name, value) pairs.
    public var metrics: [(name: String, value: Double)]
    /// Rows are the true class, columns the predicted class, both in `classes` order.
    public var confusion: [[Int]]?
    public var classes: [String]
    /// One row per class in `classes` order (classification only).
    public var perClass: [(label: String, precision: Double, recall: Double, f1: Double, support: Int)]
    /// The ROC curve of a binary classification evaluated with probabilities; nil otherwise.
    public var rocCurve: ROCCurve?
    /// Whether the rows evaluated include rows the model was fitted on: allowed for an
    /// unsupervised model (k-means inertia is defined on its training rows), and said so.
    public var onTrainingRows = false
    /// The class a binary report's precision, recall, f1, roc_auc and average_precision are
    /// of (`classes[1]`); nil for other tasks.
    public var positiveClass: String?

    public init(task: Task, metrics: [(name: String, value: Double)], confusion: [[Int]]? = nil,
                classes: [String] = [],
                perClass: [(label: String, precision: Double, recall: Double, f1: Double, support: Int)] = []) {
        self.task = task
        self.metrics = metrics
        self.confusion = confusion
        self.classes = classes
        self.perClass = perClass
    }

    /// The metric called `name`, or nil when the report has none by that name.
    public subscript(name: String) -> Double? {
        metrics.first { $0.name == name }?.value
    }

    /// The metric names in report order.
    public var metricNames: [String] { metrics.map(\.name) }

    /// The names a report of `task` can hold, in order.
    public static func metricNames(for task: Task) -> [String] {
        switch task {
        case .binary:
            return ["accuracy", "balanced_accuracy", "precision", "recall", "f1", "f1_macro", "f1_weighted", "roc_auc",
                    "average_precision", "log_loss"]
        case .multiclass:
            return ["accuracy", "balanced_accuracy", "precision", "recall", "f1", "f1_macro", "f1_weighted", "roc_auc", "log_loss"]
        case .regression: return ["mse", "rmse", "mae", "r2", "explained_variance", "mape"]
        case .clustering: return ["inertia", "silhouette"]
        }
    }

    /// Metrics where a smaller value is better (errors and losses); every other metric is a
    /// score where larger is better. Model selection ranks by this.
    public static let lowerIsBetter: Set<String> = ["mse", "rmse", "mae", "log_loss", "mape", "inertia"]

    public static func isLowerBetter(_ metric: String) -> Bool { lowerIsBetter.contains(metric) }

    public var description: String { rendered() }

    /// The report as aligned text: a binary report's positive class, the metrics, then
    /// (classification) the confusion matrix
    /// with class labels (rows = truth, columns = predicted), then the per-class table.
    ///
    /// ```
    /// positive class: yes        (binary only)
    ///
    /// metric             value
    /// accuracy        0.953333
    /// ...
    ///
    /// confusion (rows: truth, columns: predicted)
    ///               setosa  versicolor  virginica
    /// setosa            50           0          0
    /// ...
    ///
    /// class       precision    recall        f1  support
    /// setosa       1.000000  1.000000  1.000000       50
    /// ```
    public func rendered() -> String {
        var sections: [String] = []
        if let positiveClass { sections.append("positive class: \(positiveClass)") }
        let metricRows = metrics.map { [$0.name, Self.format($0.value)] }
        sections.append(Self.table(header: ["metric", "value"], rows: metricRows, leftAligned: [0]))
        if let confusion, !confusion.isEmpty {
            let labels = classes.count == confusion.count ? classes : confusion.indices.map(String.init)
            let rows = zip(labels, confusion).map { label, counts in [label] + counts.map(String.init) }
            sections.append("confusion (rows: truth, columns: predicted)\n"
                            + Self.table(header: [""] + labels, rows: rows, leftAligned: [0]))
        }
        if !perClass.isEmpty {
            let rows = perClass.map { [$0.label, Self.format($0.precision), Self.format($0.recall),
                                       Self.format($0.f1), String($0.support)] }
            sections.append(Self.table(header: ["class", "precision", "recall", "f1", "support"], rows: rows,
                                       leftAligned: [0]))
        }
        if onTrainingRows {
            sections.append("computed on training rows (an unsupervised model's fit, not a held-out score)")
        }
        return sections.joined(separator: "\n\n")
    }

    /// Six decimals; scientific notation for magnitudes a fixed format would hide.
    static func format(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        let magnitude = abs(x)
        let pattern = magnitude != 0 && (magnitude < 1e-4 || magnitude >= 1e9) ? "%.6e" : "%.6f"
        var buffer = [CChar](repeating: 0, count: 64)
        _ = withVaList([x]) { vsnprintf(&buffer, buffer.count, pattern, $0) }
        let length = buffer.firstIndex(of: 0) ?? buffer.count
        return String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Columns separated by two spaces; numbers right-aligned, the listed columns left-aligned.
    static func table(header: [String], rows: [[String]], leftAligned: Set<Int>) -> String {
        let all = [header] + rows
        let columnCount = all.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: columnCount)
        for row in all { for (j, cell) in row.enumerated() { widths[j] = max(widths[j], cell.count) } }
        return all.map { row in
            var line = ""
            for (j, cell) in row.enumerated() {
                let pad = String(repeating: " ", count: widths[j] - cell.count)
                if j > 0 { line += "  " }
                line += leftAligned.contains(j) ? cell + pad : pad + cell
            }
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }.joined(separator: "\n")
    }
}

/// A binary classifier's ROC curve: false and true positive rates at each threshold, from
/// (0, 0) to (1, 1), as scikit-learn's `roc_curve` returns them.
public struct ROCCurve: Sendable, Equatable {
    public var falsePositiveRates: [Double]
    public var truePositiveRates: [Double]
    /// The score threshold of each point, decreasing; the first is +inf. Empty when unknown.
    public var thresholds: [Double]

    public init(falsePositiveRates: [Double], truePositiveRates: [Double], thresholds: [Double] = []) {
        self.falsePositiveRates = falsePositiveRates
        self.truePositiveRates = truePositiveRates
        self.thresholds = thresholds
    }
}
