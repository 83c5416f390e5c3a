/// Reductions over all elements or along an axis.
///
/// Two families, following numpy and pandas:
/// - NaN-propagating (`sum`, `mean`, `variance`, `min`, `quantile`, …): any NaN in the
///   input makes the result NaN, as numpy's functions do.
/// - NaN-skipping (`nanSum`, `nanMean`, …): NaN marks a missing value and is left out,
///   as pandas does with `skipna=True`. With no values left, `nanSum` is 0 and the
///   others are NaN.
///
/// Reductions of an empty tensor: `sum` is 0; `mean`, `variance`, `min`, `max` and
/// `quantile` are NaN; `argmin`/`argmax` are -1.
///
/// Axis versions: for a 2-D tensor, axis 0 reduces down each column (result length
/// `columns`) and axis 1 along each row (result length `rows`); -1 and -2 count from the
/// end. A 1-D tensor accepts axis 0 (or -1) and gives a `[1]` result. Any other axis
/// throws `invalidArgument`. Axis-0 reductions first copy the matrix into column-major
/// order (one cache-blocked transpose) and then run the same contiguous kernels, so
/// every axis gives the same accuracy as the whole-tensor reduction.
extension Tensor {
    // MARK: Sums and means

    /// Σ of all elements by pairwise summation (see `Kernels.sum` for the error bound).
    /// Order-dependent in the last bits, but the order is fixed, so results repeat exactly.
    /// - Complexity: O(count), memory-bound.
    public func sum() -> Double {
        storage.withUnsafeBufferPointer { Kernels.sum($0) }
    }

    /// Sums along `axis`. - Complexity: O(count).
    public func sum(axis: Int) throws -> Tensor {
        if try usesColumnPath(axis) { return Tensor(columnSums()) }
        return try reduceLanes(axis: axis) { Kernels.sum($0) }
    }

    /// The arithmetic mean (pairwise sum ÷ count); NaN when empty. - Complexity: O(count).
    public func mean() -> Double {
        count == 0 ? .nan : sum() / Double(count)
    }

    public func mean(axis: Int) throws -> Tensor {
        if try usesColumnPath(axis) {
            let n = Double(rows)
            return Tensor(columnSums().map { rows == 0 ? .nan : $0 / n })
        }
        return try reduceLanes(axis: axis) { laneMean($0) }
    }

    // MARK: Spread

    /// The variance with `ddof` delta degrees of freedom: Σ(x − x̄)² / (n − ddof).
    /// ddof 0 is numpy's default (population), ddof 1 pandas' default (sample).
    /// NaN when n − ddof ≤ 0.
    ///
    /// Algorithm: the corrected two-pass method (Björck; Chan, Golub and LeVeque 1983):
    /// x̄ from a pairwise sum, then (Σ(x − x̄)² − (Σ(x − x̄))²/n) with both sums pairwise.
    /// The correction term cancels the rounding error left in x̄, giving results within
    /// ~1e-15 relative of the exact value for well-conditioned data, and far better than
    /// the one-pass Σx² − n·x̄² on data with a large mean.
    /// - Complexity: O(count), two passes.
    public func variance(ddof: Int = 0) -> Double {
        storage.withUnsafeBufferPointer { laneVariance($0, ddof: ddof) }
    }

    /// √variance(ddof:). - Complexity: O(count).
    public func standardDeviation(ddof: Int = 0) -> Double {
        variance(ddof: ddof).squareRoot()
    }

    public func variance(axis: Int, ddof: Int = 0) throws -> Tensor {
        if try usesColumnPath(axis) { return Tensor(columnVariances(ddof: ddof)) }
        return try reduceLanes(axis: axis) { laneVariance($0, ddof: ddof) }
    }

    public func standardDeviation(axis: Int, ddof: Int = 0) throws -> Tensor {
        if try usesColumnPath(axis) { return Tensor(columnVariances(ddof: ddof).map { $0.squareRoot() }) }
        return try reduceLanes(axis: axis) { laneVariance($0, ddof: ddof).squareRoot() }
    }

    // MARK: Extremes

    /// The smallest element; NaN if any element is NaN or the tensor is empty.
    /// - Complexity: O(count), vectorized.
    public func min() -> Double { storage.withUnsafeBufferPointer { Kernels.min($0) } }

    /// The largest element; NaN if any element is NaN or the tensor is empty.
    public func max() -> Double { storage.withUnsafeBufferPointer { Kernels.max($0) } }

