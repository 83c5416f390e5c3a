#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import LatheCore
import IR
import Syntax

extension VM {
    /// Runs from the top frame until the entry frame at the top returns.
    func run() throws -> Value {
        let entryIndex = frameCount - 1
        var frame = frames + (frameCount - 1)
        var code = frame.pointee.code
        var constants = frame.pointee.constants
        var globals = frame.pointee.globals
        var r = registers + frame.pointee.base
        var pc = frame.pointee.pc
        let pollInterval = VM.pollInterval
        let pushSymbol = self.pushSymbol, lenSymbol = self.lenSymbol
        var pollBudget = pollInterval

        // The outer loop is entered again only when a `try` handler of this run catches an error.
        while true {
        do {
            while true {
                let instruction = code[pc]
                pc &+= 1
                switch instruction.opcode {
                case .move:
                    r[Int(instruction.a)] = r[Int(instruction.b)]

                case .loadConstant:
                    r[Int(instruction.a)] = constants[Int(instruction.b)]

                case .loadNull:
                    r[Int(instruction.a)] = .null

                case .getGlobal:
                    let value = globals[Int(instruction.b)]
                    if value.isUndefined { throw undefinedGlobal(frame.pointee.function, slot: instruction.b) }
                    r[Int(instruction.a)] = value

                case .getBuiltin:
                    r[Int(instruction.a)] = try builtinValue(symbol: instruction.b)

                case .setGlobal:
                    globals[Int(instruction.b)] = r[Int(instruction.a)]

                case .addToGlobal:
                    let slot = globals + Int(instruction.b)
                    if slot.pointee.isNumber, r[Int(instruction.a)].isNumber {
                        slot.pointee = .arithmeticResult(slot.pointee.unsafeNumber + r[Int(instruction.a)].unsafeNumber)
                        continue
                    }
                    try Operators.addInPlace(at: slot, r[Int(instruction.a)])

                case .getCapture:
                    let value = frame.pointee.capture(Int(instruction.b))._withUnsafeGuaranteedRef { $0.value }
                    if value.isUndefined {
                        throw RuntimeError("a variable is used before its declaration has run",
                                           hint: "move the call below the line that declares the variable",
                                           code: RuntimeErrorCodes.usedBeforeDefinition)
                    }
                    r[Int(instruction.a)] = value

                case .setCapture:
                    let value = r[Int(instruction.a)]
                    frame.pointee.capture(Int(instruction.b))._withUnsafeGuaranteedRef { $0.value = value }

                case .makeBox:
                    r[Int(instruction.a)] = .object(BoxObject(r[Int(instruction.b)]))

                case .makeEmptyBox:
                    r[Int(instruction.a)] = .object(BoxObject(.undefined))

                case .getBox:
                    if r[Int(instruction.b)].isObject {
                        let value = unsafeBitCast(r[Int(instruction.b)].unmanagedObject, to: Unmanaged<BoxObject>.self)._withUnsafeGuaranteedRef { $0.value }
                        if value.isUndefined {
                            throw RuntimeError("a variable is used before its declaration has run",
                                               hint: "move the call below the line that declares the variable",
                                               code: RuntimeErrorCodes.usedBeforeDefinition)
                        }
                        r[Int(instruction.a)] = value
                    }

                case .setBox:
                    if r[Int(instruction.a)].isObject {
                        let value = r[Int(instruction.b)]
                        unsafeBitCast(r[Int(instruction.a)].unmanagedObject, to: Unmanaged<BoxObject>.self)._withUnsafeGuaranteedRef { $0.value = value }
                    }

                // Arithmetic and comparisons: the number-with-number fast path is written once
                // per shape (`arithmetic`, `comparison`, `compare`); the rest goes to `Operators`.
                case .add:
                    let a = Int(instruction.a), b = Int(instruction.b), c = Int(instruction.c)
                    if !VM.arithmetic(r + a, r + b, r + c, +) {
                        if a == b {
                            try Operators.addInPlace(at: r + a, r[c])
                        } else {
                            r[a] = try Operators.add(r[b], r[c])
                        }
                    }

                case .addConstant:
                    let a = Int(instruction.a), b = Int(instruction.b), c = Int(instruction.c)
                    if !VM.arithmetic(r + a, r + b, constants + c, +) {
                        r[a] = try Operators.add(r[b], constants[c])
                    }

                case .subtractConstant:
                    let a = Int(instruction.a), b = Int(instruction.b), c = Int(instruction.c)
                    if !VM.arithmetic(r + a, r + b, constants + c, -) {
                        r[a] = try Operators.arithmetic(.subtract, r[b], constants[c])
                    }

                case .subtract:
                    let a = Int(instruction.a), b = Int(instruction.b), c = Int(instruction.c)
                    if !VM.arithmetic(r + a, r + b, r + c, -) {
                        r[a] = try Operators.arithmetic(.subtract, r[b], r[c])
                    }

                case .multiply:
                    let a = Int(instruction.a), b = Int(instruction.b), c = Int(instruction.c)
                    if !VM.arithmetic(r + a, r + b, r + c, *) {
                        r[a] = try Operators.arithmetic(.multiply, r[b], r[c])
                    }

                case .divide:
                    let a = Int(instruction.a), b = Int(instruction.b), c = Int(instruction.c)
                    if !VM.arithmetic(r + a, r + b, r + c, /) {
                        r[a] = try Operators.arithmetic(.divide, r[b], r[c])
                    }

                case .remainder:
                    let a = Int(instruction.a), b = Int(instruction.b), c = Int(instruction.c)
                    if !VM.arithmetic(r + a, r + b, r + c, FlooredDivision.remainder) {
                        r[a] = try Operators.arithmetic(.remainder, r[b], r[c])
                    }

                case .floorDivide:
                    let a = Int(instruction.a), b = Int(instruction.b), c = Int(instruction.c)
                    if !VM.arithmetic(r + a, r + b, r + c, FlooredDivision.quotient) {
                        r[a] = try Operators.arithmetic(.floorDivide, r[b], r[c])
                    }

                case .power:
                    let a = Int(instruction.a), b = Int(instruction.b), c = Int(instruction.c)
                    if !VM.arithmetic(r + a, r + b, r + c, pow) {
                        r[a] = try Operators.arithmetic(.power, r[b], r[c])
                    }

                case .equal:
                    let a = Int(instruction.a), b = Int(instruction.b), c = Int(instruction.c)
                    if !VM.comparison(r + a, r + b, r + c, ==) {
                        r[a] = try Operators.equality(r[b], r[c], negated: false)
                    }

                case .notEqual:
                    let a = Int(instruction.a), b = Int(instruction.b), c = Int(instruction.c)
                    if !VM.comparison(r + a, r + b, r + c, !=) {
                        r[a] = try Operators.equality(r[b], r[c], negated: true)
                    }

                case .less:
                    let a = Int(instruction.a), b = Int(instruction.b), c = Int(instruction.c)
                    if !VM.comparison(r + a, r + b, r + c, <) {
                        r[a] = try Operators.compareValue(.less, r[b], r[c])
                    }

                case .lessEqual:
                    let a = Int(instruction.a), b = Int(instruction.b), c = Int(instruction.c)
                    if !VM.comparison(r + a, r + b, r + c, <=) {
                        r[a] = try Operators.compareValue(.lessEqual, r[b], r[c])
                    }

                case .greater:
                    let a = Int(instruction.a), b = Int(instruction.b), c = Int(instruction.c)
                    if !VM.comparison(r + a, r + b, r + c, >) {
                        r[a] = try Operators.compareValue(.greater, r[b], r[c])
                    }

                case .greaterEqual:
                    let a = Int(instruction.a), b = Int(instruction.b), c = Int(instruction.c)
                    if !VM.comparison(r + a, r + b, r + c, >=) {
                        r[a] = try Operators.compareValue(.greaterEqual, r[b], r[c])
                    }

                case .negate:
                    guard case .number(let x) = r[Int(instruction.b)].decoded else {
                        if let handle = r[Int(instruction.b)].handle {
                            r[Int(instruction.a)] = try handle.negated()
                            continue
                        }
                        throw RuntimeError("cannot negate a \(r[Int(instruction.b)].typeName)",
                                           code: RuntimeErrorCodes.operatorTypeMismatch)
                    }
                    r[Int(instruction.a)] = .number(-x)

                case .not:
                    guard case .bool(let flag) = r[Int(instruction.b)].decoded else {
                        if let handle = r[Int(instruction.b)].handle {
                            r[Int(instruction.a)] = try handle.logicalNot()
                            continue
                        }
                        throw RuntimeError("'not' needs a bool, found \(r[Int(instruction.b)].typeName)",
                                           code: RuntimeErrorCodes.operatorTypeMismatch)
                    }
                    r[Int(instruction.a)] = .bool(!flag)

                case .shortCircuit:
                    let isOr = instruction.c != 0
                    switch r[Int(instruction.a)].decoded {
                    case .bool(let flag):
                        if flag == isOr { pc = Int(instruction.b) }
                    case .object(let object) where object.kind == .handle:
                        break
                    default:
                        throw RuntimeError("'\(isOr ? "or" : "and")' needs bool operands, found \(r[Int(instruction.a)].typeName)",
                                           code: RuntimeErrorCodes.operatorTypeMismatch)
                    }

                case .combineLogical:
                    r[Int(instruction.a)] = try Operators.logical(
                        instruction.c != 0 ? .or : .and, r[Int(instruction.a)], r[Int(instruction.b)])

                case .jump:
                    let target = Int(instruction.a)
                    if target < pc {
                        pollBudget &-= 1
                        if pollBudget == 0 { pollBudget = pollInterval; try pollInterrupt() }
                    }
                    pc = target

                case .jumpIfFalse:
                    guard let flag = r[Int(instruction.a)].boolValue else {
                        throw RuntimeError("condition must be a bool, found \(r[Int(instruction.a)].typeName)",
                                           hint: "compare explicitly, e.g. 'x != 0' or 'len(xs) > 0'",
                                           code: RuntimeErrorCodes.conditionNotBool)
                    }
                    if !flag { pc = Int(instruction.b) }

                case .jumpIfTrue:
                    guard let flag = r[Int(instruction.a)].boolValue else {
                        throw RuntimeError("condition must be a bool, found \(r[Int(instruction.a)].typeName)",
                                           code: RuntimeErrorCodes.conditionNotBool)
                    }
                    if flag { pc = Int(instruction.b) }

                case .jumpIfPresent:
                    if !r[Int(instruction.a)].isUndefined { pc = Int(instruction.b) }

                case .jumpIfNotNull:
                    if !r[Int(instruction.a)].isNull { pc = Int(instruction.b) }

                case .jumpIfNotLess:
                    let a = Int(instruction.a), b = Int(instruction.b)
                    if let less = VM.compare(r + a, r + b, <) {
                        if !less { pc = Int(instruction.c) }
                    } else if try !Operators.compare(.less, r[a], r[b]) {
                        pc = Int(instruction.c)
                    }

                case .jumpIfNotLessConstant:
                    let a = Int(instruction.a), b = Int(instruction.b)
                    if let less = VM.compare(r + a, constants + b, <) {
                        if !less { pc = Int(instruction.c) }
                    } else if try !Operators.compare(.less, r[a], constants[b]) {
                        pc = Int(instruction.c)
                    }

                case .makeList:
                    let base = Int(instruction.b), count = Int(instruction.c)
                    var items = [Value]()
                    items.reserveCapacity(count)
                    for index in 0..<count { items.append(r[base + index]) }
                    r[Int(instruction.a)] = .object(ListObject(items))

                case .makeRecord:
                    let keys = frame.pointee.function.ir.recordShapes[Int(instruction.c)]
                    let base = Int(instruction.b)
                    var values = [Value]()
                    values.reserveCapacity(keys.count)
                    for index in 0..<keys.count { values.append(r[base + index]) }
                    r[Int(instruction.a)] = .object(RecordObject(keys: keys, values: values))

                case .makeRange:
                    guard case .number(let low) = r[Int(instruction.b)].decoded, case .number(let high) = r[Int(instruction.c)].decoded else {
                        throw RuntimeError("range bounds must be numbers, found \(r[Int(instruction.b)].typeName) and \(r[Int(instruction.c)].typeName)",
                                           code: RuntimeErrorCodes.rangeBoundNotNumber)
                    }
                    try VM.checkRangeBounds(low, high)
                    r[Int(instruction.a)] = .object(RangeObject(start: low, end: high))

                case .getField:
                    if r[Int(instruction.b)].objectKind == .record {
                        let found = unsafeBitCast(r[Int(instruction.b)].unmanagedObject, to: Unmanaged<RecordObject>.self)
                            ._withUnsafeGuaranteedRef { record -> Value? in
                                guard let index = record.index(of: instruction.c, guess: &code[pc - 1].cache) else { return nil }
                                return record.values.withUnsafeBufferPointer { $0[index] }
                            }
                        if let found {
                            r[Int(instruction.a)] = found
                            continue
                        }
                    }
                    r[Int(instruction.a)] = try Operators.field(of: r[Int(instruction.b)], symbol: instruction.c, symbols: symbols)

                case .getGlobalField:
                    let slot = globals + Int(instruction.b)
                    if slot.pointee.isUndefined { throw undefinedGlobal(frame.pointee.function, slot: instruction.b) }
                    if slot.pointee.objectKind == .record {
                        let found = unsafeBitCast(slot.pointee.unmanagedObject, to: Unmanaged<RecordObject>.self)
                            ._withUnsafeGuaranteedRef { record -> Value? in
                                guard let index = record.index(of: instruction.c, guess: &code[pc - 1].cache) else { return nil }
                                return record.values.withUnsafeBufferPointer { $0[index] }
                            }
                        if let found {
                            r[Int(instruction.a)] = found
                            continue
                        }
                    }
                    r[Int(instruction.a)] = try Operators.field(of: slot.pointee, symbol: instruction.c, symbols: symbols)

                case .setField:
                    guard r[Int(instruction.a)].objectKind == .record else {
                        throw RuntimeError("cannot set field '\(symbols.name(instruction.b))' on a \(r[Int(instruction.a)].typeName)",
                                           hint: "only records have assignable fields",
                                           code: RuntimeErrorCodes.cannotAssignInto)
                    }
                    let value = r[Int(instruction.c)]
                    unsafeBitCast(r[Int(instruction.a)].unmanagedObject, to: Unmanaged<RecordObject>.self)._withUnsafeGuaranteedRef { record in
                        if let index = record.index(of: instruction.b, guess: &code[pc - 1].cache) {
                            record.values[index] = value
                        } else {
                            record.set(instruction.b, value)
                        }
                    }

                case .getIndex:
                    r[Int(instruction.a)] = try Operators.index(r[Int(instruction.b)], r[Int(instruction.c)], symbols: symbols)

                case .setIndex:
                    try Operators.setIndex(r[Int(instruction.a)], r[Int(instruction.b)], r[Int(instruction.c)], symbols: symbols)

                case .makeClosure:
                    let target = frame.pointee.function.module.functions[Int(instruction.b)]
                    var boxes: [Value] = []
                    boxes.reserveCapacity(target.ir.captures.count)
                    for source in target.ir.captures {
                        switch source {
                        case .register(let register):
                            if r[Int(register)].objectKind == .box {
                                boxes.append(r[Int(register)])
                            } else {
                                boxes.append(.object(BoxObject(.undefined)))
                            }
                        case .capture(let slot):
                            boxes.append(frame.pointee.captureValue(Int(slot)))
                        }
                    }
                    r[Int(instruction.a)] = .object(ClosureObject(function: target, captures: boxes))

                case .call:
                    let a = Int(instruction.a), count = Int(instruction.b)
                    if r[a].objectKind == .closure {
                        // The closure stays alive in R[A] for the whole call, so nothing here
                        // counts references: the frame points at it and its function unretained.
                        let closure = unsafeBitCast(r[a].unmanagedObject, to: Unmanaged<ClosureObject>.self)
                        let function = closure._withUnsafeGuaranteedRef { $0.unmanagedFunction }
                        let newBase = (r - registers) + a + 1
                        let arguments = r + a + 1
                        try function._withUnsafeGuaranteedRef { callee in
                            if instruction.c < 0 {
                                if count != callee.parameterCount {
                                    try bindPositional(callee, base: arguments, count: count)
                                }
                            } else {
                                _ = try bindLabelled(
                                    names: callee.parameterSymbols, calleeName: callee.name, base: arguments, count: count,
                                    labels: frame.pointee.function.ir.callSites[Int(instruction.c)], required: callee.requiredCount,
                                    variadic: false)
                            }
                            let end = newBase + callee.registerCount
                            if end > initializedRegisters { try ensureRegisters(upTo: end) }
                        }
                        pollBudget &-= 1
                        if pollBudget == 0 { pollBudget = pollInterval; try pollInterrupt() }
                        frame.pointee.pc = pc
                        frame = try push(Frame(unmanaged: function, closure: closure, base: newBase))
                        code = frame.pointee.code
                        constants = frame.pointee.constants
                        globals = frame.pointee.globals
                        r = registers + newBase
                        pc = 0
                        continue
                    }
                    guard case .object(let object) = r[a].decoded else {
                        throw RuntimeError("cannot call a \(r[a].typeName)", hint: r[a].isUndefined ? nil : "only functions can be called",
                                           code: RuntimeErrorCodes.notCallable)
                    }
                    if object.kind == .native {
                        let native = unsafeDowncast(object, to: NativeFunctionObject.self)
                        let builtin = native.builtin
                        frame.pointee.pc = pc
                        let end = (r - registers) + a + 1 + max(count, builtin.parameterCount)
                        if end > initializedRegisters { try ensureRegisters(upTo: end) }
                        let labelled = instruction.c < 0 ? nil : (
                            labels: frame.pointee.function.ir.callSites[Int(instruction.c)],
                            names: builtinParameterSymbols[native.index])
                        let arguments = try bindNative(builtin, arguments: r + a + 1, count: count, labelled: labelled)
                        r[a] = try builtin.body(arguments)
                        if heap.isOverByteBudget { pollBudget = 1 }
                    } else {
                        throw RuntimeError("cannot call a \(r[a].typeName)", hint: "only functions can be called",
                                           code: RuntimeErrorCodes.notCallable)
                    }

                case .callDirect:
                    let a = Int(instruction.a), count = Int(instruction.c)
                    let unmanaged = frame.pointee.functions[Int(instruction.b)]
                    let newBase = (r - registers) + a + 1
                    try unmanaged._withUnsafeGuaranteedRef { callee in
                        if count != callee.parameterCount {
                            try bindPositional(callee, base: r + a + 1, count: count)
                        }
                        let end = newBase + callee.registerCount
                        if end > initializedRegisters { try ensureRegisters(upTo: end) }
                    }
                    pollBudget &-= 1
                    if pollBudget == 0 { pollBudget = pollInterval; try pollInterrupt() }
                    frame.pointee.pc = pc
                    frame = try push(Frame(unmanaged: unmanaged, base: newBase))
                    code = frame.pointee.code
                    constants = frame.pointee.constants
                    globals = frame.pointee.globals
                    r = registers + newBase
                    pc = 0

                case .callBuiltin:
                    let a = Int(instruction.a), count = Int(instruction.c)
                    if instruction.b == pushSymbol, count == 2, r[a + 1].objectKind == .list {
                        // `push(xs, v)`, the list builder of every loop, skips argument binding.
                        unsafeBitCast(r[a + 1].unmanagedObject, to: Unmanaged<ListObject>.self)
                            ._withUnsafeGuaranteedRef { $0.append(r[a + 2]) }
                        r[a] = r[a + 1]
                        continue
                    }
                    if instruction.b == lenSymbol, count == 1, let length = VM.inlineLength(r[a + 1]) {
                        // `len` of a string or list, the loop bound of every index loop.
                        r[a] = .number(Double(length))
                        continue
                    }
                    frame.pointee.pc = pc
                    let unmanaged = try builtin(symbol: instruction.b)
                    r[a] = try unmanaged._withUnsafeGuaranteedRef { builtin in
                        let end = (r - registers) + a + 1 + max(count, builtin.parameterCount)
                        if end > initializedRegisters { try ensureRegisters(upTo: end) }
                        let arguments = try bindNative(builtin, arguments: r + a + 1, count: count, labelled: nil)
                        return try builtin.body(arguments)
                    }
                    // A builtin may make a large library value (a filtered dataset, a column):
                    // a loop of a few such calls would not reach the next poll for thousands of
                    // iterations, holding every dropped value meanwhile, so collect soon.
                    if heap.isOverByteBudget { pollBudget = 1 }

                case .returnValue, .returnNull:
                    let result = instruction.opcode == .returnValue ? r[Int(instruction.a)] : .null
                    let wasEntry = frame.pointee.isEntry
                    frame.deinitialize(count: 1)
                    frameCount -= 1
                    if wasEntry { return result }
                    frame = frames + (frameCount - 1)
                    code = frame.pointee.code
                    constants = frame.pointee.constants
                    globals = frame.pointee.globals
                    r = registers + frame.pointee.base
                    pc = frame.pointee.pc
                    r[Int(code[pc - 1].a)] = result

                case .iteratorStart:
                    r[Int(instruction.a)] = .object(try Operators.makeIterator(r[Int(instruction.b)], symbols: symbols))

                case .iteratorNext:
                    guard r[Int(instruction.b)].isObject else { pc = Int(instruction.c); continue }
                    let next = unsafeBitCast(r[Int(instruction.b)].unmanagedObject, to: Unmanaged<IteratorObject>.self)
                        ._withUnsafeGuaranteedRef { $0.next() }
                    if let next {
                        r[Int(instruction.a)] = next
                    } else {
                        pc = Int(instruction.c)
                    }

                case .forRangeStart:
                    let a = Int(instruction.a)
                    guard case .number(let low) = r[a].decoded, case .number(let high) = r[a + 1].decoded else {
                        throw RuntimeError("range bounds must be numbers, found \(r[a].typeName) and \(r[a + 1].typeName)",
                                           code: RuntimeErrorCodes.rangeBoundNotNumber)
                    }
                    try VM.checkRangeBounds(low, high)
                    if !(low < high) { pc = Int(instruction.b) }

                case .forRangeNext:
                    let a = Int(instruction.a)
                    if r[a].isNumber, r[a + 1].isNumber {
                        let next = r[a].unsafeNumber + 1, high = r[a + 1].unsafeNumber
                        r[a] = .arithmeticResult(next)
                        if next < high { pc = Int(instruction.b) }
                    }
                    pollBudget &-= 1
                    if pollBudget == 0 { pollBudget = pollInterval; try pollInterrupt() }

                case .concatenate:
                    r[Int(instruction.a)] = .string(Interpolation.join(r + Int(instruction.b), count: Int(instruction.c), symbols: symbols))

                case .importModule:
                    frame.pointee.pc = pc
                    let instance = try runModule(Int(instruction.b))
                    r[Int(instruction.a)] = .object(instance.object)

                case .applyParameter:
                    if let parameterValue {
                        let name = constants[Int(instruction.b)].stringValue ?? ""
                        if let value = try parameterValue(name, r[Int(instruction.a)]) {
                            r[Int(instruction.a)] = value
                        }
                    }

                case .pushHandler:
                    handlers.append(Handler(frameIndex: frameCount - 1, target: Int(instruction.a), register: Int(instruction.b)))

                case .popHandler:
                    handlers.removeLast(min(handlers.count, Int(instruction.a)))
                }
            }
        } catch {
            frame.pointee.pc = pc
            guard let (handler, record) = catching(error, entryIndex: entryIndex) else { throw unwind(error) }
            frame = frames + (frameCount - 1)
            code = frame.pointee.code
            constants = frame.pointee.constants
            globals = frame.pointee.globals
            r = registers + frame.pointee.base
            pc = handler.target
            r[handler.register] = record
        }
        }
    }

