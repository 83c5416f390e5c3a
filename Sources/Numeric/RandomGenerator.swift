/// A seeded pseudo-random generator: xoshiro256** (Blackman and Vigna, 2018), seeded by
/// expanding a 64-bit seed with SplitMix64. The same seed gives the same stream on every
/// run and machine: only integer arithmetic feeds the state, and the floating-point draws
/// are fixed functions of it.
public struct RandomGenerator: Sendable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64
    /// A second normal draw from the last Box–Muller pair, if unused.
    private var spareNormal: Double?

    public init(seed: UInt64) {
        var state = seed
        func splitMix() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitMix()
        s1 = splitMix()
        s2 = splitMix()
        s3 = splitMix()
    }

    @inline(__always)
    private static func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// The next 64 random bits.
    @inlinable
    public mutating func next() -> UInt64 { nextBits() }

    @usableFromInline
    mutating func nextBits() -> UInt64 {
        let result = RandomGenerator.rotateLeft(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = RandomGenerator.rotateLeft(s3, 45)
        return result
    }

    /// Uniform in [0, 1), from the top 53 bits.
    public mutating func uniform() -> Double {
        Double(nextBits() >> 11) * 0x1.0p-53
    }

    /// Uniform in [low, high).
    public mutating func uniform(_ low: Double, _ high: Double) -> Double {
        low + (high - low) * uniform()
    }

    /// Standard normal, by the Box–Muller transform (pairs are used in order).
    public mutating func normal() -> Double {
        if let spare = spareNormal {
            spareNormal = nil
            return spare
        }
        var u = uniform()
        while u <= 0 { u = uniform() }
        let v = uniform()
        let radius = (-2 * _log(u)).squareRoot()
        let angle = 2 * Double.pi * v
        spareNormal = radius * _sin(angle)
        return radius * _cos(angle)
    }

    /// Normal with the given mean and standard deviation.
    public mutating func normal(mean: Double, std: Double) -> Double { mean + std * normal() }

    /// Uniform integer in 0..<bound, without modulo bias (Lemire's multiply-and-reject).
    public mutating func integer(below bound: Int) -> Int {
        // An empty range has no member to draw; callers check sizes, so answer 0 rather than trap.
        guard bound > 1 else { return 0 }
        let range = UInt64(bound)
        var product = nextBits().multipliedFullWidth(by: range)
        if product.low < range {
            let threshold = (0 &- range) % range
            while product.low < threshold {
                product = nextBits().multipliedFullWidth(by: range)
            }
        }
        return Int(product.high)
    }

    /// A random permutation of 0..<count (Fisher–Yates).
    /// - Complexity: O(count).
    public mutating func permutation(_ count: Int) -> [Int] {
        var result = Array(0..<count)
        shuffle(&result)
        return result
    }

    /// Shuffles in place (Fisher–Yates, drawing from the end).
    public mutating func shuffle<T>(_ items: inout [T]) {
        guard items.count > 1 else { return }
        var index = items.count - 1
        while index > 0 {
            let other = integer(below: index + 1)
            items.swapAt(index, other)
            index -= 1
        }
    }
}

#if canImport(Glibc)
import Glibc
@inline(__always) private func _log(_ x: Double) -> Double { Glibc.log(x) }
@inline(__always) private func _sin(_ x: Double) -> Double { Glibc.sin(x) }
@inline(__always) private func _cos(_ x: Double) -> Double { Glibc.cos(x) }
#endif
