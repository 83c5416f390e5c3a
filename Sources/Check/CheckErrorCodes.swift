import LatheCore

/// The codes of every diagnostic the checker and the module graph report: `E0100`–`E0199`.
/// Tests, documentation and `lathe explain` refer to these; never renumber one.
public enum CheckErrorCodes: ErrorCatalogue {
    public static let layer = "check"

    // MARK: Names

    public static let undefinedName = ErrorCode(
        "E0101", "undefined name",
        explanation: """
            The name is not declared in any enclosing scope, is not a builtin and is not an \
            import alias. Check the spelling (the hint suggests a close name), or declare it with \
            'let', 'var' or 'fn' before using it.
            """,
        example: "let epochs = 10\nprint(epoch)")

    public static let usedBeforeDeclaration = ErrorCode(
        "E0102", "name used before its declaration",
        explanation: """
            A top-level name is used on a line that runs before the name is declared. Move the \
            declaration above its first use. Functions may refer to later top-level names, \
            because their bodies run only when called.
            """,
        example: "print(rate)\nlet rate = 0.1")

    public static let alreadyDeclared = ErrorCode(
        "E0110", "name already declared in this scope",
        explanation: """
            The same scope declares the name twice, so the second declaration would hide the \
            first. Choose another name, or assign to the existing 'var' with '=' instead of \
            declaring it again.
            """,
        example: "let x = 1\nlet x = 2")

    public static let assignToImmutable = ErrorCode(
        "E0111", "assignment to an immutable name",
        explanation: """
            Only names declared with 'var' can be assigned to. 'let' bindings, function \
            parameters and loop variables are fixed. Declare the name with 'var', or copy the \
            value into a new 'var'.
            """,
        example: "let x = 1\nx = 2")

    public static let assignToBuiltin = ErrorCode(
        "E0112", "assignment to a builtin",
        explanation: """
            Builtins such as 'print' and 'len' cannot be replaced by assignment. To use the name \
            for your own value, declare it with 'var' or 'let', which shadows the builtin.
            """,
        example: "len = 3")

    public static let duplicateParameter = ErrorCode(
        "E0114", "duplicate parameter",
        explanation: """
            A function declares two parameters with the same name, so the second would hide the \
            first. Rename one of them.
            """,
        example: "fn f(a, a) { return a }")

    // MARK: Params

    public static let paramNotAtTopLevel = ErrorCode(
        "E0120", "param inside a block",
        explanation: """
            'param' declares a value that 'lathe run --set' can override, so it must be at the \
            top level of the script. Inside functions and blocks, use 'let'.
            """,
        example: "fn f() {\n  param rate = 0.1\n  return rate\n}")

    public static let paramDefaultNotLiteral = ErrorCode(
        "E0121", "param default is not a literal type",
        explanation: """
            A param's default must be a number, string, bool or null, because '--set' can only \
            supply those. Compute other values from the param with 'let' after it.
            """,
        example: "param sizes = [1, 2, 3]")

    // MARK: Control flow

    public static let cannotIterate = ErrorCode(
        "E0130", "cannot iterate over this value",
        explanation: """
            'for x in …' needs a list, a range, a string, a record or a column. A number, bool, \
            null or function cannot be iterated. To count, iterate over a range such as 0..<n.
            """,
        example: "for i in 10 { print(i) }")

    public static let conditionNotBool = ErrorCode(
        "E0131", "condition is not a bool",
        explanation: """
            The condition of 'if' and 'while' must be a bool. Lathe does not treat numbers or \
            strings as true or false; compare explicitly, e.g. 'x != 0'.
            """,
        example: "let n = 3\nif n { print(n) }")

    public static let breakOutsideLoop = ErrorCode(
        "E0140", "break outside a loop",
        explanation: """
            'break' leaves the innermost 'for' or 'while' loop, so it must be inside one, and not \
            in a function nested in the loop. Remove it, or restructure the code into a loop.
            """,
        example: "break")

    public static let continueOutsideLoop = ErrorCode(
        "E0141", "continue outside a loop",
        explanation: """
            'continue' skips to the next iteration of the innermost 'for' or 'while' loop, so it \
            must be inside one. Remove it, or move the code into a loop.
            """,
        example: "continue")

    public static let returnOutsideFunction = ErrorCode(
        "E0142", "return outside a function",
        explanation: """
            'return' ends a function, and a script's top level is not a function. A script ends \
            at its last line; to stop early with an error, call fail(\"…\").
            """,
        example: "return 1")

    // MARK: Modules

    public static let importNotAtTopLevel = ErrorCode(
        "E0150", "import inside a block",
        explanation: """
            Imports are resolved before the program runs, so 'import' may only appear at the top \
            level of a file. Move it to the top of the file.
            """,
        example: "fn f() {\n  import \"std/core\" as core\n}")

