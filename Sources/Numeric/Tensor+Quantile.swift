/// Quantiles with numpy's default method ('linear', Hyndman–Fan type 7): for sorted
/// values s₀ ≤ … ≤ sₙ₋₁ the q-quantile sits at virtual index h = (n − 1)·q and is
/// s⌊h⌋ + (h − ⌊h⌋)·(s⌊h⌋₊₁ − s⌊h⌋), evaluated with numpy's two-sided lerp so results
/// match numpy. q = 0 gives the minimum and q = 1 the maximum.
///
/// NaN semantics: `quantile` is NaN if any element is NaN (numpy `quantile`);
/// `nanQuantile` ignores NaNs (numpy `nanquantile`, pandas `quantile`). An empty input
/// or a q outside [0, 1] (or NaN) gives NaN; `Tensor.checkQuantile` turns the latter
/// into an error message for callers that want one.
extension Tensor {
    /// The q-quantile of all elements. A single quantile uses selection (quickselect
    /// with a sorting fallback), not a full sort. - Complexity: O(count) expected.
    public func quantile(_ q: Double) -> Double {
        guard Tensor.isValidQuantile(q), count > 0 else { return .nan }
        if nonMissingCount() != count { return .nan }
        return selectQuantile(storage, q)
    }

    /// Several quantiles over one copy of the data: up to 8 by successive selection in
    /// shrinking ranges, more by one radix sort. - Complexity: O(count · min(qs.count, 8)).
    public func quantiles(_ qs: [Double]) -> [Double] {
        guard count > 0, nonMissingCount() == count else { return qs.map { _ in .nan } }
        return manyQuantiles(storage, qs)
    }

    /// The q-quantile of the non-NaN elements; NaN if none. - Complexity: O(count) expected.
    public func nanQuantile(_ q: Double) -> Double {
        guard Tensor.isValidQuantile(q) else { return .nan }
        let values = storage.filter { !$0.isNaN }
        guard !values.isEmpty else { return .nan }
        return selectQuantile(values, q)
    }

    /// Several quantiles of the non-NaN elements, sorting once.
    public func nanQuantiles(_ qs: [Double]) -> [Double] {
        let values = storage.filter { !$0.isNaN }
        guard !values.isEmpty else { return qs.map { _ in .nan } }
        return manyQuantiles(values, qs)
    }

    /// The median (0.5-quantile); NaN-propagating.
    public func median() -> Double { quantile(0.5) }

    /// The median of the non-NaN elements.
    public func nanMedian() -> Double { nanQuantile(0.5) }

    /// Quantiles along `axis` (see `Tensor+Reductions` for the axis convention).
    public func quantile(_ q: Double, axis: Int) throws -> Tensor {
        try Tensor.checkQuantile(q)
        return try reduceLanes(axis: axis) { lane in
            Tensor(Array(lane)).quantile(q)
        }
    }

    public func nanQuantile(_ q: Double, axis: Int) throws -> Tensor {
        try Tensor.checkQuantile(q)
        return try reduceLanes(axis: axis) { lane in
            Tensor(Array(lane)).nanQuantile(q)
        }
    }

    /// Throws `invalidArgument` unless 0 ≤ q ≤ 1.
    public static func checkQuantile(_ q: Double) throws {
        guard isValidQuantile(q) else {
            throw NumericError.invalidArgument("quantile \(q) is outside [0, 1]")
        }
    }

    static func isValidQuantile(_ q: Double) -> Bool { q >= 0 && q <= 1 }
}

/// numpy's `_lerp`: a + (b − a)·t for t < 0.5, b − (b − a)·(1 − t) otherwise, so
/// that t = 1 lands exactly on b.
@inline(__always)
func numpyLerp(_ a: Double, _ b: Double, _ t: Double) -> Double {
    let d = b - a
    return t >= 0.5 ? b - d * (1 - t) : a + d * t
}

