import LatheCore
import Foundation
import SQLite

/// A workspace's store: `lathe.db` (the system SQLite in WAL mode, foreign keys on, a busy
/// timeout, schema migrations) plus the content-addressed artifact folder. Every logical
/// operation — register, alias, one batch of metrics — is one transaction; when one fails it
/// is rolled back and the failure becomes a `StoreError`.
///
/// Runs, the registry and session state are extensions in their own files
/// (`RunTracker.swift`, `ModelRegistry.swift`, `SessionState.swift`).
public final class Store {
    public let workspace: Workspace
    let database: Database
    let artifacts: ArtifactStore
    /// Milliseconds a writer waits for another's lock before `StoreError.locked`.
    public let busyTimeoutMilliseconds: Int

    /// Opens the workspace's store. With `create`, a missing `.lathe` and database are made;
    /// without it a missing database is `StoreError.noWorkspace`.
    public init(workspace: Workspace, create: Bool = true,
                environment: [String: String] = ProcessEnvironment.variables) throws {
        self.workspace = workspace
        self.busyTimeoutMilliseconds = environment["LATHE_BUSY_TIMEOUT"].flatMap { Int($0) }.map { max(0, min($0, 600_000)) } ?? 5000
        if !workspace.exists {
            guard create else { throw StoreError.noWorkspace(start: FileManager.default.currentDirectoryPath) }
            try workspace.createFolders()
        }
        let path = workspace.databasePath
        do {
            database = try Database(path: path, mode: create ? .create : .readWrite,
                                    busyTimeoutMilliseconds: Int32(busyTimeoutMilliseconds))
        } catch let error as SQLiteError {
            throw Store.translate(error, path: path, timeout: busyTimeoutMilliseconds)
        }
        artifacts = ArtifactStore(folder: workspace.artifactsPath)
        try migrate()
    }

    /// Applies the missing migrations in one transaction, after setting the connection's pragmas.
    private func migrate() throws {
        try guarded {
            // WAL lets readers go on while one process writes; NORMAL sync is durable at each
            // checkpoint and never corrupts (SQLite's recommendation for WAL).
            try database.execute("PRAGMA foreign_keys = ON")
            let mode = try database.first("PRAGMA journal_mode = WAL") { $0.text(0) } ?? ""
            if mode.lowercased() != "wal" {
                throw SQLiteError(code: 8, message: "cannot switch the journal to WAL (\(mode))")  // SQLITE_READONLY
            }
            try database.execute("PRAGMA synchronous = NORMAL")
            let found = try database.first("PRAGMA user_version") { $0.int(0) } ?? 0
            if found > StoreSchema.version {
                throw StoreError.newerSchema(path: workspace.databasePath, found: found, known: StoreSchema.version)
            }
            if found == StoreSchema.version { return }
            try database.transaction {
                // Another process may have migrated between our read and our lock.
                let current = try database.first("PRAGMA user_version") { $0.int(0) } ?? 0
                guard current < StoreSchema.version else { return }
                for migration in StoreSchema.migrations[current...] { try database.execute(migration) }
                try database.execute("PRAGMA user_version = \(StoreSchema.version)")
            }
        }
    }

    /// The newest schema version this binary knows.
    public static var knownSchemaVersion: Int { StoreSchema.version }

    /// The schema version the database is at.
    public var schemaVersion: Int {
        (try? database.first("PRAGMA user_version") { $0.int(0) }) ?? 0
    }

    /// SQLite's full consistency check: "ok", or the problems it lists.
    public func integrityCheck() throws -> String {
        try guarded {
            var lines: [String] = []
            try database.query("PRAGMA integrity_check") { lines.append($0.text(0)) }
            return lines.joined(separator: "\n")
        }
    }

    /// Runs `body` as one write transaction, mapping every failure to a `StoreError`.
    func write<T>(_ body: () throws -> T) throws -> T {
        try guarded { try database.transaction(write: true, body) }
    }

    /// Runs `body` as one read transaction (a consistent snapshot).
    func read<T>(_ body: () throws -> T) throws -> T {
        try guarded { try database.transaction(write: false, body) }
    }

    func guarded<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as SQLiteError {
            throw Store.translate(error, path: workspace.databasePath, timeout: busyTimeoutMilliseconds)
        }
    }

    static func translate(_ error: SQLiteError, path: String, timeout: Int) -> StoreError {
        if error.isBusy { return .locked(path: path, milliseconds: timeout) }
        if error.isFull { return .diskFull(path: path) }
        if error.isCorrupt { return .corrupt(path: path, detail: error.message) }
        if error.isReadOnly { return .readOnly(path: path) }
        return .failed(path: path, detail: error.message)
    }

    /// The lowercase hex sha256 of `bytes`, as artifacts are named.
    public static func sha256(_ bytes: [UInt8]) -> String { ArtifactStore.hash(bytes) }

    /// Seconds since 1970, as every timestamp in the store.
    static func now() -> Double { Date().timeIntervalSince1970 }

    /// The operating-system user, recorded with alias moves and registrations.
    static var currentUser: String {
        let environment = ProcessEnvironment.variables
        if let user = environment["USER"], !user.isEmpty { return user }
        if let entry = getpwuid(getuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return "uid \(getuid())"
    }
}
