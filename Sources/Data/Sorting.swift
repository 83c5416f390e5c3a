import Numeric

/// Row orders of a frame by key columns, as pandas' `sort_values(kind="stable",
/// na_position="last")` and `nlargest`/`nsmallest(keep="first")`.
///
/// - Each key sorts ascending or descending on its own; numbers by value (-0.0 equal to
///   0.0), strings by their UTF-8 bytes (code points, as Python), false before true.
/// - Missing values sort last in both directions, key by key.
/// - Stable: rows with equal keys keep their order.
///
/// Each key is encoded once into order-preserving unsigned integers (a descending key is the
/// bitwise complement), then the rows are ordered by an LSD radix sort, a byte at a time,
/// from the last key to the first, skipping bytes on which every row agrees; a final stable
/// pass per key moves its missing rows last. `top` keeps the n first rows in a bounded heap
/// instead, when n is small against the row count.
public struct Sorting: Sendable {
    public let keys: [String]
    public let descending: [Bool]

    /// One direction per key; a single direction applies to every key.
    public init(by keys: [String], descending: [Bool]) throws {
        guard !keys.isEmpty else { throw DataError.invalidArgument("sorting needs at least one key column") }
        var seen = Set<String>()
        for key in keys where !seen.insert(key).inserted {
            throw DataError.invalidArgument("sort key '\(key)' is given twice")
        }
        if descending.count == 1 {
            self.descending = Array(repeating: descending[0], count: keys.count)
        } else {
            guard descending.count == keys.count else {
                throw DataError.invalidArgument("descending has \(descending.count) entries for \(keys.count) sort keys; give one, or one per key")
            }
            self.descending = descending
        }
        self.keys = keys
    }

    /// Every row index, in sorted order.
    /// - Complexity: O(rows × varying key bytes).
    public func order(_ frame: Frame) throws -> [Int] {
        let encoded = try encode(frame)
        var order = Array(0..<frame.rowCount)
        var scratch = [Int](repeating: 0, count: frame.rowCount)
        for key in encoded.reversed() {
            Sorting.radixSort(&order, &scratch, key.values)
            if let missing = key.missing { Sorting.moveLast(&order, &scratch, missing) }
        }
        return order
    }

    /// The first `n` rows of the sorted order (all rows when `n` is larger).
    /// - Complexity: O(rows × log n) through a heap when n ≤ rows / 16, else as `order`.
    public func top(_ n: Int, of frame: Frame) throws -> [Int] {
        guard n >= 0 else { throw DataError.invalidArgument("top needs n of 0 or more, found \(n)") }
        let rows = frame.rowCount
        if n == 0 { return [] }
        if n > rows / 16 { return Array(try order(frame).prefix(n)) }
        let encoded = try encode(frame)
        // Whether row a comes before row b: keys in turn, missing last, then row order.
        func precedes(_ a: Int, _ b: Int) -> Bool {
            for key in encoded {
                if let missing = key.missing, missing[a] != missing[b] { return !missing[a] }
                let x = key.values[a], y = key.values[b]
                if x != y { return x < y }
            }
            return a < b
        }
        // A max-heap of the n best rows so far: its root is the worst of them.
        var heap = [Int]()
        heap.reserveCapacity(n)
        for row in 0..<rows {
            if heap.count < n {
                heap.append(row)
                var child = heap.count - 1
                while child > 0 {
                    let parent = (child - 1) / 2
                    guard precedes(heap[parent], heap[child]) else { break }
                    heap.swapAt(parent, child)
                    child = parent
                }
            } else if precedes(row, heap[0]) {
                heap[0] = row
                var parent = 0
                while true {
                    let left = 2 * parent + 1, right = left + 1
                    var largest = parent
                    if left < n && precedes(heap[largest], heap[left]) { largest = left }
                    if right < n && precedes(heap[largest], heap[right]) { largest = right }
                    if largest == parent { break }
                    heap.swapAt(parent, largest)
                    parent = largest
                }
            }
        }
        return heap.sorted(by: precedes)
    }

    /// One key as order-preserving integers (complemented when descending), with the rows
    /// that are missing; `values` is 0 at missing rows.
    struct EncodedKey {
        var values: [UInt64]
        var missing: [Bool]?
    }

    func encode(_ frame: Frame) throws -> [EncodedKey] {
        try zip(keys, descending).map { name, descending in
            var key = Sorting.encode(try frame.column(named: name))
            if descending {
                key.values.withUnsafeMutableBufferPointer { values in
                    for i in 0..<values.count { values[i] = ~values[i] }
                }
            }
            if let missing = key.missing {
                for i in missing.indices where missing[i] { key.values[i] = 0 }
            }
            return key
        }
    }

    static let signBit: UInt64 = 1 << 63

