import Check
import Data
import LatheCore
import ML
import VM

extension Builtins {
    /// Every metric a supervised report has: the values `permutation_importance(metric:)` takes.
    static let supervisedMetricNames: [String] = [Task.binary, .multiclass, .regression]
        .flatMap { EvaluationReport.metricNames(for: $0) }
        .reduce(into: [String]()) { names, name in if !names.contains(name) { names.append(name) } }

    /// Model explanations that are functions rather than model fields.
    static let explanations: [Builtin] = [
        Builtin(BuiltinSignature(
            "permutation_importance", [
                BuiltinParameter("model", types: [.model]), BuiltinParameter("data", types: [.dataset]),
                BuiltinParameter("metric", default: .null, types: [.string, .null],
                                 constraint: ParameterConstraint(.choice(supervisedMetricNames), allowsNull: true),
                                 doc: "defaults to accuracy (classification) or r2 (regression)"),
                BuiltinParameter("repeats", default: .number(5), types: [.number],
                                 constraint: ParameterConstraint(.integer(1...10_000)), doc: "shuffles per column"),
                BuiltinParameter("seed", default: .number(0), types: [.number]),
            ], effect: .random, returns: .dataset,
            doc: "how much the metric drops when each input column is shuffled: feature, importance_mean, importance_std")) { args in
            let model = try args.model("model")
            let data = try args.dataset("data")
            let metric = try args.isNull("metric") ? nil : try args.string("metric")
            let repeats = try args.integer("repeats")
            let seed = try args.seed("seed")
            let result = try library {
                try PermutationImportance.compute(model, on: data.frame, metric: metric, repeats: repeats, seed: seed)
            }
            return .object(DatasetObject(try library {
                try Frame(columns: [
                    .strings("feature", result.features), .numeric("importance_mean", result.means),
                    .numeric("importance_std", result.stds),
                ])
            }, target: nil))
        },
        Builtin(BuiltinSignature(
            "explain", [BuiltinParameter("model", types: [.model]), BuiltinParameter("data", types: [.dataset])],
            returns: .dataset,
            doc: "per-row feature contributions (exact TreeSHAP for tree, forest, boost; exact for linear models): "
                + "class (classifiers), base_value, then one column per model feature; base_value + contributions = the output")) { args in
            let model = try args.model("model")
            let data = try args.dataset("data")
            let result = try library { try model.explain(data.frame) }
            return .object(DatasetObject(try ModelExplanationFields.contributionFrame(result), target: nil))
        },
    ]
}
