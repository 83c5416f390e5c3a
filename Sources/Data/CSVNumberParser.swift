#if canImport(Glibc)
import Glibc
#endif

/// Number and boolean recognition straight from the bytes of a CSV field, with no String
/// allocation.
///
/// Fast path (PLATFORM.md, "Parsing numbers for CSV"): digits go into a UInt64 mantissa,
/// eight at a time where possible (SWAR); when the mantissa is at most 2^53 and the decimal
/// exponent is within ±22, one IEEE multiply or divide by an exact power of ten gives the
/// correctly rounded result (Clinger's fast path). Other mantissas of up to 19 significant
/// digits — such as the 17-digit shortest round-trip output of most writers — go through
/// the Eisel–Lemire algorithm with a 128-bit table of powers of five. Only more than 19
/// significant digits (or an undecided Eisel–Lemire case) are handed to `strtod`. Every
/// result is the correctly rounded double.
enum CSVNumberParser {
    /// What `scan` found.
    enum Kind: UInt8 {
        case invalid = 0
        /// Optional sign and digits only, and the value fits Int64.
        case integer = 1
        /// Any other decimal number (a fraction or an exponent).
        case real = 2
        /// Optional sign and digits only, too large for Int64 (`real` holds the nearest
        /// double). The reader keeps such a column's digits as text rather than round them.
        case bigInteger = 3
    }

    struct Scan {
        var kind: Kind
        var integer: Int64
        var real: Double
        /// One past the last byte of the number.
        var stop: Int
    }

