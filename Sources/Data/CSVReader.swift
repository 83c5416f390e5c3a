import LatheCore
import Numeric
#if canImport(Glibc)
import Glibc
#endif

/// How to read a CSV file.
public struct CSVOptions: Sendable {
    /// The field separator (one ASCII byte).
    public var delimiter: UInt8
    /// Whether the first non-blank record names the columns. Without a header the columns
    /// are named `column1`, `column2`, ….
    public var hasHeader: Bool
    /// Column types to use instead of inferring them; a cell that does not fit is an error.
    public var types: [String: ColumnType]
    /// The columns to keep, in this order; nil keeps every column in file order.
    public var columns: [String]?
    /// Cells (after unquoting) that mean "missing".
    public var missingMarkers: Set<String>
    /// `utf-8` (the default) or `latin-1`.
    public var encoding: String
    /// Per column, the strftime-style format its dates are written in; such a column is
    /// read as datetime (other datetime columns, forced or inferred, are ISO 8601).
    public var dateFormats: [String: DateFormat] = [:]
    /// Polled while reading a stream that may never end (a device or pipe); true stops
    /// the read with `DataError.interrupted`. The Runtime wires it to Ctrl-C.
    public var shouldStop: @Sendable () -> Bool = { false }

    /// pandas' default `na_values` (pandas 2.x, `pandas._libs.parsers.STR_NA_VALUES`),
    /// exactly: case-sensitive, so `none` or `Null` stay text.
    public static let defaultMissingMarkers: Set<String> = [
        "", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN",
        "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null",
    ]

    public init(
        delimiter: UInt8 = UInt8(ascii: ","), hasHeader: Bool = true, types: [String: ColumnType] = [:],
        columns: [String]? = nil, missingMarkers: Set<String> = CSVOptions.defaultMissingMarkers,
        encoding: String = "utf-8"
    ) {
        self.delimiter = delimiter
        self.hasHeader = hasHeader
        self.types = types
        self.columns = columns
        self.missingMarkers = missingMarkers
        self.encoding = encoding
    }
}

/// Reads RFC 4180 CSV into a `Frame`.
///
/// - Quoted fields may hold delimiters, `""` escapes and line breaks; records end in LF,
///   CRLF or a bare CR (old Mac files; as pandas and Python's csv module); a UTF-8
///   byte-order mark is skipped; blank lines and lines of only spaces and tabs are skipped.
/// - Missing: the cells in `CSVOptions.missingMarkers`, by default pandas' `na_values`.
/// - An integer too large for Int64 keeps its digits: its column is read as string
///   (pandas makes it an object column of Python ints); `types: float64` rounds it instead.
/// - An empty or blank file is a frame with no columns; `columns:` or `types:` naming a
///   column of it is an unknown-column error.
/// - Types are inferred per column: int64 if every present cell is an integer that fits,
///   else float64 if every present cell is a number, else bool if every present cell is
///   `true`/`false` (any case), else datetime if every present cell is an ISO 8601 date
///   or date-time (`DateParsing.iso`), else string (stored categorical). A column with no
///   present cell is float64 (all NaN). `CSVOptions.types` overrides inference.
/// - Error positions: 1-based physical line (line breaks inside quotes count) and 1-based
///   field index within the record.
///
/// Speed: the file is memory-mapped, split at record boundaries (quote-aware) into chunks
/// fixed by its size, and the chunks are parsed concurrently straight into typed column
/// buffers; numeric cells never become Strings. Pages already parsed are handed back to
/// the kernel as the parse moves on, so peak memory stays near the size of the frame.
/// - Complexity: O(file size); a column whose type is only settled as string after other
///   kinds of cells were seen is read a second time.
public enum CSVReader {
    public static func read(path: String, options: CSVOptions = CSVOptions()) throws -> Frame {
        let file = try MappedFile(path: path, shouldStop: options.shouldStop)
        defer { file.unmap() }
        return try read(bytes: file.bytes, mapping: file, path: path, options: options)
    }

    /// Reads CSV held in memory; `path` is only used in error messages.
    public static func read(data: [UInt8], path: String = "<data>", options: CSVOptions = CSVOptions()) throws -> Frame {
        try data.withUnsafeBufferPointer { try read(bytes: $0, mapping: nil, path: path, options: options) }
    }

