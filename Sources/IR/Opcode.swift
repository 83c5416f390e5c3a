/// What an operand slot of an instruction means. The printer, the verifier and the lowering
/// all read operand meaning from `Opcode.layout`, so the instruction set is described once.
public enum OperandKind: Sendable {
    /// Unused; must be 0.
    case unused
    /// A register the instruction reads.
    case register
    /// A register the instruction writes.
    case destination
    /// A register the instruction both reads and writes.
    case registerInOut
    /// An index into the function's constant pool.
    case constant
    /// A global slot of the current module.
    case global
    /// An index into the running closure's captured boxes.
    case capture
    /// A field or parameter name in the program's symbol table.
    case symbol
    /// An absolute instruction index to jump to.
    case target
    /// A count of consecutive registers, used with the register before it.
    case count
    /// A count of call arguments, in the registers after operand A.
    case argumentCount
    /// An index into the module's function table.
    case function
    /// An index into the function's call sites (argument labels), or -1 for positional calls.
    case callSite
    /// An index into the function's record shapes.
    case shape
    /// An index into the program's module table.
    case module
    /// A small constant encoded in the instruction (e.g. 0 = and, 1 = or).
    case immediate
}

/// The instruction set. `R[x]` is register x of the current frame, `K[x]` a constant,
/// `G[x]` a global of the current module, `U[x]` a captured box of the running closure.
/// Every case's one-line comment is its semantics; `layout` gives its operand kinds.
public enum Opcode: UInt8, CaseIterable, Sendable {
    /// R[A] := R[B]
    case move
    /// R[A] := K[B]
    case loadConstant
    /// R[A] := null
    case loadNull
    /// R[A] := G[B]; error if G[B] is not yet defined
    case getGlobal
    /// R[A] := the builtin named by symbol B
    case getBuiltin
    /// G[B] := R[A]
    case setGlobal
    /// G[B] := G[B] + R[A], appending in place when G[B] is an unshared string
    case addToGlobal
    /// R[A] := U[B].value
    case getCapture
    /// U[B].value := R[A]
    case setCapture
    /// R[A] := new box holding R[B] (a local that closures capture by reference)
    case makeBox
    /// R[A] := a new empty box (a captured local made at block entry; reading it early is an error)
    case makeEmptyBox
    /// R[A] := R[B].value where R[B] is a box
    case getBox
    /// R[A].value := R[B] where R[A] is a box
    case setBox
    /// R[A] := R[B] + R[C] (numbers add, strings and lists concatenate)
    case add
    /// R[A] := R[B] - R[C]
    case subtract
    /// R[A] := R[B] * R[C]
    case multiply
    /// R[A] := R[B] / R[C]
    case divide
    /// R[A] := R[B] % R[C] (result has the sign of the divisor, like Python)
    case remainder
    /// R[A] := floor(R[B] / R[C]) (Python's `//`: `a == (a // b) * b + a % b`)
    case floorDivide
    /// R[A] := R[B] ** R[C]
    case power
    /// R[A] := R[B] + K[C] where K[C] is a number
    case addConstant
    /// R[A] := R[B] - K[C] where K[C] is a number
    case subtractConstant
    /// R[A] := R[B] == R[C] (structural equality)
    case equal
    /// R[A] := R[B] != R[C]
    case notEqual
    /// R[A] := R[B] < R[C]
    case less
    /// R[A] := R[B] <= R[C]
    case lessEqual
    /// R[A] := R[B] > R[C]
    case greater
    /// R[A] := R[B] >= R[C]
    case greaterEqual
    /// R[A] := -R[B]
    case negate
    /// R[A] := not R[B] (R[B] must be a bool)
    case not
    /// and/or (C = 0/1): if R[A] is a bool that decides the result then pc := B; a mask falls through
    case shortCircuit
    /// and/or (C = 0/1): R[A] := R[A] and/or R[B] (bools, or masks elementwise)
    case combineLogical
    /// pc := A (polls for Ctrl-C when jumping backwards)
    case jump
    /// if R[A] is false then pc := B (R[A] must be a bool)
    case jumpIfFalse
    /// if R[A] is true then pc := B (R[A] must be a bool)
    case jumpIfTrue
    /// if R[A] holds an argument (not "missing") then pc := B; used for parameter defaults
    case jumpIfPresent
    /// if R[A] is not null then pc := B; used for `a ?? b`
    case jumpIfNotNull
    /// installs a handler: an error raised before the matching popHandler unwinds to this frame,
    /// stores a record of the error in R[B] and jumps to A (Ctrl-C is never caught)
    case pushHandler
    /// removes the A innermost handlers this frame installed (a try block ended or was left by break/continue/return)
    case popHandler
    /// if not (R[A] < R[B]) then pc := C (fused compare and branch)
    case jumpIfNotLess
    /// if not (R[A] < K[B]) then pc := C where K[B] is a number
    case jumpIfNotLessConstant
    /// R[A] := list of R[B] ..< R[B+C]
    case makeList
    /// R[A] := record with the field names of shape C and values R[B] ...
    case makeRecord
    /// R[A] := range R[B] ..< R[C]
    case makeRange
    /// R[A] := field symbol C of R[B]
    case getField
    /// R[A] := field symbol C of G[B] (reads a global's field without copying the global)
    case getGlobalField
    /// field symbol B of R[A] := R[C]
    case setField
    /// R[A] := R[B][R[C]]
    case getIndex
    /// R[A][R[B]] := R[C]
    case setIndex
    /// R[A] := closure of function B, capturing what its capture list names from this frame
    case makeClosure
    /// R[A] := R[A](R[A+1] ..< R[A+1+B]) with argument labels of call site C
    case call
    /// R[A] := function B of this module (a top-level fn, which captures nothing)(R[A+1] ..< R[A+1+C])
    case callDirect
    /// R[A] := the builtin named by symbol B(R[A+1] ..< R[A+1+C])
    case callBuiltin
    /// return R[A] to the caller
    case returnValue
    /// return null to the caller
    case returnNull
    /// R[A] := an iterator over R[B] (list, range, string, record keys)
    case iteratorStart
    /// R[A] := next item of iterator R[B], or pc := C when it is exhausted
    case iteratorNext
    /// counting loop entry: R[A], R[A+1] must be numbers; if not R[A] < R[A+1] then pc := B
    case forRangeStart
    /// R[A] += 1; if R[A] < R[A+1] then pc := B (polls for Ctrl-C)
    case forRangeNext
    /// R[A] := the concatenation of str(R[B]) ..< str(R[B+C]) (string interpolation)
    case concatenate
    /// R[A] := the exports of module B, running its top level on first import
    case importModule
    /// R[A] := the `--set` override for parameter name K[B], if any, else R[A] unchanged
    case applyParameter

