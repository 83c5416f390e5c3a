#if canImport(Glibc)
import Glibc
#endif

/// The single drift tests, computed as SciPy 1.17 and Evidently 0.7 compute them. The
/// `[Double]` forms take raw samples (NaN and ±inf are dropped first, as Evidently does);
/// the `counts` forms take aligned per-category counts of the reference and current data.
public enum DriftTests {
    // MARK: - Kolmogorov–Smirnov

    /// Two-sample two-sided KS test (`scipy.stats.ks_2samp`, method "auto"): the statistic
    /// and its p-value. NaN and ±inf are dropped first; an empty sample gives NaN for both.
    public static func ks(_ reference: [Double], _ current: [Double]) -> (statistic: Double, pValue: Double) {
        let a = finiteSorted(reference), b = finiteSorted(current)
        return ks(sortedReference: a, sortedCurrent: b)
    }

    /// KS on samples already sorted ascending and free of NaN and ±inf.
    public static func ks(sortedReference a: [Double], sortedCurrent b: [Double]) -> (statistic: Double, pValue: Double) {
        let n1 = a.count, n2 = b.count
        guard n1 > 0, n2 > 0 else { return (.nan, .nan) }
        // cdf1 - cdf2 at each value of the merged sample, searchsorted side='right'.
        var maxS = -Double.infinity, minDiff = Double.infinity
        var i = 0, j = 0
        let dn1 = Double(n1), dn2 = Double(n2)
        while i < n1 || j < n2 {
            let v: Double
            if j >= n2 || (i < n1 && a[i] <= b[j]) { v = a[i] } else { v = b[j] }
            while i < n1 && a[i] <= v { i += 1 }
            while j < n2 && b[j] <= v { j += 1 }
            let diff = Double(i) / dn1 - Double(j) / dn2
            if diff > maxS { maxS = diff }
            if diff < minDiff { minDiff = diff }
        }
        let minS = Swift.min(Swift.max(-minDiff, 0), 1)
        var d = minS > maxS ? minS : maxS
        let g = gcd(n1, n2)
        var prob = -Double.infinity
        var exact = Swift.max(n1, n2) <= 10_000
        if exact {
            let lcm = (n1 / g) * n2
            let h = Int((d * Double(lcm)).rounded(.toNearestOrEven))
            d = Double(h) / Double(lcm)
            if h == 0 {
                prob = 1
            } else {
                let p = n1 == n2 ? probOutsideSquare(n1, h) : outerProbInsideMethod(n1, n2, g, h)
                if p.isFinite && p >= 0 && p <= 1 { prob = p } else { exact = false }
            }
        }
        if !exact {
            let m = Double(Swift.max(n1, n2)), n = Double(Swift.min(n1, n2))
            let en = m * n / (m + n)
            prob = kolmogorovSF(n: Int(en.rounded(.toNearestOrEven)), x: d)
        }
        return (d, Swift.min(Swift.max(prob, 0), 1))
    }

    private static func gcd(_ a: Int, _ b: Int) -> Int {
        var x = a, y = b
        while y != 0 { (x, y) = (y, x % y) }
        return x
    }

    /// Pr(D_{n,n} ≥ h/n), SciPy's `_compute_prob_outside_square`.
    static func probOutsideSquare(_ n: Int, _ h: Int) -> Double {
        var p = 0.0
        var k = n / h
        while k >= 0 {
            var p1 = 1.0
            for j in 0..<h { p1 = Double(n - k * h - j) * p1 / Double(n + k * h + j + 1) }
            p = p1 * (1.0 - p)
            k -= 1
        }
        return 2 * p
    }

