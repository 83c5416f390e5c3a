import Check
import Syntax

extension FunctionBuilder {
    /// Lowers an expression. With a destination the value lands there (written only by the
    /// final instruction, so `x = f(x)` is safe); without one, the result may be an existing
    /// local's register or a new temporary.
    func expression(_ expression: Expr, into destination: Int32?) -> Int32 {
        currentSpan = expression.span
        func target() -> Int32 { destination ?? allocate() }

        switch expression.kind {
        case .null, .invalid:
            let register = target()
            emit(.loadNull, register)
            return register
        case .bool(let value):
            let register = target()
            emit(.loadConstant, register, constant(.bool(value)))
            return register
        case .number(let value):
            let register = target()
            emit(.loadConstant, register, constant(.number(value)))
            return register
        case .string(let parts):
            return string(parts, into: destination)
        case .identifier(let name):
            switch lowering.reference(expression.id) {
            case .declaration(let declID)?:
                return read(declID, into: destination)
            case .builtin?, nil:
                let register = target()
                emit(.getBuiltin, register, symbols.intern(name))
                return register
            }
        case .list(let items):
            let mark = nextRegister
            let base = items.isEmpty ? 0 : nextRegister
            for item in items { _ = self.expression(item, into: allocate()) }
            free(to: mark)
            let register = target()
            currentSpan = expression.span
            emit(.makeList, register, base, Int32(items.count))
            return register
        case .record(let fields):
            let mark = nextRegister
            let base = fields.isEmpty ? 0 : nextRegister
            for field in fields { _ = self.expression(field.value, into: allocate()) }
            free(to: mark)
            let shape = Int32(function.recordShapes.count)
            function.recordShapes.append(fields.map { symbols.intern($0.name) })
            let register = target()
            currentSpan = expression.span
            emit(.makeRecord, register, base, shape)
            return register
        case .range(let start, let end):
            let mark = nextRegister
            let low = self.expression(start, into: nil)
            let high = self.expression(end, into: nil)
            free(to: mark)
            let register = target()
            currentSpan = expression.span
            emit(.makeRange, register, low, high)
            return register
        case .unary(let op, let operand):
            let mark = nextRegister
            let value = self.expression(operand, into: nil)
            free(to: mark)
            let register = target()
            currentSpan = expression.span
            emit(op == .negate ? .negate : .not, register, value)
            return register
        case .binary(let op, let left, let right):
            if op == .and || op == .or { return logical(op, left, right, into: destination) }
            if op == .coalesce { return coalesce(left, right, into: destination) }
            let mark = nextRegister
            let l = self.expression(left, into: nil)
            // `x + 1` and `x - 1` add a constant without loading it into a register first.
            if op == .add || op == .subtract, case .number(let value) = right.kind {
                free(to: mark)
                let register = target()
                currentSpan = expression.span
                emit(op == .add ? .addConstant : .subtractConstant, register, l, constant(.number(value)))
                return register
            }
            let r = self.expression(right, into: nil)
            free(to: mark)
            let register = target()
            currentSpan = expression.span
            emit(op.opcode, register, l, r)
            return register
        case .call(let callee, let arguments, _):
            return call(callee: callee, arguments: arguments, span: expression.span, into: destination)
        case .field(let object, let name, _):
            if case .identifier = object.kind, case .declaration(let id)? = lowering.reference(object.id),
               case .global(let slot) = storage(of: id) {
                let register = target()
                currentSpan = expression.span
                emit(.getGlobalField, register, slot, symbols.intern(name))
                return register
            }
            let mark = nextRegister
            let base = self.expression(object, into: nil)
            free(to: mark)
            let register = target()
            currentSpan = expression.span
            emit(.getField, register, base, symbols.intern(name))
            return register
        case .index(let object, let index):
            let mark = nextRegister
            let base = self.expression(object, into: nil)
            let position = self.expression(index, into: nil)
            free(to: mark)
            let register = target()
            currentSpan = expression.span
            emit(.getIndex, register, base, position)
            return register
        case .lambda(let declaration):
            let register = target()
            makeClosure(declaration, into: register)
            return register
        case .conditional(let condition, let then, let otherwise):
            return conditional(condition, then, otherwise, into: destination)
        }
    }

