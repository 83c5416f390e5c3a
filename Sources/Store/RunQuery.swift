import Foundation

// The run-query language: `runs(where: "metrics.acc > 0.9 or params.model = 'boost'")`.
// This file holds the tokens, the AST, the parser and the error catalogue; RunQuerySQL.swift
// compiles the AST to a SQLite WHERE expression and ORDER BY list.
//
//     query      := or
//     or         := and ("or" and)*
//     and        := not ("and" not)*
//     not        := "not" not | primary
//     primary    := "(" or ")" | comparison
//     comparison := field op literal
//                 | field ["not"] ("like" | "ilike") string
//                 | field ["not"] "in" "(" literal ("," literal)* ")"
//                 | field "is" ["not"] "null"
//     op         := = | == | != | <> | < | <= | > | >=
//     field      := ("metrics" | "params" | "tags") "." name | attribute
//     name       := [A-Za-z0-9_\-/.:]+ | `any name` (a `` inside backquotes is one backquote)
//     literal    := number | 'text' ('' escapes ') | "text" ("" escapes ") | true | false | null
//     order      := key ("," key)*      key := ["-" | "+"] field ["asc" | "desc"]
//
// Keywords, attribute names and the metrics/params/tags prefixes are case-insensitive;
// metric, param and tag names are not.

// MARK: - Errors

/// A problem in a run query: a one-line message, where it is, and how to fix it.
public struct RunQueryError: Error, Equatable, Sendable {
    /// One line, lowercase, no trailing period: "expected a value after '>'".
    public let message: String
    /// 0-based character offset into the query text where the problem is.
    public let offset: Int
    /// The fix, when there is one: a did-you-mean or the valid spellings.
    public let hint: String?

    public init(message: String, offset: Int, hint: String? = nil) {
        self.message = message
        self.offset = offset
        self.hint = hint
    }

