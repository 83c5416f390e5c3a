import Data
import ML
import Numeric

extension RuntimeError {
    /// A data-layer failure (bad CSV, unknown column…) as a runtime error with its hint.
    init(_ error: DataError) {
        self.init(error.description, hint: error.hint)
    }

    /// A numeric-layer failure (shape mismatch, singular matrix…) as a runtime error.
    init(_ error: NumericError) {
        self.init(error.description)
    }

    /// Converts whatever a library threw into a `RuntimeError`, keeping one-line messages.
    static func wrapping(_ error: Error) -> RuntimeError {
        switch error {
        case let error as RuntimeError: return error
        case let error as DataError: return RuntimeError(error)
        case let error as NumericError: return RuntimeError(error)
        case let error as MLError:
            return RuntimeError(error.description, hint: error.hint, kind: error == .interrupted ? .interrupted : .error)
        default: return RuntimeError("\(error)")
        }
    }
}

/// Runs library code, turning its typed errors into runtime errors.
@inline(__always)
func library<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch {
        throw RuntimeError.wrapping(error)
    }
}
