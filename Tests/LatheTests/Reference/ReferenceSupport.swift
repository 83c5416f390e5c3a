// Shared helpers for the reference tests: locating Tests/Fixtures, a small JSON reader that
// keeps each number's text (so int64 cells beyond 2^53 stay exact and floats go through a
// correctly rounding `Double(String)`), and the 1e-12 relative comparison.

import LatheCore
import Foundation
import Testing

enum ReferenceFixtures {
    /// The repository root: walk up from this file until a folder holds `Package.swift`.
    static let root: URL = {
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while dir.path != "/" {
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) {
                return dir
            }
            dir = dir.deletingLastPathComponent()
        }
        return dir
    }()

    /// An absolute path for a path relative to the repository root.
    static func path(_ relative: String) -> String {
        root.appendingPathComponent(relative).path
    }

    /// An absolute path for a path relative to `Tests/Fixtures`.
    static func fixture(_ relative: String) -> String {
        path("Tests/Fixtures/" + relative)
    }

    /// The parsed JSON fixture, or `.null` (with a recorded issue) if it cannot be read.
    static func json(_ relative: String) -> RefJSON {
        do {
            let data = try Foundation.Data(contentsOf: URL(fileURLWithPath: fixture(relative)))
            return try RefJSON.parse(Array(data))
        } catch {
            Issue.record("cannot load fixture \(relative): \(error)")
            return .null
        }
    }
}

/// A parsed JSON value. Numbers keep their text.
enum RefJSON: Equatable, CustomStringConvertible {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([RefJSON])
    case object([(String, RefJSON)])

