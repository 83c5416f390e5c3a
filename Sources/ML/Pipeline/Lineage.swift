import Data
import Foundation
import Numeric

/// Where a fitted model came from: its spec, a content hash of the training data, one hash
/// per training row (the leakage guard in `evaluate`), when and how long it trained, and
/// the loss curve where the algorithm has one.
public struct Lineage: Codable, Sendable, Equatable {
    /// The model kind (`logistic`) and its full parameters, defaults filled in.
    public var model: String
    public var parameters: Parameters
    /// The user's preprocessing steps, in order.
    public var preprocessors: [String]
    /// A 64-bit content hash (hex) of the training frame: column names, types and every cell
    /// (`Fingerprint.frame(data, target:)`).
    public var dataFingerprint: String
    /// The columns each row fingerprint covers: the feature columns, in training order.
    public var fingerprintColumns: [String]
    /// One hash per distinct training row over `fingerprintColumns`, ascending.
    public private(set) var sortedRowFingerprints: [UInt64]
    /// The same hashes as a set, built on each call (O(rows)); `hasRow` looks one up in O(log rows).
    public var rowFingerprints: Set<UInt64> { Set(sortedRowFingerprints) }

    /// Whether a training row had this fingerprint (binary search).
    public func hasRow(_ fingerprint: UInt64) -> Bool {
        var low = 0, high = sortedRowFingerprints.count
        while low < high {
            let mid = (low + high) / 2
            if sortedRowFingerprints[mid] < fingerprint { low = mid + 1 } else { high = mid }
        }
        return low < sortedRowFingerprints.count && sortedRowFingerprints[low] == fingerprint
    }
    /// ISO 8601, UTC.
    public var trainedAt: String
    public var durationSeconds: Double
    /// The objective per iteration (empty for closed-form models).
    public var lossCurve: [Double]
    public var rowCount: Int
    /// Which rows of which frame the model was trained on, for the leakage guard's row
    /// identity; nil in files saved before it was recorded.
    public var origin: TrainingOrigin?

    public init(model: String, parameters: Parameters, preprocessors: [String], dataFingerprint: String,
                fingerprintColumns: [String], rowFingerprints: [UInt64], trainedAt: String,
                durationSeconds: Double, lossCurve: [Double], rowCount: Int, origin: TrainingOrigin? = nil) {
        self.origin = origin
        self.model = model
        self.parameters = parameters
        self.preprocessors = preprocessors
        self.dataFingerprint = dataFingerprint
        self.fingerprintColumns = fingerprintColumns
        self.sortedRowFingerprints = Fingerprint.isStrictlyAscending(rowFingerprints) ? rowFingerprints
                                                                                      : Fingerprint.sortedUnique(rowFingerprints)
        self.trainedAt = trainedAt
        self.durationSeconds = durationSeconds
        self.lossCurve = lossCurve
        self.rowCount = rowCount
    }

    enum CodingKeys: String, CodingKey {
        case model, parameters, preprocessors, dataFingerprint, fingerprintColumns, rowFingerprints
        case trainedAt, durationSeconds, lossCurve, rowCount, origin
    }

