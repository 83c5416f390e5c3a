import LatheCore

/// The bound on how deep a syntax tree may be, in links of a chain.
///
/// The parser reads a chain such as `a + b + c + …`, `x |> f |> g`, `r.a.b.c` or `l[0][1]`
/// in a loop, but the tree it builds is as deep as the chain is long, and the checker,
/// lowering and freeing the tree recurse over it. Brackets are already limited to
/// `Parser.maxDepth` levels while parsing; chains are measured here, after parsing, by a walk
/// that keeps its own stack. An expression deeper than `maxTreeDepth` is reported and replaced
/// by `.invalid`, so no later pass sees it. The compiler runs every pass on a thread whose
/// stack holds a tree of this depth even in a debug build (`LargeStack` in Frontend).
extension Parser {
    /// Deepest tree accepted, counting one level per expression and statement: room for a
    /// generated chain of 100,000 links inside a few blocks.
    public static let maxTreeDepth = 150_000

    /// Replaces each expression that would make the tree deeper than `maxTreeDepth` with
    /// `.invalid`, reporting it where the chain gets too deep.
    mutating func limitTreeDepth(_ statements: inout [Stmt], depth: Int = 1) {
        for index in statements.indices {
            limitTreeDepth(&statements[index], depth: depth)
        }
    }

    /// Statements nest at most `maxDepth` blocks deep (the parser refuses more), so this
    /// recursion is shallow; expressions are measured without recursion.
    private mutating func limitTreeDepth(_ statement: inout Stmt, depth: Int) {
        let inner = depth + 1
        switch statement.kind {
        case .binding(let kind, let name, var value):
            limit(&value, depth: inner)
            statement.kind = .binding(kind: kind, name: name, value: value)
        case .assign(var target, let op, var value):
            limit(&target, depth: inner)
            limit(&value, depth: inner)
            statement.kind = .assign(target: target, op: op, value: value)
        case .function(var declaration):
            limitTreeDepth(&declaration, depth: inner)
            statement.kind = .function(declaration)
        case .expression(var value):
            limit(&value, depth: inner)
            statement.kind = .expression(value)
        case .ifElse(var branches, var elseBlock):
            for index in branches.indices {
                limit(&branches[index].condition, depth: inner)
                limitTreeDepth(&branches[index].body.statements, depth: inner + 1)
            }
            if elseBlock != nil { limitTreeDepth(&elseBlock!.statements, depth: inner + 1) }
            statement.kind = .ifElse(branches: branches, elseBlock: elseBlock)
        case .whileLoop(var condition, var body):
            limit(&condition, depth: inner)
            limitTreeDepth(&body.statements, depth: inner + 1)
            statement.kind = .whileLoop(condition: condition, body: body)
        case .forLoop(let variable, var iterable, var body):
            limit(&iterable, depth: inner)
            limitTreeDepth(&body.statements, depth: inner + 1)
            statement.kind = .forLoop(variable: variable, iterable: iterable, body: body)
        case .returnValue(var value?):
            limit(&value, depth: inner)
            statement.kind = .returnValue(value)
        case .tryCatch(var body, let name, var handler):
            limitTreeDepth(&body.statements, depth: inner + 1)
            limitTreeDepth(&handler.statements, depth: inner + 1)
            statement.kind = .tryCatch(body: body, name: name, handler: handler)
        case .returnValue(nil), .breakLoop, .continueLoop, .importModule:
            break
        }
    }

    private mutating func limitTreeDepth(_ declaration: inout FunctionDecl, depth: Int) {
        for index in declaration.parameters.indices {
            if declaration.parameters[index].defaultValue != nil {
                limit(&declaration.parameters[index].defaultValue!, depth: depth + 1)
            }
        }
        limitTreeDepth(&declaration.body.statements, depth: depth + 1)
    }

    /// Replaces `expression` with `.invalid` if, starting at `depth`, it reaches deeper than
    /// `maxTreeDepth`.
    private mutating func limit(_ expression: inout Expr, depth: Int) {
        guard let tooDeep = Parser.nodeBeyondLimit(in: expression, depth: depth) else { return }
        report(SyntaxErrorCodes.nestedTooDeeply, "expression nested too deeply",
               at: SourceSpan(file: tooDeep.file, start: Int(tooDeep.start), end: Int(tooDeep.start)),
               hint: "a chain of more than \(Parser.maxTreeDepth) operators, calls, fields or indexes is too deep; "
                   + "split it into parts with 'let'")
        refusedTrees.append(expression)
        expression = Expr(.invalid, span: expression.span, id: expression.id)
    }

