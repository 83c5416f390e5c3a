import Foundation
import Testing
@testable import Check
@testable import Frontend
import Runtime
import VM

// Builtin bodies read arguments by declared parameter name (`args.string("path")`). A name
// the signature does not declare is a runtime "internal error", so this suite checks the
// sources instead: every name a body reads is one its signature declares, and no body reads
// by position.

/// One `Builtin(…)` in the library sources: what its signature declares and what its body reads.
private struct BuiltinDeclaration {
    var label: String
    /// Nil when the parameters come from data (model specs read `EstimatorRegistry`), so
    /// no literal name can be checked against them.
    var declared: Set<String>?
    var reads: [String]
    /// UTF-16 offsets of the body in its file.
    var body: NSRange
}

/// A Swift file of the libraries, with comments (and, in `structure`, string literals)
/// blanked out to spaces so offsets still line up with the original text.
private struct LibrarySource {
    let path: String
    /// Comments blanked: quoted names stay readable, commented-out code does not count.
    let code: NSString
    /// Comments and string literals blanked: brackets can be matched without a quoted `{`.
    let structure: NSString

    init(path: String, text: String) {
        self.path = path
        let units = Array(text.utf16)
        var code = units, structure = units
        let space: UInt16 = 32, newline: UInt16 = 10, quote: UInt16 = 34, backslash: UInt16 = 92
        let slash: UInt16 = 47, star: UInt16 = 42, open: UInt16 = 40, close: UInt16 = 41

        func starts(_ pattern: [UInt16], at index: Int) -> Bool {
            index + pattern.count <= units.count && Array(units[index..<index + pattern.count]) == pattern
        }
        /// The end of the string literal starting at `start`, interpolations included.
        func stringEnd(_ start: Int) -> Int {
            let triple = starts([quote, quote, quote], at: start)
            var index = start + (triple ? 3 : 1)
            while index < units.count {
                if units[index] == backslash {
                    index = index + 1 < units.count && units[index + 1] == open ? interpolationEnd(index + 2) : index + 2
                    continue
                }
                if triple ? starts([quote, quote, quote], at: index) : units[index] == quote { return index + (triple ? 3 : 1) }
                index += 1
            }
            return index
        }
        /// Just past the `)` closing an interpolation whose code starts at `start`.
        func interpolationEnd(_ start: Int) -> Int {
            var depth = 1, index = start
            while index < units.count {
                switch units[index] {
                case quote: index = stringEnd(index); continue
                case open: depth += 1
                case close:
                    depth -= 1
                    if depth == 0 { return index + 1 }
                default: break
                }
                index += 1
            }
            return index
        }

        var index = 0
        while index < units.count {
            if starts([slash, slash], at: index) {
                while index < units.count, units[index] != newline { code[index] = space; structure[index] = space; index += 1 }
            } else if starts([slash, star], at: index) {
                while index < units.count, !starts([star, slash], at: index) {
                    if units[index] != newline { code[index] = space; structure[index] = space }
                    index += 1
                }
                for end in index..<min(index + 2, units.count) { code[end] = space; structure[end] = space }
                index += 2
            } else if units[index] == quote {
                let end = stringEnd(index)
                for inside in index..<end where units[inside] != newline { structure[inside] = space }
                index = end
            } else {
                index += 1
            }
        }
        self.code = String(decoding: code, as: UTF16.self) as NSString
        self.structure = String(decoding: structure, as: UTF16.self) as NSString
    }

    func matches(_ pattern: String, in text: NSString, range: NSRange? = nil) -> [NSTextCheckingResult] {
        let regex = try! NSRegularExpression(pattern: pattern)
        return regex.matches(in: text as String, range: range ?? NSRange(location: 0, length: text.length))
    }

    /// The range from an opening bracket at `start` through its match, in `structure`.
    func bracketed(from start: Int) -> NSRange? {
        let opening = structure.character(at: start)
        let closing: UInt16 = opening == 40 ? 41 : opening == 91 ? 93 : 125
        var depth = 0
        for index in start..<structure.length {
            let unit = structure.character(at: index)
            if unit == opening { depth += 1 }
            if unit == closing {
                depth -= 1
                if depth == 0 { return NSRange(location: start, length: index - start + 1) }
            }
        }
        return nil
    }

    /// The next non-space position at or after `index`.
    func skipSpace(_ index: Int) -> Int {
        var index = index
        while index < structure.length, [32, 10, 9].contains(structure.character(at: index)) { index += 1 }
        return index
    }

