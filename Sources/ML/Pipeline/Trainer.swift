import Data
import Dispatch
import Foundation
import Numeric

/// Fits a model spec with its preprocessing to a frame: checks the input, infers the task,
/// encodes features and target, runs the estimator and records the lineage.
public enum Trainer {
    /// An int64 target with at most this many distinct values is read as class labels.
    public static let maxIntegerClasses = 20

    /// Trains `spec` on `data`. Features are every column except `target`, in frame order.
    /// The task is inferred from the target (text, bool, or int64 with few distinct values →
    /// classification: two classes binary, else multiclass; float64 → regression; no target →
    /// clustering) and adjusted to what the model supports; `task` overrides it. `weights` names
    /// a column of per-row weights (not a feature), multiplied by `classWeight`'s.
    public static func train(_ spec: ModelSpec, prep: [PreprocessorSpec], data: Frame, target: String?,
                             task requested: Task? = nil, validation: Frame? = nil,
                             weights weightColumn: String? = nil, classWeight: ClassWeight? = nil,
                             context: FitContext) throws -> TrainedModel {
        let estimator = spec.currentEstimator
        let kind = type(of: estimator)
        guard data.rowCount > 0 else {
            throw MLError.invalidData("the training data has no rows", hint: "check the filter or split that produced it")
        }
        var targetColumn: Column?
        if let target {
            guard let index = data.columnIndex(named: target) else {
                throw MLError.unknownColumn(name: target, available: data.columnNames)
            }
            targetColumn = data.columns[index]
        }
        if let weightColumn, weightColumn == target {
            throw MLError.invalidData("the weight column '\(weightColumn)' is also the target",
                                      hint: "weights: names a separate column of per-row weights")
        }
        let features = data.columnNames.filter { $0 != target && $0 != weightColumn }
        guard !features.isEmpty else {
            throw MLError.invalidData("the training data has no feature columns besides the target '\(target ?? "")'",
                                      hint: "a model needs at least one input column")
        }
        let task = try inferTask(target: targetColumn, model: kind, requested: requested)
        var encoding: TargetEncoding?
        var targetValues: [Double] = []
        if task != .clustering, let targetColumn {
            let encoded = try TargetEncoding.fit(targetColumn, task: task, model: kind.name)
            encoding = encoded
            targetValues = try encoded.encode(targetColumn)
        } else if task != .clustering {
            throw MLError.invalidData("\(kind.name) needs a target column to learn from",
                                      hint: "give the target, e.g. dataset(path, target: \"label\")")
        }

        let rowWeights = try TrainingWeights.combine(
            column: weightColumn, data: data, classWeight: classWeight, task: task, classes: encoding?.classes ?? [],
            classIndices: targetValues, model: kind, registry: EstimatorRegistry.all)

        // The lineage's fingerprints hash every cell: on a second core while features are encoded
        // and the model fits.
        let fingerprints = FingerprintJob(data: data, features: features, target: target)
        let (encoder, matrix) = try FeatureEncoder.fit(data, features: features, prep: prep, model: kind.name,
                                                        handlesMissingValues: kind.handlesMissingValues)
        var held: (features: Tensor, target: [Double])?
        if let validation {
            let x = try encoder.transform(validation)
            var y: [Double] = []
            if let encoding, let target {
                guard let index = validation.columnIndex(named: target) else {
                    throw MLError.unknownColumn(name: target, available: validation.columnNames)
                }
                y = try encoding.encode(validation.columns[index])
            }
            held = (x, y)
        }
        var training = TrainingData(features: matrix, featureNames: encoder.outputNames, target: targetValues,
                                    classes: encoding?.classes ?? [], task: task, validation: held)
        training.weights = rowWeights

        let lossStart = context.lossCurve.count
        let clock = ContinuousClock()
        let started = clock.now
        let algorithm = try estimator.fit(training, context: context)
        let elapsed = clock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18

        let (rowSet, dataFingerprint, origin) = try fingerprints.result()
        let lineage = Lineage(
            model: kind.name, parameters: estimator.parameters, preprocessors: prep.map(\.description),
            dataFingerprint: dataFingerprint, fingerprintColumns: features, rowFingerprints: rowSet,
            trainedAt: iso8601(Date()), durationSeconds: seconds,
            lossCurve: Array(context.lossCurve[lossStart...]), rowCount: data.rowCount, origin: origin)
        return TrainedModel(spec: ModelSpec(estimator: estimator), task: task, target: target, targetEncoding: encoding,
                            encoder: encoder, algorithm: algorithm, lineage: lineage)
    }

