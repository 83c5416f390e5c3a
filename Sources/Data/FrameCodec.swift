import Foundation

/// A frame as bytes and back, exactly: every double by its bits, missing values, category
/// order. Used for the reference samples the store keeps with registered models.
///
/// Layout: the magic `LATHEFRAME1\n`, a little-endian UInt32 header length, a JSON header
/// (`rows`, and per column `name`, `type`, `categories`, `validity`), then each column's
/// values as raw little-endian buffers in column order (float64, int64 and datetime
/// microseconds: 8 bytes a row;
/// bool: 1; categorical codes: 4), each followed by one validity byte a row when it has one.
public enum FrameCodec {
    static let magic = Array("LATHEFRAME1\n".utf8)

    struct Header: Codable {
        struct ColumnHeader: Codable {
            var name: String
            var type: String
            var categories: [String]?
            var validity: Bool
        }
        var rows: Int
        var columns: [ColumnHeader]
    }

    public static func encode(_ frame: Frame) -> [UInt8] {
        var header = Header(rows: frame.rowCount, columns: [])
        var body: [UInt8] = []
        func append<T>(_ values: [T]) { values.withUnsafeBytes { body.append(contentsOf: $0) } }
        func appendValidity(_ valid: [Bool]?) { if let valid { body.append(contentsOf: valid.map { $0 ? 1 : 0 }) } }
        for column in frame.columns {
            switch column.storage {
            case .float64(let values):
                header.columns.append(.init(name: column.name, type: "float64", categories: nil, validity: false))
                append(values)
            case .int64(let values, let valid):
                header.columns.append(.init(name: column.name, type: "int64", categories: nil, validity: valid != nil))
                append(values)
                appendValidity(valid)
            case .datetime(let values, let valid):
                header.columns.append(.init(name: column.name, type: "datetime", categories: nil, validity: valid != nil))
                append(values)
                appendValidity(valid)
            case .bool(let values, let valid):
                header.columns.append(.init(name: column.name, type: "bool", categories: nil, validity: valid != nil))
                body.append(contentsOf: values.map { $0 ? 1 : 0 })
                appendValidity(valid)
            case .categorical(let codes, let categories):
                header.columns.append(.init(name: column.name, type: "string", categories: categories, validity: false))
                append(codes)
            }
        }
        // Sorted keys: the same frame must give the same bytes (artifacts are named by hash).
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = [UInt8]((try? encoder.encode(header)) ?? Data())
        var out = magic
        var length = UInt32(json.count).littleEndian
        withUnsafeBytes(of: &length) { out.append(contentsOf: $0) }
        return out + json + body
    }

    /// The frame in `bytes`; `DataError.invalidArgument` naming what is wrong otherwise.
    public static func decode(_ bytes: [UInt8]) throws -> Frame {
        func damaged(_ what: String) -> DataError { .invalidArgument("a stored frame is damaged: \(what)") }
        guard bytes.count >= magic.count + 4, Array(bytes[0..<magic.count]) == magic else { throw damaged("no frame header") }
        var offset = magic.count
        let length = Int(UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24)
        offset += 4
        guard length <= bytes.count - offset,
              let header = try? JSONDecoder().decode(Header.self, from: Data(bytes[offset..<offset + length])),
              header.rows >= 0 else { throw damaged("unreadable header") }
        offset += length
        let rows = header.rows
        func take(_ count: Int) throws -> ArraySlice<UInt8> {
            guard count >= 0, count <= bytes.count - offset else { throw damaged("it is cut short") }
            defer { offset += count }
            return bytes[offset..<offset + count]
        }
        func values<T>(_ type: T.Type, zero: T) throws -> [T] {
            let slice = try take(rows * MemoryLayout<T>.stride)
            var out = [T](repeating: zero, count: rows)
            out.withUnsafeMutableBytes { target in slice.withUnsafeBytes { target.copyMemory(from: $0) } }
            return out
        }
        func validity(_ present: Bool) throws -> [Bool]? {
            present ? try take(rows).map { $0 != 0 } : nil
        }
        var columns: [Column] = []
        for column in header.columns {
            let storage: ColumnStorage
            switch column.type {
            case "float64": storage = .float64(try values(Double.self, zero: 0))
            case "int64":
                let ints = try values(Int64.self, zero: 0)
                storage = .int64(ints, valid: try validity(column.validity))
            case "datetime":
                let micros = try values(Int64.self, zero: 0)
                storage = .datetime(micros, valid: try validity(column.validity))
            case "bool":
                let flags = try take(rows).map { $0 != 0 }
                storage = .bool(flags, valid: try validity(column.validity))
            case "string":
                let codes = try values(Int32.self, zero: 0)
                let categories = column.categories ?? []
                guard codes.allSatisfy({ $0 >= -1 && Int($0) < categories.count }) else { throw damaged("a category code is out of range") }
                storage = .categorical(codes: codes, categories: categories)
            default:
                throw damaged("unknown column type '\(column.type)'")
            }
            columns.append(Column(name: column.name, storage: storage))
        }
        guard offset == bytes.count else { throw damaged("it has trailing bytes") }
        return try Frame(columns: columns)
    }
}
