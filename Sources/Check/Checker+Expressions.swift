import LatheCore
import NameMatching
import Syntax

extension Checker {
    /// Checks an expression and returns its type when it is obvious (literals and simple
    /// combinations of them), so clear type errors are caught before anything runs.
    @discardableResult
    mutating func checkExpression(_ expression: Expr) -> ValueType? {
        switch expression.kind {
        case .null: return .null
        case .bool: return .bool
        case .number: return .number
        case .invalid: return nil
        case .string(let parts):
            for part in parts {
                if case .expression(let inner) = part { _ = checkExpression(inner) }
            }
            return .string
        case .identifier(let name):
            guard let info = resolve(name, id: expression.id, span: expression.span) else {
                if case .builtin = resolution.references[expression.id] { return .function }
                return nil
            }
            if info.kind == .function { return .function }
            return info.knownType
        case .list(let items):
            for item in items { _ = checkExpression(item) }
            return .list
        case .record(let fields):
            for field in fields { _ = checkExpression(field.value) }
            return .record
        case .range(let start, let end):
            for bound in [start, end] {
                if let type = checkExpression(bound), type != .number {
                    report(CheckErrorCodes.rangeBoundNotNumber, "range bounds must be numbers, found \(type.rawValue)", at: bound.span)
                }
            }
            return .range
        case .unary(let op, let operand):
            let type = checkExpression(operand)
            if let type, isElementwise(type, op == .negate ? "-" : "not") { return type }
            switch op {
            case .negate:
                if let type, type != .number {
                    report(CheckErrorCodes.cannotNegate, "cannot negate a \(type.rawValue)", at: expression.span)
                    return nil
                }
                return type == nil ? nil : .number
            case .not:
                if let type, type != .bool {
                    report(CheckErrorCodes.notNeedsBool, "'not' needs a bool, found \(type.rawValue)", at: expression.span,
                           hint: type == .number ? "compare explicitly, e.g. 'x == 0'" : nil)
                    return .bool
                }
                // An unknown operand may be a mask column, and `not` of a mask is a mask.
                return type == nil ? nil : .bool
            }
        case .binary(let op, let left, let right):
            let leftType = checkExpression(left)
            let rightType = checkExpression(right)
            return checkBinaryTypes(op, leftType, rightType, span: expression.span)
        case .call(let callee, let arguments, _):
            return checkCall(callee: callee, arguments: arguments, span: expression.span)
        case .field(let object, let name, let nameSpan):
            let type = checkExpression(object)
            if case .identifier = object.kind, case .declaration(let id)? = resolution.references[object.id],
               let interface = importInterfaces[id] {
                if let export = interface.exports[name] {
                    return export.kind == .function ? .function : export.knownType
                }
                if interface.natives[name] != nil { return .function }
                let alias = resolution.declarations[id]?.name ?? "module"
                report(
                    CheckErrorCodes.noSuchExport, "module '\(alias)' has no export '\(name)'", at: nameSpan,
                    hint: NameSuggestion.closest(to: name, in: Array(interface.exports.keys) + interface.natives.keys)
                        .map { "did you mean '\($0)'?" })
                return nil
            }
            if let type, [.number, .bool, .null, .function].contains(type) {
                report(CheckErrorCodes.noSuchField, "a \(type.rawValue) has no field '\(name)'", at: nameSpan)
            }
            if case .kind(let kindName)? = type, let kind = kinds[kindName] {
                return checkKindField(object, kind: kind, name: name, at: nameSpan)
            }
            checkKnownField(object, name, at: nameSpan)
            return nil
        case .index(let object, let index):
            let type = checkExpression(object)
            _ = checkExpression(index)
            if case .string(let parts) = index.kind, parts.count == 1, case .text(let name) = parts[0] {
                checkKnownField(object, name, at: index.span)
            }
            if let type, [.number, .bool, .null, .function].contains(type) {
                report(CheckErrorCodes.cannotIndex, "cannot index into a \(type.rawValue)", at: expression.span)
            }
            return nil
        case .lambda(let function):
            checkFunction(function)
            return .function
        case .conditional(let condition, let then, let otherwise):
            checkCondition(condition, construct: "if")
            let thenType = checkExpression(then)
            let otherwiseType = checkExpression(otherwise)
            return thenType == otherwiseType ? thenType : nil
        }
    }

