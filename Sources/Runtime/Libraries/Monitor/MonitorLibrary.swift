import Check
import Data
import Foundation
import IR
import LatheCore
import ML
import Monitor
import Store
import VM

extension NativeLibrary {
    /// Drift and model monitoring: global, as DESIGN.md names them.
    static let monitor = NativeLibrary(
        name: "monitor", doc: "drift between datasets, and model monitoring with history",
        builtins: Builtins.monitor, kinds: [DriftReportObject.kind])

    /// The single drift tests on two columns, behind `import "std/monitor"`.
    static let monitorModule = NativeLibrary(
        name: "monitor tests", doc: "one drift test or distance on two columns: {statistic, p_value, drifted}",
        module: "std/monitor", source: "# std/monitor — the natives are in Sources/Runtime/Libraries/Monitor/.\n",
        builtins: Builtins.monitorTests)
}

extension Builtins {
    /// `method:`, `threshold:`, `columns:` and `drift_share:` (the `driftParameters` every
    /// drift builtin declares, read by those declarations' names) as drift options.
    static func driftOptions(_ args: Arguments) throws -> DriftOptions {
        let names = driftParameters.map(\.name)
        let (methodName, columnsName, thresholdName, shareName) = (names[0], names[1], names[2], names[3])
        var options = DriftOptions()
        if try !args.isNull(methodName) { options.method = try driftMethod(try args.string(methodName)) }
        let threshold = try args[thresholdName]
        if case .number(let value) = threshold.decoded {
            options.threshold = value
        } else if case .object(let object) = threshold.decoded, object.kind == .record {
            let record = unsafeDowncast(object, to: RecordObject.self)
            for (key, value) in zip(record.keys, record.values) {
                guard case .number(let number) = value.decoded else {
                    throw RuntimeError("threshold: \(args.vm.symbols.name(key)) must be a number, found \(value.typeName)")
                }
                options.thresholds[args.vm.symbols.name(key)] = number
            }
        }
        if try !args.isNull(columnsName) { options.columns = try args.columnNames(from: columnsName) }
        options.driftShare = try args.number(shareName)
        return options
    }

    static func driftMethod(_ name: String) throws -> DriftMethod {
        try library { try DriftMethod.parse(name) }
    }

    static let driftParameters: [BuiltinParameter] = [
        BuiltinParameter("method", default: .null, types: [.string, .null],
                         doc: "force a test: ks, chi2, z, wasserstein, js, psi, kl or hellinger"),
        BuiltinParameter("columns", default: .null, types: [.list, .null], doc: "only these columns"),
        BuiltinParameter("threshold", default: .null, types: [.number, .record, .null],
                         doc: "one threshold, or {column: threshold}"),
        BuiltinParameter("drift_share", default: .number(0.5), types: [.number],
                         doc: "the dataset drifted when this share of columns did"),
    ]