    /// The column names (the header record, or `column1`… without a header) without reading the rows.
    /// Whether `path` names a regular file (not a device, pipe or folder), found without
    /// opening it: opening a FIFO blocks until a writer appears.
    public static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }

    public static func header(path: String, options: CSVOptions = CSVOptions()) throws -> [String] {
        let file = try MappedFile(path: path, shouldStop: options.shouldStop)
        defer { file.unmap() }
        let latin1 = try isLatin1(options.encoding)
        if latin1 {
            // The header sits at the start: convert a prefix, or everything if it is longer.
            let prefix = UnsafeBufferPointer(rebasing: file.bytes.prefix(1 << 20))
            for part in [prefix, file.bytes] {
                let converted = latin1ToUTF8(part)
                if let names = try? converted.withUnsafeBufferPointer({ try readHeader($0, path: path, options: options)?.names }),
                   part.count == file.bytes.count || converted.contains(0x0A) {
                    return names
                }
            }
            let converted = latin1ToUTF8(file.bytes)
            return try converted.withUnsafeBufferPointer { try readHeader($0, path: path, options: options)?.names ?? [] }
        }
        return try readHeader(file.bytes, path: path, options: options)?.names ?? []
    }

    // MARK: - Driver

    static func isLatin1(_ encoding: String) throws -> Bool {
        switch String(encoding.lowercased().map { $0 == "_" ? "-" : $0 }) {
        case "utf-8", "utf8": return false
        case "latin-1", "latin1", "iso-8859-1", "iso8859-1": return true
        default:
            throw DataError.invalidArgument("unsupported encoding '\(encoding)': use \"utf-8\" or \"latin-1\"")
        }
    }

    /// `chunks` forces the number of concurrent chunks (tests use it on small inputs).
    static func read(bytes: UnsafeBufferPointer<UInt8>, mapping: MappedFile?, path: String, options: CSVOptions, chunks: Int? = nil) throws -> Frame {
        let d = options.delimiter
        if d == UInt8(ascii: "\"") || d == 0x0A || d == 0x0D || d >= 0x80 {
            throw DataError.invalidArgument("the delimiter must be one ASCII character other than a quote or a line break")
        }
        if try isLatin1(options.encoding) {
            let converted = latin1ToUTF8(bytes)
            return try converted.withUnsafeBufferPointer { try parse($0, mapping: nil, path: path, options: options, chunks: chunks) }
        }
        return try parse(bytes, mapping: mapping, path: path, options: options, chunks: chunks)
    }

    /// In-memory read with a forced chunk count, for testing the chunk boundaries.
    static func read(data: [UInt8], path: String, options: CSVOptions, chunks: Int) throws -> Frame {
        try data.withUnsafeBufferPointer { try read(bytes: $0, mapping: nil, path: path, options: options, chunks: chunks) }
    }

    /// Latin-1 bytes re-encoded as UTF-8 (each byte is the code point of the same number).
    static func latin1ToUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(bytes.count + bytes.count / 8)
        for b in bytes {
            if b < 0x80 {
                out.append(b)
            } else {
                out.append(0xC0 | (b >> 6))
                out.append(0x80 | (b & 0x3F))
            }
        }
        return out
    }

    struct Header {
        var names: [String]
        /// Offset of the first data record (or of the first record when there is no header).
        var dataStart: Int
    }

    static func readHeader(_ bytes: UnsafeBufferPointer<UInt8>, path: String, options: CSVOptions) throws -> Header? {
        guard let p = bytes.baseAddress, bytes.count > 0 else { return nil }
        let n = bytes.count
        var pos = 0
        if n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF { pos = 3 }
        let record: RawRecord
        do {
            guard let r = try RawRecord.read(p, from: pos, end: n, delimiter: options.delimiter) else { return nil }
            record = r
        } catch let failure as ParseFailure {
            throw failure.error(path: path, p: p, names: [])
        }
        guard options.hasHeader else {
            return Header(names: (0..<record.fields.count).map { "column\($0 + 1)" }, dataStart: record.start)
        }
        var names = [String]()
        var seen = Set<String>()
        for (index, field) in record.fields.enumerated() {
            guard var name = (field.withUnsafeBufferPointer { isValidUTF8($0.baseAddress ?? UnsafePointer(bitPattern: 1)!, $0.count) })
                ? String(decoding: field, as: UTF8.self) : nil else {
                throw ParseFailure.invalidUTF8(offset: record.start, column: index + 1).error(path: path, p: p, names: [])
            }
            if name.isEmpty { name = "Unnamed: \(index)" }
            if seen.contains(name) {
                var k = 1
                while seen.contains("\(name).\(k)") { k += 1 }
                name = "\(name).\(k)"
            }
            seen.insert(name)
            names.append(name)
        }
        return Header(names: names, dataStart: record.next)
    }

    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, mapping: MappedFile?, path: String, options: CSVOptions, chunks: Int? = nil) throws -> Frame {
        guard let header = try readHeader(bytes, path: path, options: options), let p = bytes.baseAddress else {
            // No header: the file is empty or blank, so any column asked for is unknown.
            if let name = options.columns?.first ?? options.types.keys.sorted().first ?? options.dateFormats.keys.sorted().first {
                throw DataError.unknownColumn(name: name, available: [])
            }
            return Frame()
        }
        let names = header.names
        let n = bytes.count

        // Which fields to keep, and in which slot.
        var keptFields = [Int]()
        if let subset = options.columns {
            var seen = Set<String>()
            for name in subset {
                guard let field = names.firstIndex(of: name) else {
                    throw DataError.unknownColumn(name: name, available: names)
                }
                guard seen.insert(name).inserted else {
                    throw DataError.invalidArgument("column '\(name)' is listed twice in columns:")
                }
                keptFields.append(field)
            }
        } else {
            keptFields = Array(names.indices)
        }
        for name in options.types.keys.sorted() where !names.contains(name) {
            throw DataError.unknownColumn(name: name, available: names)
        }
        for name in options.dateFormats.keys.sorted() where !names.contains(name) {
            throw DataError.unknownColumn(name: name, available: names)
        }
        let forced = keptFields.map { options.dateFormats[names[$0]] != nil ? .datetime : options.types[names[$0]] }
        let layout = Layout(fieldCount: names.count, keptFields: keptFields, forced: forced,
                            formats: keptFields.map { options.dateFormats[names[$0]] })
        let markers = MarkerSet(options.missingMarkers)
        let environment = ParseEnvironment(
            p: p, bufferEnd: n, delimiter: options.delimiter, markers: markers, mapping: mapping)

        // Parse the chunks concurrently. Boundaries are first guessed at line breaks. Chunk i
        // is parsed from a true record start (chunk 0 from the data start; the others once
        // the chunk before ended exactly on their boundary), so its first fault is real; a
        // chunk that runs past its boundary means the guess fell inside a quoted field: try
        // quote-aware boundaries, then one serial pass.
        var results = [ChunkResult]()
        for attempt in 0..<3 {
            let ranges = attempt == 2 ? [header.dataStart..<n]
                : chunkRanges(p, from: header.dataStart, to: n, count: chunks, quoteAware: attempt == 1)
            if attempt == 1 && ranges.count == 1 { continue }
            results = runChunks(ranges, layout: layout, environment: environment)
            var aligned = true
            for (index, result) in results.enumerated() {
                if let failure = result.failure { throw failure.error(path: path, p: p, names: names) }
                if result.stoppedAt != ranges[index].upperBound { aligned = false; break }
            }
            if aligned { break }
        }

        // Build the columns (concurrently, one column per task); collect those that need a
        // second, string-only pass.
        let slotCount = keptFields.count
        let outcomes = UnsafeMutableBufferPointer<Result<Column?, any Error>>.allocate(capacity: slotCount)
        outcomes.initialize(repeating: .success(nil))
        // Deinitialize before freeing: the slots hold the built columns (and errors).
        defer { outcomes.deinitialize(); outcomes.deallocate() }
        let finished = results
        Parallelism.forEach(slotCount) { slot in
            let field = keptFields[slot]
            outcomes[slot] = Result { try buildColumn(name: names[field], slot: slot, field: field, forced: forced[slot], finished) }
            for result in finished { result.release(slot: slot) }
        }
        // Several columns may hold a fault: report the first in the file (by line, then
        // column), never the first column's, so that how the file was chunked (which decides
        // which columns need the second pass) cannot change the error.
        var columns = [Column?](repeating: nil, count: slotCount)
        var rescanSlots = [Int]()
        var fault: ParseFailure?
        func note(_ failure: ParseFailure) {
            if let current = fault, current.position(in: p) <= failure.position(in: p) { return }
            fault = failure
        }
        for slot in 0..<slotCount {
            switch outcomes[slot] {
            case .success(let column?): columns[slot] = column
            case .success(nil): rescanSlots.append(slot)
            case .failure(let failure as ParseFailure): note(failure)
            case .failure(let error): throw error
            }
        }
        if !rescanSlots.isEmpty {
            let rescanLayout = Layout(
                fieldCount: names.count, keptFields: rescanSlots.map { keptFields[$0] },
                forced: rescanSlots.map { _ in .string })
            let rescan = runChunks([header.dataStart..<n], layout: rescanLayout, environment: environment)
            defer { for result in rescan { result.deallocate() } }
            if let failure = rescan[0].failure {
                note(failure)
            } else {
                for (newSlot, slot) in rescanSlots.enumerated() {
                    let field = keptFields[slot]
                    do {
                        columns[slot] = try buildColumn(name: names[field], slot: newSlot, field: field, forced: .string, rescan)
                    } catch let failure as ParseFailure {
                        note(failure)
                    }
                }
            }
        }
        if let fault { throw fault.error(path: path, p: p, names: names) }
        let built = columns.compactMap { $0 }
        guard built.count == slotCount else {
            throw DataError.unreadable(path: path, reason: "a column could not be built (please report this file)")
        }
        return try Frame(columns: built)
    }

    // MARK: - Chunking

    /// Splits `start..<end` into up to 32 ranges of at least 1 MB (the count depends on the
    /// length only, never on the cores), each starting just after a line break. The first guess ignores quotes; with `quoteAware`
    /// a boundary is a line break where the count of quote characters since the data start
    /// is even. Either guess is checked by the parser (each chunk must end exactly on the
    /// next boundary); a stray quote inside an unquoted field can fool the count.
    static func chunkRanges(_ p: UnsafePointer<UInt8>, from start: Int, to end: Int, count forced: Int? = nil, quoteAware: Bool = false) -> [Range<Int>] {
        let length = end - start
        // Many chunks (of at least 1 MB) keep every worker busy when one is slowed by other
        // work; small files are read in one piece. Results never depend on the split (the
        // tests read with forced chunk counts).
        let minimumChunk = 1 << 20
        let count = forced.map { max(1, min($0, length)) } ?? min(32, max(1, length / minimumChunk))
        guard count > 1 else { return [start..<end] }
        var bounds = [start]
        var cursor = start
        var parity = 0
        for i in 1..<count {
            let target = start + length / count * i
            if target <= cursor { continue }
            var k = target
            if quoteAware {
                parity ^= countByte(UInt8(ascii: "\""), p, cursor, target) & 1
                while k < end {
                    let c = p[k]
                    if c == UInt8(ascii: "\"") { parity ^= 1 } else if c == 0x0A && parity == 0 { break }
                    k += 1
                }
            } else if let hit = memchr(p + target, 0x0A, end - target) {
                k = p.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            } else {
                k = end
            }
            if k >= end - 1 { break }
            cursor = k + 1
            bounds.append(cursor)
        }
        bounds.append(end)
        return (0..<(bounds.count - 1)).map { bounds[$0]..<bounds[$0 + 1] }
    }

    static func runChunks(_ ranges: [Range<Int>], layout: Layout, environment: ParseEnvironment) -> [ChunkResult] {
        if ranges.count == 1 {
            var parser = ChunkParser(environment: environment, layout: layout, range: ranges[0])
            parser.run()
            return [parser.finish()]
        }
        let slots = UnsafeMutableBufferPointer<ChunkResult?>.allocate(capacity: ranges.count)
        slots.initialize(repeating: nil)
        // Deinitialize before freeing: each slot holds a reference to its ChunkResult, whose
        // deinit frees the chunk's cell buffers.
        defer { slots.deinitialize(); slots.deallocate() }
        Parallelism.forEach(ranges.count) { index in
            var parser = ChunkParser(environment: environment, layout: layout, range: ranges[index])
            parser.run()
            slots[index] = parser.finish()
        }
        return slots.map { $0! }
    }

    /// How many line breaks (LF, CRLF or a bare CR) come before `offset` (on error paths).
    static func lineBreaks(_ p: UnsafePointer<UInt8>, before offset: Int) -> Int {
        var breaks = countByte(0x0A, p, 0, offset)
        if countByte(0x0D, p, 0, offset) > 0 {
            for i in 0..<offset where p[i] == 0x0D && (i + 1 == offset || p[i + 1] != 0x0A) { breaks += 1 }
        }
        return breaks
    }

    /// How many bytes in `p[from..<to]` equal `byte` (eight bytes at a time).
    static func countByte(_ byte: UInt8, _ p: UnsafePointer<UInt8>, _ from: Int, _ to: Int) -> Int {
        let pattern = UInt64(byte) &* 0x0101_0101_0101_0101
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        var count = 0
        var i = from
        while i + 8 <= to {
            let x = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self) ^ pattern
            // High bit of each byte set iff that byte is non-zero (no carries between bytes).
            let nonZero = ((x & low7) &+ low7) | x
            count += (~nonZero & 0x8080_8080_8080_8080).nonzeroBitCount
            i += 8
        }
        while i < to {
            if p[i] == byte { count += 1 }
            i += 1
        }
        return count
    }

    // MARK: - Columns from chunk results

    /// The column for `slot`, or nil when the column must be re-read as strings.
    static func buildColumn(name: String, slot: Int, field: Int, forced: ColumnType?, _ results: [ChunkResult]) throws -> Column? {
        let total = results.reduce(0) { $0 + $1.rows }
        var seen = Set<UInt8>()
        for result in results {
            if result.rescan[slot] { return nil }
            let state = result.states[slot]
            if state != CellState.undetermined { seen.insert(state) }
        }
        let type: ColumnType
        if let forced {
            type = forced
        } else if seen.isEmpty {
            // No value at all: float64 (all NaN), or string for a header with no rows (as pandas).
            type = total == 0 ? .string : .float64
        } else if seen == [CellState.integer] {
            type = .int64
        } else if seen.isSubset(of: [CellState.integer, CellState.real]) {
            type = .float64
        } else if seen == [CellState.bool] {
            type = .bool
        } else if seen == [CellState.string] {
            type = .string
        } else if seen == [CellState.datetime] {
            type = .datetime
        } else {
            return nil
        }

        switch type {
        case .float64:
            let values = [Double](unsafeUninitializedCapacity: total) { buffer, initialized in
                var base = 0
                for result in results {
                    let v = result.values[slot]
                    let state = result.states[slot]
                    for i in 0..<result.rows {
                        buffer[base + i] = state == CellState.integer ? Double(Int64(bitPattern: v[i]))
                            : state == CellState.real ? Double(bitPattern: v[i]) : .nan
                    }
                    if state == CellState.integer {
                        for row in result.negativeZeros[slot] { buffer[base + row] = -0.0 }
                    }
                    for row in result.missing[slot] { buffer[base + row] = .nan }
                    base += result.rows
                }
                initialized = total
            }
            return Column(name: name, storage: .float64(values))
        case .int64, .bool, .datetime:
            var anyMissing = false
            let values = [Int64](unsafeUninitializedCapacity: total) { buffer, initialized in
                var base = 0
                for result in results {
                    let v = result.values[slot]
                    for i in 0..<result.rows { buffer[base + i] = Int64(bitPattern: v[i]) }
                    if !result.missing[slot].isEmpty { anyMissing = true }
                    base += result.rows
                }
                initialized = total
            }
            var valid: [Bool]?
            if anyMissing {
                var mask = [Bool](repeating: true, count: total)
                var base = 0
                for result in results {
                    for row in result.missing[slot] { mask[base + row] = false }
                    base += result.rows
                }
                valid = mask
            }
            if type == .bool {
                return Column(name: name, storage: .bool(values.map { $0 != 0 }, valid: valid))
            }
            if type == .datetime {
                return Column(name: name, storage: .datetime(values, valid: valid))
            }
            return Column(name: name, storage: .int64(values, valid: valid))
        case .string:
            // The first chunk's dictionary is the start of the global one (its codes stay);
            // later chunks' entries are looked up or appended in their own order.
            var global = StringInterner()
            var mappings = [[Int32]?]()
            for (index, result) in results.enumerated() {
                guard let local = result.interners[slot] else { mappings.append([]); continue }
                if index == 0 {
                    global = local
                    mappings.append(nil)
                    continue
                }
                var mapping = [Int32]()
                mapping.reserveCapacity(local.count)
                for code in 0..<local.count {
                    mapping.append(local.withBytes(of: code) { global.intern($0, 0, $1, offset: local.firstOffsets[code]) })
                }
                mappings.append(mapping)
            }
            var categories = [String]()
            categories.reserveCapacity(global.count)
            for code in 0..<global.count {
                guard let text = global.withBytes(of: code, { bytes, count -> String? in
                    isValidUTF8(bytes, count) ? String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self) : nil
                }) else {
                    throw ParseFailure.invalidUTF8(offset: global.firstOffsets[code], column: field + 1)
                }
                categories.append(text)
            }
            let codes = [Int32](unsafeUninitializedCapacity: total) { buffer, initialized in
                var base = 0
                for (index, result) in results.enumerated() {
                    let v = result.values[slot]
                    let isString = result.states[slot] == CellState.string
                    if isString, let mapping = mappings[index] {
                        for i in 0..<result.rows {
                            let local = Int32(truncatingIfNeeded: Int64(bitPattern: v[i]))
                            buffer[base + i] = local >= 0 ? mapping[Int(local)] : -1
                        }
                    } else {
                        for i in 0..<result.rows {
                            buffer[base + i] = isString ? Int32(truncatingIfNeeded: Int64(bitPattern: v[i])) : -1
                        }
                    }
                    for row in result.missing[slot] { buffer[base + row] = -1 }
                    base += result.rows
                }
                initialized = total
            }
            return Column(name: name, storage: .categorical(codes: codes, categories: categories))
        }
    }
}

