import Testing
import Numeric

@Suite("Numeric: random generator")
struct NumericRandomGeneratorTests {
    @Test func pinnedFirstValues() {
        // From an independent implementation of SplitMix64 seeding + xoshiro256**.
        var g = RandomGenerator(seed: 42)
        #expect(g.next() == 0x1578_0B2E_0C2E_C716)
        #expect(g.next() == 0x6104_D986_6D11_3A7E)
        #expect(g.next() == 0xAE17_5332_39E4_99A1)
        var z = RandomGenerator(seed: 0)
        #expect(z.next() == 11_091_344_671_253_066_420)
        var u = RandomGenerator(seed: 42)
        #expect(u.uniform() == 0.08386297105988216)
        #expect(u.uniform() == 0.3789802506626686)
    }

    @Test func sameSeedSameStream() {
        var a = RandomGenerator(seed: 2024), b = RandomGenerator(seed: 2024), c = RandomGenerator(seed: 2025)
        let xs = (0..<100).map { _ in a.normal() }
        let ys = (0..<100).map { _ in b.normal() }
        #expect(xs == ys)
        #expect((0..<100).map { _ in c.normal() } != xs)
        var p = RandomGenerator(seed: 5), q = RandomGenerator(seed: 5)
        #expect(p.permutation(50) == q.permutation(50))
        #expect(p.permutation(50).sorted() == Array(0..<50))
        var t1 = RandomGenerator(seed: 1), t2 = RandomGenerator(seed: 1)
        #expect(Tensor.uniform([3, 4], using: &t1) == Tensor.uniform([3, 4], using: &t2))
    }

    @Test func drawsAreInRange() {
        var g = RandomGenerator(seed: 3)
        for _ in 0..<1000 {
            let u = g.uniform()
            #expect(u >= 0 && u < 1)
            let k = g.integer(below: 7)
            #expect(k >= 0 && k < 7)
        }
        let normals = Tensor((0..<20000).map { _ in g.normal() })
        #expect(Swift.abs(normals.mean()) < 0.05 && Swift.abs(normals.standardDeviation() - 1) < 0.05)
    }
}
