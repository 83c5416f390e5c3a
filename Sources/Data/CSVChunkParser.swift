#if canImport(Glibc)
import Glibc
#endif

/// What one chunk parse produced: 8-byte cells per kept column (Int64 bits, Double bits,
/// 0/1, or a local category code), the rows that were missing, and local dictionaries.
final class ChunkResult: @unchecked Sendable {
    let slotCount: Int
    let rows: Int
    let states: [UInt8]
    let values: [UnsafeMutablePointer<UInt64>]
    let missing: [[Int]]
    /// Rows of integer cells written "-0", which become -0.0 if the column turns float64.
    let negativeZeros: [[Int]]
    let interners: [StringInterner?]
    let rescan: [Bool]
    let failure: ParseFailure?
    let stoppedAt: Int
    /// One flag per slot; a raw buffer so columns can be released from several threads.
    private let freed: UnsafeMutablePointer<Bool>

    init(slotCount: Int, rows: Int, states: [UInt8], values: [UnsafeMutablePointer<UInt64>], missing: [[Int]],
         negativeZeros: [[Int]], interners: [StringInterner?], rescan: [Bool], failure: ParseFailure?, stoppedAt: Int) {
        self.negativeZeros = negativeZeros
        self.slotCount = slotCount
        self.rows = rows
        self.states = states
        self.values = values
        self.missing = missing
        self.interners = interners
        self.rescan = rescan
        self.failure = failure
        self.stoppedAt = stoppedAt
        freed = .allocate(capacity: max(1, slotCount))
        freed.initialize(repeating: false, count: max(1, slotCount))
    }

    deinit {
        deallocate()
        freed.deallocate()
    }

    /// Frees one column's cells once they are copied into the frame. Different slots may
    /// be released concurrently.
    func release(slot: Int) {
        if !freed[slot] {
            free(values[slot])
            freed[slot] = true
        }
    }

    func deallocate() {
        for slot in 0..<slotCount { release(slot: slot) }
    }
}

/// Parses the records of one byte range straight into column cells.
///
/// A struct, mutated in place, so its state needs no dynamic exclusivity checks; the hot
/// per-column arrays are raw pointers.
struct ChunkParser {
    let p: UnsafePointer<UInt8>
    let bufferEnd: Int
    let start: Int
    let end: Int
    let delimiter: UInt8
    let fieldCount: Int
    let slotCount: Int
    let plan: UnsafeMutablePointer<Int32>
    let forced: UnsafeMutablePointer<UInt8>
    let formats: [DateFormat?]
    /// Some slot has a date format (else every datetime cell is ISO 8601, and the per-cell
    /// lookup, which retains the format, is skipped).
    let hasFormats: Bool
    let fields: [Int]
    let markers: MarkerSet
    let mapping: MappedFile?
    let states: UnsafeMutablePointer<UInt8>
    let values: UnsafeMutablePointer<UnsafeMutablePointer<UInt64>>
    /// Rows the cell buffers hold; they grow (realloc, which moves pages rather than
    /// copying them for large blocks) when a chunk has more rows than estimated.
    var capacity: Int
    var missing: [[Int]]
    var negativeZeros: [[Int]]
    var interners: [StringInterner?]
    var rescan: [Bool]
    var rows = 0
    var failure: ParseFailure?
    var stoppedAt: Int
    var scratch: [UInt8] = []

    static let releaseStep = 16 << 20

    init(environment: ParseEnvironment, layout: Layout, range: Range<Int>) {
        p = environment.p
        bufferEnd = environment.bufferEnd
        start = range.lowerBound
        end = range.upperBound
        delimiter = environment.delimiter
        markers = environment.markers
        mapping = environment.mapping
        fieldCount = layout.fieldCount
        slotCount = layout.slotCount
        plan = layout.plan
        forced = layout.forced
        formats = layout.formats
        hasFormats = layout.formats.contains { $0 != nil }
        fields = layout.fields
        // Estimate the rows from the line breaks in the first 64 KB (counting them all
        // would page in the whole chunk before parsing starts).
        let length = range.count
        let sample = min(length, 1 << 16)
        let breaks = CSVReader.countByte(0x0A, environment.p, range.lowerBound, range.lowerBound + sample)
        let estimate = sample > 0 ? Double(length) * Double(breaks) / Double(sample) : 0
        capacity = Int(estimate * 1.02) + 64
        states = .allocate(capacity: max(1, slotCount))
        values = .allocate(capacity: max(1, slotCount))
        for slot in 0..<slotCount {
            states[slot] = layout.forced[slot]
            values[slot] = malloc(capacity * 8)!.bindMemory(to: UInt64.self, capacity: capacity)
        }
        missing = [[Int]](repeating: [], count: slotCount)
        negativeZeros = [[Int]](repeating: [], count: slotCount)
        interners = [StringInterner?](repeating: nil, count: slotCount)
        for slot in 0..<slotCount where states[slot] == CellState.string { interners[slot] = StringInterner() }
        rescan = [Bool](repeating: false, count: slotCount)
        stoppedAt = range.lowerBound
    }