    /// The innermost handler installed by a frame of this run, with the record of `thrown` for
    /// its catch block, after popping the frames above the handler's. Nil when no handler of
    /// this run applies, or for Ctrl-C, which stops the program whatever it is doing.
    func catching(_ thrown: Error, entryIndex: Int) -> (Handler, Value)? {
        guard let handler = handlers.last, handler.frameIndex >= entryIndex else { return nil }
        let error = thrown as? RuntimeError
        if error?.kind == .interrupted { return nil }
        handlers.removeLast()
        let failing = frames[frameCount - 1]
        let module = failing.function.module.ir
        let spans = failing.function.ir.spans
        let here = failing.pc - 1
        var line = error?.span.flatMap { module.line(of: $0) }
        if line == nil, here >= 0, here < spans.count { line = module.line(of: spans[here]) }
        while frameCount - 1 > handler.frameIndex {
            frameCount -= 1
            (frames + frameCount).deinitialize(count: 1)
        }
        let fields: [(String, Value)] = [
            ("message", .string(error?.message ?? "\(thrown)")),
            ("code", .string(error?.code.code ?? RuntimeErrorCodes.builtinFailed.code)),
            ("line", line.map { .number(Double($0)) } ?? .null),
            ("hint", error?.hint.map { .string($0) } ?? .null),
        ]
        let record = RecordObject(keys: fields.map { symbols.intern($0.0) }, values: fields.map(\.1))
        return (handler, .object(record))
    }

