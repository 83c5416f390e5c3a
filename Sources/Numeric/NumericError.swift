import LatheCore

/// An error from a numeric operation on user data. Every case carries a lowercase,
/// one-line message that names the shapes or values involved, e.g.
/// `cannot broadcast shapes [3] and [4]`. Callers (the runtime) show it as-is.
public enum NumericError: LibraryError, Equatable {
    /// Operand shapes do not fit the operation (broadcasting, products, masks, reshapes).
    case shapeMismatch(String)
    /// An argument is outside its valid range (an axis, a quantile, an index, a shape).
    case invalidArgument(String)
    /// A linear system has no unique solution (singular or not positive definite).
    case singularMatrix(String)
    /// LAPACK reported a failure other than singularity (non-convergence, bad input).
    case lapackFailure(String)

    public var message: String {
        switch self {
        case .shapeMismatch(let message),
             .invalidArgument(let message),
             .singularMatrix(let message),
             .lapackFailure(let message):
            return message
        }
    }

    /// The messages name the shapes and values involved; there is no general fix to add.
    public var hint: String? { nil }

    public var code: ErrorCode {
        switch self {
        case .shapeMismatch: return NumericErrorCodes.shapeMismatch
        case .invalidArgument: return NumericErrorCodes.invalidArgument
        case .singularMatrix: return NumericErrorCodes.singularMatrix
        case .lapackFailure: return NumericErrorCodes.lapackFailure
        }
    }
}

/// Renders a shape the way messages show it: `[3, 4]`.
@usableFromInline
func describeShape(_ shape: [Int]) -> String {
    "[" + shape.map(String.init).joined(separator: ", ") + "]"
}
