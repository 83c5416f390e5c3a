import Data

/// Checks a decoded model file against itself before any of it is used, so that a damaged
/// file fails at `load_model` with `MLError.corruptModel` naming what is wrong, never later
/// as a trap in `predict`. The algorithm's state is checked before its `init(state:)` runs
/// (that initializer may multiply shapes or narrow integers to `Int32`, which traps on wild
/// values), against the sizes the envelope declares: `features` (the width of the encoded
/// model matrix) and `classes` (0 for regression and clustering).
///
/// The checks read `ModelState` keys only, so they sit here rather than in each model's
/// file; a model that adds a key adds its check here.
enum ModelFileCheck {
    /// The envelope's declared sizes, which every part of the state must agree with.
    struct Sizes {
        var kind: String
        var task: Task
        /// Columns of the encoded model matrix.
        var features: Int
        /// Target classes (classification), else 0.
        var classes: Int
    }

    // MARK: Algorithm state

    static func checkState(_ state: ModelState, _ sizes: Sizes) throws {
        switch sizes.kind {
        case "logistic": try logistic(state, sizes)
        case "linear", "ridge", "lasso", "elastic_net": try linear(state, sizes)
        case "naive_bayes": try naiveBayes(state, sizes)
        case "knn": try knn(state, sizes)
        case "tree": try tree(state, sizes, forest: false)
        case "forest": try tree(state, sizes, forest: true)
        case "boost": try boost(state, sizes)
        case "kmeans": try kmeans(state, sizes)
        default: break  // a kind without checks here relies on its own init(state:)
        }
    }

    static func logistic(_ state: ModelState, _ s: Sizes) throws {
        let shape = try state.integerArray("shape")
        guard shape.count == 3 else { throw damaged("logistic shape has \(shape.count) entries, expected 3") }
        let rows = shape[0], features = shape[1], classes = shape[2]
        try checkFeatures(features, s)
        try checkClasses(classes, s)
        let expectedRows = classes == 2 ? 1 : classes
        guard rows == expectedRows else {
            throw damaged("logistic has \(rows) coefficient rows for \(classes) classes (expected \(expectedRows))")
        }
        try count(state, "coefficients", rows, features, what: "logistic coefficients")
        try count(state, "intercepts", rows, 1, what: "logistic intercepts")
        try finite(state, "coefficients", what: "logistic coefficients")
        try finite(state, "intercepts", what: "logistic intercepts")
        _ = try state.integer("iterations")
        _ = try state.integer("converged")
    }

    static func linear(_ state: ModelState, _ s: Sizes) throws {
        try count(state, "coefficients", s.features, 1, what: "\(s.kind) coefficients")
        try count(state, "intercept", 1, 1, what: "\(s.kind) intercept")
        try finite(state, "coefficients", what: "\(s.kind) coefficients")
        try finite(state, "intercept", what: "\(s.kind) intercept")
    }

    static func naiveBayes(_ state: ModelState, _ s: Sizes) throws {
        try checkFeatures(try state.integer("features"), s)
        let priors = try state.array("priors")
        guard priors.count == s.classes else {
            throw damaged("naive_bayes has \(priors.count) class priors for \(s.classes) classes")
        }
        try count(state, "means", s.classes, s.features, what: "naive_bayes means")
        try count(state, "variances", s.classes, s.features, what: "naive_bayes variances")
        try finite(state, "means", what: "naive_bayes means")
        if let bad = try state.array("variances").firstIndex(where: { !($0 > 0 && $0.isFinite) }) {
            throw damaged("naive_bayes variance \(bad) is \(try state.array("variances")[bad]), not a positive number")
        }
        if let bad = priors.firstIndex(where: { !($0 > 0 && $0 <= 1) }) {
            throw damaged("naive_bayes prior of class \(bad) is \(priors[bad]), not a probability above 0")
        }
    }