/// Quantile of ascending, NaN-free `s`; NaN if empty or q invalid.
func sortedQuantile(_ s: [Double], _ q: Double) -> Double {
    let n = s.count
    guard n > 0, Tensor.isValidQuantile(q) else { return .nan }
    let h = Double(n - 1) * q
    if h >= Double(n - 1) { return s[n - 1] }
    let lo = Int(h.rounded(.down))
    return numpyLerp(s[lo], s[lo + 1], h - Double(lo))
}

/// Quantiles of NaN-free, non-empty `values`, in the order of `qs`.
func manyQuantiles(_ values: [Double], _ qs: [Double]) -> [Double] {
    if qs.count > 8 {
        let s = sortedValues(values)
        return qs.map { sortedQuantile(s, $0) }
    }
    let n = values.count
    var work = values
    var out = [Double](repeating: .nan, count: qs.count)
    // Ascending virtual index; each selection only searches right of the previous one,
    // because selection leaves everything after position k at least as large as p[k].
    let order = qs.indices.filter { Tensor.isValidQuantile(qs[$0]) }.sorted { qs[$0] < qs[$1] }
    work.withUnsafeMutableBufferPointer { buf in
        let p = buf.baseAddress!
        var start = 0
        for j in order {
            let h = Double(n - 1) * qs[j]
            if h >= Double(n - 1) {
                out[j] = Kernels.max(UnsafeBufferPointer(start: p + start, count: n - start))
                continue
            }
            let lo = Int(h.rounded(.down))
            select(p + start, n - start, lo - start)
            start = lo
            let b = Kernels.min(UnsafeBufferPointer(start: p + lo + 1, count: n - lo - 1))
            out[j] = numpyLerp(p[lo], b, h - Double(lo))
        }
    }
    return out
}

/// Quantile of NaN-free, non-empty `values` by selection.
func selectQuantile(_ values: [Double], _ q: Double) -> Double {
    let n = values.count
    let h = Double(n - 1) * q
    var work = values
    return work.withUnsafeMutableBufferPointer { buf -> Double in
        let p = buf.baseAddress!
        if h >= Double(n - 1) {
            return Kernels.max(UnsafeBufferPointer(buf))
        }
        let lo = Int(h.rounded(.down))
        select(p, n, lo)
        let a = p[lo]
        let t = h - Double(lo)
        // The next order statistic is the smallest value above position lo.
        let b = Kernels.min(UnsafeBufferPointer(start: p + lo + 1, count: n - lo - 1))
        return numpyLerp(a, b, t)
    }
}

/// Rearranges p[0..<n] (no NaN) so p[k] holds the k-th smallest value, with smaller or
/// equal values before it and larger or equal after (Hoare quickselect, median of
/// three; falls back to sorting the remaining range if partitioning keeps going badly).
func select(_ p: UnsafeMutablePointer<Double>, _ n: Int, _ k: Int) {
    var left = 0, right = n - 1
    var budget = 2 * (Int.bitWidth - n.leadingZeroBitCount) + 8
    while right > left {
        if budget == 0 {
            var range = UnsafeMutableBufferPointer(start: p + left, count: right - left + 1)
            range.sort()
            return
        }
        budget -= 1
        // Median of three as pivot.
        let mid = left + (right - left) / 2
        if p[mid] < p[left] { swap(&p[mid], &p[left]) }
        if p[right] < p[left] { swap(&p[right], &p[left]) }
        if p[right] < p[mid] { swap(&p[right], &p[mid]) }
        let pivot = p[mid]
        var i = left, j = right
        while i <= j {
            while p[i] < pivot { i += 1 }
            while p[j] > pivot { j -= 1 }
            if i <= j {
                let t = p[i]; p[i] = p[j]; p[j] = t
                i += 1
                j -= 1
            }
        }
        if k <= j {
            right = j
        } else if k >= i {
            left = i
        } else {
            return  // j < k < i: p[k] equals the pivot and sits in place.
        }
    }
}
