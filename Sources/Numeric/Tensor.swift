/// A dense Float64 tensor of rank 1 or 2, stored row-major in one contiguous `[Double]`.
///
/// Copy-on-write comes from the array: copies are O(1) until one side writes.
/// A 1-D tensor of `n` elements reads as `n` rows and one column (`rows == count`,
/// `columns == 1`), so row-wise operations such as `take` and `filter` treat it as
/// a column of values.
///
/// Shapes are checked: operations whose shapes a user supplies throw `NumericError`
/// rather than trap. Plain element subscripts and `row`/`column` follow `Array`
/// and trap on an out-of-range index; the checked forms are `value(at:)`,
/// `take(validating:)`.
public struct Tensor: Equatable, Sendable, CustomStringConvertible {
    /// `[n]` or `[rows, columns]`; every extent is ≥ 0.
    public private(set) var shape: [Int]
    /// The elements, row-major. Writing through this keeps the element count fixed
    /// by convention: use `reshaped` or a new tensor to change the count.
    public var storage: [Double]

    // MARK: - Creation

    /// A 1-D tensor holding `values`.
    public init(_ values: [Double]) {
        self.shape = [values.count]
        self.storage = values
    }

    /// A tensor of the given shape over `storage` (row-major).
    /// Throws `invalidArgument` for a rank other than 1 or 2 or a negative extent,
    /// and `shapeMismatch` if the element count is not the product of the extents.
    public init(shape: [Int], storage: [Double]) throws {
        try Tensor.validate(shape: shape)
        let expected = shape.reduce(1, *)
        guard expected == storage.count else {
            throw NumericError.shapeMismatch(
                "shape \(describeShape(shape)) needs \(expected) values, got \(storage.count)")
        }
        self.shape = shape
        self.storage = storage
    }

    /// A 2-D tensor from equal-length rows. Throws `shapeMismatch` on ragged rows.
    /// An empty list gives shape `[0, 0]`.
    public init(rows: [[Double]]) throws {
        let columns = rows.first?.count ?? 0
        var storage: [Double] = []
        storage.reserveCapacity(rows.count * columns)
        for (i, row) in rows.enumerated() {
            guard row.count == columns else {
                throw NumericError.shapeMismatch(
                    "row \(i) has \(row.count) values, expected \(columns)")
            }
            storage.append(contentsOf: row)
        }
        self.shape = [rows.count, columns]
        self.storage = storage
    }

    /// Trusted initializer for internal use: the caller guarantees the count.
    @usableFromInline
    init(uncheckedShape shape: [Int], storage: [Double]) {
        self.shape = shape
        self.storage = storage
    }

    public static func zeros(_ shape: [Int]) -> Tensor { filled(shape, value: 0) }

    public static func ones(_ shape: [Int]) -> Tensor { filled(shape, value: 1) }

    /// A tensor of `shape` with every element `value`. An invalid shape (negative
    /// extent, rank not 1 or 2) gives an empty 1-D tensor; use `init(shape:storage:)`
    /// to get an error instead.
    public static func filled(_ shape: [Int], value: Double) -> Tensor {
        guard (try? validate(shape: shape)) != nil else { return Tensor([]) }
        return Tensor(uncheckedShape: shape, storage: Array(repeating: value, count: shape.reduce(1, *)))
    }

    /// The `n`×`n` identity matrix.
    public static func identity(_ n: Int) -> Tensor {
        let n = Swift.max(0, n)
        var t = zeros([n, n])
        for i in 0..<n { t.storage[i * n + i] = 1 }
        return t
    }

    /// `[start, start+step, …]` below `end` (like `numpy.arange`); empty for a zero step.
    public static func range(from start: Double, to end: Double, step: Double = 1) -> Tensor {
        guard step != 0, step.isFinite, start.isFinite, end.isFinite else { return Tensor([]) }
        let n = Swift.max(0, Int(((end - start) / step).rounded(.up)))
        return Tensor((0..<n).map { start + Double($0) * step })
    }

    /// Uniform draws in [low, high), row-major, from `generator`.
    public static func uniform(_ shape: [Int], low: Double = 0, high: Double = 1,
                               using generator: inout RandomGenerator) -> Tensor {
        var t = zeros(shape)
        for i in 0..<t.storage.count { t.storage[i] = generator.uniform(low, high) }
        return t
    }

