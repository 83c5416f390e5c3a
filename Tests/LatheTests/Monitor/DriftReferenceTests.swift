// Drift tests against Evidently 0.7.23 and SciPy 1.17.1 (Tests/Fixtures/monitor, written by
// tools/reference/ref_monitor.py). Statistics and p-values agree to 1e-9, absolute for values
// at most 1 in size (p-values, distances) and relative above; drift decisions exactly.

import Data
import Testing
@testable import Monitor

@Suite struct DriftReferenceTests {
    struct Case {
        var name: String
        var json: RefJSON
        var reference: Column
        var current: Column
    }

    static func cases(_ file: String) -> [Case] {
        var out: [Case] = []
        var previousCurrent: Column? = nil
        for c in ReferenceFixtures.json("monitor/\(file).json")["cases"].array {
            let numeric = c["kind"].string == "numeric"
            func column(_ v: RefJSON) -> Column {
                if numeric { return .numeric("x", v.array.map { $0.isNull ? .nan : ($0.double ?? .nan) }) }
                return .strings("x", v.array.map { $0.string })
            }
            let reference = column(c["reference"])
            let current = c["current"]["same_as"].isNull ? column(c["current"]) : previousCurrent!
            previousCurrent = current
            out.append(Case(name: c["name"].string ?? "?", json: c, reference: reference, current: current))
        }
        return out
    }

    static func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-9) -> Bool {
        if a == b { return true }
        if a.isNaN || b.isNaN { return false }
        return abs(a - b) <= tolerance * max(1, abs(b))
    }

    @Test(arguments: ["small", "large", "ks_asymp"])
    func evidentlyDefault(file: String) throws {
        let cases = Self.cases(file)
        #expect(!cases.isEmpty)
        for c in cases {
            let expected = c.json["evidently_default"]
            let r = try Drift.column(name: c.name, reference: c.reference, current: c.current, method: nil, threshold: nil)
            #expect(r.problem == nil, "\(file)/\(c.name): \(r.problem ?? "")")
            #expect(r.method?.rawValue == expected["method"].string, "\(file)/\(c.name)")
            let score = r.method?.isPValueTest == true ? (r.pValue ?? .nan) : r.statistic
            #expect(Self.close(score, expected["score"].double!), "\(file)/\(c.name): \(score) vs \(expected["score"])")
            #expect(r.drifted == expected["drifted"].bool, "\(file)/\(c.name)")
            #expect(r.threshold == expected["threshold"].double, "\(file)/\(c.name)")
            // One column: the dataset share is 0 or 1.
            let report = try Drift.compare(reference: try Frame(columns: [c.reference]), current: try Frame(columns: [c.current]))
            #expect(report.share == expected["share"].double, "\(file)/\(c.name)")
            #expect(report.drifted == expected["dataset_drift"].bool, "\(file)/\(c.name)")
        }
    }

    @Test(arguments: ["small", "large", "ks_asymp"])
    func evidentlyForced(file: String) throws {
        for c in Self.cases(file) {
            let forced = c.json["evidently_forced"]
            for key in forced.keys {
                let method = try #require(DriftMethod(name: key))
                let expected = forced[key]
                let r = try Drift.column(name: c.name, reference: c.reference, current: c.current, method: method, threshold: nil)
                #expect(r.problem == nil, "\(file)/\(c.name)/\(key): \(r.problem ?? "")")
                let score = method.isPValueTest ? (r.pValue ?? .nan) : r.statistic
                #expect(Self.close(score, expected["score"].double!), "\(file)/\(c.name)/\(key): \(score) vs \(expected["score"])")
                #expect(r.drifted == expected["drifted"].bool, "\(file)/\(c.name)/\(key)")
                #expect(r.threshold == expected["threshold"].double, "\(file)/\(c.name)/\(key)")
            }
            // Tests that do not fit the column are a per-column problem.
            for method in DriftMethod.allCases where !forced.keys.contains(method.rawValue) {
                let r = try Drift.column(name: c.name, reference: c.reference, current: c.current, method: method, threshold: nil)
                #expect(r.problem != nil && r.method == nil && !r.drifted, "\(file)/\(c.name)/\(method)")
            }
        }
    }

    @Test(arguments: ["small", "large", "ks_asymp"])
    func scipySingleTests(file: String) throws {
        for c in Self.cases(file) {
            let s = c.json["scipy"]
            if c.reference.isNumeric {
                let a = c.reference.asDoubles()!, b = c.current.asDoubles()!
                let ks = DriftTests.ks(a, b)
                #expect(Self.close(ks.statistic, s["ks"]["statistic"].double!), "\(file)/\(c.name) ks D")
                #expect(Self.close(ks.pValue, s["ks"]["pvalue"].double!), "\(file)/\(c.name) ks p \(ks.pValue) vs \(s["ks"]["pvalue"])")
                let fa = DriftTests.finiteSorted(a), fb = DriftTests.finiteSorted(b)
                #expect(Self.close(DriftTests.wasserstein(sortedReference: fa, sortedCurrent: fb), s["wasserstein_distance"].double!), "\(file)/\(c.name) wasserstein")
                #expect(Self.close(DriftTests.populationStd(fa), s["std_reference"].double!), "\(file)/\(c.name) std")
                let chi = DriftTests.chi2(a, b)
                #expect(Self.close(chi.statistic, s["chi2"]["statistic"].double!), "\(file)/\(c.name) chi2 stat")
                #expect(Self.close(chi.pValue, s["chi2"]["pvalue"].double!), "\(file)/\(c.name) chi2 p")
            }
        }
    }
}
