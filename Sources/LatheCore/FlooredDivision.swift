#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Python's float `//` and `%`, shared by the VM's scalar operators and the numeric
/// kernels so that a number and a column give the same answer. Together they keep
/// `a == (a // b) * b + a % b` up to rounding, as Python's `divmod` does.
public enum FlooredDivision {
    /// `a % b`: fmod shifted into the divisor's sign; a zero result takes b's sign; `a % 0` is NaN.
    @inlinable
    public static func remainder(_ a: Double, _ b: Double) -> Double {
        if b == 0 { return .nan }
        // Whole non-negative operands (counters, `i % n`) take the integer unit: the result is
        // exactly fmod's, and a division is several times cheaper than fmod's loop.
        if a >= 0, b > 0, a < 9.0e15, b < 9.0e15, a == a.rounded(.towardZero), b == b.rounded(.towardZero) {
            return Double(Int64(a) % Int64(b))
        }
        var r = fmod(a, b)
        if r != 0 {
            if (r < 0) != (b < 0) { r += b }
        } else {
            r = b < 0 ? -0.0 : 0.0
        }
        return r
    }

    /// `a // b`: the quotient rounded down, computed from fmod as CPython's `float_floor_div`
    /// does (so `7.5 // 2` is 3 and `-7 // 2` is -4); `a // 0` is ±inf or NaN, as `a / 0` is.
    @inlinable
    public static func quotient(_ a: Double, _ b: Double) -> Double {
        if b == 0 { return (a / b).rounded(.down) }
        let mod = fmod(a, b)
        var division = (a - mod) / b
        if mod != 0, (b < 0) != (mod < 0) { division -= 1 }
        if division == 0 { return Double(signOf: a / b, magnitudeOf: 0) }
        let floored = division.rounded(.down)
        return division - floored > 0.5 ? floored + 1 : floored
    }
}
