import LatheCore

/// The codes of errors the VM and the builtins raise while a program runs: `E0200`–`E0299`.
/// A `RuntimeError` thrown without a code gets `builtinFailed`. Never renumber one.
public enum RuntimeErrorCodes: ErrorCatalogue {
    public static let layer = "runtime"

    public static let builtinFailed = ErrorCode(
        "E0200", "builtin failed",
        explanation: """
            A builtin function could not do what was asked with the values it was given, for \
            example num() on text that is not a number. The message says what was wrong and the \
            hint, when there is one, how to fix the call.
            """,
        example: "print(num(\"abc\"))")

    public static let wrongArgumentType = ErrorCode(
        "E0201", "argument of the wrong type",
        explanation: """
            A builtin received a value of a type it does not accept for that parameter. The \
            checker catches this when the type is known before running; otherwise the VM does. \
            Pass a value of the expected type; the hint shows the signature.
            """,
        example: "var x = \"4\"\nprint(sqrt(x))")

    public static let stackOverflow = ErrorCode(
        "E0202", "stack overflow",
        explanation: """
            Function calls nested deeper than the VM's call stack allows, almost always because \
            a recursive function has no base case that is reached. Check the recursion's stopping \
            condition, or rewrite it as a loop.
            """,
        example: "fn down(n) { return down(n + 1) }\ndown(0)")

    public static let interrupted = ErrorCode(
        "E0203", "interrupted",
        explanation: """
            The program was stopped with Ctrl-C (SIGINT), and lathe exits with status 130. \
            Nothing is wrong with the program; run it again to let it finish.
            """,
        example: "while true {}  # then press Ctrl-C")

    public static let assertionFailed = ErrorCode(
        "E0204", "assertion failed",
        explanation: """
            assert(condition, message) found its condition false and stopped the program with \
            the message. Either the program has a bug the assertion caught, or the assertion \
            itself is wrong; fix whichever is mistaken.
            """,
        example: "let xs = [1, 2]\nassert(len(xs) == 3, \"three items\")")

    public static let explicitFailure = ErrorCode(
        "E0205", "fail called",
        explanation: """
            The program called fail(message) to stop with an error. The message is the program's \
            own; read it to see which condition the script rejected.
            """,
        example: "fail(\"no data for this month\")")

    public static let operatorTypeMismatch = ErrorCode(
        "E0206", "operator applied to the wrong types",
        explanation: """
            An operator met operand types it is not defined for, in a place where the checker \
            could not know the types in advance. Convert one operand first, e.g. str(x) or \
            num(s), or check which value reached the operator.
            """,
        example: "var n = 3\nprint(\"n = \" + n)")

    public static let cannotIndex = ErrorCode(
        "E0207", "value cannot be indexed",
        explanation: """
            Only lists, strings, records, datasets, columns and tensors can be indexed with \
            '[…]', and each accepts its own kind of index. Check which value reached the index \
            and what the index is.
            """,
        example: "var n = 3\nprint(n[0])")

    public static let noSuchField = ErrorCode(
        "E0208", "no such field",
        explanation: """
            The value has no field with this name. Records have the fields they were built with; \
            lists, strings and numbers have none (use len(xs) for a length). Check the spelling; \
            the hint lists the fields that exist when there are any.
            """,
        example: "let xs = [1, 2]\nprint(xs.length)")

    public static let notCallable = ErrorCode(
        "E0209", "value is not callable",
        explanation: """
            The program called a value that is not a function, for example a number or null \
            stored in a variable. Check what the variable holds at that point.
            """,
        example: "var handler = null\nhandler(\"event\")")

    public static let argumentMismatch = ErrorCode(
        "E0210", "arguments do not match the parameters",
        explanation: """
            A call through a variable or a list passed too many arguments, missed a required \
            one, named an unknown parameter or gave one twice. The checker reports this for \
            direct calls; through a variable only the VM knows the callee. Fix the call to match \
            the function's parameters.
            """,
        example: "var f = fn(a) => a\nf(1, 2)")