// MARK: - Parser pieces

/// Per-chunk inference state of a column.
enum CellState {
    static let undetermined: UInt8 = 0
    static let integer: UInt8 = 1
    static let real: UInt8 = 2
    static let bool: UInt8 = 3
    static let string: UInt8 = 4
    /// Settled as string after other kinds of cells: skipped now, re-read as strings later.
    static let pending: UInt8 = 5
    /// ISO 8601 dates (or a column's `format:`), as microseconds since the epoch.
    static let datetime: UInt8 = 6

    static func of(_ type: ColumnType) -> UInt8 {
        switch type {
        case .int64: return integer
        case .float64: return real
        case .bool: return bool
        case .string: return string
        case .datetime: return datetime
        }
    }
}

/// Which fields become which columns.
final class Layout: @unchecked Sendable {
    let fieldCount: Int
    let slotCount: Int
    /// Field index → slot, or -1 to skip the field.
    let plan: UnsafeMutablePointer<Int32>
    /// Slot → field index.
    let fields: [Int]
    /// Slot → forced cell state, or `undetermined` to infer.
    let forced: UnsafeMutablePointer<UInt8>
    /// Slot → the date format of a datetime column read with `format:`, or nil (ISO 8601).
    let formats: [DateFormat?]

    init(fieldCount: Int, keptFields: [Int], forced: [ColumnType?], formats: [DateFormat?] = []) {
        self.formats = formats.isEmpty ? [DateFormat?](repeating: nil, count: keptFields.count) : formats
        self.fieldCount = fieldCount
        self.slotCount = keptFields.count
        self.fields = keptFields
        plan = .allocate(capacity: max(1, fieldCount))
        plan.initialize(repeating: -1, count: max(1, fieldCount))
        for (slot, field) in keptFields.enumerated() { plan[field] = Int32(slot) }
        self.forced = .allocate(capacity: max(1, keptFields.count))
        self.forced.initialize(repeating: CellState.undetermined, count: max(1, keptFields.count))
        for (slot, type) in forced.enumerated() {
            if let type { self.forced[slot] = CellState.of(type) }
        }
    }

