@preconcurrency import CEditLine
import Foundation
import _LatheSignals

/// Where the REPL's lines come from: libedit on a terminal, plain lines otherwise.
protocol LineReader: AnyObject {
    func read(prompt: String) -> LineReadResult
    /// Remembers a complete input in the history (and its file, if any).
    func remember(_ input: String)
    /// The history, oldest first.
    var history: [String] { get }
}

enum LineReadResult: Equatable {
    case line(String)
    /// Ctrl-C at the prompt: drop the input being typed.
    case interrupted
    /// Ctrl-D, or the end of piped input.
    case end
}

/// Plain lines from stdin with no prompt, for pipes and tests.
final class PlainLineReader: LineReader {
    private(set) var history: [String] = []

    func read(prompt: String) -> LineReadResult {
        guard let line = Swift.readLine(strippingNewline: true) else { return .end }
        return .line(line)
    }

    func remember(_ input: String) { history.append(input) }
}

/// libedit's readline emulation: line editing, history with search (Ctrl-R) kept in a file,
/// and tab completion through `completer`.
final class EditLineReader: LineReader {
    let historyPath: String?
    /// Inputs kept in the history file, at most.
    static let historyLimit: Int32 = 2000

    init(historyPath: String?, completer: @escaping (_ line: String, _ word: String) -> [String]) {
        self.historyPath = historyPath
        EditLineCompletion.completer = completer
        rl_readline_name = UnsafePointer(strdup("lathe"))
        using_history()
        stifle_history(Self.historyLimit)
        if let historyPath { read_history(historyPath) }
        rl_attempted_completion_function = { text, _, _ in EditLineCompletion.complete(text) }
    }

    var history: [String] {
        var entries: [String] = []
        let count = history_length
        for offset in 0..<count {
            if let entry = history_get(history_base + offset), let line = entry.pointee.line {
                entries.append(String(cString: line))
            }
        }
        return entries
    }

    func read(prompt: String) -> LineReadResult {
        lathe_clear_interrupt()
        guard let raw = readline(prompt) else {
            // readline gives up on a read that SIGINT interrupted: that is Ctrl-C, not Ctrl-D.
            return lathe_take_interrupt() != 0 ? .interrupted : .end
        }
        defer { free(raw) }
        if lathe_take_interrupt() != 0 { return .interrupted }
        return .line(String(cString: raw))
    }

    func remember(_ input: String) {
        guard !input.trimmingBlanks().isEmpty else { return }
        add_history(input)
        if let historyPath { write_history(historyPath) }
    }
}

/// The completion hook's state: libedit calls a C function, which cannot capture a context.
enum EditLineCompletion {
    nonisolated(unsafe) static var completer: ((String, String) -> [String])?

    /// The readline contract: a malloc'd, NULL-terminated array whose first entry replaces the
    /// word (the longest common prefix of the matches), followed by the matches; nil for none.
    static func complete(_ text: UnsafePointer<CChar>?) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
        rl_attempted_completion_over = 1  // never fall back to file names
        let word = text.map { String(cString: $0) } ?? ""
        let line = rl_line_buffer.map { String(cString: $0) } ?? ""
        let upToCursor = String(decoding: line.utf8.prefix(Int(rl_point)), as: UTF8.self)
        // Inside a string (a model's name in `model("`), a completed word must not gain a space.
        let insideString = upToCursor.utf8.filter { $0 == UInt8(ascii: "\"") }.count % 2 == 1
        rl_completion_append_character = insideString ? 0 : 32
        guard let matches = completer?(upToCursor, word), !matches.isEmpty else { return nil }
        let entries = matches.count == 1 ? matches : [commonPrefix(matches)] + matches
        // libedit frees the array and its strings with free(), so both come from malloc.
        let raw = malloc(MemoryLayout<UnsafeMutablePointer<CChar>?>.stride * (entries.count + 1))!
        let result = raw.bindMemory(to: UnsafeMutablePointer<CChar>?.self, capacity: entries.count + 1)
        for (index, entry) in entries.enumerated() { result[index] = strdup(entry) }
        result[entries.count] = nil
        return result
    }

    static func commonPrefix(_ words: [String]) -> String {
        guard var prefix = words.first else { return "" }
        for word in words.dropFirst() {
            while !word.hasPrefix(prefix) { prefix.removeLast() }
        }
        return prefix
    }
}
