import LatheCore
import Check
import Data
import IR
import ML

extension Builtins {
    static let modelSelection: [Builtin] = [
        Builtin(BuiltinSignature(
            "cross_validate", [
                BuiltinParameter("spec", types: [.handle]), BuiltinParameter("data", types: [.handle]),
                BuiltinParameter("k", default: .number(5), types: [.number]),
                BuiltinParameter("metric", default: .null, types: [.string, .null]),
                BuiltinParameter("seed", default: .number(0), types: [.number]),
                BuiltinParameter("prep", default: .null, types: [.list, .null]),
                BuiltinParameter("target", default: .null, types: [.string, .null]),
            ], effect: .random, returns: .record, doc: "k-fold scores of a spec: {scores, mean, std, metric}")) { args in
            let spec = try args.modelSpec(0)
            let data = try args.dataset(1)
            let k = try args.integer(2)
            let metric = args.isNull(3) ? nil : try args.string(3)
            let prep = try args.preprocessors(5)
            let target = try target(args, 6, data: data)
            let result = try fitting("cross_validate \(spec.name)", output: args.vm.output) { context in
                try ModelSelection.crossValidate(
                    spec, prep: prep, data: data.frame, target: target, k: k, metric: metric, seed: try args.seed(4),
                    stratify: true, context: context)
            }
            return record([
                "scores": .list(result.scores.map { .number($0) }), "mean": .number(result.mean),
                "std": .number(result.std), "metric": .string(result.metric),
            ], symbols: args.vm.symbols)
        },
        Builtin(BuiltinSignature(
            "tune", [
                BuiltinParameter("spec", types: [.handle]), BuiltinParameter("data", types: [.handle]),
                BuiltinParameter("grid", types: [.record]),
                BuiltinParameter("k", default: .number(5), types: [.number]),
                BuiltinParameter("metric", default: .null, types: [.string, .null]),
                BuiltinParameter("trials", default: .null, types: [.number, .null], doc: "random search: this many draws from the grid"),
                BuiltinParameter("seed", default: .number(0), types: [.number]),
                BuiltinParameter("prep", default: .null, types: [.list, .null]),
                BuiltinParameter("target", default: .null, types: [.string, .null]),
            ], effect: .random, returns: .record,
            doc: "grid or random search by cross-validation: {best, model, results}")) { args in
            let spec = try args.modelSpec(0)
            let data = try args.dataset(1)
            let gridRecord = try args.record(2)
            var grid: [String: [Scalar]] = [:]
            for (index, key) in gridRecord.keys.enumerated() {
                let name = args.vm.symbols.name(key)
                guard case .object(let object) = gridRecord.values[index], object.kind == .list else {
                    throw RuntimeError("grid: \(name) must be a list of values, e.g. {\(name): [0.1, 1, 10]}")
                }
                grid[name] = try unsafeDowncast(object, to: ListObject.self).items.map { try Scalar($0, name: name) }
            }
            let k = try args.integer(3)
            let metric = args.isNull(4) ? nil : try args.string(4)
            let trials = args.isNull(5) ? nil : try args.integer(5)
            let prep = try args.preprocessors(7)
            let target = try target(args, 8, data: data)
            let result = try fitting("tune \(spec.name)", output: args.vm.output) { context in
                try ModelSelection.tune(
                    spec, prep: prep, data: data.frame, target: target, grid: grid, trials: trials, k: k, metric: metric,
                    seed: try args.seed(6), context: context)
            }
            let names = grid.keys.sorted()
            var columns = names.map { name in
                makeParameterColumn(name, result.results.map { $0.parameters[name] ?? .null })
            }
            columns.append(Column.numeric("mean_\(result.metric)", result.results.map(\.mean)))
            columns.append(Column.numeric("std_\(result.metric)", result.results.map(\.std)))
            let table = try library { try Frame(columns: columns) }
            return record([
                "best": .object(ModelSpecObject(result.best)), "model": .object(ModelObject(result.model)),
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