    /// The flat index of the first smallest element. If any element is NaN, the index of
    /// the first NaN (as numpy). -1 when empty. - Complexity: O(count), two passes.
    public func argmin() -> Int { storage.withUnsafeBufferPointer { laneArgExtreme($0, Kernels.min($0)) } }

    /// The flat index of the first largest element (first NaN if any; -1 when empty).
    public func argmax() -> Int { storage.withUnsafeBufferPointer { laneArgExtreme($0, Kernels.max($0)) } }

    public func min(axis: Int) throws -> Tensor {
        if try usesColumnPath(axis) { return Tensor(columnExtremes(LessSelect.self)) }
        return try reduceLanes(axis: axis) { Kernels.min($0) }
    }

    public func max(axis: Int) throws -> Tensor {
        if try usesColumnPath(axis) { return Tensor(columnExtremes(GreaterSelect.self)) }
        return try reduceLanes(axis: axis) { Kernels.max($0) }
    }

    /// Per-lane positions (row index for axis 0, column index for axis 1) of the first
    /// smallest element, as `argmin`.
    public func argmin(axis: Int) throws -> [Int] {
        try reduceLanes(axis: axis) { Double(laneArgExtreme($0, Kernels.min($0))) }.storage.map { Int($0) }
    }

    public func argmax(axis: Int) throws -> [Int] {
        try reduceLanes(axis: axis) { Double(laneArgExtreme($0, Kernels.max($0))) }.storage.map { Int($0) }
    }

    // MARK: Running totals

    /// Running sums over the elements in row-major order, same shape (numpy `cumsum`
    /// over the flattened data keeps the shape here). Sequential left-to-right, so the
    /// error grows like n·ε·Σ|x| (numpy does the same). NaN propagates forward.
    /// - Complexity: O(count).
    public func cumulativeSum() -> Tensor {
        var out = storage
        out.withUnsafeMutableBufferPointer { o in
            guard let p = o.baseAddress else { return }
            var acc = 0.0
            for i in 0..<o.count { acc += p[i]; p[i] = acc }
        }
        return Tensor(uncheckedShape: shape, storage: out)
    }

    /// Running sums along `axis` (axis 0: down each column; axis 1: along each row).
    public func cumulativeSum(axis: Int) throws -> Tensor {
        let a = try normalizedAxis(axis)
        if rank == 1 || a == 1 && rank == 2 && rows == 1 { return cumulativeSum() }
        let r = rows, c = columns
        var out = storage
        out.withUnsafeMutableBufferPointer { o in
            guard let p = o.baseAddress else { return }
            if a == 1 {
                for i in 0..<r {
                    var acc = 0.0
                    for j in 0..<c { acc += p[i * c + j]; p[i * c + j] = acc }
                }
            } else {
                for i in 1..<Swift.max(r, 1) {
                    let prev = p + (i - 1) * c, cur = p + i * c
                    for j in 0..<c { cur[j] += prev[j] }
                }
            }
        }
        return Tensor(uncheckedShape: shape, storage: out)
    }

    // MARK: NaN-skipping (pandas semantics)

    /// The number of elements that are not NaN. - Complexity: O(count).
    public func nonMissingCount() -> Int { storage.withUnsafeBufferPointer { Kernels.nonNaNCount($0) } }

    /// Σ of the non-NaN elements (pairwise); 0 if there are none. - Complexity: O(count).
    public func nanSum() -> Double { storage.withUnsafeBufferPointer { Kernels.nanSum($0).sum } }

    /// Mean of the non-NaN elements; NaN if there are none. - Complexity: O(count).
    public func nanMean() -> Double { storage.withUnsafeBufferPointer { laneNaNMean($0) } }

    /// Variance of the non-NaN elements (corrected two-pass, as `variance`); NaN when
    /// fewer than ddof + 1 values remain. Note pandas' default is ddof 1.
    public func nanVariance(ddof: Int = 0) -> Double {
        storage.withUnsafeBufferPointer { laneNaNVariance($0, ddof: ddof) }
    }

    public func nanStandardDeviation(ddof: Int = 0) -> Double { nanVariance(ddof: ddof).squareRoot() }

    /// Smallest non-NaN element; NaN if none. - Complexity: O(count).
    public func nanMin() -> Double { storage.withUnsafeBufferPointer { Kernels.nanMin($0) } }

    /// Largest non-NaN element; NaN if none. - Complexity: O(count).
    public func nanMax() -> Double { storage.withUnsafeBufferPointer { Kernels.nanMax($0) } }

