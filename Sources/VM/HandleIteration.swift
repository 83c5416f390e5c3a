import IR

/// A library value a `for` loop can visit: a dataset gives its rows as records, a column its
/// values. The items are made when the loop starts, as one list the loop then walks.
public protocol IterableHandle: AnyObject {
    /// The items in order; records take their keys from `symbols`.
    func iterationItems(symbols: SymbolTable) -> [Value]
}
