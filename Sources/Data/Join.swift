/// Which rows a join keeps, as pandas' `merge(how=)` plus the semi and anti joins of Polars
/// and dplyr.
public enum JoinKind: String, Sendable, CaseIterable {
    /// Pairs of matching rows, in left row order (each left row's matches in right order).
    case inner
    /// Every left row, with its matches or with missing right columns, in left row order.
    case left
    /// Every right row, with its matches or with missing left columns, in right row order.
    case right
    /// Every row of both sides, ordered by key (missing keys last), as pandas does.
    case outer
    /// The left rows that have a match, once each, with the left columns only.
    case semi
    /// The left rows that have no match, with the left columns only.
    case anti
}

/// What `validate:` asserts about the keys before joining, as pandas' `merge(validate=)`:
/// "one" means the keys are unique on that side.
public enum JoinValidation: String, Sendable, CaseIterable {
    case oneToOne = "one_to_one"
    case oneToMany = "one_to_many"
    case manyToOne = "many_to_one"
    case manyToMany = "many_to_many"

    /// A validation from its name or pandas' short form (`1:1`, `1:m`, `m:1`, `m:m`).
    public init?(name: String) {
        switch name.lowercased() {
        case "one_to_one", "1:1": self = .oneToOne
        case "one_to_many", "1:m": self = .oneToMany
        case "many_to_one", "m:1": self = .manyToOne
        case "many_to_many", "m:m": self = .manyToMany
        default: return nil
        }
    }

    var leftUnique: Bool { self == .oneToOne || self == .oneToMany }
    var rightUnique: Bool { self == .oneToOne || self == .manyToOne }
}

/// A join of two frames on key columns: pandas' `merge` semantics for names, order and
/// missing keys, computed as a hash join.
///
/// - Keys: `leftOn[i]` pairs with `rightOn[i]`. Numbers join numbers (int64 with float64 by
///   value), strings join strings, bools join bools; any other pair is `joinKeyTypes`.
/// - Missing keys match each other, as pandas' merge matches NaN with NaN.
/// - Columns: the left columns, then the right ones. A key named the same on both sides
///   appears once, holding the left value (the right value on rows only the right side
///   has; the right value throughout a right join). Other names present on both sides
///   take `suffixes` (`_x`, `_y`). Semi and anti joins give the left columns only.
/// - Rows a side does not supply hold missing values; int64 and bool columns stay typed.
///
/// The keys are encoded once into dense codes shared by both sides, the right rows are
/// bucketed by code into one contiguous array (a counting sort), and the output size is
/// counted before the row index arrays are filled, so the hot loops allocate nothing.
public struct Join: Sendable {
    public var kind: JoinKind
    public var leftOn: [String]
    public var rightOn: [String]
    public var suffixes: (left: String, right: String)
    public var validation: JoinValidation

    /// Keys named the same on both sides (`on:`), or as `left_on`/`right_on`.
    public init(kind: JoinKind = .inner, leftOn: [String], rightOn: [String],
                suffixes: (left: String, right: String) = ("_x", "_y"), validation: JoinValidation = .manyToMany) {
        self.kind = kind
        self.leftOn = leftOn
        self.rightOn = rightOn
        self.suffixes = suffixes
        self.validation = validation
    }

    /// The joined frame.
    /// - Complexity: O(left + right + output rows), plus O(k log k) over the k distinct keys
    ///   for an outer join's key order.
    public func apply(_ left: Frame, _ right: Frame) throws -> Frame {
        guard !leftOn.isEmpty else {
            throw DataError.invalidArgument("a join needs at least one key column")
        }
        guard leftOn.count == rightOn.count else {
            throw DataError.invalidArgument("left_on names \(leftOn.count) key column\(leftOn.count == 1 ? "" : "s") but right_on names \(rightOn.count); they pair up one to one")
        }
        for (side, names) in [("left", leftOn), ("right", rightOn)] {
            var seen = Set<String>()
            for name in names where !seen.insert(name).inserted {
                throw DataError.invalidArgument("key column '\(name)' is given twice for the \(side) side")
            }
        }
        let leftKeys = try leftOn.map { try left.column(named: $0) }
        let rightKeys = try rightOn.map { try right.column(named: $0) }
        var codes = try JoinKeyCodes(leftKeys[0], rightKeys[0])
        for index in 1..<leftKeys.count {
            codes = codes.combined(with: try JoinKeyCodes(leftKeys[index], rightKeys[index]))
        }
        let rightBuckets = JoinBuckets(codes.right, count: codes.count)
        // Inner, left, semi and anti joins read only the right side's buckets.
        let needsLeft = kind == .right || kind == .outer || validation.leftUnique
        let leftBuckets = needsLeft ? JoinBuckets(codes.left, count: codes.count) : JoinBuckets.empty
        try validate(leftBuckets, rightBuckets, codes, leftKeys, rightKeys)
        switch kind {
        case .semi, .anti:
            let wanted = kind == .semi
            let rows = codes.left.indices.filter { (rightBuckets.size(of: codes.left[$0]) > 0) == wanted }
            return left.take(rows).withoutOrigin()
        case .inner, .left, .right, .outer:
            let (leftRows, rightRows) = pairs(codes, leftBuckets, rightBuckets)
            return try assemble(left, right, leftRows, rightRows)
        }
    }

