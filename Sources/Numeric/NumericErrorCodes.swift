import LatheCore

/// The codes of `NumericError`'s cases: `E0300`–`E0399`. Never renumber one.
public enum NumericErrorCodes: ErrorCatalogue {
    public static let layer = "numeric"

    public static let shapeMismatch = ErrorCode(
        "E0300", "tensor shapes do not fit",
        explanation: """
            The shapes of the operands do not fit the operation: a matrix product needs the inner \
            sizes to agree, and elementwise operations need equal or broadcastable shapes. The \
            message names both shapes; reshape or transpose one operand so that they fit.
            """,
        example: "print(matmul(tensor([[1, 2], [3, 4]]), tensor([1, 2, 3])))")

    public static let invalidArgument = ErrorCode(
        "E0301", "invalid numeric argument",
        explanation: """
            A numeric operation received an argument it cannot use: an index or axis out of \
            range, a shape with a negative extent, or a matrix holding nan or infinite values. \
            The message names the argument; pass a valid one, and remove or impute \
            non-finite values before training.
            """,
        example: "let ds = make_regression(n: 5, features: 1)\nlet m = train(linear(), with(ds, target: ds[\"target\"] / 0))")

    public static let singularMatrix = ErrorCode(
        "E0302", "singular matrix",
        explanation: """
            A linear system has no unique solution because its matrix is singular or not \
            positive definite, usually because two features are exact copies or combinations of \
            each other. Drop the redundant features, or use a penalised model such as ridge().
            """,
        example: "let ds = make_regression(n: 20, features: 1)\nlet m = train(linear(), with(ds, x1: ds.x0 * 2))")

    public static let lapackFailure = ErrorCode(
        "E0303", "linear algebra routine failed",
        explanation: """
            LAPACK reported a failure other than a singular matrix, for example an SVD that did \
            not converge. This usually means the data hold extreme values; scale the features \
            (standardize()) or remove outliers, and report it if it persists.
            """,
        example: "let m = train(linear(), data)  # data with extreme feature values")

    public static let codes: [ErrorCode] = [shapeMismatch, invalidArgument, singularMatrix, lapackFailure]
}