    public func nanSum(axis: Int) throws -> Tensor { try reduceLanes(axis: axis) { Kernels.nanSum($0).sum } }
    public func nanMean(axis: Int) throws -> Tensor { try reduceLanes(axis: axis) { laneNaNMean($0) } }
    public func nanVariance(axis: Int, ddof: Int = 0) throws -> Tensor {
        try reduceLanes(axis: axis) { laneNaNVariance($0, ddof: ddof) }
    }
    public func nanStandardDeviation(axis: Int, ddof: Int = 0) throws -> Tensor {
        try reduceLanes(axis: axis) { laneNaNVariance($0, ddof: ddof).squareRoot() }
    }
    public func nanMin(axis: Int) throws -> Tensor { try reduceLanes(axis: axis) { Kernels.nanMin($0) } }
    public func nanMax(axis: Int) throws -> Tensor { try reduceLanes(axis: axis) { Kernels.nanMax($0) } }
    public func nonMissingCount(axis: Int) throws -> Tensor {
        try reduceLanes(axis: axis) { Double(Kernels.nonNaNCount($0)) }
    }

    // MARK: Column reductions (axis 0 without a transpose)

    /// Axis 0 of a matrix with enough columns to vectorize across a row: those
    /// reductions walk the rows in storage order with one accumulator per column
    /// instead of transposing first.
    func usesColumnPath(_ axis: Int) throws -> Bool {
        let a = try normalizedAxis(axis)
        return rank == 2 && a == 0 && columns >= 4 && rows > 0
    }

    /// Column sums, pairwise over rows (blocks of 128 rows summed in order, blocks
    /// combined as a binary tree): error ≤ (128 + ⌈log₂(rows/128)⌉)·ε·Σ|x| per column.
    func columnSums() -> [Double] {
        let r = rows, c = columns
        var out = [Double](repeating: 0, count: c)
        storage.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { o in
                columnPairwise(src.baseAddress!, rows: r, columns: c, centers: nil, sums: o.baseAddress!, squares: nil)
            }
        }
        return out
    }

    /// Per-column corrected two-pass variance, as `variance(ddof:)` on each column.
    func columnVariances(ddof: Int) -> [Double] {
        let r = rows, c = columns
        guard r - ddof > 0, ddof >= 0 else { return [Double](repeating: .nan, count: c) }
        let n = Double(r)
        let means = columnSums().map { $0 / n }
        var deviations = [Double](repeating: 0, count: c)
        var squares = [Double](repeating: 0, count: c)
        storage.withUnsafeBufferPointer { src in
            means.withUnsafeBufferPointer { m in
                deviations.withUnsafeMutableBufferPointer { d in
                    squares.withUnsafeMutableBufferPointer { q in
                        columnPairwise(src.baseAddress!, rows: r, columns: c, centers: m.baseAddress!,
                                       sums: d.baseAddress!, squares: q.baseAddress!)
                    }
                }
            }
        }
        return (0..<c).map { j in
            guard means[j].isFinite else { return .nan }
            let ss = Swift.max(0, squares[j] - deviations[j] * deviations[j] / n)
            return ss / Double(r - ddof)
        }
    }

    /// Per-column min or max, NaN-propagating.
    func columnExtremes<S: ExtremeSelect>(_: S.Type) -> [Double] {
        let r = rows, c = columns
        var best = [Double](repeating: S.start, count: c)
        var sawNaN = [Bool](repeating: false, count: c)
        storage.withUnsafeBufferPointer { src in
            best.withUnsafeMutableBufferPointer { b in
                let p = src.baseAddress!, m = b.baseAddress!
                for i in 0..<r {
                    let row = p + i * c
                    for j in 0..<c where S.better(row[j], than: m[j]) { m[j] = row[j] }
                }
            }
        }
        // NaN never wins `better`; find the columns that held one.
        storage.withUnsafeBufferPointer { src in
            for i in 0..<r {
                for j in 0..<c where src[i * c + j] != src[i * c + j] { sawNaN[j] = true }
            }
        }
        return (0..<c).map { sawNaN[$0] ? .nan : best[$0] }
    }

    // MARK: Lanes

    /// `axis` in 0..<rank, with negative values counting from the end.
    func normalizedAxis(_ axis: Int) throws -> Int {
        let a = axis < 0 ? axis + rank : axis
        guard a >= 0 && a < rank else {
            throw NumericError.invalidArgument(
                "axis \(axis) is out of range for a tensor of shape \(describeShape(shape))")
        }
        return a
    }

    /// Applies `body` to each contiguous lane along `axis`. The closure runs once per
    /// lane (not per element); its kernel does the element loop.
    func reduceLanes(axis: Int, _ body: (UnsafeBufferPointer<Double>) -> Double) throws -> Tensor {
        let a = try normalizedAxis(axis)
        if rank == 1 {
            return Tensor([storage.withUnsafeBufferPointer { body($0) }])
        }
        let r = rows, c = columns
        if a == 1 {
            var out = [Double](repeating: 0, count: r)
            storage.withUnsafeBufferPointer { src in
                for i in 0..<r {
                    out[i] = body(UnsafeBufferPointer(rebasing: src[(i * c)..<(i * c + c)]))
                }
            }
            return Tensor(out)
        }
        // Axis 0: make the columns contiguous first.
        let columnMajor = transposed().storage
        var out = [Double](repeating: 0, count: c)
        columnMajor.withUnsafeBufferPointer { src in
            for j in 0..<c {
                out[j] = body(UnsafeBufferPointer(rebasing: src[(j * r)..<(j * r + r)]))
            }
        }
        return Tensor(out)
    }
}

