import LatheCore
import IR

/// String interpolation (`"k${i}"`, the `concatenate` instruction): the parts' texts joined
/// into one new string.
enum Interpolation {
    /// Short results, nearly every interpolation a loop makes (keys, labels, file names), are
    /// written into one stack buffer, integers digit by digit, and become a string in one step;
    /// for keys of up to 15 bytes that string is stored inline, with no allocation. Longer
    /// results, and parts that are neither numbers nor strings, take the general path.
    static let bufferSize = 128

    static func join(_ parts: UnsafeMutablePointer<Value>, count: Int, symbols: SymbolTable) -> String {
        let short: String? = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bufferSize) { buffer in
            guard let start = buffer.baseAddress else { return nil }
            let limit = start + buffer.count
            var cursor = start
            for index in 0..<count {
                let part = parts[index]
                if part.isNumber {
                    let number = part.unsafeNumber
                    guard number == number.rounded(.towardZero), abs(number) < 1e16,
                          limit - cursor >= Scalar.maximumIntegralDigits else { return nil }
                    // Digits are written right-aligned at the limit, then moved into place.
                    let written = Scalar.writeIntegral(Int64(number), endingAt: limit)
                    (cursor).update(from: limit - written, count: written)
                    cursor += written
                } else if part.objectKind == .string {
                    var text = unsafeBitCast(part.unmanagedObject, to: Unmanaged<StringObject>.self)
                        ._withUnsafeGuaranteedRef { $0.value }
                    let fits: Bool = text.withUTF8 { bytes in
                        guard let source = bytes.baseAddress else { return true }
                        guard limit - cursor >= bytes.count else { return false }
                        cursor.update(from: source, count: bytes.count)
                        cursor += bytes.count
                        return true
                    }
                    guard fits else { return nil }
                } else {
                    return nil
                }
            }
            return String(decoding: UnsafeBufferPointer(start: start, count: cursor - start), as: UTF8.self)
        }
        if let short { return short }
        var text = ""
        for index in 0..<count {
            let part = parts[index]
            if part.isNumber {
                text += Scalar.format(number: part.unsafeNumber)
            } else if part.objectKind == .string {
                text += unsafeBitCast(part.unmanagedObject, to: Unmanaged<StringObject>.self)._withUnsafeGuaranteedRef { $0.value }
            } else {
                text += part.displayString(symbols: symbols)
            }
        }
        return text
    }
}
