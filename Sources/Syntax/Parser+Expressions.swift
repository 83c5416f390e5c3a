import LatheCore

/// Binding power of the binary operators, lowest first. `not` sits between `and` and comparison.
enum Precedence: Int, Comparable {
    case pipe = 1, or, and, not, comparison, coalesce, range, additive, multiplicative
    /// Prefix `-` and the postfix forms; never returned by `infix`, it ends operand parsing.
    case unary

    static func < (lhs: Precedence, rhs: Precedence) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The precedence of `token` as an infix operator, or nil. An operator that begins a line
    /// continues the previous expression, except `-` (a line starting with `-` is a new statement).
    static func infix(_ token: Token) -> Precedence? {
        switch token.kind {
        case .pipe: return .pipe
        case .kwOr: return .or
        case .kwAnd: return .and
        case .equalEqual, .bangEqual, .less, .lessEqual, .greater, .greaterEqual: return .comparison
        case .questionQuestion: return .coalesce
        case .rangeHalfOpen: return .range
        case .plus: return .additive
        case .minus: return token.precededByNewline ? nil : .additive
        case .star, .slash, .percent, .slashSlash: return .multiplicative
        default: return nil
        }
    }

    var next: Precedence { Precedence(rawValue: rawValue + 1) ?? .unary }
}

extension Parser {
    // MARK: - Operators

    mutating func parseExpression() -> Expr {
        parseBinary(.pipe)
    }

    /// Precedence climbing: parses an expression whose operators bind at least as tightly as `minimum`.
    mutating func parseBinary(_ minimum: Precedence) -> Expr {
        guard enterNesting() else { return makeExpr(.invalid, span(from: previousEnd, to: previousEnd)) }
        defer { leaveNesting() }
        var left = parseUnary(minimum)
        // After a chaining error the whole expression stands as `.invalid`, so later phases
        // do not report the same mistake again in other words.
        var poisoned = false
        while let precedence = Precedence.infix(current), precedence >= minimum {
            let op = advance()
            if precedence == .not { break }  // unreachable: `not` is never infix
            // `??` groups to the right, as in Swift: `a ?? b ?? c` tries a, then b, then c.
            let right = parseBinary(precedence == .coalesce ? precedence : precedence.next)
            let merged = left.span.merged(with: right.span)
            switch op.kind {
            case .pipe:
                left = makePipe(left, right, span: merged)
            case .rangeHalfOpen:
                left = makeExpr(.range(start: left, end: right), merged)
                if Precedence.infix(current) == .range {
                    poisoned = true
                    report(SyntaxErrorCodes.chainedRange, "range operators cannot be chained", at: current.span,
                           hint: "a range is written 'start ..< end'")
                }
            default:
                guard let binary = Parser.binaryOperator(op.kind) else { break }
                left = makeExpr(.binary(binary, left, right), merged)
                if precedence == .comparison, Precedence.infix(current) == .comparison {
                    poisoned = true
                    report(SyntaxErrorCodes.chainedComparison, "comparison operators cannot be chained", at: current.span,
                           hint: "combine comparisons with 'and', as in 'a < b and b < c'")
                }
            }
        }
        return poisoned ? makeExpr(.invalid, left.span) : left
    }

    static func binaryOperator(_ kind: TokenKind) -> BinaryOperator? {
        switch kind {
        case .plus: return .add
        case .minus: return .subtract
        case .star: return .multiply
        case .slash: return .divide
        case .percent: return .remainder
        case .slashSlash: return .floorDivide
        case .questionQuestion: return .coalesce
        case .equalEqual: return .equal
        case .bangEqual: return .notEqual
        case .less: return .less
        case .lessEqual: return .lessEqual
        case .greater: return .greater
        case .greaterEqual: return .greaterEqual
        case .kwAnd: return .and
        case .kwOr: return .or
        default: return nil
        }
    }

    /// `x |> f(a)` becomes `f(x, a)` and `x |> f` becomes `f(x)`, both marked `piped`.
    mutating func makePipe(_ input: Expr, _ target: Expr, span: SourceSpan) -> Expr {
        let argument = Argument(label: nil, labelSpan: nil, value: input)
        switch target.kind {
        case .call(let callee, let arguments, piped: false):
            return makeExpr(.call(callee: callee, arguments: [argument] + arguments, piped: true), span)
        case .identifier, .field, .index, .lambda, .call, .invalid:
            break
        default:
            report(SyntaxErrorCodes.invalidPipeTarget, "right side of '|>' must be a function or a call", at: target.span,
                   hint: "write 'x |> f' or 'x |> f(a)', which mean 'f(x)' and 'f(x, a)'")
            return makeExpr(.invalid, span)
        }
        return makeExpr(.call(callee: target, arguments: [argument], piped: true), span)
    }

