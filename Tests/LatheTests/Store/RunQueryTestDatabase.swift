import SQLite
import Store

/// An in-memory database for the run-query tests: the queries run against real SQLite.
final class RunQueryTestDatabase {
    private let database: Database

    init() throws {
        database = try Database(path: ":memory:", mode: .create)
    }

    func execute(_ sql: String) throws {
        try database.execute(sql)
    }

    /// The first column of every row of a compiled statement.
    func runIDs(_ statement: CompiledRunQuery) throws -> [Int64] {
        var ids: [Int64] = []
        try database.query(statement.sql, statement.bindings) { ids.append($0.int64(0)) }
        return ids
    }
}