    /// Hands the buffers to a `ChunkResult` and frees the parser's own bookkeeping.
    mutating func finish() -> ChunkResult {
        let result = ChunkResult(
            slotCount: slotCount, rows: rows, states: Array(UnsafeBufferPointer(start: states, count: slotCount)),
            values: Array(UnsafeBufferPointer(start: values, count: slotCount)), missing: missing,
            negativeZeros: negativeZeros, interners: interners, rescan: rescan, failure: failure, stoppedAt: stoppedAt)
        states.deallocate()
        values.deallocate()
        return result
    }

    // MARK: Records

    mutating func run() {
        var pos = start
        var releasedTo = start
        while pos < end {
            if let next = RawRecord.blankLineEnd(p, at: pos, end: end, delimiter: delimiter) { pos = next; continue }
            let recordStart = pos
            if rows == capacity { grow() }
            var field = 0
            while true {
                if field == fieldCount {
                    // One field too many: count the rest of the record for the message.
                    var found = field
                    var q = pos
                    while true {
                        q = skipField(q, field: found)
                        if failure != nil { return }
                        found += 1
                        if q < bufferEnd && p[q] == delimiter { q += 1; continue }
                        break
                    }
                    failure = .ragged(offset: recordStart, column: fieldCount + 1, expected: fieldCount, found: found)
                    return
                }
                let slot = Int(plan[field])
                let fieldEnd = slot < 0 ? skipField(pos, field: field) : parseField(slot: slot, field: field, at: pos)
                if failure != nil { return }
                field += 1
                if fieldEnd >= bufferEnd { pos = bufferEnd; break }
                let t = p[fieldEnd]
                if t == delimiter { pos = fieldEnd + 1; continue }
                pos = fieldEnd + 1
                if t == 0x0D && pos < bufferEnd && p[pos] == 0x0A { pos += 1 }
                break
            }
            if field != fieldCount {
                failure = .ragged(offset: recordStart, column: field + 1, expected: fieldCount, found: field)
                return
            }
            rows += 1
            if pos - releasedTo >= ChunkParser.releaseStep, let mapping {
                mapping.release(from: releasedTo, to: pos)
                releasedTo = pos
            }
        }
        stoppedAt = pos
        mapping?.release(from: releasedTo, to: pos)
    }

    mutating func grow() {
        let newCapacity = capacity + capacity / 2 + 64
        for slot in 0..<slotCount {
            values[slot] = realloc(values[slot], newCapacity * 8)!.bindMemory(to: UInt64.self, capacity: newCapacity)
        }
        capacity = newCapacity
    }

    /// True if a field ending at `i` is properly ended: delimiter, LF, CR (alone or before
    /// an LF), or end of input.
    @inline(__always)
    func endsField(_ i: Int) -> Bool {
        if i >= bufferEnd { return true }
        let c = p[i]
        return c == delimiter || c == 0x0A || c == 0x0D
    }