    func undefinedGlobal(_ function: RuntimeFunction, slot: Int32) -> RuntimeError {
        RuntimeError("'\(function.module.ir.globalNames[Int(slot)])' is used before it is defined",
                     hint: "a function ran before the top-level line that defines this name",
                     code: RuntimeErrorCodes.usedBeforeDefinition)
    }

    /// Pops the failing `run`'s frames, down to and including its entry frame, so the VM is ready
    /// for its next call whatever was thrown. A `RuntimeError` gains the failing location and
    /// these frames' stack trace (an enclosing `run` adds its own as the error passes through);
    /// other errors pass through unchanged.
    func unwind(_ thrown: Error) -> Error {
        let error = thrown as? RuntimeError
        var trace: [RuntimeError.Frame] = []
        while frameCount > 0 {
            frameCount -= 1
            let frame = frames[frameCount]
            (frames + frameCount).deinitialize(count: 1)
            if error != nil {
                let ir = frame.function.ir
                let pc = max(0, frame.pc - 1)
                trace.append(RuntimeError.Frame(function: frame.function.name, span: pc < ir.spans.count ? ir.spans[pc] : ir.span))
            }
            if frame.isEntry { break }
        }
        while let last = handlers.last, last.frameIndex >= frameCount { handlers.removeLast() }
        guard var error else { return thrown }
        if error.span == nil { error.span = trace.first?.span }
        error.trace += trace
        return error
    }
}

