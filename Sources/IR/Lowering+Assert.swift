import Check
import LatheCore
import Syntax

extension FunctionBuilder {
    /// `assert(a OP b)` and `assert(a OP b, message)` with a comparison: both sides are kept in
    /// registers, so a failing assertion says what they were (hint: "found 7 == 10"), as a
    /// test runner's assertion does. Nil when the call is not of that shape (it is then an
    /// ordinary call to the builtin).
    func assertComparison(callee: Expr, arguments: [Argument], span: SourceSpan, into destination: Int32?) -> Int32? {
        guard case .identifier("assert") = callee.kind, case .builtin? = lowering.reference(callee.id),
              let condition = arguments.first, condition.label == nil,
              case .binary(let op, let left, let right) = condition.value.kind,
              [.equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual].contains(op) else { return nil }
        let rest = arguments.dropFirst()
        guard rest.count <= 1, rest.allSatisfy({ $0.label == nil || $0.label == "message" }) else { return nil }
        let result = destination ?? allocate()
        let mark = nextRegister
        let leftRegister = expression(left, into: allocate())
        let rightRegister = expression(right, into: allocate())
        let outcome = allocate()
        currentSpan = condition.value.span
        emit(op.opcode, outcome, leftRegister, rightRegister)
        let passed = emit(.jumpIfTrue, outcome)

        // The failing path: assert(false, message, found: "<repr left> <op> <repr right>"),
        // the sides becoming the error's hint so the message stays the script's own.
        let call = allocate()
        let falseRegister = allocate()
        let messageRegister = allocate()
        let foundRegister = allocate()
        if let message = rest.first {
            _ = expression(message.value, into: messageRegister)
        } else {
            emit(.loadConstant, messageRegister, constant(.string("assertion failed")))
        }
        // The three parts of `found`, in consecutive registers for `concatenate`.
        let parts = allocate()
        for _ in 0..<2 { _ = allocate() }
        representation(of: leftRegister, into: parts)
        emit(.loadConstant, parts + 1, constant(.string(" \(op.rawValue) ")))
        representation(of: rightRegister, into: parts + 2)
        emit(.concatenate, foundRegister, parts, 3)
        emit(.loadConstant, falseRegister, constant(.bool(false)))
        currentSpan = span
        emit(.callBuiltin, call, symbols.intern("assert"), 3)
        patch(passed)
        emit(.loadNull, result)
        free(to: mark)
        return result
    }

    /// `register := repr(value)`, through the builtin, so strings show quoted.
    private func representation(of value: Int32, into register: Int32) {
        let mark = nextRegister
        let base = allocate()
        let argument = allocate()
        emit(.move, argument, value)
        emit(.callBuiltin, base, symbols.intern("repr"), 1)
        emit(.move, register, base)
        free(to: mark)
    }
}