    /// The end of an unquoted field starting at `from`: the delimiter, a line break (LF, or
    /// CR whether or not an LF follows), or the end of input. Eight bytes at a time: one
    /// test flags the delimiter, another every byte in 0x08...0x0F (LF and CR among them);
    /// a flagged byte that is neither (a tab, say) resumes the scan after it.
    @inline(__always)
    func unquotedEnd(_ from: Int) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let delimiterPattern = UInt64(delimiter) &* ones
        let controlMask: UInt64 = 0xF8F8_F8F8_F8F8_F8F8
        let controlPattern: UInt64 = 0x0808_0808_0808_0808
        var i = from
        while i + 8 <= bufferEnd {
            let x = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
            let a = x ^ delimiterPattern
            let b = (x & controlMask) ^ controlPattern
            // The lowest flagged byte is exact (borrows only run upwards from a true zero).
            let hits = (((a &- ones) & ~a) | ((b &- ones) & ~b)) & highs
            if hits != 0 {
                let k = i + hits.trailingZeroBitCount >> 3
                let c = p[k]
                if c == delimiter || c == 0x0A || c == 0x0D { return k }
                i = k + 1
                continue
            }
            i += 8
        }
        while i < bufferEnd {
            let c = p[i]
            if c == delimiter || c == 0x0A || c == 0x0D { break }
            i += 1
        }
        return i
    }

    /// Skips a field that is not kept; returns its end.
    mutating func skipField(_ pos: Int, field: Int) -> Int {
        if pos < bufferEnd && p[pos] == UInt8(ascii: "\"") { return quotedField(slot: -1, field: field, at: pos) }
        return unquotedEnd(pos)
    }

    /// Parses the field at `pos` into `slot`; returns the field's end.
    @inline(__always)
    mutating func parseField(slot: Int, field: Int, at pos: Int) -> Int {
        if pos < bufferEnd {
            let c = p[pos]
            if c == UInt8(ascii: "\"") { return quotedField(slot: slot, field: field, at: pos) }
            let state = states[slot]
            if state <= CellState.real && (c &- 48 < 10 || c == UInt8(ascii: "-") || c == UInt8(ascii: ".") || c == UInt8(ascii: "+")) {
                // Fast path: scan the number and check the field ends right after it. An
                // integer too large for Int64 takes the general path (it becomes text).
                let number = CSVNumberParser.scan(p, pos, bufferEnd)
                if (number.kind == .integer || number.kind == .real) && endsField(number.stop)
                    && !(markers.hasNumericMarker && markers.contains(p, pos, number.stop)) {
                    store(number, slot: slot, field: field, offset: pos, p, pos, number.stop)
                    return number.stop
                }
            } else if state == CellState.pending {
                return unquotedEnd(pos)
            }
        }
        let fieldEnd = unquotedEnd(pos)
        classify(slot: slot, field: field, offset: pos, p, pos, fieldEnd)
        return fieldEnd
    }

    /// Parses a quoted field starting at the opening quote; returns the end (past the
    /// closing quote). `slot` -1 skips the value.
    mutating func quotedField(slot: Int, field: Int, at open: Int) -> Int {
        var i = open + 1
        var hasEscape = false
        var close = -1
        while i < bufferEnd {
            guard let hit = memchr(p + i, Int32(UInt8(ascii: "\"")), bufferEnd - i) else { break }
            let q = p.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if q + 1 < bufferEnd && p[q + 1] == UInt8(ascii: "\"") {
                hasEscape = true
                i = q + 2
                continue
            }
            close = q
            break
        }
        guard close >= 0 else {
            failure = .unterminatedQuote(offset: open, column: field + 1)
            return bufferEnd
        }
        let fieldEnd = close + 1
        guard endsField(fieldEnd) else {
            failure = .afterQuote(offset: open, column: field + 1, found: p[fieldEnd])
            return fieldEnd
        }
        guard slot >= 0, states[slot] != CellState.pending else { return fieldEnd }
        if hasEscape {
            scratch.removeAll(keepingCapacity: true)
            var k = open + 1
            while k < close {
                scratch.append(p[k])
                k += p[k] == UInt8(ascii: "\"") ? 2 : 1
            }
            let content = scratch
            content.withUnsafeBufferPointer { buffer in
                classify(slot: slot, field: field, offset: open, buffer.baseAddress ?? p, 0, buffer.count)
            }
        } else {
            classify(slot: slot, field: field, offset: open, p, open + 1, close)
        }
        return fieldEnd
    }

    // MARK: Cells

    @inline(__always)
    mutating func markMissing(slot: Int) {
        values[slot][rows] = states[slot] == CellState.string ? UInt64(bitPattern: -1) : 0
        missing[slot].append(rows)
    }

    /// Moves a column to "re-read as strings later".
    mutating func postpone(slot: Int) {
        states[slot] = CellState.pending
        rescan[slot] = true
    }

    /// Stores a recognised number, changing the column's inferred state as needed.
    @inline(__always)
    mutating func store(_ number: CSVNumberParser.Scan, slot: Int, field: Int, offset: Int,
                        _ q: UnsafePointer<UInt8>, _ s: Int, _ e: Int) {
        let cell = values[slot]
        switch states[slot] {
        case CellState.real:
            cell[rows] = number.real.bitPattern
        case CellState.integer:
            if number.kind == .integer {
                cell[rows] = UInt64(bitPattern: number.integer)
                if number.integer == 0 && number.real.sign == .minus { negativeZeros[slot].append(rows) }
            } else if forced[slot] == CellState.integer {
                failure = .badCell(offset: offset, column: field + 1, expected: .int64, found: Array(UnsafeBufferPointer(start: q + s, count: e - s)))
            } else {
                // Promote the column: earlier integers become doubles, in place.
                for r in 0..<rows { cell[r] = Double(Int64(bitPattern: cell[r])).bitPattern }
                for r in negativeZeros[slot] { cell[r] = (-0.0 as Double).bitPattern }
                negativeZeros[slot] = []
                states[slot] = CellState.real
                cell[rows] = number.real.bitPattern
            }
        case CellState.undetermined:
            if number.kind == .integer {
                states[slot] = CellState.integer
                cell[rows] = UInt64(bitPattern: number.integer)
                if number.integer == 0 && number.real.sign == .minus { negativeZeros[slot].append(rows) }
            } else {
                states[slot] = CellState.real
                cell[rows] = number.real.bitPattern
            }
        case CellState.bool:
            if forced[slot] == CellState.bool {
                if number.kind == .integer && (number.integer == 0 || number.integer == 1) {
                    cell[rows] = UInt64(number.integer)
                } else {
                    failure = .badCell(offset: offset, column: field + 1, expected: .bool, found: Array(UnsafeBufferPointer(start: q + s, count: e - s)))
                }
            } else {
                postpone(slot: slot)
            }
        case CellState.string:
            intern(slot: slot, offset: offset, q, s, e)
        default:
            break
        }
    }

    @inline(__always)
    mutating func intern(slot: Int, offset: Int, _ q: UnsafePointer<UInt8>, _ s: Int, _ e: Int) {
        let code = interners[slot]!.intern(q, s, e, offset: offset)
        values[slot][rows] = UInt64(bitPattern: Int64(code))
    }

    /// The general path: missing markers, then whatever the column's state allows.
    mutating func classify(slot: Int, field: Int, offset: Int, _ q: UnsafePointer<UInt8>, _ s: Int, _ e: Int) {
        if markers.contains(q, s, e) { markMissing(slot: slot); return }
        let state = states[slot]
        if state == CellState.string { intern(slot: slot, offset: offset, q, s, e); return }
        if state == CellState.pending { return }
        if state == CellState.datetime {
            let micros = hasFormats ? (formats[slot].map { $0.parse(q, s, e) } ?? DateParsing.iso(q, s, e)) : DateParsing.iso(q, s, e)
            if let micros {
                values[slot][rows] = UInt64(bitPattern: micros)
            } else if forced[slot] == CellState.datetime {
                failure = .badCell(offset: offset, column: field + 1, expected: .datetime, found: Array(UnsafeBufferPointer(start: q + s, count: e - s)))
            } else {
                postpone(slot: slot)
            }
            return
        }
        let forcedState = forced[slot]
        if forcedState != CellState.undetermined {
            switch forcedState {
            case CellState.integer:
                if let value = CSVNumberParser.integer(q, s, e) {
                    values[slot][rows] = UInt64(bitPattern: value)
                    return
                }
            case CellState.real:
                if let number = CSVNumberParser.number(q, s, e) {
                    values[slot][rows] = number.real.bitPattern
                    return
                }
            default:
                if let value = CSVNumberParser.bool(q, s, e) {
                    values[slot][rows] = value ? 1 : 0
                    return
                }
                if let value = CSVNumberParser.integer(q, s, e), value == 0 || value == 1 {
                    values[slot][rows] = UInt64(value)
                    return
                }
            }
            let expected: ColumnType = forcedState == CellState.integer ? .int64 : forcedState == CellState.real ? .float64 : .bool
            failure = .badCell(offset: offset, column: field + 1, expected: expected, found: Array(UnsafeBufferPointer(start: q + s, count: e - s)))
            return
        }
        // An integer too large for Int64 is text: its digits are kept rather than rounded
        // to the nearest double (`types: float64` reads it as a number).
        if let number = CSVNumberParser.number(q, s, e), number.kind != .bigInteger {
            store(number, slot: slot, field: field, offset: offset, q, s, e)
            return
        }
        if let value = CSVNumberParser.bool(q, s, e) {
            if state == CellState.undetermined || state == CellState.bool {
                states[slot] = CellState.bool
                values[slot][rows] = value ? 1 : 0
            } else {
                postpone(slot: slot)
            }
            return
        }
        if state == CellState.undetermined, let micros = DateParsing.iso(q, s, e) {
            states[slot] = CellState.datetime
            values[slot][rows] = UInt64(bitPattern: micros)
            return
        }
        if state == CellState.undetermined {
            states[slot] = CellState.string
            interners[slot] = StringInterner()
            intern(slot: slot, offset: offset, q, s, e)
        } else {
            postpone(slot: slot)
        }
    }
}