    static func encode(_ column: Column) -> EncodedKey {
        switch column.storage {
        case .float64(let v):
            // IEEE order as unsigned: flip every bit of negatives, the sign bit of the rest.
            let values = v.map { x -> UInt64 in
                let bits = (x == 0 ? 0.0 : x).bitPattern
                return bits & signBit != 0 ? ~bits : bits | signBit
            }
            let missing = v.map(\.isNaN)
            return EncodedKey(values: values, missing: missing.contains(true) ? missing : nil)
        case .int64(let v, let valid), .datetime(let v, let valid):
            return EncodedKey(values: v.map { UInt64(bitPattern: $0) ^ signBit }, missing: valid.map { $0.map { !$0 } })
        case .bool(let v, let valid):
            return EncodedKey(values: v.map { $0 ? 1 : 0 }, missing: valid.map { $0.map { !$0 } })
        case .categorical(let codes, let categories):
            // Categories rank by their UTF-8 bytes, once; rows read the rank of their code.
            let sorted = categories.indices.sorted {
                Array(categories[$0].utf8).lexicographicallyPrecedes(categories[$1].utf8)
            }
            var rank = [UInt64](repeating: 0, count: categories.count)
            for (position, code) in sorted.enumerated() { rank[code] = UInt64(position) }
            let values = codes.map { $0 < 0 ? 0 : rank[Int($0)] }
            let missing = codes.map { $0 < 0 }
            return EncodedKey(values: values, missing: missing.contains(true) ? missing : nil)
        }
    }

    /// Stable LSD radix sort of `order` by `key[order[i]]`, one byte per pass, skipping bytes
    /// that are equal in every row. The key is gathered into the current order once, then
    /// moves along with the row numbers, so every pass reads sequentially. Each pass cuts
    /// the rows into fixed chunks (`radixChunk` rows) that count their digits and scatter
    /// in parallel, each chunk into the slots a prefix sum over (digit, chunk) reserves, so
    /// the order is the serial one whatever the number of cores.
    static func radixSort(_ order: inout [Int], _ scratch: inout [Int], _ key: [UInt64]) {
        let n = order.count
        guard n > 1 else { return }
        var all: UInt64 = ~0, any: UInt64 = 0
        key.withUnsafeBufferPointer { key in
            for value in key { all &= value; any |= value }
        }
        let varying = all ^ any
        let bytes = (0..<8).filter { (varying >> UInt64($0 * 8)) & 0xff != 0 }
        guard !bytes.isEmpty else { return }
        var keys = Column.gather(key, order)
        var keyScratch = [UInt64](unsafeUninitializedCapacity: n) { _, initialized in initialized = n }
        let chunks = FixedChunks(count: n, size: radixChunk)
        var offsets = [Int](repeating: 0, count: chunks.count * 256)
        for byte in bytes {
            let shift = UInt64(byte * 8)
            offsets.withUnsafeMutableBufferPointer { offsets in
                keys.withUnsafeBufferPointer { keys in
                    let (c, k) = (offsets, keys)
                    Parallelism.forEach(chunks.count) { chunk in
                        let base = chunk * 256
                        for digit in 0..<256 { c[base + digit] = 0 }
                        for i in chunks[chunk] { c[base + Int((k[i] >> shift) & 0xff)] += 1 }
                    }
                }
                // Exclusive prefix sums, digit by digit, chunk by chunk within a digit.
                var total = 0
                for digit in 0..<256 {
                    for chunk in 0..<chunks.count {
                        let count = offsets[chunk * 256 + digit]
                        offsets[chunk * 256 + digit] = total
                        total += count
                    }
                }
                keys.withUnsafeBufferPointer { keys in
                    keyScratch.withUnsafeMutableBufferPointer { keyTarget in
                        order.withUnsafeBufferPointer { source in
                            scratch.withUnsafeMutableBufferPointer { target in
                                let (c, k, kt, s, t) = (offsets, keys, keyTarget, source, target)
                                Parallelism.forEach(chunks.count) { chunk in
                                    let next = c.baseAddress! + chunk * 256
                                    for i in chunks[chunk] {
                                        let value = k[i]
                                        let digit = Int((value >> shift) & 0xff)
                                        let at = next[digit]
                                        next[digit] = at + 1
                                        kt[at] = value
                                        t[at] = s[i]
                                    }
                                }
                            }
                        }
                    }
                }
            }
            swap(&order, &scratch)
            swap(&keys, &keyScratch)
        }
    }

    /// Rows a radix pass's chunk counts and scatters on its own.
    static let radixChunk = 1 << 16

    /// Moves the rows whose `missing` entry is true after the others, keeping both orders.
    static func moveLast(_ order: inout [Int], _ scratch: inout [Int], _ missing: [Bool]) {
        var next = 0
        for row in order where !missing[row] { scratch[next] = row; next += 1 }
        for row in order where missing[row] { scratch[next] = row; next += 1 }
        swap(&order, &scratch)
    }
}

extension Frame {
    /// The rows sorted by `keys` (stable, missing last); see `Sorting`.
    public func sorted(by keys: [String], descending: [Bool] = [false]) throws -> Frame {
        take(try Sorting(by: keys, descending: descending).order(self))
    }

    /// The first `n` rows of the frame sorted by `keys` (by default largest first).
    public func top(_ n: Int, by keys: [String], descending: [Bool] = [true]) throws -> Frame {
        take(try Sorting(by: keys, descending: descending).top(n, of: self))
    }
}
