/// Label text in charts: truncation and a width estimate for laying labels out.
enum ChartText {
    /// `text` cut to `maxCharacters` characters, the last one replaced by an ellipsis.
    static func truncated(_ text: String, maxCharacters: Int) -> String {
        guard text.count > maxCharacters, maxCharacters > 0 else { return text }
        return String(text.prefix(maxCharacters - 1)) + "…"
    }

    /// A generous estimate of the rendered width of `text` in the chart's sans-serif font.
    static func estimatedWidth(_ text: String, fontSize: Double) -> Double {
        Double(text.count) * fontSize * 0.62
    }
}
