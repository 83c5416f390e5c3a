/// Raw fast paths over contiguous buffers, shared by `Tensor`, the Data module and
/// the benchmarks. Each loop is a plain Swift loop written so that LLVM vectorizes it
/// (independent accumulators, no calls, no closures); products go to BLAS elsewhere.
///
/// Empty buffers are fine everywhere (their base address may be nil).
public enum Kernels {
    /// `y[i] += a * x[i]` for every `i` (BLAS `axpy`, written as a Swift loop: it is
    /// memory-bound, and the loop runs at memory speed without a library call).
    /// - Precondition: `x.count == y.count` (a caller invariant, not user input).
    /// - Complexity: O(n).
    public static func axpy(_ a: Double, _ x: UnsafeBufferPointer<Double>, _ y: UnsafeMutableBufferPointer<Double>) {
        precondition(x.count == y.count, "axpy needs buffers of equal length")
        guard let xp = x.baseAddress, let yp = y.baseAddress else { return }
        let n = x.count
        for i in 0..<n { yp[i] += a * xp[i] }
    }

    /// The sum by pairwise summation, the same scheme and block size as numpy's
    /// `pairwise_sum` (blocks of 128 values summed with 8 interleaved accumulators,
    /// blocks combined as a balanced binary tree), so results match numpy bit for bit
    /// on contiguous data.
    ///
    /// Error bound: |computed − exact| ≤ (16 + 3 + ⌈log₂(n/128)⌉) · ε · Σ|xᵢ| to first
    /// order (ε = 2⁻⁵³), against n · ε · Σ|xᵢ| for a left-to-right loop. Summing 10⁸
    /// values therefore loses at most ~40 ulps of Σ|xᵢ|, typically far fewer.
    /// The result depends on the order of the values (it is a fixed order, so it is
    /// reproducible run to run). NaN and infinities propagate as in IEEE arithmetic.
    /// - Complexity: O(n), memory-bound for large n.
    public static func sum(_ x: UnsafeBufferPointer<Double>) -> Double {
        guard let p = x.baseAddress else { return 0 }
        return pairwise(PlainTerm(), p, x.count)
    }

    /// The sum of the non-NaN values and how many there were (pairwise, as `sum`).
    /// - Complexity: O(n).
    public static func nanSum(_ x: UnsafeBufferPointer<Double>) -> (sum: Double, count: Int) {
        guard let p = x.baseAddress else { return (0, 0) }
        return (pairwise(NaNSkippingTerm(), p, x.count), nonNaNCount(x))
    }

    /// Σ (xᵢ − center)², pairwise. With `center` the mean this is the second pass of
    /// the two-pass variance. - Complexity: O(n).
    public static func sumOfSquaredDeviations(_ x: UnsafeBufferPointer<Double>, from center: Double) -> Double {
        guard let p = x.baseAddress else { return 0 }
        return pairwise(SquaredDeviationTerm(center: center), p, x.count)
    }

    /// Σ (xᵢ − center)² over the non-NaN values, pairwise. - Complexity: O(n).
    public static func nanSumOfSquaredDeviations(_ x: UnsafeBufferPointer<Double>, from center: Double) -> Double {
        guard let p = x.baseAddress else { return 0 }
        return pairwise(NaNSkippingSquaredDeviationTerm(center: center), p, x.count)
    }

    /// Σ (xᵢ − center) over the non-NaN values (the correction term of the corrected
    /// two-pass variance), pairwise. - Complexity: O(n).
    static func nanSumOfDeviations(_ x: UnsafeBufferPointer<Double>, from center: Double) -> Double {
        guard let p = x.baseAddress else { return 0 }
        return pairwise(NaNSkippingDeviationTerm(center: center), p, x.count)
    }

    /// Σ (xᵢ − center), pairwise. - Complexity: O(n).
    static func sumOfDeviations(_ x: UnsafeBufferPointer<Double>, from center: Double) -> Double {
        guard let p = x.baseAddress else { return 0 }
        return pairwise(DeviationTerm(center: center), p, x.count)
    }

    /// The number of values that are not NaN. - Complexity: O(n).
    public static func nonNaNCount(_ x: UnsafeBufferPointer<Double>) -> Int {
        guard let p = x.baseAddress else { return 0 }
        let n = x.count
        var c0 = 0, c1 = 0, c2 = 0, c3 = 0
        var i = 0
        while i + 4 <= n {
            c0 &+= p[i] == p[i] ? 1 : 0
            c1 &+= p[i + 1] == p[i + 1] ? 1 : 0
            c2 &+= p[i + 2] == p[i + 2] ? 1 : 0
            c3 &+= p[i + 3] == p[i + 3] ? 1 : 0
            i += 4
        }
        while i < n { c0 &+= p[i] == p[i] ? 1 : 0; i += 1 }
        return c0 + c1 + c2 + c3
    }

