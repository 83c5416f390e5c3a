import Check
import Syntax

extension FunctionBuilder {
    func statements(_ statements: [Stmt], hoistFunctions: Bool) {
        if hoistFunctions {
            // Captured locals of this block get their boxes at block entry, so closures made
            // before the declaration line (the block's hoisted functions) share them.
            for statement in statements {
                let declared: NameDecl?
                switch statement.kind {
                case .binding(_, let name, _): declared = name
                case .function(let declaration): declared = declaration.name
                default: declared = nil
                }
                guard let name = declared, let info = lowering.declaration(name.id), info.globalSlot == nil else { continue }
                let isFunction: Bool
                if case .function = statement.kind { isFunction = true } else { isFunction = false }
                guard info.isCaptured || isFunction else { continue }
                currentSpan = name.span
                let register = allocate()
                locals[name.id] = register
                if info.isCaptured {
                    emit(.makeEmptyBox, register)
                    preboxed.insert(name.id)
                }
            }
            // Local functions exist from the start of their block, so they may call each other
            // and be called above their declaration.
            for statement in statements {
                guard case .function(let declaration) = statement.kind, let name = declaration.name,
                      lowering.declaration(name.id)?.globalSlot == nil else { continue }
                currentSpan = statement.span
                let mark = nextRegister
                let temporary = allocate()
                makeClosure(declaration, into: temporary)
                write(name.id, from: temporary)
                free(to: mark)
                hoisted.insert(name.id)
            }
        }
        for statement in statements { self.statement(statement) }
    }

    func block(_ block: Block) {
        let mark = nextRegister
        statements(block.statements, hoistFunctions: true)
        free(to: mark)
    }

    func statement(_ statement: Stmt) {
        currentSpan = statement.span
        switch statement.kind {
        case .binding(let kind, let name, let value):
            bind(kind: kind, name: name, value: value)

        case .assign(let target, let op, let value):
            assign(target: target, op: op, value: value)

        case .function(let declaration):
            guard let name = declaration.name else { return }
            if lowering.declaration(name.id)?.globalSlot != nil { return }  // hoisted at module start
            if hoisted.contains(name.id) { return }  // made at block entry
            let mark = nextRegister
            let temporary = allocate()
            makeClosure(declaration, into: temporary)
            write(name.id, from: temporary)
            free(to: mark)

        case .expression(let expression):
            let mark = nextRegister
            _ = self.expression(expression, into: nil)
            free(to: mark)

        case .ifElse(let branches, let elseBlock):
            var endJumps: [Int] = []
            for (index, branch) in branches.enumerated() {
                currentSpan = branch.condition.span
                let skip = conditionJump(branch.condition)
                block(branch.body)
                if index < branches.count - 1 || elseBlock != nil { endJumps.append(emit(.jump)) }
                patch(skip)
            }
            if let elseBlock { block(elseBlock) }
            for jump in endJumps { patch(jump) }

        case .whileLoop(let condition, let body):
            let head = label()
            currentSpan = condition.span
            let exit = conditionJump(condition)
            loops.append(LoopContext(registerMark: nextRegister, tryDepth: tryDepth))
            block(body)
            let loop = loops.removeLast()
            for jump in loop.continueJumps { patch(jump, to: head) }
            currentSpan = statement.span
            emit(.jump, head)
            patch(exit)
            for jump in loop.breakJumps { patch(jump) }

        case .forLoop(let variable, let iterable, let body):
            forLoop(variable: variable, iterable: iterable, body: body, span: statement.span)

        case .breakLoop:
            if let loop = loops.last { closeHandlers(tryDepth - loop.tryDepth) }
            let jump = emit(.jump)
            if !loops.isEmpty { loops[loops.count - 1].breakJumps.append(jump) }

        case .continueLoop:
            if let loop = loops.last { closeHandlers(tryDepth - loop.tryDepth) }
            let jump = emit(.jump)
            if !loops.isEmpty { loops[loops.count - 1].continueJumps.append(jump) }

        case .tryCatch(let body, let name, let handler):
            tryCatch(body: body, name: name, handler: handler, span: statement.span)

        case .returnValue(let value):
            if let value {
                let mark = nextRegister
                let register = expression(value, into: nil)
                currentSpan = statement.span
                closeHandlers(tryDepth)
                emit(.returnValue, register)
                free(to: mark)
            } else {
                closeHandlers(tryDepth)
                emit(.returnNull)
            }

        case .importModule(_, _, let alias):
            guard let path = lowering.module.resolution.imports[alias.id],
                  let index = lowering.program.moduleIndex[path] else { return }
            let mark = nextRegister
            let register = allocate()
            emit(.importModule, register, Int32(index), effect: .io)
            declareLocal(alias.id, value: register)
            free(to: mark)
        }
    }

