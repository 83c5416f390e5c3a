import LatheCore
import NameMatching

/// Why training, prediction or loading a model failed. One line each, with a hint.
public enum MLError: LibraryError, Equatable {
    case unknownModel(name: String, known: [String])
    case unknownParameter(model: String, name: String, valid: [String])
    case invalidParameter(model: String, name: String, expected: String, found: String)
    case unknownColumn(name: String, available: [String])
    /// The data cannot be used as given (wrong shape, single class, string target for a regressor…).
    case invalidData(String, hint: String?)
    /// A feature column has missing values and the model cannot take them.
    case missingValues(column: String, model: String)
    /// A feature column holds +inf or -inf at this 1-based data row (after preprocessing).
    case infiniteValue(column: String, row: Int)
    /// evaluate() was given no rows, so every metric would be NaN.
    case noRowsToEvaluate
    case unsupportedTask(model: String, task: Task)
    case notConverged(String)
    case corruptModel(String)
    /// `load_model` read a file that fails a check: the path and what is wrong.
    case damagedModelFile(path: String, problem: String)
    case newerFormat(found: Int, supported: Int)
    case interrupted
    /// evaluate() was given `count` of `rows` rows the model was trained on (by row identity).
    case evaluatingTrainedRows(count: Int, rows: Int)
    /// evaluate() on data of another origin: `count` rows equal training rows in every feature.
    case evaluatingTrainingValues(count: Int)
    /// `weights:` or `class_weight:` given to a model that cannot use it.
    case unsupportedWeights(model: String, option: String, supported: [String])

    public var message: String {
        switch self {
        case .unknownModel(let name, _): return "unknown model '\(name)'"
        case .unknownParameter(let model, let name, _): return "\(model)() has no parameter '\(name)'"
        case .invalidParameter(let model, let name, let expected, let found):
            return "\(model)(\(name):) must be \(expected), found \(found)"
        case .unknownColumn(let name, _): return "unknown column '\(name)'"
        case .invalidData(let message, _): return message
        case .missingValues(let column, let model): return "column '\(column)' has missing values, which \(model) cannot take"
        case .infiniteValue(let column, let row): return "column '\(column)' has an infinite value at row \(row)"
        case .noRowsToEvaluate: return "evaluate needs at least one row, found 0"
        case .unsupportedTask(let model, let task): return "\(model) does not support \(task.rawValue) tasks"
        case .notConverged(let message): return message
        case .corruptModel(let message): return "the model file is damaged: \(message)"
        case .damagedModelFile(let path, let problem): return "model file '\(path)' is damaged: \(problem)"
        case .newerFormat(let found, let supported):
            return "the model was saved in format version \(found), newer than this lathe reads (\(supported))"
        case .interrupted: return "training interrupted"
        case .evaluatingTrainedRows(let count, let rows):
            return "\(count) of the \(rows) evaluation rows \(count == 1 ? "was" : "were") used to train this model"
        case .unsupportedWeights(let model, let option, _): return "\(model) does not take \(option == "weights" ? "sample weights" : "class weights") (\(option):)"
        case .evaluatingTrainingValues(let count):
            return count == 1 ? "1 evaluation row has the same values as a training row"
                              : "\(count) evaluation rows have the same values as training rows"
        }
    }

    public var hint: String? {
        switch self {
        case .unknownModel(_, let known): return "models: \(known.joined(separator: ", "))"
        case .unknownParameter(_, let name, let valid):
            guard !valid.isEmpty else { return "it takes no parameters" }
            let list = "valid: \(valid.joined(separator: ", "))"
            return NameSuggestion.closest(to: name, in: valid, ignoringCase: true).map { "did you mean '\($0)'? \(list)" } ?? list
        case .unknownColumn(let name, let available):
            let columns = "columns: \(available.joined(separator: ", "))"
            return NameSuggestion.closest(to: name, in: available, ignoringCase: true).map { "did you mean '\($0)'? \(columns)" } ?? columns
        case .invalidData(_, let hint): return hint
        case .missingValues: return "add impute() to prep:, e.g. prep: [impute(strategy: \"median\")]"
        case .infiniteValue:
            return "drop or replace those rows before training or predicting; inf often comes from dividing by zero or log(0)"
        case .noRowsToEvaluate: return "check the filter or split that produced the data"
        case .newerFormat: return "upgrade lathe to load this model"
        case .interrupted: return "Ctrl-C stopped training; nothing was changed"
        case .evaluatingTrainedRows:
            return "evaluate on held-out rows, e.g. the test part of split(ds, test: 0.2); allow_overlap: true skips this check"
        case .evaluatingTrainingValues:
            return "this data does not come from the split the model was trained on, so rows are compared by value; " +
                "if the repeats are expected, pass allow_overlap: true"
        case .damagedModelFile:
            return "the file was changed or cut short after save_model wrote it; save the model again from the script that trained it"
        case .unsupportedWeights(_, let option, let supported):
            return "\(option): works with \(supported.joined(separator: ", ")); leave it out for this model"
        case .invalidParameter, .unsupportedTask, .notConverged, .corruptModel: return nil
        }
    }

    public var code: ErrorCode {
        switch self {
        case .unknownModel: return MLErrorCodes.unknownModel
        case .unknownParameter: return MLErrorCodes.unknownParameter
        case .invalidParameter: return MLErrorCodes.invalidParameter
        case .unknownColumn: return MLErrorCodes.unknownColumn
        case .invalidData: return MLErrorCodes.invalidData
        case .missingValues: return MLErrorCodes.missingValues
        case .infiniteValue: return MLErrorCodes.infiniteValue
        case .noRowsToEvaluate: return MLErrorCodes.noRowsToEvaluate
        case .unsupportedTask: return MLErrorCodes.unsupportedTask
        case .notConverged: return MLErrorCodes.notConverged
        case .corruptModel, .damagedModelFile: return MLErrorCodes.corruptModel
        case .newerFormat: return MLErrorCodes.newerFormat
        case .interrupted: return MLErrorCodes.interrupted
        case .evaluatingTrainedRows: return MLErrorCodes.evaluatingTrainedRows
        case .evaluatingTrainingValues: return MLErrorCodes.evaluatingTrainingValues
        case .unsupportedWeights: return MLErrorCodes.unsupportedWeights
        }
    }

    public var isInterruption: Bool { self == .interrupted }
}
