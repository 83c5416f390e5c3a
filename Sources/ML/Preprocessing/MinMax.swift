import Data
import Numeric

/// `minmax()`: x·scale + offset mapping each numeric column's training range onto [0, 1],
/// as scikit-learn's `MinMaxScaler` (NaN skipped when fitting and kept; a constant column
/// gets scale 1). Values outside the training range map outside [0, 1].
struct MinMax: PreprocessorKind {
    static let name = "minmax"
    static let parameters: [ParameterSpec] = []
    static let summary = "scale numeric columns to the range 0...1 of the training data"

    static func fit(_ columns: [WorkingColumn], parameters: Parameters) -> ModelState {
        var names: [String] = [], scales: [Double] = [], offsets: [Double] = []
        for column in columns {
            guard case .numeric(let values) = column.values else { continue }
            let (low, high) = values.withUnsafeBufferPointer { (Kernels.nanMin($0), Kernels.nanMax($0)) }
            var range = high - low
            if !(range >= 10 * Double.ulpOfOne) { range = 1 }
            let scale = 1 / range
            names.append(column.name)
            scales.append(scale)
            offsets.append(low.isNaN ? 0 : 0 - low * scale)
        }
        var state = ModelState()
        state.strings["columns"] = names
        state.arrays["scale"] = scales
        state.arrays["offset"] = offsets
        return state
    }

    static func apply(_ state: ModelState, parameters: Parameters, to columns: inout [WorkingColumn]) throws {
        let names = try state.stringArray("columns")
        let scales = try state.array("scale"), offsets = try state.array("offset")
        guard scales.count == names.count, offsets.count == names.count else {
            throw MLError.corruptModel("minmax state has mismatched lengths")
        }
        let index = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        for c in columns.indices {
            guard let k = index[columns[c].name], case .numeric(var values) = columns[c].values else { continue }
            let scale = scales[k], offset = offsets[k]
            for i in values.indices {
                var x = values[i] * scale
                x += offset
                values[i] = x
            }
            columns[c].values = .numeric(values)
        }
    }
}
