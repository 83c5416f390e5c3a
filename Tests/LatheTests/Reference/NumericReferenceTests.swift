// Tensor reductions, quantiles, running sums and sorting against numpy 2.4.6
// (Tests/Fixtures/numeric/reductions.json and reductions_axis.json; see Tests/Fixtures/README.md).
//
// Tolerance: 1e-12 relative for every float (NaN must meet NaN); indices exactly.
// `cancellation`: numpy's `sum` (and so `mean`) depends on the summation order, so there the
// exact sum `fsum` is the reference: a compensated sum must meet it to 1e-12, and Tensor's
// pairwise `sum()` must lie within the worst-case rounding bound of any summation order.
// Not compared: `nanargmin`, `nanargmax`, `nancumsum` — Tensor has no NaN-skipping argmin,
// argmax or running sum (see `unsupportedNaNKeys`).

import Testing
import Numeric
@testable import Data  // Describe.compensatedSum, the library's compensated (Neumaier) sum

@Suite("Reference: Tensor reductions vs numpy")
struct NumericReferenceTests {
    static let fixture = ReferenceFixtures.json("numeric/reductions.json")
    static let axisFixture = ReferenceFixtures.json("numeric/reductions_axis.json")
    static let qs: [Double] = fixture["q"].doubles
    static let arrayNames: [String] = fixture["arrays"].array.compactMap { $0["name"].string }
    static let nanArrayNames: [String] = fixture["arrays"].array
        .filter { !$0["nan_skipping"].isNull }.compactMap { $0["name"].string }

    /// Arrays whose numpy `sum` depends on the summation order (README: compare to `fsum`).
    static let orderDependentSums: Set<String> = ["cancellation"]

    static let plainKeys: Set<String> = [
        "count", "sum", "fsum", "mean", "var_ddof0", "var_ddof1", "std_ddof0", "std_ddof1", "min", "max",
        "argmin", "argmax", "quantile_linear", "cumsum", "sort", "argsort_stable",
    ]
    static let comparedNaNKeys: Set<String> = [
        "count", "sum", "fsum", "mean", "var_ddof0", "var_ddof1", "std_ddof0", "std_ddof1", "min", "max",
        "quantile_linear",
    ]
    /// numpy's nanargmin, nanargmax and nancumsum: Tensor has no NaN-skipping counterpart.
    static let unsupportedNaNKeys: Set<String> = ["argmin", "argmax", "cumsum"]

    static func entry(_ name: String) -> RefJSON {
        fixture["arrays"].array.first { $0["name"].string == name } ?? .null
    }

    // MARK: Fixture shape (guards against silently testing nothing)