    static func knn(_ state: ModelState, _ s: Sizes) throws {
        let shape = try state.integerArray("shape")
        guard shape.count == 2 else { throw damaged("knn shape has \(shape.count) entries, expected 2") }
        let rows = shape[0]
        guard rows >= 1 else { throw damaged("knn holds \(rows) training rows") }
        try checkFeatures(shape[1], s)
        try count(state, "points", rows, shape[1], what: "knn points")
        try finite(state, "points", what: "knn points")
        let targets = try state.array("targets")
        guard targets.count == rows else { throw damaged("knn has \(targets.count) targets for \(rows) training rows") }
        let k = try state.integer("k")
        guard k >= 1, k <= rows else { throw damaged("knn k is \(k), not between 1 and the \(rows) training rows") }
        try checkClasses(try state.integer("classes"), s)
        guard let weights = state.strings["weights"], weights.count == 1, ["uniform", "distance"].contains(weights[0]) else {
            throw damaged("knn weights are \(state.strings["weights"].map { "\($0)" } ?? "missing"), not \"uniform\" or \"distance\"")
        }
        if s.classes > 0 {
            if let bad = targets.first(where: { !($0 >= 0 && $0 < Double(s.classes) && $0 == $0.rounded()) }) {
                throw damaged("knn class index \(number(bad)) is out of range (\(s.classes) classes)")
            }
        } else if let bad = targets.firstIndex(where: { !$0.isFinite }) {
            throw damaged("knn target \(bad) is \(targets[bad]), not a finite number")
        }
    }

    /// `tree` and `forest` share the node layout of `CARTNodes`.
    static func tree(_ state: ModelState, _ s: Sizes, forest: Bool) throws {
        try task(state, s)
        try checkFeatures(try state.integer("feature_count"), s)
        let width = try state.integer("value_width")
        let expectedWidth = s.task.isClassification ? s.classes : 1
        guard width == expectedWidth else {
            throw damaged("\(s.kind) leaves hold \(width) values each, expected \(expectedWidth)")
        }
        let feature = try state.integerArray("feature")
        let left = try state.integerArray("left"), right = try state.integerArray("right")
        let threshold = try state.array("threshold"), leafValues = try state.array("leaf_values")
        let n = feature.count
        guard n >= 1 else { throw damaged("the \(s.kind) has no nodes") }
        guard n <= Int(Int32.max) else { throw damaged("the \(s.kind) has \(n) nodes, more than a model can hold") }
        guard left.count == n, right.count == n, threshold.count == n else {
            throw damaged("\(s.kind) node arrays differ in length (\(n) features, \(left.count) left, \(right.count) right, \(threshold.count) thresholds)")
        }
        guard leafValues.count % width == 0 else {
            throw damaged("\(s.kind) has \(leafValues.count) leaf values, not a multiple of \(width)")
        }
        if let bad = leafValues.firstIndex(where: { !$0.isFinite }) {
            throw damaged("\(s.kind) leaf value \(bad) is \(leafValues[bad]), not a finite number")
        }
        let leaves = leafValues.count / width
        for i in 0..<n {
            if feature[i] < 0 {
                guard feature[i] == -1 else { throw damaged("\(s.kind) node \(i) has feature index \(feature[i])") }
                guard left[i] >= 0, left[i] < leaves, right[i] == -1 else {
                    throw damaged("\(s.kind) leaf \(i) points at leaf \(left[i]), out of range (\(leaves) leaves)")
                }
            } else {
                guard feature[i] < s.features else {
                    throw damaged("\(s.kind) node \(i) splits on feature \(feature[i]), out of range (\(s.features) features)")
                }
                // Children after their parent: every walk ends at a leaf, so no cycle.
                guard left[i] > i, left[i] < n, right[i] > i, right[i] < n else {
                    throw damaged("\(s.kind) node \(i) has children \(left[i]) and \(right[i]), which must come after it and below \(n)")
                }
                guard !threshold[i].isNaN else { throw damaged("\(s.kind) node \(i) has a NaN threshold") }
            }
        }
        if forest {
            let roots = try state.integerArray("roots")
            guard !roots.isEmpty else { throw damaged("the forest has no trees") }
            if let bad = roots.first(where: { !($0 >= 0 && $0 < n) }) {
                throw damaged("forest tree root \(bad) is out of range (\(n) nodes)")
            }
        }
    }