    deinit {
        plan.deallocate()
        forced.deallocate()
    }
}

/// The missing-value markers as bytes.
struct MarkerSet: @unchecked Sendable {
    let markers: [[UInt8]]
    let emptyIsMissing: Bool
    let maxLength: Int
    /// Some marker is taken by the numeric fast path (e.g. "-999"), so it must check too.
    let hasNumericMarker: Bool
    /// Bit b of word b >> 6 is set when some marker starts with byte b: most cells are
    /// rejected on their first byte.
    let firstBytes: (UInt64, UInt64, UInt64, UInt64)

    init(_ set: Set<String>) {
        markers = set.filter { !$0.isEmpty }.map { Array($0.utf8) }.sorted { $0.lexicographicallyPrecedes($1) }
        emptyIsMissing = set.contains("")
        maxLength = markers.map(\.count).max() ?? 0
        hasNumericMarker = markers.contains { m in
            m.withUnsafeBufferPointer {
                let scan = CSVNumberParser.scan($0.baseAddress!, 0, m.count)
                return (scan.kind == .integer || scan.kind == .real) && scan.stop == m.count
            }
        }
        var words: [UInt64] = [0, 0, 0, 0]
        for m in markers { words[Int(m[0] >> 6)] |= 1 << UInt64(m[0] & 63) }
        firstBytes = (words[0], words[1], words[2], words[3])
    }

