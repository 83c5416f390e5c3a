/// A plain literal value: null, a bool, a number or a string. It is the one type for every
/// value that is written down before anything runs: builtin parameter defaults, model
/// hyperparameters (stored in model files and the registry) and the IR's constants.
///
/// The `Codable` form is the synthesized one (`{"number":{"_0":1}}`); model files written
/// by earlier versions store hyperparameters in exactly that shape.
public enum Scalar: Codable, Hashable, Sendable, CustomStringConvertible {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)

    /// Source-like text: strings quoted, numbers as `format(number:)` writes them.
    public var description: String {
        switch self {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let value): return Scalar.format(number: value)
        case .string(let text): return "\"\(text)\""
        }
    }

    /// The one number printer: integral values without ".0" (`7`, `-3`), others in Swift's
    /// shortest round-tripping form (`0.1`, `1e-05`), and `nan`, `inf`, `-inf`.
    public static func format(number value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        if value == value.rounded(), abs(value) < 1e16 {
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maximumIntegralDigits) { buffer in
                guard let end = buffer.baseAddress.map({ $0 + buffer.count }) else { return String(Int64(value)) }
                let count = writeIntegral(Int64(value), endingAt: end)
                return String(decoding: UnsafeBufferPointer(start: end - count, count: count), as: UTF8.self)
            }
        }
        return "\(value)"
    }

    /// The most bytes `writeIntegral` writes: 19 digits and a sign.
    public static let maximumIntegralDigits = 20

    /// Writes `value` in decimal, with a leading "-" when negative, into the bytes just before
    /// `end`, and returns how many it wrote (at most `maximumIntegralDigits`). String
    /// interpolation writes integers straight into its buffer with this; `String(Int64)` went
    /// through generic code that was a tenth of the time of building short keys.
    @inlinable
    public static func writeIntegral(_ value: Int64, endingAt end: UnsafeMutablePointer<UInt8>) -> Int {
        var magnitude = value.magnitude
        var cursor = end
        repeat {
            cursor -= 1
            cursor.pointee = UInt8(truncatingIfNeeded: magnitude % 10) &+ 0x30
            magnitude /= 10
        } while magnitude != 0
        if value < 0 {
            cursor -= 1
            cursor.pointee = 0x2D
        }
        return end - cursor
    }

    /// The number, if this is one.
    public var numberValue: Double? {
        if case .number(let value) = self { return value }
        return nil
    }

    /// The text, if this is a string.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }
}
