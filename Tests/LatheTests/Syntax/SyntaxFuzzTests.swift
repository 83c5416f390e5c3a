import Testing
import Syntax

/// SplitMix64: a tiny, seedable generator so fuzz runs are reproducible.
public struct SyntaxFuzzRandom: RandomNumberGenerator {
    public var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// A value in `0..<bound` (bound > 0).
    public mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(max(1, bound))) }
    public mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
}

/// Generators of random Lathe-ish source text, shared by the fuzz tests.
public enum SyntaxTokenSoup {
    /// Every fixed token spelling, plus a few near-misses that stress recovery.
    public static let spellings: [String] = TokenKind.allCases.compactMap { kind in
        switch kind {
        case .number, .string, .identifier, .eof, .invalid: return nil
        default: return kind.rawValue
        }
    } + ["(", ")", "[", "]", "{", "}", "\n", "\n", "\n", ";", ",", "..", "!", "@", "|", "&"]

    static let names = ["x", "y", "f", "xs", "ds", "_tmp", "print", "model", "a1"]
    static let numbers = ["0", "1", "2.5", "1e-3", "1_000", "3e", "007", "1_"]
    static let strings = [#""""#, #""a""#, #""${x}""#, #""n=${f(1, k: 2)}!""#, #""\n\t\$\u{41}""#,
                          #""${"${y}"}""#, #""${}""#, #""\q""#, #""open"#, #""${x"#, #""${{a: 1}}""#]

    /// A random sequence of valid token spellings, names, literals, brackets and newlines.
    public static func soup(_ random: inout SyntaxFuzzRandom, maxTokens: Int = 40) -> String {
        let count = random.below(maxTokens + 1)
        var pieces: [String] = []
        pieces.reserveCapacity(count)
        for _ in 0..<count {
            switch random.below(10) {
            case 0...4: pieces.append(spellings[random.below(spellings.count)])
            case 5, 6: pieces.append(names[random.below(names.count)])
            case 7: pieces.append(numbers[random.below(numbers.count)])
            case 8: pieces.append(strings[random.below(strings.count)])
            default: pieces.append(["(", ")", "{", "}", "[", "]", "\n"][random.below(7)])
            }
        }
        var text = ""
        for piece in pieces {
            text += piece
            text += random.chance(70) ? " " : ""
        }
        return text
    }

    /// Random bytes, biased towards the characters the lexer treats specially.
    public static func bytes(_ random: inout SyntaxFuzzRandom, maxLength: Int = 64) -> [UInt8] {
        let special = Array("\"$\\{}()[]\n#.<|=>+-_e0123456789 \t\r".utf8)
        let length = random.below(maxLength + 1)
        var result: [UInt8] = []
        result.reserveCapacity(length)
        for _ in 0..<length {
            switch random.below(4) {
            case 0: result.append(UInt8(truncatingIfNeeded: random.next()))
            case 1: result.append(special[random.below(special.count)])
            default: result.append(UInt8(0x20 + random.below(0x5F)))
            }
        }
        return result
    }

    /// A random well-formed expression (depth-limited).
    public static func expression(_ random: inout SyntaxFuzzRandom, depth: Int = 0) -> String {
        if depth > 4 || random.chance(30) {
            switch random.below(5) {
            case 0: return names[random.below(names.count)]
            case 1: return ["0", "1", "2.5", "1e-3", "1_000"][random.below(5)]
            case 2: return [#""s""#, #""a ${x} b""#, "true", "false", "null"][random.below(5)]
            case 3: return "[]"
            default: return "{}"
            }
        }
        let sub = { (random: inout SyntaxFuzzRandom) in expression(&random, depth: depth + 1) }
        switch random.below(12) {
        case 0:
            let op = ["+", "-", "*", "/", "%", "and", "or", "|>"][random.below(8)]
            if op == "|>" { return "(\(sub(&random)) |> f(\(sub(&random))))" }
            return "(\(sub(&random)) \(op) \(sub(&random)))"
        case 1: return "(\(sub(&random)) \(["==", "!=", "<", "<=", ">", ">="][random.below(6)]) \(sub(&random)))"
        case 2: return "(\(sub(&random)) ..< \(sub(&random)))"
        case 3: return "-\(sub(&random))"
        case 4: return "(not \(sub(&random)))"
        case 5: return "f(\(sub(&random)), k: \(sub(&random)))"
        case 6: return "(\(sub(&random))).name"
        case 7: return "xs[\(sub(&random))]"
        case 8: return "[\(sub(&random)), \(sub(&random)),]"
        case 9: return "{a: \(sub(&random)), \"b c\": \(sub(&random))}"
        case 10: return "fn(p, q: \(sub(&random))) => \(sub(&random))"
        default: return "\"v=${\(sub(&random))}\""
        }
    }
}

/// Checks the invariants every parse must keep, whatever the input.
private func checkSyntaxInvariants(_ text: String, firstNodeID: NodeID = 0) -> [Diagnostic] {
    let file = SourceFile(id: 7, path: "fuzz.mlx", text: text)
    var lexer = Lexer(file: file)
    let (tokens, lexDiagnostics) = lexer.tokenize()
    let size = Int32(file.bytes.count)
    #expect(tokens.last?.kind == .eof)
    #expect(tokens.dropLast().allSatisfy { $0.kind != .eof })
    var previousEnd: Int32 = 0
    for token in tokens {
        #expect(token.span.start >= previousEnd && token.span.end <= size && token.span.file == 7)
        previousEnd = token.span.end
    }
    #expect(tokens.filter { $0.kind == .invalid }.count <= lexDiagnostics.count)
    let result = Parser.parse(file: file, firstNodeID: firstNodeID)
    #expect(result.nextNodeID >= firstNodeID)
    for diagnostic in result.diagnostics {
        #expect(diagnostic.span.start >= 0 && diagnostic.span.end <= size)
        #expect(diagnostic.code.hasPrefix("E00"))
        #expect(!diagnostic.message.isEmpty && diagnostic.message.last != ".")
    }
    for statement in result.program.statements {
        #expect(statement.span.start >= 0 && statement.span.start <= statement.span.end && statement.span.end <= size)
    }
    return result.diagnostics
}

@Suite("Syntax fuzzing")
struct SyntaxFuzzTests {
    @Test func randomBytesNeverCrash() {
        var random = SyntaxFuzzRandom(seed: 0x1A7E)
        for _ in 0..<10_000 {
            let bytes = SyntaxTokenSoup.bytes(&random)
            _ = checkSyntaxInvariants(String(decoding: bytes, as: UTF8.self))
        }
    }

    @Test func tokenSoupsNeverCrash() {
        var random = SyntaxFuzzRandom(seed: 42)
        for _ in 0..<10_000 {
            _ = checkSyntaxInvariants(SyntaxTokenSoup.soup(&random))
        }
    }

    @Test func longSoupsNeverCrash() {
        var random = SyntaxFuzzRandom(seed: 7)
        for _ in 0..<200 {
            _ = checkSyntaxInvariants(SyntaxTokenSoup.soup(&random, maxTokens: 600))
        }
    }

    @Test func wellFormedExpressionsParseCleanly() {
        var random = SyntaxFuzzRandom(seed: 2024)
        for _ in 0..<2_000 {
            let source = SyntaxTokenSoup.expression(&random)
            let file = SourceFile(id: 0, path: "gen.mlx", text: "let v = " + source)
            let result = Parser.parse(file: file)
            #expect(result.diagnostics.isEmpty, "\(source): \(result.diagnostics.map(\.message))")
            guard result.program.statements.count == 1,
                  case .binding(_, _, let value) = result.program.statements[0].kind else {
                Issue.record("\(source) did not parse as one binding")
                continue
            }
            #expect(file.text(of: value.span) == source)
        }
    }
}