    /// 1 − the share of lattice paths that stay strictly inside the band, SciPy's
    /// `_compute_outer_prob_inside_method` (Hodges, with Viehmann's recursion for 1 − p).
    static func outerProbInsideMethod(_ m0: Int, _ n0: Int, _ g: Int, _ h: Int) -> Double {
        let m = Swift.max(m0, n0), n = Swift.min(m0, n0)
        let mg = m / g, ng = n / g
        var minj = 0
        var maxj = Swift.min(Int((Double(h) / Double(mg)).rounded(.up)), n + 1)
        var curlen = maxj - minj
        let lenA = Swift.min(2 * maxj + 2, n + 1)
        var A = [Double](repeating: 1, count: lenA)
        for k in minj..<Swift.min(maxj, lenA) { A[k] = 0 }
        for i in 1...m {
            let lastminj = minj, lastlen = curlen
            minj = Swift.max(Int((Double(ng * i - h) / Double(mg)).rounded(.down)) + 1, 0)
            minj = Swift.min(minj, n)
            maxj = Swift.min(Int((Double(ng * i + h) / Double(mg)).rounded(.up)), n + 1)
            if maxj <= minj { return 1.0 }
            var val = minj == 0 ? 0.0 : 1.0
            let di = Double(i)
            for jj in 0..<(maxj - minj) {
                let j = Double(jj + minj)
                val = (A[jj + minj - lastminj] * di + val * j) / (di + j)
                A[jj] = val
            }
            curlen = maxj - minj
            if lastlen > curlen {
                for k in (maxj - minj)..<Swift.min(maxj - minj + (lastlen - curlen), lenA) { A[k] = 1 }
            }
        }
        return A[maxj - minj - 1]
    }

    // MARK: Kolmogorov distribution (scipy.stats.kstwo.sf, from scipy/stats/_ksstats.py)

    /// Pr(D_n > x) for the one-sample two-sided KS statistic, as `scipy.stats.kstwo.sf(x, n)`.
    public static func kolmogorovSF(n: Int, x: Double) -> Double {
        guard n > 0, !x.isNaN else { return .nan }
        if x >= 1 { return 0 }
        if x <= 0 { return 1 }
        let dn = Double(n)
        if x <= 0.5 / dn { return 1 }    // below kstwo's support
        let t = dn * x
        if t <= 1 {
            if t <= 0.5 { return 1 }
            let prob: Double
            if n <= 140 {
                var p = 1.0
                for i in 1...n { p *= Double(i) * (1.0 / dn) * (2 * t - 1) }
                prob = p
            } else {
                prob = exp(logFactorialOverPower(n) + dn * log(2 * t - 1))
            }
            return clip(1 - prob)
        }
        if t >= dn - 1 { return clip(2 * pow(1 - x, dn)) }
        if x >= 0.5 { return clip(2 * smirnovSF(n: n, x: x)) }
        let nxsquared = t * x
        if n <= 140 {
            if nxsquared <= 0.754693 { return clip(1 - durbinMatrix(n: n, d: x)) }
            if nxsquared <= 4 { return clip(1 - pomeranz(n: n, x: x)) }
            return clip(2 * smirnovSF(n: n, x: x))
        }
        if nxsquared >= 370 { return 0 }
        if nxsquared >= 2.2 { return clip(2 * smirnovSF(n: n, x: x)) }
        let cdf: Double
        if nxsquared >= 18 {
            cdf = 1
        } else if n <= 100_000 && dn * pow(x, 1.5) <= 1.4 {
            cdf = durbinMatrix(n: n, d: x)
        } else {
            cdf = pelzGood(n: n, x: x)
        }
        return clip(1 - cdf)
    }

    private static func clip(_ p: Double) -> Double { Swift.min(Swift.max(p, 0), 1) }

    private static let stirling: [Double] = [
        -2.955065359477124183e-2, 6.4102564102564102564e-3, -1.9175269175269175269e-3, 8.4175084175084175084e-4,
        -5.952380952380952381e-4, 7.9365079365079365079e-4, -2.7777777777777777778e-3, 8.3333333333333333333e-2,
    ]

