import XCTest
@testable import Store

/// The run-query language, end to end: parse, compile, run against the store's schema in an
/// in-memory SQLite database, and compare run ids.
final class RunQueryTests: XCTestCase {
    private var db: RunQueryTestDatabase!

    override func setUpWithError() throws {
        db = try RunQueryTestDatabase()
        try db.execute("""
            CREATE TABLE runs(id INTEGER PRIMARY KEY, uuid TEXT, parent_id INTEGER, kind TEXT, name TEXT, status TEXT,
                started_at REAL, ended_at REAL, script_path TEXT, source_hash TEXT, git_commit TEXT, user TEXT, deleted INTEGER);
            CREATE TABLE run_params(run_id INTEGER NOT NULL, name TEXT, value TEXT, PRIMARY KEY(run_id, name));
            CREATE TABLE run_latest_metrics(run_id INTEGER NOT NULL, name TEXT, value REAL, step INTEGER, PRIMARY KEY(run_id, name));
            CREATE TABLE run_tags(run_id INTEGER NOT NULL, name TEXT, value TEXT, PRIMARY KEY(run_id, name));
            CREATE INDEX metrics_by_value ON run_latest_metrics(name, value);
            CREATE INDEX params_by_value ON run_params(name, value);
            CREATE INDEX tags_by_value ON run_tags(name, value);
            CREATE INDEX runs_by_start ON runs(started_at);
            CREATE INDEX runs_by_status ON runs(status);

            INSERT INTO runs(id, parent_id, kind, name, status, started_at, ended_at, script_path, git_commit, user) VALUES
                (1,  NULL, 'train', 'alpha',   'finished', 1000,  1100, 'train.mlx', 'abc123', 'ana'),
                (2,  NULL, 'train', 'beta',    'failed',   2000,  2010, 'train.mlx', NULL, 'bob'),
                (3,  1,    'train', 'gamma',   'finished', 3000,  3500, 'train.mlx', NULL, 'ana'),
                (4,  1,    'eval',  'delta',   'running',  4000,  NULL, 'eval.mlx',  NULL, 'carl'),
                (5,  NULL, 'train', 'epsilon', 'finished', 5000,  5050, 'train.mlx', NULL, 'ana'),
                (6,  NULL, 'train', 'zeta',    NULL,       6000,  6001, 'train.mlx', NULL, 'bob'),
                (7,  NULL, 'sweep', 'eta%_',   'finished', 7000,  7100, 'train.mlx', NULL, 'ana'),
                (8,  7,    'train', 'theta',   'failed',   8000,  8002, 'train.mlx', NULL, 'dan'),
                (9,  NULL, 'train', 'iota',    'finished', 9000,  9900, 'train.mlx', NULL, 'ana'),
                (10, NULL, 'train', 'kappa',   NULL,       10000, NULL, NULL,        NULL, NULL);

            INSERT INTO run_latest_metrics(run_id, name, value, step) VALUES
                (1, 'accuracy', 0.95, 1), (2, 'accuracy', 0.80, 1), (3, 'accuracy', 0.92, 1), (5, 'accuracy', 0.5, 1),
                (7, 'accuracy', 0.99, 1), (8, 'accuracy', 0.91, 1), (10, 'accuracy', 0.7, 1),
                (1, 'f1', 0.90, 1), (2, 'f1', 0.85, 1), (4, 'f1', 0.70, 1), (8, 'f1', 0.90, 1), (9, 'f1', 0.95, 1),
                (5, 'val/loss', 0.3, 1);

            INSERT INTO run_params(run_id, name, value) VALUES
                (1, 'model', 'boost'), (2, 'model', 'linear'), (3, 'model', 'boost'), (4, 'model', 'Boost'),
                (7, 'model', 'boost'), (8, 'model', 'forest'), (9, 'model', 'boost-2'),
                (1, 'C', '1'), (2, 'C', '1.0'), (3, 'C', 'abc'), (4, 'C', '10'), (5, 'C', '2'), (8, 'C', '1abc'),
                (6, 'x', '1'' or 1=1 --'), (8, 'flag', 'true');

            INSERT INTO run_tags(run_id, name, value) VALUES
                (1, 'team', 'x'), (2, 'team', 'y'), (3, 'team', 'x'), (5, 'team', 'z'), (6, 'team', 'x'),
                (7, 'team', 'X'), (9, 'team', 'x'), (3, 'note', 'Hello World'), (8, 'my tag', 'v'), (7, 'pct', '50%');
            """)
    }

