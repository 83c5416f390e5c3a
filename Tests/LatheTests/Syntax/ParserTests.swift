import Testing
import Syntax

private struct ParsedSource {
    var program: SourceProgram
    var diagnostics: [Diagnostic]
    var file: SourceFile
    var nextID: NodeID

    var messages: [String] { diagnostics.map(\.message) }
    var statements: [Stmt] { program.statements }

    /// The single expression statement's expression.
    var expression: Expr? {
        guard statements.count == 1, case .expression(let expr) = statements[0].kind else { return nil }
        return expr
    }
}

private func parseSource(_ text: String, firstNodeID: NodeID = 0) -> ParsedSource {
    let file = SourceFile(id: 3, path: "test.mlx", text: text)
    let result = Parser.parse(file: file, firstNodeID: firstNodeID)
    return ParsedSource(program: result.program, diagnostics: result.diagnostics, file: file, nextID: result.nextNodeID)
}

/// A compact rendering of an expression tree for precedence tests.
private func treeText(_ expr: Expr) -> String {
    switch expr.kind {
    case .null: return "null"
    case .bool(let value): return "\(value)"
    case .number(let value):
        return value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    case .string(let parts):
        return "\"" + parts.map { part -> String in
            switch part {
            case .text(let text): return text
            case .expression(let inner): return "${" + treeText(inner) + "}"
            }
        }.joined() + "\""
    case .identifier(let name): return name
    case .list(let elements): return "[" + elements.map(treeText).joined(separator: " ") + "]"
    case .record(let fields): return "{" + fields.map { "\($0.name): \(treeText($0.value))" }.joined(separator: " ") + "}"
    case .range(let start, let end): return "(..< \(treeText(start)) \(treeText(end)))"
    case .unary(let op, let operand): return "(\(op.rawValue) \(treeText(operand)))"
    case .binary(let op, let left, let right): return "(\(op.rawValue) \(treeText(left)) \(treeText(right)))"
    case .call(let callee, let arguments, let piped):
        let args = arguments.map { ($0.label.map { "\($0): " } ?? "") + treeText($0.value) }
        return "(\(piped ? "pipe " : "call ")\(treeText(callee))" + args.map { " " + $0 }.joined() + ")"
    case .field(let object, let name, _): return "(. \(treeText(object)) \(name))"
    case .index(let object, let index): return "(index \(treeText(object)) \(treeText(index)))"
    case .lambda(let function):
        return "(fn \(function.parameters.map(\.name.name).joined(separator: " ")))"
    case .conditional(let condition, let then, let otherwise):
        return "(if \(treeText(condition)) \(treeText(then)) \(treeText(otherwise)))"
    case .invalid: return "<invalid>"
    }
}

private func parsedTree(_ text: String) -> String {
    let parsed = parseSource(text)
    #expect(parsed.diagnostics.isEmpty, "\(text): \(parsed.messages)")
    guard let expression = parsed.expression else {
        Issue.record("\(text) did not parse to one expression statement")
        return ""
    }
    return treeText(expression)
}

/// Visits every expression in a program, depth first.
private func visitExpressions(_ statements: [Stmt], _ visit: (Expr) -> Void) {
    func walkBlock(_ block: Block) { visitExpressions(block.statements, visit) }
    func walk(_ e: Expr) {
        visit(e)
        switch e.kind {
        case .string(let parts):
            for case .expression(let inner) in parts { walk(inner) }
        case .list(let elements): elements.forEach(walk)
        case .record(let fields): fields.forEach { walk($0.value) }
        case .range(let a, let b), .binary(_, let a, let b), .index(let a, let b): walk(a); walk(b)
        case .unary(_, let a), .field(let a, _, _): walk(a)
        case .conditional(let c, let a, let b): walk(c); walk(a); walk(b)
        case .call(let callee, let arguments, _): walk(callee); arguments.forEach { walk($0.value) }
        case .lambda(let function):
            function.parameters.forEach { if let d = $0.defaultValue { walk(d) } }
            walkBlock(function.body)
        default: break
        }
    }
    for statement in statements {
        switch statement.kind {
        case .binding(_, _, let value): walk(value)
        case .assign(let target, _, let value): walk(target); walk(value)
        case .function(let function):
            function.parameters.forEach { if let d = $0.defaultValue { walk(d) } }
            walkBlock(function.body)
        case .expression(let e): walk(e)
        case .ifElse(let branches, let elseBlock):
            for branch in branches { walk(branch.condition); walkBlock(branch.body) }
            if let elseBlock { walkBlock(elseBlock) }
        case .whileLoop(let condition, let body): walk(condition); walkBlock(body)
        case .forLoop(_, let iterable, let body): walk(iterable); walkBlock(body)
        case .returnValue(let value): if let value { walk(value) }
        default: break
        }
    }
}