    @inline(__always)
    func contains(_ q: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        let length = e - s
        if length == 0 { return emptyIsMissing }
        if length > maxLength { return false }
        let first = q[s]
        let word: UInt64
        switch first >> 6 {
        case 0: word = firstBytes.0
        case 1: word = firstBytes.1
        case 2: word = firstBytes.2
        default: word = firstBytes.3
        }
        if word & (1 << UInt64(first & 63)) == 0 { return false }
        for marker in markers where marker.count == length {
            if marker.withUnsafeBufferPointer({ memcmp($0.baseAddress!, q + s, length) == 0 }) { return true }
        }
        return false
    }
}

/// Where the parse reads from.
struct ParseEnvironment: @unchecked Sendable {
    let p: UnsafePointer<UInt8>
    let bufferEnd: Int
    let delimiter: UInt8
    let markers: MarkerSet
    let mapping: MappedFile?
}

/// A fault found while parsing, by byte offset; turned into a `DataError` once, at the end.
enum ParseFailure: Error {
    case ragged(offset: Int, column: Int, expected: Int, found: Int)
    case unterminatedQuote(offset: Int, column: Int)
    case afterQuote(offset: Int, column: Int, found: UInt8)
    case badCell(offset: Int, column: Int, expected: ColumnType, found: [UInt8])
    case invalidUTF8(offset: Int, column: Int)

