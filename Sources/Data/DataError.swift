import LatheCore
import NameMatching

/// Errors from reading, shaping and summarising data. Each renders as one lowercase line
/// with no trailing period; `hint` carries the fix where there is one.
///
/// Positions in CSV errors: `line` is the 1-based physical line of the file (every `\n`
/// counts, including those inside quoted fields); `column` is the 1-based index of the
/// field within its record (not a byte column).
public enum DataError: LibraryError, Equatable {
    case fileNotFound(path: String)
    case unreadable(path: String, reason: String)
    /// A file that could not be created or written.
    case unwritable(path: String, reason: String)
    /// A row the CSV grammar rejects; `reason` says how, and chooses the hint.
    case malformedCSV(path: String, line: Int, column: Int, reason: CSVMalformation)
    /// A cell that does not fit the column type given in `types:`.
    case badTypedCell(path: String, line: Int, column: Int, columnName: String, expected: String, found: String)
    case unknownColumn(name: String, available: [String])
    case typeMismatch(String)
    case sqlite(path: String, message: String)
    case invalidArgument(String)
    /// Ctrl-C stopped reading (a device or pipe that does not end, such as /dev/zero).
    case interrupted(path: String)
    /// A stratify column with a class of one row (of `classes` classes in all).
    case stratifyClassTooSmall(column: String, value: String, classes: Int)
    /// Join key columns whose types cannot match (a number with a string, a bool with a number).
    case joinKeyTypes(left: String, leftType: ColumnType, right: String, rightType: ColumnType)
    /// `validate:` said a side's keys are unique, and `key` appears `times` times on it.
    case joinNotValid(validation: String, side: String, key: String, times: Int)
    /// A `regex: true` pattern that does not compile.
    case invalidPattern(operation: String, pattern: String)

    public var message: String {
        switch self {
        case .fileNotFound(let path):
            return "cannot open '\(path)': no such file"
        case .unreadable(let path, let reason):
            return "cannot read '\(path)': \(reason)"
        case .unwritable(let path, let reason):
            return "cannot write '\(path)': \(reason)"
        case .malformedCSV(let path, let line, let column, let reason):
            return "\(path):\(line):\(column): malformed csv: \(reason)"
        case .badTypedCell(let path, let line, let column, let columnName, let expected, let found):
            return "\(path):\(line):\(column): column '\(columnName)' expects \(expected), found '\(DataError.clip(found))'"
        case .unknownColumn(let name, _):
            return "unknown column '\(name)'"
        case .typeMismatch(let message):
            return message
        case .sqlite(let path, let message):
            return "sqlite error in '\(path)': \(message)"
        case .invalidArgument(let message):
            return message
        case .invalidPattern(let operation, let pattern):
            return "'\(operation)' cannot compile the regular expression \"\(DataError.clip(pattern))\""
        case .interrupted(let path):
            return "reading '\(path)' was interrupted"
        case .stratifyClassTooSmall(let column, let value, let classes):
            return "cannot stratify on '\(column)': its class '\(DataError.clip(value))' has only 1 row (of \(classes) classes); every class needs at least 2"
        case .joinKeyTypes(let left, let leftType, let right, let rightType):
            return "cannot join key '\(left)' (\(leftType.rawValue)) with '\(right)' (\(rightType.rawValue)): the key types differ"
        case .joinNotValid(let validation, let side, let key, let times):
            return "join is not \(validation): key \(DataError.clip(key)) appears \(times) times in the \(side) dataset"
        }
    }

    public var isInterruption: Bool {
        if case .interrupted = self { return true }
        return false
    }

