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
    /// A 64-bit content hash (hex) of the training frame: column names, types and every cell.
    public var dataFingerprint: String
    /// The columns each row fingerprint covers: the feature columns, in training order.
    public var fingerprintColumns: [String]
    /// One hash per distinct training row over `fingerprintColumns`.
    public var rowFingerprints: Set<UInt64>
    /// ISO 8601, UTC.
    public var trainedAt: String
    public var durationSeconds: Double
    /// The objective per iteration (empty for closed-form models).
    public var lossCurve: [Double]
    public var rowCount: Int

    public init(model: String, parameters: Parameters, preprocessors: [String], dataFingerprint: String,
                fingerprintColumns: [String], rowFingerprints: Set<UInt64>, trainedAt: String,
                durationSeconds: Double, lossCurve: [Double], rowCount: Int) {
        self.model = model
        self.parameters = parameters
        self.preprocessors = preprocessors
        self.dataFingerprint = dataFingerprint
        self.fingerprintColumns = fingerprintColumns
        self.rowFingerprints = rowFingerprints
        self.trainedAt = trainedAt
        self.durationSeconds = durationSeconds
        self.lossCurve = lossCurve
        self.rowCount = rowCount
    }

    enum CodingKeys: String, CodingKey {
        case model, parameters, preprocessors, dataFingerprint, fingerprintColumns, rowFingerprints
        case trainedAt, durationSeconds, lossCurve, rowCount
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
        var hashes = Set<UInt64>(minimumCapacity: bytes.count / 8)
        bytes.withUnsafeBytes { raw in
            for k in stride(from: 0, to: raw.count, by: 8) {
                hashes.insert(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: k, as: UInt64.self)))
            }
        }
        rowFingerprints = hashes
        trainedAt = try c.decode(String.self, forKey: .trainedAt)
        durationSeconds = try c.decode(Double.self, forKey: .durationSeconds)
        lossCurve = try c.decode([UInt64].self, forKey: .lossCurve).map(Double.init(bitPattern:))
        rowCount = try c.decode(Int.self, forKey: .rowCount)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(model, forKey: .model)
        try c.encode(parameters.values.mapValues(StoredParameter.init), forKey: .parameters)
        try c.encode(preprocessors, forKey: .preprocessors)
        try c.encode(dataFingerprint, forKey: .dataFingerprint)
        try c.encode(fingerprintColumns, forKey: .fingerprintColumns)
        var bytes = Foundation.Data(capacity: rowFingerprints.count * 8)
        for hash in rowFingerprints.sorted() {
            withUnsafeBytes(of: hash.littleEndian) { bytes.append(contentsOf: $0) }
        }
        try c.encode(bytes.base64EncodedString(), forKey: .rowFingerprints)
        try c.encode(trainedAt, forKey: .trainedAt)
        try c.encode(durationSeconds, forKey: .durationSeconds)
        try c.encode(lossCurve.map(\.bitPattern), forKey: .lossCurve)
        try c.encode(rowCount, forKey: .rowCount)
    }
}

/// Content hashes of frames: per row over a set of columns (the leakage guard) and of a
/// whole frame (the data fingerprint). A cell hashes by value, not by storage: int64 3,
/// float64 3.0 and bool true/1 agree, −0 equals 0, every NaN and missing cell agree, and
/// text hashes its UTF-8 bytes (FNV-1a), whatever its category code. Not cryptographic.
public enum Fingerprint {
    /// One hash per row over `columns` (in that order). Throws `unknownColumn` if one is absent.
    /// - Complexity: O(rows × columns).
    public static func rows(_ frame: Frame, columns: [String]) throws -> [UInt64] {
        var hashes = [UInt64](repeating: 0x6C61_7468_6520_726F, count: frame.rowCount)  // "lathe ro"
        for name in columns {
            guard let index = frame.columnIndex(named: name) else {
                throw MLError.unknownColumn(name: name, available: frame.columnNames)
            }
            let cells = cellHashes(frame.columns[index])
            for i in hashes.indices { hashes[i] = mix(hashes[i] &* 0x100_0000_01B3 ^ cells[i]) }
        }
        return hashes
    }

    /// A hex content hash of the whole frame: names, types and every cell, row order included.
    public static func frame(_ frame: Frame) -> String {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for column in frame.columns {
            h = mix(h ^ text(column.name))
            h = mix(h ^ text(column.type.rawValue))
            for cell in cellHashes(column) { h = mix(h &* 0x100_0000_01B3 ^ cell) }
        }
        h = mix(h ^ UInt64(frame.rowCount))
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// FNV-1a over the UTF-8 bytes.
    static func text(_ s: String) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in s.utf8 { h = (h ^ UInt64(byte)) &* 0x100_0000_01B3 }
        return h
    }

    static let missingHash: UInt64 = 0x9E37_79B9_7F4A_7C15

    @inline(__always) static func number(_ x: Double) -> UInt64 {
        if x.isNaN { return missingHash }
        return mix((x == 0 ? 0 : x).bitPattern)
    }

    static func cellHashes(_ column: Column) -> [UInt64] {
        switch column.storage {
        case .categorical(let codes, let categories):
            let table = categories.map(text)
            return codes.map { $0 < 0 ? missingHash : table[Int($0)] }
        default:
            return (column.asDoubles() ?? []).map(number)
        }
    }

    /// The splitmix64 finalizer: every input bit affects every output bit.
    @inline(__always) static func mix(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