    /// Refuses repeated keys on a side `validation` says is unique.
    private func validate(_ leftBuckets: JoinBuckets, _ rightBuckets: JoinBuckets, _ codes: JoinKeyCodes,
                          _ leftKeys: [Column], _ rightKeys: [Column]) throws {
        for (side, needed, buckets, sideCodes, keys) in [
            ("left", validation.leftUnique, leftBuckets, codes.left, leftKeys),
            ("right", validation.rightUnique, rightBuckets, codes.right, rightKeys),
        ] where needed {
            guard let row = sideCodes.indices.first(where: { buckets.size(of: sideCodes[$0]) > 1 }) else { continue }
            let shown = keys.map { "\($0.name) = \($0.formatted(at: row, missing: "missing"))" }.joined(separator: ", ")
            throw DataError.joinNotValid(validation: validation.rawValue, side: side, key: shown,
                                         times: buckets.size(of: sideCodes[row]))
        }
    }

    /// The matching (left row, right row) pairs in output order; -1 where a side has no row.
    private func pairs(_ codes: JoinKeyCodes, _ leftBuckets: JoinBuckets, _ rightBuckets: JoinBuckets) -> ([Int], [Int]) {
        let keepUnmatched = kind != .inner
        switch kind {
        case .inner, .left:
            return Join.nestedPairs(outer: codes.left, inner: rightBuckets, keepUnmatched: keepUnmatched)
        case .right:
            let (rightRows, leftRows) = Join.nestedPairs(outer: codes.right, inner: leftBuckets, keepUnmatched: true)
            return (leftRows, rightRows)
        default:
            // Outer: keys in sorted order; per key, left rows × right rows, else one side alone.
            let order = codes.sortedCodes()
            var total = 0
            for code in order {
                let l = leftBuckets.size(of: code), r = rightBuckets.size(of: code)
                total += l == 0 ? r : (r == 0 ? l : l * r)
            }
            var leftRows = [Int](repeating: -1, count: total), rightRows = [Int](repeating: -1, count: total)
            var next = 0
            leftRows.withUnsafeMutableBufferPointer { outLeft in
                rightRows.withUnsafeMutableBufferPointer { outRight in
                    for code in order {
                        let lefts = leftBuckets.rows(of: code), rights = rightBuckets.rows(of: code)
                        if lefts.isEmpty {
                            for r in rights { outRight[next] = r; next += 1 }
                        } else if rights.isEmpty {
                            for l in lefts { outLeft[next] = l; next += 1 }
                        } else {
                            for l in lefts {
                                for r in rights { outLeft[next] = l; outRight[next] = r; next += 1 }
                            }
                        }
                    }
                }
            }
            return (leftRows, rightRows)
        }
    }

    /// For each row of the outer side in order, its matches on the inner side in their
    /// order, or one unmatched pair (-1) when `keepUnmatched`.
    static func nestedPairs(outer: [Int32], inner: JoinBuckets, keepUnmatched: Bool) -> ([Int], [Int]) {
        inner.start.withUnsafeBufferPointer { start in
            inner.order.withUnsafeBufferPointer { order in
                outer.withUnsafeBufferPointer { codes in
                    var total = 0
                    for row in 0..<codes.count {
                        let code = Int(codes[row])
                        let matches = start[code + 1] - start[code]
                        total += matches == 0 && keepUnmatched ? 1 : matches
                    }
                    var outerRows = [Int](repeating: -1, count: total), innerRows = [Int](repeating: -1, count: total)
                    var next = 0
                    outerRows.withUnsafeMutableBufferPointer { outOuter in
                        innerRows.withUnsafeMutableBufferPointer { outInner in
                            for row in 0..<codes.count {
                                let code = Int(codes[row])
                                let (first, end) = (start[code], start[code + 1])
                                if first == end {
                                    if keepUnmatched { outOuter[next] = row; next += 1 }
                                    continue
                                }
                                for match in first..<end { outOuter[next] = row; outInner[next] = order[match]; next += 1 }
                            }
                        }
                    }
                    return (outerRows, innerRows)
                }
            }
        }
    }

