import Foundation
import LatheCore
import Testing
@testable import Frontend
import Runtime
import VM

/// The string functions on columns against pandas' `.str` accessor: each case of
/// Tests/Fixtures/data/strings/string_cases.json (tools/reference/ref_strings.py) is a Lathe
/// expression over the fixture CSV and the values pandas gives for it, null where missing.
@Suite("String columns against pandas")
struct StringColumnReferenceTests {
    struct Case: Decodable {
        let lathe: String
        let pandas: String
        let values: [Cell?]
    }

    enum Cell: Decodable, CustomStringConvertible {
        case text(String), flag(Bool), number(Double)

        init(from decoder: Decoder) throws {
            let single = try decoder.singleValueContainer()
            if let flag = try? single.decode(Bool.self) {
                self = .flag(flag)
            } else if let number = try? single.decode(Double.self) {
                self = .number(number)
            } else {
                self = .text(try single.decode(String.self))
            }
        }

        /// As `print` shows the value.
        var description: String {
            switch self {
            case .text(let text): return text
            case .flag(let flag): return flag ? "true" : "false"
            case .number(let number): return Scalar.format(number: number)
            }
        }
    }

    struct Fixture: Decodable {
        let csv: String
        let cases: [Case]
    }

    static let folder: URL = {
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while dir.lastPathComponent != "Tests" && dir.path != "/" { dir = dir.deletingLastPathComponent() }
        return dir.appendingPathComponent("Fixtures/data/strings")
    }()

    static func fixture() throws -> Fixture {
        let data = try Foundation.Data(contentsOf: folder.appendingPathComponent("string_cases.json"))
        return try JSONDecoder().decode(Fixture.self, from: data)
    }

    @Test func everyCaseMatchesPandas() throws {
        let fixture = try Self.fixture()
        #expect(fixture.cases.count >= 20)
        let path = Self.folder.appendingPathComponent(fixture.csv).path
        for item in fixture.cases {
            let source = """
                import "std/text" as t
                let ds = dataset("\(path)")
                let c = \(item.lathe)
                for i in 0..<len(c) {
                  if c[i] == null { print("<missing>") } else { print(c[i]) }
                }

                """
            let printed = try LatheUnit.locked { () -> String in
                let compilation = Compiler.compile(text: source, path: "test.mlx", directory: FileManager.default.temporaryDirectory.path)
                guard let program = compilation.program, !compilation.hasErrors else {
                    Issue.record("\(item.lathe): compile errors: \(compilation.diagnostics.map(\.message))")
                    return ""
                }
                let output = CapturedOutput()
                _ = try VM(program: program, output: output).runEntry()
                return output.text
            }
            let expected = item.values.map { $0?.description ?? "<missing>" }
            #expect(printed.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init) == expected,
                    "\(item.lathe) (pandas: \(item.pandas))")
        }
    }
}
