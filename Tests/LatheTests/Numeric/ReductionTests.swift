import Testing
import Numeric

@Suite("Numeric: reductions")
struct NumericReductionTests {
    let data = Tensor([2, 4, 4, 4, 5, 5, 7, 9])
    let m = numericMatrix([[1, 2, 3], [4, 5, 9]])

    @Test func sumsAndMeans() throws {
        #expect(data.sum() == 40 && data.mean() == 5)
        #expect(try m.sum(axis: 0) == Tensor([5, 7, 12]))
        #expect(try m.sum(axis: 1) == Tensor([6, 18]))
        #expect(try m.sum(axis: -1) == Tensor([6, 18]))
        #expect(try m.mean(axis: 0) == Tensor([2.5, 3.5, 6]))
        #expect(try data.sum(axis: 0) == Tensor([40]))
        #expect(throws: NumericError.invalidArgument("axis 2 is out of range for a tensor of shape [2, 3]")) {
            try m.sum(axis: 2)
        }
        #expect(throws: NumericError.self) { try data.mean(axis: 1) }
        #expect(Tensor([]).sum() == 0 && Tensor([]).mean().isNaN)
        #expect(Tensor([1, .nan]).sum().isNaN)
    }

    @Test func varianceAndStandardDeviation() throws {
        #expect(data.variance() == 4 && data.standardDeviation() == 2)
        #expect(numericClose(data.variance(ddof: 1), 32.0 / 7))
        #expect(numericClose(data.standardDeviation(ddof: 1), (32.0 / 7).squareRoot()))
        // A large offset: numpy gives exactly 22.5 and 30.
        let shifted = Tensor([4, 7, 13, 16].map { 1e9 + $0 })
        #expect(numericClose(shifted.variance(), 22.5, relative: 1e-12))
        #expect(numericClose(shifted.variance(ddof: 1), 30, relative: 1e-12))
        #expect(Tensor([3]).variance(ddof: 1).isNaN && Tensor([3]).variance() == 0)
        #expect(try m.variance(axis: 0) == Tensor([2.25, 2.25, 9]))
        #expect(try m.variance(axis: 1, ddof: 1) == Tensor([1, 7]))
        #expect(try m.standardDeviation(axis: 0, ddof: 0) == Tensor([1.5, 1.5, 3]))
        #expect(Tensor([1, .nan]).variance().isNaN)
    }

    @Test func extremes() throws {
        let x = Tensor([3, 1, 4, 1, 5, 9, 2, 6, 9])
        #expect(x.min() == 1 && x.max() == 9)
        #expect(x.argmin() == 1 && x.argmax() == 5)  // first occurrence
        #expect(try m.min(axis: 0) == Tensor([1, 2, 3]) && m.max(axis: 1) == Tensor([3, 9]))
        #expect(try m.argmax(axis: 0) == [1, 1, 1] && m.argmin(axis: 1) == [0, 0])
        let n = Tensor([3, .nan, 1, .nan])
        #expect(n.min().isNaN && n.max().isNaN)
        #expect(n.argmin() == 1 && n.argmax() == 1)  // numpy: the first NaN
        #expect(Tensor([]).argmin() == -1 && Tensor([]).min().isNaN)
        // More than one vector block, extreme in the tail.
        var long = [Double](repeating: 0, count: 37)
        long[35] = -1
        long[36] = 2
        #expect(Tensor(long).min() == -1 && Tensor(long).max() == 2 && Tensor(long).argmin() == 35)
    }

    @Test func cumulativeSums() throws {
        #expect(Tensor([1, 2, 3, 4]).cumulativeSum() == Tensor([1, 3, 6, 10]))
        #expect(try m.cumulativeSum(axis: 0).storage == [1, 2, 3, 5, 7, 12])
        #expect(try m.cumulativeSum(axis: 1).storage == [1, 3, 6, 4, 9, 18])
        let c = Tensor([1, .nan, 1]).cumulativeSum().storage
        #expect(c[0] == 1 && c[1].isNaN && c[2].isNaN)
    }

    @Test func nanSkippingVariants() throws {
        let x = Tensor([1, .nan, 3, 5])
        #expect(x.nonMissingCount() == 3)
        #expect(x.nanSum() == 9 && x.nanMean() == 3)
        #expect(x.nanVariance(ddof: 1) == 4 && numericClose(x.nanVariance(), 8.0 / 3))
        #expect(x.nanStandardDeviation(ddof: 1) == 2)
        #expect(x.nanMin() == 1 && x.nanMax() == 5)
        #expect(Tensor([.nan, .nan, 2, .nan, .nan, -1]).nanMin() == -1)
        let none = Tensor([.nan, .nan])
        #expect(none.nanSum() == 0 && none.nanMean().isNaN && none.nanMin().isNaN && none.nanMax().isNaN)
        #expect(none.nanVariance().isNaN && none.nonMissingCount() == 0)
        let xm = numericMatrix([[1, .nan], [3, 4]])
        #expect(try xm.nanMean(axis: 0) == Tensor([2, 4]))
        #expect(try xm.nanSum(axis: 1) == Tensor([1, 7]))
        #expect(try xm.nonMissingCount(axis: 0) == Tensor([2, 1]))
    }

    @Test func vectorPathsHandleInfinityNaNAndTails() {
        // Lengths that leave a tail after the 8-wide vector loop; specials in body and tail.
        var base = (0..<21).map { Double($0) - 5 }
        base[2] = .infinity
        var t = Tensor(base)
        #expect(t.min() == -5 && t.max() == .infinity && t.argmax() == 2)
        base[19] = -.infinity
        t = Tensor(base)
        #expect(t.min() == -.infinity && t.argmin() == 19)
        base[4] = .nan
        t = Tensor(base)
        #expect(t.min().isNaN && t.max().isNaN && t.argmin() == 4)
        #expect(t.nanMin() == -.infinity && t.nanMax() == .infinity)
        #expect(Tensor([Double](repeating: .nan, count: 17)).nanMax().isNaN)
        #expect(Tensor([.nan, -.infinity, .nan]).nanMax() == -.infinity)
        #expect(Tensor([.infinity, .infinity]).nanMin() == .infinity)
        // NaN-skipping sums and variances against the same data with the NaNs removed.
        let raw = (0..<37).map { i -> Double in i % 5 == 3 ? .nan : Double(i * i % 11) + 0.25 }
        let kept = raw.filter { !$0.isNaN }
        #expect(Tensor(raw).nanSum() == Tensor(kept).sum())
        #expect(Tensor(raw).nonMissingCount() == kept.count)
        #expect(numericClose(Tensor(raw).nanVariance(ddof: 1), Tensor(kept).variance(ddof: 1), relative: 1e-14))
        #expect(Tensor(raw).variance().isNaN && Tensor(raw).sum().isNaN)
        #expect(Tensor([1, .infinity]).variance().isNaN)
    }

    @Test func columnReductionsMatchRowReductionsOfTheTranspose() throws {
        // Axis 0 with ≥ 4 columns walks rows with per-column accumulators; the transpose's
        // axis 1 uses the contiguous kernels. 300 rows exercise the pairwise split.
        var g = RandomGenerator(seed: 12)
        var values = (0..<(300 * 6)).map { _ in g.normal(mean: 1000, std: 3) }
        values[7 * 6 + 2] = .nan
        values[250 * 6 + 4] = .infinity
        let x = try Tensor(shape: [300, 6], storage: values)
        let t = x.transposed()
        #expect(numericClose(try x.sum(axis: 0).storage, try t.sum(axis: 1).storage, relative: 1e-13))
        #expect(numericClose(try x.mean(axis: 0).storage, try t.mean(axis: 1).storage, relative: 1e-13))
        #expect(numericClose(try x.variance(axis: 0, ddof: 1).storage, try t.variance(axis: 1, ddof: 1).storage, relative: 1e-11))
        #expect(numericClose(try x.standardDeviation(axis: 0).storage, try t.standardDeviation(axis: 1).storage, relative: 1e-11))
        #expect(numericClose(try x.min(axis: 0).storage, try t.min(axis: 1).storage))
        #expect(numericClose(try x.max(axis: 0).storage, try t.max(axis: 1).storage))
        let v = try x.variance(axis: 0).storage
        #expect(v[2].isNaN && v[4].isNaN && !v[0].isNaN)
        #expect(try x.max(axis: 0).storage[4] == .infinity && x.min(axis: 0).storage[2].isNaN)
        #expect(try Tensor.zeros([1, 5]).variance(axis: 0, ddof: 1).storage.allSatisfy { $0.isNaN })
    }

    @Test func pairwiseSumAccuracy() {
        let n = 10_000_000
        let values = [Double](repeating: 0.1, count: n)
        let s = Tensor(values).sum()
        // Exact sum of 10⁷ copies of fl(0.1) is 1e6 + 5.55e-11; naive summation is off by ~1.6e-4.
        #expect(Swift.abs(s - 1e6) / 1e6 < 1e-12)
        let kernel = values.withUnsafeBufferPointer { Kernels.sum($0) }
        #expect(kernel == s)
    }

    @Test func kernels() {
        var y: [Double] = [1, 1, 1]
        let x: [Double] = [1, 2, 3]
        x.withUnsafeBufferPointer { xp in
            y.withUnsafeMutableBufferPointer { yp in Kernels.axpy(2, xp, yp) }
        }
        #expect(y == [3, 5, 7])
        let sum = (1...1000).map(Double.init).withUnsafeBufferPointer { Kernels.sum($0) }
        #expect(sum == 500_500)
        #expect([Double]().withUnsafeBufferPointer { Kernels.sum($0) } == 0)
        #expect(x.withUnsafeBufferPointer { a in y.withUnsafeBufferPointer { b in Kernels.dot(a, b) } } == 34)
    }
}
