import Check
import Data
import LatheCore
import ML
import VM

/// Standalone metrics on columns or lists, as `sklearn.metrics`' functions: `accuracy`,
/// `precision`/`recall`/`f1` with `average:`, `roc_auc`, `average_precision`, `log_loss`,
/// `roc_curve`, `pr_curve` and the regression errors `mse`, `rmse`, `mae`, `r2`. The
/// algorithms are `MetricFunctions` (Sources/ML/Metrics), shared with `evaluate`.
extension Builtins {
    /// Rows as labels: a column or a list of numbers, bools (as 0 and 1) or strings, none missing.
    static func metricLabels(_ args: Arguments, _ name: String) throws -> MetricLabels {
        let value = try args[name]
        if let column = (value.handle as? ColumnObject)?.column {
            if let row = (0..<column.count).first(where: column.isMissing) {
                throw RuntimeError("\(name) has a missing value at row \(row) (counting from 0)",
                                   hint: "drop or fill missing values first, e.g. drop_missing or fill_missing")
            }
            if column.type == .string {
                return .texts((0..<column.count).map { column.string(at: $0) ?? "" })
            }
            guard let numbers = column.asDoubles() else {
                throw RuntimeError("\(name) must hold numbers, bools or strings, found a \(column.type.rawValue) column")
            }
            return .numbers(numbers)
        }
        guard let list = try? args.list(name) else {
            throw args.mismatch(name, expected: "a column or a list")
        }
        var numbers: [Double] = [], texts: [String] = []
        for (index, item) in list.items.enumerated() {
            switch item.scalar {
            case .number(let x)?: numbers.append(x)
            case .bool(let flag)?: numbers.append(flag ? 1 : 0)
            case .string(let text)?: texts.append(text)
            default:
                throw RuntimeError("\(name) has \(item.isNull ? "a missing value" : "a \(item.typeName)") at index \(index)",
                                   hint: "metrics take numbers, bools or strings, none missing")
            }
        }
        if !numbers.isEmpty && !texts.isEmpty {
            throw RuntimeError("\(name) mixes numbers and strings", hint: "labels must be of one type")
        }
        return texts.isEmpty ? .numbers(numbers) : .texts(texts)
    }

    /// Rows as numbers (scores, probabilities, regression values); text is refused.
    static func metricNumbers(_ args: Arguments, _ name: String) throws -> [Double] {
        switch try metricLabels(args, name) {
        case .numbers(let values): return values
        case .texts: throw RuntimeError("\(name) must hold numbers, found strings",
                                        hint: name == "score" ? "pass a score or probability per row, e.g. predict_proba(m, data).yes" : nil)
        }
    }

    /// `positive:` as a class's text: numbers as Lathe prints them, bools as 1 and 0.
    static func positiveClass(_ value: Value) -> String? {
        switch value.scalar {
        case .number(let x)?: return Scalar.format(number: x)
        case .bool(let flag)?: return flag ? "1" : "0"
        case .string(let text)?: return text
        default: return nil
        }
    }

    static let positiveTypes: [ValueType] = [.string, .number, .bool, .null]
    static let positiveDoc = "the positive class; defaults to the greater of the two (1, true, or the later string)"

    static func labelMetric(_ name: String, doc: String) -> Builtin {
        Builtin(BuiltinSignature(
            name, [BuiltinParameter("y", types: [.column, .list], doc: "the true labels"),
                   BuiltinParameter("p", types: [.column, .list], doc: "the predicted labels")],
            returns: .number, doc: doc)) { args in
            .number(try library { try MetricFunctions.accuracy(truth: try metricLabels(args, "y"), predicted: try metricLabels(args, "p")) })
        }
    }