    func string(_ parts: [StringPart], into destination: Int32?) -> Int32 {
        if parts.isEmpty || (parts.count == 1 && { if case .text = parts[0] { return true }; return false }()) {
            var text = ""
            if case .text(let value)? = parts.first { text = value }
            let register = destination ?? allocate()
            emit(.loadConstant, register, constant(.string(text)))
            return register
        }
        let span = currentSpan
        let mark = nextRegister
        let base = nextRegister
        for part in parts {
            let slot = allocate()
            switch part {
            case .text(let text): emit(.loadConstant, slot, constant(.string(text)))
            case .expression(let inner): _ = expression(inner, into: slot)
            }
        }
        free(to: mark)
        let register = destination ?? allocate()
        currentSpan = span
        emit(.concatenate, register, base, Int32(parts.count))
        return register
    }

    /// `and`/`or` short-circuit when the left operand is a bool that decides the result; masks
    /// (bool columns) combine elementwise instead.
    func logical(_ op: BinaryOperator, _ left: Expr, _ right: Expr, into destination: Int32?) -> Int32 {
        let span = currentSpan
        let kind: Int32 = op == .and ? 0 : 1
        // Work in a fresh register so a destination that the right operand reads is not clobbered early.
        let register = allocate()
        _ = expression(left, into: register)
        currentSpan = left.span
        let jump = emit(.shortCircuit, register, 0, kind)
        let mark = nextRegister
        let rightRegister = expression(right, into: nil)
        currentSpan = span
        emit(.combineLogical, register, rightRegister, kind)
        free(to: mark)
        patch(jump)
        if let destination {
            emit(.move, destination, register)
            free(to: register)
            return destination
        }
        return register
    }

    /// `if c { a } else { b }` as a value: only the chosen branch is evaluated.
    func conditional(_ condition: Expr, _ then: Expr, _ otherwise: Expr, into destination: Int32?) -> Int32 {
        let span = currentSpan
        let register = destination ?? allocate()
        let mark = nextRegister
        currentSpan = condition.span
        let skip = conditionJump(condition)
        free(to: mark)
        _ = expression(then, into: register)
        free(to: mark)
        currentSpan = span
        let end = emit(.jump)
        patch(skip)
        _ = expression(otherwise, into: register)
        free(to: mark)
        patch(end)
        return register
    }

    /// `a ?? b`: b is evaluated only when a is null.
    func coalesce(_ left: Expr, _ right: Expr, into destination: Int32?) -> Int32 {
        let span = currentSpan
        let register = allocate()
        _ = expression(left, into: register)
        currentSpan = span
        let skip = emit(.jumpIfNotNull, register, 0)
        let mark = nextRegister
        _ = expression(right, into: register)
        free(to: mark)
        patch(skip)
        if let destination {
            emit(.move, destination, register)
            free(to: register)
            return destination
        }
        return register
    }

    func call(callee: Expr, arguments: [Argument], span: SourceSpan, into destination: Int32?) -> Int32 {
        if let register = assertComparison(callee: callee, arguments: arguments, span: span, into: destination) {
            return register
        }
        let mark = nextRegister
        let base = allocate()
        // Positional calls to a top-level fn or a builtin name their target in the instruction,
        // so the callee is never copied into a register.
        var direct: (Opcode, Int32)?
        if !arguments.contains(where: { $0.label != nil }), case .identifier(let name) = callee.kind {
            switch lowering.reference(callee.id) {
            case .declaration(let id)?:
                if let index = lowering.topLevelFunctions[id] { direct = (.callDirect, index) }
            case .builtin?:
                direct = (.callBuiltin, symbols.intern(name))
            case nil:
                break
            }
        }
        if direct == nil { _ = expression(callee, into: base) }
        for argument in arguments {
            _ = expression(argument.value, into: allocate())
        }
        var site: Int32 = -1
        if arguments.contains(where: { $0.label != nil }) {
            site = Int32(function.callSites.count)
            function.callSites.append(arguments.map { $0.label.map(symbols.intern) ?? -1 })
        }
        var effect = Effect.io
        if case .identifier(let name) = callee.kind, case .builtin? = lowering.reference(callee.id),
           let signature = lowering.builtins[name] {
            effect = signature.effect
        }
        currentSpan = span
        if let (opcode, target) = direct {
            emit(opcode, base, target, Int32(arguments.count), effect: effect)
        } else {
            emit(.call, base, Int32(arguments.count), site, effect: effect)
        }
        free(to: mark)
        if let destination {
            if destination != base { emit(.move, destination, base) }
            return destination
        }
        // The result sits in `base`, which is the first free register again; claim it.
        let register = allocate()
        if register != base { emit(.move, register, base) }
        return register
    }
}
