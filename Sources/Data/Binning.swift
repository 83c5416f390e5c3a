import Foundation
import LatheCore
import Numeric

/// Binning a numeric column into intervals, as pandas' `cut` and `qcut`.
///
/// - Intervals are right-closed `(a, b]` unless `right: false` makes them `[a, b)`; a value on
///   no interval (outside the edges, or on the open first edge) is missing, as are missing
///   values. `includeLowest` closes the first interval on the left too.
/// - `cut` with a bin count spans the range of the values with equal widths, the first edge
///   moved down by 0.1% of the range (the last edge up, when `right: false`), as pandas.
/// - `qcut` takes its edges from the quantiles of the present values (numpy's linear
///   interpolation) and always includes the lowest.
/// - Labels: the intervals as pandas prints them (`(0.5, 1.0]`, edges rounded to the fewest
///   digits past `precision` significant ones that keep them apart, integers without `.0`),
///   names given by the caller, or the bin numbers (pandas' `labels=False`).
public struct Binning: Sendable {
    /// What each bin is called.
    public enum Labels: Sendable, Equatable {
        /// `(a, b]` text, as pandas' interval categories print.
        case intervals
        /// One name a bin, in bin order.
        case names([String])
        /// The bin number from 0, an int64 column.
        case numbers
    }

    public var edges: [Double]
    public var right: Bool
    public var includeLowest: Bool
    /// Whether the labels print the edges as integers: edges a caller gave as whole numbers
    /// (pandas keeps an integer list's dtype); computed edges are floats.
    public var integerEdges: Bool

    /// Bins at explicit edges, which must increase strictly.
    public init(edges: [Double], right: Bool = true, includeLowest: Bool = false) throws {
        guard edges.count >= 2 else { throw DataError.invalidArgument("cut needs at least two bin edges, got \(edges.count)") }
        guard edges.allSatisfy(\.isFinite) else { throw DataError.invalidArgument("bin edges must be finite numbers") }
        for i in 1..<edges.count where !(edges[i - 1] < edges[i]) {
            throw DataError.invalidArgument(edges[i - 1] == edges[i]
                ? "bin edges must be unique, but \(Scalar.format(number: edges[i])) repeats"
                : "bin edges must increase, but \(Scalar.format(number: edges[i - 1])) comes before \(Scalar.format(number: edges[i]))")
        }
        self.edges = edges
        self.right = right
        self.includeLowest = includeLowest
        self.integerEdges = edges.allSatisfy { $0.rounded() == $0 && Swift.abs($0) < 1e15 }
    }

    /// `count` equal-width bins over the range of `values` (NaN ignored), as pandas' `cut(x, n)`.
    public init(count: Int, over values: [Double], right: Bool = true, includeLowest: Bool = false) throws {
        guard count >= 1 else { throw DataError.invalidArgument("cut needs at least 1 bin, got \(count)") }
        var low = Double.infinity, high = -Double.infinity
        for x in values where !x.isNaN {
            low = Swift.min(low, x)
            high = Swift.max(high, x)
        }
        guard low <= high else { throw DataError.invalidArgument("cut needs at least one present value to find the bins") }
        guard low.isFinite && high.isFinite else { throw DataError.invalidArgument("cut cannot span infinite values with a bin count") }
        var edges: [Double]
        if low == high {
            // pandas widens a single value by 0.1% on each side.
            let shift = low != 0 ? 0.001 * Swift.abs(low) : 0.001
            edges = Binning.linspace(low - shift, high + shift, count + 1)
        } else {
            edges = Binning.linspace(low, high, count + 1)
            let adjust = (high - low) * 0.001
            if right { edges[0] -= adjust } else { edges[count] += adjust }
        }
        try self.init(edges: edges, right: right, includeLowest: includeLowest)
        integerEdges = false
    }

    /// Bins at the `quantiles` (in [0, 1], increasing) of the present values, lowest included,
    /// as pandas' `qcut`.
    public static func quantiles(_ quantiles: [Double], of values: [Double]) throws -> Binning {
        guard quantiles.allSatisfy({ $0 >= 0 && $0 <= 1 }) else {
            throw DataError.invalidArgument("qcut quantiles must lie in [0, 1]")
        }
        let edges = Tensor(values).nanQuantiles(quantiles)
        guard edges.allSatisfy({ !$0.isNaN }) else { throw DataError.invalidArgument("qcut needs at least one present value") }
        for i in edges.indices.dropFirst() where edges[i - 1] == edges[i] {
            throw DataError.invalidArgument(
                "qcut's bin edges must be unique, but \(Scalar.format(number: edges[i])) repeats: too many bins for values this repetitive")
        }
        var binning = try Binning(edges: edges, right: true, includeLowest: true)
        binning.integerEdges = false
        return binning
    }

