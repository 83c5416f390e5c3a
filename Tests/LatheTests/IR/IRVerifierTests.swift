import Foundation
import Testing
import Check
import LatheCore
@testable import Frontend
@testable import IR
import Syntax

/// Varied programs that must lower to IR the verifier accepts.
private let verifiedSources: [String] = [
    "print(1)\n",
    "let a = 1\nvar b = 2\nb += a\nb -= 1\nprint(a + b * 3 - 4 / 2 % 3)\n",
    "var i = 0\nwhile i < 10 {\n  if i == 5 { break }\n  i += 1\n  if i % 2 == 0 { continue }\n}\nprint(i)\n",
    "var total = 0\nfor i in 0..<100 { total += i }\nfor x in [1, 2, 3] { total -= x }\nfor c in \"abc\" { print(c) }\nfor k in {a: 1} { print(k) }\n",
    "fn fib(n) {\n  if n < 2 { return n }\n  return fib(n - 1) + fib(n - 2)\n}\nprint(fib(10))\n",
    "fn counter() {\n  var n = 0\n  return fn() {\n    n += 1\n    return n\n  }\n}\nlet c = counter()\nc()\n",
    "fn outer(p) {\n  var q = p\n  return fn() => fn() => p + q\n}\nprint(outer(1)()())\n",
    "let fs = []\nfor i in 0..<3 { push(fs, fn() => i) }\nprint(fs[2]())\n",
    "let r = {name: \"ada\", age: 36, tags: [\"x\"]}\nr.age += 1\nr.city = \"london\"\nr[\"k\"] = 2\nprint(r.name, r[\"age\"], keys(r))\n",
    "let xs = [1, [2, 3], {a: 4}]\nxs[0] = 9\nxs[1][0] += 1\nprint(xs, len(xs), xs[2].a)\n",
    "fn scale(x, by: 2, offset: 0) { return x * by + offset }\nprint(scale(1), scale(1, offset: 5), scale(by: 3, x: 2))\n",
    "print(slice([1, 2, 3], 1, end: 2), range(0, 10, step: 3), assert(true, message: \"ok\"))\n",
    "import \"std/core\" as core\nprint(core.map([1, 2], fn(x) => x + 1), core.sorted([3, 1, 2]), core.join([\"a\", \"b\"], sep: \"-\"))\n",
    "import \"std/core\" as core\nlet names = [{n: \"a\", age: 3}, {n: \"b\", age: 1}] |> core.sorted(key: fn(p) => p.age) |> core.map(fn(p) => p.n)\nprint(names)\n",
    "param epochs = 3\nparam lr = 0.1\nparam name = \"run\"\nprint(\"${name}: ${epochs} epochs at ${lr}\")\n",
    "let ok = true and (1 < 2 or false)\nlet no = not ok\nif ok { print(1) } else if no { print(2) } else { print(3) }\n",
    "fn f() { return later * 2 }\nlet later = 4\nprint(f(), -later, (0..<3), 1 != 2, 2 >= 1, 1 <= 2, 3 > 2)\n",
    "let clamp = fn(x, lo: 0, hi: 10) {\n  if x < lo { return lo }\n  if x > hi { return hi }\n  return x\n}\nprint(clamp(-5), clamp(50, hi: 100), (fn(a, b) => a - b)(10, 4))\n",
    "fn even(n) { if n == 0 { return true }\n  return odd(n - 1) }\nfn odd(n) { if n == 0 { return false }\n  return even(n - 1) }\nprint(even(10))\n",
    "var s = \"\"\nfor i in 0..<5 { s += str(i) }\nfn noop() {}\nlet big = [s, noop(), null, 1e9, -0.5, \"tab\\tquote\\\"\"]\nprint(big, type(big), repr(s))\n",
    "fn make_adders() {\n  let out = []\n  for i in 0..<3 {\n    var k = i * 10\n    push(out, fn(x) {\n      k += x\n      return k\n    })\n  }\n  return out\n}\nlet adders = make_adders()\nprint(adders[1](5), adders[1](5))\n",
]