    /// Run ids matching `query`, ascending.
    private func ids(_ query: String, file: StaticString = #filePath, line: UInt = #line) throws -> [Int64] {
        try db.runIDs(CompiledRunQuery.selectRunIDs(where: RunQuery.parse(query))).sorted()
    }

    /// Run ids in the order `order` gives, over all runs (or `query`).
    private func ordered(_ order: String, where query: String = "", limit: Int? = nil) throws -> [Int64] {
        try db.runIDs(CompiledRunQuery.selectRunIDs(where: RunQuery.parse(query), order: RunOrder.parse(order), limit: limit))
    }

    private func error(_ query: String, order: Bool = false) -> RunQueryError? {
        do {
            if order { _ = try RunOrder.parse(query) } else { _ = try RunQuery.parse(query) }
            return nil
        } catch let e as RunQueryError {
            return e
        } catch {
            XCTFail("unexpected error \(error)")
            return nil
        }
    }

    private func assertError(_ query: String, _ message: String, at offset: Int, hint: String? = nil, order: Bool = false,
                             file: StaticString = #filePath, line: UInt = #line) {
        guard let e = error(query, order: order) else { return XCTFail("no error for \(query)", file: file, line: line) }
        XCTAssertEqual(e.message, message, file: file, line: line)
        XCTAssertEqual(e.offset, offset, "offset for \(query)", file: file, line: line)
        if let hint { XCTAssertEqual(e.hint, hint, file: file, line: line) }
    }

    // MARK: Boolean structure

    func testEmptyQueryMatchesAllRuns() throws {
        XCTAssertEqual(try RunQuery.parse(""), .all)
        XCTAssertEqual(try RunQuery.parse("  \n\t "), .all)
        XCTAssertEqual(try ids(""), Array(1...10))
    }

    func testAndBindsTighterThanOr() throws {
        XCTAssertEqual(try ids("metrics.accuracy > 0.9 or params.model = 'linear' and tags.team = 'y'"), [1, 2, 3, 7, 8])
        XCTAssertEqual(try ids("metrics.accuracy > 0.9 and tags.team = 'x' or metrics.f1 > 0.9"), [1, 3, 9])
    }

    func testParenthesesOverridePrecedence() throws {
        XCTAssertEqual(try ids("(metrics.accuracy > 0.9 or params.model = 'linear') and tags.team = 'x'"), [1, 3])
        XCTAssertEqual(try ids("((metrics.f1 > 0.8))"), [1, 2, 8, 9])
    }

    func testNotIsSetComplementOverMissingKeys() throws {
        XCTAssertEqual(try ids("metrics.accuracy != 0.5"), [1, 2, 3, 7, 8, 10])
        XCTAssertEqual(try ids("not metrics.accuracy = 0.5"), [1, 2, 3, 4, 6, 7, 8, 9, 10])
        XCTAssertEqual(try ids("not (metrics.f1 > 0.8)"), [3, 4, 5, 6, 7, 10])
        XCTAssertEqual(try ids("not not metrics.f1 > 0.8"), [1, 2, 8, 9])
        XCTAssertEqual(try ids("not (metrics.f1 > 0.8 or metrics.accuracy > 0.9)"), [4, 5, 6, 10])
    }

