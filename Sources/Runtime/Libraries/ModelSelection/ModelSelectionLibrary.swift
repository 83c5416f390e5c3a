import LatheCore
import Check
import Data
import IR
import ML
import Store
import VM

extension NativeLibrary {
    /// Cross-validation and hyperparameter search.
    static let modelSelection = NativeLibrary(
        name: "model selection", doc: "cross-validation and hyperparameter search", builtins: Builtins.modelSelection)
}

extension Builtins {
    static let modelSelection: [Builtin] = [
        Builtin(BuiltinSignature(
            "cross_validate", [
                BuiltinParameter("spec", types: [.modelSpec]), BuiltinParameter("data", types: [.dataset]),
                BuiltinParameter("k", default: .number(5), types: [.number]),
                BuiltinParameter("metric", default: .null, types: [.string, .null]),
                BuiltinParameter("seed", default: .number(0), types: [.number]),
                BuiltinParameter("prep", default: .null, types: [.list, .null]),
                BuiltinParameter("target", default: .null, types: [.string, .null]),
            ], effect: .random, returns: .record, doc: "k-fold scores of a spec: {scores, mean, std, metric}")) { args in
            let spec = try args.modelSpec("spec")
            let data = try args.dataset("data")
            let k = try args.integer("k")
            let metric = try args.isNull("metric") ? nil : try args.string("metric")
            let prep = try args.preprocessors("prep")
            let target = try target(args, "target", data: data)
            let seed = try args.seed("seed")
            let params = RunRecording.parameters(of: spec) + [("cv.folds", String(k)), ("cv.seed", String(seed))]
            let result = try RunRecording.tracking(args.vm, kind: "cross_validate", name: spec.name, params: params) { run in
                let result = try fitting("cross_validate \(spec.name)", output: args.vm.output) { context in
                    try ModelSelection.crossValidate(
                        spec, prep: prep, data: data.frame, target: target, k: k, metric: metric, seed: seed,
                        stratify: true, context: context)
                }
                for (fold, score) in result.scores.enumerated() {
                    run?.child(kind: "fold", name: "fold \(fold + 1)", params: [("fold", String(fold + 1))],
                               metrics: [(result.metric, score, nil)])
                }
                run?.record(metrics: [("mean_\(result.metric)", result.mean, nil), ("std_\(result.metric)", result.std, nil)],
                            datasets: [RunDataset(fingerprint: Fingerprint.frame(data.frame, target: target), role: "train",
                                                  rows: data.frame.rowCount)])
                return result
            }
            return record([
                "scores": .list(result.scores.map { .number($0) }), "mean": .number(result.mean),
                "std": .number(result.std), "metric": .string(result.metric),
            ], symbols: args.vm.symbols)
        },
        Builtin(BuiltinSignature(
            "tune", [
                BuiltinParameter("spec", types: [.modelSpec]), BuiltinParameter("data", types: [.dataset]),
                BuiltinParameter("grid", types: [.record]),
                BuiltinParameter("k", default: .number(5), types: [.number]),
                BuiltinParameter("metric", default: .null, types: [.string, .null]),
                BuiltinParameter("trials", default: .null, types: [.number, .null], doc: "random search: this many draws from the grid"),
                BuiltinParameter("seed", default: .number(0), types: [.number]),
                BuiltinParameter("prep", default: .null, types: [.list, .null]),
                BuiltinParameter("target", default: .null, types: [.string, .null]),
            ], effect: .random, returns: .record,
            doc: "grid or random search by cross-validation: {best, best_params, best_score, best_model, model, results, metric}")) { args in
            let spec = try args.modelSpec("spec")
            let data = try args.dataset("data")
            let gridRecord = try args.record("grid")
            var grid: [String: [Scalar]] = [:]
            for (index, key) in gridRecord.keys.enumerated() {
                let name = args.vm.symbols.name(key)
                guard case .object(let object) = gridRecord.values[index].decoded, object.kind == .list else {
                    throw RuntimeError("grid: \(name) must be a list of values, e.g. {\(name): [0.1, 1, 10]}")
                }
                grid[name] = try unsafeDowncast(object, to: ListObject.self).items.map { try Scalar($0, name: name) }
            }
            let k = try args.integer("k")
            let metric = try args.isNull("metric") ? nil : try args.string("metric")
            let trials = try args.isNull("trials") ? nil : try args.integer("trials")
            let prep = try args.preprocessors("prep")
            let target = try target(args, "target", data: data)
            let seed = try args.seed("seed")
            var params = RunRecording.parameters(of: spec) + [("cv.folds", String(k)), ("cv.seed", String(seed))]
            params += grid.keys.sorted().map { ("grid.\($0)", (grid[$0] ?? []).map(RunRecording.text).joined(separator: ", ")) }
            let result = try RunRecording.tracking(args.vm, kind: "tune", name: spec.name, params: params) { run in
                let result = try fitting("tune \(spec.name)", output: args.vm.output) { context in
                    try ModelSelection.tune(
                        spec, prep: prep, data: data.frame, target: target, grid: grid, trials: trials, k: k, metric: metric,
                        seed: seed, context: context)
                }
                for (index, candidate) in result.results.enumerated() {
                    run?.child(kind: "candidate", name: "candidate \(index + 1)",
                               params: candidate.parameters.keys.sorted().map { ($0, RunRecording.text(candidate.parameters[$0] ?? .null)) },
                               metrics: [("mean_\(result.metric)", candidate.mean, nil), ("std_\(result.metric)", candidate.std, nil)])
                }
                let means = result.results.map(\.mean).filter { !$0.isNaN }
                let best = EvaluationReport.isLowerBetter(result.metric) ? means.min() : means.max()
                run?.record(metrics: best.map { [("best_\(result.metric)", $0, nil)] } ?? [],
                            tags: [("best", ModelSpecObject.describe(name: result.best.name, parameters: result.best.parameters))],
                            datasets: [RunDataset(fingerprint: Fingerprint.frame(data.frame, target: target), role: "train",
                                                  rows: data.frame.rowCount)])
                return result
            }
            let names = grid.keys.sorted()
            var columns = names.map { name in
                makeParameterColumn(name, result.results.map { $0.parameters[name] ?? .null })
            }
            columns.append(Column.numeric("mean_\(result.metric)", result.results.map(\.mean)))
            columns.append(Column.numeric("std_\(result.metric)", result.results.map(\.std)))
            let table = try library { try Frame(columns: columns) }
            let model = Value.object(ModelObject(result.model, trainingData: data.frame))
            // As scikit-learn's best_params_ / best_score_ / best_estimator_: the grid's values for
            // the winner, its mean cross-validated score, and the model refitted on all rows.
            let winner = result.results[result.bestIndex]
            let bestParams = Value.object(RecordObject(
                keys: names.map { args.vm.symbols.intern($0) }, values: names.map { Value(winner.parameters[$0] ?? .null) }))
            return record([
                "best": .object(ModelSpecObject(result.best)), "model": model,
                "best_params": bestParams, "best_score": .number(winner.mean), "best_model": model,
                "results": .object(DatasetObject(table, target: nil)), "metric": .string(result.metric),
            ], symbols: args.vm.symbols)
        },
    ]

    /// A results-table column for one tuned parameter (numbers stay numeric).
    static func makeParameterColumn(_ name: String, _ values: [Scalar]) -> Column {
        if values.allSatisfy({ if case .number = $0 { return true }; return $0 == .null }) {
            return Column.numeric(name, values.map { if case .number(let x) = $0 { return x }; return .nan })
        }
        return Column.strings(name, values.map { value in
            switch value {
            case .null: return nil
            case .string(let text): return text
            default: return value.description
            }
        })
    }
}
