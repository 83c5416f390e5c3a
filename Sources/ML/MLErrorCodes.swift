import LatheCore

/// The codes of `MLError`'s cases: `E0500`–`E0599`. Never renumber one.
public enum MLErrorCodes: ErrorCatalogue {
    public static let layer = "ml"

    public static let unknownModel = ErrorCode(
        "E0500", "unknown model or preprocessor",
        explanation: """
            A model file or a prep: list names a model or preprocessor this lathe does not \
            know. The hint lists the known ones. A model file from another lathe version may \
            use a model that this one lacks.
            """,
        example: "let m = load_model(\"model-from-a-newer-lathe.json\")")

    public static let unknownParameter = ErrorCode(
        "E0501", "unknown model parameter",
        explanation: """
            The model spec has no parameter with this name, for example in a tune() grid. \
            Check the spelling; the hint lists the valid parameters, and 'lathe builtins' shows \
            each model's signature.
            """,
        example: "let r = tune(logistic(), make_classification(n: 40), {alpha: [1, 2]})")

    public static let invalidParameter = ErrorCode(
        "E0502", "invalid model parameter value",
        explanation: """
            A model parameter is outside its valid range or not one of its allowed values. The \
            message shows what the parameter accepts; pass a value in that range.
            """,
        example: "let criterion = \"cha\" + \"os\"\nlet m = train(tree(criterion: criterion), make_classification(n: 20))")

    public static let unknownColumn = ErrorCode(
        "E0503", "unknown column",
        explanation: """
            train(), predict() or evaluate() was asked for a column the data does not have, as \
            the target or as a feature the model was trained on. Check the spelling; the hint \
            lists the columns.
            """,
        example: "let m = train(logistic(), make_classification(n: 20), target: \"label\")")

    public static let invalidData = ErrorCode(
        "E0504", "data unsuitable for the model",
        explanation: """
            The data cannot be used as given: a classifier with a continuous target, a binary \
            task with many classes, too few rows for the model, and so on. The hint, when there \
            is one, names the model or option that fits the data.
            """,
        example: "let m = train(naive_bayes(), make_regression(n: 20))")

    public static let missingValues = ErrorCode(
        "E0505", "missing values the model cannot take",
        explanation: """
            A feature column has missing values, and the model cannot handle them. Fill them \
            with impute() in prep:, drop the column, or use a tree-based model.
            """,
        example: "let ds = with(make_classification(n: 4), x0: column([1, null, 3, 4]))\nlet m = train(logistic(), ds)")

    public static let unsupportedTask = ErrorCode(
        "E0506", "task not supported by the model",
        explanation: """
            The model cannot do the requested task, for example a classifier asked for \
            regression. Choose a model that supports the task, or change task:.
            """,
        example: "let m = train(naive_bayes(), make_regression(n: 20), task: \"regression\")")

    public static let notConverged = ErrorCode(
        "E0507", "training did not converge",
        explanation: """
            The optimiser stopped before reaching a solution. Scale the features with \
            standardize(), raise max_iter:, or loosen tol:.
            """,
        example: "let m = train(logistic(max_iter: 1), make_classification(n: 200))")

    public static let corruptModel = ErrorCode(
        "E0508", "damaged model file",
        explanation: """
            load_model() read a file that is not a valid lathe model file: it is not JSON, a \
            field is missing or malformed, or the fields disagree (a class index out of range, \
            coefficient rows that do not match the class names, a tree node pointing outside \
            the tree, a number that must be finite and is not). Every index and length is \
            checked when the file is loaded, so a damaged file never reaches predict(). Load a \
            file written by save_model(), or save the model again.
            """,
        example: "let m = load_model(\"examples/data/iris.csv\")")

    public static let newerFormat = ErrorCode(
        "E0509", "model file from a newer lathe",
        explanation: """
            The model file was saved in a newer format version than this lathe reads. Upgrade \
            lathe to load it, or save the model again with this version.
            """,
        example: "let m = load_model(\"model-from-a-newer-lathe.json\")")

    public static let interrupted = ErrorCode(
        "E0510", "training interrupted",
        explanation: """
            Ctrl-C stopped training; nothing was changed. Run the script again to train the \
            model, with fewer rounds or rows if it takes too long.
            """,
        example: "let m = train(forest(trees: 100000), make_classification(n: 10000))  # then press Ctrl-C")

    public static let infiniteValue = ErrorCode(
        "E0511", "infinite value in a feature",
        explanation: """
            A feature column holds inf or -inf, at training or at prediction. No model gives a \
            meaningful answer for it, so every model refuses it; the message names the column \
            and the first such data row. Infinities usually come from dividing by zero or \
            log(0): drop or replace those rows, or fix the expression that made them.
            """,
        example: "let ds = with(make_classification(n: 4), x0: column([1, 1 / 0, 3, 4]))\nlet m = train(logistic(), ds)")

    public static let noRowsToEvaluate = ErrorCode(
        "E0512", "nothing to evaluate",
        explanation: """
            evaluate() was given a dataset with no rows, so no metric can be computed. Check \
            the filter or split that produced the data.
            """,
        example: "let ds = make_classification(n: 20)\nlet m = train(logistic(), ds)\nlet r = evaluate(m, head(ds, 0))")

    public static let evaluatingTrainedRows = ErrorCode(
        "E0513", "evaluating on training rows",
        explanation: """
            evaluate() was given rows the model was trained on, so its scores would flatter \
            the model. Rows drawn from the data the model was trained on (parts of the same \
            split() or kfold(), or that data itself) are compared by identity: a row counts only \
            if it is the same row, so duplicate rows in the data are not mistaken for trained \
            ones (they get a warning instead). Evaluate on the held-out part of the split; \
            allow_overlap: true skips the check.
            """,
        example: "let ds = make_classification(n: 40)\nlet m = train(logistic(), ds)\nlet r = evaluate(m, ds)")

    public static let evaluatingTrainingValues = ErrorCode(
        "E0514", "evaluation rows equal training rows",
        explanation: """
            evaluate() was given data that does not come from the split the model was trained \
            on, and some of its rows have the same feature values as training rows. Without a \
            common origin, rows can only be compared by value, so these may be the training rows \
            under another name (a copy, a re-read file) or genuine repeats. Evaluate on data the \
            model has not seen; if the repeats are expected, pass allow_overlap: true.
            """,
        example: "let ds = make_classification(n: 40)\nlet m = train(logistic(), ds)\nlet r = evaluate(m, head(ds, 10))")

    public static let unsupportedWeights = ErrorCode(
        "E0515", "weights not supported by the model",
        explanation: """
            train() was given weights: (a sample-weight column) or class_weight: for a model \
            that cannot use them, as scikit-learn's estimators without sample_weight or \
            class_weight. Sample weights work with linear, ridge, logistic, tree, forest, boost, \
            naive_bayes and kmeans; class weights with logistic, tree, forest and boost.
            """,
        example: "let m = train(knn(), make_classification(n: 20), class_weight: \"balanced\")")

    public static let codes: [ErrorCode] = [
        unknownModel, unknownParameter, invalidParameter, unknownColumn, invalidData, missingValues,
        unsupportedTask, notConverged, corruptModel, newerFormat, interrupted, infiniteValue, noRowsToEvaluate,
        evaluatingTrainedRows, evaluatingTrainingValues, unsupportedWeights,
    ]
}
