/// A chart drawn as one inline `<svg>` element: no `xmlns`, no ids, no scripts; its colors
/// come from the classes `HTMLStyle.css` defines, so a page that embeds it must carry that
/// stylesheet (`HTMLDocument` always does).
///
/// Every chart is accessible (`role="img"`, an `aria-label`, a `<title>` and a `<desc>`),
/// scales with its container (`viewBox`, `width="100%"`), and renders the same input to
/// the same text. Empty input draws a "no data" chart instead of failing.
public protocol SVGChart: Sendable {
    /// The `<svg>…</svg>` element.
    func render() -> String
}