/// A byte-string dictionary: each distinct byte string gets the next code, in
/// first-appearance order. Open addressing with linear probing on a power-of-two table
/// whose slots pack the code (low 32 bits) with 32 bits of the hash, so most probes never
/// touch the entries.
struct StringInterner {
    private var arena: [UInt8] = [0]
    private var starts: [Int] = []
    private var lengths: [Int32] = []
    private var hashes: [UInt64] = []
    /// File offset of each entry's first appearance (for error positions).
    private(set) var firstOffsets: [Int] = []
    private var table = [UInt64](repeating: StringInterner.empty, count: 64)

    private static let empty = UInt64.max

    var count: Int { starts.count }

    mutating func intern(_ q: UnsafePointer<UInt8>, _ s: Int, _ e: Int, offset: Int) -> Int32 {
        let length = e - s
        let hash = StringInterner.hash(q + s, length)
        let tag = hash >> 32
        let mask = table.count - 1
        var index = Int(truncatingIfNeeded: hash) & mask
        while true {
            let slot = table[index]
            if slot == StringInterner.empty { break }
            if slot >> 32 == tag {
                let c = Int(slot & 0xFFFF_FFFF)
                if Int(lengths[c]) == length
                    && arena.withUnsafeBufferPointer({ memcmp($0.baseAddress! + starts[c], q + s, length) == 0 }) {
                    return Int32(c)
                }
            }
            index = (index + 1) & mask
        }
        let code = starts.count
        starts.append(arena.count)
        lengths.append(Int32(length))
        hashes.append(hash)
        firstOffsets.append(offset)
        for k in s..<e { arena.append(q[k]) }
        table[index] = tag << 32 | UInt64(code)
        if starts.count * 2 > table.count { grow() }
        return Int32(code)
    }

