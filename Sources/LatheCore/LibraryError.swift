/// An error a library (Numeric, Data, ML, and later Store and Monitor) throws. The Runtime
/// turns any `LibraryError` into a runtime diagnostic in one place, without knowing the
/// library: the message is the diagnostic's text, the hint its `hint:` line, and the code
/// its entry in the library's `ErrorCatalogue`.
public protocol LibraryError: Error, CustomStringConvertible {
    /// One line, lowercase, no trailing period; names the offending thing.
    var message: String { get }
    /// How to fix it, chosen by the error's case; nil when there is nothing useful to add.
    var hint: String? { get }
    var code: ErrorCode { get }
    /// Whether the user stopped the work (Ctrl-C) rather than something failing.
    var isInterruption: Bool { get }
}

extension LibraryError {
    public var isInterruption: Bool { false }
    public var description: String { message }
}
