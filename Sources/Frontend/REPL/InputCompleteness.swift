import Foundation
import Syntax

/// Whether a REPL input is complete or should continue on a `...` prompt, decided by the
/// lexer and the parser: an input continues while a bracket, brace or parenthesis is open, or
/// when its only syntax errors are at the very end of the input (`1 +`, `fn f() =>`). Strings
/// end on the line they start on (grammar/lathe.ebnf), so an unterminated string is an error
/// at once, not a reason to continue.
public enum InputCompleteness {
    public static func needsMoreInput(_ text: String) -> Bool {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return false }
        let file = SourceFile(id: 0, path: "<input>", text: text)
        var lexer = Lexer(file: file)
        let (tokens, lexDiagnostics) = lexer.tokenize()
        if lexDiagnostics.contains(where: \.isError) { return false }
        var depth = 0
        for token in tokens {
            switch token.kind {
            case .leftParen, .leftBracket, .leftBrace: depth += 1
            case .rightParen, .rightBracket, .rightBrace: depth -= 1
            default: break
            }
            // A closing bracket too many will never be balanced by more input.
            if depth < 0 { return false }
        }
        if depth > 0 { return true }
        let parsed = Parser.parse(file: file)
        let errors = parsed.diagnostics.filter(\.isError)
        guard !errors.isEmpty else { return false }
        let end = text.utf8.count
        // Where the text stops, ignoring trailing blanks: an error there means "found end of file".
        let lastContent = end - (text.utf8.reversed().prefix { $0 == 32 || $0 == 10 || $0 == 9 || $0 == 13 }.count)
        return errors.allSatisfy { $0.span.start >= lastContent }
    }
}