    // Row fingerprints as base64 of the sorted little-endian hashes (1M rows → 11 MB, not 20
    // MB of decimal text); the loss curve as bit patterns so infinities survive.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        model = try c.decode(String.self, forKey: .model)
        parameters = try Parameters(stored: try c.decode([String: StoredParameter].self, forKey: .parameters).mapValues(\.value))
        preprocessors = try c.decode([String].self, forKey: .preprocessors)
        dataFingerprint = try c.decode(String.self, forKey: .dataFingerprint)
        fingerprintColumns = try c.decode([String].self, forKey: .fingerprintColumns)
        let packed = try c.decode(String.self, forKey: .rowFingerprints)
        guard let bytes = Foundation.Data(base64Encoded: packed), bytes.count % 8 == 0 else {
            throw MLError.corruptModel("row fingerprints are not valid base64")
        }
        var hashes = [UInt64](repeating: 0, count: bytes.count / 8)
        bytes.withUnsafeBytes { raw in
            for k in hashes.indices {
                hashes[k] = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * k, as: UInt64.self))
            }
        }
        sortedRowFingerprints = Fingerprint.isStrictlyAscending(hashes) ? hashes : Fingerprint.sortedUnique(hashes)
        trainedAt = try c.decode(String.self, forKey: .trainedAt)
        durationSeconds = try c.decode(Double.self, forKey: .durationSeconds)
        lossCurve = try c.decode([UInt64].self, forKey: .lossCurve).map(Double.init(bitPattern:))
        rowCount = try c.decode(Int.self, forKey: .rowCount)
        origin = try c.decodeIfPresent(TrainingOrigin.self, forKey: .origin)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(model, forKey: .model)
        try c.encode(parameters.values.mapValues(StoredParameter.init), forKey: .parameters)
        try c.encode(preprocessors, forKey: .preprocessors)
        try c.encode(dataFingerprint, forKey: .dataFingerprint)
        try c.encode(fingerprintColumns, forKey: .fingerprintColumns)
        var bytes = Foundation.Data(count: sortedRowFingerprints.count * 8)
        bytes.withUnsafeMutableBytes { raw in
            for (k, hash) in sortedRowFingerprints.enumerated() {
                raw.storeBytes(of: hash.littleEndian, toByteOffset: 8 * k, as: UInt64.self)
            }
        }
        try c.encode(bytes.base64EncodedString(), forKey: .rowFingerprints)
        try c.encode(trainedAt, forKey: .trainedAt)
        try c.encode(durationSeconds, forKey: .durationSeconds)
        try c.encode(lossCurve.map(\.bitPattern), forKey: .lossCurve)
        try c.encode(rowCount, forKey: .rowCount)
        try c.encodeIfPresent(origin, forKey: .origin)
    }
}

/// The training rows by identity: the content hash of the frame they were drawn from (the
/// frame a `split` or `kfold` cut, or the training frame itself) and which of its rows they
/// are. `evaluate` compares rows drawn from the same frame by index, so an exact duplicate
/// row in the data is not mistaken for a trained row.
public struct TrainingOrigin: Codable, Sendable, Equatable {
    /// `Fingerprint.frame(source, target:)` of the frame the rows were drawn from.
    public var source: String
    /// Rows in that frame.
    public var sourceRows: Int
    /// Bit i set: row i of the source was trained on.
    private var bits: [UInt64]

    public init(source: String, sourceRows: Int, rows: [Int]) {
        self.source = source
        self.sourceRows = max(0, sourceRows)
        bits = [UInt64](repeating: 0, count: (self.sourceRows + 63) / 64)
        for row in rows where row >= 0 && row < self.sourceRows { bits[row >> 6] |= 1 << UInt64(row & 63) }
    }

    /// Whether row `row` of the source was trained on.
    public func contains(_ row: Int) -> Bool {
        row >= 0 && row < sourceRows && row >> 6 < bits.count && bits[row >> 6] & (1 << UInt64(row & 63)) != 0
    }

    /// The content hash by which frames are matched to a training origin.
    static func key(of frame: Frame, target: String?) -> String {
        Fingerprint.frame(frame, target: target)
    }

    /// The source frame and this frame's rows in it: the split's source for a split part,
    /// else the frame itself. The source's hash is computed once per source and target.
    static func identity(of frame: Frame, target: String?) -> (source: String, sourceRows: Int, rows: [Int]) {
        if let origin = frame.origin {
            let source = origin.source.memoized("fingerprint:" + (target.map { "t:" + $0 } ?? "none")) { key(of: $0, target: target) }
            return (source, origin.source.frame.rowCount, origin.rows)
        }
        return (key(of: frame, target: target), frame.rowCount, Array(0..<frame.rowCount))
    }

    enum CodingKeys: String, CodingKey { case source, sourceRows, rows }

    // The row set as base64 of a little-endian bitmap: 1M source rows → 167 KB of text.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        source = try c.decode(String.self, forKey: .source)
        sourceRows = try c.decode(Int.self, forKey: .sourceRows)
        guard sourceRows >= 0, let bytes = Foundation.Data(base64Encoded: try c.decode(String.self, forKey: .rows)),
              bytes.count == (sourceRows + 63) / 64 * 8 else {
            throw MLError.corruptModel("the training rows of the lineage do not match its row count")
        }
        var words = [UInt64](repeating: 0, count: bytes.count / 8)
        bytes.withUnsafeBytes { raw in
            for k in words.indices { words[k] = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * k, as: UInt64.self)) }
        }
        bits = words
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(source, forKey: .source)
        try c.encode(sourceRows, forKey: .sourceRows)
        var bytes = Foundation.Data(count: bits.count * 8)
        bytes.withUnsafeMutableBytes { raw in
            for (k, word) in bits.enumerated() { raw.storeBytes(of: word.littleEndian, toByteOffset: 8 * k, as: UInt64.self) }
        }
        try c.encode(bytes.base64EncodedString(), forKey: .rows)
    }
}

