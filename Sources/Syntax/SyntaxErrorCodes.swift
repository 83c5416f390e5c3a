import LatheCore

/// The codes of every diagnostic the lexer and parser report: `E0001`–`E0099`.
/// Tests, documentation and `lathe explain` refer to these; never renumber one.
public enum SyntaxErrorCodes: ErrorCatalogue {
    public static let layer = "syntax"

    // MARK: Lexer

    /// `unexpected character '@'`
    public static let unexpectedCharacter = ErrorCode(
        "E0001", "unexpected character",
        explanation: """
            The source contains a character that cannot start any token. Lathe writes 'and', 'or' \
            and 'not' as words, '!=' only as a pair, and strings only in double quotes. Remove the \
            character or replace it with what the hint suggests.
            """,
        example: "let ok = true && false")

    /// `invalid UTF-8 in source`
    public static let invalidUTF8 = ErrorCode(
        "E0002", "invalid UTF-8 in source",
        explanation: """
            The file has bytes that are not valid UTF-8 outside a string. Lathe reads source files \
            as UTF-8 only. Re-save the file as UTF-8 in your editor.
            """,
        example: "let x = \u{FFFD}  # a byte such as 0xFF in the file")

    /// `unterminated string`
    public static let unterminatedString = ErrorCode(
        "E0003", "unterminated string",
        explanation: """
            A string literal starts with '"' but the line ends before its closing quote. Strings \
            cannot span lines; add the closing '"', or write a line break inside the string as '\\n'.
            """,
        example: "let s = \"hello")

    /// `unknown escape sequence '\q'`
    public static let unknownEscape = ErrorCode(
        "E0004", "unknown escape sequence",
        explanation: """
            A backslash in a string must start one of the escapes Lathe knows: \\n, \\t, \\r, \\0, \\\\, \
            \\", \\$ and \\u{…}. Write a literal backslash as '\\\\'.
            """,
        example: "let path = \"C:\\data\"")

    /// `invalid unicode escape …`
    public static let invalidUnicodeEscape = ErrorCode(
        "E0005", "invalid unicode escape",
        explanation: """
            A '\\u' escape must be written '\\u{…}' with one to six hex digits naming a Unicode \
            scalar value. Surrogates (D800–DFFF) and values above 10FFFF are not characters. Fix the \
            digits or add the braces.
            """,
        example: "let s = \"\\u{D800}\"")

    /// `empty interpolation`
    public static let emptyInterpolation = ErrorCode(
        "E0006", "empty interpolation",
        explanation: """
            A '${' in a string must hold an expression before its '}'. Put the value to insert \
            between the braces, or write a literal dollar sign as '\\$'.
            """,
        example: "let s = \"x${ }y\"")

    /// `invalid number literal '1e'`
    public static let invalidNumber = ErrorCode(
        "E0007", "invalid number literal",
        explanation: """
            A number literal is malformed: an exponent without digits, a trailing underscore, or \
            letters running into the digits. Write it as digits with an optional fraction and \
            exponent, such as 1.5e-3.
            """,
        example: "let x = 1e")

    /// `number literal '1e999' is out of range`
    public static let numberOutOfRange = ErrorCode(
        "E0008", "number literal out of range",
        explanation: """
            Numbers are 64-bit doubles, and this literal is too large to represent. Use a smaller \
            value; the largest finite double is about 1.8e308.
            """,
        example: "let x = 1e999")

    // MARK: Parser

    /// `expected expression, found '}'`
    public static let expectedExpression = ErrorCode(
        "E0010", "expected expression",
        explanation: """
            The parser needed a value here, such as a name, a literal, a call or a parenthesised \
            expression, but found something else. Usually an operand is missing after an operator.
            """,
        example: "let x = 1 +")

    /// `expected ')' (to close '(' at line 3), found '}'`
    public static let unclosedDelimiter = ErrorCode(
        "E0011", "unclosed delimiter",
        explanation: """
            A '(', '[' or '{' was opened and not closed where the parser expected it. The message \
            names the line of the opener. Add the closing delimiter; for a pair of values, use a \
            list '[a, b]' since Lathe has no tuples.
            """,
        example: "let pair = (1, 2)")

    /// `expected newline or ';' after statement, found identifier`
    public static let expectedStatementEnd = ErrorCode(
        "E0012", "expected end of statement",
        explanation: """
            A statement ended but more tokens follow on the same line. Put each statement on its \
            own line, or separate them with ';'.
            """,
        example: "let a = 1 let b = 2")

    /// `cannot assign to this expression`
    public static let invalidAssignmentTarget = ErrorCode(
        "E0013", "invalid assignment target",
        explanation: """
            The left side of '=' or '+=' must be a variable, a field ('r.x') or an index ('xs[0]'). \
            A call or another expression cannot be assigned to. If you meant to compare, write '=='.
            """,
        example: "fn f() { return 1 }\nf() = 2")

    /// `comparison operators cannot be chained`
    public static let chainedComparison = ErrorCode(
        "E0014", "chained comparison",
        explanation: """
            'a < b < c' does not mean what it does in mathematics, so Lathe rejects it. Compare \
            twice and join the results with 'and': 'a < b and b < c'.
            """,
        example: "let same = 1 == 1 == true")

    /// `range operators cannot be chained`
    public static let chainedRange = ErrorCode(
        "E0015", "chained range",
        explanation: """
            A range has one start and one end, so '0..<5..<9' has no meaning. Write a single range, \
            and parenthesise a bound if it is itself an expression.
            """,
        example: "let r = 0..<5..<9")

