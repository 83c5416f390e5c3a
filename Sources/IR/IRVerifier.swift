/// Checks the structural invariants the VM relies on, so a lowering bug is caught as a
/// clear failure instead of memory corruption: operand ranges per `Opcode.layout`, jump
/// targets, a terminating last instruction, and consistent side tables.
public struct IRVerifier {
    /// One broken invariant.
    public struct Violation: Error, CustomStringConvertible, Equatable {
        public var function: String
        public var pc: Int
        public var message: String
        public var description: String { "\(function) @\(pc): \(message)" }
    }

    public init() {}

    public func verify(_ program: IRProgram) -> [Violation] {
        var violations: [Violation] = []
        for module in program.modules {
            for function in module.functions {
                violations += verify(function, in: module, program: program)
            }
        }
        return violations
    }

    public func verify(_ function: IRFunction, in module: IRModule, program: IRProgram) -> [Violation] {
        var violations: [Violation] = []
        func fail(_ pc: Int, _ message: String) {
            violations.append(Violation(function: function.name, pc: pc, message: message))
        }
        let code = function.instructions
        if code.isEmpty { fail(0, "function has no instructions") }
        if function.spans.count != code.count { fail(0, "span table has \(function.spans.count) entries for \(code.count) instructions") }
        if let last = code.last, ![.returnNull, .returnValue, .jump].contains(last.opcode) {
            fail(code.count - 1, "function does not end in a return or jump")
        }
        if function.parameters.count > function.registerCount {
            fail(0, "more parameters than registers")
        }
        for (pc, instruction) in code.enumerated() {
            let layout = instruction.opcode.layout
            let operands = [(layout.0, instruction.a), (layout.1, instruction.b), (layout.2, instruction.c)]
            for (index, (kind, value)) in operands.enumerated() {
                let name = ["A", "B", "C"][index]
                switch kind {
                case .unused:
                    if value != 0 { fail(pc, "\(instruction.opcode.mnemonic): unused operand \(name) is \(value)") }
                case .register, .destination, .registerInOut:
                    if value < 0 || Int(value) >= function.registerCount {
                        fail(pc, "\(instruction.opcode.mnemonic): register r\(value) outside 0..<\(function.registerCount)")
                    }
                case .constant:
                    if value < 0 || Int(value) >= function.constants.count { fail(pc, "constant k\(value) out of range") }
                case .global:
                    if value < 0 || Int(value) >= module.globalNames.count { fail(pc, "global g\(value) out of range") }
                case .capture:
                    if value < 0 || Int(value) >= function.captures.count { fail(pc, "capture u\(value) out of range") }
                case .symbol:
                    if value < 0 || Int(value) >= program.symbols.names.count { fail(pc, "symbol #\(value) out of range") }
                case .target:
                    if value < 0 || Int(value) >= code.count { fail(pc, "jump target @\(value) outside the function") }
                case .count:
                    let (_, base) = operands[index - 1]
                    if value < 0 || Int(base) + Int(value) > function.registerCount {
                        fail(pc, "\(instruction.opcode.mnemonic): registers r\(base)..<r\(Int(base) + Int(value)) exceed the frame")
                    }
                case .argumentCount:
                    if value < 0 || Int(instruction.a) + 1 + Int(value) > function.registerCount {
                        fail(pc, "\(instruction.opcode.mnemonic): arguments r\(instruction.a + 1)..<r\(Int(instruction.a) + 1 + Int(value)) exceed the frame")
                    }
                case .function:
                    if value <= 0 || Int(value) >= module.functions.count { fail(pc, "function f\(value) out of range") }
                case .callSite:
                    if value != -1 && (value < 0 || Int(value) >= function.callSites.count) {
                        fail(pc, "call site \(value) out of range")
                    } else if value >= 0, function.callSites[Int(value)].count != Int(instruction.b) {
                        fail(pc, "call site labels do not match the argument count")
                    }
                case .shape:
                    if value < 0 || Int(value) >= function.recordShapes.count {
                        fail(pc, "record shape \(value) out of range")
                    } else if Int(instruction.b) + function.recordShapes[Int(value)].count > function.registerCount {
                        fail(pc, "record fields exceed the frame")
                    }
                case .module:
                    if value < 0 || Int(value) >= program.modules.count { fail(pc, "module m\(value) out of range") }
                case .immediate:
                    if value < 0 || value > 255 { fail(pc, "immediate \(value) out of range") }
                }
            }
            if instruction.opcode == .forRangeStart || instruction.opcode == .forRangeNext {
                if Int(instruction.a) + 1 >= function.registerCount { fail(pc, "counting loop needs two registers") }
            }
        }
        return violations
    }
}