    /// Two lines: the query (tabs and line breaks shown as spaces), then a `^` under the offset.
    public func pointer(query: String) -> String {
        let line = String(query.map { $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" ? " " : $0 })
        let column = max(0, min(offset, line.count))
        return line + "\n" + String(repeating: " ", count: column) + "^"
    }
}

/// The catalogue of run-query messages: every error the parser and compiler raise is made here.
extension RunQueryError {
    static let maxLength = 100_000
    static let maxDepth = 100
    static let maxComparisons = 1_000

    static func tooLong(count: Int) -> RunQueryError {
        RunQueryError(message: "query is \(count) characters long; the limit is \(maxLength)", offset: maxLength,
                      hint: "filter in several steps, or use 'in (...)' instead of many 'or's")
    }
    static func tooDeep(at offset: Int) -> RunQueryError {
        RunQueryError(message: "query nests deeper than \(maxDepth) levels", offset: offset,
                      hint: "remove redundant parentheses or 'not's")
    }
    static func tooManyComparisons(at offset: Int) -> RunQueryError {
        RunQueryError(message: "query has more than \(maxComparisons) comparisons", offset: offset,
                      hint: "use 'in (...)' to test one field against many values")
    }
    static func unexpectedCharacter(_ c: Character, at offset: Int) -> RunQueryError {
        RunQueryError(message: "unexpected character '\(c)'", offset: offset,
                      hint: c == "!" ? "write != for 'not equal', or 'not' to negate" : nil)
    }
    static func unterminatedString(quote: Character, at offset: Int) -> RunQueryError {
        RunQueryError(message: "unterminated string", offset: offset,
                      hint: "close it with \(quote); write \(quote)\(quote) for a \(quote) inside it")
    }
    static func unterminatedName(at offset: Int) -> RunQueryError {
        RunQueryError(message: "unterminated name", offset: offset, hint: "close it with `")
    }
    static func malformedNumber(_ text: String, at offset: Int) -> RunQueryError {
        RunQueryError(message: "malformed number '\(text)'", offset: offset,
                      hint: "quote text: '\(text)'")
    }
    static func missingName(prefix: String, at offset: Int) -> RunQueryError {
        RunQueryError(message: "expected a name after '\(prefix).'", offset: offset,
                      hint: "write \(prefix).NAME, or quote an unusual name: \(prefix).`my name`")
    }
    static func unknownField(_ spelling: String, at offset: Int, suggestion: String?) -> RunQueryError {
        RunQueryError(message: "unknown field '\(spelling)'", offset: offset,
                      hint: suggestion.map { "did you mean '\($0)'" }
                          ?? "write metrics.NAME, params.NAME, tags.NAME or one of: "
                          + RunAttribute.allCases.map(\.rawValue).joined(separator: ", "))
    }
    static func expectedField(after previous: String?, found: String?, at offset: Int) -> RunQueryError {
        var message = "expected a field"
        if let previous { message += " after '\(previous)'" }
        if let found { message += " but found '\(found)'" }
        return RunQueryError(message: message, offset: offset,
                             hint: "write metrics.NAME, params.NAME, tags.NAME or an attribute such as status")
    }
    static func expectedOperator(after field: String, found: String?, at offset: Int) -> RunQueryError {
        RunQueryError(message: "expected an operator after '\(field)'" + (found.map { " but found '\($0)'" } ?? ""),
                      offset: offset, hint: "use =, !=, <, <=, >, >=, like, in (...) or is null")
    }
    static func expectedValue(after previous: String, found: String?, at offset: Int) -> RunQueryError {
        RunQueryError(message: "expected a value after '\(previous)'" + (found.map { " but found '\($0)'" } ?? ""),
                      offset: offset,
                      hint: found.map { "quote text: '\($0)'" } ?? "write a number, 'text', true, false or null")
    }
    static func expectedPattern(after keyword: String, at offset: Int) -> RunQueryError {
        RunQueryError(message: "expected a quoted pattern after '\(keyword)'", offset: offset,
                      hint: "write e.g. \(keyword) 'resnet%' (% matches any text, _ one character)")
    }
    static func expectedLikeOrIn(at offset: Int) -> RunQueryError {
        RunQueryError(message: "expected 'like', 'ilike' or 'in' after 'not'", offset: offset,
                      hint: "to negate a whole comparison, put 'not' before the field")
    }
    static func expectedNull(at offset: Int) -> RunQueryError {
        RunQueryError(message: "expected 'null' or 'not null' after 'is'", offset: offset, hint: nil)
    }
    static func expectedOpenParen(after keyword: String, at offset: Int) -> RunQueryError {
        RunQueryError(message: "expected '(' after '\(keyword)'", offset: offset, hint: "write in ('a', 'b')")
    }
    static func expectedCommaOrClose(at offset: Int, found: String?) -> RunQueryError {
        RunQueryError(message: "expected ',' or ')' in the 'in' list" + (found.map { " but found '\($0)'" } ?? ""),
                      offset: offset, hint: nil)
    }
    static func unclosedParen(at offset: Int) -> RunQueryError {
        RunQueryError(message: "unclosed '('", offset: offset, hint: "add a ')' to close it")
    }
    static func unmatchedParen(at offset: Int) -> RunQueryError {
        RunQueryError(message: "unmatched ')'", offset: offset, hint: "remove it, or add a '(' before it")
    }
    static func expectedConnective(found: String, closing: Bool, at offset: Int) -> RunQueryError {
        RunQueryError(message: "expected " + (closing ? "'and', 'or' or ')'" : "'and' or 'or'") + " but found '\(found)'",
                      offset: offset, hint: "join comparisons with 'and' or 'or'")
    }
    static func comparedWithNull(_ op: RunComparison, at offset: Int) -> RunQueryError {
        RunQueryError(message: "cannot compare with null using '\(op.spelling)'", offset: offset,
                      hint: op == .notEqual ? "write 'is not null' to test that a value is present"
                                            : "write 'is null' to test that a value is missing")
    }
    static func metricComparedWithText(_ name: String, _ text: String, at offset: Int) -> RunQueryError {
        RunQueryError(message: "cannot compare metric '\(name)' with text '\(text)'", offset: offset,
                      hint: "metrics are numbers; for text use params.\(name) or tags.\(name)")
    }
    static func comparedWithBoolean(_ field: String, _ value: Bool, at offset: Int) -> RunQueryError {
        RunQueryError(message: "cannot compare '\(field)' with \(value)", offset: offset,
                      hint: "true and false can only be compared with = or != against params and tags")
    }
    static func textAttributeComparedWithNumber(_ attribute: RunAttribute, _ spelling: String, at offset: Int) -> RunQueryError {
        RunQueryError(message: "cannot compare text attribute '\(attribute.rawValue)' with a number", offset: offset,
                      hint: "quote it: '\(spelling)'")
    }
    static func numberAttributeComparedWithText(_ attribute: RunAttribute, at offset: Int) -> RunQueryError {
        RunQueryError(message: "cannot compare '\(attribute.rawValue)' with text", offset: offset,
                      hint: attribute == .duration ? "'duration' is a number of seconds" : "'\(attribute.rawValue)' is a number")
    }
    static func unreadableDate(_ text: String, at offset: Int) -> RunQueryError {
        RunQueryError(message: "cannot read '\(text)' as a date", offset: offset,
                      hint: "write unix seconds, or a UTC date like '2024-05-01' or '2024-05-01T12:30:00Z'")
    }
    static func likeOnNumbers(_ field: String, at offset: Int) -> RunQueryError {
        RunQueryError(message: "'like' needs text, but '\(field)' is a number", offset: offset,
                      hint: "compare numbers with =, <, <=, >, >= or in (...)")
    }
}

// MARK: - AST

/// A run attribute: a column of `runs` (or, for `duration`, an expression over two).
public enum RunAttribute: String, CaseIterable, Equatable, Hashable, Sendable {
    case id, kind, name, status, script
    case sourceHash = "source_hash", gitCommit = "git_commit", user
    case startedAt = "started_at", endedAt = "ended_at", duration, parent

    /// Numbers (integers or unix seconds) rather than text.
    public var isNumeric: Bool {
        switch self {
        case .id, .parent, .startedAt, .endedAt, .duration: return true
        default: return false
        }
    }
    /// Times, which also accept a date string such as '2024-05-01'.
    public var isTime: Bool { self == .startedAt || self == .endedAt }
}

/// What a comparison looks at.
public enum RunField: Equatable, Hashable, Sendable {
    case metric(String)
    case param(String)
    case tag(String)
    case attribute(RunAttribute)

    /// The field as a user would write it: `metrics.f1`, `status`.
    public var spelling: String {
        func quoted(_ name: String) -> String {
            name.allSatisfy(RunQueryLexer.isNameCharacter) && !name.isEmpty
                ? name : "`" + name.replacingOccurrences(of: "`", with: "``") + "`"
        }
        switch self {
        case .metric(let n): return "metrics." + quoted(n)
        case .param(let n): return "params." + quoted(n)
        case .tag(let n): return "tags." + quoted(n)
        case .attribute(let a): return a.rawValue
        }
    }
}

/// A literal value in a query.
public enum RunQueryLiteral: Equatable, Sendable {
    case integer(Int64)
    case real(Double)
    case text(String)
    case bool(Bool)
    case null

    var spelling: String {
        switch self {
        case .integer(let v): return String(v)
        case .real(let v): return String(v)
        case .text(let s): return "'" + s.replacingOccurrences(of: "'", with: "''") + "'"
        case .bool(let b): return String(b)
        case .null: return "null"
        }
    }
    var number: Double? {
        switch self {
        case .integer(let v): return Double(v)
        case .real(let v): return v
        default: return nil
        }
    }
}

/// A comparison operator; `==` parses as `.equal` and `<>` as `.notEqual`.
public enum RunComparison: String, Equatable, Sendable {
    case equal = "=", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    var spelling: String { rawValue }
    var isOrdering: Bool { self != .equal && self != .notEqual }
}

/// A parsed run filter.
///
/// Semantics (see RunQuerySQL.swift): a comparison, `like` or `in` holds only for runs that
/// *have* the field; `not` is plain set complement (a run lacking `metrics.x` satisfies
/// `not metrics.x = 1` but not `metrics.x != 1`).
public indirect enum RunQuery: Equatable, Sendable {
    /// Every run: the empty query.
    case all
    case and([RunQuery])
    case or([RunQuery])
    case not(RunQuery)
    /// `field op literal`.
    case compare(RunField, RunComparison, RunQueryLiteral)
    /// `field [not] like 'pattern'` (case-sensitive) or `ilike` (ASCII case-insensitive).
    /// `%` matches any run of characters, `_` one character, `\` escapes the next character.
    case like(RunField, pattern: String, caseSensitive: Bool, negated: Bool)
    /// `field [not] in (literal, …)`.
    case `in`(RunField, [RunQueryLiteral], negated: Bool)
    /// `field is null` (negated: false) or `field is not null` (negated: true): presence of the field.
    case isNull(RunField, negated: Bool)
}

/// A parsed sort order: `"-metrics.f1, started_at"`.
public struct RunOrder: Equatable, Sendable {
    public struct Key: Equatable, Sendable {
        public var field: RunField
        public var descending: Bool
        public init(_ field: RunField, descending: Bool = false) {
            self.field = field
            self.descending = descending
        }
    }
    public var keys: [Key]
    public init(_ keys: [Key] = []) { self.keys = keys }
}

// MARK: - Parsing entry points

extension RunQuery {
    /// Parses a `where` text. Empty or whitespace-only text is `.all`.
    /// - Throws: `RunQueryError` with the offset of the problem.
    /// - Complexity: O(n) in the length of the text.
    public static func parse(_ text: String) throws -> RunQuery {
        var parser = try RunQueryParser(text)
        return try parser.parseQuery()
    }
}

extension RunOrder {
    /// Parses an order text: comma-separated fields, each optionally prefixed by `-` (descending)
    /// or `+`, or followed by `desc` / `asc`. Empty text is no keys (the tiebreak alone).
    public static func parse(_ text: String) throws -> RunOrder {
        var parser = try RunQueryParser(text)
        return try parser.parseOrder()
    }
}

// MARK: - Semantic checks, shared by the parser (with offsets) and the compiler

enum RunQueryCheck {
    /// Checks `field op literal`; `offset` is the literal's.
    static func compare(_ field: RunField, _ op: RunComparison, _ literal: RunQueryLiteral, at offset: Int) throws {
        if literal == .null { throw RunQueryError.comparedWithNull(op, at: offset) }
        switch (field, literal) {
        case (.metric(let name), .text(let s)):
            throw RunQueryError.metricComparedWithText(name, s, at: offset)
        case (.metric, .bool(let b)):
            throw RunQueryError.comparedWithBoolean(field.spelling, b, at: offset)
        case (.param, .bool(let b)), (.tag, .bool(let b)):
            if op.isOrdering { throw RunQueryError.comparedWithBoolean(field.spelling, b, at: offset) }
        case (.attribute, .bool(let b)):
            throw RunQueryError.comparedWithBoolean(field.spelling, b, at: offset)
        case (.attribute(let a), .integer), (.attribute(let a), .real):
            if !a.isNumeric { throw RunQueryError.textAttributeComparedWithNumber(a, literal.spelling, at: offset) }
        case (.attribute(let a), .text(let s)):
            if a.isTime {
                if RunQueryDate.unixSeconds(s) == nil { throw RunQueryError.unreadableDate(s, at: offset) }
            } else if a.isNumeric {
                throw RunQueryError.numberAttributeComparedWithText(a, at: offset)
            }
        default:
            break
        }
    }

    /// Checks `field like …`; `offset` is the field's.
    static func like(_ field: RunField, at offset: Int) throws {
        switch field {
        case .metric: throw RunQueryError.likeOnNumbers(field.spelling, at: offset)
        case .attribute(let a) where a.isNumeric: throw RunQueryError.likeOnNumbers(field.spelling, at: offset)
        default: break
        }
    }
}

/// Date strings for `started_at` / `ended_at`: `YYYY-MM-DD`, optionally followed by `T` or a
/// space and `HH:MM[:SS[.fff]]`, optionally `Z`. Always UTC.
enum RunQueryDate {
    static func unixSeconds(_ text: String) -> Double? {
        let s = Array(text.utf8)
        var i = 0
        func digits(_ n: Int) -> Int? {
            guard i + n <= s.count else { return nil }
            var v = 0
            for k in i..<(i + n) {
                guard s[k] >= 48, s[k] <= 57 else { return nil }
                v = v * 10 + Int(s[k] - 48)
            }
            i += n
            return v
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < s.count, s[i] == c else { return false }
            i += 1
            return true
        }
        guard let y = digits(4), expect(45), let mo = digits(2), expect(45), let d = digits(2),
              (1...12).contains(mo), (1...31).contains(d) else { return nil }
        var seconds = 0.0
        if i < s.count, s[i] == 84 || s[i] == 32 {  // 'T' or ' '
            i += 1
            guard let h = digits(2), expect(58), let mi = digits(2), h < 24, mi < 60 else { return nil }
            seconds = Double(h * 3600 + mi * 60)
            if expect(58) {
                guard let sec = digits(2), sec < 61 else { return nil }
                seconds += Double(sec)
                if expect(46) {
                    let start = i
                    var frac = 0.0, scale = 0.1
                    while i < s.count, s[i] >= 48, s[i] <= 57 { frac += Double(s[i] - 48) * scale; scale /= 10; i += 1 }
                    if i == start { return nil }
                    seconds += frac
                }
            }
            _ = expect(90)  // 'Z'
        }
        guard i == s.count else { return nil }
        // Days from the civil date (Howard Hinnant's algorithm).
        let yy = mo <= 2 ? y - 1 : y
        let era = (yy >= 0 ? yy : yy - 399) / 400
        let yoe = yy - era * 400
        let doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        return Double(days) * 86_400 + seconds
    }
}

// MARK: - Tokens

struct RunQueryToken: Equatable {
    enum Kind: Equatable {
        /// A bare identifier: a keyword, an attribute, true/false/null.
        case word(String)
        /// `prefix.name`; the name may have been backquoted.
        case field(prefix: String, name: String)
        case string(String)
        case number(RunQueryLiteral)
        case op(RunComparison)
        case openParen, closeParen, comma, minus, plus
        case end
    }
    var kind: Kind
    /// Character offset of the token's first character.
    var offset: Int
    /// The token as written.
    var text: String

    func isKeyword(_ k: String) -> Bool {
        if case .word(let w) = kind { return w.lowercased() == k }
        return false
    }
}

struct RunQueryLexer {
    static func isHeadCharacter(_ c: Character) -> Bool {
        c.isASCII && (c.isLetter || c == "_")
    }
    static func isIdentifierCharacter(_ c: Character) -> Bool {
        c.isASCII && (c.isLetter || c.isNumber || c == "_")
    }
    static func isNameCharacter(_ c: Character) -> Bool {
        c.isASCII && (c.isLetter || c.isNumber || "_-/.:".contains(c))
    }

    static func tokenize(_ chars: [Character]) throws -> [RunQueryToken] {
        var tokens: [RunQueryToken] = []
        var i = 0
        func text(_ from: Int) -> String { String(chars[from..<i]) }
        while true {
            while i < chars.count, chars[i].isWhitespace { i += 1 }
            guard i < chars.count else { break }
            let start = i
            let c = chars[i]
            switch c {
            case "(": i += 1; tokens.append(.init(kind: .openParen, offset: start, text: "("))
            case ")": i += 1; tokens.append(.init(kind: .closeParen, offset: start, text: ")"))
            case ",": i += 1; tokens.append(.init(kind: .comma, offset: start, text: ","))
            case "=":
                i += 1
                if i < chars.count, chars[i] == "=" { i += 1 }
                tokens.append(.init(kind: .op(.equal), offset: start, text: text(start)))
            case "!":
                guard i + 1 < chars.count, chars[i + 1] == "=" else { throw RunQueryError.unexpectedCharacter(c, at: start) }
                i += 2
                tokens.append(.init(kind: .op(.notEqual), offset: start, text: "!="))
            case "<":
                i += 1
                var op = RunComparison.less
                if i < chars.count, chars[i] == "=" { i += 1; op = .lessOrEqual }
                else if i < chars.count, chars[i] == ">" { i += 1; op = .notEqual }
                tokens.append(.init(kind: .op(op), offset: start, text: text(start)))
            case ">":
                i += 1
                var op = RunComparison.greater
                if i < chars.count, chars[i] == "=" { i += 1; op = .greaterOrEqual }
                tokens.append(.init(kind: .op(op), offset: start, text: text(start)))
            case "'", "\"":
                i += 1
                var value = ""
                while true {
                    guard i < chars.count else { throw RunQueryError.unterminatedString(quote: c, at: start) }
                    if chars[i] == c {
                        if i + 1 < chars.count, chars[i + 1] == c { value.append(c); i += 2; continue }
                        i += 1
                        break
                    }
                    value.append(chars[i])
                    i += 1
                }
                tokens.append(.init(kind: .string(value), offset: start, text: text(start)))
            default:
                let startsNumber: (Int) -> Bool = { j in
                    j < chars.count && (chars[j].isASCII && chars[j].isNumber
                        || chars[j] == "." && j + 1 < chars.count && chars[j + 1].isASCII && chars[j + 1].isNumber)
                }
                if c == "-" || c == "+" {
                    if startsNumber(i + 1) {
                        tokens.append(try number(chars, &i))
                    } else {
                        i += 1
                        tokens.append(.init(kind: c == "-" ? .minus : .plus, offset: start, text: String(c)))
                    }
                } else if startsNumber(i) {
                    tokens.append(try number(chars, &i))
                } else if isHeadCharacter(c) {
                    while i < chars.count, isIdentifierCharacter(chars[i]) { i += 1 }
                    let head = text(start)
                    guard i < chars.count, chars[i] == "." else {
                        tokens.append(.init(kind: .word(head), offset: start, text: head))
                        continue
                    }
                    i += 1
                    var name = ""
                    if i < chars.count, chars[i] == "`" {
                        let quote = i
                        i += 1
                        while true {
                            guard i < chars.count else { throw RunQueryError.unterminatedName(at: quote) }
                            if chars[i] == "`" {
                                if i + 1 < chars.count, chars[i + 1] == "`" { name.append("`"); i += 2; continue }
                                i += 1
                                break
                            }
                            name.append(chars[i])
                            i += 1
                        }
                        if name.isEmpty { throw RunQueryError.missingName(prefix: head, at: quote) }
                    } else {
                        let nameStart = i
                        while i < chars.count, isNameCharacter(chars[i]) { i += 1 }
                        name = String(chars[nameStart..<i])
                        if name.isEmpty { throw RunQueryError.missingName(prefix: head, at: nameStart) }
                    }
                    tokens.append(.init(kind: .field(prefix: head, name: name), offset: start, text: text(start)))
                } else {
                    throw RunQueryError.unexpectedCharacter(c, at: start)
                }
            }
        }
        tokens.append(.init(kind: .end, offset: chars.count, text: ""))
        return tokens
    }

    /// `[+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?`, not followed by a name character.
    private static func number(_ chars: [Character], _ i: inout Int) throws -> RunQueryToken {
        let start = i
        func isDigit(_ j: Int) -> Bool { j < chars.count && chars[j].isASCII && chars[j].isNumber }
        if chars[i] == "-" || chars[i] == "+" { i += 1 }
        while isDigit(i) { i += 1 }
        var isInteger = true
        if i < chars.count, chars[i] == "." {
            isInteger = false
            i += 1
            while isDigit(i) { i += 1 }
        }
        if i < chars.count, chars[i] == "e" || chars[i] == "E" {
            var j = i + 1
            if j < chars.count, chars[j] == "-" || chars[j] == "+" { j += 1 }
            if isDigit(j) {
                isInteger = false
                i = j
                while isDigit(i) { i += 1 }
            }
        }
        if i < chars.count, isIdentifierCharacter(chars[i]) || chars[i] == "." {
            while i < chars.count, isNameCharacter(chars[i]) { i += 1 }
            throw RunQueryError.malformedNumber(String(chars[start..<i]), at: start)
        }
        let text = String(chars[start..<i])
        if isInteger, let v = Int64(text) {
            return .init(kind: .number(.integer(v)), offset: start, text: text)
        }
        guard let v = Double(text), v.isFinite else { throw RunQueryError.malformedNumber(text, at: start) }
        return .init(kind: .number(.real(v)), offset: start, text: text)
    }
}

// MARK: - Parser

/// Recursive descent over the token list. Depth (parentheses plus `not`s) and the number of
/// comparisons are bounded, so hostile input fails with an error rather than a stack overflow.
struct RunQueryParser {
    private static let keywords: Set<String> = ["and", "or", "not", "like", "ilike", "in", "is", "null", "true", "false"]
    private static let prefixes = ["metrics", "params", "tags"]

    private var tokens: [RunQueryToken]
    private var index = 0
    private var depth = 0
    private var comparisons = 0

    init(_ text: String) throws {
        let chars = Array(text)
        if chars.count > RunQueryError.maxLength { throw RunQueryError.tooLong(count: chars.count) }
        tokens = try RunQueryLexer.tokenize(chars)
    }

    private var current: RunQueryToken { tokens[index] }
    private var previousText: String? { index > 0 ? tokens[index - 1].text : nil }
    private mutating func advance() { if index < tokens.count - 1 { index += 1 } }
    /// The current token as shown in "but found '…'"; nil at the end.
    private var found: String? { current.kind == .end ? nil : current.text }

    mutating func parseQuery() throws -> RunQuery {
        if current.kind == .end { return .all }
        let query = try parseOr()
        switch current.kind {
        case .end: return query
        case .closeParen: throw RunQueryError.unmatchedParen(at: current.offset)
        default: throw RunQueryError.expectedConnective(found: current.text, closing: false, at: current.offset)
        }
    }

    private mutating func parseOr() throws -> RunQuery {
        var items = [try parseAnd()]
        while current.isKeyword("or") {
            advance()
            items.append(try parseAnd())
        }
        return items.count == 1 ? items[0] : .or(items)
    }

    private mutating func parseAnd() throws -> RunQuery {
        var items = [try parseNot()]
        while current.isKeyword("and") {
            advance()
            items.append(try parseNot())
        }
        return items.count == 1 ? items[0] : .and(items)
    }

    private mutating func enter() throws {
        depth += 1
        if depth > RunQueryError.maxDepth { throw RunQueryError.tooDeep(at: current.offset) }
    }

    private mutating func parseNot() throws -> RunQuery {
        guard current.isKeyword("not") else { return try parsePrimary() }
        try enter()
        advance()
        let inner = try parseNot()
        depth -= 1
        return .not(inner)
    }

    private mutating func parsePrimary() throws -> RunQuery {
        guard current.kind == .openParen else { return try parseComparison() }
        let open = current.offset
        try enter()
        advance()
        let inner = try parseOr()
        switch current.kind {
        case .closeParen: advance()
        case .end: throw RunQueryError.unclosedParen(at: open)
        default: throw RunQueryError.expectedConnective(found: current.text, closing: true, at: current.offset)
        }
        depth -= 1
        return inner
    }

    private mutating func parseComparison() throws -> RunQuery {
        let fieldToken = current
        comparisons += 1
        if comparisons > RunQueryError.maxComparisons { throw RunQueryError.tooManyComparisons(at: fieldToken.offset) }
        let field = try parseField()
        switch current.kind {
        case .op(let op):
            let opText = current.text
            advance()
            let literalOffset = current.offset
            let literal = try parseLiteral(after: opText)
            try RunQueryCheck.compare(field, op, literal, at: literalOffset)
            return .compare(field, op, literal)
        case .word(let w):
            switch w.lowercased() {
            case "not":
                advance()
                if current.isKeyword("like") || current.isKeyword("ilike") {
                    return try parseLike(field, fieldOffset: fieldToken.offset, negated: true)
                }
                if current.isKeyword("in") { return try parseIn(field, negated: true) }
                throw RunQueryError.expectedLikeOrIn(at: current.offset)
            case "like", "ilike":
                return try parseLike(field, fieldOffset: fieldToken.offset, negated: false)
            case "in":
                return try parseIn(field, negated: false)
            case "is":
                advance()
                var negated = false
                if current.isKeyword("not") { negated = true; advance() }
                guard current.isKeyword("null") else { throw RunQueryError.expectedNull(at: current.offset) }
                advance()
                return .isNull(field, negated: negated)
            default:
                break
            }
        default:
            break
        }
        throw RunQueryError.expectedOperator(after: fieldToken.text, found: found, at: current.offset)
    }

    private mutating func parseLike(_ field: RunField, fieldOffset: Int, negated: Bool) throws -> RunQuery {
        let keyword = current.text
        let caseSensitive = current.isKeyword("like")
        try RunQueryCheck.like(field, at: fieldOffset)
        advance()
        guard case .string(let pattern) = current.kind else {
            throw RunQueryError.expectedPattern(after: keyword.lowercased(), at: current.offset)
        }
        advance()
        return .like(field, pattern: pattern, caseSensitive: caseSensitive, negated: negated)
    }

    private mutating func parseIn(_ field: RunField, negated: Bool) throws -> RunQuery {
        let keyword = current.text
        advance()
        guard current.kind == .openParen else { throw RunQueryError.expectedOpenParen(after: keyword, at: current.offset) }
        var values: [RunQueryLiteral] = []
        while true {
            let separator = current.text
            advance()
            let offset = current.offset
            let literal = try parseLiteral(after: separator)
            try RunQueryCheck.compare(field, .equal, literal, at: offset)
            values.append(literal)
            if current.kind == .closeParen { advance(); break }
            guard current.kind == .comma else { throw RunQueryError.expectedCommaOrClose(at: current.offset, found: found) }
        }
        return .in(field, values, negated: negated)
    }

    private mutating func parseLiteral(after previous: String) throws -> RunQueryLiteral {
        let token = current
        switch token.kind {
        case .number(let v): advance(); return v
        case .string(let s): advance(); return .text(s)
        case .word(let w):
            switch w.lowercased() {
            case "true": advance(); return .bool(true)
            case "false": advance(); return .bool(false)
            case "null": advance(); return .null
            default: break
            }
            if Self.keywords.contains(w.lowercased()) {
                throw RunQueryError.expectedValue(after: previous, found: nil, at: token.offset)
            }
            throw RunQueryError.expectedValue(after: previous, found: token.text, at: token.offset)
        case .field:
            throw RunQueryError.expectedValue(after: previous, found: token.text, at: token.offset)
        default:
            throw RunQueryError.expectedValue(after: previous, found: nil, at: token.offset)
        }
    }

    private mutating func parseField() throws -> RunField {
        let token = current
        switch token.kind {
        case .field(let prefix, let name):
            advance()
            switch prefix.lowercased() {
            case "metrics": return .metric(name)
            case "params": return .param(name)
            case "tags": return .tag(name)
            default:
                let suggestion = RunQuerySuggestion.closest(to: prefix.lowercased(), in: Self.prefixes)
                throw RunQueryError.unknownField(token.text, at: token.offset,
                                                 suggestion: suggestion.map { $0 + "." + String(token.text.dropFirst(prefix.count + 1)) })
            }
        case .word(let w):
            let lower = w.lowercased()
            if let attribute = RunAttribute(rawValue: lower) { advance(); return .attribute(attribute) }
            if Self.prefixes.contains(lower) {
                throw RunQueryError.missingName(prefix: w, at: token.offset + w.count)
            }
            if Self.keywords.contains(lower) {
                throw RunQueryError.expectedField(after: previousText, found: w, at: token.offset)
            }
            let candidates = RunAttribute.allCases.map(\.rawValue) + Self.prefixes
            var suggestion = RunQuerySuggestion.closest(to: lower, in: candidates)
            if let s = suggestion, Self.prefixes.contains(s) { suggestion = s + ".NAME" }
            throw RunQueryError.unknownField(w, at: token.offset, suggestion: suggestion)
        case .end:
            throw RunQueryError.expectedField(after: previousText, found: nil, at: token.offset)
        default:
            throw RunQueryError.expectedField(after: previousText, found: token.text, at: token.offset)
        }
    }

    mutating func parseOrder() throws -> RunOrder {
        var keys: [RunOrder.Key] = []
        if current.kind == .end { return RunOrder() }
        while true {
            var sign: RunQueryToken?
            if current.kind == .minus || current.kind == .plus { sign = current; advance() }
            let field = try parseField()
            var descending = sign?.kind == .minus
            if current.isKeyword("asc") || current.isKeyword("desc") {
                let wantsDescending = current.isKeyword("desc")
                if let sign, (sign.kind == .minus) != wantsDescending {
                    throw RunQueryError(message: "'\(sign.text)' and '\(current.text)' disagree", offset: current.offset,
                                        hint: "write -FIELD or FIELD desc for descending, FIELD or FIELD asc for ascending")
                }
                descending = wantsDescending
                advance()
            }
            keys.append(.init(field, descending: descending))
            switch current.kind {
            case .end: return RunOrder(keys)
            case .comma:
                advance()
            default:
                throw RunQueryError(message: "expected ',', 'asc' or 'desc' but found '\(current.text)'", offset: current.offset,
                                    hint: "separate sort fields with commas: -metrics.f1, started_at")
            }
        }
    }
}

// MARK: - Did-you-mean

/// Closest candidate by optimal-string-alignment distance (same rule as NameMatching's
/// `NameSuggestion.closest`, copied so this file needs only Foundation).
enum RunQuerySuggestion {
    static func closest(to name: String, in candidates: [String]) -> String? {
        guard name.count > 2 else { return nil }
        let limit = max(1, min(3, name.count / 3 + 1))
        var best: (name: String, distance: Int)?
        for candidate in candidates where candidate != name {
            let d = distance(name, candidate)
            if d <= limit, best == nil || d < best!.distance { best = (candidate, d) }
        }
        return best?.name
    }

    /// - Complexity: O(m·n).
    static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: y.count + 1), count: x.count + 1)
        for i in 0...x.count { d[i][0] = i }
        for j in 0...y.count { d[0][j] = j }
        for i in 1...x.count {
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[x.count][y.count]
    }
}
