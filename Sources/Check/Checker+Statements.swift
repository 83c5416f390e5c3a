import LatheCore
import Syntax

extension Checker {
    mutating func checkStatements(_ statements: [Stmt]) {
        // `fn` declarations are hoisted within their block so local functions can be mutually recursive.
        if !scopes[scopes.count - 1].isModule {
            for statement in statements {
                if case .function(let function) = statement.kind, let name = function.name {
                    declare(name, kind: .function, shape: CallableShape(function, name: name.name))
                }
            }
        }
        for statement in statements { checkStatement(statement) }
    }

    mutating func checkBlock(_ block: Block) {
        withScope(function: context.function) { checker in
            checker.checkStatements(block.statements)
        }
    }

    mutating func checkStatement(_ statement: Stmt) {
        switch statement.kind {
        case .binding(let kind, let name, let value):
            // `let f = fn(n) => … f(n - 1) …` may call itself: a lambda bound by `let` is
            // declared before its body is checked, as a `fn` declaration is. Any other
            // initializer still reads the outer name (`var a = a + 1`).
            if kind == .constant, case .lambda(let function) = value.kind {
                _ = declare(name, kind: .constant, type: .function, shape: CallableShape(function, name: name.name))
                _ = checkExpression(value)
                break
            }
            let type = checkExpression(value)
            if kind == .parameter, !scopes[scopes.count - 1].isModule {
                report(
                    CheckErrorCodes.paramNotAtTopLevel, "'param' is only allowed at the top level of a script", at: statement.span,
                    hint: "use 'let' inside functions and blocks")
            }
            if kind == .parameter, let type, ![.number, .string, .bool, .null].contains(type) {
                report(
                    CheckErrorCodes.paramDefaultNotLiteral, "a param's default must be a number, string, bool or null, found \(type.rawValue)",
                    at: value.span)
            }
            var shape: CallableShape?
            if kind == .constant, case .lambda(let function) = value.kind {
                shape = CallableShape(function, name: name.name)
            }
            let declKind: DeclKind
            switch kind {
            case .constant: declKind = .constant
            case .variable: declKind = .variable
            case .parameter: declKind = .parameterBinding
            }
            let info = declare(name, kind: declKind, type: type, shape: shape)
            if kind == .constant, info.id == name.id, let known = knownFields(of: value) {
                resolution.declarations[name.id]?.knownFields = known.fields
                resolution.declarations[name.id]?.fieldNoun = known.noun
            }

        case .assign(let target, let op, let value):
            checkAssignment(target: target, op: op, value: value, span: statement.span)

        case .function(let function):
            if let name = function.name, scopes[scopes.count - 1].names[name.name] == nil {
                declare(name, kind: .function, shape: CallableShape(function, name: name.name))
            }
            checkFunction(function)

        case .expression(let expression):
            _ = checkExpression(expression)

        case .ifElse(let branches, let elseBlock):
            for branch in branches {
                checkCondition(branch.condition, construct: "if")
                checkBlock(branch.body)
            }
            if let elseBlock { checkBlock(elseBlock) }

        case .whileLoop(let condition, let body):
            checkCondition(condition, construct: "while")
            context.loopDepth += 1
            checkBlock(body)
            context.loopDepth -= 1

        case .forLoop(let variable, let iterable, let body):
            let type = checkExpression(iterable)
            if let type, [.number, .bool, .null, .function].contains(type) {
                report(
                    CheckErrorCodes.cannotIterate, "cannot iterate over a \(type.rawValue)", at: iterable.span,
                    hint: type == .number ? "to count, iterate over a range such as 0..<n" : nil)
            }
            context.loopDepth += 1
            withScope(function: context.function) { checker in
                checker.declare(variable, kind: .loopVariable)
                checker.checkStatements(body.statements)
            }
            context.loopDepth -= 1

        case .tryCatch(let body, let name, let handler):
            checkBlock(body)
            withScope(function: context.function) { checker in
                if let name { _ = checker.declare(name, kind: .constant, type: .record) }
                checker.checkStatements(handler.statements)
            }

        case .breakLoop:
            if context.loopDepth == 0 {
                report(CheckErrorCodes.breakOutsideLoop, "'break' outside a loop", at: statement.span, hint: "'break' can only be used inside 'for' or 'while'")
            }
        case .continueLoop:
            if context.loopDepth == 0 {
                report(CheckErrorCodes.continueOutsideLoop, "'continue' outside a loop", at: statement.span, hint: "'continue' can only be used inside 'for' or 'while'")
            }
        case .returnValue(let value):
            if context.function == nil {
                report(CheckErrorCodes.returnOutsideFunction, "'return' outside a function", at: statement.span, hint: "a script ends at its last line; use fail(\"…\") to stop with an error")
            }
            if let value { _ = checkExpression(value) }

        case .importModule(let path, let pathSpan, let alias):
            if !scopes[scopes.count - 1].isModule {
                report(CheckErrorCodes.importNotAtTopLevel, "'import' is only allowed at the top level", at: statement.span)
            }
            switch resolveImport(path, pathSpan) {
            case .success(let interface):
                let info = declare(alias, kind: .importAlias, type: .module)
                importInterfaces[info.id] = interface
                resolution.imports[info.id] = interface.path
            case .failure(let diagnostic):
                diagnostics.append(diagnostic)
                declare(alias, kind: .importAlias, type: .module)
            }
        }
    }