    /// Calls `body` with the bytes of entry `code`.
    @inline(__always)
    func withBytes<R>(of code: Int, _ body: (UnsafePointer<UInt8>, Int) throws -> R) rethrows -> R {
        try arena.withUnsafeBufferPointer { try body($0.baseAddress! + starts[code], Int(lengths[code])) }
    }

    private mutating func grow() {
        var bigger = [UInt64](repeating: StringInterner.empty, count: table.count * 2)
        let mask = bigger.count - 1
        for code in 0..<starts.count {
            let hash = hashes[code]
            var index = Int(truncatingIfNeeded: hash) & mask
            while bigger[index] != StringInterner.empty { index = (index + 1) & mask }
            bigger[index] = (hash >> 32) << 32 | UInt64(code)
        }
        table = bigger
    }

    static func hash(_ q: UnsafePointer<UInt8>, _ length: Int) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(length)
        var i = 0
        while i + 8 <= length {
            h = (h ^ UnsafeRawPointer(q + i).loadUnaligned(as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 32
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < length {
            tail |= UInt64(q[i]) << shift
            shift += 8
            i += 1
        }
        h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        return h ^ (h >> 29)
    }
}

/// True if `p[0..<count]` is well-formed UTF-8 (no overlong forms, surrogates or code
/// points past U+10FFFF). ASCII runs are checked eight bytes at a time.
func isValidUTF8(_ p: UnsafePointer<UInt8>, _ count: Int) -> Bool {
    var i = 0
    while i < count {
        if i + 8 <= count && UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
            i += 8
            continue
        }
        let b = p[i]
        if b < 0x80 { i += 1; continue }
        @inline(__always) func continuation(_ k: Int) -> Bool { k < count && p[k] & 0xC0 == 0x80 }
        if b >= 0xC2 && b <= 0xDF {
            guard continuation(i + 1) else { return false }
            i += 2
        } else if b >= 0xE0 && b <= 0xEF {
            guard continuation(i + 1), continuation(i + 2) else { return false }
            let b1 = p[i + 1]
            if b == 0xE0 && b1 < 0xA0 { return false }  // overlong
            if b == 0xED && b1 >= 0xA0 { return false }  // surrogate
            i += 3
        } else if b >= 0xF0 && b <= 0xF4 {
            guard continuation(i + 1), continuation(i + 2), continuation(i + 3) else { return false }
            let b1 = p[i + 1]
            if b == 0xF0 && b1 < 0x90 { return false }  // overlong
            if b == 0xF4 && b1 >= 0x90 { return false }  // past U+10FFFF
            i += 4
        } else {
            return false
        }
    }
    return true
}