    static func == (a: RefJSON, b: RefJSON) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.number(let x), .number(let y)): return x == y
        case (.string(let x), .string(let y)): return x == y
        case (.array(let x), .array(let y)): return x == y
        case (.object(let x), .object(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    var description: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return String(b)
        case .number(let t): return t
        case .string(let s): return "\"\(s)\""
        case .array(let a): return "[" + a.map(\.description).joined(separator: ", ") + "]"
        case .object(let o): return "{" + o.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
        }
    }

    subscript(key: String) -> RefJSON {
        if case .object(let members) = self, let hit = members.first(where: { $0.0 == key }) { return hit.1 }
        return .null
    }

    subscript(index: Int) -> RefJSON {
        if case .array(let items) = self, index >= 0, index < items.count { return items[index] }
        return .null
    }

    var isNull: Bool { self == .null }
    var array: [RefJSON] { if case .array(let a) = self { return a }; return [] }
    var keys: [String] { if case .object(let o) = self { return o.map(\.0) }; return [] }
    var string: String? { if case .string(let s) = self { return s }; return nil }
    var bool: Bool? { if case .bool(let b) = self { return b }; return nil }

    /// A float: a JSON number, or the strings "NaN", "Infinity", "-Infinity".
    var double: Double? {
        switch self {
        case .number(let t): return Double(t)
        case .string("NaN"): return .nan
        case .string("Infinity"): return .infinity
        case .string("-Infinity"): return -.infinity
        default: return nil
        }
    }

    /// An integer written without a fraction or exponent, parsed as Int64 (never via Double).
    var int64: Int64? { if case .number(let t) = self { return Int64(t) }; return nil }
    var int: Int? { int64.map { Int($0) } }

    var doubles: [Double] { array.map { $0.double ?? .nan } }
    var ints: [Int] { array.map { $0.int ?? Int.min } }

    // MARK: Parsing (RFC 8259; enough for the generator's output)

    struct ParseError: Error, CustomStringConvertible {
        var offset: Int
        var description: String { "invalid JSON at byte \(offset)" }
    }

    static func parse(_ bytes: [UInt8]) throws -> RefJSON {
        var p = Parser(bytes: bytes)
        let value = try p.value()
        p.skipSpace()
        guard p.i == bytes.count else { throw ParseError(offset: p.i) }
        return value
    }

    private struct Parser {
        let bytes: [UInt8]
        var i = 0

        mutating func skipSpace() {
            while i < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[i]) { i += 1 }
        }

        mutating func literal(_ word: String, _ value: RefJSON) throws -> RefJSON {
            let w = Array(word.utf8)
            guard i + w.count <= bytes.count, Array(bytes[i..<(i + w.count)]) == w else { throw ParseError(offset: i) }
            i += w.count
            return value
        }

        mutating func value() throws -> RefJSON {
            skipSpace()
            guard i < bytes.count else { throw ParseError(offset: i) }
            switch bytes[i] {
            case UInt8(ascii: "n"): return try literal("null", .null)
            case UInt8(ascii: "t"): return try literal("true", .bool(true))
            case UInt8(ascii: "f"): return try literal("false", .bool(false))
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "["):
                i += 1
                var items: [RefJSON] = []
                skipSpace()
                if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
                while true {
                    items.append(try value())
                    skipSpace()
                    guard i < bytes.count else { throw ParseError(offset: i) }
                    if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                    if bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
                    throw ParseError(offset: i)
                }
            case UInt8(ascii: "{"):
                i += 1
                var members: [(String, RefJSON)] = []
                skipSpace()
                if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return .object(members) }
                while true {
                    skipSpace()
                    guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw ParseError(offset: i) }
                    let key = try string()
                    skipSpace()
                    guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw ParseError(offset: i) }
                    i += 1
                    members.append((key, try value()))
                    skipSpace()
                    guard i < bytes.count else { throw ParseError(offset: i) }
                    if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                    if bytes[i] == UInt8(ascii: "}") { i += 1; return .object(members) }
                    throw ParseError(offset: i)
                }
            default:
                let start = i
                while i < bytes.count, "+-0123456789.eE".utf8.contains(bytes[i]) { i += 1 }
                guard i > start else { throw ParseError(offset: i) }
                return .number(String(decoding: bytes[start..<i], as: UTF8.self))
            }
        }

        mutating func hex4() throws -> UInt32 {
            guard i + 4 <= bytes.count,
                  let v = UInt32(String(decoding: bytes[i..<(i + 4)], as: UTF8.self), radix: 16)
            else { throw ParseError(offset: i) }
            i += 4
            return v
        }

        mutating func string() throws -> String {
            i += 1  // opening quote
            var out: [UInt8] = []
            while true {
                guard i < bytes.count else { throw ParseError(offset: i) }
                let b = bytes[i]
                i += 1
                if b == UInt8(ascii: "\"") { break }
                if b != UInt8(ascii: "\\") { out.append(b); continue }
                guard i < bytes.count else { throw ParseError(offset: i) }
                let e = bytes[i]
                i += 1
                switch e {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800..<0xDC00).contains(scalar) {
                        guard i + 2 <= bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u")
                        else { throw ParseError(offset: i) }
                        i += 2
                        let low = try hex4()
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let s = Unicode.Scalar(scalar) else { throw ParseError(offset: i) }
                    out.append(contentsOf: Array(String(Character(s)).utf8))
                default: out.append(e)  // \" \\ \/
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
    }
}

/// The reference tolerance (Tests/Fixtures/README.md, "issue 3"): 1e-12 relative.
let referenceRelativeTolerance = 1e-12

/// True when `a` and `b` agree to `relative` of the larger magnitude; NaN matches only NaN,
/// and infinities only themselves. No absolute floor: an expected 0 must be met exactly.
func referenceClose(_ a: Double, _ b: Double, relative: Double = referenceRelativeTolerance) -> Bool {
    if a.isNaN || b.isNaN { return a.isNaN && b.isNaN }
    if a == b { return true }
    if a.isInfinite || b.isInfinite { return false }
    return abs(a - b) <= relative * max(abs(a), abs(b))
}

/// Records an issue naming `what` unless `actual` is within tolerance of `expected`.
func expectReference(_ actual: Double, _ expected: Double, _ what: @autoclosure () -> String,
                     sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(referenceClose(actual, expected), "\(what()): got \(actual), expected \(expected)",
            sourceLocation: sourceLocation)
}

func expectReference(_ actual: [Double], _ expected: [Double], _ what: @autoclosure () -> String,
                     sourceLocation: SourceLocation = #_sourceLocation) {
    let ok = actual.count == expected.count && zip(actual, expected).allSatisfy { referenceClose($0, $1) }
    #expect(ok, "\(what()): got \(actual), expected \(expected)", sourceLocation: sourceLocation)
}
