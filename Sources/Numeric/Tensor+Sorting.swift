/// Sorting and ranking. Sorts are LSD radix sorts on order-preserving 64-bit keys
/// (11-bit digits, passes whose digit is constant are skipped), which are stable and
/// O(n) — about 6 linear passes. Small inputs (< 512) use a comparison sort on
/// (key, index) pairs, which gives the same stable order.
///
/// Order: ascending, −0.0 and +0.0 compare equal, NaN last (as numpy).
extension Tensor {
    /// The elements in ascending order (NaN last). A 2-D tensor has each row sorted
    /// (numpy's default last axis). - Complexity: O(count).
    public func sorted() -> Tensor {
        if rank == 1 { return Tensor(sortedValues(storage)) }
        let c = columns
        var out = storage
        for i in 0..<rows {
            let sortedRow = sortedValues(Array(storage[(i * c)..<(i * c + c)]))
            out.replaceSubrange((i * c)..<(i * c + c), with: sortedRow)
        }
        return Tensor(uncheckedShape: shape, storage: out)
    }

    /// The permutation that sorts the elements ascending, stable: equal elements keep
    /// their original order (NaNs last, in original order). For a 2-D tensor, each row's
    /// permutation (column indices), rows concatenated, as numpy's default last axis.
    /// `descending` reverses the value order but still keeps ties in original order and
    /// NaN last (pandas `sort_values(ascending=False, kind="stable")`).
    /// - Complexity: O(count).
    public func argsort(descending: Bool = false) -> [Int] {
        if rank == 1 { return stableArgsort(storage, descending: descending) }
        let c = columns
        var out: [Int] = []
        out.reserveCapacity(count)
        for i in 0..<rows {
            out.append(contentsOf: stableArgsort(Array(storage[(i * c)..<(i * c + c)]), descending: descending))
        }
        return out
    }

    /// The 0-based rank of each element (position in the stable sorted order).
    /// - Complexity: O(count).
    public func ordinalRanks() -> [Int] {
        let order = stableArgsort(storage, descending: false)
        var ranks = [Int](repeating: 0, count: order.count)
        for (r, i) in order.enumerated() { ranks[i] = r }
        return ranks
    }
}

// MARK: - Keys

/// An unsigned key whose order matches the order of the doubles: negatives flipped,
/// positives with the sign bit set. `canonicalZero` maps −0 to +0 (so they tie);
/// NaN always maps to the largest key.
@inline(__always)
func sortKey(_ x: Double, canonicalZero: Bool) -> UInt64 {
    if x != x { return UInt64.max }
    let bits = (canonicalZero && x == 0) ? 0 : x.bitPattern
    return bits >> 63 == 1 ? ~bits : bits | (1 << 63)
}

@inline(__always)
func valueFromSortKey(_ k: UInt64) -> Double {
    if k == UInt64.max { return .nan }
    return Double(bitPattern: k >> 63 == 1 ? k & ~(1 << 63) : ~k)
}

/// Small-input cutoff below which a comparison sort beats the radix passes.
let radixCutoff = 512

/// Values sorted ascending, NaN last; keeps the bit patterns of the values (NaN
/// payloads aside).
func sortedValues(_ values: [Double]) -> [Double] {
    let n = values.count
    if n < 2 { return values }
    var keys = [UInt64](repeating: 0, count: n)
    values.withUnsafeBufferPointer { v in
        keys.withUnsafeMutableBufferPointer { k in
            for i in 0..<n { k[i] = sortKey(v[i], canonicalZero: false) }
        }
    }
    if n < radixCutoff {
        keys.sort()
    } else {
        var none: [Int] = []
        radixSort(&keys, payload: &none, withPayload: false)
    }
    var out = [Double](repeating: 0, count: n)
    keys.withUnsafeBufferPointer { k in
        out.withUnsafeMutableBufferPointer { o in
            for i in 0..<n { o[i] = valueFromSortKey(k[i]) }
        }
    }
    return out
}

/// Stable argsort (ties in original order, NaN last).
func stableArgsort(_ values: [Double], descending: Bool) -> [Int] {
    let n = values.count
    if n == 0 { return [] }
    var keys = [UInt64](repeating: 0, count: n)
    values.withUnsafeBufferPointer { v in
        keys.withUnsafeMutableBufferPointer { k in
            if descending {
                for i in 0..<n {
                    let key = sortKey(v[i], canonicalZero: true)
                    // Flip the value order; NaN (max key) stays last.
                    k[i] = key == UInt64.max ? UInt64.max : (UInt64.max - 1) - key
                }
            } else {
                for i in 0..<n { k[i] = sortKey(v[i], canonicalZero: true) }
            }
        }
    }
    if n < radixCutoff {
        // Pairs (key, index) are all distinct, so any correct sort gives the stable order.
        var idx = Array(0..<n)
        idx.sort { keys[$0] != keys[$1] ? keys[$0] < keys[$1] : $0 < $1 }
        return idx
    }
    var idx = Array(0..<n)
    radixSort(&keys, payload: &idx, withPayload: true)
    return idx
}

/// LSD radix sort of `keys` (11-bit digits, 6 passes, trivial passes skipped); when
/// `withPayload`, `payload` is permuted alongside. Stable.
func radixSort(_ keys: inout [UInt64], payload: inout [Int], withPayload: Bool) {
    let n = keys.count
    let bits = 11, buckets = 1 << bits, passes = 6
    var counts = [Int](repeating: 0, count: buckets * passes)
    keys.withUnsafeBufferPointer { k in
        counts.withUnsafeMutableBufferPointer { c in
            for i in 0..<n {
                let key = k[i]
                for p in 0..<passes {
                    c[p * buckets + Int((key >> UInt64(p * bits)) & UInt64(buckets - 1))] += 1
                }
            }
        }
    }
    var keyScratch = [UInt64](repeating: 0, count: n)
    var payloadScratch = withPayload ? [Int](repeating: 0, count: n) : []
    var offsets = [Int](repeating: 0, count: buckets)
    for p in 0..<passes {
        let shift = UInt64(p * bits)
        let firstDigit = Int((keys[0] >> shift) & UInt64(buckets - 1))
        if counts[p * buckets + firstDigit] == n { continue }  // every key has this digit
        var running = 0
        for d in 0..<buckets {
            offsets[d] = running
            running += counts[p * buckets + d]
        }
        keys.withUnsafeBufferPointer { src in
            keyScratch.withUnsafeMutableBufferPointer { dst in
                offsets.withUnsafeMutableBufferPointer { off in
                    if withPayload {
                        payload.withUnsafeBufferPointer { ps in
                            payloadScratch.withUnsafeMutableBufferPointer { pd in
                                for i in 0..<n {
                                    let key = src[i]
                                    let d = Int((key >> shift) & UInt64(buckets - 1))
                                    let at = off[d]
                                    off[d] = at + 1
                                    dst[at] = key
                                    pd[at] = ps[i]
                                }
                            }
                        }
                    } else {
                        for i in 0..<n {
                            let key = src[i]
                            let d = Int((key >> shift) & UInt64(buckets - 1))
                            let at = off[d]
                            off[d] = at + 1
                            dst[at] = key
                        }
                    }
                }
            }
        }
        swap(&keys, &keyScratch)
        if withPayload { swap(&payload, &payloadScratch) }
    }
}
