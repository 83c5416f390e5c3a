import IR
import Render
import VM

/// A library value that draws itself for the prompt and the notebook. `ValueDisplay`
/// asks a handle for this first and falls back to its `summary`.
protocol RichDisplay {
    /// Terminal text fitted to `options` (width, rows, colour).
    func displayText(options: DisplayOptions) -> String
    /// A self-contained HTML fragment: tables and inline SVG, no scripts, no fetches.
    func displayHTML() -> String
}

/// The one display protocol: every Lathe value as terminal text (the REPL prompt) or as an
/// HTML fragment (the notebook). Frames are elided tables, reports metric tables with their
/// confusion matrix, models short summaries, charts terminal drawings or SVG; every other
/// value shows as `print` shows it, with strings quoted.
public enum ValueDisplay {
    /// Terminal text for a value shown at the prompt (strings quoted, as `repr`).
    public static func text(_ value: Value, symbols: SymbolTable, options: DisplayOptions = DisplayOptions()) -> String {
        if value.stringValue != nil { return value.reprString(symbols: symbols) }
        if let rich = value.handle as? RichDisplay { return rich.displayText(options: options) }
        if case .object(let object) = value.decoded, object.kind == .list {
            return ListDisplay.text(unsafeDowncast(object, to: ListObject.self), symbols: symbols, options: options)
        }
        return value.displayString(symbols: symbols)
    }

    /// A self-contained HTML fragment (no scripts, no network): tables for frames and
    /// reports, inline SVG for charts, escaped `<pre>` text for everything else. Charts
    /// take their colours from `HTMLStyle.css`, which the page around the fragment carries.
    public static func html(_ value: Value, symbols: SymbolTable) -> String {
        if let rich = value.handle as? RichDisplay { return rich.displayHTML() }
        return preformatted(text(value, symbols: symbols))
    }

    /// Text as an escaped `<pre>` block.
    static func preformatted(_ text: String) -> String {
        "<pre class=\"value\">\(HTMLEscaping.escape(text))</pre>"
    }
}