    /// Row hashes over the features (the leakage guard), extended by the target for the content
    /// hash of the whole frame, computed on another thread.
    final class FingerprintJob: @unchecked Sendable {
        private let group = DispatchGroup()
        private var rows: [UInt64] = []
        private var frame = ""
        private var origin: TrainingOrigin?
        private var failure: Error?

        init(data: Frame, features: [String], target: String?) {
            DispatchQueue.global().async(group: group) { [self] in
                do {
                    let hashes = try Fingerprint.rows(data, columns: features)
                    rows = Fingerprint.sortedUnique(hashes)
                    frame = Fingerprint.frame(data, featureHashes: hashes, target: target)
                    // A frame that is not a split part is its own origin, hashed just above.
                    let identity = data.origin == nil ? (frame, data.rowCount, Array(0..<data.rowCount))
                                                      : TrainingOrigin.identity(of: data, target: target)
                    origin = TrainingOrigin(source: identity.0, sourceRows: identity.1, rows: identity.2)
                } catch {
                    failure = error
                }
            }
        }

        /// Waits for the job; the group's wait orders these reads after the job's writes.
        func result() throws -> ([UInt64], String, TrainingOrigin?) {
            group.wait()
            if let failure { throw failure }
            return (rows, frame, origin)
        }
    }

    static func iso8601(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }

    /// The task for a target column and a model kind. See `train`.
    static func inferTask(target: Column?, model: any Estimator.Type, requested: Task?) throws -> Task {
        let tasks = model.tasks
        let classifies = tasks.contains(.binary) || tasks.contains(.multiclass)
        if let requested {
            guard tasks.contains(requested) else { throw MLError.unsupportedTask(model: model.name, task: requested) }
            if requested == .regression, let target, target.type == .string {
                throw MLError.invalidData("cannot fit a regression to target '\(target.name)': it holds text",
                                          hint: "a regression needs a numeric target; use a classifier such as logistic(), or drop task:")
            }
            if requested != .clustering && target == nil {
                throw MLError.invalidData("a \(requested.rawValue) task needs a target column",
                                          hint: "give the target, e.g. dataset(path, target: \"label\")")
            }
            return requested
        }
        guard let target else {
            if tasks.contains(.clustering) { return .clustering }
            throw MLError.invalidData("\(model.name) needs a target column to learn from",
                                      hint: "give the target, e.g. dataset(path, target: \"label\")")
        }
        if !classifies && !tasks.contains(.regression) {
            return tasks.contains(.clustering) ? .clustering : (tasks.first ?? .regression)
        }
        let looksCategorical: Bool
        switch target.type {
        case .string, .bool:
            looksCategorical = true
        case .int64:
            looksCategorical = distinctCount(target, limit: maxIntegerClasses + 1) <= maxIntegerClasses
        case .float64:
            looksCategorical = false
        case .datetime:
            throw MLError.invalidData("target '\(target.name)' is a datetime column; a model predicts numbers or labels",
                                      hint: "derive a number from it first, e.g. year(ds.\(target.name)) or days_between(...)")
        }
        if looksCategorical {
            if classifies { return try classificationTask(target, model: model) }
            if target.type == .string {
                throw MLError.invalidData("\(model.name) is a regressor, but target '\(target.name)' holds text",
                                          hint: "use a classifier such as logistic() for labels, or choose a numeric target")
            }
            return .regression
        }
        if tasks.contains(.regression) { return .regression }
        // A classifier given numbers: whole numbers are read as labels, anything else is refused.
        let wholeNumbers = (target.asDoubles() ?? []).allSatisfy { $0.isNaN || $0 == $0.rounded() }
        guard wholeNumbers else {
            throw MLError.invalidData("\(model.name) is a classifier, but target '\(target.name)' holds continuous values",
                                      hint: "use a regressor such as ridge(), or pass task: \"multiclass\" to treat each value as a class")
        }
        return try classificationTask(target, model: model)
    }

