import Data
import Numeric

/// Turns a frame's feature columns into the model matrix: the user's preprocessing steps in
/// order, then one-hot encoding of any text column left, then the row-major n × p tensor.
/// Fitted on training data only and replayed unchanged at predict time.
///
/// Bool columns become 0/1 and int64 columns floats. Missing values become NaN; a model
/// that cannot take them gets `MLError.missingValues` naming the input column. An infinite
/// value is refused for every model (`MLError.infiniteValue`, with the column and row), at
/// training and at prediction, since no estimator gives a meaningful answer for it.
public struct FeatureEncoder: Sendable, Equatable {
    /// The input columns the model reads, in training frame order, and their types.
    public let inputNames: [String]
    public let inputTypes: [ColumnType]
    /// The columns of the model matrix (after one-hot expansion).
    public let outputNames: [String]
    let steps: [FittedPreprocessor]
    /// For `missingValues` errors; nil when the model accepts NaN.
    let rejectsMissingFor: String?

    init(inputNames: [String], inputTypes: [ColumnType], outputNames: [String], steps: [FittedPreprocessor], rejectsMissingFor: String?) {
        self.inputNames = inputNames
        self.inputTypes = inputTypes
        self.outputNames = outputNames
        self.steps = steps
        self.rejectsMissingFor = rejectsMissingFor
    }

    /// The user's steps (not the automatic one-hot).
    public var preprocessors: [PreprocessorSpec] { steps.filter { !$0.automatic }.map(\.spec) }

    /// Fits `prep` on the named columns of `frame` and returns the encoder with the encoded matrix.
    static func fit(_ frame: Frame, features: [String], prep: [PreprocessorSpec], model: String,
                    handlesMissingValues: Bool) throws -> (FeatureEncoder, Tensor) {
        let inputs = try features.map { try frame.column(named: $0) }
        if let date = inputs.first(where: { $0.type == .datetime }) {
            throw MLError.invalidData(
                "feature '\(date.name)' is a datetime column; models take numbers and text",
                hint: "derive numbers from it, e.g. with(ds, month: month(ds.\(date.name)), age_days: days_between(ds.\(date.name), \"2020-01-01\")), then drop it")
        }
        var columns = inputs.map(load)
        if !prep.isEmpty { try checkNoInfinity(columns) }
        var steps: [FittedPreprocessor] = []
        for spec in prep {
            guard let kind = PreprocessorSpec.kind(named: spec.name) else {
                throw MLError.unknownModel(name: spec.name, known: PreprocessorSpec.kinds.map { $0.name })
            }
            if kind.name == OneHot.name {
                try OneHot.checkCardinality(columns, maxCategories: spec.parameters.optionalInteger("max_categories") ?? OneHot.defaultMaxCategories)
            }
            let state = kind.fit(columns, parameters: spec.parameters)
            try kind.apply(state, parameters: spec.parameters, to: &columns)
            steps.append(FittedPreprocessor(spec: spec, state: state, automatic: false))
        }
        if columns.contains(where: { !$0.isNumeric }) {
            try OneHot.checkCardinality(columns, maxCategories: OneHot.defaultMaxCategories)
            let spec = PreprocessorSpec(name: OneHot.name, parameters: try Parameters(model: OneHot.name, specs: OneHot.parameters, given: [:]))
            let state = OneHot.fit(columns, parameters: spec.parameters)
            try OneHot.apply(state, parameters: spec.parameters, to: &columns)
            steps.append(FittedPreprocessor(spec: spec, state: state, automatic: true))
        }
        let encoder = FeatureEncoder(inputNames: features, inputTypes: inputs.map(\.type),
                                     outputNames: columns.map(\.name), steps: steps,
                                     rejectsMissingFor: handlesMissingValues ? nil : model)
        return (encoder, try encoder.assemble(columns, rows: frame.rowCount))
    }

    /// Encodes `frame` as at training. Extra columns are ignored; a missing one is
    /// `MLError.unknownColumn`. Unseen categories give all-zero one-hot rows.
    public func transform(_ frame: Frame) throws -> Tensor {
        var columns: [WorkingColumn] = []
        columns.reserveCapacity(inputNames.count)
        for (name, type) in zip(inputNames, inputTypes) {
            guard let index = frame.columnIndex(named: name) else {
                throw MLError.unknownColumn(name: name, available: frame.columnNames)
            }
            columns.append(try Self.load(frame.columns[index], as: type))
        }
        if steps.contains(where: { !$0.automatic }) { try Self.checkNoInfinity(columns) }
        for step in steps { try step.apply(to: &columns) }
        guard columns.map(\.name) == outputNames else {
            throw MLError.corruptModel("preprocessing produced columns \(columns.map(\.name)), expected \(outputNames)")
        }
        return try assemble(columns, rows: frame.rowCount)
    }

