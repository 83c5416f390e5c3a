import Foundation
import LatheCore
import Testing
@testable import Frontend
import Runtime
import VM

/// The VM's own throw sites carry stable codes, so `lathe explain` and tools that match on
/// codes see the same code whatever the message says. Every script here gets past the
/// checker (values arrive through variables), so the VM is the one that fails.
@Suite("Runtime error codes")
struct RuntimeErrorCodeTests {
    @Test(arguments: [
        ("assert(false)", RuntimeErrorCodes.assertionFailed),
        ("assert(1 > 2, \"one is not above two\")", RuntimeErrorCodes.assertionFailed),
        ("fail(\"x\")", RuntimeErrorCodes.explicitFailure),
        ("var a = 1\nvar b = \"a\"\nprint(a + b)", RuntimeErrorCodes.operatorTypeMismatch),
        ("var a = \"a\"\nprint(a * 2)", RuntimeErrorCodes.operatorTypeMismatch),
        ("var a = \"a\"\nprint(a < 2)", RuntimeErrorCodes.operatorTypeMismatch),
        ("var a = \"a\"\nprint(-a)", RuntimeErrorCodes.operatorTypeMismatch),
        ("var a = 1\nprint(a and true)", RuntimeErrorCodes.operatorTypeMismatch),
        ("var f = 3\nf()", RuntimeErrorCodes.notCallable),
        ("var f = null\nf(1)", RuntimeErrorCodes.notCallable),
        ("var f = fn(a) => a\nf(1, 2)", RuntimeErrorCodes.argumentMismatch),
        ("var f = fn(a) => a\nf()", RuntimeErrorCodes.argumentMismatch),
        ("var f = fn(a) => a\nf(b: 1)", RuntimeErrorCodes.argumentMismatch),
        ("var f = sqrt\nf(1, 2)", RuntimeErrorCodes.argumentMismatch),
        ("var x = \"4\"\nprint(sqrt(x))", RuntimeErrorCodes.wrongArgumentType),
        ("var n = 1.5\nprint(slice([1, 2, 3], n))", RuntimeErrorCodes.wrongArgumentType),
        ("var n = 3\nif n { print(n) }", RuntimeErrorCodes.conditionNotBool),
        ("var n = 3\nwhile n { n = n - 1 }", RuntimeErrorCodes.conditionNotBool),
        ("var end = \"5\"\nfor i in 0..<end { print(i) }", RuntimeErrorCodes.rangeBoundNotNumber),
        ("var end = \"5\"\nlet r = 0..<end", RuntimeErrorCodes.rangeBoundNotNumber),
        ("var n = 3\nfor i in n { print(i) }", RuntimeErrorCodes.cannotIterate),
        ("var n = 3\nprint(n[0])", RuntimeErrorCodes.cannotIndex),
        ("let xs = [1, 2]\nvar i = \"0\"\nprint(xs[i])", RuntimeErrorCodes.cannotIndex),
        ("let xs = [1, 2]\nvar i = 0.5\nprint(xs[i])", RuntimeErrorCodes.cannotIndex),
        ("let xs = [10, 20, 30]\nvar i = 3\nprint(xs[i])", RuntimeErrorCodes.indexOutOfRange),
        ("var t = tensor([1, 2])\nvar i = 5\nprint(t[i])", RuntimeErrorCodes.indexOutOfRange),
        ("var s = \"abc\"\ns[0] = \"x\"", RuntimeErrorCodes.cannotAssignInto),
        ("var n = 3\nn.x = 1", RuntimeErrorCodes.cannotAssignInto),
        ("var r = {a: 1}\nprint(r.b)", RuntimeErrorCodes.noSuchField),
        ("var n = 3\nprint(n.b)", RuntimeErrorCodes.noSuchField),
        ("var t = tensor([1, 2])\nprint(t.rows)", RuntimeErrorCodes.noSuchField),
        ("fn show() { return limit }\nprint(show())\nlet limit = 1", RuntimeErrorCodes.usedBeforeDefinition),
        ("fn f() { return g() }\nlet v = f()\nfn g() { return v }", RuntimeErrorCodes.usedBeforeDefinition),
    ])
    func scriptFailsWithCode(script: String, code: ErrorCode) throws {
        let error = try #require(Self.runtimeError(of: script), "\(script): did not fail")
        #expect(error.code == code, "\(script): \(error.code) \(error.message)")
    }

    @Test func builtinMissingFromTheVMHasItsCode() throws {
        let builtins = Builtins.all.filter { $0.signature.name != "clock" }
        let error = try #require(Self.runtimeError(of: "print(clock())", builtins: builtins))
        #expect(error.message == "undefined name 'clock'")
        #expect(error.code == RuntimeErrorCodes.undefinedAtRunTime)
    }

    @Test func callingANonFunctionFromSwiftIsNotCallable() throws {
        let program = try #require(LatheUnit.compile("let x = 1\n").program)
        let error: RuntimeError? = LatheUnit.locked {
            do {
                _ = try VM(program: program, output: CapturedOutput()).call(.number(1), arguments: [])
                return nil
            } catch {
                return error as? RuntimeError
            }
        }
        #expect(error?.message == "cannot call a number")
        #expect(error?.code == RuntimeErrorCodes.notCallable)
    }

    /// Compiles and runs `script`, returning the runtime error it stops with.
    static func runtimeError(of script: String, builtins: [Builtin] = Builtins.all) -> RuntimeError? {
        let compilation = LatheUnit.compile(script + "\n")
        guard let program = compilation.program, !compilation.hasErrors else {
            Issue.record("compile errors: \(compilation.diagnostics.map(\.message))")
            return nil
        }
        return LatheUnit.locked {
            let vm = VM(program: program, builtins: builtins, output: CapturedOutput())
            do {
                _ = try vm.runEntry()
                return nil
            } catch {
                return error as? RuntimeError
            }
        }
    }
}
