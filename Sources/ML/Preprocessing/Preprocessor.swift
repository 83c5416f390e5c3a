import LatheCore
import Data
import Numeric

/// An unfitted preprocessing step as a user writes it: `standardize()`, `minmax()`,
/// `onehot()`, `impute(strategy: "median")`. Its parameters are declared once, in
/// `PreprocessorSpec.all`, like a model's.
public struct PreprocessorSpec: Sendable, Equatable {
    public var name: String
    public var parameters: Parameters

    /// Every preprocessor: its name, declared parameters and a one-line summary for `:help`.
    public static let all: [(name: String, parameters: [ParameterSpec], summary: String)] =
        kinds.map { ($0.name, $0.parameters, $0.summary) }

    static let kinds: [any PreprocessorKind.Type] = [Standardize.self, MinMax.self, OneHot.self, Impute.self]

    /// Builds a step from user-given values. Unknown name → `MLError.unknownModel` listing the
    /// preprocessors; unknown or invalid parameters list the valid ones.
    public static func make(name: String, given: [String: Scalar] = [:]) throws -> PreprocessorSpec {
        guard let kind = kind(named: name) else {
            throw MLError.unknownModel(name: name, known: kinds.map { $0.name })
        }
        return PreprocessorSpec(name: name, parameters: try Parameters(model: name, specs: kind.parameters, given: given))
    }

    static func kind(named name: String) -> (any PreprocessorKind.Type)? {
        kinds.first { $0.name == name }
    }
}

/// A column on its way from a frame to the model matrix. Numeric columns carry NaN for
/// missing values (bools are 0/1); text stays categorical until a one-hot step expands it.
struct WorkingColumn {
    enum Values {
        case numeric([Double])
        case categorical(codes: [Int32], categories: [String])
    }

    /// The name of the feature this column becomes (`color_red` after one-hot).
    var name: String
    /// The input column it came from, for error messages.
    var source: String
    var values: Values

    var isNumeric: Bool {
        if case .numeric = values { return true }
        return false
    }
}

/// One kind of preprocessing step. `fit` learns its state from training columns only;
/// `apply` replays it on any data, in place.
protocol PreprocessorKind {
    static var name: String { get }
    static var parameters: [ParameterSpec] { get }
    static var summary: String { get }
    static func fit(_ columns: [WorkingColumn], parameters: Parameters) -> ModelState
    static func apply(_ state: ModelState, parameters: Parameters, to columns: inout [WorkingColumn]) throws
}

/// A fitted step stored in a model: the spec it came from and what it learned.
struct FittedPreprocessor: Sendable, Equatable {
    var spec: PreprocessorSpec
    var state: ModelState
    /// Added by the pipeline (categorical columns one-hot encoded for the model), not by the user.
    var automatic: Bool

    func apply(to columns: inout [WorkingColumn]) throws {
        guard let kind = PreprocessorSpec.kind(named: spec.name) else {
            throw MLError.corruptModel("unknown preprocessing step '\(spec.name)'")
        }
        try kind.apply(state, parameters: spec.parameters, to: &columns)
    }
}

extension ModelState {
    /// The strings stored under `key`, or a corrupt-model error.
    func stringArray(_ key: String) throws -> [String] {
        guard let value = strings[key] else { throw MLError.corruptModel("missing strings '\(key)'") }
        return value
    }
}

/// Per-column numeric statistics shared by the scalers, skipping NaN like numpy's nan-functions.
enum ColumnStatistics {
    /// Mean and population variance (ddof 0) of the non-NaN values; NaN when there are none.
    static func meanAndVariance(_ values: [Double]) -> (mean: Double, variance: Double) {
        values.withUnsafeBufferPointer { p in
            let (sum, count) = Kernels.nanSum(p)
            guard count > 0 else { return (.nan, .nan) }
            let mean = sum / Double(count)
            let squares = Kernels.nanSumOfSquaredDeviations(p, from: mean)
            return (mean, squares / Double(count))
        }
    }
}