    /// Where the fault is, as (line, column): the order in which faults are reported.
    func position(in p: UnsafePointer<UInt8>) -> (Int, Int) {
        switch self {
        case .ragged(let offset, let column, _, _), .unterminatedQuote(let offset, let column),
             .afterQuote(let offset, let column, _), .badCell(let offset, let column, _, _),
             .invalidUTF8(let offset, let column):
            return (CSVReader.lineBreaks(p, before: offset), column)
        }
    }

    func error(path: String, p: UnsafePointer<UInt8>, names: [String]) -> DataError {
        func line(_ offset: Int) -> Int { 1 + CSVReader.lineBreaks(p, before: offset) }
        switch self {
        case .ragged(let offset, let column, let expected, let found):
            return .malformedCSV(path: path, line: line(offset), column: column,
                                 reason: .wrongFieldCount(expected: expected, found: found))
        case .unterminatedQuote(let offset, let column):
            return .malformedCSV(path: path, line: line(offset), column: column, reason: .unterminatedQuote)
        case .afterQuote(let offset, let column, let found):
            let shown = found >= 0x20 && found < 0x7F ? String(UnicodeScalar(found)) : String(format: found)
            return .malformedCSV(path: path, line: line(offset), column: column, reason: .characterAfterQuote(shown))
        case .badCell(let offset, let column, let expected, let found):
            let name = column - 1 < names.count ? names[column - 1] : "column\(column)"
            return .badTypedCell(path: path, line: line(offset), column: column, columnName: name,
                                 expected: expected.rawValue, found: String(decoding: found, as: UTF8.self))
        case .invalidUTF8(let offset, let column):
            return .malformedCSV(path: path, line: line(offset), column: column, reason: .invalidUTF8)
        }
    }
}

