import Check
import Data
import VM

/// The column half of the string builtins: `upper(ds.name)`, `contains(ds.city, "ville")`,
/// `replace(ds.phone, "[^0-9]", "", regex: true)`. The scalar builtins (`std/text`, and core's
/// `contains`) hand a column argument here; the work is `Column.mappingStrings` and its
/// siblings in Data, once per distinct value. Missing rows stay missing.
extension Builtins {
    /// The string column bound to `parameter`, or nil when the argument is not a column.
    static func columnArgument(_ args: Arguments, _ parameter: String) throws -> Column? {
        (try args[parameter].handle as? ColumnObject)?.column
    }

    /// A new column value from library code that may throw.
    static func columnResult(_ body: () throws -> Column) throws -> Value {
        .object(ColumnObject(try library(body)))
    }

    /// `text` compiled as a regular expression, once for the whole call.
    static func regex(_ text: String, for operation: String) throws -> TextPattern {
        try library { try TextPattern(text, for: operation) }
    }

    /// `concat_str` and `len_chars`: string builtins made for columns (the scalar forms of the
    /// others live with them in `std/text`).
    static let stringColumns: [Builtin] = [
        Builtin(BuiltinSignature(
            "concat_str", [
                BuiltinParameter("pieces", types: [.list], doc: "columns and strings, joined left to right"),
                BuiltinParameter("separator", default: .string(""), types: [.string], doc: "put between pieces"),
            ], returns: .column,
            doc: "a string column joining each row's pieces, missing where any piece is missing")) { args in
            let separator = try args.string("separator")
            var pieces: [StringPiece] = []
            for item in try args.list("pieces").items {
                if let text = item.stringValue {
                    pieces.append(.text(text))
                } else if let column = item.handle as? ColumnObject {
                    pieces.append(.column(column.column))
                } else {
                    throw RuntimeError("'concat_str' expects columns and strings in 'pieces', found \(item.typeName)",
                                       hint: "turn other values into text first with str(…)")
                }
            }
            let name = pieces.lazy.compactMap { piece -> String? in
                if case .column(let column) = piece { return column.name }
                return nil
            }.first ?? ""
            return try columnResult { try Column.concatenating(pieces, separator: separator, name: name) }
        },
        Builtin(BuiltinSignature(
            "len_chars", [BuiltinParameter("text", types: [.string, .column])], returns: .number,
            columnwise: .over("text"),
            doc: "the characters in a string, or in each row of a string column (len(column) counts its rows)")) { args in
            if let column = try columnArgument(args, "text") {
                return try columnResult { try column.measuringStrings("len_chars", StringFunctions.length) }
            }
            return .number(Double(StringFunctions.length(try args.string("text"))))
        },
    ]
}
