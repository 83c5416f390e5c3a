import Data
import LatheCore
import ML
import Monitor
import Numeric
import Store
import VM
import _LatheSignals

extension RuntimeError {
    /// A library's failure (bad CSV, shape mismatch, unknown model…) as a runtime error with
    /// the library's message, hint and code. Ctrl-C during library work becomes `.interrupted`.
    init(_ error: some LibraryError) {
        // The Ctrl-C is handled by stopping this step; the flag must not stop the next one.
        if error.isInterruption { lathe_clear_interrupt() }
        self.init(error.message, hint: error.hint, kind: error.isInterruption ? .interrupted : .error, code: error.code)
    }

    /// Converts whatever a library threw into a `RuntimeError`, keeping one-line messages.
    static func wrapping(_ error: Error) -> RuntimeError {
        switch error {
        case let error as RuntimeError: return error
        case let error as any LibraryError: return RuntimeError(error)
        default: return RuntimeError("\(error)")
        }
    }
}

/// The error catalogues of the libraries the Runtime links, for `lathe explain`.
public enum LibraryErrorCatalogues {
    public static let all: [any ErrorCatalogue.Type] = [NumericErrorCodes.self, DataErrorCodes.self, MLErrorCodes.self, StoreErrorCodes.self, MonitorErrorCodes.self]
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