    /// Normal draws, row-major, from `generator`.
    public static func normal(_ shape: [Int], mean: Double = 0, std: Double = 1,
                              using generator: inout RandomGenerator) -> Tensor {
        var t = zeros(shape)
        for i in 0..<t.storage.count { t.storage[i] = generator.normal(mean: mean, std: std) }
        return t
    }

    static func validate(shape: [Int]) throws {
        guard shape.count == 1 || shape.count == 2 else {
            throw NumericError.invalidArgument(
                "tensors have rank 1 or 2, got shape \(describeShape(shape))")
        }
        guard shape.allSatisfy({ $0 >= 0 }) else {
            throw NumericError.invalidArgument("shape \(describeShape(shape)) has a negative extent")
        }
    }

    // MARK: - Shape

    /// The number of elements.
    @inlinable public var count: Int { storage.count }
    /// 1 or 2.
    @inlinable public var rank: Int { shape.count }
    /// `shape[0]`; for a 1-D tensor, its element count.
    @inlinable public var rows: Int { shape[0] }
    /// `shape[1]`; 1 for a 1-D tensor.
    @inlinable public var columns: Int { shape.count == 2 ? shape[1] : 1 }
    /// True when the tensor holds no elements.
    @inlinable public var isEmpty: Bool { storage.isEmpty }

    // MARK: - Elements

    /// The element at flat (row-major) position `i`. Traps when out of range, as `Array` does.
    @inlinable
    public subscript(i: Int) -> Double {
        get { storage[i] }
        set { storage[i] = newValue }
    }

    /// The element at (`row`, `column`). Traps when out of range. A 1-D tensor
    /// accepts column 0 only.
    @inlinable
    public subscript(row row: Int, column column: Int) -> Double {
        get {
            precondition(column >= 0 && column < columns && row >= 0 && row < rows, "tensor index out of range")
            return storage[row * columns + column]
        }
        set {
            precondition(column >= 0 && column < columns && row >= 0 && row < rows, "tensor index out of range")
            storage[row * columns + column] = newValue
        }
    }

    /// `t[row, column]`: the same element as `t[row: row, column: column]`.
    @inlinable
    public subscript(row: Int, column: Int) -> Double {
        get { self[row: row, column: column] }
        set { self[row: row, column: column] = newValue }
    }

    /// The element at flat position `i`, or `invalidArgument` if out of range.
    /// Negative `i` counts from the end, as in Python.
    public func value(at i: Int) throws -> Double {
        let j = i < 0 ? i + count : i
        guard j >= 0 && j < count else {
            throw NumericError.invalidArgument("index \(i) is out of range for \(count) values")
        }
        return storage[j]
    }

    /// Row `i` as a 1-D tensor (for a 1-D tensor, the single element as `[1]`).
    /// Traps when out of range. - Complexity: O(columns).
    public func row(_ i: Int) -> Tensor {
        precondition(i >= 0 && i < rows, "row index out of range")
        let c = columns
        return Tensor(Array(storage[(i * c)..<(i * c + c)]))
    }