    /// `count + 1` evenly spaced quantiles from 0 to 1, for `qcut(x, count)`.
    public static func evenQuantiles(_ count: Int) throws -> [Double] {
        guard count >= 1 else { throw DataError.invalidArgument("qcut needs at least 1 bin, got \(count)") }
        return linspace(0, 1, count + 1)
    }

    /// numpy's `linspace(start, stop, n)`: `start + i · step`, the last value exactly `stop`.
    static func linspace(_ start: Double, _ stop: Double, _ n: Int) -> [Double] {
        guard n > 1 else { return [start] }
        let step = (stop - start) / Double(n - 1)
        var out = (0..<n).map { Double($0) * step + start }
        out[n - 1] = stop
        return out
    }

    /// The bin of each value, -1 for none. - Complexity: O(count · log(bins)).
    public func bins(of values: [Double]) -> [Int32] {
        let last = edges.count
        return values.map { x in
            guard !x.isNaN else { return -1 }
            // numpy searchsorted: side "left" for right-closed bins, "right" otherwise.
            var low = 0, high = last
            while low < high {
                let mid = (low + high) / 2
                if right ? edges[mid] < x : edges[mid] <= x { low = mid + 1 } else { high = mid }
            }
            var id = low
            if includeLowest && x == edges[0] { id = 1 }
            return id == 0 || id == last ? -1 : Int32(id - 1)
        }
    }

    /// The binned column: `column`'s values placed in the bins and named by `labels`.
    public func apply(to column: Column, labels: Labels, precision: Int = 3) throws -> Column {
        let values = try column.numbers(for: "cut")
        let ids = bins(of: values)
        switch labels {
        case .numbers:
            return Column(name: column.name, storage: .int64(ids.map { Int64($0) }, valid: Column.normalized(ids.map { $0 >= 0 })))
        case .names(let names):
            guard names.count == edges.count - 1 else {
                throw DataError.invalidArgument("labels needs one name a bin: \(edges.count - 1) bins, \(names.count) labels")
            }
            return Binning.categorical(column.name, ids, names)
        case .intervals:
            return Binning.categorical(column.name, ids, intervalLabels(precision: precision))
        }
    }

    /// A string column from bin ids and one label a bin, categories in first-appearance order.
    static func categorical(_ name: String, _ ids: [Int32], _ labels: [String]) -> Column {
        var renumbered = [Int32](repeating: -1, count: labels.count)
        var categories: [String] = []
        var index: [String: Int32] = [:]
        var codes = [Int32](repeating: -1, count: ids.count)
        for row in ids.indices where ids[row] >= 0 {
            let bin = Int(ids[row])
            if renumbered[bin] < 0 {
                // Two bins may share a name; they share a category.
                if let code = index[labels[bin]] {
                    renumbered[bin] = code
                } else {
                    renumbered[bin] = Int32(categories.count)
                    index[labels[bin]] = renumbered[bin]
                    categories.append(labels[bin])
                }
            }
            codes[row] = renumbered[bin]
        }
        return Column(name: name, storage: .categorical(codes: codes, categories: categories))
    }

    /// pandas' interval labels: `(a, b]` or `[a, b)`, edges rounded as `_format_labels` does.
    public func intervalLabels(precision: Int = 3) -> [String] {
        let digits = Binning.inferPrecision(precision, edges)
        var breaks = edges.map { Binning.roundFraction($0, digits) }
        var integral = integerEdges
        if right && includeLowest {
            breaks[0] -= pow(10, Double(-digits))
            integral = false
        }
        let text: (Double) -> String = { integral ? String(Int64($0)) : Column.format($0) }
        return (0..<(breaks.count - 1)).map { i in
            right ? "(\(text(breaks[i])), \(text(breaks[i + 1]))]" : "[\(text(breaks[i])), \(text(breaks[i + 1])))"
        }
    }

    /// pandas' `_round_frac`: `precision` digits after the leading zeros of a number below 1,
    /// `precision` decimals otherwise.
    static func roundFraction(_ x: Double, _ precision: Int) -> Double {
        guard x.isFinite, x != 0 else { return x }
        let whole = x.rounded(.towardZero)
        let digits = whole == 0 ? -Int(Foundation.log10(Swift.abs(x - whole)).rounded(.down)) - 1 + precision : precision
        return Column.round(x, digits: digits)
    }

    /// pandas' `_infer_precision`: the first precision from `base` up to 19 at which the
    /// rounded edges stay distinct.
    static func inferPrecision(_ base: Int, _ edges: [Double]) -> Int {
        for precision in base..<20 where Set(edges.map { roundFraction($0, precision) }).count == edges.count {
            return precision
        }
        return base
    }
}
