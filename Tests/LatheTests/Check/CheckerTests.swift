import LatheCore
import NameMatching
import Foundation
import Testing
@testable import Check
import Frontend
import Runtime
import Syntax

/// Compiles `text` through the whole front end (parser, module graph, checker) and returns
/// its diagnostics.
private func diagnose(_ text: String, directory: String? = nil) -> [Diagnostic] {
    LatheUnit.compile(text, directory: directory).diagnostics
}

/// The single diagnostic `text` produces; records an issue when there is not exactly one.
private func single(
    _ text: String, directory: String? = nil, sourceLocation: Testing.SourceLocation = #_sourceLocation
) -> Diagnostic? {
    let diagnostics = diagnose(text, directory: directory)
    guard diagnostics.count == 1 else {
        Issue.record("expected one diagnostic, got \(diagnostics.map { "\($0.code) \($0.message)" })", sourceLocation: sourceLocation)
        return nil
    }
    return diagnostics[0]
}

/// Parses and checks `text` directly (no imports), returning the checked module and diagnostics.
private func check(_ text: String) -> (module: CheckedModule, diagnostics: [Diagnostic], file: SourceFile) {
    LatheUnit.locked {
        let file = SourceFile(id: 0, path: "direct.mlx", text: text)
        let parsed = Parser.parse(file: file)
        var checker = Checker(file: file, builtins: Builtins.signatures, kinds: Builtins.kinds) { path, span in
            .failure(Diagnostic(code: CheckErrorCodes.moduleNotFound, message: "cannot find module '\(path)'", span: span))
        }
        let (module, diagnostics) = checker.check(parsed.program, path: "/direct.mlx")
        return (module, parsed.diagnostics + diagnostics, file)
    }
}

/// The 1-based line and column where a diagnostic starts.
private func location(of diagnostic: Diagnostic, in text: String) -> Syntax.SourceLocation {
    SourceFile(id: 0, path: "x", text: text).location(of: Int(diagnostic.span.start))
}

@Suite("Checker")
struct CheckerTests {
    // MARK: Names

    @Test func undefinedNameSuggestsClosestVisibleName() throws {
        let text = "let count = 1\nprint(cuont)\n"
        let diagnostic = try #require(single(text))
        #expect(diagnostic.code == "E0101")
        #expect(diagnostic.message == "undefined name 'cuont'")
        #expect(diagnostic.hint == "did you mean 'count'?")
        #expect(location(of: diagnostic, in: text) == Syntax.SourceLocation(line: 2, column: 7))
    }

    @Test func undefinedNameSuggestsBuiltins() throws {
        let diagnostic = try #require(single("pritn(1)\n"))
        #expect(diagnostic.code == "E0101")
        #expect(diagnostic.message == "undefined name 'pritn'")
        #expect(diagnostic.hint == "did you mean 'print'?")
    }

    @Test func undefinedNameWithoutCloseMatchHasNoHint() throws {
        let diagnostic = try #require(single("print(qqqqqqqqq)\n"))
        #expect(diagnostic.code == "E0101")
        #expect(diagnostic.hint == nil)
    }

    @Test func namesDeclaredInAnInnerBlockAreNotVisibleOutside() throws {
        let diagnostic = try #require(single("if true { let inner = 1 }\nprint(inner)\n"))
        #expect(diagnostic.code == "E0101")
        #expect(diagnostic.message == "undefined name 'inner'")
    }

    @Test func usedBeforeDeclarationAtTopLevel() throws {
        let text = "print(x)\nlet x = 1\n"
        let diagnostic = try #require(single(text))
        #expect(diagnostic.code == "E0102")
        #expect(diagnostic.message == "'x' is used before its declaration")
        #expect(diagnostic.hint == "move the declaration of 'x' above this line")
        #expect(location(of: diagnostic, in: text) == Syntax.SourceLocation(line: 1, column: 7))
    }

