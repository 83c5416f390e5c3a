import NameMatching
/// Errors from reading, shaping and summarising data. Each renders as one lowercase line
/// with no trailing period; `hint` carries the fix where there is one.
///
/// Positions in CSV errors: `line` is the 1-based physical line of the file (every `\n`
/// counts, including those inside quoted fields); `column` is the 1-based index of the
/// field within its record (not a byte column).
public enum DataError: Error, Equatable, CustomStringConvertible {
    case fileNotFound(path: String)
    case unreadable(path: String, reason: String)
    /// A file that could not be created or written.
    case unwritable(path: String, reason: String)
    /// Ragged row, unterminated quote, stray character after a closing quote, invalid UTF-8.
    case malformedCSV(path: String, line: Int, column: Int, message: String)
    /// A cell that does not fit the column type given in `types:`.
    case badTypedCell(path: String, line: Int, column: Int, columnName: String, expected: String, found: String)
    case unknownColumn(name: String, available: [String])
    case typeMismatch(String)
    case sqlite(path: String, message: String)
    case invalidArgument(String)

    public var description: String {
        switch self {
        case .fileNotFound(let path):
            return "cannot open '\(path)': no such file"
        case .unreadable(let path, let reason):
            return "cannot read '\(path)': \(reason)"
        case .unwritable(let path, let reason):
            return "cannot write '\(path)': \(reason)"
        case .malformedCSV(let path, let line, let column, let message):
            return "\(path):\(line):\(column): malformed csv: \(message)"
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
        }
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
        case .malformedCSV(_, _, _, let message):
            if message.hasPrefix("unterminated quote") {
                return "close the quoted field with '\"'; write a quote inside a quoted field as '\"\"'"
            }
            if message.hasPrefix("expected") {
                return "every row needs as many fields as the header; quote fields that contain the delimiter"
            }
            if message.contains("utf-8") {
                return "re-save the file as utf-8, or read it with encoding: \"latin-1\""
            }
            if message.contains("closing quote") {
                return "a quoted field must end at a delimiter or the end of the line"
            }
            return nil
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
        case .sqlite:
            return "check the query and that the file is an sqlite database"
        }
    }

    static func clip(_ text: String) -> String {
        text.count > 40 ? String(text.prefix(40)) + "…" : text
    }
}
