import Check
import Foundation
import LatheCore
import VM

extension NativeLibrary {
    /// String functions, behind `import "std/text"`: secondary helpers, so not global. The
    /// natives do the character work in Swift; `capitalize` and `title` are written in Lathe
    /// on top of them, as Wren's optional modules pair a C half with a Wren half.
    static let text = NativeLibrary(
        name: "text", doc: "string functions: case, trimming, splitting, searching, padding",
        module: "std/text", source: textSource, builtins: Builtins.text)

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
    /// A builtin from one string to another.
    static func textTransform(_ name: String, _ doc: String, _ transform: @escaping (String) -> String) -> Builtin {
        Builtin(BuiltinSignature(name, [BuiltinParameter("text", types: [.string])], returns: .string, doc: doc)) { args in
            .string(transform(try args.string("text")))
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
                BuiltinParameter("text", types: [.string]), BuiltinParameter("old", types: [.string]),
                BuiltinParameter("new", types: [.string]),
            ], returns: .string, doc: "the text with every occurrence of old replaced by new")) { args in
            let old = try args.string("old")
            guard !old.isEmpty else { throw RuntimeError("replace needs a non-empty old text") }
            return .string(try args.string("text").replacingOccurrences(of: old, with: try args.string("new")))
        },
        Builtin(BuiltinSignature(
            "starts_with", [BuiltinParameter("text", types: [.string]), BuiltinParameter("prefix", types: [.string])],
            returns: .bool, doc: "whether the text begins with prefix")) { args in
            .bool(try args.string("text").hasPrefix(try args.string("prefix")))
        },
        Builtin(BuiltinSignature(
            "ends_with", [BuiltinParameter("text", types: [.string]), BuiltinParameter("suffix", types: [.string])],
            returns: .bool, doc: "whether the text ends with suffix")) { args in
            .bool(try args.string("text").hasSuffix(try args.string("suffix")))
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