    /// The output columns: left then right, shared keys once, clashing names suffixed.
    private func assemble(_ left: Frame, _ right: Frame, _ leftRows: [Int], _ rightRows: [Int]) throws -> Frame {
        // A key named the same on both sides is one column (pandas drops the right copy).
        var sharedKeys = [String: String]()  // left name → right name
        for (l, r) in zip(leftOn, rightOn) where l == r { sharedKeys[l] = r }
        let rightKept = right.columns.filter { sharedKeys[$0.name] == nil }
        let leftNames = Set(left.columnNames)
        let clashing = Set(rightKept.map(\.name)).intersection(leftNames)
        if !clashing.isEmpty && suffixes.left.isEmpty && suffixes.right.isEmpty {
            throw DataError.invalidArgument("both sides have columns named \(clashing.sorted().map { "'\($0)'" }.joined(separator: ", ")), and suffixes are empty")
        }
        let leftComplete = kind == .inner || kind == .left
        let rightComplete = kind == .right
        // Each output column as (left column, shared right key or nil) or (nil, right column);
        // gathered in parallel for large outputs.
        var sources = [(left: Column?, right: Column?)]()
        sources.reserveCapacity(left.columnCount + rightKept.count)
        for column in left.columns {
            if let rightName = sharedKeys[column.name], !leftComplete {
                sources.append((column, try right.column(named: rightName)))
            } else {
                sources.append((column, nil))
            }
        }
        for column in rightKept { sources.append((nil, column)) }
        let preferRight = kind == .right
        // Where every row of a side is taken once, in order (an inner or left join on keys
        // unique on the other side), that side's columns are shared, not copied.
        let leftAsIs = leftComplete && Join.isIdentity(leftRows, count: left.rowCount)
        let rightAsIs = rightComplete && Join.isIdentity(rightRows, count: right.rowCount)
        let columns = Frame.mapColumns(sources, rows: leftRows.count) { source -> Column in
            switch source {
            case (let column?, let other?):
                let name = clashing.contains(column.name) ? column.name + suffixes.left : column.name
                return Column.coalescing(column, leftRows, other, rightRows, preferRight: preferRight).renamed(name)
            case (let column?, nil):
                let name = clashing.contains(column.name) ? column.name + suffixes.left : column.name
                if leftAsIs { return column.renamed(name) }
                return (leftComplete ? column.take(leftRows) : column.takeOrMissing(leftRows)).renamed(name)
            case (nil, let column?):
                let name = clashing.contains(column.name) ? column.name + suffixes.right : column.name
                if rightAsIs { return column.renamed(name) }
                return (rightComplete ? column.take(rightRows) : column.takeOrMissing(rightRows)).renamed(name)
            case (nil, nil):
                return Column(name: "", storage: .float64([]))
            }
        }
        var seen = Set<String>()
        for column in columns where !seen.insert(column.name).inserted {
            throw DataError.invalidArgument("suffixes (\"\(suffixes.left)\", \"\(suffixes.right)\") make two columns named '\(column.name)'; choose other suffixes")
        }
        return Frame(unchecked: columns, rowCount: leftRows.count)
    }
}

extension Join {
    /// Whether `rows` is 0, 1, …, count - 1.
    static func isIdentity(_ rows: [Int], count: Int) -> Bool {
        guard rows.count == count else { return false }
        return rows.withUnsafeBufferPointer { rows in
            for i in 0..<rows.count where rows[i] != i { return false }
            return true
        }
    }
}

extension Frame {
    /// The same columns, not marked as rows of a split (a join or sort makes new rows).
    func withoutOrigin() -> Frame {
        var copy = self
        copy.origin = nil
        return copy
    }
}

