import Data
import Numeric

/// `standardize()`: z = (x − mean) / std per numeric column, as scikit-learn's
/// `StandardScaler` (population std; NaN skipped when fitting and kept when applying;
/// a constant column is only centred).
struct Standardize: PreprocessorKind {
    static let name = "standardize"
    static let parameters: [ParameterSpec] = []
    static let summary = "scale numeric columns to mean 0 and standard deviation 1"

    static func fit(_ columns: [WorkingColumn], parameters: Parameters) -> ModelState {
        var names: [String] = [], means: [Double] = [], scales: [Double] = []
        for column in columns {
            guard case .numeric(let values) = column.values else { continue }
            let (mean, variance) = ColumnStatistics.meanAndVariance(values)
            let n = Double(values.count)
            // scikit-learn's _is_constant_feature and _handle_zeros_in_scale.
            let eps = Double.ulpOfOne
            let bound = n * eps * variance + (n * mean * eps) * (n * mean * eps)
            var scale = variance.squareRoot()
            if !(variance > bound) || scale < 10 * eps { scale = 1 }
            names.append(column.name)
            means.append(mean.isNaN ? 0 : mean)
            scales.append(scale.isNaN ? 1 : scale)
        }
        var state = ModelState()
        state.strings["columns"] = names
        state.arrays["mean"] = means
        state.arrays["scale"] = scales
        return state
    }

    static func apply(_ state: ModelState, parameters: Parameters, to columns: inout [WorkingColumn]) throws {
        let names = try state.stringArray("columns")
        let means = try state.array("mean"), scales = try state.array("scale")
        guard means.count == names.count, scales.count == names.count else {
            throw MLError.corruptModel("standardize state has mismatched lengths")
        }
        let index = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        for c in columns.indices {
            guard let k = index[columns[c].name], case .numeric(var values) = columns[c].values else { continue }
            let mean = means[k], scale = scales[k]
            for i in values.indices { values[i] = (values[i] - mean) / scale }
            columns[c].values = .numeric(values)
        }
    }
}
