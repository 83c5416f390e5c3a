import CSQLite
import Foundation
import Testing
@testable import Data

@Suite struct SQLiteSourceTests {
    /// A temporary database built with the C API.
    func makeDatabase(_ statements: [String]) throws -> String {
        let path = DataTestFiles.temporaryPath("t.db")
        var handle: OpaquePointer?
        #expect(sqlite3_open(path, &handle) == SQLITE_OK)
        defer { sqlite3_close(handle) }
        for sql in statements {
            var message: UnsafeMutablePointer<CChar>?
            let status = sqlite3_exec(handle, sql, nil, nil, &message)
            if status != SQLITE_OK {
                Issue.record("setup failed: \(message.map { String(cString: $0) } ?? "?")")
                sqlite3_free(message)
            }
        }
        return path
    }

    @Test func readsTypedColumns() throws {
        let path = try makeDatabase([
            "create table people (id integer, score real, name text, active boolean, note, mixed)",
            "insert into people values (1, 1.5, 'ann', 1, null, 1)",
            "insert into people values (2, null, 'bob', 0, null, 2.5)",
            "insert into people values (3, 3, null, null, null, 'x')",
        ])
        let frame = try SQLiteSource.read(path: path, query: "select * from people order by id")
        #expect(frame.columnNames == ["id", "score", "name", "active", "note", "mixed"])
        #expect(try frame.column(named: "id").storage == .int64([1, 2, 3], valid: nil))
        #expect(try frame.column(named: "score").storage == .float64([1.5, .nan, 3]))
        #expect(frame.texts("name") == ["ann", "bob", nil])
        #expect(try frame.column(named: "active").storage == .bool([true, false, false], valid: [true, true, false]))
        #expect(try frame.column(named: "note").type == .float64)
        #expect(frame.texts("mixed") == ["1", "2.5", "x"])

        let derived = try SQLiteSource.read(path: path, query: "select count(*) as n, avg(score) as mean from people")
        #expect(try derived.column(named: "n").storage == .int64([3], valid: nil))
        #expect(try derived.column(named: "mean").storage == .float64([2.25]))
    }

    @Test func emptyResultKeepsDeclaredTypes() throws {
        let path = try makeDatabase(["create table t (a integer, b text)"])
        let frame = try SQLiteSource.read(path: path, query: "select a, b from t")
        #expect(frame.shape == (0, 2) as (Int, Int))
        #expect(frame.columns.map(\.type) == [.int64, .string])
    }

    @Test func errorsNameTheFileAndTheProblem() throws {
        let path = try makeDatabase(["create table t (a integer)"])
        #expect(throws: DataError.sqlite(path: path, message: "no such table: nope")) {
            try SQLiteSource.read(path: path, query: "select * from nope")
        }
        do {
            _ = try SQLiteSource.read(path: path, query: "selec 1")
            Issue.record("expected an error")
        } catch let error as DataError {
            #expect(error.description.hasPrefix("sqlite error in '\(path)': near \"selec\""))
        }
        #expect(throws: DataError.fileNotFound(path: "/nonexistent/x.db")) {
            try SQLiteSource.read(path: "/nonexistent/x.db", query: "select 1")
        }
        // Read-only: a write through the query fails.
        #expect(throws: DataError.self) { try SQLiteSource.read(path: path, query: "insert into t values (1) returning a") }
    }
}
