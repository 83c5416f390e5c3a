import SQLite
import Foundation

// Compiles a RunQuery to a SQLite WHERE expression over the table `runs`, and a RunOrder to an
// ORDER BY list. Every value is a bound `?` parameter; field names are bound too, so nothing a
// user writes is ever spliced into SQL text.
//
// Semantics, decided here:
// - Metrics, params and tags live in side tables; each comparison is an index-friendly
//   `runs.id IN (SELECT run_id FROM <table> WHERE name = ? AND <test on value>)`, so it holds
//   only for runs that have the key. `!=`, `not like` and `not in` likewise need the key.
// - `not` is set complement: `NOT (runs.id IN (…))`. Attribute tests are guarded with
//   `IS NOT NULL` so they are never SQL NULL, and `not` complements them exactly too.
// - Metrics compare numerically (REAL). Params and tags are text:
//     * with a text literal, =, !=, <, <=, >, >=, like and in compare text (binary collation);
//     * with a number, every operator compares numerically, and only values that are
//       well-formed numbers take part: `params.C = 1` matches "1", "1.0", "1e0" and " 1 ",
//       not "abc" or "1abc"; `params.C != 1` matches any present C that is not numerically 1
//       (including "abc"). "Well-formed" is SQLite's own rule, tested as
//       `value = CAST(value AS REAL)`, which holds exactly when numeric affinity converts the text;
//     * true / false compare with the text "true" / "false".
// - `like` is case-sensitive (compiled to GLOB, since SQLite's LIKE ignores ASCII case);
//   `ilike` is case-insensitive for ASCII letters only (SQLite LIKE). In both, `%` matches any
//   run of characters, `_` exactly one, and `\` makes the next character literal.
// - Order: runs missing a key sort last in both directions (NULLS LAST), then `runs.id DESC`.
//   Params and tags sort numbers first (numerically), then text; see `orderExpression`.
// - `deleted` runs are not filtered here; the caller adds its own condition.
// - The side tables' run_id is assumed NOT NULL (as in the store's schema); a NULL run_id
//   would make `runs.id IN (…)` three-valued.

/// SQL text with positional `?` parameters, and their values in order.
public struct CompiledRunQuery: Equatable, Sendable {
    public let sql: String
    public let bindings: [SQLiteValue]

    public init(sql: String, bindings: [SQLiteValue]) {
        self.sql = sql
        self.bindings = bindings
    }

    /// `SELECT runs.id FROM runs WHERE <where> ORDER BY <order> [LIMIT ?]`, bindings in order.
    /// The store may build its own statement instead; this is the canonical shape.
    public static func selectRunIDs(where query: RunQuery = .all, order: RunOrder = RunOrder(), limit: Int? = nil) throws -> CompiledRunQuery {
        let filter = try query.compile()
        let sort = order.compile()
        var sql = "SELECT runs.id FROM runs WHERE " + filter.sql + " ORDER BY " + sort.sql
        var bindings = filter.bindings + sort.bindings
        if let limit {
            sql += " LIMIT ?"
            bindings.append(.integer(Int64(limit)))
        }
        return CompiledRunQuery(sql: sql, bindings: bindings)
    }
}

extension RunQuery {
    /// The WHERE expression (without the keyword), referencing the table `runs`.
    /// - Throws: `RunQueryError` (offset 0) for an AST that `parse` would have rejected,
    ///   such as a metric compared with text.
    ///
    /// SQLite's parser overflows its stack at about 40 nested parentheses, and its expression
    /// trees are limited to depth 1000. So the AST is first normalized (nested `and`s and `or`s
    /// flattened, `not not` removed), long lists are grouped in chunks, and a query that would
    /// still nest deeper than `RunQuerySQLEmitter.maxParenDepth` is compiled instead as one
    /// `runs.id IN (WITH q1 AS (…), q2 AS (…) … SELECT id FROM qN)`, whose common table
    /// expressions combine child sets with INTERSECT, UNION and EXCEPT and never nest.
    public func compile() throws -> CompiledRunQuery {
        let query = normalized()
        var emitter = RunQuerySQLEmitter()
        try emitter.emit(query)
        if emitter.maxDepth <= RunQuerySQLEmitter.maxParenDepth {
            return CompiledRunQuery(sql: emitter.sql, bindings: emitter.bindings)
        }
        var flat = RunQuerySQLEmitter()
        try flat.emitAsCommonTables(query)
        return CompiledRunQuery(sql: flat.sql, bindings: flat.bindings)
    }