    /// Prefix `not` (binding looser than comparison) and `-` (binding tighter than `*`).
    mutating func parseUnary(_ minimum: Precedence) -> Expr {
        switch current.kind {
        case .kwNot:
            guard minimum <= .not else {
                errorAtCurrent(SyntaxErrorCodes.expectedExpression, expected: "expected expression",
                               hint: "'not' binds more loosely than this operator; write '(not …)'")
                return makeExpr(.invalid, span(from: current.span.start, to: current.span.start))
            }
            let op = advance()
            let operand = parseBinary(.not)
            return makeExpr(.unary(.not, operand), span(from: op.span.start, to: max(op.span.end, operand.span.end)))
        case .minus:
            let op = advance()
            guard enterNesting() else { return makeExpr(.invalid, op.span) }
            defer { leaveNesting() }
            let operand = parseUnary(.unary)
            return makeExpr(.unary(.negate, operand), span(from: op.span.start, to: max(op.span.end, operand.span.end)))
        default:
            return parsePower()
        }
    }

    /// `if c { a } else { b }` as a value; `else if` chains nest in the else branch.
    mutating func parseConditional() -> Expr {
        let keyword = advance()
        guard enterNesting() else { return makeExpr(.invalid, keyword.span) }
        defer { leaveNesting() }
        let condition = parseCondition(after: "if")
        let then = parseBranchValue("after if condition")
        guard !panicking else { return makeExpr(.invalid, span(from: keyword.span.start, to: previousEnd)) }
        guard check(.kwElse) else {
            report(SyntaxErrorCodes.conditionalWithoutElse, "an 'if' used as a value needs an 'else'",
                   at: span(from: keyword.span.start, to: previousEnd),
                   hint: "add 'else { … }' with the value when the condition is false")
            return makeExpr(.invalid, span(from: keyword.span.start, to: previousEnd))
        }
        advance()
        let otherwise = check(.kwIf) ? parseConditional() : parseBranchValue("after 'else'")
        return makeExpr(.conditional(condition: condition, then: then, otherwise: otherwise),
                        span(from: keyword.span.start, to: max(previousEnd, keyword.span.end)))
    }

    /// `{ expression }`: one branch of a conditional expression.
    mutating func parseBranchValue(_ context: String) -> Expr {
        guard check(.leftBrace) else {
            errorAtCurrent(SyntaxErrorCodes.expectedBlock, expected: "expected '{' \(context)")
            return makeExpr(.invalid, span(from: previousEnd, to: previousEnd))
        }
        let open = advance()
        if check(.rightBrace) || [.kwLet, .kwVar, .kwReturn, .kwFor, .kwWhile].contains(current.kind) {
            report(SyntaxErrorCodes.conditionalBranchNotExpression, "a branch of an 'if' used as a value holds one expression",
                   at: current.span, hint: check(.rightBrace)
                       ? "write the branch's value, e.g. 'if c { 1 } else { 2 }'"
                       : "for several statements, use an 'if' statement that assigns a 'var'")
            skipToClosingBrace()
            return makeExpr(.invalid, open.span)
        }
        let value = parseExpression()
        if !check(.rightBrace), !panicking {
            report(SyntaxErrorCodes.conditionalBranchNotExpression, "a branch of an 'if' used as a value holds one expression",
                   at: current.span, hint: "for several statements, use an 'if' statement that assigns a 'var'")
            skipToClosingBrace()
            return makeExpr(.invalid, value.span)
        }
        _ = expectClosing(.rightBrace, opener: open)
        return value
    }

    /// Skips to the `}` that closes the brace just opened (nested ones included) and past it.
    mutating func skipToClosingBrace() {
        var depth = 1
        while current.kind != .eof {
            if current.kind == .leftBrace { depth += 1 }
            if current.kind == .rightBrace {
                depth -= 1
                if depth == 0 { advance(); return }
            }
            advance()
        }
    }

    /// `base ** exponent`, binding tighter than prefix `-` on its left (`-2 ** 2` is -4, as in
    /// Python) and grouping to the right (`2 ** 3 ** 2` is 2 ** 9); the exponent may be negated.
    mutating func parsePower() -> Expr {
        let base = parsePostfix()
        guard current.kind == .starStar, !panicking else { return base }
        advance()
        guard enterNesting() else { return makeExpr(.invalid, base.span) }
        defer { leaveNesting() }
        let exponent = parseUnary(.unary)
        return makeExpr(.binary(.power, base, exponent), base.span.merged(with: exponent.span))
    }

    // MARK: - Postfix