extension VM {
    /// `len(value)` for a string or list, read without reference counting; nil for anything
    /// else, which the builtin itself handles.
    @inline(__always)
    static func inlineLength(_ value: Value) -> Int? {
        switch value.objectKind {
        case .string?:
            return unsafeBitCast(value.unmanagedObject, to: Unmanaged<StringObject>.self)._withUnsafeGuaranteedRef { $0.characterCount }
        case .list?:
            return unsafeBitCast(value.unmanagedObject, to: Unmanaged<ListObject>.self)._withUnsafeGuaranteedRef { $0.items.count }
        default:
            return nil
        }
    }

    // MARK: - Number fast paths, one per instruction shape (Lua's `op_arith`, clox's `BINARY_OP`)

    /// Stores `op(x, y)` in `target` when both operands are numbers. False sends the caller to
    /// the operator's slow path.
    @inline(__always)
    static func arithmetic(
        _ target: UnsafeMutablePointer<Value>, _ left: UnsafeMutablePointer<Value>, _ right: UnsafeMutablePointer<Value>,
        _ op: (Double, Double) -> Double
    ) -> Bool {
        guard left.pointee.isNumber, right.pointee.isNumber else { return false }
        let x = left.pointee.unsafeNumber, y = right.pointee.unsafeNumber
        target.pointee = .arithmeticResult(op(x, y))
        return true
    }

