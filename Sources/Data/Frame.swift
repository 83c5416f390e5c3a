import Numeric

/// A table: named columns of equal length. Value semantics; every operation returns a new
/// frame and shares unchanged column storage (copy-on-write).
public struct Frame: Equatable, Sendable {
    public private(set) var columns: [Column]
    public private(set) var rowCount: Int
    /// Set on the parts a `split` or `kfold` makes and kept by row selections of them: which
    /// rows of which frame these are (the leakage guard in `evaluate` compares rows by it).
    /// Not part of equality: two frames with the same cells are equal wherever they came from.
    public var origin: RowOrigin?

    public static func == (a: Frame, b: Frame) -> Bool { a.rowCount == b.rowCount && a.columns == b.columns }

    /// Columns must have equal lengths and unique names.
    public init(columns: [Column]) throws {
        var seen = Set<String>()
        for column in columns where !seen.insert(column.name).inserted {
            throw DataError.invalidArgument("duplicate column name '\(column.name)'")
        }
        let rows = columns.first?.count ?? 0
        if let bad = columns.first(where: { $0.count != rows }) {
            throw DataError.invalidArgument(
                "column '\(bad.name)' has \(bad.count) rows but '\(columns[0].name)' has \(rows)")
        }
        self.columns = columns
        self.rowCount = rows
    }

    /// A frame with no columns and no rows.
    public init() {
        columns = []
        rowCount = 0
    }

    /// For operations that keep the invariants by construction.
    init(unchecked columns: [Column], rowCount: Int) {
        self.columns = columns
        self.rowCount = rowCount
    }

    public var columnNames: [String] { columns.map(\.name) }
    public var columnCount: Int { columns.count }
    public var shape: (rows: Int, columns: Int) { (rowCount, columns.count) }

    public func columnIndex(named name: String) -> Int? {
        columns.firstIndex { $0.name == name }
    }

    /// Throws `unknownColumn` (with a did-you-mean hint) if there is no such column.
    public func column(named name: String) throws -> Column {
        guard let index = columnIndex(named: name) else {
            throw DataError.unknownColumn(name: name, available: columnNames)
        }
        return columns[index]
    }

    /// The named columns, in the order given.
    public func select(_ names: [String]) throws -> Frame {
        var picked = [Column]()
        for name in names { picked.append(try column(named: name)) }
        var result = try Frame(columns: picked)
        result.origin = origin
        return result
    }

    /// All columns except the named ones.
    public func drop(_ names: [String]) throws -> Frame {
        for name in names where columnIndex(named: name) == nil {
            throw DataError.unknownColumn(name: name, available: columnNames)
        }
        let removed = Set(names)
        var result = Frame(unchecked: columns.filter { !removed.contains($0.name) }, rowCount: rowCount)
        result.origin = origin
        return result
    }

    /// Adds `column` at the end, or replaces the column of the same name in place.
    public func with(_ column: Column) throws -> Frame {
        if !columns.isEmpty && column.count != rowCount {
            throw DataError.invalidArgument(
                "column '\(column.name)' has \(column.count) rows but the frame has \(rowCount)")
        }
        var copy = self
        if let index = columnIndex(named: column.name) {
            copy.columns[index] = column
        } else {
            copy.columns.append(column)
        }
        copy.rowCount = column.count
        return copy
    }

    /// The same columns under new names (`mapping` from old to new).
    public func renamed(_ mapping: [String: String]) throws -> Frame {
        for old in mapping.keys where columnIndex(named: old) == nil {
            throw DataError.unknownColumn(name: old, available: columnNames)
        }
        return try Frame(columns: columns.map { $0.renamed(mapping[$0.name] ?? $0.name) })
    }

    // MARK: Rows

    /// The rows where `mask` is true.
    public func filter(_ mask: [Bool]) throws -> Frame {
        guard mask.count == rowCount else {
            throw DataError.invalidArgument("mask has \(mask.count) entries but the frame has \(rowCount) rows")
        }
        // The kept positions are found once and gathered from every column.
        let rows = Column.indices(of: mask)
        return take(rows)
    }

