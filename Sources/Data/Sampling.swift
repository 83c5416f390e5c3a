import Numeric

extension Frame {
    /// `n` rows (or `fraction` of the rows, rounded half to even, as pandas) drawn uniformly
    /// with replacement, so a row may appear more than once, as pandas'
    /// `sample(replace=True)`; the fraction may exceed 1. One sequential generator stream
    /// draws every row, so a seed gives the same rows on any number of cores.
    /// - Complexity: O(n).
    public func sampleWithReplacement(n: Int?, fraction: Double?, seed: UInt64) throws -> Frame {
        let count: Int
        switch (n, fraction) {
        case (let n?, nil):
            guard n >= 0 else { throw DataError.invalidArgument("sample size must be non-negative, got \(n)") }
            count = n
        case (nil, let f?):
            guard f >= 0, f.isFinite, f * Double(rowCount) <= Double(1 << 40) else {
                throw DataError.invalidArgument("sample fraction must be zero or more, got \(f)")
            }
            count = Int((f * Double(rowCount)).rounded(.toNearestOrEven))
        default:
            throw DataError.invalidArgument("sample needs exactly one of n: or fraction:")
        }
        guard count == 0 || rowCount > 0 else {
            throw DataError.invalidArgument("cannot sample \(count) rows from a dataset with no rows")
        }
        var generator = RandomGenerator(seed: seed)
        var rows = [Int](repeating: 0, count: count)
        for i in 0..<count { rows[i] = generator.integer(below: rowCount) }
        return take(rows)
    }
}