    static func boost(_ state: ModelState, _ s: Sizes) throws {
        try task(state, s)
        try checkFeatures(try state.integer("feature_count"), s)
        try checkClasses(try state.integer("class_count"), s)
        let perRound = try state.integer("trees_per_round")
        let expectedPerRound = s.classes > 2 ? s.classes : 1
        guard perRound == expectedPerRound else {
            throw damaged("boost grows \(perRound) trees a round, expected \(expectedPerRound)")
        }
        let baseline = try state.array("baseline")
        guard baseline.count == perRound else { throw damaged("boost has \(baseline.count) baselines, expected \(perRound)") }
        if let bad = baseline.first(where: { !$0.isFinite }) { throw damaged("boost baseline \(bad) is not a finite number") }
        let feature = try state.integerArray("feature"), left = try state.integerArray("left")
        let right = try state.integerArray("right"), missing = try state.integerArray("missing_left")
        let bins = try state.integerArray("bin_threshold")
        let threshold = try state.array("threshold"), value = try state.array("value")
        let n = feature.count
        guard n <= Int(Int32.max) else { throw damaged("boost has \(n) nodes, more than a model can hold") }
        guard left.count == n, right.count == n, missing.count == n, bins.count == n, threshold.count == n, value.count == n else {
            throw damaged("boost node arrays differ in length")
        }
        let roots = try state.integerArray("roots")
        guard roots.count % perRound == 0 else { throw damaged("boost has \(roots.count) trees, not whole rounds of \(perRound)") }
        if let bad = roots.first(where: { !($0 >= 0 && $0 < n) }) {
            throw damaged("boost tree root \(bad) is out of range (\(n) nodes)")
        }
        for i in 0..<n {
            guard (0...255).contains(bins[i]) else { throw damaged("boost node \(i) has bin threshold \(bins[i]), not 0...255") }
            guard missing[i] == 0 || missing[i] == 1 else { throw damaged("boost node \(i) has missing_left \(missing[i])") }
            if feature[i] < 0 {
                guard feature[i] == -1, left[i] == -1, right[i] == -1 else {
                    throw damaged("boost leaf \(i) has feature \(feature[i]) and children \(left[i]), \(right[i])")
                }
                guard value[i].isFinite else { throw damaged("boost leaf \(i) has value \(value[i]), not a finite number") }
            } else {
                guard feature[i] < s.features else {
                    throw damaged("boost node \(i) splits on feature \(feature[i]), out of range (\(s.features) features)")
                }
                guard left[i] > i, left[i] < n, right[i] > i, right[i] < n else {
                    throw damaged("boost node \(i) has children \(left[i]) and \(right[i]), which must come after it and below \(n)")
                }
                guard !threshold[i].isNaN else { throw damaged("boost node \(i) has a NaN threshold") }
            }
        }
    }

    static func kmeans(_ state: ModelState, _ s: Sizes) throws {
        let shape = try state.integerArray("shape")
        guard shape.count == 2 else { throw damaged("kmeans shape has \(shape.count) entries, expected 2") }
        guard shape[0] >= 1 else { throw damaged("kmeans has \(shape[0]) clusters") }
        try checkFeatures(shape[1], s)
        try count(state, "centers", shape[0], shape[1], what: "kmeans centers")
        try finite(state, "centers", what: "kmeans centers")
        _ = try state.scalar("inertia")
    }

    // MARK: Preprocessing and target