    /// The same query with nested `and`/`or` lists flattened and double negations removed
    /// (`not` is set complement, so `not not x` is `x`).
    func normalized() -> RunQuery {
        switch self {
        case .and(let items):
            let flat = items.flatMap { item -> [RunQuery] in
                let n = item.normalized()
                if case .and(let inner) = n { return inner }
                return [n]
            }
            return flat.count == 1 ? flat[0] : .and(flat)
        case .or(let items):
            let flat = items.flatMap { item -> [RunQuery] in
                let n = item.normalized()
                if case .or(let inner) = n { return inner }
                return [n]
            }
            return flat.count == 1 ? flat[0] : .or(flat)
        case .not(let inner):
            if case .not(let twice) = inner { return twice.normalized() }
            return .not(inner.normalized())
        default:
            return self
        }
    }
}

extension RunOrder {
    /// The ORDER BY list (without the keywords), ending with the tiebreak `runs.id DESC`.
    public func compile() -> CompiledRunQuery {
        var terms: [String] = []
        var bindings: [SQLiteValue] = []
        for key in keys {
            let (expression, binding) = RunQuerySQLEmitter.orderExpression(key.field)
            terms.append(expression + (key.descending ? " DESC" : " ASC") + " NULLS LAST")
            bindings += binding
        }
        terms.append("runs.id DESC")
        return CompiledRunQuery(sql: terms.joined(separator: ", "), bindings: bindings)
    }
}

// MARK: - Emitter

struct RunQuerySQLEmitter {
    /// Deepest parenthesis nesting emitted directly; SQLite 3.40's parser fails near 40.
    static let maxParenDepth = 24
    /// Terms joined without parentheses; longer lists are grouped, keeping expression trees shallow.
    static let chunkSize = 64

    var sql = ""
    var bindings: [SQLiteValue] = []
    private var depth = 0
    private(set) var maxDepth = 0

    private mutating func open() {
        sql += "("
        depth += 1
        maxDepth = max(maxDepth, depth)
    }
    private mutating func close() {
        sql += ")"
        depth -= 1
    }

    /// A side table: its name, and whether its values are numbers.
    private static func table(_ field: RunField) -> (name: String, numeric: Bool)? {
        switch field {
        case .metric: return ("run_latest_metrics", true)
        case .param: return ("run_params", false)
        case .tag: return ("run_tags", false)
        case .attribute: return nil
        }
    }

    private static func keyName(_ field: RunField) -> String {
        switch field {
        case .metric(let n), .param(let n), .tag(let n): return n
        case .attribute(let a): return a.rawValue
        }
    }

    static func column(_ attribute: RunAttribute) -> String {
        switch attribute {
        case .id: return "runs.id"
        case .kind: return "runs.kind"
        case .name: return "runs.name"
        case .status: return "runs.status"
        case .script: return "runs.script_path"
        case .sourceHash: return "runs.source_hash"
        case .gitCommit: return "runs.git_commit"
        case .user: return "runs.user"
        case .startedAt: return "runs.started_at"
        case .endedAt: return "runs.ended_at"
        case .duration: return "(runs.ended_at - runs.started_at)"
        case .parent: return "runs.parent_id"
        }
    }

    /// The value a run sorts by, and its bindings. Params and tags sort well-formed numbers as
    /// numbers (before all text, as SQLite orders storage classes), the rest as text.
    static func orderExpression(_ field: RunField) -> (String, [SQLiteValue]) {
        switch field {
        case .attribute(let a):
            return (column(a), [])
        case .metric(let n):
            return ("(SELECT value FROM run_latest_metrics WHERE run_id = runs.id AND name = ?)", [.text(n)])
        case .param(let n), .tag(let n):
            let table = table(field)!.name
            return ("(SELECT CASE WHEN value = CAST(value AS REAL) THEN CAST(value AS REAL) ELSE value END"
                    + " FROM \(table) WHERE run_id = runs.id AND name = ?)", [.text(n)])
        }
    }

    mutating func emit(_ query: RunQuery) throws {
        switch query {
        case .all:
            sql += "1"
        case .and(let items):
            try join(items, with: " AND ", empty: "1")
        case .or(let items):
            try join(items, with: " OR ", empty: "0")
        case .not(let inner):
            sql += "NOT "
            open()
            try emit(inner)
            close()
        case .compare(let field, let op, let literal):
            try RunQueryCheck.compare(field, op, literal, at: 0)
            try comparison(field, op, literal)
        case .like(let field, let pattern, let caseSensitive, let negated):
            try RunQueryCheck.like(field, at: 0)
            let pieces = LikePattern(pattern)
            let test = caseSensitive
                ? (negated ? "NOT GLOB ?" : "GLOB ?")
                : (negated ? "NOT LIKE ? ESCAPE '\\'" : "LIKE ? ESCAPE '\\'")
            let binding = SQLiteValue.text(caseSensitive ? pieces.glob : pieces.like)
            if Self.table(field) != nil {
                sideTable(field, "value " + test, [binding])
            } else if case .attribute(let a) = field {
                guarded(a, test, [binding])
            }
        case .in(let field, let literals, let negated):
            for literal in literals { try RunQueryCheck.compare(field, .equal, literal, at: 0) }
            try membership(field, literals, negated: negated)
        case .isNull(let field, let negated):
            switch field {
            case .attribute(let a):
                sql += Self.column(a) + (negated ? " IS NOT NULL" : " IS NULL")
            default:
                if !negated { sql += "NOT " }
                sideTable(field, nil, [])
            }
        }
    }