private extension String {
    init(format byte: UInt8) {
        let digits = Array("0123456789abcdef")
        self = "\\x" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 15)])
    }
}

/// One record read the slow, general way (for the header).
struct RawRecord {
    var fields: [[UInt8]]
    var start: Int
    var next: Int

    /// Where to go on from `pos` if a blank line starts there (LF, CRLF or a bare CR, or only
    /// spaces and tabs before one, as pandas skips them); nil when a record starts there. The
    /// header reader and the chunk parser both skip lines through this.
    @inline(__always)
    static func blankLineEnd(_ p: UnsafePointer<UInt8>, at pos: Int, end: Int, delimiter: UInt8) -> Int? {
        let c = p[pos]
        if c == 0x0A || c == 0x0D { return pos + 1 }
        guard (c == 0x20 || c == 0x09) && c != delimiter else { return nil }
        var k = pos + 1
        while k < end && (p[k] == 0x20 || p[k] == 0x09) && p[k] != delimiter { k += 1 }
        return k >= end || p[k] == 0x0A || p[k] == 0x0D ? k : nil
    }

    /// The first record at or after `from`, skipping blank lines; nil at end of input.
    static func read(_ p: UnsafePointer<UInt8>, from: Int, end: Int, delimiter: UInt8) throws -> RawRecord? {
        var pos = from
        while pos < end {
            if let next = RawRecord.blankLineEnd(p, at: pos, end: end, delimiter: delimiter) { pos = next; continue }
            break
        }
        guard pos < end else { return nil }
        let start = pos
        var fields = [[UInt8]]()
        var field = [UInt8]()
        while true {
            if pos < end && p[pos] == UInt8(ascii: "\"") {
                let open = pos
                pos += 1
                while true {
                    guard pos < end else { throw ParseFailure.unterminatedQuote(offset: open, column: fields.count + 1) }
                    if p[pos] == UInt8(ascii: "\"") {
                        if pos + 1 < end && p[pos + 1] == UInt8(ascii: "\"") { field.append(p[pos]); pos += 2; continue }
                        pos += 1
                        break
                    }
                    field.append(p[pos])
                    pos += 1
                }
                if pos < end && p[pos] != delimiter && p[pos] != 0x0A && p[pos] != 0x0D {
                    throw ParseFailure.afterQuote(offset: open, column: fields.count + 1, found: p[pos])
                }
            } else {
                while pos < end && p[pos] != delimiter && p[pos] != 0x0A && p[pos] != 0x0D { field.append(p[pos]); pos += 1 }
            }
            fields.append(field)
            field.removeAll(keepingCapacity: true)
            if pos >= end { break }
            if p[pos] == delimiter { pos += 1; if pos == end { fields.append([]); break }; continue }
            if p[pos] == 0x0D { pos += 1 }
            if pos < end && p[pos] == 0x0A { pos += 1 }
            break
        }
        return RawRecord(fields: fields, start: start, next: pos)
    }
}