    static func ratioMetric(_ which: ClassRatio, doc: String) -> Builtin {
        Builtin(BuiltinSignature(
            which.rawValue, [
                BuiltinParameter("y", types: [.column, .list], doc: "the true labels"),
                BuiltinParameter("p", types: [.column, .list], doc: "the predicted labels"),
                BuiltinParameter("average", default: .string("binary"), types: [.string],
                                 constraint: ParameterConstraint(.choice(MetricAverage.allCases.map(\.rawValue))),
                                 doc: "binary (the positive class), macro, micro or weighted, as scikit-learn"),
                BuiltinParameter("positive", default: .null, types: positiveTypes, doc: positiveDoc),
            ], returns: .number, doc: doc)) { args in
            let average = MetricAverage(rawValue: try args.string("average")) ?? .binary
            return .number(try library {
                try MetricFunctions.ratio(which, truth: try metricLabels(args, "y"), predicted: try metricLabels(args, "p"),
                                          average: average, positive: positiveClass(try args["positive"]))
            })
        }
    }

    static func regressionMetric(_ name: String, doc: String) -> Builtin {
        Builtin(BuiltinSignature(
            name, [BuiltinParameter("y", types: [.column, .list], doc: "the true values"),
                   BuiltinParameter("p", types: [.column, .list], doc: "the predicted values")],
            returns: .number, doc: doc)) { args in
            .number(try library { try MetricFunctions.regression(name, truth: try metricNumbers(args, "y"), predicted: try metricNumbers(args, "p")) })
        }
    }

    static func curveDataset(_ columns: [Column]) throws -> Value {
        .object(DatasetObject(try library { try Frame(columns: columns) }, target: nil))
    }

