#if canImport(Glibc)
import Glibc
#endif

/// numpy's histogram helpers as Evidently uses them.
enum Binning {
    /// `np.histogram_bin_edges(x, bins="sturges")` for data with the given minimum, maximum and
    /// size; `integer` applies numpy's rule that an integer array's bins are at least 1 wide.
    static func sturgesEdges(min lo: Double, max hi: Double, count: Int, integer: Bool) -> [Double] {
        var first = lo, last = hi
        if first == last { first -= 0.5; last += 0.5 }
        var bins = 1
        if count > 0 {
            var width = (hi - lo) / (log2(Double(count)) + 1.0)
            if width != 0 {
                if integer && width < 1 { width = 1 }
                bins = Int(((last - first) / width).rounded(.up))
            }
        }
        return linspace(first, last, bins + 1)
    }

    /// `np.linspace(start, stop, num)` with the endpoint.
    static func linspace(_ start: Double, _ stop: Double, _ num: Int) -> [Double] {
        let div = Double(num - 1)
        let delta = stop - start
        let step = delta / div
        var y = (0..<num).map { step == 0 ? Double($0) / div * delta : Double($0) * step }
        for i in y.indices { y[i] += start }
        if num > 1 { y[num - 1] = stop }
        return y
    }

    /// `np.histogram(x, bins=edges)[0]` for sorted x: bin i holds edges[i] ≤ v < edges[i+1], the
    /// last bin also v == edges.last; values outside are not counted.
    static func counts(sorted x: [Double], edges: [Double]) -> [Double] {
        let bins = edges.count - 1
        var out = [Double](repeating: 0, count: bins)
        // cumulative: number of x < edge (left) for all but the last edge, ≤ last edge (right)
        var cum = [Int](repeating: 0, count: edges.count)
        for e in 0..<edges.count {
            cum[e] = e == edges.count - 1 ? upperBound(x, edges[e]) : lowerBound(x, edges[e])
        }
        for b in 0..<bins { out[b] = Double(cum[b + 1] - cum[b]) }
        return out
    }

    static func lowerBound(_ x: [Double], _ v: Double) -> Int {
        var lo = 0, hi = x.count
        while lo < hi { let mid = (lo + hi) / 2; if x[mid] < v { lo = mid + 1 } else { hi = mid } }
        return lo
    }

    static func upperBound(_ x: [Double], _ v: Double) -> Int {
        var lo = 0, hi = x.count
        while lo < hi { let mid = (lo + hi) / 2; if x[mid] <= v { lo = mid + 1 } else { hi = mid } }
        return lo
    }

    /// Evidently's `get_binned_data` without the zero filling: Sturges bins over both samples
    /// for a numeric column with more than 20 distinct reference values, else one bin per value
    /// or category seen in either sample. Shares are of each sample's (cleaned) size.
    static func shares(_ sample: ColumnSample) -> (edges: [Double]?, table: CountTable) {
        let (nRef, nCur) = sample.counts
        var table: CountTable
        var edges: [Double]? = nil
        if case .numeric(let a, let b, let integer) = sample, sample.referenceUniqueCount > 20 {
            let e = sturgesEdges(min: Swift.min(a[0], b[0]), max: Swift.max(a[a.count - 1], b[b.count - 1]),
                                 count: a.count + b.count, integer: integer)
            table = CountTable(reference: counts(sorted: a, edges: e), current: counts(sorted: b, edges: e))
            edges = e
        } else {
            table = sample.countTable
        }
        table.reference = table.reference.map { $0 / Double(nRef) }
        table.current = table.current.map { $0 / Double(nCur) }
        return (edges, table)
    }

    /// Evidently's Hellinger distance for a numeric column: Sturges bins over the distinct values
    /// of both samples, density histograms, Σ √(p·q)·width.
    static func hellingerNumeric(_ a: [Double], _ b: [Double], integer: Bool) -> Double {
        let distinct = CountTable.distinctCount(a, b)
        let lo = Swift.min(a[0], b[0]), hi = Swift.max(a[a.count - 1], b[b.count - 1])
        let edges = sturgesEdges(min: lo, max: hi, count: distinct, integer: integer)
        let h1 = density(counts(sorted: a, edges: edges), edges)
        let h2 = density(counts(sorted: b, edges: edges), edges)
        let width = (edges[edges.count - 1] - edges[0]) / Double(edges.count - 1)
        var s = 0.0
        for i in h1.indices { s += (h1[i] * h2[i]).squareRoot() * width }
        return (1 - Swift.min(Swift.max(s, 0), 1)).squareRoot()
    }

    /// `np.histogram(..., density=True)`: n / db / n.sum().
    private static func density(_ n: [Double], _ edges: [Double]) -> [Double] {
        let total = n.reduce(0, +)
        return n.indices.map { n[$0] / (edges[$0 + 1] - edges[$0]) / total }
    }
}