    func bind(kind: BindingKind, name: NameDecl, value: Expr) {
        guard let info = lowering.declaration(name.id) else { return }
        if info.globalSlot != nil {
            let mark = nextRegister
            let register = expression(value, into: allocate())
            if kind == .parameter {
                currentSpan = name.span
                emit(.applyParameter, register, constant(.string(name.name)), effect: .io)
            }
            declareLocal(name.id, value: register)
            free(to: mark)
            return
        }
        if preboxed.contains(name.id), let box = locals[name.id] {
            let mark = nextRegister
            let value = expression(value, into: nil)
            currentSpan = name.span
            emit(.setBox, box, value)
            free(to: mark)
            return
        }
        // A local gets its own register; the value is computed straight into it.
        let register = allocate()
        locals[name.id] = register
        let mark = nextRegister
        _ = expression(value, into: register)
        free(to: mark)
        if info.isCaptured { emit(.makeBox, register, register) }
    }

    func assign(target: Expr, op: AssignOperator, value: Expr) {
        let mark = nextRegister
        defer { free(to: mark) }
        switch target.kind {
        case .identifier:
            guard case .declaration(let declID)? = lowering.reference(target.id) else { return }
            let storage = storage(of: declID)
            if let binary = op.binary {
                if case .global(let slot) = storage, binary == .add {
                    let right = expression(value, into: nil)
                    currentSpan = target.span.merged(with: value.span)
                    emit(.addToGlobal, right, slot)
                    return
                }
                let current = read(declID, into: nil)
                // `n += 1` adds the constant without loading it, as `n + 1` does.
                var opcode = binary.opcode
                let right: Int32
                if binary == .add || binary == .subtract, case .number(let number) = value.kind {
                    opcode = binary == .add ? .addConstant : .subtractConstant
                    right = constant(.number(number))
                } else {
                    right = expression(value, into: nil)
                }
                currentSpan = target.span.merged(with: value.span)
                if case .register(let register) = storage {
                    emit(opcode, register, current, right)
                } else {
                    let result = allocate()
                    emit(opcode, result, current, right)
                    write(declID, from: result)
                }
                return
            }
            // `x = x + e` on a global appends in place, like `x += e`.
            if case .global(let slot) = storage, case .binary(.add, let left, let right) = value.kind,
               case .identifier = left.kind, case .declaration(let leftID)? = lowering.reference(left.id),
               leftID == declID {
                let addend = expression(right, into: nil)
                currentSpan = value.span
                emit(.addToGlobal, addend, slot)
                return
            }
            if case .register(let register) = storage {
                _ = expression(value, into: register)
            } else {
                let result = expression(value, into: nil)
                currentSpan = target.span
                write(declID, from: result)
            }

        case .field(let object, let name, _):
            let objectRegister = expression(object, into: nil)
            let symbol = symbols.intern(name)
            var valueRegister = expression(value, into: nil)
            if let binary = op.binary {
                let current = allocate()
                currentSpan = target.span
                emit(.getField, current, objectRegister, symbol)
                emit(binary.opcode, current, current, valueRegister)
                valueRegister = current
            }
            currentSpan = target.span.merged(with: value.span)
            emit(.setField, objectRegister, symbol, valueRegister)

        case .index(let object, let index):
            let objectRegister = expression(object, into: nil)
            let indexRegister = expression(index, into: nil)
            var valueRegister = expression(value, into: nil)
            if let binary = op.binary {
                let current = allocate()
                currentSpan = target.span
                emit(.getIndex, current, objectRegister, indexRegister)
                emit(binary.opcode, current, current, valueRegister)
                valueRegister = current
            }
            currentSpan = target.span.merged(with: value.span)
            emit(.setIndex, objectRegister, indexRegister, valueRegister)

        default:
            break
        }
    }

    /// Removes the `count` innermost handlers before leaving their try blocks by a jump.
    func closeHandlers(_ count: Int) {
        guard count > 0 else { return }
        emit(.popHandler, Int32(count))
    }

