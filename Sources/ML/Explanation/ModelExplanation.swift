import Numeric

/// A fitted linear model's weights, for `m.coefficients` and `m.importance`.
public protocol LinearCoefficients {
    /// Outputs × features, row-major: one row for regression and for binary classification
    /// (the log-odds of the second class), else one row per class.
    var coefficientMatrix: [Double] { get }
    /// One intercept per output row.
    var interceptValues: [Double] { get }
    /// Each feature's population standard deviation on the training rows, as the model saw
    /// them (after preprocessing); nil for a model file saved before it was stored.
    var featureScales: [Double]? { get }
}

/// A fitted tree model's per-feature importance, measured while it grew.
public protocol SplitImportance {
    /// One value per feature, normalized to sum 1 (all zero when nothing was split); nil for
    /// a model file saved before it was stored.
    var featureImportances: [Double]? { get }
    /// How it was measured: `impurity` (CART) or `gain` (boosting).
    static var importanceMethod: String { get }
}

/// `m.coefficients`: the intercept row first, then one row per model-matrix column.
public struct CoefficientTable: Sendable, Equatable {
    /// The name of the intercept's row.
    public static let interceptName = "(intercept)"
    /// `(intercept)`, then the features as `explainedFeatureNames` names them.
    public let features: [String]
    /// One name per output: `coefficient` for a single output, else the class labels.
    public let outputs: [String]
    /// One array per output, aligned with `features`.
    public let values: [[Double]]
}

/// `m.importance`: features sorted by importance, largest first (ties keep feature order).
public struct FeatureImportance: Sendable, Equatable {
    public let features: [String]
    public let values: [Double]
    /// `impurity`, `gain` or `coefficient` (|coefficient| × feature std).
    public let method: String
}

extension TrainedModel {
    /// The model matrix's columns as explanations name them: a one-hot column is
    /// `column=value` (the model matrix itself names it `column_value`, as scikit-learn).
    public var explainedFeatureNames: [String] { encoder.explainedNames }

    /// The linear model's coefficients, or nil when the model is not linear.
    public func coefficients() -> CoefficientTable? {
        guard let linear = algorithm as? any LinearCoefficients else { return nil }
        let names = explainedFeatureNames, p = names.count
        let rows = linear.interceptValues.count
        guard rows > 0, linear.coefficientMatrix.count == rows * p else { return nil }
        let outputs = rows == 1 ? ["coefficient"] : (classes.count == rows ? classes : (0..<rows).map { "class_\($0)" })
        let values = (0..<rows).map { k in [linear.interceptValues[k]] + Array(linear.coefficientMatrix[(k * p)..<((k + 1) * p)]) }
        return CoefficientTable(features: [CoefficientTable.interceptName] + names, outputs: outputs, values: values)
    }

    /// Why `importance()` is nil for this model; nil when it has one.
    public var importanceUnavailableReason: String? {
        if let linear = algorithm as? any LinearCoefficients {
            return linear.featureScales == nil ? "this model file was saved before lathe stored feature scales; retrain it" : nil
        }
        if let trees = algorithm as? any SplitImportance {
            return trees.featureImportances == nil ? "this model file was saved before lathe stored split importances; retrain it" : nil
        }
        switch task {
        case .clustering: return "\(spec.name) has no built-in feature importance: it clusters without weighing features"
        default: return "\(spec.name) has no built-in feature importance: it keeps no weights or splits per feature"
        }
    }

    /// Per-feature importance, largest first: impurity decrease (tree, forest) or split gain
    /// (boost), each normalized to sum 1; |coefficient| × the feature's training std for
    /// linear models (the mean over classes for multiclass logistic), not normalized. Nil
    /// where the model has none (see `importanceUnavailableReason`).
    public func importance() -> FeatureImportance? {
        let names = explainedFeatureNames, p = names.count
        var values: [Double]
        let method: String
        if let linear = algorithm as? any LinearCoefficients {
            guard let scales = linear.featureScales, scales.count == p else { return nil }
            let rows = linear.interceptValues.count, w = linear.coefficientMatrix
            guard w.count == rows * p, rows > 0 else { return nil }
            values = (0..<p).map { j in
                var sum = 0.0
                for k in 0..<rows { sum += abs(w[k * p + j]) }
                return sum / Double(rows) * scales[j]
            }
            method = "coefficient"
        } else if let trees = algorithm as? any SplitImportance {
            guard let importances = trees.featureImportances, importances.count == p else { return nil }
            values = importances
            method = type(of: trees).importanceMethod
        } else {
            return nil
        }
        let order = (0..<p).sorted { values[$0] > values[$1] || (values[$0] == values[$1] && $0 < $1) }
        return FeatureImportance(features: order.map { names[$0] }, values: order.map { values[$0] }, method: method)
    }
}

/// Feature statistics the explanations need, taken at training time.
enum FeatureSpread {
    /// Each column's mean of a row-major matrix (zeros for no rows).
    /// - Complexity: O(rows × columns).
    static func means(_ x: Tensor) -> [Double] {
        let n = x.rows, p = x.columns
        var mean = [Double](repeating: 0, count: p)
        guard n > 0, p > 0 else { return mean }
        x.storage.withUnsafeBufferPointer { xs in
            for i in 0..<n { for j in 0..<p { mean[j] += xs[i * p + j] } }
        }
        return mean.map { $0 / Double(n) }
    }

    /// Each column's population standard deviation (ddof 0) of a row-major matrix.
    /// - Complexity: O(rows × columns).
    static func standardDeviations(_ x: Tensor) -> [Double] {
        let n = x.rows, p = x.columns
        guard n > 0, p > 0 else { return [Double](repeating: 0, count: p) }
        var mean = [Double](repeating: 0, count: p), squares = [Double](repeating: 0, count: p)
        x.storage.withUnsafeBufferPointer { xs in
            for i in 0..<n { for j in 0..<p { mean[j] += xs[i * p + j] } }
            for j in 0..<p { mean[j] /= Double(n) }
            for i in 0..<n {
                for j in 0..<p {
                    let d = xs[i * p + j] - mean[j]
                    squares[j] += d * d
                }
            }
        }
        return squares.map { ($0 / Double(n)).squareRoot() }
    }
}

extension FeatureEncoder {
    /// `outputNames` with each one-hot column named `column=value`.
    var explainedNames: [String] {
        var renamed: [String: String] = [:]
        for step in steps where step.spec.name == OneHot.name {
            guard let columns = step.state.strings["columns"] else { continue }
            for (k, column) in columns.enumerated() {
                for category in step.state.strings["categories.\(k)"] ?? [] {
                    renamed["\(column)_\(category)"] = "\(column)=\(category)"
                }
            }
        }
        let inputs = Set(inputNames)
        return outputNames.map { inputs.contains($0) ? $0 : renamed[$0] ?? $0 }
    }
}