    /// Frees the refused expressions node by node: each node's children are held on a work
    /// list before the node goes, so no free recurses into a child.
    mutating func freeRefusedTrees() {
        var stack = refusedTrees
        refusedTrees = []
        while let expression = stack.popLast() {
            switch expression.kind {
            case .null, .bool, .number, .identifier, .invalid, .lambda:
                break  // its statements are freed the ordinary way
            case .string(let parts):
                for case .expression(let part) in parts { stack.append(part) }
            case .list(let elements):
                stack += elements
            case .record(let fields):
                stack += fields.map(\.value)
            case .range(let start, let end), .binary(_, let start, let end), .index(let start, let end):
                stack.append(start)
                stack.append(end)
            case .unary(_, let operand), .field(let operand, _, _):
                stack.append(operand)
            case .conditional(let condition, let then, let otherwise):
                stack += [condition, then, otherwise]
            case .call(let callee, let arguments, _):
                stack.append(callee)
                stack += arguments.map(\.value)
            }
        }
    }

    /// One node still to measure: an expression or a statement, at its depth in the tree.
    private enum Pending {
        case expression(Expr, Int)
        case statement(Stmt, Int)
    }

    /// The span of the first node found deeper than `maxTreeDepth`, or nil. Walks with an
    /// explicit stack, so any depth is measured safely.
    static func nodeBeyondLimit(in root: Expr, depth: Int) -> SourceSpan? {
        var stack: [Pending] = [.expression(root, depth)]
        while let next = stack.popLast() {
            switch next {
            case .expression(let expression, let depth):
                if depth > maxTreeDepth { return expression.span }
                let inner = depth + 1
                func push(_ child: Expr) { stack.append(.expression(child, inner)) }
                switch expression.kind {
                case .null, .bool, .number, .identifier, .invalid:
                    break
                case .string(let parts):
                    for case .expression(let part) in parts { push(part) }
                case .list(let elements):
                    elements.forEach(push)
                case .record(let fields):
                    for field in fields { push(field.value) }
                case .range(let start, let end):
                    push(start)
                    push(end)
                case .unary(_, let operand):
                    push(operand)
                case .conditional(let condition, let then, let otherwise):
                    push(otherwise)
                    push(then)
                    push(condition)
                case .binary(_, let left, let right):
                    push(right)
                    push(left)
                case .call(let callee, let arguments, _):
                    for argument in arguments { push(argument.value) }
                    push(callee)
                case .field(let object, _, _):
                    push(object)
                case .index(let object, let index):
                    push(index)
                    push(object)
                case .lambda(let declaration):
                    for parameter in declaration.parameters {
                        if let value = parameter.defaultValue { push(value) }
                    }
                    for statement in declaration.body.statements { stack.append(.statement(statement, inner + 1)) }
                }
            case .statement(let statement, let depth):
                if depth > maxTreeDepth { return statement.span }
                let inner = depth + 1
                func push(_ child: Expr) { stack.append(.expression(child, inner)) }
                func push(_ block: Block) {
                    for statement in block.statements { stack.append(.statement(statement, inner + 1)) }
                }
                switch statement.kind {
                case .binding(_, _, let value), .expression(let value), .returnValue(let value?):
                    push(value)
                case .assign(let target, _, let value):
                    push(value)
                    push(target)
                case .function(let declaration):
                    for parameter in declaration.parameters {
                        if let value = parameter.defaultValue { push(value) }
                    }
                    push(declaration.body)
                case .ifElse(let branches, let elseBlock):
                    if let elseBlock { push(elseBlock) }
                    for branch in branches.reversed() {
                        push(branch.body)
                        push(branch.condition)
                    }
                case .whileLoop(let condition, let body):
                    push(body)
                    push(condition)
                case .forLoop(_, let iterable, let body):
                    push(body)
                    push(iterable)
                case .tryCatch(let body, _, let handler):
                    push(handler)
                    push(body)
                case .returnValue(nil), .breakLoop, .continueLoop, .importModule:
                    break
                }
            }
        }
        return nil
    }
}
