import Data

/// Data quality of one column of the current data against the reference.
public struct ColumnQuality: Sendable, Equatable {
    public var name: String
    /// Share of missing values (missing, NaN) in the current column; 0 for an empty column.
    public var missingShare: Double
    public var referenceMissingShare: Double
    /// Categories (text or bool values) in the current column that the reference never has, in first-seen order.
    public var unseenCategories: [String]
    /// Current numeric values (±inf included) outside [min, max] of the reference's finite values.
    public var outOfRange: Int
    /// outOfRange ÷ current rows (0 for an empty column).
    public var outOfRangeShare: Double
}

public enum DataQuality {
    /// One entry per column of the current data that the reference also has, in current order.
    public static func compare(reference: Frame, current: Frame) -> [ColumnQuality] {
        current.columns.compactMap { cur in
            guard let ref = try? reference.column(named: cur.name) else { return nil }
            return quality(reference: ref, current: cur)
        }
    }

    static func quality(reference: Column, current: Column) -> ColumnQuality {
        func share(_ k: Int, _ n: Int) -> Double { n == 0 ? 0 : Double(k) / Double(n) }
        var unseen: [String] = []
        var outside = 0
        if reference.isNumeric && current.isNumeric {
            var lo = Double.infinity, hi = -Double.infinity
            if let r = reference.asDoubles() {
                for (i, v) in r.enumerated() where v.isFinite && !reference.isMissing(i) { lo = min(lo, v); hi = max(hi, v) }
            }
            if lo <= hi, let c = current.asDoubles() {
                for (i, v) in c.enumerated() where !v.isNaN && !current.isMissing(i) && (v < lo || v > hi) { outside += 1 }
            }
        } else if !reference.isNumeric && !current.isNumeric {
            var known = Set<String>()
            for i in 0..<reference.count where !reference.isMissing(i) { known.insert(reference.formatted(at: i)) }
            var seen = Set<String>()
            for i in 0..<current.count where !current.isMissing(i) {
                let s = current.formatted(at: i)
                if !known.contains(s), seen.insert(s).inserted { unseen.append(s) }
            }
        }
        return ColumnQuality(name: current.name, missingShare: share(current.missingCount, current.count),
                             referenceMissingShare: share(reference.missingCount, reference.count),
                             unseenCategories: unseen, outOfRange: outside, outOfRangeShare: share(outside, current.count))
    }
}
