import Foundation
import LatheCore
import Testing

/// The integer fast paths of `%` and of number formatting agree with the general ones.
@Suite struct ScalarArithmeticTests {
    /// The floored remainder computed the general way (fmod shifted into the divisor's sign).
    private func generalRemainder(_ a: Double, _ b: Double) -> Double {
        var r = fmod(a, b)
        if r != 0 {
            if (r < 0) != (b < 0) { r += b }
        } else {
            r = b < 0 ? -0.0 : 0.0
        }
        return r
    }

    @Test func wholeRemaindersMatchFmod() {
        let values: [Double] = [0, -0.0, 1, 2, 3, 7, 10, 99_999, 100_000, 123_456_789, 8.9e15, 9.1e15, 2.5, -7, -0.5]
        for a in values {
            for b in values where b != 0 {
                let fast = FlooredDivision.remainder(a, b)
                let general = generalRemainder(a, b)
                #expect(fast.bitPattern == general.bitPattern, "\(a) % \(b): \(fast) vs \(general)")
            }
        }
        #expect(FlooredDivision.remainder(5, 0).isNaN)
    }

    @Test func integralDigitsMatchSwiftFormatting() {
        let values: [Int64] = [0, 1, -1, 9, 10, -10, 123_456, 9_999_999_999_999_999, -9_999_999_999_999_999, .max, .min]
        for value in values {
            let text = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Scalar.maximumIntegralDigits) { buffer in
                let end = buffer.baseAddress! + buffer.count
                let count = Scalar.writeIntegral(value, endingAt: end)
                return String(decoding: UnsafeBufferPointer(start: end - count, count: count), as: UTF8.self)
            }
            #expect(text == String(value))
        }
        #expect(Scalar.format(number: -0.0) == "0")
        #expect(Scalar.format(number: 1e15) == "1000000000000000")
        #expect(Scalar.format(number: -42) == "-42")
    }
}
