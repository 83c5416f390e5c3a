import IR
import Render
import VM

/// Lists at the prompt: as `print` shows them, but a long list shows its head and tail
/// around `…` and says how many items it has, so a 10,000-value loss curve fits a screen.
enum ListDisplay {
    static func text(_ list: ListObject, symbols: SymbolTable, options: DisplayOptions) -> String {
        let limit = options.maxRows * 2
        guard list.items.count > limit else { return Value.object(list).reprString(symbols: symbols) }
        let head = list.items.prefix(options.maxRows).map { $0.reprString(symbols: symbols) }
        let tail = list.items.suffix(2).map { $0.reprString(symbols: symbols) }
        let items = (head + [TerminalMark.ellipsis(options)] + tail).joined(separator: ", ")
        return "[\(items)]" + TerminalMark.note("  (\(list.items.count) items)", options)
    }
}

/// The marks displays share: the ellipsis that stands for elided rows, columns or items,
/// and dimmed notes, both styled only when colour is on.
enum TerminalMark {
    static let ellipsisText = "…"

    static func ellipsis(_ options: DisplayOptions) -> String {
        note(ellipsisText, options)
    }

    static func note(_ text: String, _ options: DisplayOptions) -> String {
        TerminalStyle.dim(text, on: options.colored)
    }
}