    /// Calls `f(…)` and indexing `a[…]` (opening on the callee's line), and fields `a.b` (any line).
    mutating func parsePostfix() -> Expr {
        var expression = parsePrimary()
        while !panicking {
            switch current.kind {
            case .leftParen where !current.precededByNewline:
                expression = parseCall(expression)
            case .leftBracket where !current.precededByNewline:
                let open = advance()
                let index = parseExpression()
                let end = expectClosing(.rightBracket, opener: open)
                expression = makeExpr(.index(expression, index), span(from: expression.span.start, to: end))
            case .dot:
                advance()
                guard check(.identifier) || current.kind.isKeyword else {
                    errorAtCurrent(SyntaxErrorCodes.expectedToken, expected: "expected field name after '.'")
                    return makeExpr(.invalid, span(from: expression.span.start, to: previousEnd))
                }
                let name = advance()
                expression = makeExpr(.field(expression, name: name.text, nameSpan: name.span),
                                      span(from: expression.span.start, to: name.span.end))
            default:
                return expression
            }
        }
        return expression
    }

    /// Whether the current token is `label:` (an identifier or keyword followed by a colon).
    var atLabel: Bool {
        (check(.identifier) || current.kind.isKeyword) && peek(1).kind == .colon
    }

    /// `callee(positional…, name: value…)`.
    mutating func parseCall(_ callee: Expr) -> Expr {
        let open = advance()
        var arguments: [Argument] = []
        var firstNamed: Token?
        var misordered = false
        while !check(.rightParen) {
            if atLabel {
                let label = advance()
                advance()
                let value = parseExpression()
                if firstNamed == nil { firstNamed = label }
                arguments.append(Argument(label: label.text, labelSpan: label.span, value: value))
            } else {
                let value = parseExpression()
                if let firstNamed {
                    misordered = true
                    report(SyntaxErrorCodes.positionalAfterNamed, "positional argument after named argument", at: value.span,
                           hint: "pass positional arguments first, then named ones",
                           notes: [Diagnostic.Note(message: "named argument '\(firstNamed.text)' here",
                                                   span: firstNamed.span)])
                }
                arguments.append(Argument(label: nil, labelSpan: nil, value: value))
            }
            if panicking || !match(.comma) { break }
        }
        let end = expectClosing(.rightParen, opener: open)
        if misordered {
            // The arguments cannot be matched to parameters; skip the arity check downstream.
            return makeExpr(.invalid, span(from: callee.span.start, to: end))
        }
        return makeExpr(.call(callee: callee, arguments: arguments, piped: false),
                        span(from: callee.span.start, to: end))
    }

    // MARK: - Primary

    mutating func parsePrimary() -> Expr {
        let token = current
        switch token.kind {
        case .number:
            advance()
            return makeExpr(.number(token.number), token.span)
        case .string:
            advance()
            return makeExpr(.string(parseStringParts(token)), token.span)
        case .kwTrue:
            advance()
            return makeExpr(.bool(true), token.span)
        case .kwFalse:
            advance()
            return makeExpr(.bool(false), token.span)
        case .kwNull:
            advance()
            return makeExpr(.null, token.span)
        case .identifier:
            advance()
            return makeExpr(.identifier(token.text), token.span)
        case .kwIf:
            return parseConditional()
        case .leftParen:
            advance()
            var inner = parseExpression()
            if check(.comma) && !panicking {
                errorAtCurrent(SyntaxErrorCodes.unclosedDelimiter,
                               expected: "expected ')' (to close '(' at line \(line(of: token)))",
                               hint: "a list is written [a, b]",
                               notes: [Diagnostic.Note(message: "'(' opened here", span: token.span)])
            }
            let end = expectClosing(.rightParen, opener: token)
            // The parenthesized expression keeps its node but covers the parentheses.
            inner.span = span(from: token.span.start, to: end)
            return inner
        case .leftBracket:
            return parseList()
        case .leftBrace:
            return parseRecord()
        case .kwFn:
            return parseLambda()
        case .invalid:
            // Already reported by the lexer.
            advance()
            return makeExpr(.invalid, token.span)
        case .dot where peek(1).kind == .number && peek(1).span.start == token.span.end:
            errorAtCurrent(SyntaxErrorCodes.expectedExpression, expected: "expected expression",
                           hint: "write a leading zero, as in '0\(peek(1).text.isEmpty ? ".5" : "." + peek(1).text)'")
            return makeExpr(.invalid, span(from: token.span.start, to: token.span.start))
        default:
            errorAtCurrent(SyntaxErrorCodes.expectedExpression, expected: "expected expression")
            return makeExpr(.invalid, span(from: token.span.start, to: token.span.start))
        }
    }

    /// `[a, b, …]` with an optional trailing comma.
    mutating func parseList() -> Expr {
        let open = advance()
        var elements: [Expr] = []
        while !check(.rightBracket) {
            elements.append(parseExpression())
            if panicking || !match(.comma) { break }
        }
        let end = expectClosing(.rightBracket, opener: open)
        return makeExpr(.list(elements), span(from: open.span.start, to: end))
    }