    /// The fields the value of `expression` will have, when it is a builtin call with literal
    /// arguments the field oracle understands.
    func knownFields(of expression: Expr) -> (fields: [String], noun: String)? {
        guard let fieldOracle, case .call(let callee, let arguments, _) = expression.kind,
              case .identifier(let name) = callee.kind, case .builtin? = resolution.references[callee.id],
              let signature = builtins[name] else { return nil }
        var literals: [String: String] = [:]
        for (index, argument) in arguments.enumerated() {
            let parameter = argument.label ?? (index < signature.parameters.count ? signature.parameters[index].name : "")
            switch argument.value.kind {
            case .string(let parts):
                var text = ""
                for part in parts {
                    guard case .text(let piece) = part else { return nil }
                    text += piece
                }
                literals[parameter] = text
            case .number(let value):
                literals[parameter] = Scalar.format(number: value)
            case .null, .bool:
                continue
            default:
                // A computed argument (e.g. columns:) may change the fields; do not guess.
                return nil
            }
        }
        return fieldOracle.fields(name, literals)
    }

    mutating func checkCondition(_ condition: Expr, construct: String) {
        if let type = checkExpression(condition), type != .bool {
            report(
                CheckErrorCodes.conditionNotBool, "\(construct) condition must be a bool, found \(type.rawValue)", at: condition.span,
                hint: type == .number ? "compare explicitly, e.g. 'x != 0'" : nil)
        }
    }

    mutating func checkAssignment(target: Expr, op: AssignOperator, value: Expr, span: SourceSpan) {
        _ = checkExpression(value)
        switch target.kind {
        case .identifier(let name):
            guard let info = resolve(name, id: target.id, span: target.span) else {
                if case .builtin = resolution.references[target.id] {
                    report(CheckErrorCodes.assignToBuiltin, "cannot assign to builtin '\(name)'", at: target.span, hint: "declare your own with 'var \(name) = …'")
                }
                return
            }
            if !info.kind.isAssignable {
                let hint: String
                switch info.kind {
                case .constant: hint = "declare it with 'var' to make it mutable"
                case .parameter, .loopVariable: hint = "copy it into a local first: 'var \(name)2 = \(name)'"
                default: hint = "declare a new 'var' instead"
                }
                report(
                    CheckErrorCodes.assignToImmutable, "cannot assign to '\(name)': it is declared with '\(info.kind.rawValue)'",
                    at: target.span, hint: hint,
                    notes: [.init(message: "'\(name)' declared here", span: info.span)])
            }
        case .field(let object, _, _):
            _ = checkExpression(object)
        case .index(let object, let index):
            _ = checkExpression(object)
            _ = checkExpression(index)
        default:
            // The parser already reported an unassignable target.
            break
        }
    }

    mutating func checkFunction(_ function: FunctionDecl) {
        let saved = context
        context = Context(function: function.id, loopDepth: 0)
        scopes.append(Scope(function: function.id, isModule: false))
        // Defaults are evaluated in the function's scope, after the parameters before them.
        var seen: [String: NameDecl] = [:]
        for parameter in function.parameters {
            if let defaultValue = parameter.defaultValue { _ = checkExpression(defaultValue) }
            if let first = seen[parameter.name.name] {
                report(
                    CheckErrorCodes.duplicateParameter, "duplicate parameter '\(parameter.name.name)'", at: parameter.name.span,
                    notes: [.init(message: "first declared here", span: first.span)])
                continue
            }
            seen[parameter.name.name] = parameter.name
            declare(parameter.name, kind: .parameter)
        }
        checkStatements(function.body.statements)
        scopes.removeLast()
        context = saved
    }
}