    /// Types `value.name` for a library value of a declared kind: a declared field has its
    /// declared type; otherwise the kind's data fields (a dataset's columns) answer, or the
    /// name is an error with "did you mean". Declared fields win over data of the same name,
    /// which stays reachable by subscript (`ds["target"]`); the checker warns when a `.name`
    /// is both.
    mutating func checkKindField(_ object: Expr, kind: ValueKind, name: String, at span: SourceSpan) -> ValueType? {
        if let field = kind.field(name) {
            if let data = knownData(of: object), data.fields.contains(name) {
                report(
                    CheckErrorCodes.fieldShadowsData, "'\(name)' is both a \(kind.name) field and a \(data.noun); '.\(name)' reads the field",
                    at: span, severity: .warning, hint: "write [\"\(name)\"] to read the \(data.noun)")
            }
            return field.type
        }
        if let dataFields = kind.dataFields {
            checkKnownField(object, name, at: span)
            return dataFields.type
        }
        let names = kind.fields.map(\.name)
        var hint = "\(kind.name) fields: \(names.joined(separator: ", "))"
        if let suggestion = NameSuggestion.closest(to: name, in: names) { hint = "did you mean '\(suggestion)'? " + hint }
        report(CheckErrorCodes.unknownKindField, "\(kind.type.withArticle) has no field '\(name)'", at: span, hint: hint)
        return nil
    }

    /// The data fields (e.g. columns from a CSV header) known for `object` before running.
    func knownData(of object: Expr) -> (fields: [String], noun: String)? {
        guard case .identifier = object.kind, case .declaration(let id)? = resolution.references[object.id],
              let info = resolution.declarations[id], let fields = info.knownFields else { return nil }
        return (fields, info.fieldNoun)
    }

    /// Whether the operator spelled `op` applies to values of `type` elementwise (any
    /// operator on a column, arithmetic on a tensor).
    func isElementwise(_ type: ValueType, _ op: String) -> Bool {
        guard case .kind(let name) = type else { return false }
        return kinds[name]?.operators.appliesElementwise(op) ?? false
    }

    /// Reports literal field names in a builtin's arguments that the data argument does not
    /// have, for parameters declared with `namesFieldsOf` (and `extraNamedNameFieldsOf`).
    mutating func checkFieldNameArguments(_ arguments: [Argument], of signature: BuiltinSignature) {
        func argument(for parameter: String) -> Expr? {
            if let labelled = arguments.first(where: { $0.label == parameter }) { return labelled.value }
            guard let position = signature.parameters.firstIndex(where: { $0.name == parameter }) else { return nil }
            let positional = arguments.filter { $0.label == nil }
            return position < positional.count ? positional[position].value : nil
        }
        func literalStrings(_ expression: Expr, inRecords: Bool) -> [(String, SourceSpan)] {
            switch expression.kind {
            case .string(let parts) where !inRecords:
                var text = ""
                for part in parts {
                    guard case .text(let piece) = part else { return [] }
                    text += piece
                }
                return [(text, expression.span)]
            case .list(let items) where !inRecords:
                return items.flatMap { literalStrings($0, inRecords: false) }
            case .record(let fields) where inRecords:
                return fields.flatMap { literalStrings($0.value, inRecords: false) }
            default:
                return []
            }
        }
        var checks: [(Expr, String, Bool)] = []
        for parameter in signature.parameters {
            guard let value = argument(for: parameter.name) else { continue }
            for owner in [parameter.namesFieldsOf, parameter.alsoNamesFieldsOf].compactMap({ $0 }) {
                checks.append((value, owner, false))
            }
        }
        if let owner = signature.extraNamedNameFieldsOf {
            let declared = Set(signature.parameters.map(\.name))
            for extra in arguments where extra.label.map({ !declared.contains($0) }) ?? false {
                checks.append((extra.value, owner, true))
            }
        }
        var named: [([(String, SourceSpan)], String)] = checks.map { (literalStrings($0.0, inRecords: $0.2), $0.1) }
        for parameter in signature.parameters {
            guard let owner = parameter.keysNameFieldsOf, let value = argument(for: parameter.name),
                  case .record(let fields) = value.kind else { continue }
            named.append((fields.map { ($0.name, $0.nameSpan) }, owner))
        }
        for (names, owner) in named {
            guard let data = argument(for: owner), case .identifier(let variable) = data.kind,
                  let known = knownData(of: data) else { continue }
            for (name, span) in names where !known.fields.contains(name) {
                var hint = "\(known.noun)s: \(known.fields.prefix(12).joined(separator: ", "))\(known.fields.count > 12 ? ", …" : "")"
                if let suggestion = NameSuggestion.closest(to: name, in: known.fields) { hint = "did you mean '\(suggestion)'? " + hint }
                report(CheckErrorCodes.unknownKnownField, "'\(variable)' has no \(known.noun) '\(name)'", at: span, hint: hint)
            }
        }
    }