// MARK: - Lane kernels

/// Per-column Σ(x − center) into `sums` (Σx when `centers` is nil) and, when `squares`
/// is given, Σ(x − center)², over a rows×columns row-major block. Pairwise over rows:
/// up to 128 rows are accumulated in order (the inner loop runs across a row, so it
/// vectorizes), larger blocks split in half with the halves added column by column.
func columnPairwise(_ p: UnsafePointer<Double>, rows: Int, columns c: Int,
                    centers: UnsafePointer<Double>?, sums: UnsafeMutablePointer<Double>,
                    squares: UnsafeMutablePointer<Double>?) {
    if rows > pairwiseBlock {
        let half = rows / 2
        columnPairwise(p, rows: half, columns: c, centers: centers, sums: sums, squares: squares)
        let scratch = UnsafeMutablePointer<Double>.allocate(capacity: 2 * c)
        defer { scratch.deallocate() }
        columnPairwise(p + half * c, rows: rows - half, columns: c, centers: centers,
                       sums: scratch, squares: squares == nil ? nil : scratch + c)
        for j in 0..<c { sums[j] += scratch[j] }
        if let q = squares { for j in 0..<c { q[j] += scratch[c + j] } }
        return
    }
    sums.update(repeating: 0, count: c)
    squares?.update(repeating: 0, count: c)
    switch (centers, squares) {
    case (nil, _):
        for i in 0..<rows {
            let row = p + i * c
            for j in 0..<c { sums[j] += row[j] }
        }
    case (let m?, nil):
        for i in 0..<rows {
            let row = p + i * c
            for j in 0..<c { sums[j] += row[j] - m[j] }
        }
    case (let m?, let q?):
        for i in 0..<rows {
            let row = p + i * c
            for j in 0..<c {
                let d = row[j] - m[j]
                sums[j] += d
                q[j] += d * d
            }
        }
    }
}

func laneMean(_ x: UnsafeBufferPointer<Double>) -> Double {
    x.count == 0 ? .nan : Kernels.sum(x) / Double(x.count)
}

func laneVariance(_ x: UnsafeBufferPointer<Double>, ddof: Int) -> Double {
    let n = x.count
    guard n - ddof > 0, ddof >= 0 else { return .nan }
    let mean = Kernels.sum(x) / Double(n)
    guard mean.isFinite else { return .nan }
    let (deviations, squares) = deviationPairwise(x.baseAddress!, n, mean, skipNaN: false)
    let ss = Swift.max(0, squares - deviations * deviations / Double(n))
    return ss / Double(n - ddof)
}

func laneNaNMean(_ x: UnsafeBufferPointer<Double>) -> Double {
    let (s, n) = Kernels.nanSum(x)
    return n == 0 ? .nan : s / Double(n)
}

func laneNaNVariance(_ x: UnsafeBufferPointer<Double>, ddof: Int) -> Double {
    let (s, n) = Kernels.nanSum(x)
    guard n - ddof > 0, ddof >= 0 else { return .nan }
    let mean = s / Double(n)
    guard mean.isFinite else { return .nan }
    let (deviations, squares) = deviationPairwise(x.baseAddress!, x.count, mean, skipNaN: true)
    let ss = Swift.max(0, squares - deviations * deviations / Double(n))
    return ss / Double(n - ddof)
}

/// First index holding `extreme` (or the first NaN when `extreme` is NaN); -1 if empty.
func laneArgExtreme(_ x: UnsafeBufferPointer<Double>, _ extreme: Double) -> Int {
    guard x.count > 0 else { return -1 }
    if extreme.isNaN {
        for i in 0..<x.count where x[i].isNaN { return i }
        return -1
    }
    for i in 0..<x.count where x[i] == extreme { return i }
    return -1
}
