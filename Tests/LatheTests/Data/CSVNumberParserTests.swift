import Testing
import Numeric
@testable import Data
#if canImport(Glibc)
import Glibc
#endif

/// The CSV number parser must agree with `strtod` bit for bit.
@Suite struct CSVNumberParserTests {
    func parsed(_ text: String) -> CSVNumberParser.Scan {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { CSVNumberParser.scan($0.baseAddress!, 0, bytes.count) }
    }

    func reference(_ text: String) -> Double {
        text.withCString { strtod($0, nil) }
    }

    func expectSameAsStrtod(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let result = parsed(text)
        let expected = reference(text)
        #expect(result.kind != .invalid, "\(text) not recognised", sourceLocation: sourceLocation)
        #expect(result.stop == text.utf8.count, "\(text) stopped early", sourceLocation: sourceLocation)
        #expect(result.real.bitPattern == expected.bitPattern,
                "\(text): got \(result.real), strtod \(expected)", sourceLocation: sourceLocation)
    }

    @Test func integersAndTheirLimits() {
        #expect(parsed("42").kind == .integer)
        #expect(parsed("42").integer == 42)
        #expect(parsed("-0").integer == 0)
        #expect(parsed("+7").integer == 7)
        #expect(parsed("007").integer == 7)
        #expect(parsed("9223372036854775807").integer == Int64.max)
        #expect(parsed("-9223372036854775808").integer == Int64.min)
        let over = parsed("9223372036854775808")
        // Digits only but past Int64: `bigInteger` (the reader keeps such digits as text),
        // with the nearest double beside it.
        #expect(over.kind == .bigInteger)
        #expect(over.real == 9223372036854775808.0)
        #expect(parsed("-9223372036854775809").kind == .bigInteger)
        #expect(parsed("123456789012345678901234").kind == .bigInteger)
        #expect(parsed("123456789012345678901234.5").kind == .real)
        #expect(parsed("1234567890123456789e2").kind == .real)
        expectSameAsStrtod("123456789012345678901234")
    }

    @Test func decimalForms() {
        for text in ["1.5", "-2.5e+2", "1e3", "1E-2", "6.02e23", ".5", "-.5", "5.", "0.1", "0.0", "-0.0",
                     "3.141592653589793", "0.30000000000000004", "1e-7", "123.456e-5", "00000000000000000000001.5"] {
            expectSameAsStrtod(text)
        }
        #expect(parsed("-0.0").real.sign == .minus)
        #expect(parsed("1.5e").stop == 3)
        #expect(parsed("e5").kind == .invalid)
        #expect(parsed(".").kind == .invalid)
        #expect(parsed("-").kind == .invalid)
    }

    @Test func hardCases() {
        for text in [
            "2.2250738585072013e-308", "2.2250738585072011e-308", "4.9406564584124654e-324", "5e-324",
            "2.4703282292062327e-324", "2.4703282292062328e-324", "1.7976931348623157e308", "1.7976931348623159e308",
            "1e309", "1e-400", "9007199254740993.0", "9007199254740995.0", "9007199254740993e0",
            "1.00000000000000011102230246251565404236316680908203125", "7.3177701707893310e+15",
            "0.500000000000000166533453693773481063544750213623046875", "3.0517578125e-05",
            "1448997445238699", "1.448997445238699e15", "8.988465674311579e+307", "4.4501477170144023e-308",
            "2.2250738585072014e-308", "1.2345678901234567e-300", "9.999999999999999e22", "1e23", "8.41e21",
            "123456789012345678e-20", "9999999999999999999e-300", "1844674407370955161e5",
        ] {
            expectSameAsStrtod(text)
        }
    }

    @Test func specialValuesAreOnlyRecognisedWholeField() {
        let inf = Array("-Infinity".utf8)
        let value = inf.withUnsafeBufferPointer { CSVNumberParser.number($0.baseAddress!, 0, inf.count) }
        #expect(value?.real == -.infinity)
        let spaced = Array("  12 ".utf8)
        #expect(spaced.withUnsafeBufferPointer { CSVNumberParser.integer($0.baseAddress!, 0, spaced.count) } == 12)
        let word = Array("12a".utf8)
        #expect(word.withUnsafeBufferPointer { CSVNumberParser.number($0.baseAddress!, 0, word.count) } == nil)
    }

    /// Random doubles over the whole exponent range, written as the shortest round-trip
    /// decimal, and random decimal strings of 1–21 digits with random exponents.
    @Test func randomValuesMatchStrtod() {
        var generator = RandomGenerator(seed: 7)
        var failures = 0
        for _ in 0..<40_000 {
            let bits = generator.next() & ~(0x7FF << 52) | (UInt64(generator.integer(below: 0x7FF)) << 52)
            let x = Double(bitPattern: bits)
            let text = x.description
            if parsed(text).real.bitPattern != reference(text).bitPattern { failures += 1 }
        }
        for _ in 0..<40_000 {
            let digits = 1 + generator.integer(below: 21)
            var text = generator.integer(below: 2) == 0 ? "" : "-"
            for k in 0..<digits {
                if k == digits / 2 && generator.integer(below: 2) == 0 { text += "." }
                text += String(generator.integer(below: 10))
            }
            text += "e\(generator.integer(below: 700) - 350)"
            if parsed(text).real.bitPattern != reference(text).bitPattern { failures += 1 }
        }
        #expect(failures == 0)
    }
}
