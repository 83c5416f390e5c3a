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
    /// blocks combined as a balanced binary tree, with the same lane and combination
    /// order), so on contiguous data results match numpy's `sum` bit for bit (checked on
    /// 10⁶ values, as were `mean`, `var` and `quantile`).
    ///
    /// Error bound: |computed − exact| ≤ (16 + 3 + ⌈log₂(n/128)⌉) · ε · Σ|xᵢ| to first
    /// order (ε = 2⁻⁵³), against n · ε · Σ|xᵢ| for a left-to-right loop. Summing 10⁸
    /// values therefore errs by at most ~39·ε·Σ|xᵢ|, typically far less.
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
        let (sum, count) = nanPairwise(p, x.count)
        return (sum, Int(count))
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
        let raw = UnsafeRawPointer(p)
        let one = SIMD8<Int64>(repeating: 1)
        var c = SIMD8<Int64>(repeating: 0)
        var i = 0
        while i + 8 <= n {
            let v = raw.loadUnaligned(fromByteOffset: i &* 8, as: SIMD8<Double>.self)
            c &+= one.replacing(with: 0, where: v .!= v)
            i &+= 8
        }
        var total = Int(c.wrappedSum())
        while i < n { total &+= p[i] == p[i] ? 1 : 0; i &+= 1 }
        return total
    }

    /// The smallest value; NaN if any value is NaN or the buffer is empty (numpy `min`
    /// propagates NaN). - Complexity: O(n), one vectorized pass (plus a scan for NaN
    /// only when the data hold NaN or an infinity).
    public static func min(_ x: UnsafeBufferPointer<Double>) -> Double {
        guard x.count > 0 else { return .nan }
        let (m, suspicious) = extreme(x, LessSelect.self)
        return suspicious && containsNaN(x) ? .nan : m
    }

    /// The largest value; NaN if any value is NaN or the buffer is empty. - Complexity: O(n).
    public static func max(_ x: UnsafeBufferPointer<Double>) -> Double {
        guard x.count > 0 else { return .nan }
        let (m, suspicious) = extreme(x, GreaterSelect.self)
        return suspicious && containsNaN(x) ? .nan : m
    }

    /// The smallest non-NaN value; NaN if there is none. - Complexity: O(n).
    public static func nanMin(_ x: UnsafeBufferPointer<Double>) -> Double {
        let (m, _) = extreme(x, LessSelect.self)
        // NaN never wins `x < m`, so m is +inf both for "only NaN" and for a real +inf.
        return m == .infinity && nonNaNCount(x) == 0 ? .nan : m
    }

    /// The largest non-NaN value; NaN if there is none. - Complexity: O(n).
    public static func nanMax(_ x: UnsafeBufferPointer<Double>) -> Double {
        let (m, _) = extreme(x, GreaterSelect.self)
        return m == -.infinity && nonNaNCount(x) == 0 ? .nan : m
    }

    /// True if any value is NaN (early exit). - Complexity: O(n).
    public static func containsNaN(_ x: UnsafeBufferPointer<Double>) -> Bool {
        for v in x where v != v { return true }
        return false
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
    func term(_ x: SIMD8<Double>) -> SIMD8<Double>
}

struct PlainTerm: PairwiseTerm {
    @inline(__always) func term(_ x: Double) -> Double { x }
    @inline(__always) func term(_ x: SIMD8<Double>) -> SIMD8<Double> { x }
}

struct NaNSkippingTerm: PairwiseTerm {
    @inline(__always) func term(_ x: Double) -> Double { x != x ? 0 : x }
    @inline(__always) func term(_ x: SIMD8<Double>) -> SIMD8<Double> { x.replacing(with: 0, where: x .!= x) }
}

struct SquaredDeviationTerm: PairwiseTerm {
    let center: Double
    @inline(__always) func term(_ x: Double) -> Double { let d = x - center; return d * d }
    @inline(__always) func term(_ x: SIMD8<Double>) -> SIMD8<Double> { let d = x - center; return d * d }
}

struct DeviationTerm: PairwiseTerm {
    let center: Double
    @inline(__always) func term(_ x: Double) -> Double { x - center }
    @inline(__always) func term(_ x: SIMD8<Double>) -> SIMD8<Double> { x - center }
}

