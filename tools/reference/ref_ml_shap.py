"""Tests/Fixtures/ml/shap.json: the shap package's explanations of the models
`explain(m, rows)` explains, on the data of ref_ml_explanations.py (the same
160 rows; Tests/Fixtures/ml/shap_data.csv holds them as a CSV for Lathe).

  tree_regressor, tree_classifier
                shap.TreeExplainer (feature_perturbation="tree_path_dependent",
                its default without background data) of
                DecisionTreeRegressor / DecisionTreeClassifier(max_depth=4,
                random_state=0). These are the trees Lathe grows on the same
                data (same splits and thresholds, see explanations.json), so the
                values compare exactly. The classifier's values are the
                probability of the positive class "yes" (shap's [:, :, 1]).
  ridge, logistic
                shap.LinearExplainer(model, Independent(X, max_samples=160))
                (every training row as the background: contributions coef * (x - mean(X)), base value
                intercept + coef . mean(X)) of Ridge(alpha=1.0) and
                LogisticRegression(C=1.0, tol=1e-12, max_iter=10000) on label2
                (log-odds of "yes").
  boost_binary, boost_regressor
                Lathe's own boosted trees, read from the model files
                shap_boost_label2.model.json and shap_boost_y.model.json (written
                by `lathe run tools/reference/shap_boost_models.mlx`; Lathe and
                LightGBM bin differently, so matching trees is impractical):
                each tree is handed to shap.TreeExplainer as a custom tree
                dictionary (children, default child for NaN, thresholds with
                x <= t going left, leaf values, node_sample_weight = Lathe's
                per-node row counts) with base_offset = Lathe's initial score,
                in raw margin space (log-odds for label2).

Each entry has the explained rows' indices (the first 20), the shap values
(rows x features) and the base value.
"""

import json

import numpy as np

import ref_ml_explanations

ROWS = 20


def write_csv(path, columns):
    names = ["x1", "x2", "city", "x3", "y", "label2", "label3"]
    lines = [",".join(names)]
    for i in range(len(columns["x1"])):
        lines.append(",".join(repr(float(columns[n][i])) if n in ("x1", "x2", "x3", "y") else str(columns[n][i])
                              for n in names))
    path.write_text("\n".join(lines) + "\n")
    return path


def lathe_trees(path):
    """A Lathe boost model file as shap's custom tree dictionaries."""
    state = json.loads(path.read_text())["model"]
    integers = state["integers"]
    # Model files store each double as its IEEE-754 bit pattern, so they read back exactly.
    arrays = {k: np.array(v, dtype=np.uint64).view(np.float64) for k, v in state["arrays"].items()}
    feature = np.array(integers["feature"]); left = np.array(integers["left"]); right = np.array(integers["right"])
    missing_left = np.array(integers["missing_left"]); threshold = np.array(arrays["threshold"], dtype=float)
    value = np.array(arrays["value"], dtype=float); cover = np.array(arrays["cover"], dtype=float)
    roots = integers["roots"] + [len(feature)]
    trees = []
    for t in range(len(roots) - 1):
        lo, hi = roots[t], roots[t + 1]
        f = feature[lo:hi]
        leaf = f < 0
        cl = np.where(leaf, -1, left[lo:hi] - lo); cr = np.where(leaf, -1, right[lo:hi] - lo)
        trees.append({
            "children_left": cl.astype(np.int32), "children_right": cr.astype(np.int32),
            "children_default": np.where(missing_left[lo:hi] == 1, cl, cr).astype(np.int32),
            "features": np.where(leaf, -2, f).astype(np.int32), "thresholds": threshold[lo:hi].copy(),
            "values": value[lo:hi].reshape(-1, 1), "node_sample_weight": cover[lo:hi].copy(),
        })
    return {"trees": trees, "base_offset": float(arrays["baseline"][0]), "tree_output": "raw_value",
            "input_dtype": np.float64, "internal_dtype": np.float64}


def generate(fixtures, refjson, header):
    import shap
    from sklearn.linear_model import LogisticRegression, Ridge
    from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor

    x1, x2, city, x3, y, label2, label3 = ref_ml_explanations.data()
    X = ref_ml_explanations.matrix(x1, x2, city, x3)
    rows = X[:ROWS]
    written = [write_csv(fixtures / "ml" / "shap_data.csv",
                         {"x1": x1, "x2": x2, "city": city, "x3": x3, "y": y, "label2": label2, "label3": label3})]
    record = dict(header)
    record["versions"] = dict(header["versions"], shap=shap.__version__)
    record["about"] = __doc__.split("\n\n")[0]
    record["rows"] = list(range(ROWS))

    def entry(values, base):
        return {"values": np.asarray(values).tolist(), "base_value": float(base)}

    tree_r = DecisionTreeRegressor(max_depth=4, random_state=0).fit(X, y)
    explainer = shap.TreeExplainer(tree_r)
    record["tree_regressor"] = entry(explainer.shap_values(rows), np.ravel(explainer.expected_value)[0])
    tree_c = DecisionTreeClassifier(max_depth=4, random_state=0).fit(X, label2)
    explainer = shap.TreeExplainer(tree_c)
    values = np.asarray(explainer.shap_values(rows))
    record["tree_classifier"] = entry(values[:, :, 1], np.ravel(explainer.expected_value)[1])

    # Every training row as the background (shap's default masker samples 100 of them).
    background = shap.maskers.Independent(X, max_samples=len(X))
    ridge = Ridge(alpha=1.0).fit(X, y)
    explainer = shap.LinearExplainer(ridge, background)
    record["ridge"] = entry(explainer.shap_values(rows), np.ravel(explainer.expected_value)[0])
    logistic = LogisticRegression(C=1.0, tol=1e-12, max_iter=10000).fit(X, label2)
    explainer = shap.LinearExplainer(logistic, background)
    record["logistic"] = entry(explainer.shap_values(rows), np.ravel(explainer.expected_value)[0])

    for name, model_file in [("boost_binary", "shap_boost_label2.model.json"), ("boost_regressor", "shap_boost_y.model.json")]:
        path = fixtures / "ml" / model_file
        if not path.exists():
            raise SystemExit(f"ref_ml_shap.py: {path} is missing; run `lathe run tools/reference/shap_boost_models.mlx` first")
        explainer = shap.TreeExplainer(lathe_trees(path))
        record[name] = entry(explainer.shap_values(rows), np.ravel(explainer.expected_value)[0])
        record[name]["model"] = model_file
    written.append(refjson.write(fixtures / "ml" / "shap.json", record))
    return written


if __name__ == "__main__":
    import sys
    from pathlib import Path
    here = Path(__file__).resolve().parent
    sys.path.insert(0, str(here))
    import numpy
    import pandas
    import scipy
    import sklearn
    import refjson
    header = {"generator": "tools/reference/generate.py",
              "versions": {"numpy": numpy.__version__, "pandas": pandas.__version__,
                           "scipy": scipy.__version__, "scikit-learn": sklearn.__version__}}
    for path in generate(here.parent.parent / "Tests" / "Fixtures", refjson, header):
        print(path)