    /// Column `j` as a 1-D tensor (for a 1-D tensor, column 0 is a copy).
    /// Traps when out of range. - Complexity: O(rows).
    public func column(_ j: Int) -> Tensor {
        precondition(j >= 0 && j < columns, "column index out of range")
        let r = rows, c = columns
        if rank == 1 { return self }
        var out = [Double](repeating: 0, count: r)
        storage.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for i in 0..<r { dst[i] = src[i * c + j] }
            }
        }
        return Tensor(out)
    }

    /// The transpose. A 1-D tensor is returned unchanged (as in numpy).
    /// - Complexity: O(count), cache-blocked.
    public func transposed() -> Tensor {
        guard rank == 2 else { return self }
        let r = rows, c = columns
        let out = makeStorage(count) { dst in
            storage.withUnsafeBufferPointer { src in
                transposeBlocked(src.baseAddress, dst, rows: r, columns: c)
            }
        }
        return Tensor(uncheckedShape: [c, r], storage: out)
    }

    /// The same elements in a new shape. One extent may be `-1`, inferred from the count.
    /// Throws `shapeMismatch` when the counts differ and `invalidArgument` for a bad shape.
    /// - Complexity: O(1) (the storage is shared until written).
    public func reshaped(_ newShape: [Int]) throws -> Tensor {
        var target = newShape
        let unknown = target.indices.filter { target[$0] == -1 }
        if unknown.count > 1 {
            throw NumericError.invalidArgument("reshape accepts at most one -1, got \(describeShape(newShape))")
        }
        if let u = unknown.first {
            let known = target.enumerated().filter { $0.offset != u }.map(\.element).reduce(1, *)
            guard known > 0, count % known == 0 else {
                throw NumericError.shapeMismatch(
                    "cannot reshape \(describeShape(shape)) into \(describeShape(newShape))")
            }
            target[u] = count / known
        }
        try Tensor.validate(shape: target)
        guard target.reduce(1, *) == count else {
            throw NumericError.shapeMismatch("cannot reshape \(describeShape(shape)) into \(describeShape(newShape))")
        }
        return Tensor(uncheckedShape: target, storage: storage)
    }

    /// The tensor as 1-D. - Complexity: O(1).
    public func flattened() -> Tensor { Tensor(uncheckedShape: [count], storage: storage) }

    /// The elements (1-D) or rows (2-D) at `indices`, in that order; repeats allowed.
    /// Traps on an out-of-range index; `take(validating:)` throws instead.
    /// - Complexity: O(indices.count × columns).
    public func take(_ indices: [Int]) -> Tensor {
        let c = columns, r = rows
        var out = [Double](repeating: 0, count: indices.count * c)
        storage.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                if c == 1 {
                    for (k, i) in indices.enumerated() {
                        precondition(i >= 0 && i < r, "take index out of range")
                        dst[k] = src[i]
                    }
                } else {
                    for (k, i) in indices.enumerated() {
                        precondition(i >= 0 && i < r, "take index out of range")
                        for j in 0..<c { dst[k * c + j] = src[i * c + j] }
                    }
                }
            }
        }
        return Tensor(uncheckedShape: rank == 2 ? [indices.count, c] : [indices.count], storage: out)
    }

    /// `take` that throws `invalidArgument` for an index outside `0..<rows`.
    public func take(validating indices: [Int]) throws -> Tensor {
        let r = rows
        if let bad = indices.first(where: { $0 < 0 || $0 >= r }) {
            throw NumericError.invalidArgument(
                "index \(bad) is out of range for \(r) \(rank == 2 ? "rows" : "values")")
        }
        return take(indices)
    }

    /// The elements (1-D) or rows (2-D) where `mask` is true, in order.
    /// Throws `shapeMismatch` unless `mask.count == rows`.
    /// - Complexity: O(count).
    public func filter(_ mask: Mask) throws -> Tensor {
        guard mask.count == rows else {
            throw NumericError.shapeMismatch(
                "mask of length \(mask.count) does not match \(rows) \(rank == 2 ? "rows" : "values") of shape \(describeShape(shape))")
        }
        return take(mask.indices())
    }

    public var description: String {
        func fmt(_ x: Double) -> String {
            if x == x.rounded(), abs(x) < 1e15 { return String(Int(x)) }
            return String(x)
        }
        if rank == 1 { return "[" + storage.map(fmt).joined(separator: ", ") + "]" }
        let c = columns
        var lines: [String] = []
        for i in 0..<rows {
            lines.append("[" + storage[(i * c)..<(i * c + c)].map(fmt).joined(separator: ", ") + "]")
        }
        return "[" + lines.joined(separator: ", ") + "]"
    }
}

/// Cache-blocked out-of-place transpose of a `rows`×`columns` row-major matrix.
func transposeBlocked(_ src: UnsafePointer<Double>?, _ dst: UnsafeMutablePointer<Double>?,
                      rows: Int, columns: Int) {
    guard let src = src, let dst = dst else { return }
    let block = 32
    var i0 = 0
    while i0 < rows {
        let i1 = Swift.min(i0 + block, rows)
        var j0 = 0
        while j0 < columns {
            let j1 = Swift.min(j0 + block, columns)
            for i in i0..<i1 {
                for j in j0..<j1 { dst[j * rows + i] = src[i * columns + j] }
            }
            j0 = j1
        }
        i0 = i1
    }
}
