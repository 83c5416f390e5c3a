import Foundation
import Numeric

/// Train/test splits and k-fold partitions, seeded and reproducible: the same frame, seed
/// and arguments always give the same rows on every machine.
public enum Splitter {
    /// A random train/test split, like scikit-learn's `train_test_split`: the test part has
    /// `ceil(testFraction × n)` rows and the train part the rest, both in shuffled order.
    ///
    /// With `stratifyBy` (a column as long as the frame, no missing values), each class
    /// keeps its share: a class of `c` rows puts `floor(testCount × c / n)` rows in test,
    /// and the rows still missing from the test count go to the classes with the largest
    /// remainders (ties to the class that appears first).
    /// - Complexity: O(n).
    public static func split(_ frame: Frame, testFraction: Double, seed: UInt64, stratifyBy: Column? = nil) throws -> (train: Frame, test: Frame) {
        let n = frame.rowCount
        guard testFraction > 0, testFraction < 1 else {
            throw DataError.invalidArgument("test fraction must be between 0 and 1 (exclusive), got \(Column.format(testFraction))")
        }
        let testCount = Int((testFraction * Double(n)).rounded(.up))
        guard testCount >= 1, testCount < n else {
            throw DataError.invalidArgument(
                "cannot split \(n) row\(n == 1 ? "" : "s") with test fraction \(Column.format(testFraction)): both parts need at least one row")
        }
        var generator = RandomGenerator(seed: seed)
        var test = [Int]()
        var train = [Int]()
        if let stratifyBy {
            let classes = try classMembers(stratifyBy, rows: n, refusingSingletons: true)
            let shares = allocate(testCount, among: classes.map(\.count), total: n)
            for (members, share) in zip(classes, shares) {
                var shuffled = members
                generator.shuffle(&shuffled)
                test.append(contentsOf: shuffled[..<share])
                train.append(contentsOf: shuffled[share...])
            }
            generator.shuffle(&test)
            generator.shuffle(&train)
        } else {
            let order = generator.permutation(n)
            test = Array(order[..<testCount])
            train = Array(order[testCount...])
        }
        let source = RowOrigin.Source(frame)
        return (frame.take(train).drawn(from: source, rows: train), frame.take(test).drawn(from: source, rows: test))
    }

    /// `k` folds, like scikit-learn's `KFold(shuffle=True)` / `StratifiedKFold`: every row is
    /// in exactly one test fold; fold sizes differ by at most one. Rows keep their original
    /// order within each part. With `stratifyBy`, each class's rows (shuffled) are dealt
    /// to the folds in turn, so every fold gets its share of every class. A class of one row
    /// is refused unless `allowingSingletons` (cross-validation, which stratifies a
    /// classifier's target on its own and only warns about small classes, like scikit-learn).
    /// - Complexity: O(k·n).
    public static func kfold(_ frame: Frame, k: Int, seed: UInt64, stratifyBy: Column? = nil,
                             allowingSingletons: Bool = false) throws -> [(train: Frame, test: Frame)] {
        let n = frame.rowCount
        guard k >= 2 else { throw DataError.invalidArgument("k-fold needs k of at least 2, got \(k)") }
        guard k <= n else {
            throw DataError.invalidArgument("cannot make \(k) folds from \(n) row\(n == 1 ? "" : "s"): k must be at most the row count")
        }
        var generator = RandomGenerator(seed: seed)
        var fold = [Int](repeating: 0, count: n)
        if let stratifyBy {
            let classes = try classMembers(stratifyBy, rows: n, refusingSingletons: !allowingSingletons)
            var next = 0
            for members in classes {
                var shuffled = members
                generator.shuffle(&shuffled)
                for row in shuffled {
                    fold[row] = next
                    next = (next + 1) % k
                }
            }
        } else {
            let order = generator.permutation(n)
            var position = 0
            for f in 0..<k {
                let size = n / k + (f < n % k ? 1 : 0)
                for row in order[position..<(position + size)] { fold[row] = f }
                position += size
            }
        }
        let source = RowOrigin.Source(frame)
        return (0..<k).map { f in
            let test = (0..<n).filter { fold[$0] == f }
            let train = (0..<n).filter { fold[$0] != f }
            return (frame.take(train).drawn(from: source, rows: train), frame.take(test).drawn(from: source, rows: test))
        }
    }