    private static func logFactorialOverPower(_ n: Int) -> Double {
        let dn = Double(n), rn = 1.0 / dn
        var poly = 0.0
        for c in stirling { poly = poly * (rn / dn) + c }
        return log(dn) / 2 - dn + log(2 * Double.pi) / 2 + rn * poly
    }

    /// The one-sided Smirnov survival function Pr(D⁺_n > x) by the Birnbaum–Tingey sum.
    static func smirnovSF(n: Int, x: Double) -> Double {
        if x >= 1 { return 0 }
        if x <= 0 { return 1 }
        let dn = Double(n)
        let jmax = Int((dn * (1 - x)).rounded(.down))
        var sum = 0.0
        var logChoose = 0.0   // log C(n, j)
        let logX = log(x)
        var j = 0
        while j <= jmax {
            let dj = Double(j)
            let rest = 1 - x - dj / dn
            if rest > 0 || n - j == 0 {
                let logTerm = logChoose + logX + (dj - 1) * log(x + dj / dn) + (n - j == 0 ? 0 : Double(n - j) * log(rest))
                let term = exp(logTerm)
                sum += term
                if j > 0 && term < sum * 1e-20 && dj > dn * x { break }
            }
            logChoose += log(Double(n - j) / Double(j + 1))
            j += 1
        }
        return clip(sum)
    }

    /// Pr(D_n ≤ d) by the Durbin matrix algorithm (Marsaglia, Tsang, Wang).
    static func durbinMatrix(n: Int, d: Double) -> Double {
        if d >= 1 { return 1 }
        let nd = Double(n) * d
        if nd <= 0.5 { return 0 }
        let k = Int(nd.rounded(.up))
        let h = Double(k) - nd
        let m = 2 * k - 1
        var H = [Double](repeating: 0, count: m * m)
        var v = (1...m).map { 1.0 - pow(h, Double($0)) }
        var w = [Double](repeating: 0, count: m)
        var fac = 1.0
        for j in 1...m {
            w[j - 1] = fac
            fac /= Double(j)
            v[j - 1] *= fac
        }
        let tt = pow(Swift.max(2 * h - 1, 0), Double(m)) - 2 * pow(h, Double(m))
        v[m - 1] = (1 + tt) * fac
        for i in 1..<m {
            for r in (i - 1)..<m { H[r * m + i] = w[r - (i - 1)] }
        }
        for r in 0..<m { H[r * m] = v[r] }
        for c in 0..<m { H[(m - 1) * m + c] = v[m - 1 - c] }
        var P = [Double](repeating: 0, count: m * m)
        for r in 0..<m { P[r * m + r] = 1 }
        var nn = n
        var expnt = 0, hexpnt = 0
        let ep128 = 0x1p128, em128 = 0x1p-128
        func matmul(_ a: [Double], _ b: [Double]) -> [Double] {
            var c = [Double](repeating: 0, count: m * m)
            for r in 0..<m {
                for l in 0..<m {
                    let x = a[r * m + l]
                    if x == 0 { continue }
                    for q in 0..<m { c[r * m + q] += x * b[l * m + q] }
                }
            }
            return c
        }
        while nn > 0 {
            if nn % 2 == 1 {
                P = matmul(P, H)
                expnt += hexpnt
            }
            H = matmul(H, H)
            hexpnt *= 2
            if abs(H[(k - 1) * m + (k - 1)]) > ep128 {
                for q in H.indices { H[q] /= ep128 }
                hexpnt += 128
            }
            nn /= 2
        }
        var p = P[(k - 1) * m + (k - 1)]
        for i in 1...n {
            p = Double(i) * p / Double(n)
            if abs(p) < em128 {
                p *= ep128
                expnt -= 128
            }
        }
        if expnt != 0 { p = scalbn(p, Int32(expnt)) }
        return clip(p)
    }

