import Data
import LatheCore
import ML
import Numeric
import Testing
@testable import Runtime
import VM

/// Library errors through the `LibraryError` protocol: hints and codes chosen by case, and
/// one generic conversion into `RuntimeError`.
@Suite("Library errors")
struct LibraryErrorTests {
    @Test(arguments: [
        (CSVMalformation.wrongFieldCount(expected: 3, found: 4), "expected 3 fields, found 4",
         "every row needs as many fields as the header; quote fields that contain the delimiter"),
        (.wrongFieldCount(expected: 1, found: 2), "expected 1 field, found 2",
         "every row needs as many fields as the header; quote fields that contain the delimiter"),
        (.unterminatedQuote, "unterminated quote: the quoted field opened here never closes",
         "close the quoted field with '\"'; write a quote inside a quoted field as '\"\"'"),
        (.characterAfterQuote("y"), "unexpected 'y' after closing quote; expected a delimiter or the end of the line",
         "a quoted field must end at a delimiter or the end of the line"),
        (.invalidUTF8, "invalid utf-8 in field; expected utf-8 text",
         "re-save the file as utf-8, or read it with encoding: \"latin-1\""),
    ])
    func eachMalformedCSVReasonHasItsHint(_ reason: CSVMalformation, _ message: String, _ hint: String) {
        let error = DataError.malformedCSV(path: "a.csv", line: 2, column: 3, reason: reason)
        #expect(error.message == "a.csv:2:3: malformed csv: \(message)")
        #expect(error.hint == hint)
        #expect(error.code == DataErrorCodes.malformedCSV)
    }

