import CSQLite

/// One connection to an SQLite database: the one small wrapper over the system SQLite that
/// the Data library's SQL source and the Store share. It prepares and caches statements,
/// runs transactions, and reports failures as `SQLiteError`.
public final class Database {
    /// How to open the file.
    public enum Mode: Sendable {
        case readOnly
        case readWrite
        /// Read and write, creating the file if missing.
        case create
    }

    public let path: String
    let handle: OpaquePointer
    private var cache: [String: Statement] = [:]

    /// SQLITE_TRANSIENT: SQLite copies bound text and blobs before the call returns.
    static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    public init(path: String, mode: Mode, busyTimeoutMilliseconds: Int32 = 5000) throws {
        var flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        switch mode {
        case .readOnly: flags |= SQLITE_OPEN_READONLY
        case .readWrite: flags |= SQLITE_OPEN_READWRITE
        case .create: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        }
        var opened: OpaquePointer?
        let result = sqlite3_open_v2(path, &opened, flags, nil)
        guard result == SQLITE_OK, let opened else {
            let error = SQLiteError(database: opened, code: result)
            sqlite3_close_v2(opened)
            throw error
        }
        self.path = path
        self.handle = opened
        sqlite3_extended_result_codes(opened, 1)
        sqlite3_busy_timeout(opened, busyTimeoutMilliseconds)
    }

    deinit {
        cache.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Runs one or more statements that take no parameters (schema, pragmas).
    public func execute(_ sql: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        let result = sqlite3_exec(handle, sql, nil, nil, &message)
        if let message { sqlite3_free(message) }
        guard result == SQLITE_OK else { throw SQLiteError(database: handle, code: sqlite3_extended_errcode(handle)) }
    }

    /// A new prepared statement for `sql` (one statement).
    public func prepare(_ sql: String) throws -> Statement {
        var statement: OpaquePointer?
        let result = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
        guard result == SQLITE_OK, let statement else { throw SQLiteError(database: handle, code: sqlite3_extended_errcode(handle)) }
        return Statement(handle: statement, database: self)
    }

    /// The cached prepared statement for `sql`, with `bindings` bound: for statements a
    /// caller runs many times (one metric step after another).
    public func statement(_ sql: String, _ bindings: [SQLiteValue] = []) throws -> Statement {
        let statement: Statement
        if let cached = cache[sql] {
            statement = cached
        } else {
            statement = try prepare(sql)
            cache[sql] = statement
        }
        try statement.bind(bindings)
        return statement
    }

    /// Runs one statement to completion.
    public func run(_ sql: String, _ bindings: [SQLiteValue] = []) throws {
        let statement = try statement(sql, bindings)
        while try statement.step() {}
        sqlite3_reset(statement.handle)
    }

    /// Calls `row` for each result row of `sql`.
    public func query(_ sql: String, _ bindings: [SQLiteValue] = [], row: (Statement) throws -> Void) throws {
        let statement = try statement(sql, bindings)
        defer { sqlite3_reset(statement.handle) }
        while try statement.step() { try row(statement) }
    }

    /// The first row of `sql` mapped by `read`, or nil when there is none.
    public func first<T>(_ sql: String, _ bindings: [SQLiteValue] = [], _ read: (Statement) throws -> T) throws -> T? {
        let statement = try statement(sql, bindings)
        defer { sqlite3_reset(statement.handle) }
        return try statement.step() ? read(statement) : nil
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    /// Writers start with BEGIN IMMEDIATE so that two writers queue on the busy timeout
    /// instead of failing with a deadlock when a read lock is upgraded.
    public func transaction<T>(write: Bool = true, _ body: () throws -> T) throws -> T {
        try execute(write ? "BEGIN IMMEDIATE" : "BEGIN")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }
    /// Rows changed by the last INSERT, UPDATE or DELETE.
    public var changes: Int { Int(sqlite3_changes(handle)) }
    /// The SQLite library's version, e.g. "3.40.1".
    public static var libraryVersion: String { String(cString: sqlite3_libversion()) }
}