    private static func classificationTask(_ target: Column, model: any Estimator.Type) throws -> Task {
        let count = distinctCount(target, limit: 3)
        if count == 2, model.tasks.contains(.binary) { return .binary }
        return model.tasks.contains(.multiclass) ? .multiclass : .binary
    }

    /// Distinct non-missing values, counting no further than `limit`.
    static func distinctCount(_ column: Column, limit: Int) -> Int {
        switch column.storage {
        case .categorical(let codes, let categories):
            var seen = [Bool](repeating: false, count: categories.count)
            var count = 0
            for code in codes where code >= 0 && !seen[Int(code)] {
                seen[Int(code)] = true
                count += 1
                if count >= limit { return count }
            }
            return count
        default:
            return DistinctValues.of(column.asDoubles() ?? [], limit: limit).count
        }
    }
}

/// Distinct non-NaN values (−0 as 0), cheap when there are few: a short list scanned
/// linearly, a hash set only past 32 values.
enum DistinctValues {
    static func of(_ values: [Double], limit: Int = .max) -> [Double] {
        var few: [Double] = []
        var set = Set<Double>()
        var hashed = false
        for x in values where !x.isNaN {
            let v = x == 0 ? 0 : x
            if hashed {
                if set.insert(v).inserted && set.count >= limit { break }
            } else if !few.contains(v) {
                few.append(v)
                if few.count >= limit { break }
                if few.count > 32 {
                    set = Set(few)
                    hashed = true
                }
            }
        }
        return hashed ? Array(set) : few
    }
}

/// How a target column maps to what an algorithm sees: class indices 0..<k in sorted label
/// order (as scikit-learn's `LabelEncoder`) for classification, the values for regression.
struct TargetEncoding: Sendable, Equatable {
    var name: String
    var type: ColumnType
    var task: Task
    /// Class labels as text, sorted (text by code point, numbers numerically).
    var classes: [String]
    /// The numeric value of each class for int64, bool and float64 targets; empty for text.
    var classValues: [Double]

    /// Learns the classes of `column` (classification) or checks it is numeric (regression).
    static func fit(_ column: Column, task: Task, model: String) throws -> TargetEncoding {
        let missing = column.missingCount
        if missing > 0 {
            throw MLError.invalidData("target '\(column.name)' has \(missing) missing value\(missing == 1 ? "" : "s")",
                                      hint: "drop the rows without a target before training")
        }
        guard task.isClassification else {
            guard column.type != .string else {
                throw MLError.invalidData("cannot fit a regression to target '\(column.name)': it holds text",
                                          hint: "a regression needs a numeric target; use a classifier such as logistic()")
            }
            return TargetEncoding(name: column.name, type: column.type, task: task, classes: [], classValues: [])
        }
        var classes: [String]
        var values: [Double] = []
        switch column.storage {
        case .categorical(let codes, let categories):
            var used = [Bool](repeating: false, count: categories.count)
            for code in codes where code >= 0 { used[Int(code)] = true }
            classes = categories.indices.filter { used[$0] }.map { categories[$0] }.sorted(by: OneHot.codeUnitOrder)
        default:
            let numbers = column.asDoubles() ?? []
            values = DistinctValues.of(numbers).sorted()
            classes = values.map { label($0, type: column.type) }
        }
        if classes.count < 2 {
            throw MLError.invalidData(
                "target '\(column.name)' has a single class\(classes.first.map { " '\($0)'" } ?? ""); a classifier needs at least two",
                hint: "check the filter or split that produced the data; split(..., stratify: true) keeps every class")
        }
        if task == .binary && classes.count > 2 {
            throw MLError.invalidData("a binary task needs two classes, but target '\(column.name)' has \(classes.count)",
                                      hint: "use task: \"multiclass\", or leave task: out")
        }
        return TargetEncoding(name: column.name, type: column.type, task: task, classes: classes, classValues: values)
    }