    /// The rows of each class, classes in order of first appearance. With `refusingSingletons`,
    /// a class of one row is `DataError.stratifyClassTooSmall`, as scikit-learn refuses it:
    /// a continuous column stratified by mistake has almost only such classes, and would
    /// otherwise split as if unstratified, silently.
    static func classMembers(_ column: Column, rows: Int, refusingSingletons: Bool) throws -> [[Int]] {
        guard column.count == rows else {
            throw DataError.invalidArgument("stratify column '\(column.name)' has \(column.count) rows but the frame has \(rows)")
        }
        guard column.missingCount == 0 else {
            throw DataError.invalidArgument("stratify column '\(column.name)' has missing values")
        }
        var index = [String: Int]()
        var classes = [[Int]]()
        for row in 0..<rows {
            let key = column.formatted(at: row)
            if let k = index[key] {
                classes[k].append(row)
            } else {
                index[key] = classes.count
                classes.append([row])
            }
        }
        if refusingSingletons, let lone = classes.first(where: { $0.count < 2 }) {
            throw DataError.stratifyClassTooSmall(column: column.name, value: column.formatted(at: lone[0]), classes: classes.count)
        }
        return classes
    }

    /// Splits `count` among classes in proportion to their sizes (largest remainders).
    static func allocate(_ count: Int, among sizes: [Int], total: Int) -> [Int] {
        var shares = sizes.map { $0 * count / total }
        var remaining = count - shares.reduce(0, +)
        let byRemainder = sizes.indices.sorted { a, b in
            let ra = sizes[a] * count % total, rb = sizes[b] * count % total
            return ra != rb ? ra > rb : a < b
        }
        var i = 0
        while remaining > 0 && !byRemainder.isEmpty {
            let k = byRemainder[i % byRemainder.count]
            if shares[k] < sizes[k] {
                shares[k] += 1
                remaining -= 1
            }
            i += 1
        }
        return shares
    }
}

/// Which rows of which frame a frame holds, for the parts `split` and `kfold` make: the
/// frame they were drawn from (shared, not copied) and, per row, its index there. Row
/// selections of a part (`filter`, `head`, `take`, `select`…) keep it, mapped through; a
/// split of a part points at the first frame. The leakage guard in `evaluate` decides by
/// these indices whether a row was trained on, so duplicate rows in the data are not
/// mistaken for the same row.
public struct RowOrigin: Sendable {
    /// The frame the rows were drawn from, with room for facts about it computed once
    /// (its content hash), shared by every part drawn from it.
    public final class Source: @unchecked Sendable {
        public let frame: Frame
        private let lock = NSLock()
        private var memo: [String: String] = [:]

        init(_ frame: Frame) { self.frame = frame }

        /// The value stored under `key`, computed by `make` the first time.
        public func memoized(_ key: String, _ make: (Frame) -> String) -> String {
            lock.lock()
            if let value = memo[key] {
                lock.unlock()
                return value
            }
            lock.unlock()
            let value = make(frame)
            lock.lock()
            memo[key] = value
            lock.unlock()
            return value
        }
    }

    public let source: Source
    /// For each row of this frame, its index in `source.frame`.
    public let rows: [Int]

    /// The origin of `rows` (indices into this frame) of this frame.
    func taking(_ picked: [Int]) -> RowOrigin {
        RowOrigin(source: source, rows: picked.map { rows[$0] })
    }
}

extension Frame {
    /// This frame (rows `rows` of `source`) marked as drawn from it; a frame that already
    /// came from a split keeps its first origin, mapped through.
    func drawn(from source: RowOrigin.Source, rows: [Int]) -> Frame {
        guard origin == nil else { return self }
        var copy = self
        copy.origin = RowOrigin(source: source, rows: rows)
        return copy
    }
}