    func testNotOnAttributesIsComplementOverNulls() throws {
        XCTAssertEqual(try ids("status != 'failed'"), [1, 3, 4, 5, 7, 9])
        XCTAssertEqual(try ids("not status = 'failed'"), [1, 3, 4, 5, 6, 7, 9, 10])
        XCTAssertEqual(try ids("not duration > 90"), [2, 4, 5, 6, 8, 10])
    }

    func testKeywordsAndAttributesAreCaseInsensitive() throws {
        XCTAssertEqual(try ids("METRICS.accuracy > 0.9 AND Status = 'finished'"), [1, 3, 7])
        XCTAssertEqual(try ids("NOT metrics.f1 IS NULL"), [1, 2, 4, 8, 9])
    }

    // MARK: Metrics

    func testEachComparisonOperatorOnMetrics() throws {
        XCTAssertEqual(try ids("metrics.accuracy > 0.9"), [1, 3, 7, 8])
        XCTAssertEqual(try ids("metrics.accuracy >= 0.92"), [1, 3, 7])
        XCTAssertEqual(try ids("metrics.accuracy < 0.8"), [5, 10])
        XCTAssertEqual(try ids("metrics.accuracy <= 0.8"), [2, 5, 10])
        XCTAssertEqual(try ids("metrics.accuracy = 0.5"), [5])
        XCTAssertEqual(try ids("metrics.accuracy == 0.5"), [5])
        XCTAssertEqual(try ids("metrics.accuracy <> 0.5"), [1, 2, 3, 7, 8, 10])
        XCTAssertEqual(try ids("metrics.accuracy>9e-1"), [1, 3, 7, 8])
        XCTAssertEqual(try ids("metrics.accuracy > -1.5"), [1, 2, 3, 5, 7, 8, 10])
    }

    func testMetricInAndNotIn() throws {
        XCTAssertEqual(try ids("metrics.accuracy in (0.95, 0.5)"), [1, 5])
        XCTAssertEqual(try ids("metrics.accuracy not in (0.95, 0.5)"), [2, 3, 7, 8, 10])
    }

    func testIsNullTestsPresenceOfTheKey() throws {
        XCTAssertEqual(try ids("metrics.f1 is null"), [3, 5, 6, 7, 10])
        XCTAssertEqual(try ids("metrics.f1 is not null"), [1, 2, 4, 8, 9])
        XCTAssertEqual(try ids("params.model is null"), [5, 6, 10])
        XCTAssertEqual(try ids("tags.team is not null"), [1, 2, 3, 5, 6, 7, 9])
    }

    func testNamesWithSlashesAndBackquotes() throws {
        XCTAssertEqual(try ids("metrics.val/loss < 1"), [5])
        XCTAssertEqual(try ids("metrics.`val/loss` < 1"), [5])
        XCTAssertEqual(try ids("tags.`my tag` = 'v'"), [8])
        XCTAssertEqual(try RunQuery.parse("metrics.`a``b` > 1"), .compare(.metric("a`b"), .greater, .integer(1)))
    }

    // MARK: Params and tags

    func testParamsCompareAsTextWithTextLiterals() throws {
        XCTAssertEqual(try ids("params.model = 'boost'"), [1, 3, 7])
        XCTAssertEqual(try ids("params.model = \"boost\""), [1, 3, 7])
        XCTAssertEqual(try ids("params.model != 'boost'"), [2, 4, 8, 9])
        XCTAssertEqual(try ids("not params.model = 'boost'"), [2, 4, 5, 6, 8, 9, 10])
        XCTAssertEqual(try ids("params.model > 'c'"), [2, 8])
        XCTAssertEqual(try ids("params.C = '1'"), [1])
        XCTAssertEqual(try ids("params.flag = true"), [8])
    }