struct NaNSkippingSquaredDeviationTerm: PairwiseTerm {
    let center: Double
    @inline(__always) func term(_ x: Double) -> Double { let d = x - center; return x != x ? 0 : d * d }
    @inline(__always) func term(_ x: SIMD8<Double>) -> SIMD8<Double> {
        let d = x - center
        return (d * d).replacing(with: 0, where: x .!= x)
    }
}

struct NaNSkippingDeviationTerm: PairwiseTerm {
    let center: Double
    @inline(__always) func term(_ x: Double) -> Double { x != x ? 0 : x - center }
    @inline(__always) func term(_ x: SIMD8<Double>) -> SIMD8<Double> { (x - center).replacing(with: 0, where: x .!= x) }
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

/// Σ (x − center) and Σ (x − center)² in one pass, both pairwise (numpy's block
/// scheme, as `pairwise`); NaN values skipped when `skipNaN`. The two sums of the
/// corrected two-pass variance.
func deviationPairwise(_ p: UnsafePointer<Double>, _ n: Int, _ center: Double, skipNaN: Bool) -> (Double, Double) {
    if n > pairwiseBlock {
        var half = n / 2
        half -= half % 8
        let (a, aa) = deviationPairwise(p, half, center, skipNaN: skipNaN)
        let (b, bb) = deviationPairwise(p + half, n - half, center, skipNaN: skipNaN)
        return (a + b, aa + bb)
    }
    return skipNaN ? deviationLeaf(p, n, center, NaNSkip.self) : deviationLeaf(p, n, center, NaNKeep.self)
}

protocol NaNPolicy { static var skips: Bool { get } }
enum NaNSkip: NaNPolicy { static var skips: Bool { true } }
enum NaNKeep: NaNPolicy { static var skips: Bool { false } }

@inline(__always)
func deviationLeaf<P: NaNPolicy>(_ p: UnsafePointer<Double>, _ n: Int, _ center: Double, _: P.Type) -> (Double, Double) {
    if n < 8 {
        var s = 0.0, ss = 0.0
        for i in 0..<n where !(P.skips && p[i] != p[i]) {
            let d = p[i] - center
            s += d
            ss += d * d
        }
        return (s, ss)
    }
    let raw = UnsafeRawPointer(p)
    var r = SIMD8<Double>(repeating: 0), q = SIMD8<Double>(repeating: 0)
    let c = SIMD8<Double>(repeating: center)
    var i = 0
    while i + 8 <= n {
        let v = raw.loadUnaligned(fromByteOffset: i &* 8, as: SIMD8<Double>.self)
        var d = v - c
        if P.skips { d.replace(with: 0, where: v .!= v) }
        r += d
        q += d * d
        i &+= 8
    }
    var s = combineLanes(r), ss = combineLanes(q)
    while i < n {
        if !(P.skips && p[i] != p[i]) {
            let d = p[i] - center
            s += d
            ss += d * d
        }
        i &+= 1
    }
    return (s, ss)
}

/// numpy's combination order for 8 partial sums. Kept out of line: with the lane
/// extracts inlined into a loop with two SIMD8 accumulators, LLVM scalarized the loop
/// (measured 6 GB/s instead of ~35 GB/s).
@inline(never)
func combineLanes(_ r: SIMD8<Double>) -> Double {
    ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
}

/// The NaN-skipping pairwise sum and the count of non-NaN values, in one pass.
func nanPairwise(_ p: UnsafePointer<Double>, _ n: Int) -> (Double, Int64) {
    if n > pairwiseBlock {
        var half = n / 2
        half -= half % 8
        let (a, ca) = nanPairwise(p, half)
        let (b, cb) = nanPairwise(p + half, n - half)
        return (a + b, ca + cb)
    }
    if n < 8 {
        var s = 0.0
        var c: Int64 = 0
        for i in 0..<n where p[i] == p[i] { s += p[i]; c += 1 }
        return (s, c)
    }
    let raw = UnsafeRawPointer(p)
    let one = SIMD8<Int64>(repeating: 1)
    var v = raw.loadUnaligned(as: SIMD8<Double>.self)
    var r = v.replacing(with: 0, where: v .!= v)
    var c = one.replacing(with: 0, where: v .!= v)
    var i = 8
    while i + 8 <= n {
        v = raw.loadUnaligned(fromByteOffset: i &* 8, as: SIMD8<Double>.self)
        let missing = v .!= v
        r += v.replacing(with: 0, where: missing)
        c &+= one.replacing(with: 0, where: missing)
        i &+= 8
    }
    var s = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
    var count = c.wrappedSum()
    while i < n {
        if p[i] == p[i] { s += p[i]; count += 1 }
        i &+= 1
    }
    return (s, count)
}

/// One block: 8 interleaved accumulators, kept as the lanes of one SIMD8 so the loop
/// is plain vector adds. Lane k adds terms k, k+8, k+16, …, exactly as numpy's
/// `r[0..7]`, and the lanes are combined in numpy's order, so the arithmetic is the same.
@inline(__always)
func pairwiseLeaf<T: PairwiseTerm>(_ t: T, _ p: UnsafePointer<Double>, _ n: Int) -> Double {
    if n < 8 {
        var s = 0.0
        for i in 0..<n { s += t.term(p[i]) }
        return s
    }
    let raw = UnsafeRawPointer(p)
    var r = t.term(raw.loadUnaligned(as: SIMD8<Double>.self))
    var i = 8
    while i + 8 <= n {
        r += t.term(raw.loadUnaligned(fromByteOffset: i &* 8, as: SIMD8<Double>.self))
        i &+= 8
    }
    var s = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
    while i < n { s += t.term(p[i]); i &+= 1 }
    return s
}

/// A lane-wise "keep the better value" step for min or max scans.
protocol ExtremeSelect {
    static var start: Double { get }
    static func better(_ a: SIMD8<Double>, than b: SIMD8<Double>) -> SIMDMask<SIMD8<Int64>>
    static func better(_ a: Double, than b: Double) -> Bool
}

enum LessSelect: ExtremeSelect {
    static var start: Double { .infinity }
    @inline(__always) static func better(_ a: SIMD8<Double>, than b: SIMD8<Double>) -> SIMDMask<SIMD8<Int64>> { a .< b }
    @inline(__always) static func better(_ a: Double, than b: Double) -> Bool { a < b }
}

enum GreaterSelect: ExtremeSelect {
    static var start: Double { -.infinity }
    @inline(__always) static func better(_ a: SIMD8<Double>, than b: SIMD8<Double>) -> SIMDMask<SIMD8<Int64>> { a .> b }
    @inline(__always) static func better(_ a: Double, than b: Double) -> Bool { a > b }
}

/// The min (or max) of the non-NaN values — `start` if there are none — and whether any
/// value was NaN or infinite (a NaN-or-inf probe: x − x is NaN exactly for those).
/// `m = x < m ? x : m` per lane is the pattern LLVM turns into vector min/max.
@inline(__always)
func extreme<S: ExtremeSelect>(_ x: UnsafeBufferPointer<Double>, _: S.Type) -> (Double, Bool) {
    guard let p = x.baseAddress else { return (S.start, false) }
    let n = x.count
    let raw = UnsafeRawPointer(p)
    var m = SIMD8<Double>(repeating: S.start)
    var probe = SIMD8<Double>(repeating: 0)
    var i = 0
    while i + 8 <= n {
        let v = raw.loadUnaligned(fromByteOffset: i &* 8, as: SIMD8<Double>.self)
        m.replace(with: v, where: S.better(v, than: m))
        probe += v - v
        i &+= 8
    }
    var best = S.start
    var probeSum = probe.sum()
    for k in 0..<8 where S.better(m[k], than: best) { best = m[k] }
    while i < n {
        let v = p[i]
        if S.better(v, than: best) { best = v }
        probeSum += v - v
        i &+= 1
    }
    return (best, probeSum != 0)
}

@inline(__always) func propagatingMin(_ a: Double, _ b: Double) -> Double { (a < b || a != a) ? a : b }
@inline(__always) func propagatingMax(_ a: Double, _ b: Double) -> Double { (a > b || a != a) ? a : b }
@inline(__always) func skippingMin(_ a: Double, _ b: Double) -> Double { (a < b || b != b) ? a : b }
@inline(__always) func skippingMax(_ a: Double, _ b: Double) -> Double { (a > b || b != b) ? a : b }