    /// Stores the bool `op(x, y)` in `target` when both operands are numbers. False sends the
    /// caller to the operator's slow path (strings, equality of anything, masks).
    @inline(__always)
    static func comparison(
        _ target: UnsafeMutablePointer<Value>, _ left: UnsafeMutablePointer<Value>, _ right: UnsafeMutablePointer<Value>,
        _ op: (Double, Double) -> Bool
    ) -> Bool {
        guard left.pointee.isNumber, right.pointee.isNumber else { return false }
        let x = left.pointee.unsafeNumber, y = right.pointee.unsafeNumber
        target.pointee = .bool(op(x, y))
        return true
    }

    /// `op(x, y)` when both operands are numbers, for a conditional jump; nil sends the caller
    /// to the operator's slow path.
    @inline(__always)
    static func compare(
        _ left: UnsafeMutablePointer<Value>, _ right: UnsafeMutablePointer<Value>, _ op: (Double, Double) -> Bool
    ) -> Bool? {
        guard left.pointee.isNumber, right.pointee.isNumber else { return nil }
        let x = left.pointee.unsafeNumber, y = right.pointee.unsafeNumber
        return op(x, y)
    }
}

extension VM {
    /// The largest magnitude at which every whole number is a double: past it `i + 1 == i`,
    /// and a loop over the range would never end.
    static let exactIntegerLimit = 9_007_199_254_740_992.0

    /// Refuses range bounds outside ±2^53 (or not finite).
    @inline(__always)
    static func checkRangeBounds(_ low: Double, _ high: Double) throws {
        guard abs(low) <= exactIntegerLimit, abs(high) <= exactIntegerLimit else {
            let bound = abs(low) <= exactIntegerLimit ? high : low
            throw RuntimeError(
                "range bound \(Scalar.format(number: bound)) is beyond 2^53, where whole numbers stop being exact",
                hint: "keep both ends of a range within ±9007199254740992", code: RuntimeErrorCodes.rangeBoundInexact)
        }
    }
}
