import Data
import Numeric

/// `impute(strategy:)`: fills missing values with a statistic of the training data, as
/// scikit-learn's `SimpleImputer`: `mean` and `median` of numeric columns (NaN skipped; the
/// median of an even count averages the middle two), `most_frequent` (ties → the smallest
/// value). Text columns are filled with their most frequent category under every strategy.
struct Impute: PreprocessorKind {
    static let name = "impute"
    static let parameters: [ParameterSpec] = [
        ParameterSpec("strategy", .choice(["mean", "median", "most_frequent"]), default: .string("mean"),
                      doc: "the statistic that replaces a missing value"),
    ]
    static let summary = "fill missing values with the training mean, median or most frequent value"

    static func fit(_ columns: [WorkingColumn], parameters: Parameters) -> ModelState {
        let strategy = parameters.string("strategy")
        var numericNames: [String] = [], fills: [Double] = []
        var textNames: [String] = [], textFills: [String] = []
        for column in columns {
            switch column.values {
            case .numeric(let values):
                numericNames.append(column.name)
                fills.append(statistic(values, strategy: strategy))
            case .categorical(let codes, let categories):
                var counts = [Int](repeating: 0, count: categories.count)
                for code in codes where code >= 0 { counts[Int(code)] += 1 }
                var best: Int?
                for k in categories.indices where counts[k] > 0 {
                    if let b = best {
                        if counts[k] > counts[b] || (counts[k] == counts[b] && OneHot.codeUnitOrder(categories[k], categories[b])) { best = k }
                    } else {
                        best = k
                    }
                }
                if let best {
                    textNames.append(column.name)
                    textFills.append(categories[best])
                }
            }
        }
        var state = ModelState()
        state.strings["columns"] = numericNames
        state.arrays["fill"] = fills
        state.strings["textColumns"] = textNames
        state.strings["textFill"] = textFills
        return state
    }

    static func statistic(_ values: [Double], strategy: String) -> Double {
        switch strategy {
        case "median":
            let present = values.filter { !$0.isNaN }.sorted()
            guard !present.isEmpty else { return .nan }
            let mid = present.count / 2
            return present.count % 2 == 1 ? present[mid] : (present[mid - 1] + present[mid]) / 2
        case "most_frequent":
            var counts: [Double: Int] = [:]
            for v in values where !v.isNaN { counts[v == 0 ? 0 : v, default: 0] += 1 }
            var best: (value: Double, count: Int)?
            for (v, c) in counts {
                if let b = best, c < b.count || (c == b.count && v > b.value) { continue }
                best = (v, c)
            }
            return best?.value ?? .nan
        default:
            return ColumnStatistics.meanAndVariance(values).mean
        }
    }

    static func apply(_ state: ModelState, parameters: Parameters, to columns: inout [WorkingColumn]) throws {
        let names = try state.stringArray("columns"), fills = try state.array("fill")
        let textNames = try state.stringArray("textColumns"), textFills = try state.stringArray("textFill")
        guard fills.count == names.count, textFills.count == textNames.count else {
            throw MLError.corruptModel("impute state has mismatched lengths")
        }
        let numeric = Dictionary(zip(names, fills), uniquingKeysWith: { a, _ in a })
        let text = Dictionary(zip(textNames, textFills), uniquingKeysWith: { a, _ in a })
        for c in columns.indices {
            switch columns[c].values {
            case .numeric(var values):
                guard let fill = numeric[columns[c].name] else { continue }
                for i in values.indices where values[i].isNaN { values[i] = fill }
                columns[c].values = .numeric(values)
            case .categorical(var codes, var categories):
                guard let fill = text[columns[c].name], codes.contains(-1) else { continue }
                let code: Int32
                if let k = categories.firstIndex(of: fill) {
                    code = Int32(k)
                } else {
                    code = Int32(categories.count)
                    categories.append(fill)
                }
                for i in codes.indices where codes[i] < 0 { codes[i] = code }
                columns[c].values = .categorical(codes: codes, categories: categories)
            }
        }
    }
}
