import Data
import Numeric

/// `onehot()`: each text column becomes one 0/1 column per training category, named
/// `column_category` as scikit-learn's `get_feature_names_out`, categories sorted. A category
/// not seen in training, or a missing value, gives an all-zero row (scikit-learn's
/// `handle_unknown="ignore"`). Numeric columns pass through.
///
/// Guards, checked on the training rows before fitting (`checkCardinality`): a text column
/// with more than `max_categories` distinct values (default 50), or of at least
/// `idLikeMinimumRows` rows whose every value differs (an identifier), is refused with the
/// column's name and the fixes, rather than silently widening the matrix by thousands of
/// columns. The automatic one-hot of text features applies the default limit.
struct OneHot: PreprocessorKind {
    static let name = "onehot"
    static let defaultMaxCategories = 50
    /// Below this many rows a column of distinct values is not called an identifier.
    static let idLikeMinimumRows = 20
    static let parameters: [ParameterSpec] = [
        ParameterSpec("max_categories", .integer(1...10_000_000), default: .number(Double(defaultMaxCategories)),
                      doc: "refuse a text column with more distinct values than this"),
    ]
    static let summary = "expand text columns into one 0/1 column per category"

    /// Refuses an identifier-like column or one with more than `maxCategories` categories.
    static func checkCardinality(_ columns: [WorkingColumn], maxCategories: Int) throws {
        for column in columns {
            guard case .categorical(let codes, let categories) = column.values else { continue }
            var used = [Bool](repeating: false, count: categories.count)
            var distinct = 0, present = 0
            for code in codes where code >= 0 {
                present += 1
                if !used[Int(code)] { used[Int(code)] = true; distinct += 1 }
            }
            let drop = "drop it (drop(ds, \"\(column.source)\"))"
            if present >= idLikeMinimumRows && distinct == present {
                throw MLError.invalidData(
                    "text column '\(column.source)' looks like an identifier: each of its \(present) values is different, so one-hot encoding it would add \(distinct) columns that cannot generalise",
                    hint: "\(drop), or derive a coarser feature from it")
            }
            if distinct > maxCategories {
                throw MLError.invalidData(
                    "text column '\(column.source)' has \(distinct) distinct values, more than the one-hot limit of \(maxCategories)",
                    hint: "\(drop), group rare values into fewer categories, or raise the limit with prep: [onehot(max_categories: \(distinct))]")
            }
        }
    }

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