/// A read-only private memory mapping of a whole file (or, for a pipe, its bytes read
/// into memory).
final class MappedFile: @unchecked Sendable {
    let bytes: UnsafeBufferPointer<UInt8>
    private let base: UnsafeMutableRawPointer?
    /// The bytes of a file that could not be mapped (a pipe), read into memory.
    private var owned: UnsafeMutableBufferPointer<UInt8>?
    private let length: Int
    private let pageSize: Int

    /// The most a device or pipe may hold; regular files are mapped and have no such limit.
    static let streamLimit = 2 << 30

    init(path: String, shouldStop: () -> Bool) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            let code = errno
            if code == ENOENT { throw DataError.fileNotFound(path: path) }
            throw DataError.unreadable(path: path, reason: String(cString: strerror(code)))
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw DataError.unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            throw DataError.unreadable(path: path, reason: "it is a directory")
        }
        pageSize = max(4096, Int(sysconf(Int32(_SC_PAGESIZE))))
        if (info.st_mode & S_IFMT) != S_IFREG {
            // A pipe or device (e.g. /dev/stdin): read it all into memory instead.
            var data = [UInt8]()
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let got = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if got < 0 {
                    if errno == EINTR { continue }
                    throw DataError.unreadable(path: path, reason: String(cString: strerror(errno)))
                }
                if got == 0 { break }
                data.append(contentsOf: chunk[0..<got])
                if shouldStop() { throw DataError.interrupted(path: path) }
                // A device such as /dev/zero never ends: stop before memory runs out.
                if data.count > MappedFile.streamLimit {
                    throw DataError.unreadable(
                        path: path, reason: "it is a stream longer than \(MappedFile.streamLimit >> 30) GiB; save it to a regular file first")
                }
            }
            let owned = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(1, data.count))
            _ = owned.initialize(from: data)
            self.owned = owned
            base = nil
            length = data.count
            bytes = UnsafeBufferPointer(start: owned.baseAddress, count: data.count)
            return
        }
        length = Int(info.st_size)
        if length == 0 {
            base = nil
            bytes = UnsafeBufferPointer(start: nil, count: 0)
            return
        }
        guard let mapped = mmap(nil, length, PROT_READ, MAP_PRIVATE, fd, 0), mapped != MAP_FAILED else {
            throw DataError.unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        _ = madvise(mapped, length, MADV_SEQUENTIAL)
        base = mapped
        bytes = UnsafeBufferPointer(start: mapped.assumingMemoryBound(to: UInt8.self), count: length)
    }

    /// Drops the pages wholly inside `from..<to` from this process (they are re-read from
    /// the file if touched again), keeping resident memory near the size of the frame.
    func release(from: Int, to: Int) {
        guard let base else { return }
        let start = (from + pageSize - 1) / pageSize * pageSize
        let end = min(to, length) / pageSize * pageSize
        if end > start { _ = madvise(base + start, end - start, MADV_DONTNEED) }
    }

    func unmap() {
        if let base { munmap(base, length) }
        owned?.deallocate()
        owned = nil
    }
}
