"""Tests/Fixtures/ml/explanations.json: scikit-learn's coefficients and feature
importances on one small seeded dataset, for `m.coefficients` and `m.importance`.

The data (written into the fixture, rounded to 4 decimals): 160 rows of numeric
x1 ~ N(0, 1), x2 ~ N(5, 2), a text column city in {north, south, west}, and
x3 ~ N(0, 0.5), in that order; a regression target y, a binary target label2
(no/yes) and a three-class target label3 (high/low/mid), each driven mostly by
x1, then x2, then city, with x3 pure noise.

Lathe one-hot encodes city in place, so the model matrix is
[x1, x2, city_north, city_south, city_west, x3] (categories sorted); the same
matrix is built here with numpy and given to scikit-learn.

  linear        LinearRegression().coef_, intercept_ (rank-deficient: the one-hot
                columns sum to 1, so both take the minimum-norm solution)
  ridge         Ridge(alpha=1.0)
  logistic      LogisticRegression(C=1.0, tol=1e-12, max_iter=10000) on label2
                and on label3 (one coefficient row per class)
  tree          DecisionTreeClassifier / Regressor(max_depth=4, random_state=0)
                .feature_importances_ (on continuous features ties between
                splits do not occur, so the tree and its importances are exact)
  forest        RandomForestClassifier(n_estimators=300, random_state=0)
                .feature_importances_: another random stream, so only the
                ranking of the clear features is compared
  boost         LightGBM's gain importance (importance_type="gain"), when the
                lightgbm package is installed: a ranking anchor, the binning differs
  std           each model-matrix column's population std (numpy, ddof=0)
  permutation   sklearn.inspection.permutation_importance(n_repeats=10,
                random_state=0) of a Pipeline(ColumnTransformer(OneHotEncoder on
                city, the rest passed through), LogisticRegression(C=1.0)) on
                label2, so whole input columns are permuted as Lathe does: the
                shuffles differ, so the ranking of the clear features is compared
"""

import numpy as np
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LinearRegression, LogisticRegression, Ridge
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor

SEED = 20261206
N = 160
CITIES = ["north", "south", "west"]


def data():
    rng = np.random.default_rng(SEED)
    x1 = np.round(rng.normal(0.0, 1.0, N), 4)
    x2 = np.round(rng.normal(5.0, 2.0, N), 4)
    city = np.array(CITIES)[rng.integers(0, 3, N)]
    x3 = np.round(rng.normal(0.0, 0.5, N), 4)
    effect = np.select([city == "north", city == "south"], [1.0, -0.5], 0.0)
    noise = rng.normal(0.0, 0.5, N)
    y = np.round(3.0 * x1 - 1.0 * (x2 - 5.0) + effect + noise, 4)
    score = 2.0 * x1 - 0.6 * (x2 - 5.0) + effect + rng.logistic(0.0, 1.0, N)
    label2 = np.where(score > 0, "yes", "no")
    label3 = np.where(score > 1.0, "high", np.where(score > -1.0, "mid", "low"))
    return x1, x2, city, x3, y, label2, label3


def matrix(x1, x2, city, x3):
    onehot = [(city == c).astype(float) for c in CITIES]
    return np.column_stack([x1, x2] + onehot + [x3])


def generate(fixtures, refjson, header):
    x1, x2, city, x3, y, label2, label3 = data()
    X = matrix(x1, x2, city, x3)
    names = ["x1", "x2", "city=north", "city=south", "city=west", "x3"]
    record = dict(header)
    record["about"] = __doc__.split("\n\n")[0]
    record["columns"] = {"x1": x1.tolist(), "x2": x2.tolist(), "city": city.tolist(), "x3": x3.tolist(),
                         "y": y.tolist(), "label2": label2.tolist(), "label3": label3.tolist()}
    record["features"] = names
    record["std"] = X.std(axis=0).tolist()

    linear = LinearRegression().fit(X, y)
    ridge = Ridge(alpha=1.0).fit(X, y)
    log2 = LogisticRegression(C=1.0, tol=1e-12, max_iter=10000).fit(X, label2)
    log3 = LogisticRegression(C=1.0, tol=1e-12, max_iter=10000).fit(X, label3)
    record["linear"] = {"coef": linear.coef_.tolist(), "intercept": float(linear.intercept_)}
    record["ridge"] = {"alpha": 1.0, "coef": ridge.coef_.tolist(), "intercept": float(ridge.intercept_)}
    record["logistic_binary"] = {"classes": log2.classes_.tolist(), "coef": log2.coef_.tolist(),
                                 "intercept": log2.intercept_.tolist()}
    record["logistic_multiclass"] = {"classes": log3.classes_.tolist(), "coef": log3.coef_.tolist(),
                                     "intercept": log3.intercept_.tolist()}
    tree_c = DecisionTreeClassifier(max_depth=4, random_state=0).fit(X, label2)
    tree_r = DecisionTreeRegressor(max_depth=4, random_state=0).fit(X, y)
    record["tree_classifier"] = {"max_depth": 4, "importances": tree_c.feature_importances_.tolist()}
    record["tree_regressor"] = {"max_depth": 4, "importances": tree_r.feature_importances_.tolist()}
    forest = RandomForestClassifier(n_estimators=300, random_state=0).fit(X, label2)
    record["forest_classifier"] = {"trees": 300, "importances": forest.feature_importances_.tolist()}
    import pandas as pd
    from sklearn.compose import ColumnTransformer
    from sklearn.inspection import permutation_importance
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import OneHotEncoder
    frame = pd.DataFrame({"x1": x1, "x2": x2, "city": city, "x3": x3})
    pipeline = Pipeline([
        ("prep", ColumnTransformer([("city", OneHotEncoder(), ["city"])], remainder="passthrough")),
        ("model", LogisticRegression(C=1.0, tol=1e-12, max_iter=10000)),
    ]).fit(frame, label2)
    result = permutation_importance(pipeline, frame, label2, scoring="accuracy", n_repeats=10, random_state=0)
    record["permutation"] = {"features": list(frame.columns), "metric": "accuracy", "repeats": 10,
                             "importances_mean": result.importances_mean.tolist(),
                             "importances_std": result.importances_std.tolist()}
    try:
        import lightgbm
    except ImportError:
        lightgbm = None
    if lightgbm is not None:
        booster = lightgbm.LGBMRegressor(n_estimators=100, learning_rate=0.1, num_leaves=31, min_child_samples=20,
                                         reg_lambda=0.0, importance_type="gain", verbose=-1, random_state=0)
        booster.fit(X, y)
        gains = booster.booster_.feature_importance(importance_type="gain")
        record["boost_regressor"] = {"lightgbm": lightgbm.__version__,
                                     "gain": (gains / gains.sum()).tolist()}
    return [refjson.write(fixtures / "ml" / "explanations.json", record)]


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
    # The header generate.py writes, so running this alone gives the same bytes.
    header = {"generator": "tools/reference/generate.py",
              "versions": {"numpy": numpy.__version__, "pandas": pandas.__version__,
                           "scipy": scipy.__version__, "scikit-learn": sklearn.__version__}}
    for path in generate(here.parent.parent / "Tests" / "Fixtures", refjson, header):
        print(path)