    /// Pr(D_n ≤ x) by Pomeranz's recursion (used by SciPy for n ≤ 140).
    static func pomeranz(n: Int, x: Double) -> Double {
        let t = Double(n) * x
        let ll = Int(t.rounded(.down))
        let f = t - Double(ll)
        let g = Swift.min(f, 1 - f)
        let ceilf = f > 0 ? 1 : 0
        let roundf = f > 0.5 ? 1 : 0
        let npwrs = 2 * (ll + 1)
        var gpower = [Double](repeating: 1, count: npwrs)
        var twogpower = [Double](repeating: 1, count: npwrs)
        var onem2gpower = [Double](repeating: 1, count: npwrs)
        let dn = Double(n)
        for mm in 1..<npwrs {
            gpower[mm] = gpower[mm - 1] * (g / dn) / Double(mm)
            twogpower[mm] = twogpower[mm - 1] * (2 * g / dn) / Double(mm)
            onem2gpower[mm] = onem2gpower[mm - 1] * ((1 - 2 * g) / dn) / Double(mm)
        }
        func j1j2(_ i: Int) -> (Int, Int) {
            var j1: Int, j2: Int
            if i == 0 {
                j1 = -ll - ceilf - 1; j2 = ll + ceilf - 1
            } else {
                let ip1div2 = (i + 1) / 2, ip1mod2 = (i + 1) % 2
                if ip1mod2 == 0 {
                    if ip1div2 == n + 1 {
                        j1 = n - ll - ceilf - 1; j2 = n + ll + ceilf - 1
                    } else {
                        j1 = ip1div2 - 1 - ll - roundf - 1; j2 = ip1div2 + ll - 1 + ceilf - 1
                    }
                } else {
                    j1 = ip1div2 - 1 - ll - 1; j2 = ip1div2 + ll + roundf - 1
                }
            }
            return (Swift.max(j1 + 2, 0), Swift.min(j2, n))
        }
        var V0 = [Double](repeating: 0, count: npwrs)
        var V1 = [Double](repeating: 0, count: npwrs)
        V1[0] = 1
        var V0s = 0, V1s = 0
        var expnt = 0
        var (j1, j2) = j1j2(0)
        for i in 1..<(2 * n + 2) {
            let k1 = j1
            swap(&V0, &V1)
            swap(&V0s, &V1s)
            for q in V1.indices { V1[q] = 0 }
            (j1, j2) = j1j2(i)
            let pwrs = (i == 1 || i == 2 * n + 1) ? gpower : (i % 2 == 1 ? twogpower : onem2gpower)
            let ln2 = j2 - k1 + 1
            if ln2 > 0 {
                // full convolution of V0[k1-V0s ..< k1-V0s+ln2] with pwrs[..<ln2]
                let start = k1 - V0s
                let convStart = j1 - k1, convLen = j2 - j1 + 1
                var maxV = 0.0
                for outIndex in 0..<convLen {
                    let c = convStart + outIndex
                    var s = 0.0
                    let lo = Swift.max(0, c - (ln2 - 1)), hi = Swift.min(c, ln2 - 1)
                    if lo <= hi {
                        for a in lo...hi {
                            let idx = start + a
                            let va = (idx >= 0 && idx < npwrs) ? V0[idx] : 0
                            s += va * pwrs[c - a]
                        }
                    }
                    V1[outIndex] = s
                    maxV = Swift.max(maxV, s)
                }
                if maxV > 0 && maxV < 0x1p-128 {
                    for q in V1.indices { V1[q] *= 0x1p128 }
                    expnt -= 128
                }
                V1s = V0s + j1 - k1
            }
        }
        var ans = V1[n - V1s]
        for mm in 1...n {
            if abs(ans) > 0x1p128 {
                ans *= 0x1p-128
                expnt += 128
            }
            ans *= Double(mm)
        }
        if expnt != 0 { ans = scalbn(ans, Int32(expnt)) }
        return clip(ans)
    }