    static let monitor: [Builtin] = [
        Builtin(BuiltinSignature(
            "drift", [BuiltinParameter("reference", types: [.dataset]), BuiltinParameter("current", types: [.dataset])]
                + driftParameters,
            returns: .driftReport, doc: "which columns drifted between two datasets, by Evidently's default tests")) { args in
            let reference = try args.dataset("reference").frame, current = try args.dataset("current").frame
            let options = try driftOptions(args)
            let report = try library { try Drift.compare(reference: reference, current: current, options: options) }
            let quality = DataQuality.compare(reference: reference, current: current)
            return .object(DriftReportObject(MonitorOutcome(
                drift: report, prediction: nil, performance: nil, quality: quality, referenceRows: reference.rowCount,
                rows: current.rowCount, model: nil, source: nil)))
        },
        Builtin(BuiltinSignature(
            "monitor", [
                BuiltinParameter("model", types: [.model]), BuiltinParameter("data", types: [.dataset]),
                BuiltinParameter("reference", default: .null, types: [.dataset, .null],
                                 doc: "defaults to the sample kept when the model was registered, or its training data"),
            ] + driftParameters + [
                BuiltinParameter("tolerance", default: .null, types: [.number, .null],
                                 doc: "relative metric drop allowed (0.2 classification, 0.1 regression)"),
            ], effect: .io, returns: .driftReport,
            doc: "feature and prediction drift, performance and data quality of a model on new data; kept in the store")) { args in
            guard let object = try args["model"].handle as? ModelObject else {
                throw args.mismatch("model", expected: "a trained or registered model")
            }
            let data = try args.dataset("data").frame
            let reference = try args.isNull("reference") ? nil : try args.dataset("reference").frame
            let tolerance = try args.isNull("tolerance") ? nil : try args.number("tolerance")
            let options = try driftOptions(args)
            let store = object.registration == nil ? nil : try writableStore(args)
            let outcome = try library {
                try MonitorService.run(model: object, data: data, reference: reference, options: options, tolerance: tolerance,
                                       store: store, source: nil)
            }
            if let store { _ = try library { try MonitorService.record(outcome, model: object, store: store) } }
            return .object(DriftReportObject(outcome))
        },
        Builtin(BuiltinSignature(
            "monitor_history", [BuiltinParameter("name", types: [.string])], effect: .io, returns: .dataset,
            doc: "every stored monitor result of a registered model: the trend, one row a call")) { args in
            let name = try args.string("name")
            guard let store = try existingStore(args) else { throw RuntimeError.wrapping(StoreError.unknownModel(name: name, known: [])) }
            return try frame(MonitorHistoryTable.columns(try library { try store.monitorHistory(name: name) }))
        },
    ]

    static let monitorTests: [Builtin] = DriftMethod.allCases.map { method in
        Builtin(BuiltinSignature(
            method.rawValue, [
                BuiltinParameter("reference", types: [.column]), BuiltinParameter("current", types: [.column]),
                BuiltinParameter("threshold", default: .null, types: [.number, .null]),
            ], returns: .record, doc: "the \(method.rawValue) drift test on two columns: {statistic, p_value, threshold, drifted}")) { args in
            guard let reference = try args["reference"].handle as? ColumnObject, let current = try args["current"].handle as? ColumnObject else {
                throw args.mismatch("reference", expected: "two columns")
            }
            let threshold = try args.isNull("threshold") ? nil : try args.number("threshold")
            let result = try library {
                try Drift.column(name: reference.column.name, reference: reference.column, current: current.column,
                                 method: method, threshold: threshold)
            }
            if let problem = result.problem {
                throw RuntimeError("\(method.rawValue) cannot test these columns: \(problem)")
            }
            return record([
                "statistic": .number(result.statistic), "p_value": result.pValue.map { .number($0) } ?? .null,
                "threshold": .number(result.threshold), "drifted": .bool(result.drifted),
            ], symbols: args.vm.symbols)
        }
    }
}

/// Monitor history as the trend table `monitor_history` returns: one row a call, with the
/// verdicts and one `drift.COLUMN` statistic column per monitored column.
enum MonitorHistoryTable {
    static func columns(_ history: [MonitorRecord]) -> [Column] {
        var columns: [Column] = [
            .strings("at", history.map { Builtins.time($0.at) }),
            .integers("version", history.map { Int64($0.version) }),
            .strings("source", history.map(\.source)),
            .integers("rows", history.map { Int64($0.rows) }),
            .numeric("drift_share", history.map(\.driftShare)),
            .bools("drifted", history.map { $0.drifted }),
            .numeric("prediction_drift", history.map { $0.predictionDrift ?? .nan }),
            .bools("performance_ok", history.map { $0.performanceOK }),
        ]
        var names: [String] = []
        for record in history { for column in record.columns where !names.contains(column.column) { names.append(column.column) } }
        for name in names {
            columns.append(.numeric("drift.\(name)", history.map { record in
                record.columns.first { $0.column == name }?.statistic ?? .nan
            }))
        }
        return columns
    }
}