    /// The fix, if there is one to suggest.
    public var hint: String? {
        switch self {
        case .fileNotFound:
            return "check the path; a relative path is resolved from the current directory"
        case .unreadable:
            return "check the file's permissions and that it is a regular file"
        case .unwritable:
            return "check that the folder exists and is writable"
        case .malformedCSV(_, _, _, let reason):
            return reason.hint
        case .badTypedCell(_, _, _, let columnName, _, _):
            return "fix the cell, mark it as missing, or drop '\(columnName)' from types: to infer its type"
        case .unknownColumn(let name, let available):
            let listed = available.count > 20
                ? available.prefix(20).joined(separator: ", ") + ", …"
                : available.joined(separator: ", ")
            if let best = NameSuggestion.closest(to: name, in: available, ignoringCase: true) {
                return "did you mean '\(best)'? columns: \(listed)"
            }
            return available.isEmpty ? "the frame has no columns" : "columns: \(listed)"
        case .typeMismatch, .invalidArgument:
            return nil
        case .invalidPattern:
            return "check the brackets and escape special characters with \\\\ (as in \"\\\\.\"), or leave out regex: true to match the text as written"
        case .sqlite:
            return "check the query and that the file is an sqlite database"
        case .interrupted:
            return "Ctrl-C stopped reading; a device or pipe that never ends needs a regular file instead"
        case .stratifyClassTooSmall:
            return "stratify on classes, not a continuous value: bin it into a column and stratify on that, e.g. split(with(ds, band: ds.y > 0), test: 0.2, stratify: \"band\")"
        case .joinKeyTypes(let left, let leftType, let right, let rightType):
            if leftType == .string || rightType == .string {
                let numeric = leftType == .string ? right : left
                return "numbers join numbers and strings join strings; read the non-text key as text, e.g. dataset(path, types: {\(numeric): \"string\"})"
            }
            return "numbers join numbers, strings join strings and bools join bools; convert one side's key first"
        case .joinNotValid(let validation, let side, _, _):
            return "\(validation) needs each key at most once in the \(side) dataset: remove or aggregate the repeated keys, or pass validate: \"many_to_many\""
        }
    }

    public var code: ErrorCode {
        switch self {
        case .fileNotFound: return DataErrorCodes.fileNotFound
        case .unreadable: return DataErrorCodes.unreadable
        case .unwritable: return DataErrorCodes.unwritable
        case .malformedCSV: return DataErrorCodes.malformedCSV
        case .badTypedCell: return DataErrorCodes.badTypedCell
        case .unknownColumn: return DataErrorCodes.unknownColumn
        case .typeMismatch: return DataErrorCodes.typeMismatch
        case .sqlite: return DataErrorCodes.sqlite
        case .invalidArgument: return DataErrorCodes.invalidArgument
        case .interrupted: return DataErrorCodes.interrupted
        case .stratifyClassTooSmall: return DataErrorCodes.stratifyClassTooSmall
        case .joinKeyTypes: return DataErrorCodes.joinKeyTypes
        case .joinNotValid: return DataErrorCodes.joinNotValid
        case .invalidPattern: return DataErrorCodes.invalidPattern
        }
    }

    static func clip(_ text: String) -> String {
        text.count > 40 ? String(text.prefix(40)) + "…" : text
    }
}

/// How a CSV row breaks the grammar. Renders as the text after `malformed csv: `.
public enum CSVMalformation: Equatable, Sendable, CustomStringConvertible {
    /// A row with more or fewer fields than the header.
    case wrongFieldCount(expected: Int, found: Int)
    /// A quoted field that runs to the end of the file.
    case unterminatedQuote
    /// Something other than a delimiter or a line end right after a closing quote, as shown.
    case characterAfterQuote(String)
    /// A field whose bytes are not valid UTF-8.
    case invalidUTF8

    public var description: String {
        switch self {
        case .wrongFieldCount(let expected, let found):
            return "expected \(expected) field\(expected == 1 ? "" : "s"), found \(found)"
        case .unterminatedQuote:
            return "unterminated quote: the quoted field opened here never closes"
        case .characterAfterQuote(let shown):
            return "unexpected '\(shown)' after closing quote; expected a delimiter or the end of the line"
        case .invalidUTF8:
            return "invalid utf-8 in field; expected utf-8 text"
        }
    }

    public var hint: String {
        switch self {
        case .wrongFieldCount:
            return "every row needs as many fields as the header; quote fields that contain the delimiter"
        case .unterminatedQuote:
            return "close the quoted field with '\"'; write a quote inside a quoted field as '\"\"'"
        case .characterAfterQuote:
            return "a quoted field must end at a delimiter or the end of the line"
        case .invalidUTF8:
            return "re-save the file as utf-8, or read it with encoding: \"latin-1\""
        }
    }
}