/// The rows of one side grouped by key code: `rows(of: code)` is a contiguous slice of one
/// array, in row order (a counting sort).
struct JoinBuckets {
    /// `start[code]..<start[code + 1]` indexes `order`.
    let start: [Int]
    let order: [Int]

    /// No rows: for a side whose buckets a join does not read.
    static let empty = JoinBuckets(start: [0], order: [])

    private init(start: [Int], order: [Int]) {
        self.start = start
        self.order = order
    }

    init(_ codes: [Int32], count: Int) {
        var start = [Int](repeating: 0, count: count + 1)
        for code in codes { start[Int(code) + 1] += 1 }
        for code in 0..<count { start[code + 1] += start[code] }
        var next = start
        var order = [Int](repeating: 0, count: codes.count)
        for row in codes.indices {
            let code = Int(codes[row])
            order[next[code]] = row
            next[code] += 1
        }
        self.start = start
        self.order = order
    }

    @inline(__always) func size(of code: Int32) -> Int { start[Int(code) + 1] - start[Int(code)] }
    @inline(__always) func rows(of code: Int32) -> ArraySlice<Int> { order[start[Int(code)]..<start[Int(code) + 1]] }
}

/// Dense codes for the key values of both sides in one code space: equal values share a
/// code, and missing is a value of its own. `rank` orders the codes by value (numbers by
/// value, strings by UTF-8 bytes, false before true, missing last), for the outer join.
struct JoinKeyCodes {
    var left: [Int32]
    var right: [Int32]
    var count: Int
    /// Per key column (several after `combined`), a maker of each code's rank in that column,
    /// compared in turn. Only an outer join orders its rows by key, so the ranks (a sort of
    /// every distinct key, a fifth of an inner join's time) are made only when asked for.
    var rankers: [() -> [Int32]]

    /// Codes for one pair of key columns.
    init(_ l: Column, _ r: Column) throws {
        switch (l.storage, r.storage) {
        case (.categorical(let lc, let lcat), .categorical(let rc, let rcat)):
            // Categories map once; rows only index arrays.
            var index = [String: Int32](minimumCapacity: lcat.count + rcat.count)
            var texts = lcat
            for (code, text) in lcat.enumerated() where index[text] == nil { index[text] = Int32(code) }
            var remapRight = [Int32](repeating: 0, count: rcat.count)
            for (code, text) in rcat.enumerated() {
                if let known = index[text] { remapRight[code] = known } else {
                    index[text] = Int32(texts.count)
                    remapRight[code] = Int32(texts.count)
                    texts.append(text)
                }
            }
            let missing = Int32(texts.count)
            left = lc.map { $0 < 0 ? missing : $0 }
            right = rc.map { $0 < 0 ? missing : remapRight[Int($0)] }
            count = texts.count + 1
            rankers = [{
                let sorted = texts.indices.sorted { Array(texts[$0].utf8).lexicographicallyPrecedes(texts[$1].utf8) }
                return JoinKeyCodes.ranks(sorted, missing: missing)
            }]
        case (.bool, .bool):
            func codes(_ c: Column) -> [Int32] {
                guard case .bool(let v, let valid) = c.storage else { return [] }
                return v.indices.map { (valid?[$0] ?? true) ? (v[$0] ? 1 : 0) : 2 }
            }
            left = codes(l)
            right = codes(r)
            count = 3
            rankers = [{ [0, 1, 2] }]
        case (.int64(let lv, let lvalid), .int64(let rv, let rvalid)), (.datetime(let lv, let lvalid), .datetime(let rv, let rvalid)):
            var table = DenseKeyTable(expected: Swift.min(lv.count + rv.count, 1 << 16))
            let (a, b) = (JoinKeyCodes.encode(lv, lvalid, in: &table), JoinKeyCodes.encode(rv, rvalid, in: &table))
            let keys = table.keys
            (left, right, count) = JoinKeyCodes.withMissing(a, b, present: keys.count)
            rankers = [{
                let values = keys.map { Int64(bitPattern: $0) }
                return JoinKeyCodes.ranks(values.indices.sorted { values[$0] < values[$1] }, missing: Int32(values.count))
            }]
        default:
            guard l.isNumeric && r.isNumeric, let lv = l.asDoubles(), let rv = r.asDoubles() else {
                throw DataError.joinKeyTypes(left: l.name, leftType: l.type, right: r.name, rightType: r.type)
            }
            // Numbers of mixed types (or floats) join by value; -0.0 is 0.0.
            var table = DenseKeyTable(expected: Swift.min(lv.count + rv.count, 1 << 16))
            func encode(_ v: [Double]) -> [Int32] {
                var out = [Int32](repeating: -1, count: v.count)
                for row in v.indices where !v[row].isNaN { out[row] = table.code(of: (v[row] == 0 ? 0.0 : v[row]).bitPattern) }
                return out
            }
            let (a, b) = (encode(lv), encode(rv))
            let keys = table.keys
            (left, right, count) = JoinKeyCodes.withMissing(a, b, present: keys.count)
            rankers = [{
                let values = keys.map { Double(bitPattern: $0) }
                return JoinKeyCodes.ranks(values.indices.sorted { values[$0] < values[$1] }, missing: Int32(values.count))
            }]
        }
    }