    static func load(_ column: Column) -> WorkingColumn {
        switch column.storage {
        case .categorical(let codes, let categories):
            return WorkingColumn(name: column.name, source: column.name, values: .categorical(codes: codes, categories: categories))
        default:
            return WorkingColumn(name: column.name, source: column.name, values: .numeric(column.asDoubles() ?? []))
        }
    }

    /// A prediction-time column read as the training type: numbers for numeric training
    /// columns (text is an error), text for text columns (numbers are read as their text).
    static func load(_ column: Column, as type: ColumnType) throws -> WorkingColumn {
        switch (type, column.storage) {
        case (.string, .categorical), (.float64, .float64), (.int64, .int64), (.bool, .bool),
             (.float64, .int64), (.int64, .float64), (.float64, .bool), (.int64, .bool), (.bool, .int64), (.bool, .float64):
            return load(column)
        case (.string, _):
            return load(.strings(column.name, (0..<column.count).map { column.isMissing($0) ? nil : column.formatted(at: $0) }))
        default:
            throw MLError.invalidData("column '\(column.name)' holds \(column.type == .datetime ? "dates" : "text"), but the model was trained on \(type.rawValue) values",
                                      hint: "convert it to numbers, or retrain with this column as text")
        }
    }

    /// The row-major matrix, written in blocks of rows so each block stays in cache while
    /// every column fills its slots (a column-at-a-time strided write misses on every row);
    /// large frames are split into fixed 65,536-row parts copied on `Parallelism.workers`
    /// threads. NaN is looked for during the copy.
    private func assemble(_ columns: [WorkingColumn], rows: Int) throws -> Tensor {
        let width = columns.count
        var arrays: [[Double]] = []
        arrays.reserveCapacity(width)
        for column in columns {
            guard case .numeric(let values) = column.values, values.count == rows else {
                throw MLError.corruptModel("feature '\(column.name)' was not encoded as numbers")
            }
            arrays.append(values)
        }
        let block = 512
        let parts = FixedChunks(count: rows, size: 65_536)
        // One flag per column and part: the column holds NaN or ±inf. Testing `isFinite` costs
        // the same as `isNaN` in the copy; which one it was is sorted out afterwards, on the
        // error path only.
        var nonFinite = [Bool](repeating: false, count: width * Swift.max(1, parts.count))
        let storage = [Double](unsafeUninitializedCapacity: rows * width) { out, initialized in
            initialized = rows * width
            nonFinite.withUnsafeMutableBufferPointer { flags in
                Parallelism.forEach(parts.count) { part in
                    let first = parts[part].lowerBound, last = parts[part].upperBound
                    var start = first
                    while start < last {
                        let end = min(start + block, last)
                        for j in 0..<width {
                            arrays[j].withUnsafeBufferPointer { v in
                                var k = start * width + j
                                var bad = 0
                                for i in start..<end {
                                    let x = v[i]
                                    bad &+= x.isFinite ? 0 : 1
                                    out[k] = x
                                    k += width
                                }
                                if bad > 0 { flags[part * width + j] = true }
                            }
                        }
                        start = end
                    }
                }
            }
        }
        for j in 0..<width where (0..<parts.count).contains(where: { nonFinite[$0 * width + j] }) {
            try Self.checkFinite(arrays[j], column: columns[j].source, rejectingMissingFor: rejectsMissingFor)
        }
        return try Tensor(shape: [rows, width], storage: storage)
    }

    /// Looks for ±inf in the input columns before the user's preprocessing, which would
    /// smear it (standardize turns one inf into a column of -inf and NaN) so that the
    /// check in `assemble` names the wrong row, or none for a model that takes NaN. One
    /// extra pass, only when there are steps, each of which already reads every value.
    static func checkNoInfinity(_ columns: [WorkingColumn]) throws {
        for column in columns {
            guard case .numeric(let values) = column.values else { continue }
            if let i = values.firstIndex(where: { $0.isInfinite }) {
                throw MLError.infiniteValue(column: column.source, row: i + 1)
            }
        }
    }

    /// The error for a column the copy flagged: the first infinite value, or the first
    /// missing one when the model cannot take NaN, whichever comes first. Runs only for
    /// flagged columns, so the common all-finite case pays for one pass, the copy.
    static func checkFinite(_ values: [Double], column: String, rejectingMissingFor model: String?) throws {
        for (i, x) in values.enumerated() where !x.isFinite {
            if x.isInfinite { throw MLError.infiniteValue(column: column, row: i + 1) }
            if let model { throw MLError.missingValues(column: column, model: model) }
        }
    }
}
