import LatheCore
import NameMatching

/// Why a drift comparison could not run at all. A column that cannot be tested (empty,
/// all missing, a forced test that does not fit) is not an error: it is a `ColumnDrift`
/// with `problem` set, and the rest of the report still runs.
public enum MonitorError: LibraryError, Equatable {
    /// `method:` names no drift test.
    case unknownMethod(name: String)
    /// A threshold is NaN, infinite or negative; `column` is nil for the global one.
    case invalidThreshold(column: String?, value: Double)
    /// The dataset drift share is outside (0, 1].
    case invalidDriftShare(Double)
    /// `columns:` (or a per-column threshold) names a column neither frame has.
    case unknownColumn(name: String, available: [String])
    /// The reference and current data have no column in common to compare.
    case noSharedColumns(reference: [String], current: [String])

    public var message: String {
        switch self {
        case .unknownMethod(let name): return "unknown drift method '\(name)'"
        case .invalidThreshold(let column, let value):
            let what = column.map { "threshold for column '\($0)'" } ?? "threshold"
            return "\(what) must be a finite number of at least 0, found \(Self.format(value))"
        case .invalidDriftShare(let value):
            return "drift share must be above 0 and at most 1, found \(Self.format(value))"
        case .unknownColumn(let name, _): return "unknown column '\(name)'"
        case .noSharedColumns: return "the reference and current data have no column in common"
        }
    }

    public var hint: String? {
        switch self {
        case .unknownMethod(let name):
            let known = DriftMethod.allCases.map(\.rawValue)
            let list = "methods: \(known.joined(separator: ", "))"
            return NameSuggestion.closest(to: name, in: known, ignoringCase: true).map { "did you mean '\($0)'? \(list)" } ?? list
        case .invalidThreshold:
            return "p-value tests (ks, chi2, z) take a significance level such as 0.05; distances take e.g. 0.1"
        case .invalidDriftShare:
            return "it is the share of drifted columns at which the dataset counts as drifted, e.g. 0.5"
        case .unknownColumn(let name, let available):
            let columns = "columns: \(available.joined(separator: ", "))"
            return NameSuggestion.closest(to: name, in: available, ignoringCase: true).map { "did you mean '\($0)'? \(columns)" } ?? columns
        case .noSharedColumns(let reference, let current):
            return "reference columns: \(reference.joined(separator: ", ")); current columns: \(current.joined(separator: ", "))"
        }
    }

    public var code: ErrorCode {
        switch self {
        case .unknownMethod: return MonitorErrorCodes.unknownMethod
        case .invalidThreshold: return MonitorErrorCodes.invalidThreshold
        case .invalidDriftShare: return MonitorErrorCodes.invalidDriftShare
        case .unknownColumn: return MonitorErrorCodes.unknownColumn
        case .noSharedColumns: return MonitorErrorCodes.noSharedColumns
        }
    }

    private static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        return "\(value)"
    }
}

/// The codes of `MonitorError`'s cases: `E0700`–`E0799`. Never renumber one.
public enum MonitorErrorCodes: ErrorCatalogue {
    public static let layer = "monitor"

    public static let unknownMethod = ErrorCode(
        "E0700", "unknown drift method",
        explanation: """
            drift() or monitor() was given a method: that names no drift test. The tests are \
            ks, chi2, z, wasserstein, js, psi, kl and hellinger; leave method: out to let each \
            column get the test Evidently would choose for it.
            """,
        example: "let d = drift(make_classification(n: 20, seed: 1), make_classification(n: 20, seed: 2), method: \"kss\")")

    public static let invalidThreshold = ErrorCode(
        "E0701", "invalid drift threshold",
        explanation: """
            A drift threshold must be a finite number of at least 0. For the p-value tests \
            (ks, chi2, z) it is the significance level (drift when the p-value is below it); \
            for the distances (wasserstein, js, psi, kl, hellinger) drift is when the distance \
            reaches it.
            """,
        example: "let d = drift(make_classification(n: 20, seed: 1), make_classification(n: 20, seed: 2), threshold: -0.1)")

    public static let invalidDriftShare = ErrorCode(
        "E0702", "invalid drift share",
        explanation: """
            The drift share is the share of tested columns that must drift for the whole \
            dataset to count as drifted. It must be above 0 and at most 1; the default is 0.5.
            """,
        example: "let d = drift(make_classification(n: 20, seed: 1), make_classification(n: 20, seed: 2), drift_share: 1.5)")

    public static let unknownColumn = ErrorCode(
        "E0703", "unknown column in a drift comparison",
        explanation: """
            columns: names a column that neither the reference nor the current data has. \
            Check the spelling; the hint lists the columns.
            """,
        example: "let d = drift(make_classification(n: 20, seed: 1), make_classification(n: 20, seed: 2), columns: [\"x9\"])")

    public static let noSharedColumns = ErrorCode(
        "E0704", "no columns to compare",
        explanation: """
            The reference and the current data have no column name in common, so no column \
            can be tested for drift. Usually one of them is the wrong file, or its columns were \
            renamed; rename them to match.
            """,
        example: "let d = drift(select(make_classification(n: 20, seed: 1), [\"x0\"]), select(make_classification(n: 20, seed: 2), [\"x1\"]))")

    public static let noReference = ErrorCode(
        "E0705", "no reference data to monitor against",
        explanation: """
            monitor(model, data) compares the data with the model's reference: the sample of \
            its training data that register keeps, or the training data of a model trained in \
            the same script. A model loaded from a file with load_model has neither; pass \
            reference: with the data it was trained on, or register it from the training script.
            """,
        example: "save_model(train(logistic(), make_classification(n: 30, seed: 1)), \"/tmp/lathe-e0705.json\")\nlet d = monitor(load_model(\"/tmp/lathe-e0705.json\"), make_classification(n: 30, seed: 2))")

    public static let codes: [ErrorCode] = [unknownMethod, invalidThreshold, invalidDriftShare, unknownColumn, noSharedColumns, noReference]
}

extension DriftMethod {
    /// The method a user names (`"ks"`, `"chi2"`…), in any case; also Evidently's longer
    /// names (`chisquare`, `jensenshannon`, `kl_div`, `wasserstein_distance`…). Nil when unknown:
    /// `MonitorError.unknownMethod(name:)` then gives the message with a did-you-mean hint.
    public init?(name: String) {
        switch name.lowercased() {
        case "ks", "kolmogorov_smirnov": self = .ks
        case "chi2", "chisquare", "chi_square", "chi-square": self = .chi2
        case "z", "z_test", "ztest": self = .z
        case "wasserstein", "wasserstein_distance", "wasserstein_distance_norm": self = .wasserstein
        case "js", "jensenshannon", "jensen_shannon": self = .js
        case "psi": self = .psi
        case "kl", "kl_div": self = .kl
        case "hellinger": self = .hellinger
        default: return nil
        }
    }

    /// The method named `name`, or `MonitorError.unknownMethod` with a did-you-mean hint.
    public static func parse(_ name: String) throws -> DriftMethod {
        guard let method = DriftMethod(name: name) else { throw MonitorError.unknownMethod(name: name) }
        return method
    }

    /// Whether the statistic is a p-value (drift when small) rather than a distance.
    public var isPValueTest: Bool { self == .ks || self == .chi2 || self == .z }

    /// Evidently's default threshold for the test.
    public var defaultThreshold: Double { isPValueTest ? 0.05 : 0.1 }
}