    /// Each row's code in `table` (numbering new keys), or -1 where the row is missing. The
    /// table is a parameter, not a captured local, so its accesses are checked statically.
    static func encode(_ v: [Int64], _ valid: [Bool]?, in table: inout DenseKeyTable) -> [Int32] {
        [Int32](unsafeUninitializedCapacity: v.count) { out, initialized in
            v.withUnsafeBufferPointer { values in
                if let valid {
                    for row in 0..<values.count {
                        out[row] = valid[row] ? table.code(of: UInt64(bitPattern: values[row])) : -1
                    }
                } else {
                    for row in 0..<values.count { out[row] = table.code(of: UInt64(bitPattern: values[row])) }
                }
            }
            initialized = v.count
        }
    }

    /// Both sides' codes with -1 (missing) turned into the code after the present ones.
    static func withMissing(_ a: [Int32], _ b: [Int32], present: Int) -> ([Int32], [Int32], Int) {
        let missing = Int32(present)
        return (a.map { $0 < 0 ? missing : $0 }, b.map { $0 < 0 ? missing : $0 }, present + 1)
    }

    /// The rank of each code given the present codes in sorted order; `missing` ranks last.
    static func ranks(_ sorted: [Int], missing: Int32) -> [Int32] {
        var rank = [Int32](repeating: 0, count: Int(missing) + 1)
        for (position, code) in sorted.enumerated() { rank[code] = Int32(position) }
        rank[Int(missing)] = missing
        return rank
    }

    private init(left: [Int32], right: [Int32], count: Int, rankers: [() -> [Int32]]) {
        self.left = left
        self.right = right
        self.count = count
        self.rankers = rankers
    }

    /// Codes for the pair of this key and `next`, over the combinations that occur.
    func combined(with next: JoinKeyCodes) -> JoinKeyCodes {
        var table = DenseKeyTable(expected: Swift.min(left.count + right.count, 1 << 16))
        func encode(_ a: [Int32], _ b: [Int32]) -> [Int32] {
            var out = [Int32](repeating: 0, count: a.count)
            for row in a.indices { out[row] = table.code(of: UInt64(UInt32(a[row])) << 32 | UInt64(UInt32(b[row]))) }
            return out
        }
        let l = encode(left, next.left), r = encode(right, next.right)
        // Each combined code's ranks: this key's ranks of its first part, then next's of its second.
        let parts = table.keys
        let first: [() -> [Int32]] = rankers.map { ranker in { let rank = ranker(); return parts.map { rank[Int($0 >> 32)] } } }
        let second: [() -> [Int32]] = next.rankers.map { ranker in { let rank = ranker(); return parts.map { rank[Int($0 & 0xffff_ffff)] } } }
        return JoinKeyCodes(left: l, right: r, count: parts.count, rankers: first + second)
    }

    /// Every code, ordered by its ranks key column by key column (an outer join's order).
    func sortedCodes() -> [Int32] {
        let codes = (0..<Int32(count)).map { $0 }
        let ranks = rankers.map { $0() }
        return codes.sorted { a, b in
            for rank in ranks where rank[Int(a)] != rank[Int(b)] { return rank[Int(a)] < rank[Int(b)] }
            return a < b
        }
    }
}

