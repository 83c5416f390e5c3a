import Foundation
import Numeric

/// Per-row string functions over string columns (`upper(ds.name)`, `replace(ds.city, …)`).
///
/// A string column is dictionary-encoded, so each function runs once per distinct value the
/// rows use, never once per row: the rows are only remapped from old codes to new ones.
/// Missing rows stay missing. Distinct values are transformed in parallel in fixed chunks;
/// the result does not depend on the number of workers.
extension Column {
    /// The string column with `transform` applied to each distinct value; a nil result is
    /// missing. Values that become equal share one category; categories keep the order of
    /// their first appearance in the rows.
    /// - Complexity: O(rows + distinct values × the transform).
    public func mappingStrings(_ operation: String, _ transform: (String) -> String?) throws -> Column {
        let (codes, categories) = try stringStorage(for: operation)
        let used = Column.usedCategories(codes, categoryCount: categories.count)
        let results = Column.parallelMap(used) { transform(categories[Int($0)]) }
        var remap = [Int32](repeating: -1, count: categories.count)
        var index = [String: Int32](minimumCapacity: results.count)
        var newCategories: [String] = []
        newCategories.reserveCapacity(results.count)
        for (old, result) in zip(used, results) {
            guard let result else { continue }
            if let existing = index[result] {
                remap[Int(old)] = existing
            } else {
                let code = Int32(newCategories.count)
                index[result] = code
                newCategories.append(result)
                remap[Int(old)] = code
            }
        }
        return Column(name: name, storage: .categorical(codes: Column.remapped(codes, remap), categories: newCategories))
    }

    /// A bool column: `test` of each row's string, decided once per distinct value; missing
    /// rows stay missing.
    /// - Complexity: O(rows + distinct values × the test).
    public func testingStrings(_ operation: String, _ test: (String) -> Bool) throws -> Column {
        let (codes, categories) = try stringStorage(for: operation)
        let used = Column.usedCategories(codes, categoryCount: categories.count)
        let results = Column.parallelMap(used) { test(categories[Int($0)]) }
        var answer = [Bool](repeating: false, count: categories.count)
        for (old, result) in zip(used, results) { answer[Int(old)] = result }
        var values = [Bool](repeating: false, count: codes.count)
        var valid = [Bool](repeating: true, count: codes.count)
        for row in codes.indices {
            let code = codes[row]
            if code < 0 { valid[row] = false } else { values[row] = answer[Int(code)] }
        }
        return Column(name: name, storage: .bool(values, valid: Column.normalized(valid)))
    }

    /// An int64 column: `measure` of each row's string, computed once per distinct value;
    /// missing rows stay missing.
    /// - Complexity: O(rows + distinct values × the measure).
    public func measuringStrings(_ operation: String, _ measure: (String) -> Int) throws -> Column {
        let (codes, categories) = try stringStorage(for: operation)
        let used = Column.usedCategories(codes, categoryCount: categories.count)
        let results = Column.parallelMap(used) { measure(categories[Int($0)]) }
        var answer = [Int64](repeating: 0, count: categories.count)
        for (old, result) in zip(used, results) { answer[Int(old)] = Int64(result) }
        var values = [Int64](repeating: 0, count: codes.count)
        var valid = [Bool](repeating: true, count: codes.count)
        for row in codes.indices {
            let code = codes[row]
            if code < 0 { valid[row] = false } else { values[row] = answer[Int(code)] }
        }
        return Column(name: name, storage: .int64(values, valid: Column.normalized(valid)))
    }

    /// The codes and categories of a string column, or a type error naming `operation`.
    func stringStorage(for operation: String) throws -> (codes: [Int32], categories: [String]) {
        guard case .categorical(let codes, let categories) = storage else {
            let named = name.isEmpty ? "" : " '\(name)'"
            throw DataError.typeMismatch("'\(operation)' needs a string column, found the \(type.rawValue) column\(named)")
        }
        return (codes, categories)
    }

    /// The categories the rows use, in order of first appearance.
    static func usedCategories(_ codes: [Int32], categoryCount: Int) -> [Int32] {
        var seen = [Bool](repeating: false, count: categoryCount)
        var used: [Int32] = []
        used.reserveCapacity(min(categoryCount, codes.count))
        codes.withUnsafeBufferPointer { codes in
            for code in codes where code >= 0 && !seen[Int(code)] {
                seen[Int(code)] = true
                used.append(code)
            }
        }
        return used
    }

    /// Every code replaced by `remap[code]`; -1 stays -1.
    static func remapped(_ codes: [Int32], _ remap: [Int32]) -> [Int32] {
        codes.withUnsafeBufferPointer { codes in
            remap.withUnsafeBufferPointer { remap in
                [Int32](unsafeUninitializedCapacity: codes.count) { out, initialized in
                    for i in 0..<codes.count {
                        let code = codes[i]
                        (out.baseAddress! + i).initialize(to: code < 0 ? -1 : remap[Int(code)])
                    }
                    initialized = codes.count
                }
            }
        }
    }

    /// `body` of every item, in order; in parallel over fixed chunks when there are many.
    static func parallelMap<T>(_ items: [Int32], _ body: (Int32) -> T) -> [T] {
        let chunkSize = 2_048
        guard items.count > chunkSize else { return items.map(body) }
        let chunks = FixedChunks(count: items.count, size: chunkSize)
        var parts = [[T]](repeating: [], count: chunks.count)
        parts.withUnsafeMutableBufferPointer { parts in
            Parallelism.forEach(chunks.count) { chunk in
                parts[chunk] = chunks[chunk].map { body(items[$0]) }
            }
        }
        return parts.flatMap { $0 }
    }
}