    @Test func dataErrorCodesFollowTheCase() {
        let cases: [(DataError, ErrorCode)] = [
            (.fileNotFound(path: "x"), DataErrorCodes.fileNotFound),
            (.unreadable(path: "x", reason: "r"), DataErrorCodes.unreadable),
            (.unwritable(path: "x", reason: "r"), DataErrorCodes.unwritable),
            (.malformedCSV(path: "x", line: 1, column: 1, reason: .invalidUTF8), DataErrorCodes.malformedCSV),
            (.badTypedCell(path: "x", line: 1, column: 1, columnName: "c", expected: "int64", found: "a"), DataErrorCodes.badTypedCell),
            (.unknownColumn(name: "x", available: []), DataErrorCodes.unknownColumn),
            (.typeMismatch("m"), DataErrorCodes.typeMismatch),
            (.sqlite(path: "x", message: "m"), DataErrorCodes.sqlite),
            (.invalidArgument("m"), DataErrorCodes.invalidArgument),
            (.interrupted(path: "x"), DataErrorCodes.interrupted),
            (.stratifyClassTooSmall(column: "y", value: "1.5", classes: 9), DataErrorCodes.stratifyClassTooSmall),
            (.joinKeyTypes(left: "id", leftType: .int64, right: "id", rightType: .string), DataErrorCodes.joinKeyTypes),
            (.joinNotValid(validation: "one_to_one", side: "left", key: "id = 2", times: 2), DataErrorCodes.joinNotValid),
            (.invalidPattern(operation: "replace", pattern: "("), DataErrorCodes.invalidPattern),
        ]
        for (error, code) in cases { #expect(error.code == code, "\(error)") }
        #expect(Set(cases.map(\.1)) == Set(DataErrorCodes.codes))
    }

    @Test func numericErrorCodesFollowTheCase() {
        let cases: [(NumericError, ErrorCode)] = [
            (.shapeMismatch("m"), NumericErrorCodes.shapeMismatch),
            (.invalidArgument("m"), NumericErrorCodes.invalidArgument),
            (.singularMatrix("m"), NumericErrorCodes.singularMatrix),
            (.lapackFailure("m"), NumericErrorCodes.lapackFailure),
        ]
        for (error, code) in cases {
            #expect(error.code == code && error.message == "m" && error.hint == nil, "\(error)")
        }
        #expect(Set(cases.map(\.1)) == Set(NumericErrorCodes.codes))
    }

    @Test func mlErrorCodesAndHintsFollowTheCase() {
        let cases: [(MLError, ErrorCode, String?)] = [
            (.unknownModel(name: "m", known: ["a", "b"]), MLErrorCodes.unknownModel, "models: a, b"),
            (.unknownParameter(model: "knn", name: "kk", valid: ["k"]), MLErrorCodes.unknownParameter, "valid: k"),
            (.unknownParameter(model: "linear", name: "k", valid: []), MLErrorCodes.unknownParameter, "it takes no parameters"),
            (.invalidParameter(model: "knn", name: "k", expected: "a number", found: "x"), MLErrorCodes.invalidParameter, nil),
            (.unknownColumn(name: "agee", available: ["age"]), MLErrorCodes.unknownColumn, "did you mean 'age'? columns: age"),
            (.invalidData("m", hint: "h"), MLErrorCodes.invalidData, "h"),
            (.missingValues(column: "c", model: "knn"), MLErrorCodes.missingValues,
             "add impute() to prep:, e.g. prep: [impute(strategy: \"median\")]"),
            (.unsupportedTask(model: "knn", task: .regression), MLErrorCodes.unsupportedTask, nil),
            (.notConverged("m"), MLErrorCodes.notConverged, nil),
            (.corruptModel("m"), MLErrorCodes.corruptModel, nil),
            (.newerFormat(found: 3, supported: 2), MLErrorCodes.newerFormat, "upgrade lathe to load this model"),
            (.interrupted, MLErrorCodes.interrupted, "Ctrl-C stopped training; nothing was changed"),
            (.infiniteValue(column: "c", row: 3), MLErrorCodes.infiniteValue,
             "drop or replace those rows before training or predicting; inf often comes from dividing by zero or log(0)"),
            (.noRowsToEvaluate, MLErrorCodes.noRowsToEvaluate, "check the filter or split that produced the data"),
            (.damagedModelFile(path: "m", problem: "p"), MLErrorCodes.corruptModel,
             "the file was changed or cut short after save_model wrote it; save the model again from the script that trained it"),
            (.evaluatingTrainedRows(count: 1, rows: 2), MLErrorCodes.evaluatingTrainedRows,
             "evaluate on held-out rows, e.g. the test part of split(ds, test: 0.2); allow_overlap: true skips this check"),
            (.evaluatingTrainingValues(count: 2), MLErrorCodes.evaluatingTrainingValues,
             "this data does not come from the split the model was trained on, so rows are compared by value; "
                + "if the repeats are expected, pass allow_overlap: true"),
            (.unsupportedWeights(model: "knn", option: "weights", supported: ["linear", "ridge"]), MLErrorCodes.unsupportedWeights,
             "weights: works with linear, ridge; leave it out for this model"),
        ]
        for (error, code, hint) in cases {
            #expect(error.code == code && error.hint == hint, "\(error)")
            #expect(error.isInterruption == (error == .interrupted), "\(error)")
        }
        #expect(Set(cases.map(\.1)) == Set(MLErrorCodes.codes))
    }

    @Test func runtimeWrapsAnyLibraryErrorWithItsMessageHintAndCode() {
        let data = RuntimeError.wrapping(DataError.fileNotFound(path: "a.csv"))
        #expect(data.message == "cannot open 'a.csv': no such file" && data.kind == .error)
        #expect(data.hint == DataError.fileNotFound(path: "a.csv").hint && data.code == DataErrorCodes.fileNotFound)

        let numeric = RuntimeError.wrapping(NumericError.shapeMismatch("cannot broadcast shapes [3] and [4]"))
        #expect(numeric.message == "cannot broadcast shapes [3] and [4]" && numeric.hint == nil)
        #expect(numeric.code == NumericErrorCodes.shapeMismatch)

        let interrupted = RuntimeError.wrapping(MLError.interrupted)
        #expect(interrupted.kind == .interrupted && interrupted.message == "training interrupted")
        #expect(interrupted.code == MLErrorCodes.interrupted)
    }

    @Test func runtimeErrorCodesDefaultByKind() {
        #expect(RuntimeError("boom").code == RuntimeErrorCodes.builtinFailed)
        #expect(RuntimeError("stack overflow", kind: .stackOverflow).code == RuntimeErrorCodes.stackOverflow)
        #expect(RuntimeError("interrupted", kind: .interrupted).code == RuntimeErrorCodes.interrupted)
        #expect(RuntimeError("x", code: RuntimeErrorCodes.cannotIndex).code == RuntimeErrorCodes.cannotIndex)
        struct Other: Error {}
        #expect(RuntimeError.wrapping(Other()).code == RuntimeErrorCodes.builtinFailed)
    }
}