    static func label(_ x: Double, type: ColumnType) -> String {
        switch type {
        case .bool: return x != 0 ? "true" : "false"
        case .int64: return String(Int64(x))
        default: return x.description
        }
    }

    /// Class indices (as doubles) or regression values of `column`. Labels not seen in
    /// training and missing values are errors.
    func encode(_ column: Column) throws -> [Double] {
        task.isClassification ? try indices(column).map(Double.init) : try values(column)
    }

    func indices(_ column: Column) throws -> [Int] {
        if column.missingCount > 0 {
            throw MLError.invalidData("target '\(column.name)' has \(column.missingCount) missing values",
                                      hint: "drop the rows without a target")
        }
        guard task.isClassification else {
            throw MLError.invalidData("target '\(column.name)' is a regression target, not class labels", hint: nil)
        }
        switch column.storage {
        case .categorical(let codes, let categories):
            let position = Dictionary(classes.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
            let map = categories.map { position[$0] }
            var out = [Int](repeating: 0, count: codes.count)
            for (i, code) in codes.enumerated() {
                guard let k = map[Int(code)] else { throw unseen(categories[Int(code)]) }
                out[i] = k
            }
            return out
        default:
            guard let numbers = column.asDoubles() else { return [] }
            if classValues.isEmpty {
                // Text classes, numeric column: match by the printed value.
                let position = Dictionary(classes.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
                return try (0..<column.count).map { i in
                    let text = column.formatted(at: i)
                    guard let k = position[text] else { throw unseen(text) }
                    return k
                }
            }
            let position = Dictionary(classValues.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
            return try numbers.map { x in
                guard let k = position[x == 0 ? 0 : x] else { throw unseen(TargetEncoding.label(x, type: type)) }
                return k
            }
        }
    }

    private func unseen(_ label: String) -> MLError {
        MLError.invalidData("target '\(name)' has the label '\(label)', which the model never saw in training",
                            hint: "classes: \(classes.joined(separator: ", "))")
    }

    /// Regression targets as doubles.
    func values(_ column: Column) throws -> [Double] {
        guard let numbers = column.asDoubles() else {
            throw MLError.invalidData("target '\(column.name)' holds text, but the model is a regression", hint: nil)
        }
        if let i = numbers.firstIndex(where: \.isNaN) {
            throw MLError.invalidData("target '\(column.name)' is missing at row \(i)", hint: "drop the rows without a target")
        }
        return numbers
    }

    /// A column of labels, in the target's own type, from class indices.
    func labels(_ indices: [Int], name: String) -> Column {
        switch type {
        case .string:
            return Column(name: name, storage: .categorical(codes: indices.map { Int32($0) }, categories: classes))
        case .int64:
            return Column(name: name, storage: .int64(indices.map { Int64(classValues[$0]) }, valid: nil))
        case .bool:
            return Column(name: name, storage: .bool(indices.map { classValues[$0] != 0 }, valid: nil))
        case .float64:
            return Column(name: name, storage: .float64(indices.map { classValues[$0] }))
        case .datetime:
            return Column(name: name, storage: .datetime(indices.map { Int64(classValues[$0]) }, valid: nil))
        }
    }
}

extension PreprocessorSpec: CustomStringConvertible {
    /// `impute(strategy: "median")`.
    public var description: String {
        let declared = PreprocessorSpec.kind(named: name)?.parameters ?? []
        let args = declared.map { "\($0.name): \(parameters.values[$0.name] ?? $0.defaultValue)" }
        return "\(name)(\(args.joined(separator: ", ")))"
    }
}
