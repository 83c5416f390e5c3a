import LatheCore

extension Parser {
    // MARK: - Statement lists and blocks

    /// Parses statements up to end of file, or up to (not including) a `}` when `insideBlock`.
    mutating func parseStatements(insideBlock: Bool) -> [Stmt] {
        var statements: [Stmt] = []
        while true {
            while match(.semicolon) {}
            if check(.eof) { break }
            if check(.rightBrace) {
                if insideBlock { break }
                errorAtUnmatchedClosing()
                synchronize()
                continue
            }
            let before = position
            if let statement = parseStatement() {
                statements.append(statement)
            }
            finishStatement()
            if position == before { advance() }
        }
        return statements
    }

    /// Checks the statement terminator (newline, `;`, `}` or end of file), recovering if needed.
    mutating func finishStatement() {
        if panicking {
            synchronize()
            return
        }
        if match(.semicolon) || check(.rightBrace) || check(.eof) || current.precededByNewline { return }
        if position > 0, tokens[position - 1].kind == .invalid {
            // The lexer already reported the bad character this statement stopped at.
            synchronize()
            return
        }
        errorAtCurrent(SyntaxErrorCodes.expectedStatementEnd, expected: "expected newline or ';' after statement",
                       hint: current.kind == .invalid ? nil : "put each statement on its own line, or separate them with ';'")
        synchronize()
    }

    mutating func errorAtUnmatchedClosing() {
        let token = advance()
        let opener: String
        switch token.kind {
        case .rightParen: opener = "'('"
        case .rightBracket: opener = "'['"
        default: opener = "'{'"
        }
        // After another error, a stray closer is most likely that error's echo (say, a missing '{').
        if diagnostics.isEmpty && !hadLexerErrors {
            error(SyntaxErrorCodes.unmatchedClosing, "unexpected \(token.kind.displayName) with no matching \(opener)", at: token.span)
        }
        panicking = true
    }

    /// A condition of `if`/`while`. A `{` here would start the block, not a record, so a missing
    /// condition is reported without consuming the block.
    mutating func parseCondition(after keyword: String) -> Expr {
        guard check(.leftBrace) else { return parseExpression() }
        errorAtCurrent(SyntaxErrorCodes.expectedExpression, expected: "expected condition after '\(keyword)'")
        return makeExpr(.invalid, span(from: current.span.start, to: current.span.start))
    }

    /// `{ statements }`. `context` completes the message `expected '{' <context>`.
    mutating func parseBlock(_ context: String) -> Block {
        guard check(.leftBrace) else {
            errorAtCurrent(SyntaxErrorCodes.expectedBlock, expected: "expected '{' \(context)",
                           hint: check(.equal) ? "to compare values, use '=='" : nil)
            let here = previousEnd
            return Block(statements: [], span: span(from: here, to: here))
        }
        guard enterNesting() else {
            let here = previousEnd
            return Block(statements: [], span: span(from: here, to: here))
        }
        defer { leaveNesting() }
        let open = advance()
        blockDepth += 1
        let statements = parseStatements(insideBlock: true)
        blockDepth -= 1
        let end = expectClosing(.rightBrace, opener: open)
        return Block(statements: statements, span: span(from: open.span.start, to: end))
    }

    // MARK: - Statements

    mutating func parseStatement() -> Stmt? {
        switch current.kind {
        case .kwLet: return parseBinding(.constant)
        case .kwVar: return parseBinding(.variable)
        case .kwParam: return parseBinding(.parameter)
        case .kwFn where peek(1).kind != .leftParen: return parseFunctionDeclaration()
        case .kwIf: return parseIf()
        case .kwWhile: return parseWhile()
        case .kwTry: return parseTry()
        case .kwFor: return parseFor()
        case .kwBreak: return Stmt(.breakLoop, span: advance().span)
        case .kwContinue: return Stmt(.continueLoop, span: advance().span)
        case .kwReturn: return parseReturn()
        case .kwImport: return parseImport()
        case .kwElse:
            error(SyntaxErrorCodes.elseWithoutIf, "'else' without a matching 'if'", at: current.span,
                  hint: "'else' must follow the '}' that closes an 'if' block")
            return nil
        case .rightParen, .rightBracket:
            errorAtUnmatchedClosing()
            return nil
        default:
            return parseExpressionStatement()
        }
    }

