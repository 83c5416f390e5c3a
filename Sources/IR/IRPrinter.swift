import LatheCore
import Syntax

/// Renders IR as text for `lathe ir`: one block per function, one line per instruction,
/// with operands decoded from `Opcode.layout`.
public struct IRPrinter {
    let program: IRProgram
    let sources: SourceManager?

    public init(program: IRProgram, sources: SourceManager? = nil) {
        self.program = program
        self.sources = sources
    }

    public func render(module: IRModule) -> String {
        var out = "module \(module.displayPath)\n"
        if !module.globalNames.isEmpty {
            out += "  globals: " + module.globalNames.enumerated().map { "g\($0.offset)=\($0.element)" }.joined(separator: " ") + "\n"
        }
        for (index, function) in module.functions.enumerated() {
            out += "\n" + render(function: function, index: index, module: module)
        }
        return out
    }

    public func render(function: IRFunction, index: Int, module: IRModule) -> String {
        let parameters = function.parameters.map { $0.hasDefault ? "\($0.name):" : $0.name }.joined(separator: ", ")
        var out = "function f\(index) \(function.name)(\(parameters)) registers=\(function.registerCount)"
        if !function.captures.isEmpty {
            let captures = function.captures.map { source -> String in
                switch source {
                case .register(let register): return "r\(register)"
                case .capture(let slot): return "u\(slot)"
                }
            }
            out += " captures=[\(captures.joined(separator: ", "))]"
        }
        out += "\n"
        let width = String(function.instructions.count).count
        for (pc, instruction) in function.instructions.enumerated() {
            let label = String(pc).leftPadded(to: width)
            var line = "  \(label)  \(instruction.opcode.mnemonic.padded(to: 16))"
            let operands = [
                operand(instruction.opcode.layout.0, instruction.a, function),
                operand(instruction.opcode.layout.1, instruction.b, function),
                operand(instruction.opcode.layout.2, instruction.c, function),
            ].compactMap { $0 }
            line += operands.joined(separator: " ")
            var comment: [String] = []
            if instruction.effect != .pure { comment.append(instruction.effect.description) }
            if let sources, pc < function.spans.count, let file = sources.file(function.spans[pc].file) {
                // The line alone: a column would rescan the line for every instruction, which is
                // quadratic on a generated one-line chain.
                comment.append("line \(file.lineIndex(of: Int(function.spans[pc].start)) + 1)")
            }
            if !comment.isEmpty { line = line.padded(to: 48) + " ; " + comment.joined(separator: ", ") }
            out += line.trailingSpacesTrimmed + "\n"
        }
        return out
    }

    func operand(_ kind: OperandKind, _ value: Int32, _ function: IRFunction) -> String? {
        switch kind {
        case .unused: return nil
        case .register, .destination, .registerInOut: return "r\(value)"
        case .constant:
            guard value >= 0, Int(value) < function.constants.count else { return "k\(value)?" }
            return "k\(value)(\(describe(function.constants[Int(value)])))"
        case .global: return "g\(value)"
        case .capture: return "u\(value)"
        case .symbol: return "." + program.symbols.name(value)
        case .target: return "@\(value)"
        case .count, .argumentCount: return "#\(value)"
        case .immediate: return "\(value)"
        case .function: return "f\(value)"
        case .callSite:
            guard value >= 0, Int(value) < function.callSites.count else { return nil }
            let labels = function.callSites[Int(value)].map { $0 < 0 ? "_" : program.symbols.name($0) }
            return "(" + labels.joined(separator: ", ") + ")"
        case .shape:
            guard value >= 0, Int(value) < function.recordShapes.count else { return "s\(value)?" }
            return "{" + function.recordShapes[Int(value)].map(program.symbols.name).joined(separator: ", ") + "}"
        case .module:
            guard value >= 0, Int(value) < program.modules.count else { return "m\(value)?" }
            return "m\(value)(\(program.modules[Int(value)].displayPath))"
        }
    }

    func describe(_ constant: Scalar) -> String {
        switch constant {
        case .null: return "null"
        case .bool(let value): return value ? "true" : "false"
        case .number(let value): return Scalar.format(number: value)
        case .string(let value):
            var escaped = ""
            for character in value.prefix(40) {
                switch character {
                case "\n": escaped += "\\n"
                case "\"": escaped += "\\\""
                case "\\": escaped += "\\\\"
                default: escaped.append(character)
                }
            }
            return "\"" + escaped + (value.count > 40 ? "…" : "") + "\""
        }
    }
}

extension String {
    func padded(to width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
    var trailingSpacesTrimmed: String {
        var result = self
        while result.last == " " { result.removeLast() }
        return result
    }
}
