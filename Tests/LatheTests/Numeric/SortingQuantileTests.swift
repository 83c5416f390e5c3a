import Testing
import Numeric

@Suite("Numeric: sorting and quantiles")
struct NumericSortingQuantileTests {
    @Test func sortPutsNaNLast() {
        let x = Tensor([3, .nan, -1, 2, -0.0, 0])
        let s = x.sorted().storage
        #expect(Array(s.prefix(5)) == [-1, 0, 0, 2, 3] && s[5].isNaN)
        #expect(numericMatrix([[3, 1], [0, -2]]).sorted().storage == [1, 3, -2, 0])
    }

    @Test func argsortIsStable() {
        let x = Tensor([2, 1, 2, 1, .nan, 2, 0, .nan])
        #expect(x.argsort() == [6, 1, 3, 0, 2, 5, 4, 7])
        #expect(x.argsort(descending: true) == [0, 2, 5, 1, 3, 6, 4, 7])
        #expect(Tensor([0.0, -0.0, 0.0]).argsort() == [0, 1, 2])  // -0 ties with +0
        #expect(Tensor([5, 3, 4]).ordinalRanks() == [2, 0, 1])
    }

    @Test func largeArgsortMatchesComparisonSort() {
        // Above the radix cutoff: many ties, negatives, and NaNs.
        var g = RandomGenerator(seed: 7)
        let n = 5000
        let values = (0..<n).map { i -> Double in
            i % 97 == 0 ? .nan : Double(g.integer(below: 50)) - 25
        }
        let order = Tensor(values).argsort()
        let expected = (0..<n).sorted { a, b in
            let x = values[a], y = values[b]
            if x.isNaN || y.isNaN { return !x.isNaN && y.isNaN || (x.isNaN && y.isNaN && a < b) }
            return x != y ? x < y : a < b
        }
        #expect(order == expected)
        let sorted = Tensor(values).sorted().storage
        #expect(sorted.prefix(n - 52) == ArraySlice(expected.prefix(n - 52).map { values[$0] }))
        #expect(sorted.suffix(52).allSatisfy { $0.isNaN })
    }

    @Test func quantileLinearInterpolation() {
        let x = Tensor([40, 10, 50, 20, 30])
        #expect(x.quantile(0) == 10 && x.quantile(1) == 50)
        #expect(x.quantile(0.5) == 30 && x.median() == 30)
        #expect(numericClose(x.quantile(0.1), 14) && numericClose(x.quantile(0.9), 46))
        #expect(numericClose(x.quantile(0.333), 23.32))
        #expect(Tensor([1, 2, 3, 4]).quantile(0.25) == 1.75)
        let ties = Tensor([3, 1, 2, 2, 2, 5])
        #expect(ties.quantiles([0, 0.5, 0.7, 1]) == [1, 2, 2.5, 5])
        #expect(ties.quantile(0.7) == 2.5 && ties.quantile(0.5) == 2)
        #expect(Tensor([7]).quantile(0.3) == 7)
        #expect(Tensor([]).quantile(0.5).isNaN && x.quantile(1.5).isNaN && x.quantile(-0.1).isNaN)
        #expect(Tensor([1, .nan]).quantile(0.5).isNaN)
        #expect(throws: NumericError.invalidArgument("quantile 1.5 is outside [0, 1]")) { try Tensor.checkQuantile(1.5) }
    }

    @Test func quantileSelectionMatchesSorting() {
        var g = RandomGenerator(seed: 11)
        let values = (0..<2001).map { _ in g.normal() }
        let t = Tensor(values)
        let qs = [0.75, 0, 0.01, 0.5, 0.25, 0.6180339, 1, 0.999]  // unsorted on purpose
        #expect(qs.map { t.quantile($0) } == t.quantiles(qs))  // ≤ 8: successive selection
        let many = qs + [0.1, 0.2, 0.3, 0.9, 0.5]
        #expect(many.map { t.quantile($0) } == t.quantiles(many))  // > 8: one sort
        #expect(t.quantiles([0.5, 2, 0.5]).enumerated().allSatisfy { $0.offset == 1 ? $0.element.isNaN : $0.element == t.median() })
        let dup = Tensor((0..<1000).map { Double($0 % 3) })
        #expect(dup.quantile(0.5) == 1 && dup.quantiles([0.5]) == [1])
    }

    @Test func nanQuantile() throws {
        let x = Tensor([.nan, 4, 1, 3, 2])
        #expect(x.nanQuantile(0.25) == 1.75 && x.nanMedian() == 2.5)
        #expect(x.nanQuantiles([0, 1]) == [1, 4])
        #expect(Tensor([.nan]).nanQuantile(0.5).isNaN)
        let m = numericMatrix([[1, 10], [2, .nan], [3, 30]])
        #expect(try m.nanQuantile(0.5, axis: 0) == Tensor([2, 20]))
        #expect(try m.quantile(0.5, axis: 1).storage[0] == 5.5)
    }
}