    /// `BuiltinParameter("name"` literals in `range`.
    func parameterNames(in range: NSRange) -> [String] {
        matches(#"BuiltinParameter\(\s*"([^"]*)""#, in: code, range: range).map { code.substring(with: $0.range(at: 1)) }
    }

    /// Argument reads by quoted name in `range`: `args.accessor("x")`, `args.columnNames(from: "x")`,
    /// `args["x"]`, and helpers handed the arguments and a name, `target(args, "x", data:)`.
    func reads(in range: NSRange) -> [(name: String, at: Int)] {
        let patterns = [
            #"args\.[A-Za-z]+\(\s*(?:[A-Za-z]+:\s*)?"([^"]*)""#,
            #"args\[\s*"([^"]*)"\s*\]"#,
            #"\(\s*args\s*,\s*(?:[A-Za-z]+:\s*)?"([^"]*)""#,
        ]
        return patterns.flatMap { pattern in
            matches(pattern, in: code, range: range).map { (code.substring(with: $0.range(at: 1)), $0.range.location) }
        }
    }

    /// Every `Builtin(…)` with its declared and read names; a form the test cannot follow is an issue.
    func declarations() -> [BuiltinDeclaration] {
        var found: [BuiltinDeclaration] = []
        for call in matches(#"(?<![A-Za-z0-9_.])Builtin\("#, in: structure) {
            let openParen = call.range.location + call.range.length - 1
            guard let arguments = bracketed(from: openParen) else {
                Issue.record("\(path): unbalanced Builtin( at \(openParen)")
                continue
            }
            let inner = NSRange(location: arguments.location + 1, length: arguments.length - 2)
            let afterCall = skipSpace(arguments.location + arguments.length)
            let signatureText = code.substring(with: inner)

            if afterCall < structure.length, structure.character(at: afterCall) == 123, let body = bracketed(from: afterCall) {
                // `Builtin(BuiltinSignature("name", [BuiltinParameter("x"), …], …)) { args in … }`
                let label = matches(#"^\s*BuiltinSignature\(\s*"([^"]*)""#, in: code, range: inner).first
                    .map { code.substring(with: $0.range(at: 1)) } ?? signatureText.prefix(40).description
                var declared: Set<String>? = Set(parameterNames(in: inner))
                if let variable = matches(#"^\s*BuiltinSignature\(\s*[A-Za-z]+\s*,\s*([A-Za-z]+)\s*[,)]"#, in: code, range: inner).first {
                    // A generated builtin (`generator(…)`) builds its parameter list in a
                    // variable before the call: read the parameters from there on.
                    let name = code.substring(with: variable.range(at: 1))
                    guard let declaration = matches(#"\b(?:var|let)\s+\#(name)\b"#, in: structure,
                                                    range: NSRange(location: 0, length: openParen)).last else {
                        Issue.record("\(path): cannot find the parameter list '\(name)' of \(label)")
                        continue
                    }
                    declared = Set(parameterNames(in: NSRange(location: declaration.range.location, length: openParen - declaration.range.location)))
                } else if !signatureText.contains("BuiltinSignature(") {
                    // `Builtin(signature(name:parameters:…))`: parameters come from a registry.
                    declared = nil
                }
                found.append(BuiltinDeclaration(label: label, declared: declared, reads: reads(in: body).map(\.name), body: body))
            } else if let named = matches(#"^\s*([A-Za-z]+)\s*,\s*body:\s*([A-Za-z]+)\s*$"#, in: code, range: inner).first {
                // `Builtin(dataset, body: loadDataset)`: a signature constant and a body function.
                let signatureName = code.substring(with: named.range(at: 1)), bodyName = code.substring(with: named.range(at: 2))
                guard let signature = matches(#"\blet\s+\#(signatureName)\s*=\s*BuiltinSignature\("#, in: structure).first,
                      let signatureRange = bracketed(from: signature.range.location + signature.range.length - 1),
                      let function = matches(#"\bfunc\s+\#(bodyName)\("#, in: structure).first,
                      let parameters = bracketed(from: function.range.location + function.range.length - 1) else {
                    Issue.record("\(path): cannot find the signature '\(signatureName)' or body '\(bodyName)'")
                    continue
                }
                let braceSearch = NSRange(location: parameters.location + parameters.length,
                                          length: structure.length - parameters.location - parameters.length)
                let brace = structure.range(of: "{", range: braceSearch).location
                guard brace != NSNotFound, let body = bracketed(from: brace) else {
                    Issue.record("\(path): cannot find the body of '\(bodyName)'")
                    continue
                }
                found.append(BuiltinDeclaration(
                    label: signatureName, declared: Set(parameterNames(in: signatureRange)), reads: reads(in: body).map(\.name), body: body))
            } else {
                Issue.record("\(path): a Builtin( form this test cannot follow: \(signatureText.prefix(80))")
            }
        }
        return found
    }
}

private let librariesDirectory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()  // Runtime
    .deletingLastPathComponent()  // LatheTests
    .deletingLastPathComponent()  // Tests
    .deletingLastPathComponent()  // root
    .appendingPathComponent("Sources/Runtime/Libraries")

private func librarySources() throws -> [LibrarySource] {
    let paths = FileManager.default.enumerator(atPath: librariesDirectory.path)?.compactMap { $0 as? String } ?? []
    return try paths.filter { $0.hasSuffix(".swift") }.sorted().map { path in
        LibrarySource(path: path, text: try String(contentsOf: librariesDirectory.appendingPathComponent(path), encoding: .utf8))
    }
}

@Suite("Argument names")
struct ArgumentNamesTests {
    @Test func everyBodyReadsOnlyDeclaredParameters() throws {
        let sources = try librarySources()
        #expect(sources.count >= 7)
        var declarations: [BuiltinDeclaration] = []
        for source in sources {
            let found = source.declarations()
            for declaration in found {
                guard let declared = declaration.declared else {
                    #expect(declaration.reads.isEmpty,
                            "\(source.path): '\(declaration.label)' takes registry-declared parameters but reads \(declaration.reads) by literal name")
                    continue
                }
                for name in declaration.reads where !declared.contains(name) {
                    Issue.record("\(source.path): '\(declaration.label)' reads '\(name)', which its signature does not declare (\(declared.sorted()))")
                }
            }
            // A literal read outside any builtin body would escape the check above.
            for read in source.reads(in: NSRange(location: 0, length: source.code.length))
            where !found.contains(where: { NSLocationInRange(read.at, $0.body) }) {
                Issue.record("\(source.path): reads '\(read.name)' outside a builtin body, where no signature can vouch for it")
            }
            declarations += found
        }
        // Guard against a parser that silently finds nothing.
        #expect(declarations.count >= 50)
        #expect(declarations.map(\.reads.count).reduce(0, +) >= 120)
        let byLabel = Dictionary(declarations.map { ($0.label, $0) }, uniquingKeysWith: { first, _ in first })
        #expect(byLabel["dataset"]?.reads.contains("sqlite") == true)
        #expect(byLabel["train"]?.reads.contains("validation") == true)
        #expect(byLabel["split"]?.reads.contains("stratify") == true)
        #expect(declarations.contains { $0.declared == ["shape", "seed"] && $0.reads.contains("seed") })
    }

    @Test func noBodyReadsByPosition() throws {
        let positional = [
            #"args\.[A-Za-z]+\(\s*(?:[A-Za-z]+:\s*)?[0-9]"#,
            #"args\[\s*[0-9]"#,
            #"\(\s*args\s*,\s*(?:[A-Za-z]+:\s*)?[0-9]"#,
            #"self\[\s*[0-9]"#,
        ]
        for source in try librarySources() {
            for pattern in positional {
                for match in source.matches(pattern, in: source.code) {
                    Issue.record("\(source.path): positional argument read '\(source.code.substring(with: match.range))'")
                }
            }
        }
    }

    @Test func indexFollowsTheSignature() {
        for builtin in Builtins.all {
            for (position, parameter) in builtin.signature.parameters.enumerated() {
                #expect(builtin.index(of: parameter.name) == position, "\(builtin.signature.name).\(parameter.name)")
            }
            #expect(builtin.index(of: "no such parameter") == nil)
        }
    }

    @Test func readingAnUndeclaredParameterIsAnInternalError() throws {
        // The checker sees the real `fail(message)`; the VM runs a body that reads a name
        // `fail` does not declare.
        let broken = Builtin(BuiltinSignature("fail", [BuiltinParameter("message", types: [.string])], doc: "")) { args in
            .string(try args.string("reason"))
        }
        let error: RuntimeError? = LatheUnit.locked {
            let compilation = Compiler.compile(
                text: "fail(\"stop\")\n", path: "test.mlx", directory: FileManager.default.temporaryDirectory.path)
            guard let program = compilation.program, !compilation.hasErrors else {
                Issue.record("compile errors: \(compilation.diagnostics.map(\.message))")
                return nil
            }
            let vm = VM(program: program, builtins: Builtins.all.filter { $0.signature.name != "fail" } + [broken])
            do {
                _ = try vm.runEntry()
                return nil
            } catch {
                return error as? RuntimeError
            }
        }
        #expect(error?.message == "internal error: builtin 'fail' reads undeclared parameter 'reason'")
    }

    /// A value the checker cannot see reaches the body, which names the parameter in its message.
    @Test func namedReadsKeepTheMismatchMessage() throws {
        let builtin = try #require(Builtins.all.first { $0.signature.name == "pow" })
        let error: RuntimeError? = LatheUnit.locked {
            let compilation = Compiler.compile(
                text: "var f = print\nf = pow\nf(2, \"two\")\n", path: "test.mlx", directory: FileManager.default.temporaryDirectory.path)
            guard let program = compilation.program, !compilation.hasErrors else {
                Issue.record("compile errors: \(compilation.diagnostics.map(\.message))")
                return nil
            }
            let vm = VM(program: program, builtins: Builtins.all, output: CapturedOutput())
            do {
                _ = try vm.runEntry()
                return nil
            } catch {
                return error as? RuntimeError
            }
        }
        #expect(error?.message == "'pow' expects a number for 'exponent', found string")
        #expect(error?.hint == "signature: \(builtin.signature.synopsis)")
    }
}
