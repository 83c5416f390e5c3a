import CSQLite

/// A prepared statement. Bind values with `bind`, then `step` through rows and read columns
/// by index. A statement belongs to its `Database` and is used from one thread at a time.
public final class Statement {
    let handle: OpaquePointer
    unowned let database: Database

    init(handle: OpaquePointer, database: Database) {
        self.handle = handle
        self.database = database
    }

    deinit { sqlite3_finalize(handle) }

    /// Resets the statement and binds `values` to its parameters, in order.
    public func bind(_ values: [SQLiteValue]) throws {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let result: Int32
            switch value {
            case .null: result = sqlite3_bind_null(handle, index)
            case .integer(let v): result = sqlite3_bind_int64(handle, index, v)
            case .real(let v): result = sqlite3_bind_double(handle, index, v)
            case .text(let v): result = sqlite3_bind_text(handle, index, v, -1, Database.transient)
            case .blob(let v):
                result = v.withUnsafeBytes { sqlite3_bind_blob(handle, index, $0.baseAddress, Int32($0.count), Database.transient) }
            }
            guard result == SQLITE_OK else { throw SQLiteError(database: database.handle, code: result) }
        }
    }

    /// Advances to the next row: true when a row is ready to read, false when done.
    @discardableResult
    public func step() throws -> Bool {
        let result = sqlite3_step(handle)
        if result == SQLITE_ROW { return true }
        if result == SQLITE_DONE { return false }
        let error = SQLiteError(database: database.handle, code: sqlite3_extended_errcode(database.handle))
        sqlite3_reset(handle)
        throw error
    }

    public var columnCount: Int { Int(sqlite3_column_count(handle)) }
    public func columnName(_ index: Int) -> String {
        sqlite3_column_name(handle, Int32(index)).map { String(cString: $0) } ?? "column\(index + 1)"
    }
    /// The column's declared type in its table, upper-cased; empty for an expression.
    public func declaredType(_ index: Int) -> String {
        sqlite3_column_decltype(handle, Int32(index)).map { String(cString: $0).uppercased() } ?? ""
    }
    public func isNull(_ index: Int) -> Bool { sqlite3_column_type(handle, Int32(index)) == SQLITE_NULL }
    public func int64(_ index: Int) -> Int64 { sqlite3_column_int64(handle, Int32(index)) }
    public func int(_ index: Int) -> Int { Int(sqlite3_column_int64(handle, Int32(index))) }
    public func double(_ index: Int) -> Double { sqlite3_column_double(handle, Int32(index)) }
    public func text(_ index: Int) -> String {
        let count = Int(sqlite3_column_bytes(handle, Int32(index)))
        guard let bytes = sqlite3_column_text(handle, Int32(index)) else { return "" }
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }
    public func optionalText(_ index: Int) -> String? { isNull(index) ? nil : text(index) }
    public func optionalDouble(_ index: Int) -> Double? { isNull(index) ? nil : double(index) }
    public func optionalInt(_ index: Int) -> Int? { isNull(index) ? nil : int(index) }
    public func blob(_ index: Int) -> [UInt8] {
        let count = Int(sqlite3_column_bytes(handle, Int32(index)))
        guard count > 0, let bytes = sqlite3_column_blob(handle, Int32(index)) else { return [] }
        return Array(UnsafeRawBufferPointer(start: bytes, count: count))
    }
    /// The column in its storage class.
    public func value(_ index: Int) -> SQLiteValue {
        switch sqlite3_column_type(handle, Int32(index)) {
        case SQLITE_NULL: return .null
        case SQLITE_INTEGER: return .integer(int64(index))
        case SQLITE_FLOAT: return .real(double(index))
        case SQLITE_BLOB: return .blob(blob(index))
        default: return .text(text(index))
        }
    }
}