/// The parser's nesting limit (`Parser.maxDepth`, internal).
private let syntaxNestingLimit = 200

@Suite("Parser")
struct ParserTests {
    // MARK: Precedence and associativity

    @Test(arguments: [
        ("1 + 2 * 3", "(+ 1 (* 2 3))"),
        ("1 * 2 + 3", "(+ (* 1 2) 3)"),
        ("1 - 2 - 3", "(- (- 1 2) 3)"),
        ("8 / 4 % 3", "(% (/ 8 4) 3)"),
        ("7 // 2 * 3", "(* (// 7 2) 3)"),
        ("-2 ** 2", "(- (** 2 2))"),
        ("2 ** 3 ** 2", "(** 2 (** 3 2))"),
        ("2 ** -x.y", "(** 2 (- (. x y)))"),
        ("a * b ** c", "(* a (** b c))"),
        ("a ?? b ?? c", "(?? a (?? b c))"),
        ("a ?? b + 1 == c", "(== (?? a (+ b 1)) c)"),
        ("a ?? b or c", "(or (?? a b) c)"),
        ("(if a { 1 } else if b { 2 } else { 3 })", "(if a 1 (if b 2 3))"),
        ("f(if a { x + 1 } else { y })", "(call f (if a (+ x 1) y))"),
        ("-a * b", "(* (- a) b)"),
        ("- - a", "(- (- a))"),
        ("-a.b", "(- (. a b))"),
        ("a + b < c * d", "(< (+ a b) (* c d))"),
        ("a == b and c != d or e", "(or (and (== a b) (!= c d)) e)"),
        ("a or b and c", "(or a (and b c))"),
        ("not a == b", "(not (== a b))"),
        ("not a and b", "(and (not a) b)"),
        ("a and not b or c", "(or (and a (not b)) c)"),
        ("not not a", "(not (not a))"),
        ("a == (not b)", "(== a (not b))"),
        ("0 ..< n + 1", "(..< 0 (+ n 1))"),
        ("a ..< b == c", "(== (..< a b) c)"),
        ("(1 + 2) * 3", "(* (+ 1 2) 3)"),
        ("a.b.c(1)[2]", "(index (call (. (. a b) c) 1) 2)"),
        ("f(x)(y)", "(call (call f x) y)"),
        ("x |> f", "(pipe f x)"),
        ("x |> f(a, k: 2)", "(pipe f x a k: 2)"),
        ("x |> f(a) |> g", "(pipe g (pipe f x a))"),
        ("a or b |> f", "(pipe f (or a b))"),
        ("xs |> map(fn(x) => x * 2)", "(pipe map xs (fn x))"),
        ("x |> m.f(1)", "(pipe (. m f) x 1)"),
        ("[1, 2, 3,]", "[1 2 3]"),
        ("[]", "[]"),
        ("{}", "{}"),
        ("{a: 1, \"b c\": 2,}", "{a: 1 b c: 2}"),
        ("true or false and null", "(or true (and false null))"),
        ("f(1, 2, scale: 3)", "(call f 1 2 scale: 3)"),
        ("f()", "(call f)"),
        ("ds[ds.age > 30]", "(index ds (> (. ds age) 30))"),
        ("m.in", "(. m in)"),
        ("f(in: 1)", "(call f in: 1)"),
    ])
    func precedence(_ source: String, _ expected: String) {
        #expect(parsedTree(source) == expected, "\(source)")
    }