    public static let moduleNotFound = ErrorCode(
        "E0151", "module not found",
        explanation: """
            No file matches the import path. A path starting with './' or '../' is resolved from \
            the importing file's folder, then LATHE_PATH, then the installed stdlib/. Check the \
            spelling; the hint lists where lathe looked.
            """,
        example: "import \"./missing.mlx\" as missing")

    public static let importCycle = ErrorCode(
        "E0152", "import cycle",
        explanation: """
            Two or more modules import each other, so none of them can be loaded first. Move the \
            code they share into a third module that both import.
            """,
        example: "# a.mlx\nimport \"./b.mlx\" as b\n# b.mlx\nimport \"./a.mlx\" as a")

    public static let moduleUnreadable = ErrorCode(
        "E0153", "module cannot be read",
        explanation: """
            The imported file exists but could not be read, for example because of its \
            permissions or because it is not UTF-8 text. Fix the file's permissions, or re-save \
            it as UTF-8.
            """,
        example: "import \"./binary.mlx\" as b  # binary.mlx holds bytes that are not UTF-8")

    public static let moduleNotLoaded = ErrorCode(
        "E0154", "module cannot be loaded",
        explanation: """
            The imported file was read but the module graph could not load it as a module. The \
            module's own diagnostics, reported with this one, say why; fix those first.
            """,
        example: "import \"./broken.mlx\" as broken  # broken.mlx cannot be loaded")

    public static let packageNotInstalled = ErrorCode(
        "E0155", "package not installed",
        explanation: """
            The import names a package the project's lathe.pkg or lathe.lock knows, but its files \
            are not in the project's .lathe/packages/ cache. Run 'lathe install' in the project \
            folder; after that the package loads offline.
            """,
        example: "import \"churn_features/encode\" as encode  # before lathe install")

    public static let packageModuleNotExported = ErrorCode(
        "E0156", "package does not export this module",
        explanation: """
            A package's lathe.pkg lists the modules other projects may import in its exports; \
            the import names a module that is not among them. Check the spelling (the hint \
            suggests a close name), or ask the package's authors to export the module.
            """,
        example: "import \"churn_features/internal\" as i  # exports: [\"encode\"]")

    public static let packageHashMismatch = ErrorCode(
        "E0157", "package files do not match the lockfile",
        explanation: """
            Every load of an installed package checks the sha256 of its files against the one \
            lathe.lock recorded at install time. They differ, so the package was edited or \
            replaced after it was installed, and nothing runs. Run 'lathe install' to fetch the \
            locked version again, or review the change and re-lock with 'lathe update'.
            """,
        example: "import \"churn_features/encode\" as encode  # a file under .lathe/packages/ was edited")

    // MARK: Operators

    public static let rangeBoundNotNumber = ErrorCode(
        "E0160", "range bound is not a number",
        explanation: """
            Both ends of a range 'a..<b' must be numbers. Convert the value with num() if it \
            holds a number as text.
            """,
        example: "let r = 0..<\"5\"")

    public static let cannotNegate = ErrorCode(
        "E0161", "cannot negate this value",
        explanation: """
            Unary '-' applies only to numbers (and, at run time, to columns and tensors). \
            Negate a number, or use 'not' to invert a bool.
            """,
        example: "let x = -\"text\"")

    public static let notNeedsBool = ErrorCode(
        "E0162", "'not' applied to a non-bool",
        explanation: """
            'not' inverts a bool. Lathe does not treat numbers or strings as true or false; \
            compare explicitly, e.g. 'not (x == 0)' or 'x != 0'.
            """,
        example: "let x = not 0")

    public static let cannotApplyOperator = ErrorCode(
        "E0163", "operator applied to the wrong types",
        explanation: """
            The operator is not defined for these operand types, for example '+' between a string \
            and a number, or '<' between a list and a number. Convert one operand first: str(x) \
            makes text, num(s) reads a number, and string interpolation \"${x}\" joins values into text.
            """,
        example: "let label = \"epoch \" + 3")

    public static let logicalNeedsBools = ErrorCode(
        "E0164", "'and' or 'or' applied to a non-bool",
        explanation: """
            'and' and 'or' combine bools. Lathe does not treat numbers or strings as true or \
            false; compare explicitly, e.g. 'x != 0 and y != 0'.
            """,
        example: "let both = 1 and true")

    // MARK: Fields and indexing

    public static let noSuchExport = ErrorCode(
        "E0170", "module has no such export",
        explanation: """
            The imported module does not export that name. A module exports its top-level 'let' \
            and 'fn' declarations whose names do not begin with '_'. Check the spelling, or \
            declare the name at the module's top level.
            """,
        example: "import \"std/core\" as core\nprint(core.mapp)")

    public static let noSuchField = ErrorCode(
        "E0171", "value has no fields",
        explanation: """
            Numbers, bools, null and functions have no fields, so 'x.name' cannot work. Fields \
            belong to records, datasets, models and modules; check which value you meant.
            """,
        example: "let x = 3\nprint(x.size)")