/// Content hashes of frames: per row over a set of columns (the leakage guard) and of a
/// whole frame (the data fingerprint). A cell hashes by value, not by storage: int64 3,
/// float64 3.0 and bool true/1 agree, −0 equals 0, every NaN and missing cell agree, and
/// text hashes its UTF-8 bytes (FNV-1a), whatever its category code. Not cryptographic.
public enum Fingerprint {
    static let rowSeed: UInt64 = 0x6C61_7468_6520_726F  // "lathe ro"
    static let prime: UInt64 = 0x100_0000_01B3

    /// One hash per row over `columns` (in that order), finished with a full 64-bit mix.
    /// Throws `unknownColumn` if one is absent.
    /// - Complexity: O(rows × columns), one pass per column.
    public static func rows(_ frame: Frame, columns: [String]) throws -> [UInt64] {
        var picked: [Column] = []
        for name in columns {
            guard let index = frame.columnIndex(named: name) else {
                throw MLError.unknownColumn(name: name, available: frame.columnNames)
            }
            picked.append(frame.columns[index])
        }
        let tables = picked.map { $0.categories?.map(text) }
        var hashes = [UInt64](repeating: rowSeed, count: frame.rowCount)
        // Blocks of rows, so the hashes being updated stay in cache across the columns.
        let block = 4096
        var start = 0
        while start < frame.rowCount {
            let end = min(start + block, frame.rowCount)
            for (column, table) in zip(picked, tables) { fold(column, into: &hashes, rows: start..<end, table: table) }
            for i in start..<end { hashes[i] = mix(hashes[i]) }
            start = end
        }
        return hashes
    }

    /// A hex content hash of the whole frame: names, types and every cell, row order
    /// included. The columns are taken in frame order with `target` (if given) moved last,
    /// as the lineage records it.
    public static func frame(_ frame: Frame, target: String? = nil) -> String {
        let features = frame.columnNames.filter { $0 != target }
        let hashes = (try? rows(frame, columns: features)) ?? []
        return Self.frame(frame, featureHashes: hashes, target: target)
    }

    /// `frame(_:target:)` from already computed row hashes over the features.
    static func frame(_ frame: Frame, featureHashes: [UInt64], target: String?) -> String {
        var hashes = featureHashes
        var ordered = frame.columns.filter { $0.name != target }
        if let target, let index = frame.columnIndex(named: target) {
            fold(frame.columns[index], into: &hashes)
            for i in hashes.indices { hashes[i] = mix(hashes[i]) }
            ordered.append(frame.columns[index])
        }
        return combine(hashes, columns: ordered)
    }

    /// The frame hash from row hashes over all of `columns`, in that order.
    static func combine(_ rowHashes: [UInt64], columns: [Column]) -> String {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for column in columns {
            h = mix(h ^ text(column.name))
            h = mix(h ^ text(column.type.rawValue))
        }
        // Four independent lanes, so the fold is not one long chain of dependent multiplies.
        var lanes: (UInt64, UInt64, UInt64, UInt64) = (h, h &+ 1, h &+ 2, h &+ 3)
        rowHashes.withUnsafeBufferPointer { r in
            var i = 0
            while i + 4 <= r.count {
                lanes.0 = mix(lanes.0 &* prime ^ r[i])
                lanes.1 = mix(lanes.1 &* prime ^ r[i + 1])
                lanes.2 = mix(lanes.2 &* prime ^ r[i + 2])
                lanes.3 = mix(lanes.3 &* prime ^ r[i + 3])
                i += 4
            }
            while i < r.count {
                lanes.0 = mix(lanes.0 &* prime ^ r[i])
                i += 1
            }
        }
        h = mix(lanes.0 ^ mix(lanes.1 ^ mix(lanes.2 ^ mix(lanes.3 ^ UInt64(rowHashes.count)))))
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// FNV-1a over the UTF-8 bytes.
    static func text(_ s: String) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in s.utf8 { h = (h ^ UInt64(byte)) &* prime }
        return h
    }

