import Data

/// `train(..., class_weight:)`: how much each class's rows count, as scikit-learn's
/// `class_weight`. `balanced` gives class c the weight n / (classes × count(c)) over the
/// training rows (`compute_class_weight("balanced")`; counted by sample weight for the models
/// whose scikit-learn peer does so, `Estimator.balancesWeightedCounts`); `given` maps class labels
/// (as the model prints them) to weights, and classes left out weigh 1.
public enum ClassWeight: Sendable, Equatable {
    case balanced
    case given([String: Double])
}

/// The per-row weights a fit sees: a sample-weight column times the class weights.
enum TrainingWeights {
    /// The estimators that take each option, for the refusal's hint.
    static func supporting(_ option: String, in registry: [any Estimator.Type]) -> [String] {
        var names: [String] = []
        for estimator in registry {
            let supports = option == "weights" ? estimator.supportsSampleWeights : estimator.supportsClassWeights
            if supports { names.append(estimator.name) }
        }
        return names
    }

    /// Per-row weights, or nil when neither option is given. `classIndices` are the encoded
    /// targets (class indices for classification).
    static func combine(column: String?, data: Frame, classWeight: ClassWeight?, task: Task, classes: [String],
                        classIndices: [Double], model: any Estimator.Type, registry: [any Estimator.Type]) throws -> [Double]? {
        if column == nil && classWeight == nil { return nil }
        if column != nil && !model.supportsSampleWeights {
            throw MLError.unsupportedWeights(model: model.name, option: "weights",
                                             supported: supporting("weights", in: registry))
        }
        if classWeight != nil && !model.supportsClassWeights {
            throw MLError.unsupportedWeights(model: model.name, option: "class_weight",
                                             supported: supporting("class_weight", in: registry))
        }
        var weights = [Double](repeating: 1, count: data.rowCount)
        if let column { weights = try sampleWeights(column, data: data) }
        if let classWeight {
            guard task.isClassification else {
                throw MLError.invalidData("class_weight: applies to classification, but this is a \(task.rawValue) task",
                                          hint: "use weights: with a column of per-row weights instead, or leave class_weight: out")
            }
            let perClass = try classWeights(classWeight, classes: classes, classIndices: classIndices,
                                            sampleWeights: model.balancesWeightedCounts && column != nil ? weights : nil)
            for i in weights.indices { weights[i] *= perClass[Int(classIndices[i])] }
        }
        return weights
    }

    /// The values of the weight column: numbers, none missing, negative or infinite, not all zero.
    static func sampleWeights(_ name: String, data: Frame) throws -> [Double] {
        guard let index = data.columnIndex(named: name) else {
            throw MLError.unknownColumn(name: name, available: data.columnNames)
        }
        let column = data.columns[index]
        guard column.type == .float64 || column.type == .int64, let values = column.asDoubles() else {
            throw MLError.invalidData("weight column '\(name)' holds \(column.type) values; weights must be numbers",
                                      hint: "convert it to numbers, or choose another column for weights:")
        }
        for (row, w) in values.enumerated() where !(w >= 0 && w.isFinite) {
            let what = w.isNaN ? "a missing weight" : (w < 0 ? "a negative weight" : "an infinite weight")
            throw MLError.invalidData("weight column '\(name)' has \(what) at row \(row)",
                                      hint: "weights must be finite and at least 0; fill or drop those rows")
        }
        guard values.contains(where: { $0 > 0 }) else {
            throw MLError.invalidData("weight column '\(name)' is zero in every row", hint: "at least one row must have a positive weight")
        }
        return values
    }

    /// One weight per class index.
    static func classWeights(_ spec: ClassWeight, classes: [String], classIndices: [Double],
                             sampleWeights: [Double]? = nil) throws -> [Double] {
        switch spec {
        case .balanced:
            var counts = [Double](repeating: 0, count: classes.count)
            for (i, y) in classIndices.enumerated() { counts[Int(y)] += sampleWeights?[i] ?? 1 }
            let n = counts.reduce(0, +), k = Double(classes.count)
            return counts.map { $0 > 0 ? n / (k * $0) : 1 }
        case .given(let table):
            for (label, w) in table.sorted(by: { $0.key < $1.key }) {
                guard classes.contains(label) else {
                    throw MLError.invalidData("class_weight: names the class '\(label)', which the target does not have",
                                              hint: "classes: \(classes.joined(separator: ", "))")
                }
                guard w >= 0 && w.isFinite else {
                    throw MLError.invalidData("class_weight: gives class '\(label)' the weight \(w)",
                                              hint: "class weights must be finite and at least 0")
                }
            }
            return classes.map { table[$0] ?? 1 }
        }
    }
}