    /// Scans the longest number at `p[start...]` (never past `end`). The caller checks that
    /// the byte at `stop` ends the field. `real` is also set for integers.
    @inline(__always)
    static func scan(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Scan {
        var i = start
        var negative = false
        if i < end {
            let c = p[i]
            if c == UInt8(ascii: "-") { negative = true; i += 1 } else if c == UInt8(ascii: "+") { i += 1 }
        }
        let digitsStart = i
        var mantissa: UInt64 = 0
        digitRun(p, &i, end, &mantissa)
        var digitCount = i - digitsStart
        var exponent = 0
        var isReal = false
        if i < end && p[i] == UInt8(ascii: ".") {
            isReal = true
            i += 1
            let fractionStart = i
            digitRun(p, &i, end, &mantissa)
            exponent = fractionStart - i
            digitCount += i - fractionStart
        }
        guard digitCount > 0 else { return Scan(kind: .invalid, integer: 0, real: 0, stop: i) }
        let mantissaEnd = i
        if i < end && (p[i] | 0x20) == UInt8(ascii: "e") {
            var j = i + 1
            var negativeExponent = false
            if j < end && (p[j] == UInt8(ascii: "-") || p[j] == UInt8(ascii: "+")) {
                negativeExponent = p[j] == UInt8(ascii: "-")
                j += 1
            }
            var e = 0
            var sawExponentDigit = false
            while j < end {
                let d = p[j] &- 48
                if d >= 10 { break }
                sawExponentDigit = true
                if e < 100_000 { e = e * 10 + Int(d) }
                j += 1
            }
            if sawExponentDigit {
                isReal = true
                exponent += negativeExponent ? -e : e
                i = j
            }
        }
        if digitCount > 19 {
            // Leading zeros do not count; past 19 significant digits the mantissa overflowed.
            var k = digitsStart
            var leadingZeros = 0
            while k < mantissaEnd && (p[k] == UInt8(ascii: "0") || p[k] == UInt8(ascii: ".")) {
                if p[k] == UInt8(ascii: "0") { leadingZeros += 1 }
                k += 1
            }
            if digitCount - leadingZeros > 19 {
                return Scan(kind: isReal ? .real : .bigInteger, integer: 0, real: slowParse(p, start, i), stop: i)
            }
        }
        if !isReal {
            let limit: UInt64 = negative ? UInt64(Int64.max) + 1 : UInt64(Int64.max)
            if mantissa <= limit {
                let value = negative ? Int64(bitPattern: 0 &- mantissa) : Int64(mantissa)
                // "-0" is the integer 0 but keeps its sign as a double, for a column that turns float.
                return Scan(kind: .integer, integer: value, real: negative && mantissa == 0 ? -0.0 : Double(value), stop: i)
            }
        }
        var value: Double
        if mantissa == 0 {
            value = 0
        } else if mantissa <= 1 << 53 && exponent >= -22 && exponent <= 22 {
            // Clinger's fast path: both operands exact, one correctly rounded operation.
            value = Double(mantissa)
            if exponent > 0 { value *= powerOfTen(exponent) } else if exponent < 0 { value /= powerOfTen(-exponent) }
        } else if let bits = eiselLemire(mantissa, exponent) {
            value = Double(bitPattern: bits)
        } else {
            return Scan(kind: isReal ? .real : .bigInteger, integer: 0, real: slowParse(p, start, i), stop: i)
        }
        return Scan(kind: isReal ? .real : .bigInteger, integer: 0, real: negative ? -value : value, stop: i)
    }

    /// Appends the run of ASCII digits at `p[i...]` to `mantissa` (wrapping on overflow;
    /// the caller counts digits) and moves `i` past it. Eight bytes at a time: the digit
    /// run's length within a word comes from a SWAR non-digit mask, and a partial run is
    /// left-padded with '0' bytes and converted like a full one, so short numbers take no
    /// data-dependent branch per digit.
    @inline(__always)
    static func digitRun(_ p: UnsafePointer<UInt8>, _ i: inout Int, _ end: Int, _ mantissa: inout UInt64) {
        while i + 8 <= end {
            let word = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
            // Per byte: high nibble must be 3, and adding 6 must not change it (low nibble ≤ 9).
            // A carry out of a non-digit byte can only disturb bytes after the first non-digit.
            let nonDigit = ((word & 0xF0F0_F0F0_F0F0_F0F0) ^ 0x3030_3030_3030_3030)
                | (((word &+ 0x0606_0606_0606_0606) & 0xF0F0_F0F0_F0F0_F0F0) ^ 0x3030_3030_3030_3030)
            if nonDigit == 0 {
                mantissa = mantissa &* 100_000_000 &+ eightDigits(word)
                i += 8
                continue
            }
            let count = nonDigit.trailingZeroBitCount >> 3
            if count > 0 {
                let padded = (word << UInt64((8 - count) * 8)) | (0x3030_3030_3030_3030 >> UInt64(count * 8))
                mantissa = mantissa &* smallPowerOfTen(count) &+ eightDigits(padded)
                i += count
            }
            return
        }
        while i < end {
            let d = p[i] &- 48
            if d >= 10 { break }
            mantissa = mantissa &* 10 &+ UInt64(d)
            i += 1
        }
    }

    /// 10^n for 1 ≤ n ≤ 7.
    @inline(__always)
    static func smallPowerOfTen(_ n: Int) -> UInt64 {
        switch n {
        case 1: return 10
        case 2: return 100
        case 3: return 1_000
        case 4: return 10_000
        case 5: return 100_000
        case 6: return 1_000_000
        default: return 10_000_000
        }
    }

    /// True if all eight bytes are ASCII digits.
    @inline(__always)
    static func isEightDigits(_ word: UInt64) -> Bool {
        ((word & 0xF0F0_F0F0_F0F0_F0F0) | (((word &+ 0x0606_0606_0606_0606) & 0xF0F0_F0F0_F0F0_F0F0) >> 4))
            == 0x3333_3333_3333_3333
    }

    /// The value of eight ASCII digits loaded little-endian (first digit most significant).
    @inline(__always)
    static func eightDigits(_ word: UInt64) -> UInt64 {
        var v = word &- 0x3030_3030_3030_3030
        v = (v &* 10) &+ (v >> 8)
        v = (((v & 0x0000_00FF_0000_00FF) &* 0x000F_4240_0000_0064)
            &+ (((v >> 16) & 0x0000_00FF_0000_00FF) &* 0x0000_2710_0000_0001)) >> 32
        return v & 0xFFFF_FFFF
    }

    /// The bits of the double nearest to `w` × 10^`q` (w ≠ 0, at most 19 digits), by the
    /// Eisel–Lemire algorithm; nil where it cannot decide (then `strtod` does).
    @inline(__always)
    static func eiselLemire(_ w: UInt64, _ q: Int) -> UInt64? {
        if q < smallestPowerOfFive { return 0 }
        if q > largestPowerOfFive { return 0x7FF0_0000_0000_0000 }
        let leadingZeros = w.leadingZeroBitCount
        let normalized = w << UInt64(leadingZeros)
        let index = 2 * (q - smallestPowerOfFive)
        var product = normalized.multipliedFullWidth(by: powersOfFive[index])
        let precisionMask: UInt64 = 0xFFFF_FFFF_FFFF_FFFF >> 55
        if product.high & precisionMask == precisionMask {
            let second = normalized.multipliedFullWidth(by: powersOfFive[index + 1])
            let (low, carry) = product.low.addingReportingOverflow(second.high)
            product.low = low
            if carry { product.high &+= 1 }
            // The truncated table can leave this undecided; let strtod settle it.
            if product.low == 0xFFFF_FFFF_FFFF_FFFF && product.high & precisionMask == precisionMask { return nil }
        }
        let upperBit = Int(product.high >> 63)
        let shift = UInt64(upperBit + 64 - 52 - 3)
        var mantissa = product.high >> shift
        var power2 = (((152_170 + 65_536) * q) >> 16) + 63 + upperBit - leadingZeros + 1023
        if power2 <= 0 {
            if -power2 + 1 >= 64 { return 0 }
            mantissa >>= UInt64(-power2 + 1)
            mantissa += mantissa & 1
            mantissa >>= 1
            power2 = mantissa < (1 << 52) ? 0 : 1
            return UInt64(power2) << 52 | (mantissa & ~(1 << 52))
        }
        if product.low <= 1 && q >= -4 && q <= 23 && mantissa & 3 == 1 {
            // Exactly halfway between two doubles: round to even.
            if mantissa << shift == product.high { mantissa &= ~1 }
        }
        mantissa += mantissa & 1
        mantissa >>= 1
        if mantissa >= 2 << 52 {
            mantissa = 1 << 52
            power2 += 1
        }
        mantissa &= ~(1 << 52)
        if power2 >= 0x7FF { return 0x7FF0_0000_0000_0000 }
        return UInt64(power2) << 52 | mantissa
    }

    /// 10^e for 0 ≤ e ≤ 22, all exactly representable.
    @inline(__always)
    static func powerOfTen(_ e: Int) -> Double {
        switch e {
        case 0: return 1e0
        case 1: return 1e1
        case 2: return 1e2
        case 3: return 1e3
        case 4: return 1e4
        case 5: return 1e5
        case 6: return 1e6
        case 7: return 1e7
        case 8: return 1e8
        case 9: return 1e9
        case 10: return 1e10
        case 11: return 1e11
        case 12: return 1e12
        case 13: return 1e13
        case 14: return 1e14
        case 15: return 1e15
        case 16: return 1e16
        case 17: return 1e17
        case 18: return 1e18
        case 19: return 1e19
        case 20: return 1e20
        case 21: return 1e21
        default: return 1e22
        }
    }

    /// Correctly rounded conversion by `strtod` (the C locale's '.' is the decimal point).
    static func slowParse(_ p: UnsafePointer<UInt8>, _ start: Int, _ stop: Int) -> Double {
        let length = stop - start
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: length + 1) { buffer in
            for k in 0..<length { buffer[k] = CChar(bitPattern: p[start + k]) }
            buffer[length] = 0
            return strtod(buffer.baseAddress!, nil)
        }
    }

