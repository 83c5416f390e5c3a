import CSQLite
#if canImport(Glibc)
import Glibc
#endif

/// A failure reported by SQLite: the extended result code, SQLite's message, and the
/// operating-system error behind an I/O failure. Callers (the Data library's SQL source,
/// the Store) turn it into their own typed errors with a hint; it never reaches the user raw.
public struct SQLiteError: Error, CustomStringConvertible, Sendable {
    /// The extended result code (`SQLITE_BUSY`, `SQLITE_IOERR_WRITE`, …).
    public let code: Int32
    public let message: String
    /// `errno` of the failed system call when SQLite saw one, else 0.
    public let systemErrno: Int32

    public init(code: Int32, message: String, systemErrno: Int32 = 0) {
        self.code = code
        self.message = message
        self.systemErrno = systemErrno
    }

    init(database: OpaquePointer?, code: Int32) {
        let text = database.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
            ?? String(cString: sqlite3_errstr(code))
        self.init(code: code, message: text, systemErrno: database.map { sqlite3_system_errno($0) } ?? 0)
    }

    /// The primary result code (the low byte of the extended code).
    public var primaryCode: Int32 { code & 0xFF }
    /// Another connection held a lock past the busy timeout.
    public var isBusy: Bool { primaryCode == SQLITE_BUSY || primaryCode == SQLITE_LOCKED }
    /// The disk, or the process's file-size limit, is full.
    public var isFull: Bool {
        if primaryCode == SQLITE_FULL { return true }
        guard primaryCode == SQLITE_IOERR else { return false }
        return systemErrno == ENOSPC || systemErrno == EFBIG || code == (SQLITE_IOERR | (3 << 8))  // SQLITE_IOERR_WRITE
    }
    /// The file is not a database, or its pages are damaged.
    public var isCorrupt: Bool { primaryCode == SQLITE_CORRUPT || primaryCode == SQLITE_NOTADB }
    /// The database, or its folder, cannot be written.
    public var isReadOnly: Bool { primaryCode == SQLITE_READONLY || (primaryCode == SQLITE_CANTOPEN && (systemErrno == EACCES || systemErrno == EROFS)) }
    /// The file could not be opened at all.
    public var isCannotOpen: Bool { primaryCode == SQLITE_CANTOPEN }
    /// A constraint (unique key, foreign key, check) was violated.
    public var isConstraint: Bool { primaryCode == SQLITE_CONSTRAINT }

    public var description: String { message }
}