    @Test func lineContinuation() {
        #expect(parsedTree("xs\n  |> f\n  |> g(1)") == "(pipe g (pipe f xs) 1)")
        #expect(parsedTree("a\n  and b\n  or c") == "(or (and a b) c)")
        #expect(parsedTree("a\n  + b\n  * c") == "(+ a (* b c))")
        #expect(parsedTree("a\n  .b\n  .c") == "(. (. a b) c)")
        #expect(parsedTree("a\n  == b") == "(== a b)")
        #expect(parsedTree("f(\n  1,\n  2,\n)") == "(call f 1 2)")
        #expect(parsedTree("[\n  1,\n  2\n]") == "[1 2]")
        #expect(parsedTree("{\n  a: 1,\n  b: 2\n}") == "{a: 1 b: 2}")
    }

    @Test func minusAtLineStartIsANewStatement() {
        let parsed = parseSource("a\n-b")
        #expect(parsed.diagnostics.isEmpty)
        #expect(parsed.statements.count == 2)
    }

    @Test func callAndIndexMustOpenOnTheSameLine() {
        let parsed = parseSource("f\n(1)\nxs\n[0]")
        #expect(parsed.diagnostics.isEmpty)
        #expect(parsed.statements.count == 4)
    }

    // MARK: Strings

    @Test func interpolatedStrings() {
        #expect(parsedTree(#""accuracy ${r.accuracy}!""#) == #""accuracy ${(. r accuracy)}!""#)
        #expect(parsedTree(#""${a}${b |> f}""#) == #""${a}${(pipe f b)}""#)
        #expect(parsedTree(#""outer ${"inner ${x + 1}"}""#) == #""outer ${"inner ${(+ x 1)}"}""#)
        #expect(parsedTree(#""price \$${p}""#) == #""price $${p}""#)
        guard let e = parseSource(#""""#).expression, case .string(let parts) = e.kind else {
            Issue.record("expected a string")
            return
        }
        #expect(parts.isEmpty)
    }