private func compiled(_ source: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> IRProgram? {
    let compilation = LatheUnit.compile(source)
    if compilation.hasErrors {
        Issue.record("compile errors: \(compilation.diagnostics.map { "\($0.code) \($0.message)" })", sourceLocation: sourceLocation)
    }
    return compilation.program
}

/// A one-function module in its own program (with a private symbol table), for hand-built IR.
private func verify(_ function: IRFunction, globals: [String] = [], symbols: [String] = []) -> [IRVerifier.Violation] {
    let table = SymbolTable()
    for name in symbols { _ = table.intern(name) }
    let program = IRProgram(symbols: table)
    let module = IRModule(path: "/hand.mlx", displayPath: "hand.mlx", index: 0)
    module.functions = [function]
    module.globalNames = globals
    program.modules = [module]
    program.moduleIndex[module.path] = 0
    return IRVerifier().verify(program)
}

/// A function with the given code, a span per instruction and some room to work.
private func function(
    _ instructions: [Instruction], registers: Int = 2, constants: [Scalar] = [.number(1)],
    callSites: [[Int32]] = [], recordShapes: [[Int32]] = [], captures: [CaptureSource] = []
) -> IRFunction {
    let function = IRFunction(name: "hand", span: .unknown)
    function.instructions = instructions
    function.spans = Array(repeating: .unknown, count: instructions.count)
    function.registerCount = registers
    function.constants = constants
    function.callSites = callSites
    function.recordShapes = recordShapes
    function.captures = captures
    return function
}

@Suite("IRVerifier")
struct IRVerifierTests {
    // MARK: Compiled programs

    @Test(arguments: verifiedSources.indices)
    func verifierAcceptsCompiledPrograms(index: Int) throws {
        let program = try #require(compiled(verifiedSources[index]))
        let violations = LatheUnit.locked { IRVerifier().verify(program) }
        #expect(violations.isEmpty, "source \(index): \(violations)")
        #expect(!program.modules.isEmpty)
        for module in program.modules {
            #expect(module.main.name == "<main>")
            for function in module.functions {
                #expect(function.spans.count == function.instructions.count)
            }
        }
    }

    @Test func programsImportingTheStandardLibraryHaveTwoModules() throws {
        let program = try #require(compiled("import \"std/core\" as core\nprint(core.sum([1]))\n"))
        #expect(program.modules.count == 2)
        #expect(program.modules[0].path.hasSuffix("core.mlx"))
        #expect(program.modules[1].path.hasSuffix("test.mlx"))
        #expect(program.modules.last?.index == 1)
        #expect(program.modules[0].exports.contains { $0.name == "map" })
    }

    // MARK: Hand-built functions

    @Test func minimalFunctionIsAccepted() {
        let valid = function([Instruction(.loadConstant, 0, 0), Instruction(.returnValue, 0)])
        #expect(verify(valid).isEmpty)
        let withJump = function([Instruction(.loadNull, 1), Instruction(.jump, 0)])
        #expect(verify(withJump).isEmpty)
    }

    @Test func registerOutOfRangeIsRejected() {
        let violations = verify(function([Instruction(.move, 0, 5), Instruction(.returnNull)]))
        #expect(violations == [IRVerifier.Violation(function: "hand", pc: 0, message: "move: register r5 outside 0..<2")])
        let negative = verify(function([Instruction(.loadNull, -1), Instruction(.returnNull)]))
        #expect(negative.map(\.message) == ["load_null: register r-1 outside 0..<2"])
        let destination = verify(function([Instruction(.add, 2, 0, 1), Instruction(.returnNull)]))
        #expect(destination.map(\.message) == ["add: register r2 outside 0..<2"])
    }

    @Test func badJumpTargetIsRejected() {
        let forward = verify(function([Instruction(.jump, 99), Instruction(.returnNull)]))
        #expect(forward.map(\.message) == ["jump target @99 outside the function"])
        #expect(forward.first?.pc == 0)
        let conditional = verify(function([
            Instruction(.loadConstant, 0, 0), Instruction(.jumpIfFalse, 0, 3), Instruction(.returnNull),
        ]))
        #expect(conditional.map(\.message) == ["jump target @3 outside the function"])
        #expect(conditional.first?.pc == 1)
        let negative = verify(function([Instruction(.jump, -1), Instruction(.returnNull)]))
        #expect(negative.count == 1)
    }

    @Test func constantOutOfRangeIsRejected() {
        let violations = verify(function([Instruction(.loadConstant, 0, 3), Instruction(.returnValue, 0)]))
        #expect(violations.map(\.message) == ["constant k3 out of range"])
        let addConstant = verify(function([Instruction(.addConstant, 0, 0, 1), Instruction(.returnValue, 0)]))
        #expect(addConstant.map(\.message) == ["constant k1 out of range"])
    }

    @Test func missingTerminatorIsRejected() {
        let violations = verify(function([Instruction(.loadConstant, 0, 0), Instruction(.loadNull, 1)]))
        #expect(violations == [IRVerifier.Violation(function: "hand", pc: 1, message: "function does not end in a return or jump")])
    }

    @Test func emptyFunctionIsRejected() {
        let violations = verify(function([]))
        #expect(violations.map(\.message) == ["function has no instructions"])
    }

    @Test func callSiteLabelCountMismatchIsRejected() {
        // call r0 with 2 arguments (r1, r2) but the call site lists one label.
        let mismatch = verify(function(
            [Instruction(.call, 0, 2, 0), Instruction(.returnNull)], registers: 4, callSites: [[-1]]))
        #expect(mismatch.map(\.message) == ["call site labels do not match the argument count"])
        let matching = verify(function(
            [Instruction(.call, 0, 2, 0), Instruction(.returnNull)], registers: 4, callSites: [[-1, 0]]),
            symbols: ["by"])
        #expect(matching.isEmpty)
        let positional = verify(function([Instruction(.call, 0, 2, -1), Instruction(.returnNull)], registers: 4))
        #expect(positional.isEmpty)
        let missing = verify(function([Instruction(.call, 0, 1, 4), Instruction(.returnNull)], registers: 4, callSites: [[-1]]))
        #expect(missing.map(\.message) == ["call site 4 out of range"])
    }

    @Test func callArgumentsPastTheFrameAreRejected() {
        // call r1 with one argument reads r2, outside a two-register frame.
        let violations = verify(function([Instruction(.call, 1, 1, -1), Instruction(.returnNull)], registers: 2))
        #expect(violations.map(\.message) == ["call: arguments r2..<r3 exceed the frame"])
        #expect(verify(function([Instruction(.call, 0, 1, -1), Instruction(.returnNull)], registers: 2)).isEmpty)
        let builtin = verify(function([Instruction(.callBuiltin, 1, 0, 1), Instruction(.returnNull)], registers: 2), symbols: ["print"])
        #expect(builtin.map(\.message) == ["call_builtin: arguments r2..<r3 exceed the frame"])
        #expect(verify(function([Instruction(.callBuiltin, 0, 0, 1), Instruction(.returnNull)], registers: 2), symbols: ["print"]).isEmpty)
    }

    @Test func unusedOperandMustBeZero() {
        let violations = verify(function([Instruction(.loadNull, 0, 7), Instruction(.returnNull)]))
        #expect(violations.map(\.message) == ["load_null: unused operand B is 7"])
    }

    @Test func spanTableMustMatchInstructions() {
        let broken = function([Instruction(.returnNull)])
        broken.spans = []
        #expect(verify(broken).map(\.message) == ["span table has 0 entries for 1 instructions"])
    }

    @Test func sideTableIndicesAreChecked() {
        #expect(verify(function([Instruction(.getGlobal, 0, 2), Instruction(.returnNull)]), globals: ["a"])
            .map(\.message) == ["global g2 out of range"])
        #expect(verify(function([Instruction(.getGlobal, 0, 0), Instruction(.returnNull)]), globals: ["a"]).isEmpty)
        #expect(verify(function([Instruction(.getCapture, 0, 0), Instruction(.returnNull)]))
            .map(\.message) == ["capture u0 out of range"])
        #expect(verify(function([Instruction(.getBuiltin, 0, 0), Instruction(.returnNull)]))
            .map(\.message) == ["symbol #0 out of range"])
        #expect(verify(function([Instruction(.getBuiltin, 0, 0), Instruction(.returnNull)]), symbols: ["print"]).isEmpty)
        // f0 is the module's top level and cannot be made into a closure.
        #expect(verify(function([Instruction(.makeClosure, 0, 0), Instruction(.returnNull)]))
            .map(\.message) == ["function f0 out of range"])
        #expect(verify(function([Instruction(.importModule, 0, 1), Instruction(.returnNull)]))
            .map(\.message) == ["module m1 out of range"])
        #expect(verify(function([Instruction(.makeRecord, 0, 0, 0), Instruction(.returnNull)]))
            .map(\.message) == ["record shape 0 out of range"])
        #expect(verify(function([Instruction(.makeRecord, 0, 1, 0), Instruction(.returnNull)], recordShapes: [[0, 1]]), symbols: ["a", "b"])
            .map(\.message) == ["record fields exceed the frame"])
    }

    @Test func registerRangesMustFitTheFrame() {
        #expect(verify(function([Instruction(.makeList, 0, 1, 5), Instruction(.returnNull)]))
            .map(\.message) == ["make_list: registers r1..<r6 exceed the frame"])
        #expect(verify(function([Instruction(.makeList, 0, 0, 2), Instruction(.returnNull)])).isEmpty)
        #expect(verify(function([Instruction(.forRangeStart, 1, 1), Instruction(.returnNull)]))
            .map(\.message) == ["counting loop needs two registers"])
    }

    @Test func moreParametersThanRegistersIsRejected() {
        let broken = function([Instruction(.returnNull)], registers: 1)
        broken.parameters = [
            IRParameter(name: "a", symbol: 0, hasDefault: false), IRParameter(name: "b", symbol: 1, hasDefault: true),
        ]
        #expect(verify(broken, symbols: ["a", "b"]).map(\.message) == ["more parameters than registers"])
        #expect(broken.requiredParameterCount == 1)
    }

    @Test func violationDescriptionNamesFunctionAndPC() {
        let violation = IRVerifier.Violation(function: "f", pc: 3, message: "oops")
        #expect(violation.description == "f @3: oops")
    }

    // MARK: Opcode table

    @Test func everyOpcodeHasAConsistentLayout() {
        func isRegister(_ kind: OperandKind) -> Bool {
            switch kind {
            case .register, .destination, .registerInOut: return true
            default: return false
            }
        }
        for opcode in Opcode.allCases {
            let layout = opcode.layout
            let kinds = [layout.0, layout.1, layout.2]
            for (index, kind) in kinds.enumerated() {
                if case .count = kind {
                    // A count extends the register operand just before it.
                    #expect(index > 0 && isRegister(kinds[index - 1]), "\(opcode.mnemonic): count must follow a register")
                }
                if case .callSite = kind {
                    #expect(opcode == .call)
                }
                if case .argumentCount = kind {
                    // Arguments sit just above the callee register A.
                    #expect([.call, .callDirect, .callBuiltin].contains(opcode), "\(opcode.mnemonic)")
                    #expect(isRegister(kinds[0]))
                }
            }
            // Unused operands come last.
            if case .unused = kinds[0] {
                #expect(opcode == .returnNull, "\(opcode.mnemonic) has an unused A operand")
            }
        }
    }

    @Test func everyOpcodeHasADistinctSnakeCaseMnemonic() {
        let mnemonics = Opcode.allCases.map(\.mnemonic)
        #expect(Set(mnemonics).count == Opcode.allCases.count)
        for mnemonic in mnemonics {
            #expect(!mnemonic.isEmpty)
            #expect(mnemonic.allSatisfy { $0 == "_" || ($0.isLowercase && $0.isLetter) }, "\(mnemonic)")
        }
        #expect(Opcode.loadConstant.mnemonic == "load_constant")
        #expect(Opcode.jumpIfNotLess.mnemonic == "jump_if_not_less")
        #expect(Opcode.move.mnemonic == "move")
    }

    @Test func onlyImportAndParameterOpcodesHaveIOEffect() {
        for opcode in Opcode.allCases {
            let expected: Check.Effect = [.importModule, .applyParameter].contains(opcode) ? .io : .pure
            #expect(opcode.baseEffect == expected, "\(opcode.mnemonic)")
            #expect(Instruction(opcode).effect == expected)
        }
        #expect(Check.Effect.pure.joined(with: .random) == .random)
        #expect(Check.Effect.io.joined(with: .random) == .io)
    }

    // MARK: Printer

    @Test func printerShowsFunctionHeadersAndMnemonics() throws {
        let source = """
        param steps = 3
        fn add(a, b: 1) { return a + b }
        let twice = fn(x) => x * 2
        print(add(steps, b: 2), twice(4), "s")
        """
        let compilation = LatheUnit.compile(source)
        let program = try #require(compilation.program)
        let module = try #require(program.modules.last)
        let text = LatheUnit.locked {
            IRPrinter(program: program, sources: compilation.sources).render(module: module)
        }
        #expect(text.hasPrefix("module test.mlx\n"))
        #expect(text.contains("  globals: "))
        #expect(text.contains("function f0 <main>() registers="))
        #expect(text.contains(" add(a, b:) registers="))
        #expect(text.contains(" <lambda>(x) registers="))
        for (index, function) in module.functions.enumerated() {
            #expect(text.contains("function f\(index) \(function.name)("), "missing header for \(function.name)")
            for instruction in function.instructions {
                #expect(text.contains(instruction.opcode.mnemonic), "missing \(instruction.opcode.mnemonic)")
            }
        }
        #expect(text.contains("apply_parameter"))
        #expect(text.contains("; io"))
        #expect(text.contains("line 4"))
        #expect(text.contains("(_, b)"), "named call site labels")
        #expect(text.contains("k") && text.contains("(\"s\")"), "string constants are quoted")
    }

    @Test func printerDecodesHandBuiltOperands() {
        let table = SymbolTable()
        _ = table.intern("x")
        let program = IRProgram(symbols: table)
        let module = IRModule(path: "/hand.mlx", displayPath: "hand.mlx", index: 0)
        let main = function(
            [
                Instruction(.loadConstant, 0, 0), Instruction(.getField, 1, 0, 0),
                Instruction(.jumpIfFalse, 1, 3), Instruction(.returnValue, 0),
            ],
            registers: 2, constants: [.string("line\n\"q\"")])
        module.functions = [main]
        program.modules = [module]
        let text = IRPrinter(program: program).render(function: main, index: 0, module: module)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.first == "function f0 hand() registers=2")
        #expect(lines.count == 5)
        #expect(lines[1].contains("load_constant") && lines[1].hasSuffix("r0 k0(\"line\\n\\\"q\\\"\")"))
        #expect(lines[2].hasSuffix("r1 r0 .x"))
        #expect(lines[3].hasSuffix("r1 @3"))
        #expect(lines[4].hasSuffix("return_value    r0"))
    }
}
