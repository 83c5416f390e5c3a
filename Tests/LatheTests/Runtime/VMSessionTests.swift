import Foundation
import Testing
@testable import Check
@testable import Frontend
@testable import IR
import Runtime
@testable import VM

/// One VM running several inputs, each compiled into its program as one more module, the way a
/// REPL runs cells. Use inside `LatheUnit.locked`.
final class Session {
    let program: IRProgram
    let vm: VM
    let output = CapturedOutput()
    let directory: String
    /// The first input's module, whose globals tests call from Swift.
    var main: ModuleInstance!
    var inputs = 0

    /// A session whose VM also knows `extraBuiltins` (reachable as values, see `builtin(_:)`).
    init(_ first: String = "", extraBuiltins: [Builtin] = []) throws {
        directory = FileManager.default.temporaryDirectory.path
        let compilation = Compiler.compile(text: first, path: "session-0.mlx", directory: directory)
        program = try #require(compilation.program, "compile errors: \(compilation.diagnostics.map(\.message))")
        vm = VM(program: program, builtins: Builtins.all + extraBuiltins, output: output)
        main = try vm.runEntry()
    }

    /// Compiles `text` into the session's program, runs it, and returns what it printed.
    func run(_ text: String) throws -> String {
        inputs += 1
        let compilation = Compiler.compile(text: text, path: "session-\(inputs).mlx", directory: directory, into: program)
        let entry = try #require(compilation.entry, "compile errors: \(compilation.diagnostics.map(\.message))")
        let start = output.text.endIndex
        try vm.runModule(entry.index)
        return String(output.text[start...])
    }

    /// Runs `text`, expecting it to fail; returns the error.
    func fail(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> Error? {
        do {
            let printed = try run(text)
            Issue.record("expected an error; printed \(printed)", sourceLocation: sourceLocation)
            return nil
        } catch {
            return error
        }
    }

    /// A builtin of this VM as a value (for builtins the checker does not know by name).
    func builtin(_ name: String) throws -> Value {
        try vm.builtinValue(symbol: vm.symbols.intern(name))
    }

    /// Whether every frame has been popped.
    var isUnwound: Bool { vm.frameCount == 0 && vm.entryDepth == 0 }

    /// Whether the VM is back at a clean stack after a failure: no frames, and nothing left in
    /// any register to keep a value alive.
    var isClean: Bool {
        isUnwound && (0..<vm.initializedRegisters).allSatisfy { index in
            if case .null = vm.registers[index].decoded { return true }
            return false
        }
    }
}

/// A Swift error that is not a `RuntimeError`, as a library might throw.
struct PlainSwiftError: Error, Equatable {}

@Suite("VM sessions: recovery after errors, and several VMs")
struct VMSessionTests {
    /// A run that exercises calls, closures, callbacks, records and labelled builtin calls; it
    /// must give the same answer on a VM that has just failed as on a fresh one.
    static let healthy = """
        import "std/core" as core
        fn fib(n) {
          if n < 2 { return n }
          return fib(n - 1) + fib(n - 2)
        }
        let people = [{name: "b", age: 3}, {name: "a", age: 1}]
        let names = core.map(core.sorted(people, key: fn(p) => p.age), fn(p) => p.name)
        let cut = slice
        print(fib(15), names, cut([1, 2, 3, 4], 1, end: 3))
        """
    static let healthyOutput = "610 [\"a\", \"b\"] [2, 3]\n"