    // MARK: Whole-field recognisers (slow path; spaces and tabs around the value are allowed)

    @inline(__always)
    static func trimmed(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> (Int, Int) {
        var s = start, e = end
        while s < e && (p[s] == 0x20 || p[s] == 0x09) { s += 1 }
        while e > s && (p[e - 1] == 0x20 || p[e - 1] == 0x09) { e -= 1 }
        return (s, e)
    }

    /// The field as a number, if the whole (trimmed) field is one. `inf`, `infinity` and
    /// `nan` (any case, optional sign) are accepted.
    static func number(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Scan? {
        let (s, e) = trimmed(p, start, end)
        guard s < e else { return nil }
        let result = scan(p, s, e)
        if result.kind != .invalid && result.stop == e { return result }
        if let special = special(p, s, e) { return Scan(kind: .real, integer: 0, real: special, stop: e) }
        return nil
    }

    /// The field as an Int64, if the whole (trimmed) field is an integer that fits.
    static func integer(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int64? {
        let (s, e) = trimmed(p, start, end)
        guard s < e else { return nil }
        let result = scan(p, s, e)
        return result.kind == .integer && result.stop == e ? result.integer : nil
    }

    /// `true` / `false` in any case.
    static func bool(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Bool? {
        let (s, e) = trimmed(p, start, end)
        if matches(p, s, e, "true") { return true }
        if matches(p, s, e, "false") { return false }
        return nil
    }

    /// Case-insensitive comparison with an ASCII lowercase word.
    @inline(__always)
    static func matches(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int, _ word: StaticString) -> Bool {
        guard e - s == word.utf8CodeUnitCount else { return false }
        let w = word.utf8Start
        for k in 0..<(e - s) where p[s + k] | 0x20 != w[k] { return false }
        return true
    }

    private static func special(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Double? {
        var s = start
        var sign = 1.0
        if p[s] == UInt8(ascii: "-") { sign = -1; s += 1 } else if p[s] == UInt8(ascii: "+") { s += 1 }
        if matches(p, s, end, "inf") || matches(p, s, end, "infinity") { return sign * .infinity }
        if matches(p, s, end, "nan") { return .nan }
        return nil
    }
}