    static let metricFunctions: [Builtin] = [
        labelMetric("accuracy", doc: "the share of rows where p equals y, as sklearn's accuracy_score"),
        ratioMetric(.precision, doc: "tp / (tp + fp), as sklearn's precision_score: precision(y, p, average: \"macro\")"),
        ratioMetric(.recall, doc: "tp / (tp + fn), as sklearn's recall_score"),
        ratioMetric(.f1, doc: "2·tp / (2·tp + fp + fn), as sklearn's f1_score: f1(y, p, average: \"macro\")"),
        Builtin(BuiltinSignature(
            "roc_auc", [
                BuiltinParameter("y", types: [.column, .list], doc: "the true labels, two classes"),
                BuiltinParameter("score", types: [.column, .list], doc: "the positive class's score or probability per row"),
                BuiltinParameter("positive", default: .null, types: positiveTypes, doc: positiveDoc),
            ], returns: .number,
            doc: "area under the ROC curve of a binary target, as sklearn's roc_auc_score")) { args in
            .number(try library { try MetricFunctions.rocAUC(truth: try metricLabels(args, "y"), scores: try metricNumbers(args, "score"),
                                                              positive: positiveClass(try args["positive"])) })
        },
        Builtin(BuiltinSignature(
            "average_precision", [
                BuiltinParameter("y", types: [.column, .list], doc: "the true labels, two classes"),
                BuiltinParameter("score", types: [.column, .list], doc: "the positive class's score or probability per row"),
                BuiltinParameter("positive", default: .null, types: positiveTypes, doc: positiveDoc),
            ], returns: .number,
            doc: "Σ (Rₙ − Rₙ₋₁)·Pₙ over the precision-recall curve, as sklearn's average_precision_score")) { args in
            .number(try library { try MetricFunctions.averagePrecision(truth: try metricLabels(args, "y"), scores: try metricNumbers(args, "score"),
                                                                        positive: positiveClass(try args["positive"])) })
        },
        Builtin(BuiltinSignature(
            "log_loss", [
                BuiltinParameter("y", types: [.column, .list], doc: "the true labels"),
                BuiltinParameter("proba", types: [.column, .list, .dataset],
                                 doc: "the positive class's probability (binary), or predict_proba's dataset, one column per class"),
                BuiltinParameter("positive", default: .null, types: positiveTypes, doc: positiveDoc),
            ], returns: .number, doc: "mean −log p(true class), clipped to machine epsilon, as sklearn's log_loss")) { args in
            let truth = try metricLabels(args, "y")
            let columns: [(name: String, values: [Double])]
            if let data = try args["proba"].handle as? DatasetObject {
                columns = try data.frame.columns.map { column in
                    guard let values = column.asDoubles(), column.missingCount == 0 else {
                        throw RuntimeError("proba column '\(column.name)' must hold numbers with none missing")
                    }
                    return (column.name, values)
                }
            } else {
                columns = [("", try metricNumbers(args, "proba"))]
            }
            return .number(try library { try MetricFunctions.logLoss(truth: truth, probabilities: columns, positive: positiveClass(try args["positive"])) })
        },
        Builtin(BuiltinSignature(
            "roc_curve", [
                BuiltinParameter("y", types: [.column, .list], doc: "the true labels, two classes"),
                BuiltinParameter("score", types: [.column, .list], doc: "the positive class's score or probability per row"),
                BuiltinParameter("positive", default: .null, types: positiveTypes, doc: positiveDoc),
            ], returns: .dataset,
            doc: "a dataset fpr, tpr, threshold (decreasing, the first +inf), as sklearn's roc_curve")) { args in
            let curve = try library { try MetricFunctions.rocCurve(truth: try metricLabels(args, "y"), scores: try metricNumbers(args, "score"),
                                                                    positive: positiveClass(try args["positive"])) }
            return try curveDataset([Column.numeric("fpr", curve.falsePositiveRates), Column.numeric("tpr", curve.truePositiveRates),
                                     Column.numeric("threshold", curve.thresholds)])
        },
        Builtin(BuiltinSignature(
            "pr_curve", [
                BuiltinParameter("y", types: [.column, .list], doc: "the true labels, two classes"),
                BuiltinParameter("score", types: [.column, .list], doc: "the positive class's score or probability per row"),
                BuiltinParameter("positive", default: .null, types: positiveTypes, doc: positiveDoc),
            ], returns: .dataset,
            doc: "a dataset precision, recall, threshold (increasing; the last row, precision 1 at recall 0, has none), as sklearn's precision_recall_curve")) { args in
            let curve = try library { try MetricFunctions.prCurve(truth: try metricLabels(args, "y"), scores: try metricNumbers(args, "score"),
                                                                   positive: positiveClass(try args["positive"])) }
            return try curveDataset([Column.numeric("precision", curve.precision), Column.numeric("recall", curve.recall),
                                     Column.numeric("threshold", curve.thresholds + [.nan])])
        },
        Builtin(BuiltinSignature(
            "best_threshold", [
                BuiltinParameter("model", types: [.model], doc: "a binary classifier"),
                BuiltinParameter("data", types: [.dataset], doc: "held-out rows with the target"),
                BuiltinParameter("metric", default: .string("f1"), types: [.string],
                                 constraint: ParameterConstraint(.choice(DecisionThreshold.metrics)), doc: "the metric to maximise"),
            ], returns: .record,
            doc: "{threshold, score, metric}: the positive-class probability cut that maximises metric on data (ties: the lowest)")) { args in
            let model = try args.model("model")
            let data = try args.dataset("data")
            let metric = try args.string("metric")
            let best = try library { try DecisionThreshold.best(model, data.frame, metric: metric) }
            return record(["threshold": .number(best.threshold), "score": .number(best.score), "metric": .string(metric)],
                          symbols: args.vm.symbols)
        },
        regressionMetric("mse", doc: "mean squared error, as sklearn's mean_squared_error"),
        regressionMetric("rmse", doc: "root mean squared error, as sklearn's root_mean_squared_error"),
        regressionMetric("mae", doc: "mean absolute error, as sklearn's mean_absolute_error"),
        regressionMetric("r2", doc: "coefficient of determination, as sklearn's r2_score"),
    ]
}
