import Check
import Data
import Foundation
import LatheCore
import VM

extension NativeLibrary {
    /// String functions, behind `import "std/text"`: secondary helpers, so not global. The
    /// natives do the character work in Swift; `capitalize` and `title` are written in Lathe
    /// on top of them, as Wren's optional modules pair a C half with a Wren half. The case,
    /// trimming, replacing, prefix and splitting functions also take a string column and give
    /// a column (`Data/StringColumnBuiltins.swift`), as pandas' `.str` accessor does.
    static let text = NativeLibrary(
        name: "text", doc: "string functions on strings and string columns: case, trimming, splitting, searching, padding",
        module: "std/text", source: textSource, builtins: Builtins.text + Builtins.stringColumns)

    /// The module's Lathe half. Positions count characters, as `len` and `slice` do.
    static let textSource = """
        # std/text — the Lathe half; the natives are in Sources/Runtime/Libraries/Text/.

        # The text with its first character in upper case.
        fn capitalize(text) {
          if len(text) == 0 { return text }
          return upper(slice(text, 0, 1)) + slice(text, 1)
        }

        # Every space-separated word capitalized.
        fn title(text) {
          var out = ""
          var first = true
          for word in split_on(text, " ") {
            if not first { out += " " }
            out += capitalize(word)
            first = false
          }
          return out
        }

        """
}

extension Builtins {
    /// A builtin from one string to another, or from a string column to another.
    static func textTransform(_ name: String, _ doc: String, _ transform: @escaping @Sendable (String) -> String) -> Builtin {
        Builtin(BuiltinSignature(
            name, [BuiltinParameter("text", types: [.string, .column])], returns: .string,
            columnwise: .over("text"), doc: doc)) { args in
            if let column = try columnArgument(args, "text") {
                return try columnResult { try column.mappingStrings(name, transform) }
            }
            return .string(transform(try args.string("text")))
        }
    }

    /// `starts_with` and `ends_with`: a bool, or a mask column for a string column.
    static func affixTest(_ name: String, _ parameter: String, _ doc: String, _ test: @escaping @Sendable (String, String) -> Bool) -> Builtin {
        Builtin(BuiltinSignature(
            name, [BuiltinParameter("text", types: [.string, .column]), BuiltinParameter(parameter, types: [.string])],
            returns: .bool, columnwise: .over("text"), doc: doc)) { args in
            let affix = try args.string(parameter)
            if let column = try columnArgument(args, "text") {
                return try columnResult { try column.testingStrings(name) { test($0, affix) } }
            }
            return .bool(test(try args.string("text"), affix))
        }
    }

    /// `pad_left` and `pad_right`: the text widened to `width` characters with `fill`.
    static func padding(_ name: String, left: Bool) -> Builtin {
        Builtin(BuiltinSignature(
            name, [
                BuiltinParameter("text", types: [.string]), BuiltinParameter("width", types: [.number]),
                BuiltinParameter("fill", default: .string(" "), types: [.string]),
            ], returns: .string,
            doc: "the text widened to width characters with fill on the \(left ? "left" : "right")")) { args in
            let text = try args.string("text"), fill = try args.string("fill")
            guard fill.count == 1 else {
                throw RuntimeError("\(name)(fill:) must be one character, found \"\(fill)\"")
            }
            let missing = max(0, try args.integer("width") - text.count)
            guard missing <= 100_000_000 else { throw RuntimeError("\(name) width \(missing) is too large") }
            let pad = String(repeating: fill, count: missing)
            return .string(left ? pad + text : text + pad)
        }
    }