    /// The Pelz–Good approximation of Pr(D_n ≤ x).
    static func pelzGood(n: Int, x: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let pi2 = Double.pi * Double.pi, pi4 = pi2 * pi2, pi6 = pi4 * pi2
        let sqrt2pi = (2 * Double.pi).squareRoot()
        let z = Double(n).squareRoot() * x
        let z2 = z * z, z3 = z2 * z, z4 = z2 * z2, z6 = z4 * z2
        let qlog = -pi2 / 8 / z2
        if qlog < -708 { return 0 }
        var q = exp(qlog)
        let k1a = -z2, k1b = pi2 / 4
        let k2a = 6 * z6 + 2 * z4
        let k2b = (2 * z4 - 5 * z2) * pi2 / 4
        let k2c = pi4 * (1 - 2 * z2) / 16
        let k3d = pi6 * (5 - 30 * z2) / 64
        let k3c = pi4 * (-60 * z2 + 212 * z4) / 16
        let k3b = pi2 * (135 * z4 - 96 * z6) / 4
        let k3a = -30 * z6 - 90 * pow(z, 8)
        var K = [0.0, 0.0, 0.0, 0.0]
        let maxk = Int((16 * z / Double.pi).rounded(.up))
        if maxk >= 1 {
            for k in stride(from: maxk, through: 1, by: -1) {
                let mm = Double(2 * k - 1)
                let m2 = mm * mm, m4 = m2 * m2, m6 = m4 * m2
                let qpower = pow(q, Double(8 * k))
                let coeffs = [1.0, k1a + k1b * m2, k2a + k2b * m2 + k2c * m4, k3a + k3b * m2 + k3c * m4 + k3d * m6]
                for c in 0..<4 { K[c] = K[c] * qpower + coeffs[c] }
            }
        }
        let divisors = [z, 6 * z4, 72 * pow(z, 7), 6480 * pow(z, 10)]
        for c in 0..<4 { K[c] = K[c] * q * sqrt2pi / divisors[c] }
        q = exp(-pi2 / 2 / z2)
        var k2extra = 0.0, k3extra = 0.0
        let sqrt3z = 3.0.squareRoot() * z
        if maxk >= 1 {
            for k in stride(from: maxk, through: 1, by: -1) {
                let ks2 = Double(k * k)
                let qp = pow(q, ks2)
                k2extra += ks2 * qp
                let kspi = Double.pi * Double(k)
                k3extra += (sqrt3z + kspi) * (sqrt3z - kspi) * ks2 * qp
            }
        }
        K[2] += k2extra * (pi2 * sqrt2pi / (-36 * z3))
        K[3] += k3extra * (pi2 * sqrt2pi / (216 * z6))
        var sum = 0.0
        for c in 0..<4 { sum += K[c] / pow(Double(n), Double(c) / 2) }
        return sum
    }

    // MARK: - Chi-square, z-test

    /// `scipy.stats.chisquare(current, expected)` where the expected counts are the reference
    /// counts scaled to the current total, as Evidently's chi-square test does.
    public static func chi2(referenceCounts: [Double], currentCounts: [Double]) -> (statistic: Double, pValue: Double) {
        let nRef = referenceCounts.reduce(0, +), nCur = currentCounts.reduce(0, +)
        guard nRef > 0, nCur > 0, referenceCounts.count == currentCounts.count else { return (.nan, .nan) }
        let kNorm = nCur / nRef
        var stat = 0.0
        for i in referenceCounts.indices {
            let expected = referenceCounts[i] * kNorm
            let d = currentCounts[i] - expected
            stat += d * d / expected
        }
        let dof = Double(referenceCounts.count - 1)
        return (stat, chiSquareSF(stat, dof: dof))
    }

