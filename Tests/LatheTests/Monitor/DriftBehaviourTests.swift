import Foundation
import Data
import Testing
@testable import Monitor

@Suite struct DriftBehaviourTests {
    static func normal(_ n: Int, shift: Double, seed: UInt64) -> [Double] {
        var state = seed &* 6364136223846793005 &+ 1442695040888963407
        func uniform() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return (Double(state >> 11) + 0.5) / Double(1 << 53)
        }
        return (0..<n).map { _ in (-2 * log(uniform())).squareRoot() * cos(2 * .pi * uniform()) + shift }
    }

    @Test func brokenColumnsAreReportedAndTheRestRuns() throws {
        let ref = try Frame(columns: [
            .numeric("good", Self.normal(300, shift: 0, seed: 1)),
            .numeric("allnan", [Double](repeating: .nan, count: 300)),
            .numeric("gone", Self.normal(300, shift: 0, seed: 2)),
            .strings("city", (0..<300).map { ["a", "b", "c"][$0 % 3] }),
        ])
        let cur = try Frame(columns: [
            .numeric("good", Self.normal(200, shift: 1, seed: 3)),
            .numeric("allnan", Self.normal(200, shift: 0, seed: 4)),
            .strings("city", (0..<200).map { ["a", "b", "c", "d"][$0 % 4] }),
            .numeric("fresh", Self.normal(200, shift: 0, seed: 5)),
        ])
        let report = try Drift.compare(reference: ref, current: cur, options: DriftOptions())
        #expect(report.columns.map(\.name) == ["good", "allnan", "gone", "city", "fresh"])
        #expect(report.missingColumns == ["gone"])
        #expect(report.newColumns == ["fresh"])
        let byName = Dictionary(uniqueKeysWithValues: report.columns.map { ($0.name, $0) })
        #expect(byName["good"]?.method == .ks && byName["good"]?.drifted == true)
        #expect(byName["allnan"]?.problem != nil && byName["allnan"]?.method == nil)
        #expect(byName["gone"]?.problem != nil && byName["fresh"]?.problem != nil)
        #expect(byName["city"]?.method == .chi2 && byName["city"]?.drifted == true)
        #expect(report.share == 1 && report.drifted)

        let empty = try Drift.column(name: "e", reference: .numeric("e", []), current: .numeric("e", [1, 2]), method: nil, threshold: nil)
        #expect(empty.problem != nil && !empty.drifted)
        let wrong = try Drift.column(name: "c", reference: .strings("c", ["a", "b"]), current: .strings("c", ["a"]), method: .ks, threshold: nil)
        #expect(wrong.problem != nil)
        let z4 = try Drift.column(name: "z", reference: .numeric("z", [1, 2, 3, 4]), current: .numeric("z", [1, 2]), method: .z, threshold: nil)
        #expect(z4.problem != nil)
    }

    @Test func optionsAreValidated() throws {
        let a = try Frame(columns: [.numeric("x", [1, 2, 3])]), b = try Frame(columns: [.numeric("y", [1, 2, 3])])
        #expect(throws: MonitorError.self) { try Drift.compare(reference: a, current: b) }
        #expect(throws: MonitorError.invalidDriftShare(0)) { try Drift.compare(reference: a, current: a, options: DriftOptions(driftShare: 0)) }
        #expect(throws: MonitorError.self) { try Drift.compare(reference: a, current: a, options: DriftOptions(threshold: .nan)) }
        #expect(throws: MonitorError.self) { try Drift.compare(reference: a, current: a, options: DriftOptions(columns: ["xx"])) }
        #expect(DriftMethod(name: "kss") == nil)
        #expect(MonitorError.unknownMethod(name: "kss").hint?.contains("did you mean 'ks'") == true)
        #expect(DriftMethod(name: "ChiSquare") == .chi2)
        #expect(MonitorErrorCodes.codes.count == Set(MonitorErrorCodes.codes.map(\.code)).count)
    }

    /// The parallel compare gives exactly what each column gives alone.
    @Test func parallelMatchesSerial() throws {
        var columns: [Column] = [], current: [Column] = []
        for k in 0..<12 {
            // Even columns have 800 values and NaN padding, so they take the n_ref ≤ 1000 tests.
            let values = Self.normal(k % 2 == 0 ? 800 : 3000, shift: 0, seed: UInt64(k))
            columns.append(.numeric("n\(k)", values + [Double](repeating: .nan, count: 3000 - values.count)))
            current.append(.numeric("n\(k)", Self.normal(2500, shift: Double(k) / 20, seed: UInt64(100 + k))))
        }
        columns.append(.strings("s", (0..<3000).map { ["p", "q", "r"][$0 % 3] }))
        current.append(.strings("s", (0..<2500).map { ["p", "q", "r"][($0 * 7) % 4 % 3] }))
        let ref = try Frame(columns: columns), cur = try Frame(columns: current)
        let report = try Drift.compare(reference: ref, current: cur, options: DriftOptions())
        for (i, col) in columns.enumerated() {
            let alone = try Drift.column(name: col.name, reference: col, current: current[i], method: nil, threshold: nil)
            #expect(report.columns[i] == alone)
        }
        #expect(try Drift.compare(reference: ref, current: cur, options: DriftOptions()) == report)
    }

    /// 1,000,000 current rows × (20 numeric + 2 categorical) against 100,000 reference rows.
    /// Runs only with LATHE_MONITOR_TIMING=1 (it prints the time).
    @Test(.enabled(if: ProcessInfo.processInfo.environment["LATHE_MONITOR_TIMING"] == "1"))
    func timingLarge() throws {
        var ref: [Column] = [], cur: [Column] = []
        for k in 0..<20 {
            ref.append(.numeric("f\(k)", Self.normal(100_000, shift: 0, seed: UInt64(k))))
            cur.append(.numeric("f\(k)", Self.normal(1_000_000, shift: Double(k) / 40, seed: UInt64(50 + k))))
        }
        for k in 0..<2 {
            ref.append(.strings("c\(k)", (0..<100_000).map { ["a", "b", "c", "d"][($0 * 7 + k) % 4] }))
            cur.append(.strings("c\(k)", (0..<1_000_000).map { ["a", "b", "c", "d", "e"][($0 * 13 + k) % 5] }))
        }
        let r = try Frame(columns: ref), c = try Frame(columns: cur)
        let start = Date()
        let report = try Drift.compare(reference: r, current: c, options: DriftOptions())
        let seconds = Date().timeIntervalSince(start)
        print("Drift.compare 1M x 22 vs 100k: \(seconds) s, share \(report.share)")
        #expect(report.columns.count == 22)
    }

    @Test func dataQualityOnASmallFrame() throws {
        let ref = try Frame(columns: [
            .numeric("x", [1, 2, 3, .nan]),
            .strings("c", ["a", "b", nil, "a"]),
        ])
        let cur = try Frame(columns: [
            .numeric("x", [0, 2, 5, .nan, .infinity, 3]),
            .strings("c", ["a", "z", "y", "z", nil, nil]),
        ])
        let q = DataQuality.compare(reference: ref, current: cur)
        #expect(q.count == 2)
        #expect(q[0].name == "x" && q[0].outOfRange == 3 && q[0].outOfRangeShare == 0.5)
        #expect(q[0].missingShare == 1.0 / 6 && q[0].referenceMissingShare == 0.25)
        #expect(q[1].unseenCategories == ["z", "y"] && q[1].missingShare == 2.0 / 6)
    }

    @Test func histogramUsesTheDriftBins() {
        let h = Histogram.shared(reference: .strings("c", ["a", "b", "a"]), current: .strings("c", ["b", "c"]))
        #expect(h.categories == ["a", "b", "c"])
        #expect(h.referenceShares == [2.0 / 3, 1.0 / 3, 0])
        #expect(h.currentShares == [0, 0.5, 0.5])
        let n = Histogram.shared(reference: .numeric("x", (0..<100).map(Double.init)), current: .numeric("x", [50, 150]))
        #expect(n.edges?.first == 0 && n.edges?.last == 150)
        #expect(abs(n.referenceShares.reduce(0, +) - 1) < 1e-12)
    }

    @Test func radixSortMatchesSort() {
        var x = Self.normal(5000, shift: 0, seed: 9) + [0, -0.0, .infinity, -.infinity, 1e-310, -1e-310]
        var y = x
        RadixSort.sort(&x)
        y.sort()
        #expect(x == y)
    }
}
