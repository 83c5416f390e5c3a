/// ANSI styling for terminal text. Every function returns `text` unchanged when `on` is
/// false, so a caller draws once and colours only where the terminal and `NO_COLOR` allow.
public enum TerminalStyle {
    /// Bold: table headers.
    public static func bold(_ text: String, on: Bool) -> String { wrap(text, "1", on) }
    /// Dim: rules, dtype lines, elision marks, axis labels.
    public static func dim(_ text: String, on: Bool) -> String { wrap(text, "2", on) }
    /// A foreground colour for chart series `index` (blue, orange, green, magenta, cyan, red).
    public static func series(_ text: String, index: Int, on: Bool) -> String {
        let codes = ["34", "33", "32", "35", "36", "31"]
        return wrap(text, codes[((index % codes.count) + codes.count) % codes.count], on)
    }

    private static func wrap(_ text: String, _ code: String, _ on: Bool) -> String {
        guard on, !text.isEmpty else { return text }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }
}