    /// Reports `ds.colum` when `ds` is a `let` whose fields are known before running.
    mutating func checkKnownField(_ object: Expr, _ name: String, at span: SourceSpan) {
        guard case .identifier(let variable) = object.kind, case .declaration(let id)? = resolution.references[object.id],
              let info = resolution.declarations[id], let fields = info.knownFields, !fields.contains(name) else { return }
        var hint = "\(info.fieldNoun)s: \(fields.prefix(12).joined(separator: ", "))\(fields.count > 12 ? ", …" : "")"
        if let suggestion = NameSuggestion.closest(to: name, in: fields) { hint = "did you mean '\(suggestion)'? " + hint }
        report(CheckErrorCodes.unknownKnownField, "'\(variable)' has no \(info.fieldNoun) '\(name)'", at: span, hint: hint)
    }

    /// Type rules for binary operators applied to statically known operand types.
    @discardableResult
    mutating func checkBinaryTypes(_ op: BinaryOperator, _ left: ValueType?, _ right: ValueType?, span: SourceSpan) -> ValueType? {
        func mismatch(_ hint: String? = nil) {
            report(
                CheckErrorCodes.cannotApplyOperator, "cannot apply '\(op.rawValue)' to \(left?.rawValue ?? "?") and \(right?.rawValue ?? "?")",
                at: span, hint: hint)
        }
        // `??` takes any operands: the left one if it is not null, else the right one.
        if op == .coalesce { return left == .null ? right : left }
        // Columns and tensors take operators elementwise: `ds.y == 1` is a mask column and
        // `ones([3]) + 1` a tensor. A library value without operators takes none.
        if let elementwise = [left, right].compactMap({ $0 }).first(where: { isElementwise($0, op.rawValue) }) {
            for type in [left, right] {
                guard let type, type != elementwise else { continue }
                let allowed = [.number, .string, .bool].contains(type) || isElementwise(type, op.rawValue)
                if !allowed {
                    mismatch()
                    return nil
                }
            }
            return elementwise
        }
        // Any two values can be compared for equality (library values by identity); no other
        // operator applies to a library value without elementwise operators.
        for type in [left, right] where op != .equal && op != .notEqual {
            if let type, type.isKind {
                mismatch()
                return nil
            }
        }
        // With an operand of unknown type the result is unknown: it may be a column.
        switch op {
        case .and, .or:
            for type in [left, right] {
                if let type, type != .bool {
                    report(CheckErrorCodes.logicalNeedsBools, "'\(op.rawValue)' needs bool operands, found \(type.rawValue)", at: span)
                    break
                }
            }
            return left == nil || right == nil ? nil : .bool
        case .equal, .notEqual:
            return left == nil || right == nil ? nil : .bool
        case .less, .lessEqual, .greater, .greaterEqual:
            if let left, let right {
                let ok = (left == .number && right == .number) || (left == .string && right == .string)
                if !ok { mismatch("only numbers with numbers, or strings with strings, can be ordered") }
            } else if let known = left ?? right, ![.number, .string].contains(known) {
                mismatch("only numbers and strings can be ordered")
            }
            return left == nil || right == nil ? nil : .bool
        case .add:
            if let left, let right {
                if left == .number && right == .number { return .number }
                if left == .string && right == .string { return .string }
                if left == .list && right == .list { return .list }
                let hint = left == .string || right == .string
                    ? "convert with str(…) or interpolate: \"…${x}\"" : nil
                mismatch(hint)
                return nil
            }
            if let known = left ?? right, ![.number, .string, .list].contains(known) {
                mismatch()
            }
            return nil
        case .coalesce:
            return nil  // handled above
        case .subtract, .multiply, .divide, .remainder, .floorDivide, .power:
            let allowed: [ValueType] = [.number]
            if let left, let right {
                if left == .number && right == .number { return .number }
                if !(allowed.contains(left) && allowed.contains(right)) {
                    mismatch(left == .string || right == .string ? "strings support '+' only" : nil)
                }
                return nil
            }
            if let known = left ?? right, !allowed.contains(known) {
                mismatch(known == .string ? "strings support '+' only" : nil)
            }
            return nil
        }
    }