    /// Each failing input, then the healthy one on the same VM.
    func expectRecovery(
        from failing: String, message: String, kind: RuntimeError.Kind = .error, traceDepth: Int? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        try LatheUnit.locked {
            let session = try Session()
            #expect(try session.run(Self.healthy) == Self.healthyOutput, sourceLocation: sourceLocation)
            let error = try #require(session.fail(failing) as? RuntimeError, sourceLocation: sourceLocation)
            #expect(error.message == message, sourceLocation: sourceLocation)
            #expect(error.kind == kind, sourceLocation: sourceLocation)
            if let traceDepth { #expect(error.trace.count == traceDepth, sourceLocation: sourceLocation) }
            #expect(session.isClean, sourceLocation: sourceLocation)
            #expect(try session.run(Self.healthy) == Self.healthyOutput, sourceLocation: sourceLocation)
            // And again: a second failure and recovery on the same VM.
            #expect(session.fail(failing) != nil, sourceLocation: sourceLocation)
            #expect(try session.run(Self.healthy) == Self.healthyOutput, sourceLocation: sourceLocation)
            #expect(session.isUnwound, sourceLocation: sourceLocation)
        }
    }

    @Test func builtinErrorInsideNestedCalls() throws {
        try expectRecovery(
            from: "fn a(x) { return b(x) + 1 }\nfn b(x) { return c(x) * 2 }\nfn c(x) { return num(x) }\nprint(a(\"seven\"))\n",
            message: "cannot convert \"seven\" to a number", traceDepth: 4)
    }

    @Test func failInsideALambdaCalledBackByTheLibrary() throws {
        try expectRecovery(
            from: "import \"std/core\" as core\nprint(core.map([1, 2, 3], fn(x) { if x == 2 { fail(\"two\") }\n return x }))\n",
            message: "two")
    }

    @Test func errorInsideASortKey() throws {
        try expectRecovery(
            from: "import \"std/core\" as core\nprint(core.sorted([{a: 1}, {b: 2}], key: fn(r) => r.a))\n",
            message: "record has no field 'a'")
    }

    @Test func stackOverflow() throws {
        try expectRecovery(
            from: "fn down(n) { return down(n + 1) }\ndown(0)\n", message: "stack overflow", kind: .stackOverflow)
    }

    @Test func libraryError() throws {
        try LatheUnit.locked {
            let session = try Session()
            let error = try #require(session.fail("fn load() { return dataset(\"missing-\(UUID().uuidString).csv\") }\nload()\n") as? RuntimeError)
            #expect(error.trace.map(\.function) == ["load", "<main>"])
            #expect(session.isClean)
            #expect(try session.run(Self.healthy) == Self.healthyOutput)
        }
    }

    @Test func errorsInsideALambdaCalledBackByANative() throws {
        // A native that calls its argument back, as a native `sorted(key:)` would.
        let callBack = Builtin(BuiltinSignature("call_back", [BuiltinParameter("f")], doc: "calls f(10)")) { args in
            try args.vm.call(try args["f"], arguments: [.number(10)])
        }
        let throwPlain = Builtin(BuiltinSignature("throw_plain", [BuiltinParameter("f")], doc: "throws a Swift error")) { _ in
            throw PlainSwiftError()
        }
        let source = """
            fn outer(native, f) { return inner(native, f) + 1 }
            fn inner(native, f) { return native(f) * 2 }
            let boom = fn(x) => fail("boom at ${x}")
            let ok = fn(x) => x + 1
            """
        try LatheUnit.locked {
            let session = try Session(source, extraBuiltins: [callBack, throwPlain])
            let outer = try #require(session.main.global("outer"))
            let boom = try #require(session.main.global("boom"))
            let ok = try #require(session.main.global("ok"))
            let callBackValue = try session.builtin("call_back")
            #expect(try session.vm.call(outer, arguments: [callBackValue, ok]).isEqual(to: .number(23)))

            // Lathe → Lathe → native → Lathe lambda → fail: every frame is unwound.
            do {
                _ = try session.vm.call(outer, arguments: [callBackValue, boom])
                Issue.record("boom should fail")
            } catch let error as RuntimeError {
                #expect(error.message == "boom at 10")
                #expect(error.trace.map(\.function) == ["<lambda>", "inner", "outer"])
            }
            #expect(session.isClean)
            #expect(try session.vm.call(outer, arguments: [callBackValue, ok]).isEqual(to: .number(23)))

            // An error that is not a RuntimeError also unwinds, and reaches the caller unchanged.
            #expect(throws: PlainSwiftError()) {
                try session.vm.call(outer, arguments: [try session.builtin("throw_plain"), ok])
            }
            #expect(session.isClean)
            #expect(try session.vm.call(outer, arguments: [callBackValue, ok]).isEqual(to: .number(23)))
            #expect(try session.run(Self.healthy) == Self.healthyOutput)
        }
    }

