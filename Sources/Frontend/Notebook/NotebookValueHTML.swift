import Foundation
import Render
import Runtime
import VM

/// A cell's shown value as an HTML fragment for the notebook page: the one display protocol's
/// HTML (`ValueDisplay`), and under a binary classification report evaluated with
/// probabilities its ROC curve as inline SVG.
enum NotebookValueHTML {
    static func html(_ value: Value, session: REPLSession) -> String {
        var out = ValueDisplay.html(value, symbols: session.vm.symbols)
        if let report = report(in: value), let curve = report.report.rocCurve {
            let chart = SVGROCCurve(title: "ROC curve", falsePositiveRates: curve.falsePositiveRates,
                                    truePositiveRates: curve.truePositiveRates, area: report.report["roc_auc"])
            out += "\n<figure class=\"chart\">\n\(chart.render())\n</figure>"
        }
        return out
    }

    static func report(in value: Value) -> ReportObject? {
        guard case .object(let object) = value.decoded else { return nil }
        return object as? ReportObject
    }
}