    /// Operand kinds for A, B and C.
    public var layout: (OperandKind, OperandKind, OperandKind) {
        switch self {
        case .move: return (.destination, .register, .unused)
        case .loadConstant: return (.destination, .constant, .unused)
        case .loadNull: return (.destination, .unused, .unused)
        case .getGlobal: return (.destination, .global, .unused)
        case .getBuiltin: return (.destination, .symbol, .unused)
        case .setGlobal, .addToGlobal: return (.register, .global, .unused)
        case .getCapture: return (.destination, .capture, .unused)
        case .setCapture: return (.register, .capture, .unused)
        case .makeBox, .getBox: return (.destination, .register, .unused)
        case .makeEmptyBox: return (.destination, .unused, .unused)
        case .setBox: return (.register, .register, .unused)
        case .add, .subtract, .multiply, .divide, .remainder, .floorDivide, .power,
             .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual, .getIndex, .makeRange:
            return (.destination, .register, .register)
        case .addConstant, .subtractConstant: return (.destination, .register, .constant)
        case .negate, .not: return (.destination, .register, .unused)
        case .shortCircuit: return (.register, .target, .immediate)
        case .combineLogical: return (.registerInOut, .register, .immediate)
        case .jump: return (.target, .unused, .unused)
        case .jumpIfFalse, .jumpIfTrue, .jumpIfPresent, .jumpIfNotNull: return (.register, .target, .unused)
        case .jumpIfNotLess: return (.register, .register, .target)
        case .jumpIfNotLessConstant: return (.register, .constant, .target)
        case .makeList: return (.destination, .register, .count)
        case .makeRecord: return (.destination, .register, .shape)
        case .getField: return (.destination, .register, .symbol)
        case .getGlobalField: return (.destination, .global, .symbol)
        case .setField: return (.register, .symbol, .register)
        case .setIndex: return (.register, .register, .register)
        case .makeClosure: return (.destination, .function, .unused)
        case .call: return (.registerInOut, .argumentCount, .callSite)
        case .callDirect: return (.registerInOut, .function, .argumentCount)
        case .callBuiltin: return (.registerInOut, .symbol, .argumentCount)
        case .returnValue: return (.register, .unused, .unused)
        case .returnNull: return (.unused, .unused, .unused)
        case .pushHandler: return (.target, .destination, .unused)
        case .popHandler: return (.immediate, .unused, .unused)
        case .iteratorStart: return (.destination, .register, .unused)
        case .iteratorNext: return (.destination, .register, .target)
        case .forRangeStart: return (.registerInOut, .target, .unused)
        case .forRangeNext: return (.registerInOut, .target, .unused)
        case .concatenate: return (.destination, .register, .count)
        case .importModule: return (.destination, .module, .unused)
        case .applyParameter: return (.registerInOut, .constant, .unused)
        }
    }

    /// The lower-case mnemonic used by `lathe ir`.
    public var mnemonic: String {
        let name = String(describing: self)
        var result = ""
        for character in name {
            if character.isUppercase {
                result += "_" + character.lowercased()
            } else {
                result.append(character)
            }
        }
        return result
    }

    /// The effect of the instruction itself; calls take the effect of their callee.
    public var baseEffect: Check.Effect {
        switch self {
        case .importModule, .applyParameter: return .io
        default: return .pure
        }
    }
}

import Check