    @Test func aFailedModuleLeavesEarlierDefinitionsWorking() throws {
        try LatheUnit.locked {
            let session = try Session("var count = 0\nfn bump() {\n  count += 1\n  return count\n}\n")
            let bump = try #require(session.main.global("bump"))
            #expect(try session.vm.call(bump, arguments: []).isEqual(to: .number(1)))
            #expect(session.fail("fn deep(n) { if n == 0 { fail(\"bottom\") }\n return deep(n - 1) }\ndeep(50)\n") != nil)
            #expect(try session.vm.call(bump, arguments: []).isEqual(to: .number(2)))
            #expect(try session.run("print(\"after\")\n") == "after\n")
        }
    }

    // MARK: Several VMs

    @Test func twoVMsInterleaveWithTheirOwnSymbols() throws {
        try LatheUnit.locked {
            // Different field names first, so the two programs number their symbols differently.
            let first = try Session("let p = {apple: 1, beta: 2}\n")
            let second = try Session("let q = {zeta: 5, eta: 6, theta: 7, beta: 8}\n")
            #expect(first.program.symbols !== second.program.symbols)
            #expect(first.vm.symbols.lookup("zeta") == nil)
            #expect(second.vm.symbols.lookup("apple") == nil)
            #expect(first.vm.symbols.lookup("beta") != second.vm.symbols.lookup("beta"))
            // The builtins' parameter names are interned per VM, at different symbols here.
            #expect(first.vm.symbols.lookup("end") != nil)
            #expect(first.vm.symbols.lookup("end") != second.vm.symbols.lookup("end"))

            #expect(try first.run("let cut = slice\nlet r = {beta: 3, gamma: 4}\nprint(cut([1, 2, 3], 0, end: 2), r.gamma + r.beta)\n")
                == "[1, 2] 7\n")
            #expect(try second.run("let cut = slice\nlet r = {gamma: 10, beta: 20}\nprint(cut([1, 2, 3], 1, end: 3), r)\n")
                == "[2, 3] {gamma: 10, beta: 20}\n")
            #expect(first.fail("fn f(n) { return f(n + 1) }\nf(0)\n") != nil)
            #expect(try second.run(Self.healthy) == Self.healthyOutput)
            #expect(try first.run(Self.healthy) == Self.healthyOutput)
            #expect(try second.run("print(keys({delta: 1, beta: 2}))\n") == "[\"delta\", \"beta\"]\n")
            #expect(try first.run("print(keys({delta: 1, apple: 2}))\n") == "[\"delta\", \"apple\"]\n")
            #expect(first.output.text.hasSuffix("[\"delta\", \"apple\"]\n"))
            #expect(!second.output.text.contains("apple"))
        }
    }

    // MARK: Output sink

    @Test func trainingReportsToTheSink() throws {
        let source = """
            let ds = make_classification(n: 60, seed: 1)
            let m = train(logistic(), ds)
            let row = ds[0]
            print(m.task, keys(m.params), keys(row))
            """
        try LatheUnit.locked {
            let session = try Session()
            let printed = try session.run(source)
            #expect(printed == "binary [\"C\", \"max_iter\", \"tol\"] [\"x0\", \"x1\", \"x2\", \"x3\", \"target\"]\n")
            #expect(session.output.progressFinishedCount == 1)
        }
    }
}