    /// Checks a call's callee and arguments against the callee's declared shape, when known.
    mutating func checkCall(callee: Expr, arguments: [Argument], span: SourceSpan) -> ValueType? {
        let calleeType = checkExpression(callee)
        var argumentTypes: [ValueType?] = []
        for argument in arguments { argumentTypes.append(checkExpression(argument.value)) }
        if let calleeType, calleeType != .function {
            report(CheckErrorCodes.cannotCall, "cannot call a \(calleeType.rawValue)", at: callee.span)
            return nil
        }
        var shape: CallableShape?
        var returns: ValueType?
        switch callee.kind {
        case .identifier(let name):
            switch resolution.references[callee.id] {
            case .builtin(let builtinName)?:
                if let signature = builtins[builtinName] {
                    shape = CallableShape(signature)
                    returns = signature.resultType(labels: arguments.map(\.label), types: argumentTypes)
                    checkFieldNameArguments(arguments, of: signature)
                }
            case .declaration(let id)?:
                if let info = resolution.declarations[id], info.kind == .function || info.kind == .constant {
                    shape = info.shape
                }
            case nil:
                _ = name
            }
        case .field(let object, let name, _):
            if case .declaration(let id)? = resolution.references[object.id], let interface = importInterfaces[id] {
                if let export = interface.exports[name] {
                    shape = export.shape
                } else if let native = interface.natives[name] {
                    shape = CallableShape(native)
                    returns = native.resultType(labels: arguments.map(\.label), types: argumentTypes)
                }
            }
        case .lambda(let function):
            shape = CallableShape(function, name: "lambda")
        default:
            break
        }
        guard let shape else { return returns }
        checkArguments(arguments, types: argumentTypes, against: shape, span: span)
        return returns
    }

    mutating func checkArguments(_ arguments: [Argument], types: [ValueType?], against shape: CallableShape, span: SourceSpan) {
        let all = shape.positional + shape.named
        var filled: [String: SourceSpan] = [:]
        var positionalCount = 0
        for (index, argument) in arguments.enumerated() {
            let parameterName: String
            if let label = argument.label {
                let labelSpan = argument.labelSpan ?? argument.value.span
                guard all.contains(label) || shape.extraNamed else {
                    let valid = all.isEmpty
                        ? (shape.variadic ? "'\(shape.name)' takes only positional arguments" : "it takes no arguments")
                        : "valid: \(all.joined(separator: ", "))"
                    let hint = NameSuggestion.closest(to: label, in: all).map { "did you mean '\($0)'? (\(valid))" } ?? valid
                    report(CheckErrorCodes.unknownArgument, "unknown argument '\(label)' in call to '\(shape.name)'", at: labelSpan, hint: hint)
                    continue
                }
                if let previous = filled[label] {
                    report(
                        CheckErrorCodes.duplicateArgument, "argument '\(label)' is given twice in call to '\(shape.name)'", at: labelSpan,
                        notes: [.init(message: "first given here", span: previous)])
                    continue
                }
                parameterName = label
                filled[label] = labelSpan
            } else {
                positionalCount += 1
                guard index < all.count else {
                    if !shape.variadic {
                        let most = all.count
                        let given = arguments.filter { $0.label == nil }.count
                        report(
                            CheckErrorCodes.tooManyArguments,
                            "'\(shape.name)' takes \(most == 0 ? "no" : "at most \(most)") argument\(most == 1 ? "" : "s") but \(given) \(given == 1 ? "was" : "were") given",
                            at: argument.value.span, hint: "signature: \(shape.name)(\(describe(shape)))")
                        return
                    }
                    continue
                }
                parameterName = all[index]
                filled[parameterName] = argument.value.span
            }
            if let accepted = shape.types[parameterName], let type = types[index], !accepted.contains(type),
               !accepted.isEmpty {
                let names = accepted.map(\.rawValue)
                let expected = names.count == 1 ? names[0]
                    : names.dropLast().joined(separator: ", ") + " or " + names[names.count - 1]
                report(
                    CheckErrorCodes.argumentTypeMismatch, "'\(shape.name)' expects \(expected) for '\(parameterName)', found \(type.rawValue)",
                    at: argument.value.span)
            } else if let constraint = shape.constraints[parameterName], let literal = literalScalar(argument.value),
                      let violation = constraint.violation(of: literal, parameter: parameterName, owner: shape.name) {
                report(CheckErrorCodes.parameterOutOfRange, violation.message, at: argument.value.span, hint: violation.hint)
            }
        }
        for name in shape.positional where filled[name] == nil {
            report(
                CheckErrorCodes.missingArgument, "missing argument '\(name)' in call to '\(shape.name)'", at: span,
                hint: "signature: \(shape.name)(\(describe(shape)))")
        }
    }

    /// The value of a literal argument (`3`, `-1.5`, `"gini"`, `true`, `null`), if it is one.
    func literalScalar(_ expression: Expr) -> Scalar? {
        switch expression.kind {
        case .null: return .null
        case .bool(let flag): return .bool(flag)
        case .number(let value): return .number(value)
        case .unary(.negate, let operand):
            if case .number(let value) = operand.kind { return .number(-value) }
            return nil
        case .string(let parts):
            var text = ""
            for part in parts {
                guard case .text(let piece) = part else { return nil }
                text += piece
            }
            return .string(text)
        default: return nil
        }
    }

    func describe(_ shape: CallableShape) -> String {
        var parts = shape.positional
        parts += shape.named.map { "\($0): …" }
        if shape.variadic { parts.append("...") }
        return parts.joined(separator: ", ")
    }
}