    func testParamsCompareNumericallyWithNumberLiterals() throws {
        XCTAssertEqual(try ids("params.C = 1"), [1, 2])
        XCTAssertEqual(try ids("params.C = 1.0"), [1, 2])
        XCTAssertEqual(try ids("params.C != 1"), [3, 4, 5, 8])
        XCTAssertEqual(try ids("params.C > 1.5"), [4, 5])
        XCTAssertEqual(try ids("params.C < 5"), [1, 2, 5])
        XCTAssertEqual(try ids("params.C >= 10"), [4])
        XCTAssertEqual(try ids("params.C in (1, 'abc')"), [1, 2, 3])
        XCTAssertEqual(try ids("params.C not in (1, 'abc')"), [4, 5, 8])
    }

    func testLikeIsCaseSensitiveAndIlikeIsNot() throws {
        XCTAssertEqual(try ids("params.model like 'boost%'"), [1, 3, 7, 9])
        XCTAssertEqual(try ids("params.model ilike 'boost%'"), [1, 3, 4, 7, 9])
        XCTAssertEqual(try ids("params.model not like 'boost%'"), [2, 4, 8])
        XCTAssertEqual(try ids("not params.model like 'boost%'"), [2, 4, 5, 6, 8, 10])
        XCTAssertEqual(try ids("tags.team like 'x'"), [1, 3, 6, 9])
        XCTAssertEqual(try ids("tags.note like '%World'"), [3])
        XCTAssertEqual(try ids("name like '_eta'"), [2, 6])
        XCTAssertEqual(try ids("name not like '_eta'"), [1, 3, 4, 5, 7, 8, 9, 10])
    }