    /// A declared name. Reports `expected <what>, found …` and returns nil when missing.
    mutating func parseName(_ what: String) -> NameDecl? {
        guard check(.identifier) else {
            errorAtCurrent(SyntaxErrorCodes.expectedToken, expected: "expected \(what)",
                           hint: current.kind.isKeyword ? "\(current.kind.displayName) is a keyword and cannot be used as a name" : nil)
            return nil
        }
        let token = advance()
        return NameDecl(name: token.text, span: token.span, id: makeID())
    }

    /// `let|var|param NAME = expr`.
    mutating func parseBinding(_ kind: BindingKind) -> Stmt? {
        let keyword = advance()
        guard let name = parseName("name after '\(kind.rawValue)'") else { return nil }
        guard match(.equal) else {
            errorAtCurrent(SyntaxErrorCodes.expectedToken, expected: "expected '=' after '\(name.name)' in \(kind.rawValue) binding",
                           hint: check(.equalEqual) ? "a binding uses a single '='" : nil)
            return nil
        }
        let value = parseExpression()
        return Stmt(.binding(kind: kind, name: name, value: value),
                    span: span(from: keyword.span.start, to: value.span.end))
    }

    /// `fn NAME(params) { body }`.
    mutating func parseFunctionDeclaration() -> Stmt? {
        let keyword = advance()
        guard let name = parseName("function name or '(' after 'fn'") else { return nil }
        let parameters = parseParameterList(after: "function name '\(name.name)'")
        let body = parseBlock("to begin the body of '\(name.name)'")
        let declarationSpan = span(from: keyword.span.start, to: body.span.end)
        let declaration = FunctionDecl(name: name, parameters: parameters, body: body, id: makeID(),
                                       span: declarationSpan)
        return Stmt(.function(declaration), span: declarationSpan)
    }

    /// `if c { } else if d { } else { }`.
    mutating func parseIf() -> Stmt {
        let keyword = advance()
        var branches: [ConditionalBranch] = []
        var elseBlock: Block?
        var condition = parseCondition(after: "if")
        var body = parseBlock("after if condition")
        branches.append(ConditionalBranch(condition: condition, body: body))
        var end = body.span.end
        while !panicking, check(.kwElse) {
            advance()
            if match(.kwIf) {
                condition = parseCondition(after: "else if")
                body = parseBlock("after else-if condition")
                branches.append(ConditionalBranch(condition: condition, body: body))
                end = body.span.end
            } else {
                let block = parseBlock("after 'else'")
                elseBlock = block
                end = block.span.end
                break
            }
        }
        if end < keyword.span.end { end = previousEnd }
        return Stmt(.ifElse(branches: branches, elseBlock: elseBlock), span: span(from: keyword.span.start, to: end))
    }

    mutating func parseWhile() -> Stmt {
        let keyword = advance()
        let condition = parseCondition(after: "while")
        let body = parseBlock("after while condition")
        return Stmt(.whileLoop(condition: condition, body: body),
                    span: span(from: keyword.span.start, to: max(body.span.end, previousEnd)))
    }

    /// `for NAME in expr { body }`.
    mutating func parseFor() -> Stmt? {
        let keyword = advance()
        guard let variable = parseName("loop variable name after 'for'") else { return nil }
        guard match(.kwIn) else {
            errorAtCurrent(SyntaxErrorCodes.expectedToken, expected: "expected 'in' after loop variable '\(variable.name)'")
            return nil
        }
        let iterable = parseExpression()
        let body = parseBlock("after for-loop sequence")
        return Stmt(.forLoop(variable: variable, iterable: iterable, body: body),
                    span: span(from: keyword.span.start, to: max(body.span.end, previousEnd)))
    }

    /// `try { … } catch [name] { … }`; the `catch` may start a later line, as `else` may.
    mutating func parseTry() -> Stmt? {
        let keyword = advance()
        let body = parseBlock("after 'try'")
        guard !panicking else { return nil }
        guard match(.kwCatch) else {
            errorAtCurrent(SyntaxErrorCodes.expectedToken, expected: "expected 'catch' after the try block",
                           hint: "write 'try { … } catch e { … }'")
            return nil
        }
        var name: NameDecl?
        if check(.identifier) { name = parseName("error name after 'catch'") }
        let handler = parseBlock("after 'catch'")
        return Stmt(.tryCatch(body: body, name: name, handler: handler),
                    span: span(from: keyword.span.start, to: max(handler.span.end, previousEnd)))
    }