    /// `try { body } catch name { handler }`: the handler's code follows the body; an error in
    /// the body lands there with the error record in the name's register.
    func tryCatch(body: Block, name: NameDecl?, handler: Block, span: SourceSpan) {
        let mark = nextRegister
        let errorRegister = allocate()
        currentSpan = span
        let install = emit(.pushHandler, 0, errorRegister)
        tryDepth += 1
        block(body)
        tryDepth -= 1
        currentSpan = span
        emit(.popHandler, 1)
        let end = emit(.jump)
        patch(install)
        if let name {
            locals[name.id] = errorRegister
            if lowering.declaration(name.id)?.isCaptured == true { emit(.makeBox, errorRegister, errorRegister) }
        }
        block(handler)
        patch(end)
        free(to: mark)
    }

    func forLoop(variable: NameDecl, iterable: Expr, body: Block, span: SourceSpan) {
        let mark = nextRegister
        if case .range(let start, let end) = iterable.kind {
            // Counting loop: R[c] is the counter, R[c+1] the bound; the variable is a copy.
            let counter = allocate()
            let bound = allocate()
            _ = expression(start, into: counter)
            _ = expression(end, into: bound)
            currentSpan = iterable.span
            let entry = emit(.forRangeStart, counter, 0)
            let head = label()
            currentSpan = variable.span
            if lowering.declaration(variable.id)?.isCaptured == true {
                let variableRegister = allocate()
                locals[variable.id] = variableRegister
                emit(.makeBox, variableRegister, counter)
            } else {
                // A loop variable cannot be assigned, so the body reads the counter itself:
                // it changes only at `for_range_next`, after the body.
                locals[variable.id] = counter
            }
            loops.append(LoopContext(registerMark: nextRegister, tryDepth: tryDepth))
            block(body)
            let loop = loops.removeLast()
            let next = label()
            for jump in loop.continueJumps { patch(jump, to: next) }
            currentSpan = span
            emit(.forRangeNext, counter, head)
            patch(entry)
            for jump in loop.breakJumps { patch(jump) }
        } else {
            let iterator = allocate()
            let source = expression(iterable, into: nil)
            currentSpan = iterable.span
            emit(.iteratorStart, iterator, source)
            let variableRegister = allocate()
            locals[variable.id] = variableRegister
            let head = label()
            currentSpan = variable.span
            let next = emit(.iteratorNext, variableRegister, iterator, 0)
            if lowering.declaration(variable.id)?.isCaptured == true {
                emit(.makeBox, variableRegister, variableRegister)
            }
            loops.append(LoopContext(registerMark: nextRegister, tryDepth: tryDepth))
            block(body)
            let loop = loops.removeLast()
            for jump in loop.continueJumps { patch(jump, to: head) }
            currentSpan = span
            emit(.jump, head)
            patch(next)
            for jump in loop.breakJumps { patch(jump) }
        }
        free(to: mark)
    }

    /// Emits a test of `condition` and returns the jump to patch to the false branch.
    func conditionJump(_ condition: Expr) -> Int {
        let mark = nextRegister
        defer { free(to: mark) }
        if case .binary(.less, let left, let right) = condition.kind {
            let l = expression(left, into: nil)
            if case .number(let value) = right.kind {
                currentSpan = condition.span
                return emit(.jumpIfNotLessConstant, l, constant(.number(value)), 0)
            }
            let r = expression(right, into: nil)
            currentSpan = condition.span
            return emit(.jumpIfNotLess, l, r, 0)
        }
        let register = expression(condition, into: nil)
        currentSpan = condition.span
        return emit(.jumpIfFalse, register, 0)
    }
}

extension BinaryOperator {
    /// The opcode for an arithmetic or comparison operator (`and`/`or` short-circuit instead).
    var opcode: Opcode {
        switch self {
        case .add: return .add
        case .subtract: return .subtract
        case .multiply: return .multiply
        case .divide: return .divide
        case .remainder: return .remainder
        case .floorDivide: return .floorDivide
        case .power: return .power
        case .equal: return .equal
        case .notEqual: return .notEqual
        case .less: return .less
        case .lessEqual: return .lessEqual
        case .greater: return .greater
        case .greaterEqual: return .greaterEqual
        case .and, .or, .coalesce: preconditionFailure("short-circuit operators are lowered as jumps")
        }
    }
}