    static let missingBits: UInt64 = 0x7FF8_DEAD_BEEF_0001

    /// A number's canonical bits: −0 as 0, every NaN alike.
    @inline(__always) static func bits(_ x: Double) -> UInt64 {
        x.isNaN ? missingBits : (x == 0 ? 0 : x.bitPattern)
    }

    /// hashes[i] ← (rotl(hashes[i], 5) ⊕ cell i)·K, the FxHash step (one multiply per cell);
    /// callers finish each row with `mix`. A cell hashes by value (see the type's note).
    static func fold(_ column: Column, into hashes: inout [UInt64], rows: Range<Int>? = nil, table: [UInt64]? = nil) {
        let range = rows ?? 0..<hashes.count
        @inline(__always) func step(_ h: UInt64, _ cell: UInt64) -> UInt64 {
            ((h << 5 | h >> 59) ^ cell) &* 0x517C_C1B7_2722_0A95
        }
        hashes.withUnsafeMutableBufferPointer { h in
            switch column.storage {
            case .float64(let v):
                v.withUnsafeBufferPointer { v in
                    for i in range { h[i] = step(h[i], bits(v[i])) }
                }
            case .int64(let v, let valid), .datetime(let v, let valid):
                for i in range {
                    h[i] = step(h[i], (valid?[i] ?? true) ? bits(Double(v[i])) : missingBits)
                }
            case .bool(let v, let valid):
                for i in range {
                    h[i] = step(h[i], (valid?[i] ?? true) ? bits(v[i] ? 1 : 0) : missingBits)
                }
            case .categorical(let codes, let categories):
                // Hash the categories once; the loop only looks them up.
                let table = table ?? categories.map(text)
                for i in range {
                    h[i] = step(h[i], codes[i] < 0 ? missingBits : table[Int(codes[i])])
                }
            }
        }
    }

    static func isStrictlyAscending(_ values: [UInt64]) -> Bool {
        values.withUnsafeBufferPointer { v in
            for i in v.indices.dropFirst() where !(v[i - 1] < v[i]) { return false }
            return true
        }
    }

    /// The distinct values, ascending. Large inputs (hashes, so roughly uniform) are
    /// scattered into 2¹⁶ buckets by their top 16 bits in one pass, then each small bucket
    /// is sorted by insertion (a large one, from skewed input, by the standard sort). - Complexity: O(n) expected.
    static func sortedUnique(_ values: [UInt64]) -> [UInt64] {
        var a: [UInt64]
        if values.count < 50_000 {
            a = values.sorted()
        } else {
            let buckets = 1 << 16
            var starts = [Int](repeating: 0, count: buckets + 1)
            for v in values { starts[Int(v >> 48) + 1] += 1 }
            for b in 0..<buckets { starts[b + 1] += starts[b] }
            a = [UInt64](repeating: 0, count: values.count)
            var next = starts
            a.withUnsafeMutableBufferPointer { out in
                next.withUnsafeMutableBufferPointer { cursor in
                    for v in values {
                        let b = Int(v >> 48)
                        out[cursor[b]] = v
                        cursor[b] += 1
                    }
                }
                for b in 0..<buckets where starts[b + 1] - starts[b] > 1 {
                    if starts[b + 1] - starts[b] > 32 {
                        // Not uniform after all: a real sort for this bucket.
                        var bucket = UnsafeMutableBufferPointer(rebasing: out[starts[b]..<starts[b + 1]])
                        bucket.sort()
                        continue
                    }
                    for i in (starts[b] + 1)..<starts[b + 1] {
                        let v = out[i]
                        var j = i
                        while j > starts[b] && out[j - 1] > v {
                            out[j] = out[j - 1]
                            j -= 1
                        }
                        out[j] = v
                    }
                }
            }
        }
        var unique = 0
        for i in a.indices where i == 0 || a[i] != a[unique - 1] {
            a[unique] = a[i]
            unique += 1
        }
        a.removeLast(a.count - unique)
        return a
    }

    /// The splitmix64 finalizer: every input bit affects every output bit.
    @inline(__always) static func mix(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
