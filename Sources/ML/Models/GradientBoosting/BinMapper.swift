import Numeric

/// Maps each feature's values to at most `maxBins` ordered bins, plus one bin for missing
/// values, as scikit-learn's `_BinMapper`.
///
/// Thresholds: midpoints between distinct values when a feature has at most `maxBins` of
/// them, else the percentiles at `100·i/maxBins` (numpy's `averaged_inverted_cdf`
/// method), duplicates removed. They are computed from at most 200,000 rows (a seeded
/// sample with replacement, as scikit-learn). A value `x` falls in bin `i` when
/// `threshold[i−1] < x ≤ threshold[i]`; NaN falls in bin `missingBin` (= `maxBins`).
struct BinMapper: Sendable, Equatable {
    /// Per feature, increasing thresholds (bins − 1 of them).
    var thresholds: [[Double]]
    /// Per feature, whether the training data had NaN.
    var hasMissing: [Bool]
    let maxBins: Int

    var missingBin: Int { maxBins }
    /// Bins per feature in a histogram, including the missing bin.
    var binStride: Int { maxBins + 1 }
    var featureCount: Int { thresholds.count }

    static let subsampleSize = 200_000

    init(thresholds: [[Double]], hasMissing: [Bool], maxBins: Int) {
        self.thresholds = thresholds
        self.hasMissing = hasMissing
        self.maxBins = maxBins
    }

    /// Fits the thresholds on `features` (row-major n × p). Features run concurrently.
    /// - Complexity: O(p · s log s) for s = min(n, 200,000) sampled rows.
    init(fitting features: Tensor, maxBins: Int, seed: UInt64) {
        let n = features.rows, p = features.columns
        self.maxBins = maxBins
        var rows: [Int]? = nil
        if n > BinMapper.subsampleSize {
            var random = RandomGenerator(seed: seed)
            rows = (0..<BinMapper.subsampleSize).map { _ in random.integer(below: n) }
        }
        var thresholds = [[Double]](repeating: [], count: p)
        var hasMissing = [Bool](repeating: false, count: p)
        features.storage.withUnsafeBufferPointer { xb in
        thresholds.withUnsafeMutableBufferPointer { tb in
        hasMissing.withUnsafeMutableBufferPointer { mb in
            let x = xb.baseAddress!
            Parallelism.forEach(p) { j in
                var column = [Double]()
                column.reserveCapacity(rows?.count ?? n)
                if let rows {
                    for i in rows { let v = x[i * p + j]; if !v.isNaN { column.append(v) } }
                } else {
                    for i in 0..<n { let v = x[i * p + j]; if !v.isNaN { column.append(v) } }
                }
                // Missing values anywhere (not only in the sample) decide the scan directions.
                var missing = false
                for i in 0..<n where x[i * p + j].isNaN { missing = true; break }
                mb[j] = missing
                tb[j] = BinMapper.findThresholds(&column, maxBins: maxBins)
            }
        }}}
        self.thresholds = thresholds
        self.hasMissing = hasMissing
    }

    /// scikit-learn's `_find_binning_thresholds` on the non-missing values (sorted in place).
    static func findThresholds(_ values: inout [Double], maxBins: Int) -> [Double] {
        values.sort()
        var distinct = [Double]()
        for v in values where distinct.last != v { distinct.append(v) }
        if distinct.count <= 1 { return [] }
        var result: [Double]
        if distinct.count <= maxBins {
            result = (0..<(distinct.count - 1)).map { (distinct[$0] + distinct[$0 + 1]) / 2 }
        } else {
            // np.percentile(values, linspace(0, 100, maxBins + 1)[1:-1], method="averaged_inverted_cdf")
            let n = values.count
            let step = 100.0 / Double(maxBins)
            result = []
            result.reserveCapacity(maxBins - 1)
            for i in 1..<maxBins {
                let q = (Double(i) * step) / 100
                let virtual = Double(n) * q - 1
                let below = virtual.rounded(.down)
                let gamma = virtual - below
                let lo = Swift.min(Swift.max(Int(below), 0), n - 1), hi = Swift.min(Swift.max(Int(below) + 1, 0), n - 1)
                let a = values[lo], b = values[hi]
                // numpy's lerp at t = 0.5 (a jump) or t = 1 (inside a step): b − (b − a)(1 − t).
                result.append(gamma == 0 ? b - (b - a) * 0.5 : b)
            }
            var unique = [Double]()
            for v in result where unique.last != v { unique.append(v) }
            result = unique
        }
        let almostInfinite = 1e300
        // +0 for −0 keeps the branch-free search in `bin` exact.
        return result.map { $0 == 0 ? 0 : Swift.min($0, almostInfinite) }
    }

    /// The bin of `x` among `count` increasing thresholds `t`: the number of thresholds
    /// below `x` (branch-free binary search), or `missingBin` for NaN.
    @inline(__always)
    static func bin(_ x: Double, _ t: UnsafePointer<Double>, _ count: Int, missingBin: UInt8) -> UInt8 {
        if x.isNaN { return missingBin }
        if count == 0 { return 0 }
        // Branch-free: LLVM turns a ternary here back into a jump, and the comparison is a coin
        // flip for the predictor. `t − x` is negative exactly when t < x (thresholds are never
        // −0, and x is not NaN; infinities keep their sign).
        var base = 0, n = count
        while n > 1 {
            let half = n &>> 1
            let less = Int(truncatingIfNeeded: (t[base &+ half &- 1] - x).bitPattern &>> 63)
            base &+= half & (0 &- less)
            n &-= half
        }
        let less = Int(truncatingIfNeeded: (t[base] - x).bitPattern &>> 63)
        return UInt8(truncatingIfNeeded: base &+ less)
    }

    /// Bins `features` (row-major n × p) into a column-major n × p byte matrix. Row blocks
    /// run concurrently. - Complexity: O(n · p · log bins).
    func transform(_ features: Tensor) -> [UInt8] {
        let n = features.rows, p = features.columns
        var out = [UInt8](repeating: 0, count: n * p)
        guard n > 0 else { return out }
        let flat = thresholds.flatMap { $0 }
        var offsets = [Int](), counts = [Int]()
        var offset = 0
        for t in thresholds { offsets.append(offset); counts.append(t.count); offset += t.count }
        let missing = UInt8(missingBin)
        let blockSize = 8192
        let blocks = (n + blockSize - 1) / blockSize
        features.storage.withUnsafeBufferPointer { xb in
        flat.withUnsafeBufferPointer { fb in
        out.withUnsafeMutableBufferPointer { ob in
            let x = xb.baseAddress!, o = ob.baseAddress!
            let t = fb.baseAddress ?? UnsafePointer(bitPattern: 8)!
            Parallelism.forEach(blocks) { block in
                let lo = block * blockSize, hi = Swift.min(n, lo + blockSize)
                for i in lo..<hi {
                    let row = x + i * p
                    for j in 0..<p { o[j * n + i] = BinMapper.bin(row[j], t + offsets[j], counts[j], missingBin: missing) }
                }
            }
        }}}
        return out
    }
}
