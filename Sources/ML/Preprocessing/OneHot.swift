import Data
import Numeric

/// `onehot()`: each text column becomes one 0/1 column per training category, named
/// `column_category` as scikit-learn's `get_feature_names_out`, categories sorted. A category
/// not seen in training, or a missing value, gives an all-zero row (scikit-learn's
/// `handle_unknown="ignore"`). Numeric columns pass through.
struct OneHot: PreprocessorKind {
    static let name = "onehot"
    static let parameters: [ParameterSpec] = []
    static let summary = "expand text columns into one 0/1 column per category"

    static func fit(_ columns: [WorkingColumn], parameters: Parameters) -> ModelState {
        var state = ModelState()
        var names: [String] = []
        for column in columns {
            guard case .categorical(let codes, let categories) = column.values else { continue }
            var used = [Bool](repeating: false, count: categories.count)
            for code in codes where code >= 0 { used[Int(code)] = true }
            let present = categories.indices.filter { used[$0] }.map { categories[$0] }
            state.strings["categories.\(names.count)"] = present.sorted(by: OneHot.codeUnitOrder)
            names.append(column.name)
        }
        state.strings["columns"] = names
        return state
    }

    /// numpy's string order: by code point, not Swift's Unicode canonical order.
    static func codeUnitOrder(_ a: String, _ b: String) -> Bool {
        a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars)
    }

    static func apply(_ state: ModelState, parameters: Parameters, to columns: inout [WorkingColumn]) throws {
        let names = try state.stringArray("columns")
        let index = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        var result: [WorkingColumn] = []
        result.reserveCapacity(columns.count)
        for column in columns {
            guard let k = index[column.name], case .categorical(let codes, let categories) = column.values else {
                result.append(column)
                continue
            }
            let trained = try state.stringArray("categories.\(k)")
            let position = Dictionary(trained.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
            // This frame's codes → training category index (−1: unseen).
            let map = categories.map { position[$0] ?? -1 }
            var outputs = [[Double]](repeating: [Double](repeating: 0, count: codes.count), count: trained.count)
            for (i, code) in codes.enumerated() where code >= 0 {
                let j = map[Int(code)]
                if j >= 0 { outputs[j][i] = 1 }
            }
            for (j, category) in trained.enumerated() {
                result.append(WorkingColumn(name: "\(column.name)_\(category)", source: column.source, values: .numeric(outputs[j])))
            }
        }
        columns = result
    }
}