    /// `{name: value, "quoted name": value, …}` with an optional trailing comma.
    mutating func parseRecord() -> Expr {
        let open = advance()
        var fields: [RecordField] = []
        var seen: [String: SourceSpan] = [:]
        while !check(.rightBrace) {
            let key = current
            var name: String
            if check(.identifier) || key.kind.isKeyword {
                name = key.text
            } else if check(.string) {
                name = ""
                for segment in key.segments {
                    if case .text(let text) = segment {
                        name += text
                    } else {
                        report(SyntaxErrorCodes.invalidFieldName, "record field names cannot use interpolation", at: key.span)
                    }
                }
            } else {
                errorAtCurrent(SyntaxErrorCodes.expectedToken, expected: "expected field name in record")
                break
            }
            advance()
            guard match(.colon) else {
                errorAtCurrent(SyntaxErrorCodes.expectedToken, expected: "expected ':' after field name '\(name)'",
                               hint: "record fields are written {name: value}")
                break
            }
            let value = parseExpression()
            if let first = seen[name] {
                report(SyntaxErrorCodes.duplicateField, "duplicate field '\(name)' in record", at: key.span,
                       notes: [Diagnostic.Note(message: "'\(name)' first defined here", span: first)])
            } else {
                seen[name] = key.span
            }
            fields.append(RecordField(name: name, nameSpan: key.span, value: value))
            if panicking || !match(.comma) { break }
        }
        let end = expectClosing(.rightBrace, opener: open)
        return makeExpr(.record(fields), span(from: open.span.start, to: end))
    }

    /// `fn(params) => expr` or `fn(params) { body }`.
    mutating func parseLambda() -> Expr {
        let keyword = advance()
        guard check(.leftParen) else {
            errorAtCurrent(SyntaxErrorCodes.expectedToken, expected: "expected '(' after 'fn'",
                           hint: check(.identifier) ? "a named function is a statement; a lambda is written fn(x) => x * 2" : nil)
            return makeExpr(.invalid, keyword.span)
        }
        let parameters = parseParameterList(after: "'fn'")
        let body: Block
        if check(.fatArrow) {
            advance()
            let value = parseExpression()
            body = Block(statements: [Stmt(.returnValue(value), span: value.span)], span: value.span)
        } else if check(.leftBrace) {
            body = parseBlock("")
        } else {
            errorAtCurrent(SyntaxErrorCodes.expectedToken, expected: "expected '=>' or '{' after lambda parameters")
            body = Block(statements: [], span: span(from: previousEnd, to: previousEnd))
        }
        let lambdaSpan = span(from: keyword.span.start, to: max(body.span.end, previousEnd))
        let declaration = FunctionDecl(name: nil, parameters: parameters, body: body, id: makeID(), span: lambdaSpan)
        return makeExpr(.lambda(declaration), lambdaSpan)
    }

    // MARK: - Strings

    /// Turns a string token's segments into parts, lexing and parsing each interpolation.
    mutating func parseStringParts(_ token: Token) -> [StringPart] {
        var parts: [StringPart] = []
        for segment in token.segments {
            switch segment {
            case .text(let text):
                if text.isEmpty { continue }
                if case .text(let previous)? = parts.last {
                    parts[parts.count - 1] = .text(previous + text)
                } else {
                    parts.append(.text(text))
                }
            case .interpolation(let inner):
                parts.append(.expression(parseInterpolation(inner)))
            }
        }
        return parts
    }

    /// Parses the source of one `${…}` as a single expression, with its own tokens.
    mutating func parseInterpolation(_ inner: SourceSpan) -> Expr {
        var lexer = Lexer(file: file, range: Int(inner.start)..<Int(inner.end))
        let (innerTokens, innerDiagnostics) = lexer.tokenize()
        diagnostics.append(contentsOf: innerDiagnostics)
        let savedTokens = tokens, savedPosition = position, savedPanicking = panicking
        tokens = innerTokens.isEmpty
            ? [Token(kind: .eof, span: SourceSpan(file: file.id, start: Int(inner.end), end: Int(inner.end)),
                     precededByNewline: false)]
            : innerTokens
        position = 0
        panicking = false
        interpolationDepth += 1
        defer { interpolationDepth -= 1 }
        let expression = parseExpression()
        if !check(.eof) {
            errorAtCurrent(SyntaxErrorCodes.interpolationTrailing, expected: "expected '}' to end interpolation",
                           hint: "an interpolation holds a single expression")
        }
        tokens = savedTokens
        position = savedPosition
        panicking = savedPanicking
        return expression
    }
}
