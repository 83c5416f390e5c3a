import Data
import Foundation
import LatheCore
import ML
import Monitor
import Store

/// One monitoring of a model on new data: feature drift against its reference, prediction
/// drift, performance against the registered metrics when the data has labels, and data
/// quality. `monitor(...)` and `lathe monitor` both run this, so they agree.
public struct MonitorOutcome {
    public var drift: DriftReport
    /// The model's outputs on the reference compared with its outputs on the data.
    public var prediction: ColumnDrift?
    public var performance: PerformanceCheck?
    public var quality: [ColumnQuality]
    public var referenceRows: Int
    public var rows: Int
    /// `name:version` when the model is registered (the result is then stored).
    public var model: String?
    public var source: String?

    /// Drift in the data or the predictions, or a metric outside its tolerance.
    public var alert: Bool {
        drift.drifted || prediction?.drifted == true || performance?.ok == false
    }
}

/// The task's metrics now against the metrics registered with the version.
public struct PerformanceCheck {
    public struct Line {
        public var metric: String
        public var current: Double
        public var registered: Double?
        /// Relative change in the bad direction (a drop for higher-is-better metrics).
        public var degradation: Double?
        public var ok: Bool
        /// The relative degradation allowed for this metric.
        public var tolerance: Double = 0.1
    }

    public var lines: [Line]
    /// The tolerance given for every metric, or nil for the defaults (20% classification
    /// quality, 10% the rest).
    public var tolerance: Double?
    public var ok: Bool { lines.allSatisfy(\.ok) }
}

public enum MonitorService {
    /// The classification quality metrics, allowed 20% by default; every other metric 10%
    /// (Evidently's automatic test defaults).
    static let classificationQuality: Set<String> = ["accuracy", "balanced_accuracy", "precision", "recall", "f1", "f1_weighted", "roc_auc"]

    static func defaultTolerance(for metric: String, task: Task) -> Double {
        task != .regression && classificationQuality.contains(metric) ? 0.2 : 0.1
    }

    /// Monitors `model` on `data` against `reference` (or the model's own).
    public static func run(model object: ModelObject, data: Frame, reference explicit: Frame?, options: DriftOptions,
                           tolerance: Double?, store: Store?, source: String?) throws -> MonitorOutcome {
        let model = object.model
        let reference = try explicit ?? referenceFrame(object, store: store)
        let features = model.featureNames
        var driftOptions = options
        if driftOptions.columns == nil { driftOptions.columns = features }
        let drift = try Drift.compare(reference: reference, current: data, options: driftOptions)

        // Prediction drift: only when every feature is there to predict from.
        var prediction: ColumnDrift? = nil
        let hasFeatures = { (frame: Frame) in features.allSatisfy { frame.columnIndex(named: $0) != nil } }
        if hasFeatures(reference), hasFeatures(data), reference.rowCount > 0, data.rowCount > 0 {
            let before = try model.predict(reference).renamed("prediction")
            let after = try model.predict(data).renamed("prediction")
            prediction = try Drift.column(name: "prediction", reference: before, current: after, method: options.method,
                                          threshold: options.threshold)
        }

        var performance: PerformanceCheck? = nil
        if let target = model.target, data.columnIndex(named: target) != nil, hasFeatures(data), data.rowCount > 0 {
            let report = try Evaluation.evaluate(model, on: data)
            let given = tolerance
            let registered = Dictionary(object.registration?.metrics.map { ($0.name, $0.value) } ?? [], uniquingKeysWith: { a, _ in a })
            performance = PerformanceCheck(lines: report.metrics.map { metric in
                guard let before = registered[metric.name], before.isFinite, metric.value.isFinite else {
                    return .init(metric: metric.name, current: metric.value, registered: registered[metric.name], degradation: nil, ok: true)
                }
                let lowerBetter = EvaluationReport.isLowerBetter(metric.name)
                let change = (lowerBetter ? metric.value - before : before - metric.value) / max(abs(before), 1e-12)
                let allowed = given ?? defaultTolerance(for: metric.name, task: model.task)
                return .init(metric: metric.name, current: metric.value, registered: before, degradation: change, ok: change <= allowed,
                             tolerance: allowed)
            }, tolerance: given)
        }

        let qualityColumns = features + (model.target.map { [$0] } ?? [])
        let quality = DataQuality.compare(
            reference: try reference.select(qualityColumns.filter { reference.columnIndex(named: $0) != nil }),
            current: try data.select(qualityColumns.filter { data.columnIndex(named: $0) != nil }))
        return MonitorOutcome(
            drift: drift, prediction: prediction, performance: performance, quality: quality, referenceRows: reference.rowCount,
            rows: data.rowCount, model: object.registration?.reference, source: source)
    }

    /// The model's reference: the sample registered with its version, else its training data.
    public static func referenceFrame(_ object: ModelObject, store: Store?) throws -> Frame {
        if let registration = object.registration, let store, let bytes = try store.referenceBytes(registration) {
            return try FrameCodec.decode(bytes)
        }
        if let data = object.trainingData { return data }
        throw MonitorRuntimeError.noReference(model: object.registration?.reference)
    }

    /// Stores the outcome against the model's version; nil when the model is not registered.
    @discardableResult
    public static func record(_ outcome: MonitorOutcome, model object: ModelObject, store: Store) throws -> Int64? {
        guard let registration = object.registration else { return nil }
        let columns = outcome.drift.columns.map { column in
            MonitorColumnRecord(column: column.name, method: column.method?.rawValue, statistic: column.problem == nil ? column.statistic : nil,
                                pValue: column.pValue, threshold: column.problem == nil ? column.threshold : nil,
                                drifted: column.drifted, problem: column.problem)
        }
        return try store.recordMonitor(MonitorRecord(
            name: registration.name, version: registration.version, source: outcome.source, rows: outcome.rows,
            driftShare: outcome.drift.share, drifted: outcome.drift.drifted, predictionDrift: outcome.prediction?.statistic,
            predictionDrifted: outcome.prediction?.drifted, performanceOK: outcome.performance?.ok,
            report: MonitorJSON.text(outcome), columns: columns))
    }
}

/// Monitoring failures the Runtime finds before the statistics run.
public enum MonitorRuntimeError: LibraryError {
    case noReference(model: String?)

    public var message: String {
        switch self {
        case .noReference(let model):
            return "\(model.map { "model \($0)" } ?? "this model") has no reference data to compare with"
        }
    }

    public var hint: String? {
        "pass reference: with the training data, or register the model from the script that trains it (register keeps a sample)"
    }

    public var code: ErrorCode { MonitorErrorCodes.noReference }
}
