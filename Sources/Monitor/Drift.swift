import Data
import Numeric

/// What `Drift.compare` tests and how.
public struct DriftOptions: Sendable {
    /// The test for every column; nil picks Evidently 0.7's default per column.
    public var method: DriftMethod?
    /// The threshold for every column; nil uses the test's default (0.05 for p-values, 0.1 for distances).
    public var threshold: Double?
    /// Per-column thresholds, overriding `threshold`.
    public var thresholds: [String: Double]
    /// The columns to test; nil tests every column of either frame.
    public var columns: [String]?
    /// The dataset counts as drifted when drifted ÷ tested columns ≥ this; in (0, 1].
    public var driftShare: Double = 0.5

    public init(method: DriftMethod? = nil, threshold: Double? = nil, thresholds: [String: Double] = [:],
                columns: [String]? = nil, driftShare: Double = 0.5) {
        self.method = method
        self.threshold = threshold
        self.thresholds = thresholds
        self.columns = columns
        self.driftShare = driftShare
    }
}

/// One column's drift result.
public struct ColumnDrift: Sendable, Equatable {
    public var name: String
    /// The test that ran; nil when the column could not be tested.
    public var method: DriftMethod?
    /// The test statistic: KS D, chi-square, z, or the distance (NaN when not tested).
    public var statistic: Double
    /// The p-value for ks, chi2 and z; nil for the distances.
    public var pValue: Double?
    public var threshold: Double
    public var drifted: Bool
    /// Values tested after dropping missing values, NaN and ±inf.
    public var referenceCount: Int
    public var currentCount: Int
    public var isNumeric: Bool
    /// Why the column could not be tested (empty, all missing, missing in current, new in
    /// current, a forced test that does not fit); then `method` is nil and `drifted` false.
    public var problem: String?

    public init(name: String, method: DriftMethod?, statistic: Double, pValue: Double?, threshold: Double, drifted: Bool,
                referenceCount: Int, currentCount: Int, isNumeric: Bool, problem: String?) {
        self.name = name
        self.method = method
        self.statistic = statistic
        self.pValue = pValue
        self.threshold = threshold
        self.drifted = drifted
        self.referenceCount = referenceCount
        self.currentCount = currentCount
        self.isNumeric = isNumeric
        self.problem = problem
    }

    /// Equal field by field, NaN statistics counting as equal.
    public static func == (a: ColumnDrift, b: ColumnDrift) -> Bool {
        func same(_ x: Double, _ y: Double) -> Bool { x == y || (x.isNaN && y.isNaN) }
        func sameOptional(_ x: Double?, _ y: Double?) -> Bool {
            switch (x, y) {
            case (nil, nil): return true
            case (let x?, let y?): return same(x, y)
            default: return false
            }
        }
        return a.name == b.name && a.method == b.method && same(a.statistic, b.statistic) && sameOptional(a.pValue, b.pValue)
            && same(a.threshold, b.threshold) && a.drifted == b.drifted && a.referenceCount == b.referenceCount
            && a.currentCount == b.currentCount && a.isNumeric == b.isNumeric && a.problem == b.problem
    }

    /// Whether the test ran.
    public var tested: Bool { problem == nil }
}

/// The drift of a dataset: one result per column, in column order.
public struct DriftReport: Sendable, Equatable {
    public var columns: [ColumnDrift]
    /// Drifted ÷ tested columns (0 when none was tested).
    public var share: Double
    /// share ≥ the drift share.
    public var drifted: Bool
    public var driftShare: Double
    /// Columns of the reference (among those asked for) absent from the current data.
    public var missingColumns: [String]
    /// Columns of the current data (among those asked for) absent from the reference.
    public var newColumns: [String]

    public var testedCount: Int { columns.filter(\.tested).count }
    public var driftedCount: Int { columns.filter(\.drifted).count }
}

public enum Drift {
    /// Tests one column. A column that cannot be tested gives a result with `problem` set;
    /// only an invalid threshold throws.
    public static func column(name: String, reference: Column, current: Column, method: DriftMethod?,
                              threshold: Double?) throws -> ColumnDrift {
        if let threshold { try validate(threshold: threshold, column: nil) }
        let fallbackThreshold = threshold ?? method?.defaultThreshold ?? 0.05
        switch ColumnSample.make(reference: reference, current: current) {
        case .failure(let problem):
            return untested(name, threshold: fallbackThreshold, isNumeric: reference.isNumeric, problem: problem.text)
        case .success(let sample):
            return run(name: name, sample: sample, method: method, threshold: threshold)
        }
    }

    /// Tests every column (or `options.columns`) of the two frames; the columns run in
    /// parallel and come back in column order: the reference's order, then columns new in
    /// the current data.
    public static func compare(reference: Frame, current: Frame, options: DriftOptions = DriftOptions()) throws -> DriftReport {
        guard options.driftShare > 0, options.driftShare <= 1 else { throw MonitorError.invalidDriftShare(options.driftShare) }
        if let t = options.threshold { try validate(threshold: t, column: nil) }
        for (name, t) in options.thresholds.sorted(by: { $0.key < $1.key }) { try validate(threshold: t, column: name) }
        let refNames = reference.columnNames, curNames = current.columnNames
        let refSet = Set(refNames), curSet = Set(curNames)
        let all = refNames + curNames.filter { !refSet.contains($0) }
        guard refNames.contains(where: { curSet.contains($0) }) else {
            throw MonitorError.noSharedColumns(reference: refNames, current: curNames)
        }
        for name in (options.columns ?? []) + options.thresholds.keys.sorted() where !refSet.contains(name) && !curSet.contains(name) {
            throw MonitorError.unknownColumn(name: name, available: all)
        }
        let names: [String]
        if let chosen = options.columns {
            var seen = Set<String>()
            names = chosen.filter { seen.insert($0).inserted }
        } else {
            names = all
        }
        var results = [ColumnDrift?](repeating: nil, count: names.count)
        results.withUnsafeMutableBufferPointer { slots in
            let out = slots
            Parallelism.forEach(names.count) { k in
                out[k] = compareOne(names[k], reference: reference, current: current, options: options)
            }
        }
        let columns = results.map { $0! }
        let missing = names.filter { refSet.contains($0) && !curSet.contains($0) }
        let new = names.filter { !refSet.contains($0) && curSet.contains($0) }
        let tested = columns.filter(\.tested).count
        let driftedCount = columns.filter(\.drifted).count
        let share = tested == 0 ? 0 : Double(driftedCount) / Double(tested)
        return DriftReport(columns: columns, share: share, drifted: tested > 0 && share >= options.driftShare,
                           driftShare: options.driftShare, missingColumns: missing, newColumns: new)
    }