    public static let usedBeforeDefinition = ErrorCode(
        "E0211", "global used before it is defined",
        explanation: """
            A function read a top-level name that had not yet been given its value, because the \
            function was called above the name's declaration. Move the call below the \
            declaration, or the declaration above the call.
            """,
        example: "fn show() { return limit }\nprint(show())\nlet limit = 1")

    public static let conditionNotBool = ErrorCode(
        "E0212", "condition is not a bool",
        explanation: """
            An 'if' or 'while' condition produced a value that is not a bool. Lathe does not \
            treat numbers or strings as true or false; compare explicitly, e.g. 'x != 0'.
            """,
        example: "var n = 3\nif n { print(n) }")

    public static let rangeBoundNotNumber = ErrorCode(
        "E0213", "range bound is not a number",
        explanation: """
            Both ends of a range 'a..<b' must be numbers. Convert text with num(), or check \
            which value reached the range.
            """,
        example: "var end = \"5\"\nfor i in 0..<end { print(i) }")

    public static let rangeBoundInexact = ErrorCode(
        "E0219", "range bound beyond exact whole numbers",
        explanation: """
            Numbers are doubles, which hold every whole number only up to 2^53 \
            (9007199254740992). Past that, adding 1 gives the same number, so a loop over \
            such a range would never end. Keep both ends of a range within ±2^53, and finite.
            """,
        example: "for i in 0..<1e300 { print(i) }")

    public static let cannotIterate = ErrorCode(
        "E0214", "cannot iterate over this value",
        explanation: """
            'for x in …' needs a list, a range, a string, a record or a column. To count, \
            iterate over a range such as 0..<n.
            """,
        example: "var n = 3\nfor i in n { print(i) }")

    public static let cannotAssignInto = ErrorCode(
        "E0215", "cannot assign into this value",
        explanation: """
            Only lists and records can be changed in place with 'xs[i] = v' or 'r.f = v'. \
            Strings, numbers and other values cannot; build a new value instead.
            """,
        example: "var s = \"abc\"\ns[0] = \"x\"")

    public static let indexOutOfRange = ErrorCode(
        "E0216", "index out of range",
        explanation: """
            The index is past the end of the list, string, range, column, dataset or tensor. \
            Indices start at 0, and negative ones count from the end, so a collection of length \
            n accepts 0 to n - 1 and -n to -1. Check the collection's len() and how the index \
            was computed.
            """,
        example: "let xs = [10, 20, 30]\nvar i = 3\nprint(xs[i])")

    public static let moduleStillLoading = ErrorCode(
        "E0217", "module imported while it is loading",
        explanation: """
            A module was imported again while its own top level was still running, which only an \
            import cycle can cause. The checker normally reports the cycle (E0152) before \
            anything runs. Move the code the modules share into a third module.
            """,
        example: "# a.mlx\nimport \"./b.mlx\" as b\n# b.mlx\nimport \"./a.mlx\" as a")

    public static let undefinedAtRunTime = ErrorCode(
        "E0218", "name undefined at run time",
        explanation: """
            The program refers to a builtin that the running VM does not provide. The checker \
            rejects unknown names before running (E0101), so this happens only when a program is \
            run by a VM made with fewer builtins than it was checked against, as an embedding \
            host may do. Run it with the builtins it was compiled for.
            """,
        example: "print(clock())  # run by a VM made without 'clock'")

    public static let testSkipped = ErrorCode(
        "E0220", "test skipped",
        explanation: """
            skip(reason) stops a test and marks it skipped: `lathe test` counts it as skipped, not \
            failed. Outside `lathe test` it stops the script like fail(reason). Call it when a \
            test cannot run here (a missing optional file, a platform it does not apply to).
            """,
        example: "skip(\"no GPU on this machine\")")

    public static let codes: [ErrorCode] = [
        builtinFailed, wrongArgumentType, stackOverflow, interrupted, assertionFailed,
        explicitFailure, operatorTypeMismatch, cannotIndex, noSuchField, notCallable,
        argumentMismatch, usedBeforeDefinition, conditionNotBool, rangeBoundNotNumber, rangeBoundInexact,
        cannotIterate, cannotAssignInto, indexOutOfRange, moduleStillLoading, undefinedAtRunTime, testSkipped,
    ]
}
