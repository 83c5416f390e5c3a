import Check
import LatheCore
import NameMatching
import Runtime
import Syntax
import VM

/// Every layer's error catalogue in one list, read by `lathe explain` and the uniqueness test.
public enum ErrorCatalogues {
    public static let all: [any ErrorCatalogue.Type] =
        [SyntaxErrorCodes.self, CheckErrorCodes.self, RuntimeErrorCodes.self]
        + LibraryErrorCatalogues.all
        + [FrontendErrorCodes.self]

    /// Every code with the layer whose catalogue declares it, in catalogue order.
    public static var entries: [(layer: String, code: ErrorCode)] {
        all.flatMap { catalogue in catalogue.codes.map { (catalogue.layer, $0) } }
    }

    /// The entry for `code`, accepting any letter case (`e0163` finds `E0163`).
    public static func entry(for code: String) -> (layer: String, code: ErrorCode)? {
        let wanted = code.uppercased()
        return entries.first { $0.code.code == wanted }
    }

    /// The closest known code to a mistyped one, for "did you mean".
    public static func suggestion(for code: String) -> String? {
        NameSuggestion.closest(to: code.uppercased(), in: entries.map(\.code.code))
    }

    /// What `lathe explain` prints: the code and title, the explanation wrapped at 80
    /// columns, then the example indented as a code block.
    public static func explanation(of entry: (layer: String, code: ErrorCode)) -> String {
        let example = entry.code.example.split(separator: "\n", omittingEmptySubsequences: false)
            .map { "    \($0)" }.joined(separator: "\n")
        return """
            \(entry.code.code): \(entry.code.title) (\(entry.layer))

            \(wrapped(entry.code.explanation, width: 80))

            Example:

            \(example)

            """
    }

    /// Breaks `text` into lines of at most `width` characters at spaces (a longer word keeps
    /// its own line).
    static func wrapped(_ text: String, width: Int) -> String {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty, line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            line += line.isEmpty ? String(word) : " " + word
        }
        if !line.isEmpty { lines.append(line) }
        return lines.joined(separator: "\n")
    }
}

extension ScriptRunner {
    /// `lathe explain CODE`: prints the code's explanation, or reports an unknown code as a
    /// usage error with the closest known code.
    public func explain(_ code: String, output: (String) -> Void) -> ExitStatus {
        guard let entry = ErrorCatalogues.entry(for: code) else {
            let hint = ErrorCatalogues.suggestion(for: code).map { "did you mean '\($0)'?" }
                ?? "codes look like E0163; each error's code is listed in its layer's catalogue"
            fail("unknown error code '\(code)'", hint: hint)
            return .usage
        }
        output(ErrorCatalogues.explanation(of: entry))
        return .success
    }
}