    /// `return` with an optional value on the same line.
    mutating func parseReturn() -> Stmt {
        let keyword = advance()
        if check(.rightBrace) || check(.semicolon) || check(.eof) || current.precededByNewline {
            return Stmt(.returnValue(nil), span: keyword.span)
        }
        let value = parseExpression()
        return Stmt(.returnValue(value), span: span(from: keyword.span.start, to: value.span.end))
    }

    /// `import "path" as NAME`.
    mutating func parseImport() -> Stmt? {
        let keyword = advance()
        guard check(.string) else {
            errorAtCurrent(SyntaxErrorCodes.invalidImportPath, expected: "expected a string path after 'import'",
                           hint: "write an import as: import \"std/prep\" as prep")
            return nil
        }
        let pathToken = advance()
        var path = ""
        var interpolated = false
        for segment in pathToken.segments {
            switch segment {
            case .text(let text):
                path += text
            case .interpolation:
                interpolated = true
            }
        }
        if interpolated {
            error(SyntaxErrorCodes.invalidImportPath, "import path must be a plain string without interpolation",
                  at: pathToken.span, hint: "imports are resolved before the program runs")
            return nil
        }
        guard match(.kwAs) else {
            errorAtCurrent(SyntaxErrorCodes.expectedToken, expected: "expected 'as' after import path",
                           hint: "name the module: import \"\(path)\" as name")
            return nil
        }
        guard let alias = parseName("module name after 'as'") else { return nil }
        return Stmt(.importModule(path: path, pathSpan: pathToken.span, alias: alias),
                    span: span(from: keyword.span.start, to: alias.span.end))
    }

    /// An expression statement, or an assignment `target op value`.
    mutating func parseExpressionStatement() -> Stmt {
        let expression = parseExpression()
        let op: AssignOperator?
        switch current.kind {
        case .equal: op = .assign
        case .plusEqual: op = .add
        case .minusEqual: op = .subtract
        case .starEqual: op = .multiply
        case .slashEqual: op = .divide
        case .percentEqual: op = .remainder
        case .slashSlashEqual: op = .floorDivide
        case .starStarEqual: op = .power
        default: op = nil
        }
        guard let op, !current.precededByNewline, !panicking else {
            return Stmt(.expression(expression), span: expression.span)
        }
        let opToken = advance()
        switch expression.kind {
        case .identifier, .field, .index, .invalid:
            break
        default:
            report(SyntaxErrorCodes.invalidAssignmentTarget, "cannot assign to this expression", at: expression.span,
                   hint: "only a name, a field (a.b) or an element (a[i]) can be assigned",
                   notes: [Diagnostic.Note(message: "'\(opToken.kind.rawValue)' here", span: opToken.span)])
        }
        let value = parseExpression()
        return Stmt(.assign(target: expression, op: op, value: value), span: expression.span.merged(with: value.span))
    }

    // MARK: - Parameters

    /// `( NAME, NAME: default, … )` with required parameters first.
    mutating func parseParameterList(after context: String) -> [Parameter] {
        guard check(.leftParen) else {
            errorAtCurrent(SyntaxErrorCodes.expectedToken, expected: "expected '(' after \(context)")
            return []
        }
        let open = advance()
        var parameters: [Parameter] = []
        var firstDefault: NameDecl?
        while !check(.rightParen) {
            guard let name = parseName("parameter name") else { break }
            var defaultValue: Expr?
            if match(.colon) {
                defaultValue = parseExpression()
                if firstDefault == nil { firstDefault = name }
            } else if let firstDefault {
                report(SyntaxErrorCodes.requiredAfterDefault,
                       "required parameter '\(name.name)' must come before parameters with defaults",
                       at: name.span, hint: "move '\(name.name)' before '\(firstDefault.name)', or give it a default",
                       notes: [Diagnostic.Note(message: "first parameter with a default", span: firstDefault.span)])
            }
            parameters.append(Parameter(name: name, defaultValue: defaultValue))
            if !match(.comma) { break }
        }
        _ = expectClosing(.rightParen, opener: open)
        return parameters
    }
}