extension Column {
    /// The rows at `rows`, where -1 gives a missing value.
    /// - Complexity: O(rows.count).
    func takeOrMissing(_ rows: [Int]) -> Column {
        func gather<T>(_ values: [T], _ filler: T) -> [T] {
            values.withUnsafeBufferPointer { source in
                rows.withUnsafeBufferPointer { indices in
                    [T](unsafeUninitializedCapacity: indices.count) { out, initialized in
                        for i in 0..<indices.count {
                            let row = indices[i]
                            (out.baseAddress! + i).initialize(to: row < 0 ? filler : source[row])
                        }
                        initialized = indices.count
                    }
                }
            }
        }
        func validity(_ valid: [Bool]?) -> [Bool]? {
            let present = valid.map { gather($0, false) } ?? rows.map { $0 >= 0 }
            return Column.normalized(present)
        }
        switch storage {
        case .float64(let v): return Column(name: name, storage: .float64(gather(v, .nan)))
        case .int64(let v, let valid): return Column(name: name, storage: .int64(gather(v, 0), valid: validity(valid)))
        case .datetime(let v, let valid): return Column(name: name, storage: .datetime(gather(v, 0), valid: validity(valid)))
        case .bool(let v, let valid): return Column(name: name, storage: .bool(gather(v, false), valid: validity(valid)))
        case .categorical(let codes, let categories):
            return Column(name: name, storage: .categorical(codes: gather(codes, -1), categories: categories))
        }
    }

    /// A shared key column: row i from `a` at `aRows[i]`, or from `b` at `bRows[i]` where `a`
    /// has no row (or where `b` has one, when `preferRight`). Same types keep their type;
    /// int64 with float64 gives float64; strings merge their categories.
    static func coalescing(_ a: Column, _ aRows: [Int], _ b: Column, _ bRows: [Int], preferRight: Bool) -> Column {
        let fromB = (0..<aRows.count).map { preferRight ? bRows[$0] >= 0 : aRows[$0] < 0 }
        switch (a.storage, b.storage) {
        case (.categorical(let ac, let acat), .categorical(let bc, let bcat)):
            var index = [String: Int32](minimumCapacity: acat.count + bcat.count)
            var categories = acat
            for (code, text) in acat.enumerated() where index[text] == nil { index[text] = Int32(code) }
            let remap = bcat.map { text -> Int32 in
                if let known = index[text] { return known }
                index[text] = Int32(categories.count)
                categories.append(text)
                return Int32(categories.count - 1)
            }
            let codes = fromB.indices.map { i -> Int32 in
                if fromB[i] { let row = bRows[i]; return row < 0 || bc[row] < 0 ? -1 : remap[Int(bc[row])] }
                let row = aRows[i]
                return row < 0 ? -1 : ac[row]
            }
            return Column(name: a.name, storage: .categorical(codes: codes, categories: categories))
        case (.int64(let av, let avalid), .int64(let bv, let bvalid)), (.datetime(let av, let avalid), .datetime(let bv, let bvalid)):
            var values = [Int64](repeating: 0, count: fromB.count), valid = [Bool](repeating: false, count: fromB.count)
            for i in fromB.indices {
                let (row, v, ok) = fromB[i] ? (bRows[i], bv, bvalid) : (aRows[i], av, avalid)
                if row >= 0 && (ok?[row] ?? true) { values[i] = v[row]; valid[i] = true }
            }
            let isDate = a.type == .datetime
            return Column(name: a.name, storage: isDate ? .datetime(values, valid: Column.normalized(valid)) : .int64(values, valid: Column.normalized(valid)))
        case (.bool(let av, let avalid), .bool(let bv, let bvalid)):
            var values = [Bool](repeating: false, count: fromB.count), valid = [Bool](repeating: false, count: fromB.count)
            for i in fromB.indices {
                let (row, v, ok) = fromB[i] ? (bRows[i], bv, bvalid) : (aRows[i], av, avalid)
                if row >= 0 && (ok?[row] ?? true) { values[i] = v[row]; valid[i] = true }
            }
            return Column(name: a.name, storage: .bool(values, valid: Column.normalized(valid)))
        default:
            // Numbers of mixed types; the key types were checked to match before.
            let av = a.asDoubles() ?? [], bv = b.asDoubles() ?? []
            var values = [Double](repeating: .nan, count: fromB.count)
            for i in fromB.indices {
                if fromB[i] {
                    let row = bRows[i]
                    if row >= 0 && row < bv.count { values[i] = bv[row] }
                } else {
                    let row = aRows[i]
                    if row >= 0 && row < av.count { values[i] = av[row] }
                }
            }
            return .numeric(a.name, values)
        }
    }
}
