import Data
import Numeric

/// `permutation_importance`, as `sklearn.inspection.permutation_importance`: how much a
/// metric drops when one input column's values are shuffled among the rows, `repeats`
/// times per column. Whole input columns are shuffled (a text column before its one-hot
/// expansion), as scikit-learn does for a pipeline. For a loss (mse, log_loss…) the drop is
/// the loss's rise, so larger is always more important.
///
/// Column j's shuffles come from its own generator, seeded from `seed` and j, so the result
/// depends on the seed alone, not on threads; the columns are scored one after another.
/// - Complexity: O(columns × repeats) predictions on `frame`.
public enum PermutationImportance {
    /// Per input column, the mean and std (ddof 0, as numpy) of the drops, largest mean first.
    public struct Result: Sendable, Equatable {
        public let features: [String]
        public let means: [Double]
        public let stds: [Double]
        /// The metric and its value on the unshuffled data.
        public let metric: String
        public let baseline: Double
    }

    public static func compute(_ model: TrainedModel, on frame: Frame, metric: String?, repeats: Int, seed: UInt64) throws -> Result {
        guard model.task != .clustering else {
            throw MLError.invalidData("permutation importance needs a target to score against, and a \(model.spec.name) clustering model has none",
                                      hint: nil)
        }
        guard repeats >= 1 else {
            throw MLError.invalidParameter(model: "permutation_importance", name: "repeats", expected: "an integer ≥ 1", found: "\(repeats)")
        }
        guard frame.rowCount > 0 else { throw MLError.noRowsToEvaluate }
        let chosen = metric ?? ModelSelection.defaultMetric(for: model.task)
        let valid = EvaluationReport.metricNames(for: model.task)
        guard valid.contains(chosen) else {
            throw MLError.invalidParameter(model: "permutation_importance", name: "metric",
                                           expected: "one of \(valid.joined(separator: ", ")) for a \(model.task.rawValue) model",
                                           found: "\"\(chosen)\"")
        }
        let sign = EvaluationReport.isLowerBetter(chosen) ? -1.0 : 1.0
        let baseline = try ModelSelection.score(model, on: frame, metric: chosen)
        let names = model.featureNames
        var means = [Double](repeating: 0, count: names.count), stds = means
        for (j, name) in names.enumerated() {
            guard let index = frame.columnIndex(named: name) else {
                throw MLError.unknownColumn(name: name, available: frame.columnNames)
            }
            let column = frame.columns[index]
            var random = RandomGenerator(seed: TreeSupport.derivedSeed(Int(truncatingIfNeeded: seed), j))
            var drops: [Double] = []
            drops.reserveCapacity(repeats)
            for _ in 0..<repeats {
                let shuffled = try frame.with(column.take(random.permutation(frame.rowCount)))
                drops.append(sign * (baseline - (try ModelSelection.score(model, on: shuffled, metric: chosen))))
            }
            let mean = drops.reduce(0, +) / Double(repeats)
            means[j] = mean
            stds[j] = (drops.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(repeats)).squareRoot()
        }
        let order = names.indices.sorted { means[$0] > means[$1] || (means[$0] == means[$1] && $0 < $1) }
        return Result(features: order.map { names[$0] }, means: order.map { means[$0] }, stds: order.map { stds[$0] },
                      metric: chosen, baseline: baseline)
    }
}
