/// How charts and tables print numbers: short, deterministic and independent of the locale.
///
/// `format` keeps three significant digits between 0.001 and 1000, whole numbers up to
/// 99999, and a two-digit mantissa with an exponent outside that range:
/// `0.123`, `12.3`, `1234`, `1.2e6`, `3.4e-5`. Trailing zeros are dropped (`0.5`, `2`).
/// The digits come from integer arithmetic on the rounded value, never from the C library's
/// `printf`, so the same input prints the same text on every platform.
public enum ChartNumber {
    /// A compact rendering of `value`; `NaN`, `∞` and `-∞` for the non-finite values.
    public static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-∞" : "∞" }
        if value == 0 { return "0" }
        let magnitude = Swift.abs(value)
        let sign = value < 0 ? "-" : ""
        if magnitude.rounded() >= 1e5 || magnitude < 1e-3 {
            return sign + scientific(magnitude)
        }
        if magnitude >= 1000 {
            return sign + fixed(magnitude, decimals: 0)
        }
        let exponent = Int(log10Floor(magnitude))
        let decimals = Swift.max(0, 2 - exponent)
        let text = fixed(magnitude, decimals: decimals)
        return text == "0" ? "0" : sign + text
    }

    /// A share (0.123) as a percentage with three significant digits at most: `12.3%`.
    public static func percent(_ share: Double) -> String {
        if !share.isFinite { return format(share) }
        return format(share * 100) + "%"
    }

    /// `value` rounded to `decimals` places, trailing zeros (and a bare point) removed.
    /// Used for SVG coordinates as well as labels. Non-finite values print as `0`.
    static func fixed(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return "0" }
        let negative = value < 0
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (Swift.abs(value) * scale).rounded()
        // Beyond 2^53 the digits are no longer exact; such values never reach here in
        // practice (chart coordinates are small), so fall back to Swift's own printing.
        guard scaled < 9.0e15 else { return (negative ? "-" : "") + String(Swift.abs(value)) }
        var digits = String(UInt64(scaled))
        if decimals > 0 {
            if digits.count <= decimals {
                digits = String(repeating: "0", count: decimals - digits.count + 1) + digits
            }
            let point = digits.index(digits.endIndex, offsetBy: -decimals)
            var fraction = String(digits[point...])
            while fraction.hasSuffix("0") { fraction.removeLast() }
            digits = String(digits[..<point]) + (fraction.isEmpty ? "" : "." + fraction)
        }
        if negative && digits != "0" { return "-" + digits }
        return digits
    }

    /// `1.2e6`: a mantissa with one decimal (dropped when zero) and an exponent.
    private static func scientific(_ magnitude: Double) -> String {
        var exponent = Int(log10Floor(magnitude))
        var mantissa = magnitude / power10(exponent)
        if mantissa < 1 {  // repeated scaling can land just below a power of ten
            exponent -= 1
            mantissa = magnitude / power10(exponent)
        }
        if (mantissa * 10).rounded() >= 100 {  // 9.96 rounds to 10.0: carry into the exponent
            exponent += 1
            mantissa = magnitude / power10(exponent)
        }
        return fixed(mantissa, decimals: 1) + "e" + String(exponent)
    }

    private static func log10Floor(_ magnitude: Double) -> Double {
        var exponent = 0
        var scaled = magnitude
        while scaled >= 10 { scaled /= 10; exponent += 1 }
        while scaled < 1 { scaled *= 10; exponent -= 1 }
        return Double(exponent)
    }

    private static func power10(_ exponent: Int) -> Double {
        var result = 1.0
        if exponent >= 0 {
            for _ in 0..<exponent { result *= 10 }
        } else {
            for _ in 0..<(-exponent) { result /= 10 }
        }
        return result
    }
}