    /// Chi-square on raw values: the categories are the distinct finite values of either sample.
    public static func chi2(_ reference: [Double], _ current: [Double]) -> (statistic: Double, pValue: Double) {
        let table = CountTable.distinct(finiteSorted(reference), finiteSorted(current))
        return chi2(referenceCounts: table.reference, currentCounts: table.current)
    }

    /// Survival function of the chi-square distribution, Q(dof/2, x/2).
    public static func chiSquareSF(_ x: Double, dof: Double) -> Double {
        if x.isNaN || dof.isNaN { return .nan }
        if dof <= 0 { return .nan }
        if x <= 0 { return 1 }
        if x.isInfinite { return 0 }
        return gammaQ(dof / 2, x / 2)
    }

    /// Regularized upper incomplete gamma Q(a, x) (series below a + 1, continued fraction above).
    static func gammaQ(_ a: Double, _ x: Double) -> Double {
        if x < a + 1 { return 1 - gammaPSeries(a, x) }
        let logFront = a * log(x) - x - lgamma(a)
        // Lentz's continued fraction
        let tiny = 1e-300
        var b = x + 1 - a
        var c = 1 / tiny
        var d = 1 / b
        var h = d
        var i = 1.0
        while i < 10_000 {
            let an = -i * (i - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-16 { break }
            i += 1
        }
        return exp(logFront) * h
    }

    private static func gammaPSeries(_ a: Double, _ x: Double) -> Double {
        if x <= 0 { return 0 }
        let logFront = a * log(x) - x - lgamma(a + 1)
        var term = 1.0, sum = 1.0, ap = a
        for _ in 0..<100_000 {
            ap += 1
            term *= x / ap
            sum += term
            if abs(term) < abs(sum) * 1e-17 { break }
        }
        return exp(logFront) * sum
    }

    /// Evidently's two-proportion z-test: the share of the first value (in sorted order) in
    /// each sample; returns the z statistic and the two-sided p-value 2·(1 − Φ(|z|)).
    /// `firstReference`/`firstCurrent` count rows equal to the first value, of `referenceTotal`/`currentTotal`.
    public static func zTest(firstReference: Int, referenceTotal: Int, firstCurrent: Int, currentTotal: Int) -> (statistic: Double, pValue: Double) {
        let n1 = Double(referenceTotal), n2 = Double(currentTotal)
        guard n1 > 0, n2 > 0 else { return (.nan, .nan) }
        // Evidently codes the first value 0 and the other 1.
        let p1 = Double(referenceTotal - firstReference) / n1
        let p2 = Double(currentTotal - firstCurrent) / n2
        let P = (p1 * n1 + p2 * n2) / (n1 + n2)
        let z = (p1 - p2) / (P * (1 - P) * (1.0 / n1 + 1.0 / n2)).squareRoot()
        return (z, 2 * (1 - normalCDF(abs(z))))
    }

    /// The z-test on counts of at most two categories (aligned); p = 1 when both samples hold
    /// the same single value, as in Evidently.
    public static func zTest(referenceCounts: [Double], currentCounts: [Double]) -> (statistic: Double, pValue: Double) {
        let present = referenceCounts.indices.filter { referenceCounts[$0] > 0 || currentCounts[$0] > 0 }
        guard present.count <= 2, !present.isEmpty else { return (.nan, .nan) }
        let refPresent = present.filter { referenceCounts[$0] > 0 }, curPresent = present.filter { currentCounts[$0] > 0 }
        if present.count == 1 || (refPresent.count == 1 && curPresent.count == 1 && refPresent == curPresent) {
            return (0, 1)
        }
        let first = present[0]
        return zTest(firstReference: Int(referenceCounts[first]), referenceTotal: Int(referenceCounts.reduce(0, +)),
                     firstCurrent: Int(currentCounts[first]), currentTotal: Int(currentCounts.reduce(0, +)))
    }

    /// The z-test on raw values (at most two distinct finite values across both).
    public static func zTest(_ reference: [Double], _ current: [Double]) -> (statistic: Double, pValue: Double) {
        let table = CountTable.distinct(finiteSorted(reference), finiteSorted(current))
        return zTest(referenceCounts: table.reference, currentCounts: table.current)
    }

    /// Φ(x) as `scipy.special.ndtr` computes it.
    static func normalCDF(_ a: Double) -> Double {
        if a.isNaN { return .nan }
        let x = a * 0.5.squareRoot()
        let z = abs(x)
        if z < 0.5.squareRoot() { return 0.5 + 0.5 * erf(x) }
        let y = 0.5 * erfc(z)
        return x > 0 ? 1 - y : y
    }

    // MARK: - Wasserstein

    /// `scipy.stats.wasserstein_distance(reference, current) / max(std(reference), 0.001)`
    /// (population standard deviation), Evidently's normed Wasserstein distance.
    public static func wassersteinNormed(_ reference: [Double], _ current: [Double]) -> Double {
        wassersteinNormed(sortedReference: finiteSorted(reference), sortedCurrent: finiteSorted(current))
    }

    public static func wassersteinNormed(sortedReference a: [Double], sortedCurrent b: [Double]) -> Double {
        guard !a.isEmpty, !b.isEmpty else { return .nan }
        return wasserstein(sortedReference: a, sortedCurrent: b) / Swift.max(populationStd(a), 0.001)
    }

    /// The first Wasserstein distance of two sorted samples: ∫|F_a − F_b|, as SciPy's `_cdf_distance`.
    public static func wasserstein(sortedReference a: [Double], sortedCurrent b: [Double]) -> Double {
        let na = a.count, nb = b.count
        guard na > 0, nb > 0 else { return .nan }
        let dna = Double(na), dnb = Double(nb)
        // Walk the distinct values of the merged sample; between one value and the next the
        // CDFs (searchsorted side='right' of the left value) are i/na and j/nb.
        var i = 0, j = 0
        var sum = 0.0, comp = 0.0
        var first = true
        var prev = 0.0
        while i < na || j < nb {
            let v: Double
            if j >= nb || (i < na && a[i] <= b[j]) { v = a[i] } else { v = b[j] }
            if !first {
                let term = abs(Double(i) / dna - Double(j) / dnb) * (v - prev)
                let t = sum + term
                if abs(sum) >= abs(term) { comp += (sum - t) + term } else { comp += (term - t) + sum }
                sum = t
            }
            first = false
            while i < na && a[i] <= v { i += 1 }
            while j < nb && b[j] <= v { j += 1 }
            prev = v
        }
        return sum + comp
    }

    /// numpy's `np.std` (ddof 0), two passes.
    static func populationStd(_ x: [Double]) -> Double {
        let n = Double(x.count)
        let mean = neumaierSum(x) / n
        var s = 0.0, c = 0.0
        for v in x {
            let d = v - mean
            let term = d * d
            let t = s + term
            if abs(s) >= abs(term) { c += (s - t) + term } else { c += (term - t) + s }
            s = t
        }
        return ((s + c) / n).squareRoot()
    }

    static func neumaierSum(_ x: [Double]) -> Double {
        var s = 0.0, c = 0.0
        for term in x {
            let t = s + term
            if abs(s) >= abs(term) { c += (s - t) + term } else { c += (term - t) + s }
            s = t
        }
        return s + c
    }

    // MARK: - Binned distances

    /// Jensen–Shannon distance (natural log) of two aligned distributions, as
    /// `scipy.spatial.distance.jensenshannon(p, q)`; the inputs are normalised first.
    public static func jensenShannon(_ p: [Double], _ q: [Double]) -> Double {
        let sp = p.reduce(0, +), sq = q.reduce(0, +)
        var left = 0.0, right = 0.0
        for i in p.indices {
            let pi = p[i] / sp, qi = q[i] / sq
            let m = (pi + qi) / 2
            left += relEntr(pi, m)
            right += relEntr(qi, m)
        }
        return ((left + right) / 2).squareRoot()
    }

    /// Population stability index Σ (r − c)·ln(r / c) over the shares, after Evidently's zero filling.
    public static func psi(referenceShares: [Double], currentShares: [Double]) -> Double {
        let r = fillZeros(referenceShares), c = fillZeros(currentShares)
        var sum = 0.0
        for i in r.indices { sum += (r[i] - c[i]) * log(r[i] / c[i]) }
        return sum
    }

    /// Kullback–Leibler divergence KL(reference ‖ current) (`scipy.stats.entropy`) after
    /// Evidently's zero filling; the shares are normalised first.
    public static func kl(referenceShares: [Double], currentShares: [Double]) -> Double {
        let r = fillZeros(referenceShares), c = fillZeros(currentShares)
        let sr = r.reduce(0, +), sc = c.reduce(0, +)
        var sum = 0.0
        for i in r.indices { sum += relEntr(r[i] / sr, c[i] / sc) }
        return sum
    }

    /// Hellinger distance of two aligned probability vectors: sqrt(1 − clip(Σ √(p·q), 0, 1)).
    /// Evidently's form for categorical columns.
    public static func hellinger(_ p: [Double], _ q: [Double]) -> Double {
        var s = 0.0
        for i in p.indices { s += (p[i] * q[i]).squareRoot() }
        return (1 - Swift.min(Swift.max(s, 0), 1)).squareRoot()
    }

    /// Evidently's zero filling: a zero share becomes min(nonzero)/10⁶ when that minimum is at
    /// most 0.0001, else 0.0001.
    public static func fillZeros(_ shares: [Double]) -> [Double] {
        guard let smallest = shares.filter({ $0 != 0 }).min() else { return shares }
        let fill = smallest <= 0.0001 ? smallest / 1e6 : 0.0001
        return shares.map { $0 == 0 ? fill : $0 }
    }

    static func relEntr(_ x: Double, _ y: Double) -> Double {
        if x.isNaN || y.isNaN { return .nan }
        if x > 0 && y > 0 { return x * log(x / y) }
        if x == 0 && y >= 0 { return 0 }
        return .infinity
    }

    // MARK: - Helpers

    /// The finite values of `x`, sorted ascending.
    public static func finiteSorted(_ x: [Double]) -> [Double] {
        var out = x.filter { $0.isFinite }
        out.sort()
        return out
    }
}

/// Aligned counts of the reference and current samples over shared keys.
public struct CountTable: Sendable, Equatable {
    public var reference: [Double]
    public var current: [Double]