    /// The numbers each fitted step applies must be finite (a scale also non-zero), and its
    /// arrays as long as its column list.
    static func checkStep(_ name: String, _ state: ModelState) throws {
        func lengths(_ keys: [String], columns: String = "columns") throws {
            let names = try state.stringArray(columns)
            for key in keys {
                let values = try state.array(key)
                guard values.count == names.count else {
                    throw damaged("\(name)() holds \(values.count) '\(key)' values for \(names.count) columns")
                }
            }
        }
        switch name {
        case "standardize":
            try lengths(["mean", "scale"])
            try finite(state, "mean", what: "standardize means")
            if let bad = try state.array("scale").first(where: { !($0.isFinite && $0 != 0) }) {
                throw damaged("standardize scale \(bad) is not a finite non-zero number")
            }
        case "minmax":
            try lengths(["scale", "offset"])
            try finite(state, "scale", what: "minmax scales")
            try finite(state, "offset", what: "minmax offsets")
        case "impute":
            try lengths(["fill"])
            // NaN is a valid fill (a column with no training values); infinity is not.
            if let bad = try state.array("fill").first(where: { $0.isInfinite }) {
                throw damaged("impute fill value \(bad) is not finite")
            }
            let text = try state.stringArray("textColumns"), fills = try state.stringArray("textFill")
            guard text.count == fills.count else { throw damaged("impute holds \(fills.count) text fills for \(text.count) columns") }
        case "onehot":
            let names = try state.stringArray("columns")
            for k in names.indices { _ = try state.stringArray("categories.\(k)") }
        default:
            break
        }
    }

    /// Class labels and their values: a numeric target needs one finite value per class
    /// (an int64 one a whole number in range, as predictions turn it back into int64).
    static func checkTarget(type: ColumnType, task: Task, classes: [String], classValues: [Double]) throws {
        switch task {
        case .binary:
            guard classes.count == 2 else { throw damaged("a binary model has \(classes.count) classes") }
        case .multiclass:
            guard classes.count >= 2 else { throw damaged("a classifier has \(classes.count) classes, fewer than two") }
        case .regression, .clustering:
            guard classes.isEmpty else { throw damaged("a \(task.rawValue) model lists \(classes.count) classes") }
            return
        }
        if type == .string {
            guard classValues.isEmpty else { throw damaged("text classes carry \(classValues.count) numeric values") }
            return
        }
        guard classValues.count == classes.count else {
            throw damaged("\(classes.count) class names but \(classValues.count) class values")
        }
        for x in classValues {
            guard x.isFinite else { throw damaged("class value \(x) is not a finite number") }
            if type == .int64 {
                guard x == x.rounded(), x >= -9.2e18, x <= 9.2e18 else { throw damaged("int64 class value \(x) is not a whole number in range") }
            }
        }
    }

    // MARK: Helpers

    static func damaged(_ problem: String) -> MLError { MLError.corruptModel(problem) }

    static func task(_ state: ModelState, _ s: Sizes) throws {
        guard let names = state.strings["task"], names.count == 1, let task = Task(rawValue: names[0]) else {
            throw damaged("\(s.kind) task is \(state.strings["task"].map { "\($0)" } ?? "missing"), not a known task")
        }
        guard task == s.task else { throw damaged("\(s.kind) state is for a \(task.rawValue) task, the file says \(s.task.rawValue)") }
    }

    static func checkFeatures(_ found: Int, _ s: Sizes) throws {
        guard found == s.features else {
            throw damaged("\(s.kind) was fitted on \(found) feature columns, but the file lists \(s.features)")
        }
    }

    static func checkClasses(_ found: Int, _ s: Sizes) throws {
        guard found == s.classes else {
            throw damaged("\(s.kind) was fitted for \(found) classes, but the file lists \(s.classes)")
        }
    }

    /// `key` holds rows × columns numbers (the product checked without overflow).
    static func count(_ state: ModelState, _ key: String, _ rows: Int, _ columns: Int, what: String) throws {
        guard rows >= 0, columns >= 0 else { throw damaged("\(what) have the shape \(rows) × \(columns)") }
        let (product, overflow) = rows.multipliedReportingOverflow(by: columns)
        let found = try state.array(key).count
        guard !overflow, found == product else {
            throw damaged("\(what) hold \(found) numbers, expected \(rows) × \(columns)")
        }
    }

    static func finite(_ state: ModelState, _ key: String, what: String) throws {
        let values = try state.array(key)
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw damaged("\(what) hold \(values[bad]) at position \(bad), not a finite number")
        }
    }

    /// An index as the file wrote it: `7`, not `7.0`.
    static func number(_ x: Double) -> String {
        x.isFinite && x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : "\(x)"
    }
}