    /// The smallest value; NaN if any value is NaN or the buffer is empty (numpy `min`
    /// propagates NaN). - Complexity: O(n).
    public static func min(_ x: UnsafeBufferPointer<Double>) -> Double {
        guard let p = x.baseAddress, x.count > 0 else { return .nan }
        let n = x.count
        var m0 = p[0], m1 = p[0], m2 = p[0], m3 = p[0]
        var i = 0
        while i + 4 <= n {
            let a = p[i], b = p[i + 1], c = p[i + 2], d = p[i + 3]
            m0 = (a < m0 || a != a) ? a : m0
            m1 = (b < m1 || b != b) ? b : m1
            m2 = (c < m2 || c != c) ? c : m2
            m3 = (d < m3 || d != d) ? d : m3
            i += 4
        }
        while i < n { let a = p[i]; m0 = (a < m0 || a != a) ? a : m0; i += 1 }
        return propagatingMin(propagatingMin(m0, m1), propagatingMin(m2, m3))
    }

    /// The largest value; NaN if any value is NaN or the buffer is empty. - Complexity: O(n).
    public static func max(_ x: UnsafeBufferPointer<Double>) -> Double {
        guard let p = x.baseAddress, x.count > 0 else { return .nan }
        let n = x.count
        var m0 = p[0], m1 = p[0], m2 = p[0], m3 = p[0]
        var i = 0
        while i + 4 <= n {
            let a = p[i], b = p[i + 1], c = p[i + 2], d = p[i + 3]
            m0 = (a > m0 || a != a) ? a : m0
            m1 = (b > m1 || b != b) ? b : m1
            m2 = (c > m2 || c != c) ? c : m2
            m3 = (d > m3 || d != d) ? d : m3
            i += 4
        }
        while i < n { let a = p[i]; m0 = (a > m0 || a != a) ? a : m0; i += 1 }
        return propagatingMax(propagatingMax(m0, m1), propagatingMax(m2, m3))
    }

    /// The smallest non-NaN value; NaN if there is none. - Complexity: O(n).
    public static func nanMin(_ x: UnsafeBufferPointer<Double>) -> Double {
        guard let p = x.baseAddress else { return .nan }
        let n = x.count
        // NaN start values are replaced by the first real value: `a < NaN` is false,
        // so test the accumulator for NaN as well.
        var m0 = Double.nan, m1 = Double.nan, m2 = Double.nan, m3 = Double.nan
        var i = 0
        while i + 4 <= n {
            let a = p[i], b = p[i + 1], c = p[i + 2], d = p[i + 3]
            m0 = (a < m0 || m0 != m0) ? a : m0
            m1 = (b < m1 || m1 != m1) ? b : m1
            m2 = (c < m2 || m2 != m2) ? c : m2
            m3 = (d < m3 || m3 != m3) ? d : m3
            i += 4
        }
        while i < n { let a = p[i]; m0 = (a < m0 || m0 != m0) ? a : m0; i += 1 }
        return skippingMin(skippingMin(m0, m1), skippingMin(m2, m3))
    }

    /// The largest non-NaN value; NaN if there is none. - Complexity: O(n).
    public static func nanMax(_ x: UnsafeBufferPointer<Double>) -> Double {
        guard let p = x.baseAddress else { return .nan }
        let n = x.count
        var m0 = Double.nan, m1 = Double.nan, m2 = Double.nan, m3 = Double.nan
        var i = 0
        while i + 4 <= n {
            let a = p[i], b = p[i + 1], c = p[i + 2], d = p[i + 3]
            m0 = (a > m0 || m0 != m0) ? a : m0
            m1 = (b > m1 || m1 != m1) ? b : m1
            m2 = (c > m2 || m2 != m2) ? c : m2
            m3 = (d > m3 || m3 != m3) ? d : m3
            i += 4
        }
        while i < n { let a = p[i]; m0 = (a > m0 || m0 != m0) ? a : m0; i += 1 }
        return skippingMax(skippingMax(m0, m1), skippingMax(m2, m3))
    }