    static func compareOne(_ name: String, reference: Frame, current: Frame, options: DriftOptions) -> ColumnDrift {
        let threshold = options.thresholds[name] ?? options.threshold
        let fallback = threshold ?? options.method?.defaultThreshold ?? 0.05
        guard let r = try? reference.column(named: name) else {
            let c = try? current.column(named: name)
            return untested(name, threshold: fallback, isNumeric: c?.isNumeric ?? false, problem: "new in the current data: the reference has no such column")
        }
        guard let c = try? current.column(named: name) else {
            return untested(name, threshold: fallback, isNumeric: r.isNumeric, problem: "missing in the current data")
        }
        // The threshold was validated by compare.
        return (try? column(name: name, reference: r, current: c, method: options.method, threshold: threshold))
            ?? untested(name, threshold: fallback, isNumeric: r.isNumeric, problem: "invalid threshold")
    }

    private static func validate(threshold: Double, column: String?) throws {
        guard threshold.isFinite, threshold >= 0 else { throw MonitorError.invalidThreshold(column: column, value: threshold) }
    }

    private static func untested(_ name: String, threshold: Double, isNumeric: Bool, problem: String,
                                 counts: (Int, Int) = (0, 0)) -> ColumnDrift {
        ColumnDrift(name: name, method: nil, statistic: .nan, pValue: nil, threshold: threshold, drifted: false,
                    referenceCount: counts.0, currentCount: counts.1, isNumeric: isNumeric, problem: problem)
    }

    /// Evidently 0.7's default test (`_get_default_stattest`): n_ref is the cleaned reference
    /// size, u the distinct values across both samples.
    static func defaultMethod(_ sample: ColumnSample) -> DriftMethod {
        let nRef = sample.counts.reference
        let u = sample.uniqueCount
        if nRef <= 1000 {
            if sample.isNumeric { return u <= 2 ? .z : (u <= 5 ? .chi2 : .ks) }
            return u > 2 ? .chi2 : .z
        }
        if sample.isNumeric { return u <= 5 ? .js : .wasserstein }
        return .js
    }

    static func run(name: String, sample: ColumnSample, method forced: DriftMethod?, threshold: Double?) -> ColumnDrift {
        let method = forced ?? defaultMethod(sample)
        let t = threshold ?? method.defaultThreshold
        let (nRef, nCur) = sample.counts
        func result(_ statistic: Double, _ p: Double?, _ drifted: Bool) -> ColumnDrift {
            ColumnDrift(name: name, method: method, statistic: statistic, pValue: p, threshold: t, drifted: drifted,
                        referenceCount: nRef, currentCount: nCur, isNumeric: sample.isNumeric, problem: nil)
        }
        func unfit(_ why: String) -> ColumnDrift {
            untested(name, threshold: t, isNumeric: sample.isNumeric, problem: why, counts: (nRef, nCur))
        }
        switch method {
        case .ks, .wasserstein:
            guard case .numeric(let a, let b, _) = sample else { return unfit("\(method.rawValue) needs a numeric column") }
            if method == .ks {
                let r = DriftTests.ks(sortedReference: a, sortedCurrent: b)
                return result(r.statistic, r.pValue, r.pValue <= t)
            }
            let w = DriftTests.wassersteinNormed(sortedReference: a, sortedCurrent: b)
            return result(w, nil, w >= t)
        case .chi2:
            let table = sample.countTable
            let r = DriftTests.chi2(referenceCounts: table.reference, currentCounts: table.current)
            return result(r.statistic, r.pValue, r.pValue < t)
        case .z:
            let u = sample.uniqueCount
            guard u <= 2 else { return unfit("z needs a column with at most two distinct values, found \(u)") }
            let table = sample.countTable
            let r = DriftTests.zTest(referenceCounts: table.reference, currentCounts: table.current)
            return result(r.statistic, r.pValue, r.pValue < t)
        case .js, .psi, .kl:
            let shares = Binning.shares(sample).table
            let value: Double
            switch method {
            case .js: value = DriftTests.jensenShannon(shares.reference, shares.current)
            case .psi: value = DriftTests.psi(referenceShares: shares.reference, currentShares: shares.current)
            default: value = DriftTests.kl(referenceShares: shares.reference, currentShares: shares.current)
            }
            return result(value, nil, value >= t)
        case .hellinger:
            let value: Double
            switch sample {
            case .numeric(let a, let b, let integer): value = Binning.hellingerNumeric(a, b, integer: integer)
            case .categorical(_, let r, let c):
                let nr = r.reduce(0, +), nc = c.reduce(0, +)
                value = DriftTests.hellinger(r.map { $0 / nr }, c.map { $0 / nc })
            }
            return result(value, nil, value >= t)
        }
    }
}