    /// `(a OP b OP …)`; a list longer than `chunkSize` is split into at most `chunkSize`
    /// parenthesized groups (recursively), so SQLite's expression tree stays shallow.
    private mutating func join(_ items: [RunQuery], with separator: String, empty: String) throws {
        guard !items.isEmpty else { sql += empty; return }
        try joinGroup(items[...], separator: separator)
    }

    private mutating func joinGroup(_ items: ArraySlice<RunQuery>, separator: String) throws {
        open()
        if items.count <= Self.chunkSize {
            for (k, item) in items.enumerated() {
                if k > 0 { sql += separator }
                try emit(item)
            }
        } else {
            let width = (items.count + Self.chunkSize - 1) / Self.chunkSize
            for start in stride(from: items.startIndex, to: items.endIndex, by: width) {
                if start > items.startIndex { sql += separator }
                try joinGroup(items[start..<min(start + width, items.endIndex)], separator: separator)
            }
        }
        close()
    }

    // MARK: Deep queries as common table expressions

    /// `runs.id IN (WITH q1 AS (…), … SELECT id FROM qN)`: every node is a named set of run ids.
    mutating func emitAsCommonTables(_ query: RunQuery) throws {
        var definitions: [String] = []
        let root = try commonTable(query, &definitions)
        sql = "runs.id IN (WITH " + definitions.joined(separator: ", ") + " SELECT id FROM \(root))"
    }

    /// Defines the node's set (children first) and returns its name. Compound SELECTs are kept
    /// under SQLite's 500-term limit by splitting long lists.
    private mutating func commonTable(_ query: RunQuery, _ definitions: inout [String]) throws -> String {
        func define(_ body: String) -> String {
            let name = "q\(definitions.count + 1)"
            definitions.append("\(name) AS (\(body))")
            return name
        }
        func combine(_ items: [RunQuery], _ keyword: String) throws -> String {
            var names: [String] = []
            for item in items { names.append(try commonTable(item, &definitions)) }
            while names.count > 1 {
                names = stride(from: 0, to: names.count, by: 400).map { start in
                    define(names[start..<min(start + 400, names.count)].map { "SELECT id FROM \($0)" }
                        .joined(separator: " \(keyword) "))
                }
            }
            return names[0]
        }
        switch query {
        case .and(let items) where !items.isEmpty:
            return try combine(items, "INTERSECT")
        case .or(let items) where !items.isEmpty:
            return try combine(items, "UNION")
        case .not(let inner):
            let child = try commonTable(inner, &definitions)
            return define("SELECT runs.id AS id FROM runs EXCEPT SELECT id FROM \(child)")
        default:
            var leaf = RunQuerySQLEmitter()
            try leaf.emit(query)
            bindings += leaf.bindings
            return define("SELECT runs.id AS id FROM runs WHERE " + leaf.sql)
        }
    }

    /// `runs.id IN (SELECT run_id FROM <table> WHERE name = ? [AND <test>])`.
    private mutating func sideTable(_ field: RunField, _ test: String?, _ values: [SQLiteValue]) {
        let table = Self.table(field)!.name
        sql += "runs.id IN (SELECT run_id FROM \(table) WHERE name = ?"
        bindings.append(.text(Self.keyName(field)))
        if let test {
            sql += " AND " + test
            bindings += values
        }
        sql += ")"
    }

    /// `(<column> IS NOT NULL AND <column> <test>)`, so the result is never SQL NULL.
    private mutating func guarded(_ attribute: RunAttribute, _ test: String, _ values: [SQLiteValue]) {
        let column = Self.column(attribute)
        if attribute == .id {
            sql += "\(column) \(test)"
        } else {
            sql += "(\(column) IS NOT NULL AND \(column) \(test))"
        }
        bindings += values
    }

    private static func sqlOperator(_ op: RunComparison) -> String {
        op == .notEqual ? "<>" : op.rawValue
    }

