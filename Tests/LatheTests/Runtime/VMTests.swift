import LatheCore
import Foundation
import Testing
@testable import Check
@testable import Frontend
@testable import IR
import Runtime
import VM
import Syntax

// MARK: - Shared support for the in-process unit tests

/// Helpers shared by the in-process unit suites (Checker, IRVerifier, VM, Renderer).
///
/// The VM module is compiled with `-assume-single-threaded` (non-atomic reference counts),
/// and every VM shares the process-wide builtins. Swift Testing runs tests in parallel, so
/// everything that compiles or runs a program goes through `locked`.
enum LatheUnit {
    static let lock = NSLock()

    static func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    /// Compiles `text` as `test.mlx` in `directory` (imports resolve relative to it).
    static func compile(_ text: String, path: String = "test.mlx", directory: String? = nil) -> Compilation {
        locked {
            Compiler.compile(text: text, path: path, directory: directory ?? FileManager.default.temporaryDirectory.path)
        }
    }

    /// A fresh, empty temporary directory (canonical path) holding `files` (name → text).
    static func makeDirectory(files: [String: String] = [:]) throws -> String {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("lathe-unit-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        let directory = ModuleGraph.canonical(url.path)
        for (name, text) in files {
            try text.write(toFile: (directory as NSString).appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return directory
    }

    static func removeDirectory(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// An output sink that keeps what a program shows, as a REPL or notebook would.
final class CapturedOutput: OutputSink {
    var text = ""
    var progress: [String] = []
    var warnings: [String] = []
    var progressFinishedCount = 0

    func write(_ text: String) { self.text += text }
    func progress(label: String, fraction: Double, message: String) { progress.append("\(label): \(message)") }
    func progressFinished() { progressFinishedCount += 1 }
    func warning(_ message: String) { warnings.append(message) }
}

/// One compiled program loaded into a VM, with its output captured.
struct LoadedProgram {
    let compilation: Compilation
    let vm: VM
    let output: CapturedOutput
}

/// Compiles and loads `source` (call inside `LatheUnit.locked`); records an issue on compile errors.
private func load(
    _ source: String, directory: String? = nil, sourceLocation: Testing.SourceLocation = #_sourceLocation
) -> LoadedProgram? {
    let compilation = Compiler.compile(
        text: source, path: "test.mlx", directory: directory ?? FileManager.default.temporaryDirectory.path)
    guard let program = compilation.program, !compilation.hasErrors else {
        Issue.record("compile errors: \(compilation.diagnostics.map(\.message))", sourceLocation: sourceLocation)
        return nil
    }
    let output = CapturedOutput()
    let vm = VM(program: program, output: output)
    return LoadedProgram(compilation: compilation, vm: vm, output: output)
}

/// Runs `source` and returns what it printed.
private func run(
    _ source: String, overrides: [String: Value] = [:], directory: String? = nil,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
) throws -> String {
    try LatheUnit.locked {
        guard let loaded = load(source, directory: directory, sourceLocation: sourceLocation) else { return "" }
        ParameterSettings(checked: overrides).install(on: loaded.vm)
        _ = try loaded.vm.runEntry()
        return loaded.output.text
    }
}

/// Runs `source`, expecting a runtime error; returns it with the printed output and sources.
private func runFailing(
    _ source: String, overrides: [String: Value] = [:], sourceLocation: Testing.SourceLocation = #_sourceLocation
) -> (error: RuntimeError, output: String, sources: SourceManager)? {
    LatheUnit.locked {
        guard let loaded = load(source, sourceLocation: sourceLocation) else { return nil }
        ParameterSettings(checked: overrides).install(on: loaded.vm)
        do {
            _ = try loaded.vm.runEntry()
            Issue.record("expected a runtime error; output: \(loaded.output.text)", sourceLocation: sourceLocation)
            return nil
        } catch let error as RuntimeError {
            return (error, loaded.output.text, loaded.compilation.sources)
        } catch {
            Issue.record("unexpected error type: \(error)", sourceLocation: sourceLocation)
            return nil
        }
    }
}

// MARK: - Tests

@Suite("VM")
struct VMTests {
    // MARK: Numbers

    @Test func arithmeticFollowsPrecedence() throws {
        #expect(try run("print(1 + 2 * 3, (1 + 2) * 3, 7 / 2, 2 - 5, 10 - 2 - 3, -2 * 3)\n") == "7 9 3.5 -3 5 -6\n")
    }

    @Test func numbersPrintWithoutTrailingZero() throws {
        #expect(try run("print(3.0, 0.5, 1e3, 0.1 + 0.2, 1 / 0, -1 / 0)\n") == "3 0.5 1000 0.30000000000000004 inf -inf\n")
    }

    @Test(arguments: [
        (3.0, "3"), (-3.0, "-3"), (0.5, "0.5"), (-0.0, "0"), (1e15, "1000000000000000"),
        (123456789012345.0, "123456789012345"), (1e16, "1e+16"), (2.5e-7, "2.5e-07"),
        (Double.nan, "nan"), (Double.infinity, "inf"), (-Double.infinity, "-inf"),
    ])
    func formatNumber(value: Double, expected: String) {
        #expect(Scalar.format(number: value) == expected)
    }

    @Test func remainderIsFlooredLikePython() throws {
        #expect(try run("print(7 % 3, -7 % 3, 7 % -3, -7 % -3, 5.5 % 2, 6 % 3)\n") == "1 2 -2 -1 1.5 0\n")
    }

    @Test func remainderByZeroIsNaN() throws {
        #expect(try run("let z = 0\nprint(5 % z)\n") == "nan\n")
    }

    // MARK: Strings

    @Test func stringAppendInLoopBuildsTheString() throws {
        let source = """
        var s = "a"
        for i in 0..<3 { s += "b" }
        fn build(n) {
          var t = ""
          for i in 0..<n { t += "${i}" }
          return t
        }
        print(s, build(4))
        """
        #expect(try run(source) == "abbb 0123\n")
    }

    @Test func stringAppendInPlaceDoesNotChangeSharedCopies() throws {
        let source = """
        var g = "x"
        let saved = g
        g += "y"
        fn local() {
          var s = "p"
          let copy = s
          s += "q"
          return [s, copy]
        }
        print(g, saved, local())
        """
        #expect(try run(source) == "xy x [\"pq\", \"p\"]\n")
    }

    @Test func stringInterpolationFormatsValues() throws {
        #expect(try run("let n = 2\nprint(\"n=${n} half=${n / 4} xs=${[1, \"a\"]}\")\n") == "n=2 half=0.5 xs=[1, \"a\"]\n")
    }

    // MARK: Closures

    @Test func twoClosuresShareOneCapturedVar() throws {
        let source = """
        fn pair() {
          var n = 0
          return {inc: fn() { n += 1 }, get: fn() => n}
        }
        let p = pair()
        let q = pair()
        p.inc()
        p.inc()
        q.inc()
        print(p.get(), q.get())
        """
        #expect(try run(source) == "2 1\n")
    }

    @Test func closureSeesLaterAssignmentToCapturedVar() throws {
        let source = """
        fn make() {
          var x = 1
          let f = fn() => x
          x = 5
          return f
        }
        print(make()())
        """
        #expect(try run(source) == "5\n")
    }

    @Test func forLoopClosuresCaptureEachIteration() throws {
        let source = """
        let fs = []
        for i in 0..<3 { push(fs, fn() => i) }
        let gs = []
        for x in ["a", "b"] { push(gs, fn() => x) }
        print(fs[0](), fs[1](), fs[2](), gs[0](), gs[1]())
        """
        #expect(try run(source) == "0 1 2 a b\n")
    }

    // MARK: Calls

    @Test func defaultParametersFillMissingArguments() throws {
        let source = """
        fn greet(name, greeting: "hi") { return "${greeting} ${name}" }
        fn twice(a, b: a * 2) { return b }
        print(greet("ada"), greet("bob", greeting: "yo"), twice(3), twice(3, b: 1))
        """
        #expect(try run(source) == "hi ada yo bob 6 1\n")
    }

    @Test func namedArgumentsMayComeInAnyOrder() throws {
        let source = """
        fn sub(a: 0, b: 0) { return a - b }
        let scale = fn(x, by: 2) => x * by
        print(sub(b: 1, a: 10), sub(b: 4), scale(3), scale(3, by: 5))
        print(slice([1, 2, 3, 4], 1, end: 3), range(0, 6, step: 2))
        """
        #expect(try run(source) == "9 -4 6 15\n[2, 3] [0, 2, 4]\n")
    }

    @Test func recursionComputesFibonacciAndFactorial() throws {
        let source = """
        fn fib(n) {
          if n < 2 { return n }
          return fib(n - 1) + fib(n - 2)
        }
        fn fact(n) {
          if n <= 1 { return 1 }
          return n * fact(n - 1)
        }
        print(fib(15), fact(10))
        """
        #expect(try run(source) == "610 3628800\n")
    }

    @Test func functionsMayUseGlobalsDeclaredLater() throws {
        #expect(try run("fn f() { return limit * 2 }\nlet limit = 21\nprint(f())\n") == "42\n")
    }

    @Test func callingFunctionBeforeItsGlobalIsDefinedIsARuntimeError() throws {
        let failure = try #require(runFailing("fn f() { return limit }\nprint(f())\nlet limit = 1\n"))
        #expect(failure.error.message == "'limit' is used before it is defined")
    }

    // MARK: Equality

    @Test func structuralEqualityInLathe() throws {
        let source = """
        print([1, [2, "x"]] == [1, [2, "x"]], [1, 2] == [2, 1], {a: 1, b: [2]} == {b: [2], a: 1}, {a: 1} == {a: 1, b: 2})
        print((0..<3) == (0..<3), "ab" == "a" + "b", null == null, 1 == "1", [] != [])
        """
        #expect(try run(source) == "true false true false\ntrue true true false false\n")
    }

    @Test func valueIsEqualComparesStructure() {
        let symbols = SymbolTable()
        let a = symbols.intern("a"), b = symbols.intern("b")
        let left = Value.object(RecordObject(keys: [a, b], values: [.number(1), .list([.string("x"), .null])]))
        let right = Value.object(RecordObject(keys: [b, a], values: [.list([.string("x"), .null]), .number(1)]))
        let shorter = Value.object(RecordObject(keys: [a], values: [.number(1)]))
        #expect(left.isEqual(to: right))
        #expect(right.isEqual(to: left))
        #expect(!left.isEqual(to: shorter))
        #expect(!shorter.isEqual(to: left))
        #expect(Value.list([.number(1), .bool(true)]).isEqual(to: .list([.number(1), .bool(true)])))
        #expect(!Value.list([.number(1)]).isEqual(to: .list([.number(1), .number(2)])))
        #expect(!Value.number(.nan).isEqual(to: .number(.nan)))
        #expect(!Value.number(1).isEqual(to: .string("1")))
        #expect(!Value.null.isEqual(to: .bool(false)))
        #expect(Value.string("é").isEqual(to: .string("e\u{301}")))
        #expect(Value.object(RangeObject(start: 0, end: 3)).isEqual(to: .object(RangeObject(start: 0, end: 3))))
    }

    @Test func functionsAreEqualOnlyToThemselves() throws {
        #expect(try run("let f = fn() => 1\nlet g = fn() => 1\nprint(f == f, f == g, len == len)\n") == "true false true\n")
    }

    // MARK: Runtime errors

    @Test func failRaisesRuntimeErrorWithSpanAndTrace() throws {
        let source = """
        fn inner() { fail("deep trouble") }
        fn outer() { inner() }
        outer()
        """
        let failure = try #require(runFailing(source))
        let error = failure.error
        #expect(error.message == "deep trouble")
        #expect(error.kind == .error)
        let span = try #require(error.span)
        let file = try #require(failure.sources.file(span.file))
        #expect(file.location(of: Int(span.start)) == Syntax.SourceLocation(line: 1, column: 14))
        #expect(file.text(of: span).hasPrefix("fail("))
        #expect(error.trace.map(\.function) == ["inner", "outer", "<main>"])
        #expect(error.trace.map { file.location(of: Int($0.span.start)).line } == [1, 2, 3])
    }

    @Test func outputBeforeTheErrorIsKept() throws {
        let failure = try #require(runFailing("print(\"before\")\nassert(1 > 2, message: \"nope\")\nprint(\"after\")\n"))
        #expect(failure.output == "before\n")
        #expect(failure.error.message == "nope")
        #expect(failure.error.trace.count == 1)
    }

    @Test func typeErrorsAtRuntimeNameTheTypes() throws {
        let failure = try #require(runFailing("fn neg(x) { return -x }\nneg(\"a\")\n"))
        #expect(failure.error.message == "cannot negate a string")
        #expect(failure.error.trace.map(\.function) == ["neg", "<main>"])
    }

    @Test func unboundedRecursionIsAStackOverflow() throws {
        let failure = try #require(runFailing("fn down(n) { return down(n + 1) }\ndown(0)\n"))
        #expect(failure.error.kind == .stackOverflow)
        #expect(failure.error.message == "stack overflow")
        #expect(failure.error.trace.first?.function == "down")
        #expect(failure.error.trace.last?.function == "<main>")
    }

    @Test func vmIsReusableAfterAStackOverflow() throws {
        try LatheUnit.locked {
            let loaded = try #require(load("fn down(n) { return down(n + 1) }\nlet ok = fn(x) => x + 1\n"))
            let instance = try #require(try loaded.vm.runEntry())
            let down = try #require(instance.global("down"))
            #expect(throws: RuntimeError.self) { try loaded.vm.call(down, arguments: [.number(0)]) }
            let ok = try #require(instance.global("ok"))
            let result = try loaded.vm.call(ok, arguments: [.number(1)])
            #expect(result.isEqual(to: .number(2)))
        }
    }

    // MARK: Parameters

    @Test func parameterOverridesReplaceDefaults() throws {
        let source = """
        param epochs = 3
        param name = "run"
        param verbose = false
        print(epochs * 2, name, verbose)
        """
        #expect(try run(source) == "6 run false\n")
        let overridden = try run(source, overrides: ["epochs": .number(5), "name": .string("exp"), "verbose": .bool(true)])
        #expect(overridden == "10 exp true\n")
    }

    @Test func parameterOverrideOfWrongTypeIsARuntimeError() throws {
        let failure = try #require(runFailing("param epochs = 3\nprint(epochs)\n", overrides: ["epochs": .string("many")]))
        #expect(failure.error.message == "--set epochs needs a number (the default's type), found string")
        #expect(failure.error.hint == "the default is 3")
        #expect(failure.output == "")
    }

    @Test func nullParamAcceptsAnyOverride() throws {
        #expect(try run("param seed = null\nprint(seed)\n", overrides: ["seed": .number(7)]) == "7\n")
    }

    // MARK: Modules

    @Test func moduleImportedTwiceRunsOnce() throws {
        let directory = try LatheUnit.makeDirectory(files: [
            "noisy.mlx": "print(\"loading noisy\")\nlet log = []\nfn record(x) { push(log, x) }\n",
            "again.mlx": "import \"./noisy.mlx\" as n\nfn add_twice(x) {\n  n.record(x)\n  n.record(x)\n}\n",
        ])
        defer { LatheUnit.removeDirectory(directory) }
        let source = """
        import "./noisy.mlx" as first
        import "./again.mlx" as again
        import "./noisy" as second
        first.record(1)
        again.add_twice(2)
        print(second.log, first == second)
        """
        #expect(try run(source, directory: directory) == "loading noisy\n[1, 2, 2] true\n")
    }

    @Test func importedStandardLibraryWorks() throws {
        let source = """
        import "std/core" as core
        print(core.map([1, 2, 3], fn(x) => x * x), core.sum([1, 2, 3]))
        """
        #expect(try run(source) == "[1, 4, 9] 6\n")
    }

    // MARK: Calling from Swift

    @Test func vmCallInvokesLatheClosures() throws {
        let source = """
        let add = fn(a, b) => a + b
        fn counter() {
          var n = 0
          return fn() {
            n += 1
            return n
          }
        }
        let tick = counter()
        let size = len
        """
        try LatheUnit.locked {
            let loaded = try #require(load(source))
            let instance = try #require(try loaded.vm.runEntry())
            let vm = loaded.vm
            let add = try #require(instance.global("add"))
            #expect(try vm.call(add, arguments: [.number(2), .number(3)]).isEqual(to: .number(5)))
            #expect(try vm.call(add, arguments: [.string("a"), .string("b")]).isEqual(to: .string("ab")))
            let tick = try #require(instance.global("tick"))
            #expect(try vm.call(tick, arguments: []).isEqual(to: .number(1)))
            #expect(try vm.call(tick, arguments: []).isEqual(to: .number(2)))
            let size = try #require(instance.global("size"))
            #expect(try vm.call(size, arguments: [.list([.null, .null, .null])]).isEqual(to: .number(3)))
            #expect(instance.export("add") != nil)
        }
    }

    @Test func vmCallReportsBadCallsAsRuntimeErrors() throws {
        try LatheUnit.locked {
            let loaded = try #require(load("let add = fn(a, b) => a + b\nlet boom = fn() => fail(\"boom\")\n"))
            let instance = try #require(try loaded.vm.runEntry())
            let vm = loaded.vm
            let add = try #require(instance.global("add"))
            do {
                _ = try vm.call(.number(1), arguments: [])
                Issue.record("calling a number should fail")
            } catch let error as RuntimeError {
                #expect(error.message == "cannot call a number")
            }
            do {
                _ = try vm.call(add, arguments: [.number(1)])
                Issue.record("a missing argument should fail")
            } catch let error as RuntimeError {
                #expect(error.message == "missing argument 'b' in call to '<lambda>'")
            }
            let boom = try #require(instance.global("boom"))
            do {
                _ = try vm.call(boom, arguments: [])
                Issue.record("fail should throw")
            } catch let error as RuntimeError {
                #expect(error.message == "boom")
                #expect(error.trace.map(\.function) == ["<lambda>"])
            }
            // The VM unwound its frames: it still works.
            #expect(try vm.call(add, arguments: [.number(1), .number(1)]).isEqual(to: .number(2)))
        }
    }
}