    public init(reference: [Double], current: [Double]) {
        self.reference = reference
        self.current = current
    }

    /// Counts of each distinct value of two sorted samples, in ascending value order.
    /// How many distinct values two sorted samples hold together, without building the table.
    public static func distinctCount(_ a: [Double], _ b: [Double]) -> Int {
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                var i = 0, j = 0, count = 0
                while i < a.count || j < b.count {
                    let v = (j >= b.count || (i < a.count && a[i] <= b[j])) ? a[i] : b[j]
                    while i < a.count && a[i] == v { i += 1 }
                    while j < b.count && b[j] == v { j += 1 }
                    count += 1
                }
                return count
            }
        }
    }

    public static func distinct(_ a: [Double], _ b: [Double]) -> CountTable {
        var r: [Double] = [], c: [Double] = []
        var i = 0, j = 0
        while i < a.count || j < b.count {
            let v: Double
            if j >= b.count || (i < a.count && a[i] <= b[j]) { v = a[i] } else { v = b[j] }
            let i0 = i, j0 = j
            while i < a.count && a[i] == v { i += 1 }
            while j < b.count && b[j] == v { j += 1 }
            r.append(Double(i - i0))
            c.append(Double(j - j0))
        }
        return CountTable(reference: r, current: c)
    }
}
