/// A flat vector of booleans: the result of comparisons and the argument of `filter`.
///
/// A mask has no shape of its own. For a 1-D tensor it selects elements; for a 2-D
/// tensor `Tensor.filter` reads it as one flag per row.
public struct Mask: Equatable, Sendable, CustomStringConvertible {
    public var bits: [Bool]

    public init(_ bits: [Bool]) { self.bits = bits }

    /// A mask of `count` copies of `value`.
    public init(count: Int, value: Bool) { self.bits = Array(repeating: value, count: Swift.max(0, count)) }

    public var count: Int { bits.count }

    /// The number of `true` flags. - Complexity: O(count).
    public var trueCount: Int {
        bits.withUnsafeBufferPointer { b in
            var n = 0
            for flag in b where flag { n += 1 }
            return n
        }
    }

    /// True if any flag is set. - Complexity: O(count).
    public var any: Bool { bits.contains(true) }
    /// True if every flag is set (true for an empty mask). - Complexity: O(count).
    public var all: Bool { !bits.contains(false) }

    public subscript(i: Int) -> Bool { bits[i] }

    /// Elementwise AND. Throws `shapeMismatch` if the counts differ.
    public func and(_ other: Mask) throws -> Mask {
        try combine(other, "and") { $0 && $1 }
    }

    /// Elementwise OR. Throws `shapeMismatch` if the counts differ.
    public func or(_ other: Mask) throws -> Mask {
        try combine(other, "or") { $0 || $1 }
    }

    /// Elementwise exclusive OR. Throws `shapeMismatch` if the counts differ.
    public func xor(_ other: Mask) throws -> Mask {
        try combine(other, "xor") { $0 != $1 }
    }

    /// Elementwise NOT.
    public func not() -> Mask { Mask(bits.map { !$0 }) }

    /// The positions of the `true` flags, ascending. - Complexity: O(count).
    public func indices() -> [Int] {
        var result: [Int] = []
        result.reserveCapacity(trueCount)
        bits.withUnsafeBufferPointer { b in
            for i in 0..<b.count where b[i] { result.append(i) }
        }
        return result
    }

    public var description: String {
        "[" + bits.map { $0 ? "true" : "false" }.joined(separator: ", ") + "]"
    }

    private func combine(_ other: Mask, _ name: String, _ f: (Bool, Bool) -> Bool) throws -> Mask {
        guard count == other.count else {
            throw NumericError.shapeMismatch("cannot \(name) masks of lengths \(count) and \(other.count)")
        }
        var out = [Bool](repeating: false, count: count)
        for i in 0..<count { out[i] = f(bits[i], other.bits[i]) }
        return Mask(out)
    }
}