    func testLikeEscapesAndGlobCharactersAreLiteral() throws {
        XCTAssertEqual(try ids(#"name like 'eta\%\_'"#), [7])
        XCTAssertEqual(try ids(#"tags.pct like '%\%'"#), [7])
        XCTAssertEqual(try ids(#"tags.pct ilike '%\%'"#), [7])
        XCTAssertEqual(try ids("name like '*'"), [])
        XCTAssertEqual(try ids("name like '[a-z]%'"), [])
        XCTAssertEqual(LikePattern("a*b?[c%_\\%").glob, "a[*]b[?][[]c*?%")
        XCTAssertEqual(LikePattern("a*b?[c%_\\%").like, "a*b?[c%_\\%")
    }

    func testInjectionAttemptStaysOneLiteral() throws {
        let compiled = try RunQuery.parse("params.x = '1'' or 1=1 --'").compile()
        XCTAssertFalse(compiled.sql.contains("1=1"))
        XCTAssertEqual(compiled.bindings, [.text("x"), .text("1' or 1=1 --")])
        XCTAssertEqual(try ids("params.x = '1'' or 1=1 --'"), [6])
        XCTAssertEqual(try ids("params.model = 'x'' or ''1''=''1'"), [])
        XCTAssertEqual(try ids("metrics.`a') or 1=1 --` > 0"), [])
        XCTAssertFalse(try RunQuery.parse("metrics.`a') or 1=1 --` > 0").compile().sql.contains("1=1"))
    }

    // MARK: Attributes

    func testAttributes() throws {
        XCTAssertEqual(try ids("duration > 90"), [1, 3, 7, 9])
        XCTAssertEqual(try ids("duration is null"), [4, 10])
        XCTAssertEqual(try ids("ended_at is null"), [4, 10])
        XCTAssertEqual(try ids("started_at >= 9000"), [9, 10])
        XCTAssertEqual(try ids("started_at < '1970-01-01T01:00:00Z'"), [1, 2, 3])
        XCTAssertEqual(try ids("started_at < '1970-01-02'"), Array(1...10))
        XCTAssertEqual(try ids("parent = 1"), [3, 4])
        XCTAssertEqual(try ids("parent is not null"), [3, 4, 8])
        XCTAssertEqual(try ids("id in (2, 4)"), [2, 4])
        XCTAssertEqual(try ids("id = 3"), [3])
        XCTAssertEqual(try ids("user = 'ana' and kind = 'train'"), [1, 3, 5, 9])
        XCTAssertEqual(try ids("status in ('failed', 'running')"), [2, 4, 8])
        XCTAssertEqual(try ids("status not in ('failed')"), [1, 3, 4, 5, 7, 9])
        XCTAssertEqual(try ids("status is null"), [6, 10])
        XCTAssertEqual(try ids("script = 'eval.mlx'"), [4])
        XCTAssertEqual(try ids("git_commit like 'abc%'"), [1])
        XCTAssertEqual(try ids("source_hash is null"), Array(1...10))
    }

    func testDatesAreUTC() {
        XCTAssertEqual(RunQueryDate.unixSeconds("1970-01-01"), 0)
        XCTAssertEqual(RunQueryDate.unixSeconds("2024-05-01"), 1_714_521_600)
        XCTAssertEqual(RunQueryDate.unixSeconds("2024-05-01T12:30:15.5Z"), 1_714_521_600 + 45_015.5)
        XCTAssertNil(RunQueryDate.unixSeconds("yesterday"))
    }

    // MARK: Order

    func testOrderPutsMissingKeysLastInBothDirections() throws {
        XCTAssertEqual(try ordered("-metrics.f1"), [9, 8, 1, 2, 4, 10, 7, 6, 5, 3])
        XCTAssertEqual(try ordered("metrics.f1 desc"), [9, 8, 1, 2, 4, 10, 7, 6, 5, 3])
        XCTAssertEqual(try ordered("metrics.f1"), [4, 2, 8, 1, 9, 10, 7, 6, 5, 3])
        XCTAssertEqual(try ordered("ended_at DESC"), [9, 8, 7, 6, 5, 3, 2, 1, 10, 4])
        XCTAssertEqual(try ordered("ended_at asc"), [1, 2, 3, 5, 6, 7, 8, 9, 10, 4])
    }

    func testOrderBySeveralKeys() throws {
        XCTAssertEqual(try ordered("-metrics.f1, started_at"), [9, 1, 8, 2, 4, 3, 5, 6, 7, 10])
        XCTAssertEqual(try ordered("+duration"), [6, 8, 2, 5, 7, 1, 3, 9, 10, 4])
        XCTAssertEqual(try ordered("-metrics.f1", limit: 3), [9, 8, 1])
        XCTAssertEqual(try ordered("", where: "status = 'failed'"), [8, 2])
    }

    func testParamsSortNumbersNumericallyThenText() throws {
        XCTAssertEqual(try ordered("params.C"), [2, 1, 5, 4, 8, 3, 10, 9, 7, 6])
    }

    func testOrderCompilesToNullsLastWithIdTiebreak() throws {
        let compiled = try RunOrder.parse("-metrics.f1, started_at").compile()
        XCTAssertEqual(compiled.sql, "(SELECT value FROM run_latest_metrics WHERE run_id = runs.id AND name = ?) DESC NULLS LAST, "
                       + "runs.started_at ASC NULLS LAST, runs.id DESC")
        XCTAssertEqual(compiled.bindings, [.text("f1")])
        XCTAssertEqual(try RunOrder.parse("").compile().sql, "runs.id DESC")
    }

    // MARK: Compiled shape

    func testComparisonCompilesToIndexFriendlySubquery() throws {
        let compiled = try RunQuery.parse("metrics.accuracy > 0.9").compile()
        XCTAssertEqual(compiled.sql, "runs.id IN (SELECT run_id FROM run_latest_metrics WHERE name = ? AND value > ?)")
        XCTAssertEqual(compiled.bindings, [.text("accuracy"), .real(0.9)])
    }

    func testParseBuildsTheExpectedTree() throws {
        XCTAssertEqual(try RunQuery.parse("tags.team = 'x' and not (status = 'failed') or id is not null"),
                       .or([.and([.compare(.tag("team"), .equal, .text("x")),
                                  .not(.compare(.attribute(.status), .equal, .text("failed")))]),
                            .isNull(.attribute(.id), negated: true)]))
        XCTAssertEqual(try RunOrder.parse("-metrics.f1, started_at asc"),
                       RunOrder([.init(.metric("f1"), descending: true), .init(.attribute(.startedAt))]))
    }

    // MARK: Limits

    func testHundredLevelsOfNestingParseCompileAndRun() throws {
        let parens = String(repeating: "(", count: 100) + "metrics.f1 > 0.8" + String(repeating: ")", count: 100)
        XCTAssertEqual(try ids(parens), [1, 2, 8, 9])
        // Alternating and/or/not 100 deep: SQLite's parser could not take this nested directly.
        var deep = "metrics.f1 > 0.8"
        for k in 0..<32 { deep = "not (status = 'x\(k)' " + (k % 2 == 0 ? "or" : "and") + " (\(deep)))" }
        let result = try ids(deep), complement = try ids("not (\(deep))")
        XCTAssertEqual(result.count + complement.count, 10)
        XCTAssertTrue(Set(result).isDisjoint(with: complement))
        let nots = String(repeating: "not ", count: 100) + "metrics.f1 > 0.8"
        XCTAssertEqual(try ids(nots), [1, 2, 8, 9])
    }

    func testDeepQueryFallsBackToCommonTables() throws {
        var deep = "metrics.f1 > 0.8"
        for k in 0..<40 { deep = "(params.model = 'm\(k)' " + (k % 2 == 0 ? "or" : "and") + " \(deep))" }
        let compiled = try RunQuery.parse(deep).compile()
        XCTAssertTrue(compiled.sql.hasPrefix("runs.id IN (WITH q1 AS ("))
        // Innermost and-levels make the whole thing reduce to: the or-branches at even k are
        // ANDed with something false for any model, so only runs with f1 > 0.8 can be left.
        let result = try ids(deep)
        XCTAssertTrue(Set(result).isSubset(of: [1, 2, 8, 9]))
        XCTAssertEqual(try ids("not (\(deep))").count + result.count, 10)
    }

    func testThousandComparisonsCompileAndRun() throws {
        let many = (0..<1000).map { "params.model = 'm\($0)'" }.joined(separator: " or ") + " or metrics.f1 > 0.9"
        XCTAssertEqual(error(many)?.message, "query has more than 1000 comparisons")
        let thousand = (0..<999).map { "params.model = 'm\($0)'" }.joined(separator: " or ") + " or metrics.f1 > 0.9"
        XCTAssertEqual(try ids(thousand), [9])
        let ands = (0..<1000).map { _ in "metrics.f1 > 0.8" }.joined(separator: " and ")
        XCTAssertEqual(try ids(ands), [1, 2, 8, 9])
    }

    // MARK: Errors

    func testMissingValueAfterOperator() {
        assertError("metrics.f1 >", "expected a value after '>'", at: 12)
        assertError("metrics.f1 > and", "expected a value after '>'", at: 13)
        assertError("params.model = boost", "expected a value after '=' but found 'boost'", at: 15, hint: "quote text: 'boost'")
    }

    func testMetricComparedWithText() {
        assertError("metrics.f1 > 'x'", "cannot compare metric 'f1' with text 'x'", at: 13,
                    hint: "metrics are numbers; for text use params.f1 or tags.f1")
        assertError("metrics.f1 in (1, 'x')", "cannot compare metric 'f1' with text 'x'", at: 18)
        XCTAssertThrowsError(try RunQuery.compare(.metric("f1"), .greater, .text("x")).compile())
    }

    func testUnknownFieldsSuggestTheClosest() {
        assertError("stauts = 'failed'", "unknown field 'stauts'", at: 0, hint: "did you mean 'status'")
        assertError("id > 1 and metric.f1 > 1", "unknown field 'metric.f1'", at: 11, hint: "did you mean 'metrics.f1'")
        assertError("zzz = 1", "unknown field 'zzz'", at: 0,
                    hint: "write metrics.NAME, params.NAME, tags.NAME or one of: id, kind, name, status, script, "
                        + "source_hash, git_commit, user, started_at, ended_at, duration, parent")
        assertError("metrics > 1", "expected a name after 'metrics.'", at: 7)
        assertError("metrics. > 1", "expected a name after 'metrics.'", at: 8)
    }

    func testUnbalancedParentheses() {
        assertError("(metrics.f1 > 1", "unclosed '('", at: 0)
        assertError("(metrics.f1 > 1 status = 'x')", "expected 'and', 'or' or ')' but found 'status'", at: 16)
        assertError("metrics.f1 > 1)", "unmatched ')'", at: 14)
    }

    func testUnterminatedStringsAndNames() {
        assertError("params.model = 'boost", "unterminated string", at: 15)
        assertError("params.model = \"boost", "unterminated string", at: 15)
        assertError("metrics.`f1 > 1", "unterminated name", at: 8)
    }

    func testNestingAndSizeLimits() {
        let deep = String(repeating: "(", count: 101) + "metrics.f1 > 1" + String(repeating: ")", count: 101)
        assertError(deep, "query nests deeper than 100 levels", at: 100)
        assertError(String(repeating: "not ", count: 101) + "id = 1", "query nests deeper than 100 levels", at: 400)
        assertError(String(repeating: " ", count: 100_001), "query is 100001 characters long; the limit is 100000", at: 100_000)
        // Very deep input fails cleanly, without exhausting the stack.
        XCTAssertNotNil(error(String(repeating: "(", count: 50_000)))
        XCTAssertNotNil(error(String(repeating: "not ", count: 20_000) + "id = 1"))
    }

    func testOtherErrors() {
        assertError("metrics.f1 > 1 metrics.f1 < 2", "expected 'and' or 'or' but found 'metrics.f1'", at: 15)
        assertError("metrics.f1 1", "expected an operator after 'metrics.f1' but found '1'", at: 11)
        assertError("metrics.f1 ! 1", "unexpected character '!'", at: 11)
        assertError("metrics.f1 > 1 and", "expected a field after 'and'", at: 18)
        assertError("metrics.f1 > 1abc", "malformed number '1abc'", at: 13)
        assertError("metrics.f1 = null", "cannot compare with null using '='", at: 13, hint: "write 'is null' to test that a value is missing")
        assertError("name = 5", "cannot compare text attribute 'name' with a number", at: 7, hint: "quote it: '5'")
        assertError("duration > 'x'", "cannot compare 'duration' with text", at: 11)
        assertError("started_at > 'yesterday'", "cannot read 'yesterday' as a date", at: 13)
        assertError("params.C < true", "cannot compare 'params.C' with true", at: 11)
        assertError("metrics.f1 like 'a%'", "'like' needs text, but 'metrics.f1' is a number", at: 0)
        assertError("params.m like 1", "expected a quoted pattern after 'like'", at: 14)
        assertError("params.m not = 1", "expected 'like', 'ilike' or 'in' after 'not'", at: 13)
        assertError("params.m in 1", "expected '(' after 'in'", at: 12)
        assertError("params.m in (1 2)", "expected ',' or ')' in the 'in' list but found '2'", at: 15)
        assertError("params.m is 1", "expected 'null' or 'not null' after 'is'", at: 12)
    }

    func testOrderErrors() {
        assertError("-metrics.f1 asc", "'-' and 'asc' disagree", at: 12, order: true)
        assertError("metrics.f1,", "expected a field after ','", at: 11, order: true)
        assertError("stauts", "unknown field 'stauts'", at: 0, hint: "did you mean 'status'", order: true)
        assertError("metrics.f1 up", "expected ',', 'asc' or 'desc' but found 'up'", at: 11, order: true)
    }

    func testPointerDrawsACaretUnderTheOffset() {
        let query = "metrics.f1 >"
        let e = error(query)!
        XCTAssertEqual(e.pointer(query: query), "metrics.f1 >\n            ^")
        XCTAssertEqual(RunQueryError(message: "m", offset: 2).pointer(query: "a\tb"), "a b\n  ^")
    }
}