    /// Σ xᵢ·yᵢ with 8 accumulators (plain `+=`, which vectorizes; see PLATFORM.md).
    /// Order-dependent in the last bits; for BLAS's `ddot` use `Tensor.dot`.
    /// - Precondition: equal counts. - Complexity: O(n).
    public static func dot(_ x: UnsafeBufferPointer<Double>, _ y: UnsafeBufferPointer<Double>) -> Double {
        precondition(x.count == y.count, "dot needs buffers of equal length")
        guard let a = x.baseAddress, let b = y.baseAddress else { return 0 }
        let n = x.count
        var r0 = 0.0, r1 = 0.0, r2 = 0.0, r3 = 0.0, r4 = 0.0, r5 = 0.0, r6 = 0.0, r7 = 0.0
        var i = 0
        while i + 8 <= n {
            r0 += a[i] * b[i]; r1 += a[i + 1] * b[i + 1]
            r2 += a[i + 2] * b[i + 2]; r3 += a[i + 3] * b[i + 3]
            r4 += a[i + 4] * b[i + 4]; r5 += a[i + 5] * b[i + 5]
            r6 += a[i + 6] * b[i + 6]; r7 += a[i + 7] * b[i + 7]
            i += 8
        }
        var s = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
        while i < n { s += a[i] * b[i]; i += 1 }
        return s
    }
}

// MARK: - Pairwise summation machinery

/// What a pairwise reduction adds up: one term per input value. Specialized per
/// conforming type, so the loop body has no calls.
protocol PairwiseTerm {
    func term(_ x: Double) -> Double
}

struct PlainTerm: PairwiseTerm {
    @inline(__always) func term(_ x: Double) -> Double { x }
}

struct NaNSkippingTerm: PairwiseTerm {
    @inline(__always) func term(_ x: Double) -> Double { x != x ? 0 : x }
}

struct SquaredDeviationTerm: PairwiseTerm {
    let center: Double
    @inline(__always) func term(_ x: Double) -> Double { let d = x - center; return d * d }
}

struct DeviationTerm: PairwiseTerm {
    let center: Double
    @inline(__always) func term(_ x: Double) -> Double { x - center }
}

struct NaNSkippingSquaredDeviationTerm: PairwiseTerm {
    let center: Double
    @inline(__always) func term(_ x: Double) -> Double { let d = x - center; return x != x ? 0 : d * d }
}

struct NaNSkippingDeviationTerm: PairwiseTerm {
    let center: Double
    @inline(__always) func term(_ x: Double) -> Double { x != x ? 0 : x - center }
}

/// numpy's block size: below it, 8 interleaved accumulators; above it, split in two.
let pairwiseBlock = 128

/// Pairwise sum of `term(p[i])` for i in 0..<n (numpy's `pairwise_sum` scheme).
@inline(__always)
func pairwise<T: PairwiseTerm>(_ t: T, _ p: UnsafePointer<Double>, _ n: Int) -> Double {
    if n <= pairwiseBlock { return pairwiseLeaf(t, p, n) }
    return pairwiseSplit(t, p, n)
}

func pairwiseSplit<T: PairwiseTerm>(_ t: T, _ p: UnsafePointer<Double>, _ n: Int) -> Double {
    if n <= pairwiseBlock { return pairwiseLeaf(t, p, n) }
    var half = n / 2
    half -= half % 8
    return pairwiseSplit(t, p, half) + pairwiseSplit(t, p + half, n - half)
}

@inline(__always)
func pairwiseLeaf<T: PairwiseTerm>(_ t: T, _ p: UnsafePointer<Double>, _ n: Int) -> Double {
    if n < 8 {
        var s = 0.0
        for i in 0..<n { s += t.term(p[i]) }
        return s
    }
    var r0 = t.term(p[0]), r1 = t.term(p[1]), r2 = t.term(p[2]), r3 = t.term(p[3])
    var r4 = t.term(p[4]), r5 = t.term(p[5]), r6 = t.term(p[6]), r7 = t.term(p[7])
    var i = 8
    while i + 8 <= n {
        r0 += t.term(p[i]); r1 += t.term(p[i + 1])
        r2 += t.term(p[i + 2]); r3 += t.term(p[i + 3])
        r4 += t.term(p[i + 4]); r5 += t.term(p[i + 5])
        r6 += t.term(p[i + 6]); r7 += t.term(p[i + 7])
        i += 8
    }
    var s = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
    while i < n { s += t.term(p[i]); i += 1 }
    return s
}

@inline(__always) func propagatingMin(_ a: Double, _ b: Double) -> Double { (a < b || a != a) ? a : b }
@inline(__always) func propagatingMax(_ a: Double, _ b: Double) -> Double { (a > b || a != a) ? a : b }
@inline(__always) func skippingMin(_ a: Double, _ b: Double) -> Double { (a < b || b != b) ? a : b }
@inline(__always) func skippingMax(_ a: Double, _ b: Double) -> Double { (a > b || b != b) ? a : b }
