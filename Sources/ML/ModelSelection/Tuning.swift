import LatheCore
import Data
import Numeric

extension ModelSelection {
    /// Grid or random search: cross-validates `spec` with each combination of the values in
    /// `grid`, ranks them by the mean score, and refits the best on all of `data`.
    ///
    /// - Candidates: the cartesian product of the grid's lists, parameters in the order the
    ///   model declares them, the last varying fastest, values in the order given. Every
    ///   parameter not in the grid keeps its value in `spec`.
    /// - `trials`: random search — that many distinct combinations drawn without replacement
    ///   from the grid with `seed` (all of them, in grid order, when the grid has no more);
    ///   like scikit-learn's `RandomizedSearchCV` over lists.
    /// - Every candidate is scored on the same `k` folds (seeded with `seed`, stratified for
    ///   classification like scikit-learn's `GridSearchCV(cv=k)`).
    /// - The best has the highest mean (lowest for a loss, see `EvaluationReport.isLowerBetter`);
    ///   ties go to the earlier candidate, and NaN means rank last.
    /// - `results` lists every candidate, in search order, with its parameters, mean and std.
    public static func tune(_ spec: ModelSpec, prep: [PreprocessorSpec], data: Frame, target: String?,
                            grid: [String: [Scalar]], trials: Int?, k: Int, metric: String?, seed: UInt64,
                            context: FitContext) throws
        -> (best: ModelSpec, model: TrainedModel,
            results: [(parameters: [String: Scalar], mean: Double, std: Double)], metric: String, bestIndex: Int) {
        let setup = try Setup(spec, data: data, target: target, metric: metric, operation: "tune")
        let candidates = try Self.candidates(spec, grid: grid, trials: trials, seed: seed)
        let specs = try candidates.map { try spec.with($0) }
        let folds = try setup.folds(data, k: k, seed: seed, stratify: true)

        var results: [(parameters: [String: Scalar], mean: Double, std: Double)] = []
        let steps = Double(candidates.count * folds.count + 1)
        for (c, (parameters, candidate)) in zip(candidates, specs).enumerated() {
            let scores = try foldScores(candidate, prep: prep, folds: folds, setup: setup, context: context) { fold in
                (Double(c * folds.count + fold) / steps,
                 "tune: candidate \(c + 1) of \(candidates.count), fold \(fold + 1) of \(folds.count)")
            }
            let (mean, std) = meanAndStd(scores)
            results.append((parameters, mean, std))
        }

        let bestIndex = Self.best(results.map(\.mean), lowerIsBetter: setup.lowerIsBetter)
        try context.checkpoint(Double(candidates.count * folds.count) / steps, "tune: refitting the best on all rows")
        let model = try Trainer.train(specs[bestIndex], prep: prep, data: data, target: target, task: setup.task,
                                      validation: nil, context: context)
        try context.checkpoint(1, "tune: done")
        return (specs[bestIndex], model, results, setup.metric, bestIndex)
    }

    /// The parameter combinations to try (see `tune`).
    static func candidates(_ spec: ModelSpec, grid: [String: [Scalar]], trials: Int?,
                           seed: UInt64) throws -> [[String: Scalar]] {
        let declared = spec.estimatorType.parameters.map(\.name)
        for name in grid.keys where !declared.contains(name) {
            throw MLError.unknownParameter(model: spec.name, name: name, valid: declared)
        }
        let names = declared.filter { grid[$0] != nil }
        for name in names where grid[name]!.isEmpty {
            throw MLError.invalidData("tune: the grid gives no values for '\(name)'",
                                      hint: "list at least one value, e.g. grid: {\(name): [...]}")
        }
        let lists = names.map { grid[$0]! }
        var total = 1
        for list in lists {
            let (product, overflow) = total.multipliedReportingOverflow(by: list.count)
            guard !overflow else { throw MLError.invalidData("tune: the grid has too many combinations", hint: "use trials:") }
            total = product
        }
        func combination(_ index: Int) -> [String: Scalar] {
            var rest = index
            var out: [String: Scalar] = [:]
            for (name, list) in zip(names, lists).reversed() {
                out[name] = list[rest % list.count]
                rest /= list.count
            }
            return out
        }
        guard let trials else {
            guard total <= 100_000 else {
                throw MLError.invalidData("tune: the grid has \(total) combinations", hint: "use trials: for a random search")
            }
            return (0..<total).map(combination)
        }
        guard trials >= 1 else {
            throw MLError.invalidParameter(model: "tune", name: "trials", expected: "a whole number of at least 1",
                                           found: String(trials))
        }
        if trials >= total { return (0..<total).map(combination) }
        var generator = RandomGenerator(seed: seed)
        var chosen: [Int] = []
        if total <= 1_000_000 {
            chosen = Array(generator.permutation(total).prefix(trials))
        } else {
            var seen = Set<Int>()
            while chosen.count < trials {
                let index = Int(generator.next() % UInt64(total))
                if seen.insert(index).inserted { chosen.append(index) }
            }
        }
        return chosen.map(combination)
    }

    /// The index of the best mean: highest (lowest for a loss), first on ties, NaN last.
    static func best(_ means: [Double], lowerIsBetter: Bool) -> Int {
        var bestIndex = 0
        for (i, mean) in means.enumerated() where !mean.isNaN {
            let current = means[bestIndex]
            if current.isNaN || (lowerIsBetter ? mean < current : mean > current) { bestIndex = i }
        }
        return bestIndex
    }
}
