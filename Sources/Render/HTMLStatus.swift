/// The status a table cell or a badge carries. Each case is a CSS class (`status-ok`, …) whose
/// colors are fixed in `HTMLStyle`.
public enum HTMLStatus: String, Sendable, CaseIterable {
    /// Within bounds: green.
    case ok
    /// Worth a look: amber.
    case warning
    /// Out of bounds: red.
    case alert
    /// Not applicable or not evaluated: grey.
    case muted

    /// The CSS class that colors this status.
    var cssClass: String { "status-" + rawValue }
}