    @Test func interpolationSpansAreAbsolute() {
        let parsed = parseSource(#"let s = "n = ${count + 1}""#)
        var found = false
        visitExpressions(parsed.statements) { e in
            if case .binary = e.kind {
                #expect(parsed.file.text(of: e.span) == "count + 1")
                found = true
            }
        }
        #expect(found)
    }

    @Test func interpolationErrors() {
        #expect(parseSource(#""${a b}""#).messages == ["expected '}' to end interpolation, found identifier"])
        #expect(parseSource(#""${)}""#).messages == ["expected expression, found ')'"])
    }

    // MARK: Statements

    @Test func bindings() {
        let parsed = parseSource("let a = 1\nvar b = 2; param c = \"x\"")
        #expect(parsed.diagnostics.isEmpty)
        var kinds: [BindingKind] = []
        for statement in parsed.statements {
            guard case .binding(let kind, let name, _) = statement.kind else { continue }
            kinds.append(kind)
            #expect(parsed.file.text(of: name.span) == name.name)
        }
        #expect(kinds == [.constant, .variable, .parameter])
        #expect(parsed.file.text(of: parsed.statements[2].span) == "param c = \"x\"")
    }

    @Test func assignments() {
        let parsed = parseSource("x = 1\na.b += 2\nxs[0] -= 3\ny *= 4\nz /= 5")
        #expect(parsed.diagnostics.isEmpty)
        var ops: [AssignOperator] = []
        for statement in parsed.statements {
            if case .assign(_, let op, _) = statement.kind { ops.append(op) }
        }
        #expect(ops == [.assign, .add, .subtract, .multiply, .divide])
        #expect(parsed.file.text(of: parsed.statements[1].span) == "a.b += 2")
    }

    @Test func invalidAssignmentTarget() {
        let parsed = parseSource("f(x) = 1\na + b = 2")
        #expect(parsed.messages == ["cannot assign to this expression", "cannot assign to this expression"])
        #expect(parsed.diagnostics.first?.code == "E0013")
        #expect(parsed.file.text(of: parsed.diagnostics[0].span) == "f(x)")
    }

    @Test func functionDeclaration() {
        let source = "fn scale(x, by: 2, offset: 0) {\n  return x * by + offset\n}"
        let parsed = parseSource(source)
        #expect(parsed.diagnostics.isEmpty)
        guard case .function(let function) = parsed.statements.first?.kind else {
            Issue.record("expected a function")
            return
        }
        #expect(function.name?.name == "scale")
        #expect(function.parameters.map(\.name.name) == ["x", "by", "offset"])
        #expect(function.parameters.map { $0.defaultValue == nil } == [true, false, false])
        #expect(parsed.file.text(of: function.span) == source)
        #expect(parsed.file.text(of: parsed.statements[0].span) == source)
        #expect(function.body.statements.count == 1)
    }

    @Test func requiredParameterAfterDefault() {
        let parsed = parseSource("fn f(a: 1, b) { }")
        #expect(parsed.messages == ["required parameter 'b' must come before parameters with defaults"])
        #expect(parsed.diagnostics.first?.code == "E0017")
    }

    @Test func returnWithAndWithoutValue() {
        let parsed = parseSource("fn f() {\n  return\n}\nfn g() { return }\nfn h() { return 1 }\nfn k() {\n  return\n  x\n}")
        #expect(parsed.diagnostics.isEmpty)
        var values: [Bool] = []
        for statement in parsed.statements {
            guard case .function(let function) = statement.kind,
                  case .returnValue(let value)? = function.body.statements.first?.kind else { continue }
            values.append(value != nil)
        }
        #expect(values == [false, false, true, false])
    }

    @Test func ifElseChains() {
        let source = "if a { 1 } else if b { 2 }\nelse if c { 3 }\nelse {\n 4\n}"
        let parsed = parseSource(source)
        #expect(parsed.diagnostics.isEmpty)
        guard case .ifElse(let branches, let elseBlock) = parsed.statements.first?.kind else {
            Issue.record("expected if")
            return
        }
        #expect(branches.count == 3)
        #expect(elseBlock != nil)
        #expect(parsed.statements.count == 1)
        #expect(parsed.file.text(of: parsed.statements[0].span) == source)
    }

    @Test func loops() {
        let parsed = parseSource("for x in 0..<10 { if x > 5 { break }\n continue }\nwhile true { }")
        #expect(parsed.diagnostics.isEmpty)
        guard case .forLoop(let variable, let iterable, let body) = parsed.statements.first?.kind else {
            Issue.record("expected for")
            return
        }
        #expect(variable.name == "x")
        #expect(treeText(iterable) == "(..< 0 10)")
        #expect(body.statements.count == 2)
        guard case .whileLoop = parsed.statements.last?.kind else {
            Issue.record("expected while")
            return
        }
    }

    @Test func imports() {
        let parsed = parseSource(#"import "std/prep" as prep"#)
        #expect(parsed.diagnostics.isEmpty)
        guard case .importModule(let path, let pathSpan, let alias) = parsed.statements.first?.kind else {
            Issue.record("expected import")
            return
        }
        #expect(path == "std/prep")
        #expect(parsed.file.text(of: pathSpan) == "\"std/prep\"")
        #expect(alias.name == "prep")
        #expect(parseSource(#"import "${x}" as m"#).messages == ["import path must be a plain string without interpolation"])
        #expect(parseSource("import prep").messages == ["expected a string path after 'import', found identifier"])
        #expect(parseSource(#"import "a" prep"#).messages == ["expected 'as' after import path, found identifier"])
    }

    @Test func lambdas() {
        let parsed = parseSource("let f = fn(x, k: 2) => x * k\nlet g = fn() {\n  return 1\n}")
        #expect(parsed.diagnostics.isEmpty)
        for (index, statement) in parsed.statements.enumerated() {
            guard case .binding(_, _, let value) = statement.kind, case .lambda(let function) = value.kind else {
                Issue.record("expected lambda")
                continue
            }
            #expect(function.name == nil)
            guard case .returnValue(let returned)? = function.body.statements.first?.kind else {
                Issue.record("expected return")
                continue
            }
            if index == 0 {
                #expect(parsed.file.text(of: value.span) == "fn(x, k: 2) => x * k")
                #expect(function.parameters.count == 2)
                #expect(returned.map(treeText) == "(* x k)")
            } else {
                #expect(parsed.file.text(of: value.span) == "fn() {\n  return 1\n}")
            }
        }
        // A lambda as an expression statement.
        #expect(parseSource("fn(x) => x").diagnostics.isEmpty)
    }

    // MARK: Spans and ids

    @Test func spansCoverTheSource() {
        let parsed = parseSource("let y = (a + b) * f(c, d: 1).e[2] |> g(3)\nprint(\"${x}\")")
        #expect(parsed.diagnostics.isEmpty)
        var texts: [String] = []
        visitExpressions(parsed.statements) { texts.append(parsed.file.text(of: $0.span)) }
        #expect(texts.contains("(a + b) * f(c, d: 1).e[2] |> g(3)"))
        #expect(texts.contains("(a + b) * f(c, d: 1).e[2]"))
        #expect(texts.contains("(a + b)"))
        #expect(texts.contains("f(c, d: 1).e[2]"))
        #expect(texts.contains("f(c, d: 1).e"))
        #expect(texts.contains("f(c, d: 1)"))
        #expect(texts.contains("print(\"${x}\")"))
        #expect(texts.contains("\"${x}\""))
        #expect(parsed.file.text(of: parsed.statements[0].span) == "let y = (a + b) * f(c, d: 1).e[2] |> g(3)")
    }

    @Test func nodeIDsAreUniqueAndContinue() {
        let parsed = parseSource("fn f(a, b: 1) { let c = a + b\n return fn(x) => x }\nfor i in f(1) { print(\"${i}\") }",
                           firstNodeID: 100)
        #expect(parsed.diagnostics.isEmpty)
        var ids: [NodeID] = []
        visitExpressions(parsed.statements) { ids.append($0.id) }
        for statement in parsed.statements {
            if case .function(let function) = statement.kind {
                ids.append(function.id)
                if let name = function.name { ids.append(name.id) }
                ids.append(contentsOf: function.parameters.map(\.name.id))
            }
            if case .forLoop(let variable, _, _) = statement.kind { ids.append(variable.id) }
        }
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { $0 >= 100 && $0 < parsed.nextID })
        let again = parseSource("x", firstNodeID: parsed.nextID)
        #expect(again.expression?.id == parsed.nextID)
        #expect(again.nextID == parsed.nextID + 1)
    }

    @Test func designExampleParses() {
        let source = """
        # comments start with #
        import "std/prep" as prep              # stdlib/prep.mlx, written in Lathe
        import "./lib/features.mlx" as feat    # relative to the importing file

        let iris = dataset("examples/data/iris.csv", target: "species")
        print(iris.shape)                      # [150, 5]
        iris                                   # REPL / cell: shows schema and head as a table

        let parts = split(iris, test: 0.2, seed: 42, stratify: true)
        let m = train(logistic(C: 1.0), parts.train, prep: [standardize()])
        let r = evaluate(m, parts.test)
        print("accuracy ${r.accuracy}")
        print(r)                               # every metric plus the confusion matrix

        let v = register(m, "iris", metrics: r)    # version 1, 2, … with lineage
        alias("iris", v.version, "production")
        let prod = model("iris@production")        # or model("iris:3")

        let live = dataset("examples/data/iris_live.csv")
        let d = monitor(prod, live)                # reference = the model's training data
        if d.drifted {
          for f in d.features { if f.drifted { print("${f.name}: ${f.method} ${f.score}") } }
        }
        """
        let parsed = parseSource(source)
        #expect(parsed.diagnostics.isEmpty, "\(parsed.messages)")
        #expect(parsed.statements.count == 16)
    }

    // MARK: Errors

    @Test func unclosedParenNamesTheOpener() {
        let parsed = parseSource("let x = f(1, 2\nlet y = 3")
        #expect(parsed.messages == ["expected ')' (to close '(' at line 1), found 'let'"])
        #expect(parsed.diagnostics.first?.code == "E0011")
        #expect(parsed.diagnostics.first?.notes.first?.message == "'(' opened here")
        #expect(parsed.statements.count == 2)
    }

    @Test func unclosedBlockAtEndOfFile() {
        let parsed = parseSource("fn f() {\n  let x = 1\n")
        #expect(parsed.messages == ["expected '}' (to close '{' at line 1), found end of file"])
    }

    @Test func messagesNameTheTokens() {
        #expect(parseSource("let x = }").messages == ["expected expression, found '}'"])
        #expect(parseSource("if x print(1)").messages == ["expected '{' after if condition, found identifier"])
        #expect(parseSource("let = 3").messages == ["expected name after 'let', found '='"])
        #expect(parseSource("let x 3").messages == ["expected '=' after 'x' in let binding, found number"])
        #expect(parseSource("a b").messages == ["expected newline or ';' after statement, found identifier"])
        #expect(parseSource("x = (1 + 2]").messages == ["expected ')' (to close '(' at line 1), found ']'"])
        #expect(parseSource("else { }").messages == ["'else' without a matching 'if'"])
        #expect(parseSource(")").messages == ["unexpected ')' with no matching '('"])
        #expect(parseSource("}").messages == ["unexpected '}' with no matching '{'"])
        #expect(parseSource("for 1 in x { }").messages == ["expected loop variable name after 'for', found number"])
        #expect(parseSource("for x of y { }").messages == ["expected 'in' after loop variable 'x', found identifier"])
        #expect(parseSource("let x = .5").diagnostics.first?.hint == "write a leading zero, as in '0.5'")
        #expect(parseSource("f(a: 1, 2)").messages == ["positional argument after named argument"])
        #expect(parseSource("let r = {a: 1, b: 2, a: 3}").messages == ["duplicate field 'a' in record"])
        #expect(parseSource("let f = fn(x) x").messages == ["expected '=>' or '{' after lambda parameters, found identifier"])
        #expect(parseSource("x |> 3").messages == ["right side of '|>' must be a function or a call"])
        #expect(parseSource("if x = 1 { }").diagnostics.first?.hint == "to compare values, use '=='")
        #expect(parseSource("if { }").messages == ["expected condition after 'if', found '{'"])
        #expect(parseSource("while {\n}").messages == ["expected condition after 'while', found '{'"])
        #expect(parseSource(#"let s = "${x +}""#).messages == ["expected expression, found '}'"])
        #expect(parseSource("let p = (1, 2)").diagnostics.first?.hint == "a list is written [a, b]")
        #expect(parseSource("if x > 1\n  print(x)\n}").messages == ["expected '{' after if condition, found end of line"])
        #expect(parseSource("a == not b").messages == ["expected expression, found 'not'"])
        #expect(parseSource("-not b").messages == ["expected expression, found 'not'"])
    }

    @Test func chainedComparisons() {
        let parsed = parseSource("let ok = a < b < c")
        #expect(parsed.messages == ["comparison operators cannot be chained"])
        #expect(parsed.diagnostics.first?.hint?.contains("and") == true)
        #expect(parseSource("a == b != c").messages == ["comparison operators cannot be chained"])
        #expect(parseSource("0 ..< 1 ..< 2").messages == ["range operators cannot be chained"])
        #expect(parseSource("a < b and b < c").diagnostics.isEmpty)
    }

    @Test func recoveryReportsSeveralErrors() {
        let source = """
        let a = (1 +
        let b = 2
        let c = * 3
        fn f(x {
          let d = 4 4
          return d
        }
        let e = [1, 2
        print(e)
        """
        let parsed = parseSource(source)
        #expect(parsed.diagnostics.count >= 4, "\(parsed.messages)")
        let lines = parsed.diagnostics.map { parsed.file.location(of: Int($0.span.start)).line }
        #expect(lines == lines.sorted())
        #expect(Set(lines).count == lines.count, "one error per line: \(parsed.messages)")
        // The good statements survive.
        let names = parsed.statements.compactMap { statement -> String? in
            if case .binding(_, let name, _) = statement.kind { return name.name }
            if case .function(let function) = statement.kind { return function.name?.name }
            return nil
        }
        #expect(names.contains("b"))
        #expect(names.contains("f"))
    }

    @Test func noCascadeAfterLexerError() {
        #expect(parseSource("let x = 1 @").messages == ["unexpected character '@'"])
        #expect(parseSource("let s = \"abc\nlet t = 1").messages == ["unterminated string"])
        #expect(parseSource("let x = @ + 1").messages == ["unexpected character '@'"])
    }

    @Test func deepNestingIsReportedNotCrashed() {
        let deep = String(repeating: "(", count: 5_000) + "1" + String(repeating: ")", count: 5_000)
        let parsed = parseSource("let x = \(deep)\nlet y = 2")
        #expect(parsed.messages == ["expression nested too deeply"])
        #expect(parsed.statements.count == 2)
        let fine = String(repeating: "(", count: 150) + "1" + String(repeating: ")", count: 150)
        #expect(parseSource(fine).diagnostics.isEmpty)
        let blocks = String(repeating: "if x {\n", count: 400) + String(repeating: "}\n", count: 400)
        #expect(parseSource(blocks).messages == ["expression nested too deeply"])
        #expect(parseSource(String(repeating: "-", count: 10_000) + "x").messages == ["expression nested too deeply"])
        #expect(parseSource(String(repeating: "not ", count: 10_000) + "x").messages == ["expression nested too deeply"])
        // Exactly at the limit, in every nesting form, nothing overflows the stack.
        for (open, close) in [("(", ")"), ("[", "]"), ("{a: ", "}"), ("f(", ")"), ("fn() => ", ""),
                              ("\"${", "}\""), ("fn() { ", " }"), ("-", ""), ("not ", ""), ("x[", "]")] {
            for count in [syntaxNestingLimit - 1, syntaxNestingLimit, syntaxNestingLimit + 1] {
                let source = String(repeating: open, count: count) + "1" + String(repeating: close, count: count)
                let messages = parseSource(source).messages
                // Interpolations stop earlier, in the lexer (Lexer.maxInterpolationDepth).
                #expect(messages.isEmpty || messages == ["expression nested too deeply"]
                        || messages == ["string interpolations nested too deeply"], "\(open) \(count): \(messages)")
            }
        }
        let strings = String(repeating: "\"${", count: 1_000) + "1" + String(repeating: "}\"", count: 1_000)
        #expect(parseSource(strings).messages == ["string interpolations nested too deeply"])
    }

    @Test func diagnosticsHaveStableCodes() {
        let parsed = parseSource("let = \nx @ y\n\"\\q\" b\nf(a: 1, 2)")
        #expect(!parsed.diagnostics.isEmpty)
        for diagnostic in parsed.diagnostics {
            #expect(diagnostic.code.hasPrefix("E00") && diagnostic.code.count == 5)
            #expect(diagnostic.message.first?.isUppercase != true)
            #expect(diagnostic.message.last != ".")
        }
    }
}