    @Test func fixturesAreLoadedAndFullyCovered() {
        #expect(Self.arrayNames == ["normal_50", "ties", "negative", "with_nan", "even_length", "single",
                                    "offset_1e9", "cancellation", "all_nan"])
        #expect(Self.nanArrayNames == ["with_nan", "all_nan"])
        #expect(Self.qs == [0, 0.1, 0.25, 0.5, 0.75, 0.9, 1])
        for name in Self.arrayNames {
            let e = Self.entry(name)
            #expect(Set(e["plain"].keys) == Self.plainKeys, "\(name): plain keys \(e["plain"].keys)")
            if !e["nan_skipping"].isNull {
                #expect(Set(e["nan_skipping"].keys) == Self.comparedNaNKeys.union(Self.unsupportedNaNKeys),
                        "\(name): nan_skipping keys \(e["nan_skipping"].keys)")
            }
        }
        #expect(Self.axisFixture["shape"].ints == [6, 4])
    }

    // MARK: 1-D, NaN-propagating

    @Test(arguments: arrayNames)
    func plainReductions(name: String) {
        let e = Self.entry(name), x = e["values"].doubles, t = Tensor(x), r = e["plain"]
        #expect(t.count == r["count"].int)

        if !Self.orderDependentSums.contains(name) {
            expectReference(t.sum(), r["sum"].double!, "\(name) sum")
            expectReference(t.mean(), r["mean"].double!, "\(name) mean")
        }
        expectReference(t.variance(ddof: 0), r["var_ddof0"].double!, "\(name) variance ddof 0")
        expectReference(t.variance(ddof: 1), r["var_ddof1"].double!, "\(name) variance ddof 1")
        expectReference(t.standardDeviation(ddof: 0), r["std_ddof0"].double!, "\(name) std ddof 0")
        expectReference(t.standardDeviation(ddof: 1), r["std_ddof1"].double!, "\(name) std ddof 1")
        expectReference(t.min(), r["min"].double!, "\(name) min")
        expectReference(t.max(), r["max"].double!, "\(name) max")
        #expect(t.argmin() == r["argmin"].int, "\(name) argmin")
        #expect(t.argmax() == r["argmax"].int, "\(name) argmax")

        let expectedQ = r["quantile_linear"].doubles
        for (q, expected) in zip(Self.qs, expectedQ) {
            expectReference(t.quantile(q), expected, "\(name) quantile(\(q))")
        }
        expectReference(t.quantiles(Self.qs), expectedQ, "\(name) quantiles(\(Self.qs))")
        expectReference(t.median(), expectedQ[3], "\(name) median")

        let cumulative = t.cumulativeSum()
        #expect(cumulative.shape == [x.count])
        expectReference(cumulative.storage, r["cumsum"].doubles, "\(name) cumulativeSum")
        let sorted = t.sorted()
        #expect(sorted.shape == [x.count])
        expectReference(sorted.storage, r["sort"].doubles, "\(name) sorted")
        #expect(t.argsort() == r["argsort_stable"].ints, "\(name) argsort (stable)")
    }

    /// `fsum` is the correctly rounded sum. A compensated sum must meet it to 1e-12; Tensor's
    /// pairwise sum (and the mean) must be within γₙ₋₁·Σ|x| of it, the worst-case error of
    /// any summation order (γₖ = k·u / (1 − k·u), u = 2⁻⁵³), plus fsum's own half ulp.
    @Test(arguments: arrayNames)
    func sumAgainstExactlyRoundedSum(name: String) {
        let e = Self.entry(name), x = e["values"].doubles, t = Tensor(x)
        for (key, values, lathe) in [
            ("plain", x, t.sum()),
            ("nan_skipping", x.filter { !$0.isNaN }, t.nanSum()),
        ] {
            guard let fsum = e[key]["fsum"].double else { continue }
            let label = "\(name) \(key)"
            if fsum.isNaN {
                #expect(lathe.isNaN, "\(label) sum: got \(lathe), expected NaN")
                continue
            }
            expectReference(Describe.compensatedSum(values), fsum, "\(label) compensated sum vs fsum")
            let u = Double.ulpOfOne / 2, k = Double(max(values.count - 1, 0))
            let bound = k * u / (1 - k * u) * values.reduce(0) { $0 + abs($1) } + u * abs(fsum)
            #expect(abs(lathe - fsum) <= bound,
                    "\(label) sum \(lathe) is \(abs(lathe - fsum)) from fsum \(fsum), bound \(bound)")
            if key == "plain" && Self.orderDependentSums.contains(name) {
                let n = Double(values.count)
                #expect(abs(t.mean() - fsum / n) <= bound / n + u * abs(fsum / n),
                        "\(label) mean \(t.mean()) vs fsum/n \(fsum / n)")
            }
        }
    }

    // MARK: 1-D, NaN-skipping

    @Test(arguments: nanArrayNames)
    func nanSkippingReductions(name: String) {
        let e = Self.entry(name), t = Tensor(e["values"].doubles), r = e["nan_skipping"]
        #expect(t.nonMissingCount() == r["count"].int, "\(name) nonMissingCount")
        expectReference(t.nanSum(), r["sum"].double!, "\(name) nanSum")
        expectReference(t.nanMean(), r["mean"].double!, "\(name) nanMean")
        expectReference(t.nanVariance(ddof: 0), r["var_ddof0"].double!, "\(name) nanVariance ddof 0")
        expectReference(t.nanVariance(ddof: 1), r["var_ddof1"].double!, "\(name) nanVariance ddof 1")
        expectReference(t.nanStandardDeviation(ddof: 0), r["std_ddof0"].double!, "\(name) nanStd ddof 0")
        expectReference(t.nanStandardDeviation(ddof: 1), r["std_ddof1"].double!, "\(name) nanStd ddof 1")
        expectReference(t.nanMin(), r["min"].double!, "\(name) nanMin")
        expectReference(t.nanMax(), r["max"].double!, "\(name) nanMax")
        let expectedQ = r["quantile_linear"].doubles
        for (q, expected) in zip(Self.qs, expectedQ) {
            expectReference(t.nanQuantile(q), expected, "\(name) nanQuantile(\(q))")
        }
        expectReference(t.nanQuantiles(Self.qs), expectedQ, "\(name) nanQuantiles")
        expectReference(t.nanMedian(), expectedQ[3], "\(name) nanMedian")
        // null = numpy raised (nanargmin/nanargmax of all-NaN); there is no Tensor counterpart.
        #expect(r["argmin"].isNull == (t.nonMissingCount() == 0))
    }

    // MARK: 1-D through the axis API (axis 0 and -1 give a [1] result)

    @Test(arguments: arrayNames)
    func vectorAxisReductionsMatchWholeArray(name: String) throws {
        let e = Self.entry(name), t = Tensor(e["values"].doubles), r = e["plain"]
        for axis in [0, -1] {
            let label = "\(name) axis \(axis)"
            if !Self.orderDependentSums.contains(name) {
                expectReference(try t.sum(axis: axis).storage, [r["sum"].double!], "\(label) sum")
                expectReference(try t.mean(axis: axis).storage, [r["mean"].double!], "\(label) mean")
            }
            expectReference(try t.variance(axis: axis, ddof: 1).storage, [r["var_ddof1"].double!], "\(label) var")
            expectReference(try t.standardDeviation(axis: axis, ddof: 0).storage, [r["std_ddof0"].double!], "\(label) std")
            expectReference(try t.min(axis: axis).storage, [r["min"].double!], "\(label) min")
            expectReference(try t.max(axis: axis).storage, [r["max"].double!], "\(label) max")
            #expect(try t.argmin(axis: axis) == [r["argmin"].int!], "\(label) argmin")
            #expect(try t.argmax(axis: axis) == [r["argmax"].int!], "\(label) argmax")
            expectReference(try t.quantile(0.25, axis: axis).storage, [r["quantile_linear"][2].double!], "\(label) q.25")
            expectReference(try t.cumulativeSum(axis: axis).storage, r["cumsum"].doubles, "\(label) cumsum")
        }
    }

    // MARK: 6x4 matrix along axis 0 and 1

    static let axisKeys: Set<String> = [
        "sum", "mean", "var_ddof0", "var_ddof1", "std_ddof1", "min", "max", "argmin", "argmax", "cumsum",
        "quantile_linear", "nansum", "nanmean", "nanvar_ddof1", "nanquantile_linear",
    ]

    @Test(arguments: [0, 1])
    func matrixAlongAxis(axis: Int) throws {
        let f = Self.axisFixture
        let m = try Tensor(rows: f["values"].array.map(\.doubles))
        #expect(m.shape == [6, 4])
        let r = f["axis\(axis)"]
        #expect(Set(r.keys) == Self.axisKeys, "axis\(axis) keys \(r.keys)")
        let qs = f["q"].doubles
        #expect(qs == Self.qs)
        // Each axis also by its negative spelling.
        for a in [axis, axis - 2] {
            let label = "axis \(a)"
            expectReference(try m.sum(axis: a).storage, r["sum"].doubles, "\(label) sum")
            expectReference(try m.mean(axis: a).storage, r["mean"].doubles, "\(label) mean")
            expectReference(try m.variance(axis: a, ddof: 0).storage, r["var_ddof0"].doubles, "\(label) var ddof 0")
            expectReference(try m.variance(axis: a, ddof: 1).storage, r["var_ddof1"].doubles, "\(label) var ddof 1")
            expectReference(try m.standardDeviation(axis: a, ddof: 1).storage, r["std_ddof1"].doubles, "\(label) std ddof 1")
            expectReference(try m.min(axis: a).storage, r["min"].doubles, "\(label) min")
            expectReference(try m.max(axis: a).storage, r["max"].doubles, "\(label) max")
            #expect(try m.argmin(axis: a) == r["argmin"].ints, "\(label) argmin")
            #expect(try m.argmax(axis: a) == r["argmax"].ints, "\(label) argmax")
            let cumulative = try m.cumulativeSum(axis: a)
            #expect(cumulative.shape == [6, 4])
            expectReference(cumulative.storage, r["cumsum"].array.flatMap(\.doubles), "\(label) cumsum")
            for (i, q) in qs.enumerated() {
                expectReference(try m.quantile(q, axis: a).storage, r["quantile_linear"][i].doubles,
                                "\(label) quantile(\(q))")
                expectReference(try m.nanQuantile(q, axis: a).storage, r["nanquantile_linear"][i].doubles,
                                "\(label) nanQuantile(\(q))")
            }
            expectReference(try m.nanSum(axis: a).storage, r["nansum"].doubles, "\(label) nanSum")
            expectReference(try m.nanMean(axis: a).storage, r["nanmean"].doubles, "\(label) nanMean")
            expectReference(try m.nanVariance(axis: a, ddof: 1).storage, r["nanvar_ddof1"].doubles,
                            "\(label) nanVariance ddof 1")
        }
    }
}