    /// Literal value as bound against a numeric column, converting dates for time attributes.
    private static func numericBinding(_ literal: RunQueryLiteral) -> SQLiteValue {
        switch literal {
        case .integer(let v): return .integer(v)
        case .real(let v): return .real(v)
        case .text(let s): return .real(RunQueryDate.unixSeconds(s) ?? .nan)  // checked before
        case .bool(let b): return .integer(b ? 1 : 0)
        case .null: return .null
        }
    }

    private static func textBinding(_ literal: RunQueryLiteral) -> SQLiteValue {
        switch literal {
        case .text(let s): return .text(s)
        case .bool(let b): return .text(b ? "true" : "false")
        case .integer(let v): return .text(String(v))
        case .real(let v): return .text(String(v))
        case .null: return .null
        }
    }

    /// The test on a text `value` holding a well-formed number.
    private static let isNumericText = "value = CAST(value AS REAL)"

    private mutating func comparison(_ field: RunField, _ op: RunComparison, _ literal: RunQueryLiteral) throws {
        switch field {
        case .attribute(let a):
            if a.isNumeric {
                guarded(a, Self.sqlOperator(op) + " ?", [Self.numericBinding(literal)])
            } else {
                guarded(a, Self.sqlOperator(op) + " ?", [Self.textBinding(literal)])
            }
        case .metric:
            sideTable(field, "value \(Self.sqlOperator(op)) ?", [Self.numericBinding(literal)])
        case .param, .tag:
            if let number = literal.number {
                if op == .notEqual {
                    sideTable(field, "NOT (\(Self.isNumericText) AND CAST(value AS REAL) = ?)", [.real(number)])
                } else {
                    sideTable(field, "\(Self.isNumericText) AND CAST(value AS REAL) \(op.rawValue) ?", [.real(number)])
                }
            } else {
                sideTable(field, "value \(Self.sqlOperator(op)) ?", [Self.textBinding(literal)])
            }
        }
    }

    private mutating func membership(_ field: RunField, _ literals: [RunQueryLiteral], negated: Bool) throws {
        func placeholders(_ n: Int) -> String { "(" + Array(repeating: "?", count: n).joined(separator: ", ") + ")" }
        switch field {
        case .attribute(let a):
            let values = literals.map { a.isNumeric ? Self.numericBinding($0) : Self.textBinding($0) }
            guarded(a, (negated ? "NOT IN " : "IN ") + placeholders(values.count), values)
        case .metric:
            let values = literals.map(Self.numericBinding)
            sideTable(field, "value " + (negated ? "NOT IN " : "IN ") + placeholders(values.count), values)
        case .param, .tag:
            // Text literals compare as text, numbers numerically; a mixed list is the OR of both.
            let texts = literals.filter { $0.number == nil }.map(Self.textBinding)
            let numbers = literals.compactMap(\.number).map(SQLiteValue.real)
            var tests: [String] = []
            if !texts.isEmpty { tests.append("value IN " + placeholders(texts.count)) }
            if !numbers.isEmpty {
                tests.append("(\(Self.isNumericText) AND CAST(value AS REAL) IN \(placeholders(numbers.count)))")
            }
            var test = tests.count == 1 ? tests[0] : "(" + tests.joined(separator: " OR ") + ")"
            if negated { test = "NOT " + test }
            sideTable(field, test, texts + numbers)
        }
    }
}

// MARK: - LIKE patterns

/// A `like` pattern read once (`%`, `_`, `\` escapes) and rendered for GLOB or LIKE … ESCAPE '\'.
struct LikePattern {
    enum Piece: Equatable { case anyRun, one, literal(Character) }
    let pieces: [Piece]

    init(_ pattern: String) {
        var pieces: [Piece] = []
        var escaped = false
        for c in pattern {
            if escaped { pieces.append(.literal(c)); escaped = false; continue }
            switch c {
            case "\\": escaped = true
            case "%": pieces.append(.anyRun)
            case "_": pieces.append(.one)
            default: pieces.append(.literal(c))
            }
        }
        if escaped { pieces.append(.literal("\\")) }  // a trailing backslash is itself
        self.pieces = pieces
    }

    /// For SQLite GLOB (case-sensitive): `*`, `?`, and `[x]` for a literal `*`, `?` or `[`.
    var glob: String {
        var out = ""
        for piece in pieces {
            switch piece {
            case .anyRun: out += "*"
            case .one: out += "?"
            case .literal(let c): out += (c == "*" || c == "?" || c == "[") ? "[\(c)]" : String(c)
            }
        }
        return out
    }

    /// For SQLite `LIKE ? ESCAPE '\'` (ASCII case-insensitive).
    var like: String {
        var out = ""
        for piece in pieces {
            switch piece {
            case .anyRun: out += "%"
            case .one: out += "_"
            case .literal(let c): out += (c == "%" || c == "_" || c == "\\") ? "\\\(c)" : String(c)
            }
        }
        return out
    }
}
