import Data

/// Reference and current shares over shared bins, binned as js, psi and kl bin (before
/// PSI's zero filling): for the report's charts.
public struct Histogram: Sendable, Equatable {
    /// Bin edges (bins + 1) for a numeric column with more than 20 distinct reference values.
    public var edges: [Double]?
    /// One label per bin otherwise: the category, or the numeric value as text.
    public var categories: [String]?
    /// The numeric value of each bin when the bins are a numeric column's distinct values.
    public var values: [Double]?
    public var referenceShares: [Double]
    public var currentShares: [Double]

    /// The histogram of two columns; empty shares when either has no usable value or their kinds differ.
    public static func shared(reference: Column, current: Column) -> Histogram {
        guard case .success(let sample) = ColumnSample.make(reference: reference, current: current) else {
            return Histogram(edges: nil, categories: [], values: nil, referenceShares: [], currentShares: [])
        }
        let (edges, table) = Binning.shares(sample)
        if let edges {
            return Histogram(edges: edges, categories: nil, values: nil, referenceShares: table.reference, currentShares: table.current)
        }
        switch sample {
        case .categorical(let keys, _, _):
            return Histogram(edges: nil, categories: keys, values: nil, referenceShares: table.reference, currentShares: table.current)
        case .numeric(let a, let b, _):
            var values: [Double] = []
            var i = 0, j = 0
            while i < a.count || j < b.count {
                let v = (j >= b.count || (i < a.count && a[i] <= b[j])) ? a[i] : b[j]
                values.append(v)
                while i < a.count && a[i] == v { i += 1 }
                while j < b.count && b[j] == v { j += 1 }
            }
            let labels = values.map { $0 == $0.rounded() && abs($0) < 1e15 ? String(Int64($0)) : String($0) }
            return Histogram(edges: nil, categories: labels, values: values, referenceShares: table.reference, currentShares: table.current)
        }
    }
}