    public static let cannotIndex = ErrorCode(
        "E0172", "value cannot be indexed",
        explanation: """
            Only lists, strings, records, datasets, columns and tensors can be indexed with \
            '[…]'. A number, bool, null or function cannot; check which value you meant.
            """,
        example: "let x = 3\nprint(x[0])")

    public static let unknownKnownField = ErrorCode(
        "E0173", "unknown column or field",
        explanation: """
            The value's columns or fields are known before the program runs (for example a \
            dataset loaded from a literal path), and this name is not among them. Check the \
            spelling; the hint lists the names that exist.
            """,
        example: "let iris = dataset(\"examples/data/iris.csv\")\nprint(iris.sepal_lenght)")

    public static let unknownKindField = ErrorCode(
        "E0174", "library value has no such field",
        explanation: """
            Library values (datasets, columns, tensors, model specs, models, reports) declare \
            their fields. This name is not one of them for the value's kind. Check the \
            spelling; the hint names the closest field and lists them all. `lathe builtins` \
            shows every kind's fields.
            """,
        example: "let m = train(logistic(), make_classification(n: 40))\nprint(m.loss_curv)")

    public static let fieldShadowsData = ErrorCode(
        "E0175", "field and column share a name (warning)",
        explanation: """
            The name after '.' is both a declared field of the value's kind and one of its \
            columns. '.name' always reads the declared field; the column is read by \
            subscript, e.g. ds["target"]. This is a warning: the program still runs.
            """,
        example: "let ds = make_classification(n: 40)\nprint(ds.target)")

    public static let parameterOutOfRange = ErrorCode(
        "E0186", "argument outside the parameter's valid values",
        explanation: """
            The parameter declares its valid values: a range of numbers or a list of \
            choices. A literal argument outside them is reported before anything runs; a \
            computed one fails with the same message when the call happens. The message \
            names the valid values, and a misspelt choice gets "did you mean".
            """,
        example: "let spec = knn(k: 0)")

    // MARK: Calls

    public static let cannotCall = ErrorCode(
        "E0180", "value is not callable",
        explanation: """
            Only functions, lambdas and builtins can be called with '(…)'. Check that the name \
            refers to a function and not to a value bound with the same name.
            """,
        example: "let n = 3\nn()")

    public static let unknownArgument = ErrorCode(
        "E0181", "unknown named argument",
        explanation: """
            The call names an argument the function does not declare. Check the spelling; the \
            hint lists the valid names. 'lathe builtins' prints every builtin's parameters.
            """,
        example: "fn f(a, scale: 1) { return a * scale }\nprint(f(1, scael: 2))")

    public static let duplicateArgument = ErrorCode(
        "E0182", "argument given twice",
        explanation: """
            The same parameter receives a value twice, by name or by position and name. Remove \
            one of them; the note shows where it was first given.
            """,
        example: "fn f(a, scale: 1) { return a * scale }\nprint(f(1, scale: 2, scale: 3))")

    public static let tooManyArguments = ErrorCode(
        "E0183", "too many arguments",
        explanation: """
            The call passes more positional arguments than the function has parameters. Remove \
            the extra ones, or check the signature shown in the hint.
            """,
        example: "fn f(a) { return a }\nprint(f(1, 2))")

    public static let missingArgument = ErrorCode(
        "E0184", "missing argument",
        explanation: """
            A parameter without a default received no value. Pass it by position or by name; \
            the hint shows the function's signature.
            """,
        example: "fn f(a, b) { return a + b }\nprint(f(1))")

    public static let argumentTypeMismatch = ErrorCode(
        "E0185", "argument of the wrong type",
        explanation: """
            A builtin declares the types it accepts for each parameter, and this argument's type \
            is known to be different. Pass a value of the expected type, converting it with \
            num() or str() where that makes sense.
            """,
        example: "print(sqrt(\"4\"))")

    public static let codes: [ErrorCode] = [
        unknownKindField, fieldShadowsData, parameterOutOfRange,
        undefinedName, usedBeforeDeclaration, alreadyDeclared, assignToImmutable, assignToBuiltin,
        duplicateParameter, paramNotAtTopLevel, paramDefaultNotLiteral, cannotIterate, conditionNotBool,
        breakOutsideLoop, continueOutsideLoop, returnOutsideFunction, importNotAtTopLevel,
        moduleNotFound, importCycle, moduleUnreadable, moduleNotLoaded, packageNotInstalled,
        packageModuleNotExported, packageHashMismatch, rangeBoundNotNumber,
        cannotNegate, notNeedsBool, cannotApplyOperator, logicalNeedsBools, noSuchExport, noSuchField,
        cannotIndex, unknownKnownField, cannotCall, unknownArgument, duplicateArgument,
        tooManyArguments, missingArgument, argumentTypeMismatch,
    ]
}