/// One argument of `concat_str`: a column, or a text repeated on every row.
public enum StringPiece: Sendable {
    case column(Column)
    case text(String)
}

extension Column {
    /// Row-wise concatenation of columns and texts, with `separator` between pieces, as
    /// Polars' `concat_str`: a row with any piece missing is missing (pandas' `a + b`). Number
    /// and bool columns take their shortest text (`1.5`, `2`, `true`). The pieces are
    /// combined pairwise on their category codes, so each distinct result is spelled once.
    /// - Complexity: O(rows × pieces + distinct results × their length).
    public static func concatenating(_ pieces: [StringPiece], separator: String, name: String) throws -> Column {
        guard let rows = pieces.lazy.compactMap({ piece -> Int? in
            if case .column(let column) = piece { return column.count }
            return nil
        }).first else {
            throw DataError.invalidArgument("'concat_str' needs at least one column")
        }
        var codes = [Int32](repeating: 0, count: rows)
        var categories = [""]
        for (position, piece) in pieces.enumerated() {
            let glue = position == 0 ? "" : separator
            switch piece {
            case .text(let text):
                // Appending the same text to every distinct value keeps them distinct.
                categories = categories.map { $0 + glue + text }
            case .column(let column):
                guard column.count == rows else {
                    throw DataError.invalidArgument("'concat_str' needs columns of one length, found \(rows) and \(column.count) rows")
                }
                let (rightCodes, rightCategories) = column.categoricalForm()
                var table = DenseKeyTable(expected: min(rows, categories.count * max(rightCategories.count, 1)))
                var combined = [Int32](repeating: -1, count: rows)
                let width = UInt64(rightCategories.count)
                for row in 0..<rows {
                    let left = codes[row], right = rightCodes[row]
                    guard left >= 0, right >= 0 else { continue }
                    combined[row] = table.code(of: UInt64(left) * width + UInt64(right))
                }
                categories = table.keys.map { key in
                    categories[Int(key / width)] + glue + rightCategories[Int(key % width)]
                }
                codes = combined
            }
        }
        // Different pairs may spell the same text ("a" + "bc", "ab" + "c"): merge them.
        return Column(name: name, storage: .categorical(codes: codes, categories: categories)).mergingEqualCategories()
    }

    /// The column as category codes and categories: a string column as it is stored, any
    /// other with each value's shortest text as a category.
    func categoricalForm() -> (codes: [Int32], categories: [String]) {
        if case .categorical(let codes, let categories) = storage { return (codes, categories) }
        let strings = Column.strings(name, (0..<count).map { isMissing($0) ? nil : formatted(at: $0) })
        guard case .categorical(let codes, let categories) = strings.storage else { return ([], []) }
        return (codes, categories)
    }

    /// A string column whose equal categories are merged into one (first one wins).
    func mergingEqualCategories() -> Column {
        guard case .categorical(let codes, let categories) = storage else { return self }
        var index = [String: Int32](minimumCapacity: categories.count)
        var remap = [Int32](repeating: -1, count: categories.count)
        var merged: [String] = []
        var changed = false
        for (code, category) in categories.enumerated() {
            if let existing = index[category] {
                remap[code] = existing
                changed = true
            } else {
                index[category] = Int32(merged.count)
                remap[code] = Int32(merged.count)
                merged.append(category)
            }
        }
        guard changed else { return self }
        return Column(name: name, storage: .categorical(codes: Column.remapped(codes, remap), categories: merged))
    }
}

/// The string functions the column forms apply per distinct value, shared with the scalar
/// builtins so a string and a column of strings always agree.
public enum StringFunctions {
    /// The piece at `index` (0-based; negative counts from the end) of `text` cut at
    /// `separator`, or nil when there is no such piece (pandas' `str.split(sep).str[i]`).
    public static func splitPart(_ text: String, separator: String, index: Int) -> String? {
        let pieces = text.components(separatedBy: separator)
        let position = index < 0 ? pieces.count + index : index
        guard position >= 0, position < pieces.count else { return nil }
        return pieces[position]
    }

    /// The characters of `text` (grapheme clusters, as `len` counts them).
    public static func length(_ text: String) -> Int { text.count }
}

/// A compiled regular expression (ICU syntax, as Foundation's `NSRegularExpression`), made
/// once per call and shared by every row; safe to use from several threads.
public struct TextPattern: @unchecked Sendable {
    public let pattern: String
    let regex: NSRegularExpression

    /// Compiles `pattern`, or throws `DataError.invalidPattern` naming `operation`.
    public init(_ pattern: String, for operation: String) throws {
        self.pattern = pattern
        do {
            regex = try NSRegularExpression(pattern: pattern)
        } catch {
            throw DataError.invalidPattern(operation: operation, pattern: pattern)
        }
    }

    /// Whether the pattern matches anywhere in `text` (Python's `re.search`).
    public func matches(_ text: String) -> Bool {
        regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    /// `text` with every non-overlapping match replaced by `template`, where `$1` or
    /// `${name}` is a group and `\$` a dollar sign (as Polars' `str.replace_all`).
    public func replacingMatches(in text: String, with template: String) -> String {
        regex.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: template)
    }
}