    static let text: [Builtin] = [
        textTransform("upper", "the text in upper case") { $0.uppercased() },
        textTransform("lower", "the text in lower case") { $0.lowercased() },
        textTransform("trim", "the text without leading and trailing whitespace") {
            $0.trimmingCharacters(in: .whitespacesAndNewlines)
        },
        Builtin(BuiltinSignature(
            "split_on", [BuiltinParameter("text", types: [.string]), BuiltinParameter("separator", types: [.string])],
            returns: .list, doc: "the pieces of the text between separators (empty pieces kept)")) { args in
            let text = try args.string("text"), separator = try args.string("separator")
            guard !separator.isEmpty else {
                throw RuntimeError("split_on needs a non-empty separator", hint: "use a list of characters instead: for c in text { … }")
            }
            return .list(text.components(separatedBy: separator).map { .string($0) })
        },
        Builtin(BuiltinSignature(
            "replace", [
                BuiltinParameter("text", types: [.string, .column]), BuiltinParameter("old", types: [.string]),
                BuiltinParameter("new", types: [.string]),
                BuiltinParameter("regex", default: .bool(false), types: [.bool],
                                 doc: "old is a regular expression; new may name groups as $1 or ${name}"),
            ], returns: .string, columnwise: .over("text"),
            doc: "the text with every occurrence of old replaced by new")) { args in
            let old = try args.string("old"), new = try args.string("new")
            let transform: @Sendable (String) -> String
            if try args.bool("regex") {
                let pattern = try regex(old, for: "replace")
                transform = { pattern.replacingMatches(in: $0, with: new) }
            } else {
                guard !old.isEmpty else { throw RuntimeError("replace needs a non-empty old text") }
                transform = { $0.replacingOccurrences(of: old, with: new) }
            }
            if let column = try columnArgument(args, "text") {
                return try columnResult { try column.mappingStrings("replace", transform) }
            }
            return .string(transform(try args.string("text")))
        },
        affixTest("starts_with", "prefix", "whether the text begins with prefix") { $0.hasPrefix($1) },
        affixTest("ends_with", "suffix", "whether the text ends with suffix") { $0.hasSuffix($1) },
        Builtin(BuiltinSignature(
            "split_part", [
                BuiltinParameter("text", types: [.string, .column]), BuiltinParameter("separator", types: [.string]),
                BuiltinParameter("index", types: [.number], doc: "0 for the first piece, -1 for the last"),
            ], columnwise: .over("text"),
            doc: "the piece at index of the text cut at separator, or null (missing) when there is none")) { args in
            let separator = try args.string("separator"), index = try args.integer("index")
            guard !separator.isEmpty else { throw RuntimeError("split_part needs a non-empty separator") }
            if let column = try columnArgument(args, "text") {
                return try columnResult {
                    try column.mappingStrings("split_part") { StringFunctions.splitPart($0, separator: separator, index: index) }
                }
            }
            return StringFunctions.splitPart(try args.string("text"), separator: separator, index: index).map { .string($0) } ?? .null
        },
        Builtin(BuiltinSignature(
            "find", [BuiltinParameter("text", types: [.string]), BuiltinParameter("part", types: [.string])],
            returns: .number, doc: "the character position of the first occurrence of part, or -1")) { args in
            let text = try args.string("text")
            guard let range = text.range(of: try args.string("part")) else { return .number(-1) }
            return .number(Double(text.distance(from: text.startIndex, to: range.lowerBound)))
        },
        padding("pad_left", left: true),
        padding("pad_right", left: false),
        Builtin(BuiltinSignature(
            "pad", [
                BuiltinParameter("text", types: [.string]), BuiltinParameter("width", types: [.number]),
                BuiltinParameter("align", default: .string("left"), types: [.string],
                                 constraint: ParameterConstraint(.choice(["left", "right", "center"])), doc: "where the text sits"),
                BuiltinParameter("fill", default: .string(" "), types: [.string]),
            ], returns: .string,
            doc: "the text widened to width characters, sitting left, right or center")) { args in
            let text = try args.string("text"), fill = try args.string("fill")
            guard fill.count == 1 else { throw RuntimeError("pad(fill:) must be one character, found \"\(fill)\"") }
            let missing = max(0, try args.integer("width") - text.count)
            guard missing <= 100_000_000 else { throw RuntimeError("pad width \(missing) is too large") }
            let before: Int
            switch try args.string("align") {
            case "right": before = missing
            case "center": before = missing / 2
            default: before = 0
            }
            return .string(String(repeating: fill, count: before) + text + String(repeating: fill, count: missing - before))
        },
        Builtin(BuiltinSignature(
            "join", [
                BuiltinParameter("items", types: [.list]), BuiltinParameter("separator", default: .string(""), types: [.string]),
            ], returns: .string,
            doc: "the items as text (as print shows them), with separator between")) { args in
            let symbols = args.vm.symbols
            return .string(try args.list("items").items.map { $0.displayString(symbols: symbols) }
                .joined(separator: try args.string("separator")))
        },
    ]
}