    @Test func usedBeforeDeclarationInsideABlock() throws {
        let diagnostic = try #require(single("if true {\n  let y = z\n  let z = 2\n}\n"))
        // A block-local name declared later is not hoisted the way module names are.
        #expect(["E0101", "E0102"].contains(diagnostic.code))
    }

    @Test func functionsMayReferenceLaterGlobals() {
        let text = """
        fn f() { return limit * 2 + g() }
        print(f())
        fn g() { return offset }
        let limit = 3
        var offset = 1
        """
        #expect(diagnose(text).isEmpty)
    }

    @Test func topLevelCodeMayCallFunctionsDeclaredBelow() {
        #expect(diagnose("print(later(1))\nfn later(x) { return x }\n").isEmpty)
    }

    @Test func localFunctionsAreHoistedWithinTheirBlock() {
        let text = """
        fn outer() {
          fn even(n) { if n == 0 { return true }
            return odd(n - 1) }
          fn odd(n) { if n == 0 { return false }
            return even(n - 1) }
          return even(4)
        }
        """
        #expect(diagnose(text).isEmpty)
    }

    @Test func duplicateDeclarationInOneScope() throws {
        let text = "let a = 1\nlet a = 2\n"
        let diagnostic = try #require(single(text))
        #expect(diagnostic.code == "E0110")
        #expect(diagnostic.message == "'a' is already declared in this scope")
        #expect(diagnostic.notes.map(\.message) == ["'a' first declared here"])
        #expect(location(of: diagnostic, in: text) == Syntax.SourceLocation(line: 2, column: 5))
        let note = try #require(diagnostic.notes.first)
        #expect(SourceFile(id: 0, path: "x", text: text).location(of: Int(note.span.start)) == Syntax.SourceLocation(line: 1, column: 5))
    }

    @Test func duplicateFunctionDeclaration() throws {
        let diagnostic = try #require(single("fn f() { return 1 }\nfn f() { return 2 }\n"))
        #expect(diagnostic.code == "E0110")
        #expect(diagnostic.message == "'f' is already declared in this scope")
    }

    @Test func duplicateParameter() throws {
        let diagnostic = try #require(single("fn f(a, a) { return a }\n"))
        #expect(diagnostic.code == "E0114")
        #expect(diagnostic.message == "duplicate parameter 'a'")
    }

    @Test func shadowingInAnInnerScopeIsAllowed() {
        #expect(diagnose("let a = 1\nif true { let a = 2\n print(a) }\nfn f(a) { return a }\nfor a in [1] { print(a) }\n").isEmpty)
    }

    // MARK: Assignment

    @Test func letCannotBeReassigned() throws {
        let diagnostic = try #require(single("let x = 1\nx = 2\n"))
        #expect(diagnostic.code == "E0111")
        #expect(diagnostic.message == "cannot assign to 'x': it is declared with 'let'")
        #expect(diagnostic.hint == "declare it with 'var' to make it mutable")
        #expect(diagnostic.notes.map(\.message) == ["'x' declared here"])
    }

    @Test func compoundAssignmentToLetIsAlsoAnError() throws {
        let diagnostic = try #require(single("let total = 0\ntotal += 1\n"))
        #expect(diagnostic.code == "E0111")
        #expect(diagnostic.message == "cannot assign to 'total': it is declared with 'let'")
    }