    /// The rows at the given indices, in that order. Indices must be in 0..<rowCount.
    /// Large takes gather their columns in parallel, one column a task.
    public func take(_ rows: [Int]) -> Frame {
        var result = Frame(unchecked: Frame.mapColumns(columns, rows: rows.count) { $0.take(rows) }, rowCount: rows.count)
        result.origin = origin?.taking(rows)
        return result
    }

    /// A contiguous range of rows.
    public func slice(_ range: Range<Int>) -> Frame {
        let clamped = range.clamped(to: 0..<rowCount)
        var result = Frame(unchecked: columns.map { $0.slice(clamped) }, rowCount: clamped.count)
        result.origin = origin?.taking(Array(clamped))
        return result
    }

    /// The first `n` rows (all if fewer; a negative `n` drops that many from the end, as in pandas).
    public func head(_ n: Int = 5) -> Frame {
        slice(0..<(n >= 0 ? min(n, rowCount) : max(0, rowCount + n)))
    }

    /// The last `n` rows (all if fewer; a negative `n` drops that many from the start).
    public func tail(_ n: Int = 5) -> Frame {
        slice((n >= 0 ? max(0, rowCount - n) : min(rowCount, -n))..<rowCount)
    }

    /// A random sample without replacement of `n` rows or of `fraction` of the rows
    /// (rounded half to even, as pandas), in random order. Give exactly one of the two.
    public func sample(n: Int?, fraction: Double?, seed: UInt64) throws -> Frame {
        let count: Int
        switch (n, fraction) {
        case (let n?, nil):
            guard n >= 0 else { throw DataError.invalidArgument("sample size must be non-negative, got \(n)") }
            guard n <= rowCount else {
                throw DataError.invalidArgument("cannot sample \(n) rows from a frame of \(rowCount) rows without replacement")
            }
            count = n
        case (nil, let f?):
            guard f >= 0, f <= 1 else {
                throw DataError.invalidArgument("sample fraction must be between 0 and 1, got \(f)")
            }
            count = Int((f * Double(rowCount)).rounded(.toNearestOrEven))  // Python's round, as pandas
        default:
            throw DataError.invalidArgument("sample needs exactly one of n: or fraction:")
        }
        var generator = RandomGenerator(seed: seed)
        return take(Frame.partialShuffle(rowCount, prefix: count, &generator))
    }

    /// All rows in a random order.
    public func shuffled(seed: UInt64) -> Frame {
        var generator = RandomGenerator(seed: seed)
        return take(generator.permutation(rowCount))
    }

    /// The first `prefix` entries of a uniformly random permutation of 0..<count.
    /// - Complexity: O(count) to set up, O(prefix) draws.
    static func partialShuffle(_ count: Int, prefix: Int, _ generator: inout RandomGenerator) -> [Int] {
        var indices = Array(0..<count)
        var i = 0
        while i < prefix && i < count - 1 {
            let j = i + generator.integer(below: count - i)
            indices.swapAt(i, j)
            i += 1
        }
        return Array(indices.prefix(prefix))
    }
}

extension Frame {
    /// `transform` of each item, in order; on the cores in parallel, one item a task, when the
    /// output has at least `parallelRows` rows (each task writes only its own slot, so the
    /// result never depends on the core count).
    static func mapColumns<T>(_ items: [T], rows: Int, _ transform: (T) -> Column) -> [Column] {
        guard items.count > 1 && rows >= parallelRows else { return items.map(transform) }
        var out = [Column?](repeating: nil, count: items.count)
        out.withUnsafeMutableBufferPointer { out in
            let slots = out
            Parallelism.forEach(items.count) { task in slots[task] = transform(items[task]) }
        }
        return out.compactMap { $0 }
    }

    /// Rows from which gathering columns is worth a thread each.
    static let parallelRows = 65_536
}
