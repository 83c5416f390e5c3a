import SQLite

/// `runs(where:order:limit:)` and `lathe runs list`: a query in the run-query language
/// (`RunQuery.swift`) compiled to one SQL statement over the indexed tables, then the full
/// records of the matching runs.
extension Store {
    /// Parses a filter and an order without a store, so a malformed query fails the same way
    /// whether or not any run exists yet.
    public static func validateRunQuery(where filter: String?, order: String?) throws {
        _ = try compiledSearch(where: filter, order: order, limit: nil)
    }

    /// The runs matching `filter`, sorted by `order` (newest first when nil), at most `limit`.
    public func searchRuns(where filter: String?, order: String?, limit: Int?) throws -> [RunRecord] {
        let compiled = try Store.compiledSearch(where: filter, order: order, limit: limit)
        return try read {
            var ids: [Int64] = []
            try database.query(compiled.sql, compiled.bindings) { ids.append($0.int64(0)) }
            return try records(ids: ids)
        }
    }

    static func compiledSearch(where filter: String?, order: String?, limit: Int?) throws -> CompiledRunQuery {
        let query: RunQuery
        do {
            query = try filter.map { try RunQuery.parse($0) } ?? .all
        } catch let error as RunQueryError {
            throw StoreError.badQuery(query: filter ?? "", message: error.message, offset: error.offset, hint: error.hint)
        }
        let sort: RunOrder
        do {
            sort = try order.map { try RunOrder.parse($0) } ?? RunOrder([RunOrder.Key(.attribute(.startedAt), descending: true)])
        } catch let error as RunQueryError {
            throw StoreError.badQuery(query: order ?? "", message: error.message, offset: error.offset, hint: error.hint)
        }
        do {
            return try CompiledRunQuery.selectRunIDs(where: query, order: sort, limit: limit)
        } catch let error as RunQueryError {
            throw StoreError.badQuery(query: filter ?? "", message: error.message, offset: error.offset, hint: error.hint)
        }
    }
}