    @Test func parametersAndLoopVariablesCannotBeReassigned() {
        let diagnostics = diagnose("fn f(p) { p = 1 }\nfor i in 0..<3 { i = 2 }\nfn g() {}\ng = 1\n")
        #expect(diagnostics.map(\.code) == ["E0111", "E0111", "E0111"])
        #expect(diagnostics.map(\.message) == [
            "cannot assign to 'p': it is declared with 'parameter'",
            "cannot assign to 'i': it is declared with 'loop variable'",
            "cannot assign to 'g': it is declared with 'fn'",
        ])
        #expect(diagnostics[0].hint == "copy it into a local first: 'var p2 = p'")
    }

    @Test func varMayBeReassignedAndFieldsOfLetMayChange() {
        #expect(diagnose("var x = 1\nx = 2\nx += 3\nlet r = {a: 1}\nr.a = 2\nlet xs = [1]\nxs[0] = 5\n").isEmpty)
    }

    @Test func builtinsCannotBeAssigned() throws {
        let diagnostic = try #require(single("print = 1\n"))
        #expect(diagnostic.code == "E0112")
        #expect(diagnostic.message == "cannot assign to builtin 'print'")
    }

    // MARK: Control flow placement

    @Test func breakOutsideLoop() throws {
        let diagnostic = try #require(single("break\n"))
        #expect(diagnostic.code == "E0140")
        #expect(diagnostic.message == "'break' outside a loop")
        #expect(diagnostic.hint == "'break' can only be used inside 'for' or 'while'")
    }

    @Test func continueOutsideLoop() throws {
        let diagnostic = try #require(single("if true { continue }\n"))
        #expect(diagnostic.code == "E0141")
        #expect(diagnostic.message == "'continue' outside a loop")
    }

    @Test func breakInsideFunctionInsideLoopIsOutsideALoop() throws {
        let diagnostic = try #require(single("for i in 0..<3 {\n  let f = fn() { break }\n}\n"))
        #expect(diagnostic.code == "E0140")
    }

    @Test func breakAndContinueInsideLoopsAreFine() {
        #expect(diagnose("while true { break }\nfor i in 0..<3 { if i == 1 { continue }\n print(i) }\n").isEmpty)
    }

    @Test func returnOutsideFunction() throws {
        let diagnostic = try #require(single("return 1\n"))
        #expect(diagnostic.code == "E0142")
        #expect(diagnostic.message == "'return' outside a function")
        #expect(diagnostic.hint?.contains("fail(") == true)
    }

    @Test func paramOnlyAtTopLevel() throws {
        let diagnostic = try #require(single("fn f() {\n  param n = 1\n  return n\n}\n"))
        #expect(diagnostic.code == "E0120")
        #expect(diagnostic.message == "'param' is only allowed at the top level of a script")
    }

    @Test func paramDefaultMustBeAScalar() throws {
        let diagnostic = try #require(single("param xs = [1, 2]\n"))
        #expect(diagnostic.code == "E0121")
        #expect(diagnostic.message == "a param's default must be a number, string, bool or null, found list")
    }

    // MARK: Arity and named arguments

    @Test func tooManyArgumentsToUserFunction() throws {
        let diagnostic = try #require(single("fn f(a) { return a }\nf(1, 2)\n"))
        #expect(diagnostic.code == "E0183")
        #expect(diagnostic.message == "'f' takes at most 1 argument but 2 were given")
        #expect(diagnostic.hint == "signature: f(a)")
    }

    @Test func tooManyArgumentsToFunctionWithoutParameters() throws {
        let diagnostic = try #require(single("fn f() { return 1 }\nf(1, 2)\n"))
        #expect(diagnostic.code == "E0183")
        #expect(diagnostic.message == "'f' takes no arguments but 2 were given")
    }

    @Test func tooManyArgumentsUsesSingularForOneArgument() throws {
        let diagnostic = try #require(single("fn f() { return 1 }\nf(1)\n"))
        #expect(diagnostic.message == "'f' takes no arguments but 1 was given")
    }

    @Test func entryParamsAreListedWithTheirDefaultTypes() {
        let compilation = LatheUnit.compile("param epochs = 3\nparam name = \"run\"\nparam seed = null\nlet other = 1\n")
        #expect(compilation.parameterNames == ["epochs", "name", "seed"])
        #expect(compilation.parameterTypes == ["epochs": "number", "name": "string", "seed": "null"])
    }

    @Test func missingArgumentToUserFunction() throws {
        let diagnostic = try #require(single("fn f(a, b, scale: 1) { return a }\nf(1)\n"))
        #expect(diagnostic.code == "E0184")
        #expect(diagnostic.message == "missing argument 'b' in call to 'f'")
        #expect(diagnostic.hint == "signature: f(a, b, scale: …)")
    }

    @Test func arityOfLetBoundLambdaIsChecked() throws {
        let diagnostic = try #require(single("let g = fn(a) => a\ng(1, 2)\n"))
        #expect(diagnostic.message == "'g' takes at most 1 argument but 2 were given")
    }

    @Test func arityOfImmediatelyCalledLambdaIsChecked() throws {
        let diagnostic = try #require(single("print((fn(a, b) => a)(1))\n"))
        #expect(diagnostic.message == "missing argument 'b' in call to 'lambda'")
    }

    @Test func tooManyArgumentsToBuiltin() throws {
        let diagnostic = try #require(single("let t = type(1, 2)\n"))
        #expect(diagnostic.code == "E0183")
        #expect(diagnostic.message == "'type' takes at most 1 argument but 2 were given")
        #expect(diagnostic.hint == "signature: type(value)")
    }

    @Test func missingArgumentToBuiltin() throws {
        let diagnostic = try #require(single("push([1])\n"))
        #expect(diagnostic.code == "E0184")
        #expect(diagnostic.message == "missing argument 'value' in call to 'push'")
    }

    @Test func variadicBuiltinAcceptsManyArguments() {
        #expect(diagnose("print(1, 2, 3, 4, 5, 6)\n").isEmpty)
    }

    @Test func unknownNamedArgumentToUserFunction() throws {
        let diagnostic = try #require(single("fn scale(x, by: 2) { return x * by }\nscale(1, bye: 3)\n"))
        #expect(diagnostic.code == "E0181")
        #expect(diagnostic.message == "unknown argument 'bye' in call to 'scale'")
        #expect(diagnostic.hint == "did you mean 'by'? (valid: x, by)")
    }

    @Test func unknownNamedArgumentToBuiltin() throws {
        let diagnostic = try #require(single("let xs = range(0, 5, stp: 2)\n"))
        #expect(diagnostic.code == "E0181")
        #expect(diagnostic.message == "unknown argument 'stp' in call to 'range'")
        #expect(diagnostic.hint == "did you mean 'step'? (valid: start, end, step)")
    }

    @Test func namedArgumentToBuiltinWithoutParameters() throws {
        let diagnostic = try #require(single("clock(x: 1)\n"))
        #expect(diagnostic.code == "E0181")
        #expect(diagnostic.hint == "it takes no arguments")
    }

    @Test func duplicateNamedArgumentToUserFunction() throws {
        let text = "fn scale(x, by: 2) { return x * by }\nscale(1, by: 2, by: 3)\n"
        let diagnostic = try #require(single(text))
        #expect(diagnostic.code == "E0182")
        #expect(diagnostic.message == "argument 'by' is given twice in call to 'scale'")
        #expect(diagnostic.notes.map(\.message) == ["first given here"])
        #expect(location(of: diagnostic, in: text) == Syntax.SourceLocation(line: 2, column: 17))
    }

    @Test func namedArgumentRepeatingAPositionalOne() throws {
        let diagnostic = try #require(single("fn scale(x, by: 2) { return x * by }\nscale(1, x: 2)\n"))
        #expect(diagnostic.code == "E0182")
        #expect(diagnostic.message == "argument 'x' is given twice in call to 'scale'")
    }

    @Test func duplicateNamedArgumentToBuiltin() throws {
        let diagnostic = try #require(single("assert(true, message: \"a\", message: \"b\")\n"))
        #expect(diagnostic.code == "E0182")
        #expect(diagnostic.message == "argument 'message' is given twice in call to 'assert'")
    }

    @Test func namedArgumentsInAnyOrderAreAccepted() {
        #expect(diagnose("fn f(a: 1, b: 2) { return a - b }\nprint(f(b: 1, a: 2), f(), f(5))\nassert(message: \"m\", condition: true)\n").isEmpty)
    }

    @Test func builtinArgumentTypeIsCheckedForLiterals() throws {
        let diagnostic = try #require(single("print(len(5))\n"))
        #expect(diagnostic.code == "E0185")
        #expect(diagnostic.message == "'len' expects list, string, record, range, dataset, column or tensor for 'value', found number")
    }

    // MARK: Literal types

    @Test func subtractingFromAStringLiteral() throws {
        let text = "let s = \"a\" - 1\n"
        let diagnostic = try #require(single(text))
        #expect(diagnostic.code == "E0163")
        #expect(diagnostic.message == "cannot apply '-' to string and number")
        #expect(diagnostic.hint == "strings support '+' only")
        #expect(location(of: diagnostic, in: text) == Syntax.SourceLocation(line: 1, column: 9))
    }

    @Test func addingStringAndNumberSuggestsInterpolation() throws {
        let diagnostic = try #require(single("let s = \"n=\" + 1\n"))
        #expect(diagnostic.code == "E0163")
        #expect(diagnostic.message == "cannot apply '+' to string and number")
        #expect(diagnostic.hint?.hasPrefix("convert with str(") == true)
    }

    @Test func notOfANumber() throws {
        let diagnostic = try #require(single("let b = not 3\n"))
        #expect(diagnostic.code == "E0162")
        #expect(diagnostic.message == "'not' needs a bool, found number")
        #expect(diagnostic.hint == "compare explicitly, e.g. 'x == 0'")
    }

    @Test func ifConditionMustBeABool() throws {
        let diagnostic = try #require(single("if 1 {}\n"))
        #expect(diagnostic.code == "E0131")
        #expect(diagnostic.message == "if condition must be a bool, found number")
        #expect(diagnostic.hint == "compare explicitly, e.g. 'x != 0'")
    }

    @Test func whileConditionMustBeABool() throws {
        let diagnostic = try #require(single("while \"yes\" {}\n"))
        #expect(diagnostic.code == "E0131")
        #expect(diagnostic.message == "while condition must be a bool, found string")
        #expect(diagnostic.hint == nil)
    }

    @Test func negatingAString() throws {
        let diagnostic = try #require(single("let n = -\"a\"\n"))
        #expect(diagnostic.code == "E0161")
        #expect(diagnostic.message == "cannot negate a string")
    }

    @Test func andNeedsBoolOperands() throws {
        let diagnostic = try #require(single("let b = 1 and true\n"))
        #expect(diagnostic.code == "E0164")
        #expect(diagnostic.message == "'and' needs bool operands, found number")
    }

    @Test func typesFlowThroughLetBindings() throws {
        let diagnostic = try #require(single("let n = 5\nlet s = \"x\"\nprint(s * n)\n"))
        #expect(diagnostic.code == "E0163")
        #expect(diagnostic.message == "cannot apply '*' to string and number")
    }

    @Test func iteratingOverANumber() throws {
        let diagnostic = try #require(single("for i in 10 {}\n"))
        #expect(diagnostic.code == "E0130")
        #expect(diagnostic.message == "cannot iterate over a number")
        #expect(diagnostic.hint == "to count, iterate over a range such as 0..<n")
    }

    @Test func fieldOfANumberAndCallOfAString() {
        let diagnostics = diagnose("let n = 5\nprint(n.size)\nlet s = \"f\"\ns()\n")
        #expect(diagnostics.map(\.code) == ["E0171", "E0180"])
        #expect(diagnostics.map(\.message) == ["a number has no field 'size'", "cannot call a string"])
    }

    @Test func validArithmeticHasNoDiagnostics() {
        #expect(diagnose("let a = 1 + 2 * 3 % 2\nlet s = \"a\" + \"b\"\nlet xs = [1] + [2]\nlet ok = not (a < 3) and \"a\" < \"b\"\n").isEmpty)
    }

    @Test func varTypesAreNotTrackedBecauseTheyMayChange() {
        // Only `let` and `param` bindings carry a known type; a var may be reassigned.
        #expect(diagnose("var v = 1\nv = \"s\"\nprint(v + \"t\")\n").isEmpty)
    }

    // MARK: Captures

    @Test func varCapturedByLambdaIsMarkedCaptured() throws {
        let text = """
        fn make() {
          var n = 0
          var plain = 1
          plain += 1
          return fn() {
            n += plain
            return n
          }
        }
        fn local() {
          var k = 0
          if true { k = 1 }
          return k
        }
        var top = 1
        let f = fn() => top
        """
        let result = check(text)
        #expect(result.diagnostics.isEmpty)
        let declarations = Array(result.module.resolution.declarations.values)
        func info(_ name: String) throws -> DeclInfo {
            try #require(declarations.first { $0.name == name })
        }
        #expect(try info("n").isCaptured)
        #expect(try info("plain").isCaptured)
        #expect(try info("n").owner != nil)
        // A nested block is the same function: no capture.
        #expect(try !info("k").isCaptured)
        // Globals live in slots and are never boxed.
        #expect(try !info("top").isCaptured)
        #expect(try info("top").globalSlot != nil)
        #expect(try info("make").kind == .function)
    }

    @Test func parameterCapturedThroughTwoLevels() throws {
        let result = check("fn outer(p) {\n  return fn() => fn() => p\n}\n")
        #expect(result.diagnostics.isEmpty)
        let p = try #require(result.module.resolution.declarations.values.first { $0.name == "p" })
        #expect(p.isCaptured)
        #expect(p.kind == .parameter)
    }

    @Test func resolutionRecordsGlobalsInSlotOrderAndExports() {
        let result = check("let a = 1\nfn b() { return a }\nvar _hidden = 2\n")
        let resolution = result.module.resolution
        let names = resolution.globals.compactMap { resolution.declarations[$0]?.name }
        // Functions are hoisted, so they take the first slots.
        #expect(names == ["b", "a", "_hidden"])
        #expect(Set(result.module.interface.exports.keys) == ["a", "b"])
        #expect(result.module.interface.exports["a"]?.knownType == .number)
    }

    // MARK: Imports

    @Test func importNotFound() throws {
        let directory = try LatheUnit.makeDirectory()
        defer { LatheUnit.removeDirectory(directory) }
        let diagnostic = try #require(single("import \"./nope.mlx\" as nope\n", directory: directory))
        #expect(diagnostic.code == "E0151")
        #expect(diagnostic.message == "cannot find module './nope.mlx'")
        #expect(diagnostic.hint?.hasPrefix("looked in: ") == true)
        #expect(diagnostic.hint?.contains("nope.mlx") == true)
    }

    @Test func importCycle() throws {
        let directory = try LatheUnit.makeDirectory(files: [
            "a.mlx": "import \"./b.mlx\" as b\nlet x = 1\n",
            "b.mlx": "import \"./a.mlx\" as a\nlet y = 2\n",
        ])
        defer { LatheUnit.removeDirectory(directory) }
        let compilation = LatheUnit.compile("import \"./a.mlx\" as a\n", directory: directory)
        #expect(compilation.diagnostics.count == 1)
        let diagnostic = try #require(compilation.diagnostics.first)
        #expect(diagnostic.code == "E0152")
        #expect(diagnostic.message == "import cycle: a.mlx -> b.mlx -> a.mlx")
        #expect(diagnostic.hint == "move the shared code into a module that both can import")
        // The cycle is found while checking b.mlx, so the error points there.
        let file = try #require(compilation.sources.file(diagnostic.span.file))
        #expect(file.path.hasSuffix("b.mlx"))
        #expect(file.text(of: diagnostic.span) == "\"./a.mlx\"")
        #expect(compilation.program == nil)
    }

    @Test func moduleHasNoExport() throws {
        let directory = try LatheUnit.makeDirectory(files: [
            "geo.mlx": "let pi = 3\nfn area(r) { return pi * r * r }\nfn _square(x) { return x * x }\n",
        ])
        defer { LatheUnit.removeDirectory(directory) }
        let typo = try #require(single("import \"./geo.mlx\" as geo\nprint(geo.aera(1))\n", directory: directory))
        #expect(typo.code == "E0170")
        #expect(typo.message == "module 'geo' has no export 'aera'")
        #expect(typo.hint == "did you mean 'area'?")
        let hidden = try #require(single("import \"./geo\" as geo\nprint(geo._square(2))\n", directory: directory))
        #expect(hidden.code == "E0170")
        #expect(hidden.message == "module 'geo' has no export '_square'")
    }

    @Test func importedFunctionsAreArityChecked() throws {
        let directory = try LatheUnit.makeDirectory(files: ["geo.mlx": "fn area(r) { return 3 * r * r }\n"])
        defer { LatheUnit.removeDirectory(directory) }
        let diagnostic = try #require(single("import \"./geo.mlx\" as geo\nprint(geo.area(1, 2))\n", directory: directory))
        #expect(diagnostic.code == "E0183")
        #expect(diagnostic.message == "'area' takes at most 1 argument but 2 were given")
        #expect(diagnose("import \"./geo.mlx\" as geo\nprint(geo.area(2))\n", directory: directory).isEmpty)
    }

    @Test func errorsInsideAnImportedModuleAreReported() throws {
        let directory = try LatheUnit.makeDirectory(files: ["bad.mlx": "let x = 1\nx = 2\n"])
        defer { LatheUnit.removeDirectory(directory) }
        let compilation = LatheUnit.compile("import \"./bad.mlx\" as bad\n", directory: directory)
        #expect(compilation.diagnostics.map(\.code) == ["E0111"])
        let diagnostic = try #require(compilation.diagnostics.first)
        #expect(compilation.sources.file(diagnostic.span.file)?.path.hasSuffix("bad.mlx") == true)
    }

    @Test func importOnlyAtTopLevel() throws {
        let diagnostic = try #require(single("fn load() {\n  import \"std/core\" as core\n}\n"))
        #expect(diagnostic.code == "E0150")
        #expect(diagnostic.message == "'import' is only allowed at the top level")
    }

    @Test func standardLibraryImportChecksCleanly() {
        #expect(diagnose("import \"std/core\" as core\nprint(core.sum([1, 2]))\n").isEmpty)
    }

    // MARK: NameSuggestion

    @Test(arguments: [
        ("kitten", "sitting", 3), ("", "abc", 3), ("abc", "", 3), ("", "", 0), ("abc", "abc", 0),
        ("abcd", "abdc", 1), ("ca", "abc", 3), ("flaw", "lawn", 2), ("café", "cafe", 1),
        ("print", "pritn", 1), ("a", "b", 1),
    ])
    func editDistance(a: String, b: String, expected: Int) {
        #expect(NameSuggestion.editDistance(a, b) == expected)
        #expect(NameSuggestion.editDistance(b, a) == expected)
    }

    @Test func editDistanceStopsPastTheLimit() {
        #expect(NameSuggestion.editDistance("a", "abcdef", limit: 2) == 3)
        #expect(NameSuggestion.editDistance("abc", "abd", limit: 2) == 1)
    }

    @Test func closestPicksTheNearestCandidate() {
        #expect(NameSuggestion.closest(to: "pritn", in: ["print", "len", "push"]) == "print")
        #expect(NameSuggestion.closest(to: "lenght", in: ["len", "length", "left"]) == "length")
        // Ties go to the alphabetically first candidate.
        #expect(NameSuggestion.closest(to: "cat", in: ["hat", "bat"]) == "bat")
        // The name itself is never suggested.
        #expect(NameSuggestion.closest(to: "count", in: ["count"]) == nil)
        // Names of one or two letters get no guess.
        #expect(NameSuggestion.closest(to: "xs", in: ["x", "xy"]) == nil)
        // Too far away.
        #expect(NameSuggestion.closest(to: "alpha", in: ["omega"]) == nil)
        #expect(NameSuggestion.closest(to: "abc", in: [String]()) == nil)
    }
}
