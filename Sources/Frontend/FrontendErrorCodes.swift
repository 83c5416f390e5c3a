import LatheCore

/// The codes of diagnostics the compilation driver itself reports: `E0900`–`E0999`.
/// Never renumber one.
public enum FrontendErrorCodes: ErrorCatalogue {
    public static let layer = "frontend"

    public static let internalCompilerError = ErrorCode(
        "E0900", "internal compiler error",
        explanation: """
            The IR verifier found the compiled program inconsistent, which is a bug in lathe, \
            not in your script. Nothing was run. Please report it with the script that \
            triggered it; rewriting the offending construct may work around it meanwhile.
            """,
        example: "# no script should produce this; lathe reports it instead of running broken code")

    public static let codes: [ErrorCode] = [internalCompilerError]
}