    /// `positional argument after named argument`
    public static let positionalAfterNamed = ErrorCode(
        "E0016", "positional argument after named argument",
        explanation: """
            In a call, positional arguments come first and named ones ('name: value') after them. \
            Move the positional argument before the first named one, or name it too.
            """,
        example: "fn f(a, b: 1) { return a }\nf(b: 2, 1)")

    /// `required parameter 'b' must come before parameters with defaults`
    public static let requiredAfterDefault = ErrorCode(
        "E0017", "required parameter after a default",
        explanation: """
            A function's parameters without defaults must come before those with defaults, so \
            that positional arguments fill them in order. Move the required parameter forward or \
            give it a default.
            """,
        example: "fn f(a: 1, b) { return b }")

    /// `duplicate field 'x' in record`
    public static let duplicateField = ErrorCode(
        "E0018", "duplicate record field",
        explanation: """
            A record literal names the same field twice, and only one value could be kept. Remove \
            one of them or rename it; the note shows where the field was first given.
            """,
        example: "let p = {x: 1, x: 2}")

    /// `expression nested too deeply`
    public static let nestedTooDeeply = ErrorCode(
        "E0019", "expression nested too deeply",
        explanation: """
            The parser stops at 200 levels of brackets and blocks, and at 150,000 levels of \
            chained operators, calls, fields or indexes in one expression (a chain 'a + b + …' is \
            as deep as it is long), instead of overflowing its stack. Split the expression into \
            smaller ones bound with 'let'.
            """,
        example: "let deep = ((((…(1)…))))  # more than 200 levels of parentheses")

    /// `expected name after 'let', found '='` and other missing tokens
    public static let expectedToken = ErrorCode(
        "E0020", "expected token",
        explanation: """
            A construct is missing one of its fixed parts: a name after 'let', '=' in a binding, \
            'in' in a 'for' loop, ':' in a record field, and so on. The message says what was \
            expected and what was found instead; add the missing part.
            """,
        example: "for i 0..<3 { print(i) }")

    /// `import path must be a plain string without interpolation`
    public static let invalidImportPath = ErrorCode(
        "E0021", "invalid import path",
        explanation: """
            'import' takes a plain string path, known before the program runs, followed by \
            'as name'. Interpolation and other expressions are not allowed; write the path out.
            """,
        example: "let dir = \"lib\"\nimport \"${dir}/f.mlx\" as f")

    /// `unexpected '}' with no matching '{'`
    public static let unmatchedClosing = ErrorCode(
        "E0022", "unmatched closing delimiter",
        explanation: """
            A ')', ']' or '}' appears with no opener before it. Remove it, or add the opener it \
            was meant to close.
            """,
        example: "print(1)\n}")

    /// `expected '{' after if condition, found identifier`
    public static let expectedBlock = ErrorCode(
        "E0023", "expected block",
        explanation: """
            The bodies of 'if', 'else', 'for', 'while' and 'fn' are always blocks in braces, even \
            for one statement. Wrap the body in '{ … }'.
            """,
        example: "if true print(1)")

    /// `record field names cannot use interpolation`
    public static let invalidFieldName = ErrorCode(
        "E0024", "invalid record field name",
        explanation: """
            A record field name is a name or a plain string, fixed when the program is written. \
            It cannot be interpolated. Use a plain name, or build the value another way.
            """,
        example: "let k = \"a\"\nlet r = {\"${k}\": 1}")

    /// `expected end of interpolation, found identifier`
    public static let interpolationTrailing = ErrorCode(
        "E0025", "trailing tokens in interpolation",
        explanation: """
            A '${…}' in a string holds exactly one expression. Something follows it before the \
            closing brace; use two interpolations, or combine the values into one expression.
            """,
        example: "let s = \"${1 2}\"")

    /// `right side of '|>' must be a function or a call`
    public static let invalidPipeTarget = ErrorCode(
        "E0026", "invalid pipe target",
        explanation: """
            'x |> f(a)' means 'f(x, a)', so the right side of '|>' must be a function or a call \
            to pass the value into. Put a function name or a call there.
            """,
        example: "let y = [1, 2] |> 3")

    /// `'else' without a matching 'if'`
    public static let elseWithoutIf = ErrorCode(
        "E0027", "else without if",
        explanation: """
            An 'else' must follow the closing brace of an 'if' block on the same line. Move it \
            up after the '}', or remove it if there is no 'if'.
            """,
        example: "else { print(1) }")

    /// `an 'if' used as a value needs an 'else'`
    public static let conditionalWithoutElse = ErrorCode(
        "E0028", "if expression without else",
        explanation: """
            An 'if' that gives a value must say what the value is when the condition is false, \
            so it needs an 'else' branch. Add one, or use an 'if' statement on its own line.
            """,
        example: "let x = if true { 1 }")

    /// `a branch of an 'if' expression holds one expression`
    public static let conditionalBranchNotExpression = ErrorCode(
        "E0029", "if expression branch is not one expression",
        explanation: """
            Each branch of an 'if' used as a value holds exactly one expression, its value. \
            For several statements, use an 'if' statement that assigns a 'var', or a function.
            """,
        example: "let x = if true { let y = 1 } else { 2 }")

    public static let codes: [ErrorCode] = [
        unexpectedCharacter, invalidUTF8, unterminatedString, unknownEscape, invalidUnicodeEscape,
        emptyInterpolation, invalidNumber, numberOutOfRange, expectedExpression, unclosedDelimiter,
        expectedStatementEnd, invalidAssignmentTarget, chainedComparison, chainedRange,
        positionalAfterNamed, requiredAfterDefault, duplicateField, nestedTooDeeply, expectedToken,
        invalidImportPath, unmatchedClosing, expectedBlock, invalidFieldName, interpolationTrailing,
        invalidPipeTarget, elseWithoutIf, conditionalWithoutElse, conditionalBranchNotExpression,
    ]
}
