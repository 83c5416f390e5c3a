import IR

/// A library value a `for` loop can visit: a dataset gives its rows as records, a column its
/// values. Items are made one at a time as the loop asks for them, so a loop that stops
/// early over a million rows builds only the rows it saw.
public protocol IterableHandle: AnyObject {
    /// How many items the loop visits.
    var iterationCount: Int { get }
    /// Gives item `index` (0 ..< `iterationCount`). Made once per loop, so per-loop work
    /// (a dataset's column names interned in `symbols`) is done once.
    func iterationItems(symbols: SymbolTable) -> (Int) -> Value
}
