import SQLite
#if canImport(Glibc)
import Glibc
#endif

/// Reads the result of an SQL query into a `Frame`.
///
/// The database is opened read-only (never created) with a 5 s busy timeout, so a writer
/// holding a lock briefly does not fail the read. Column types follow the values SQLite
/// returns, with the declared type breaking ties:
/// - only INTEGER values (and NULLs): int64 — or bool if the declared type mentions
///   `BOOL` and every value is 0 or 1;
/// - INTEGER and REAL values: float64;
/// - any TEXT or BLOB value: string (numbers in that column become their text);
/// - only NULLs: from the declared type (INT → int64, CHAR/CLOB/TEXT → string,
///   BOOL → bool, else float64).
/// NULL is missing.
public enum SQLiteSource {
    public static let busyTimeoutMilliseconds: Int32 = 5000

    public static func read(path: String, query: String) throws -> Frame {
        guard access(path, F_OK) == 0 else { throw DataError.fileNotFound(path: path) }
        do {
            let database = try Database(path: path, mode: .readOnly, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
            let statement = try database.prepare(query)
            let columnCount = statement.columnCount
            guard columnCount > 0 else {
                throw DataError.sqlite(path: path, message: "the query returns no columns; use a select statement")
            }
            var builders = (0..<columnCount).map { index in
                Builder(name: statement.columnName(index), declared: statement.declaredType(index))
            }
            while try statement.step() {
                for index in 0..<columnCount { builders[index].append(statement.value(index)) }
            }
            return try frame(builders)
        } catch let error as SQLiteError {
            throw DataError.sqlite(path: path, message: error.message)
        }
    }

    private static func frame(_ builders: [Builder]) throws -> Frame {
        var names = Set<String>()
        var columns = [Column]()
        for builder in builders {
            var name = builder.name
            if names.contains(name) {
                var k = 1
                while names.contains("\(name).\(k)") { k += 1 }
                name = "\(name).\(k)"
            }
            names.insert(name)
            columns.append(builder.column(named: name))
        }
        return try Frame(columns: columns)
    }

    /// One result column's cells, kept in their SQLite storage class until the type is known.
    struct Builder {
        enum Cell {
            case null
            case integer(Int64)
            case real(Double)
            case text(String)
        }

        let name: String
        let declared: String
        var cells: [Cell] = []
        var sawInteger = false
        var sawReal = false
        var sawText = false

        init(name: String, declared: String) {
            self.name = name
            self.declared = declared
        }

        mutating func append(_ value: SQLiteValue) {
            switch value {
            case .integer(let v):
                sawInteger = true
                cells.append(.integer(v))
            case .real(let v):
                sawReal = true
                cells.append(.real(v))
            case .null:
                cells.append(.null)
            case .text(let v):
                sawText = true
                cells.append(.text(v))
            case .blob(let bytes):
                sawText = true
                cells.append(.text(String(decoding: bytes, as: UTF8.self)))
            }
        }

        func column(named name: String) -> Column {
            let isBoolDeclared = declared.contains("BOOL")
            if sawText {
                return .strings(name, cells.map { cell -> String? in
                    switch cell {
                    case .null: return nil
                    case .integer(let v): return String(v)
                    case .real(let v): return Column.format(v)
                    case .text(let s): return s
                    }
                })
            }
            if sawReal {
                return .numeric(name, cells.map { cell -> Double in
                    switch cell {
                    case .integer(let v): return Double(v)
                    case .real(let v): return v
                    default: return .nan
                    }
                })
            }
            let integers = cells.map { cell -> Int64? in
                if case .integer(let v) = cell { return v }
                return nil
            }
            if sawInteger {
                if isBoolDeclared && integers.allSatisfy({ $0 == nil || $0 == 0 || $0 == 1 }) {
                    return .bools(name, integers.map { $0.map { $0 != 0 } })
                }
                return .integers(name, integers)
            }
            // Only NULLs: the declared type decides.
            if isBoolDeclared { return .bools(name, integers.map { _ in nil }) }
            if declared.contains("INT") { return .integers(name, integers) }
            if declared.contains("CHAR") || declared.contains("CLOB") || declared.contains("TEXT") {
                return .strings(name, integers.map { _ in nil })
            }
            return .numeric(name, [Double](repeating: .nan, count: cells.count))
        }
    }
}
