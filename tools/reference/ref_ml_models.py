"""Tests/Fixtures/ml/models_*.json: scikit-learn models fitted on its bundled
datasets (iris, wine, breast_cancer, diabetes, digits) and on seeded synthetic
data, with everything a test needs to refit the same models without Python.

Each file holds one dataset: its features (row-major, as loaded), its target,
and the split rule TEST_RULE (row i is a test row when i % 3 == 2; the other
rows train, in their original order), so the split needs no random numbers.
Standardized features use a StandardScaler fitted on the training rows; its
`mean` and `scale` are written so a test applies exactly the same transform,
(x - mean) / scale, to train and test rows.

Models, each with its scikit-learn construction and the Lathe spec it is
compared with:
  linear, ridge        coef, intercept, test predictions (raw features)
  logistic             coef, intercept, test predictions and probabilities
                       (standardized features, lbfgs run to tol=1e-12: at the
                       default tol=1e-4 lbfgs stops ~1e-2 from the optimum,
                       too far for a 1e-4 comparison of coefficients)
  tree                 held-out accuracy (classification) or R^2 (regression) for
                       random_state 0..9 (ties between splits are broken by a random
                       feature order, so the seed alone moves the score), and their mean
  boost                held-out accuracy / R^2 (deterministic)
  forest               held-out accuracy / R^2 for random_state 0..4, and
                       their mean (a single seed of a random forest is noisy)
  naive_bayes, knn     held-out accuracy / R^2 (knn on standardized features)
  kmeans               inertia on all rows (raw features)
"""

import warnings

import numpy as np
from sklearn import datasets
from sklearn.cluster import KMeans
from sklearn.ensemble import (HistGradientBoostingClassifier, HistGradientBoostingRegressor,
                              RandomForestClassifier, RandomForestRegressor)
from sklearn.linear_model import LinearRegression, LogisticRegression, Ridge
from sklearn.metrics import accuracy_score, r2_score
from sklearn.naive_bayes import GaussianNB
from sklearn.neighbors import KNeighborsClassifier, KNeighborsRegressor
from sklearn.preprocessing import StandardScaler
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor

TEST_RULE = "row i (0-based) is a test row when i % 3 == 2; the other rows are the training rows, in order"
FOREST_SEEDS = [0, 1, 2, 3, 4]
# scikit-learn's trees visit features in a random order (even with max_features=None) and
# keep the first of equally good splits, so random_state alone moves a fully grown tree's
# held-out accuracy by up to ~0.1 on these data. The reference is every seed's score.
TREE_SEEDS = list(range(10))
SYNTHETIC_SEED = 777
LOGISTIC_TOL = 1e-12


def test_mask(n):
    return np.arange(n) % 3 == 2


def _number_list(values):
    """Integral float arrays as JSON integers (shorter files); other floats unchanged."""
    values = np.asarray(values, dtype=np.float64)
    if np.all(values == np.round(values)) and np.all(np.abs(values) < 2 ** 53):
        return [int(v) for v in values]
    return values.tolist()


def load(name):
    """name -> (about, source, X, y, feature_names, classes or None)."""
    if name == "iris":
        b = datasets.load_iris()
        return ("the 150 iris flowers", "sklearn.datasets.load_iris()", b.data, b.target,
                list(b.feature_names), [str(c) for c in b.target_names])
    if name == "wine":
        b = datasets.load_wine()
        return ("178 wines, 13 chemical measurements, 3 cultivars", "sklearn.datasets.load_wine()",
                b.data, b.target, list(b.feature_names), [str(c) for c in b.target_names])
    if name == "breast_cancer":
        b = datasets.load_breast_cancer()
        return ("569 tumours, 30 measurements; class 1 (benign) is the positive class",
                "sklearn.datasets.load_breast_cancer()", b.data, b.target, list(b.feature_names),
                [str(c) for c in b.target_names])
    if name == "digits":
        b = datasets.load_digits()
        rows = np.arange(len(b.data)) % 4 == 0
        return ("every 4th of the 1797 8x8 digit images (rows 0, 4, 8, ...: 450 images), 64 pixel "
                "intensities 0-16", "sklearn.datasets.load_digits(), rows [::4]", b.data[rows],
                b.target[rows], list(b.feature_names), [str(c) for c in b.target_names])
    if name == "diabetes":
        b = datasets.load_diabetes(scaled=False)
        return ("442 diabetes patients, 10 baseline variables (unscaled), disease progression after "
                "one year", "sklearn.datasets.load_diabetes(scaled=False)", b.data, b.target,
                list(b.feature_names), None)
    if name == "synthetic_classification":
        X, y = datasets.make_classification(n_samples=600, n_features=10, n_informative=5, n_redundant=2,
                                            n_classes=3, n_clusters_per_class=1, class_sep=1.2,
                                            random_state=SYNTHETIC_SEED)
        return ("600 rows, 10 features (5 informative, 2 redundant), 3 classes; features rounded to 4 "
                "decimals", f"sklearn.datasets.make_classification(n_samples=600, n_features=10, "
                f"n_informative=5, n_redundant=2, n_classes=3, n_clusters_per_class=1, class_sep=1.2, "
                f"random_state={SYNTHETIC_SEED})", np.round(X, 4), y,
                [f"x{i}" for i in range(10)], ["c0", "c1", "c2"])
    if name == "synthetic_regression":
        rng = np.random.default_rng(SYNTHETIC_SEED)
        X = np.round(rng.normal(0.0, 1.0, (300, 6)) * [1.0, 2.0, 0.5, 1.0, 3.0, 1.0] + [0, 1, 0, -2, 0, 5], 4)
        beta = np.array([1.5, -2.0, 0.0, 3.25, 0.5, -1.0])
        y = np.round(X @ beta + 4.0 + 0.3 * np.sin(3 * X[:, 0]) * X[:, 1] + rng.normal(0.0, 1.0, 300), 4)
        return ("300 rows, 6 features ~ N(mu, sd) with different scales, y = X.beta + 4 + "
                "0.3 sin(3 x0) x1 + N(0, 1) (a mild nonlinearity for the trees); rounded to 4 decimals",
                f"numpy default_rng({SYNTHETIC_SEED}), see tools/reference/ref_ml_models.py", X, y,
                [f"x{i}" for i in range(6)], None)
    raise KeyError(name)


def _score(task, truth, predicted):
    return float(accuracy_score(truth, predicted)) if task != "regression" else float(r2_score(truth, predicted))


BOOST_SETTINGS = dict(max_iter=100, learning_rate=0.1, max_leaf_nodes=31, max_bins=255, min_samples_leaf=20,
                      l2_regularization=0.0, early_stopping=False, random_state=0)
BOOST_TEXT = ("max_iter=100, learning_rate=0.1, max_leaf_nodes=31, max_bins=255, min_samples_leaf=20, "
              "l2_regularization=0.0, early_stopping=False, random_state=0")
BOOST_LATHE = {"rounds": 100, "learning_rate": 0.1, "max_leaves": 31, "max_bins": 255, "min_samples_leaf": 20,
               "l2": 0.0, "early_stopping": False}


def classification_models(X_train, y_train, X_test, y_test, Z_train, Z_test, task, with_logistic):
    out = []
    metric = "accuracy"

    if with_logistic:
        model = LogisticRegression(C=1.0, max_iter=1000, tol=LOGISTIC_TOL, solver="lbfgs").fit(Z_train, y_train)
        default = LogisticRegression(C=1.0, max_iter=1000, solver="lbfgs").fit(Z_train, y_train)
        out.append({
            "name": "logistic",
            "sklearn": f"LogisticRegression(C=1.0, max_iter=1000, tol={LOGISTIC_TOL}, solver='lbfgs')",
            "lathe": {"spec": "logistic", "parameters": {"C": 1.0, "max_iter": 1000, "tol": LOGISTIC_TOL}},
            "features": "standardized",
            "coef": model.coef_.tolist(),
            "intercept": model.intercept_.tolist(),
            "n_iter": int(model.n_iter_[0]),
            "test_predictions": [int(v) for v in model.predict(Z_test)],
            "test_probabilities": model.predict_proba(Z_test).tolist(),
            "metric": metric,
            "score": _score(task, y_test, model.predict(Z_test)),
            "default_tol_max_coef_difference": float(np.abs(default.coef_ - model.coef_).max()),
        })

    for params in ({}, {"max_depth": 4, "criterion": "entropy"}):
        scores = [_score(task, y_test, DecisionTreeClassifier(random_state=seed, **params)
                         .fit(X_train, y_train).predict(X_test)) for seed in TREE_SEEDS]
        text = ", ".join(f"{k}={v!r}" for k, v in params.items())
        out.append({
            "name": "tree" if not params else "tree_depth4_entropy",
            "sklearn": f"DecisionTreeClassifier({text + ', ' if text else ''}random_state=seed) for each seed",
            "lathe": {"spec": "tree", "parameters": dict(params)},
            "features": "raw", "metric": metric, "seeds": TREE_SEEDS, "scores": scores,
            "score": float(np.mean(scores)),
        })

    scores = [_score(task, y_test, RandomForestClassifier(n_estimators=100, max_features="sqrt", random_state=s)
                     .fit(X_train, y_train).predict(X_test)) for s in FOREST_SEEDS]
    out.append({
        "name": "forest",
        "sklearn": "RandomForestClassifier(n_estimators=100, max_features='sqrt', random_state=seed) for each seed",
        "lathe": {"spec": "forest", "parameters": {"trees": 100, "max_features": "sqrt"}},
        "features": "raw", "metric": metric, "seeds": FOREST_SEEDS, "scores": scores,
        "score": float(np.mean(scores)),
    })

    model = HistGradientBoostingClassifier(**BOOST_SETTINGS).fit(X_train, y_train)
    out.append({
        "name": "boost",
        "sklearn": f"HistGradientBoostingClassifier({BOOST_TEXT})",
        "lathe": {"spec": "boost", "parameters": BOOST_LATHE},
        "features": "raw", "metric": metric, "score": _score(task, y_test, model.predict(X_test)),
    })

    model = GaussianNB().fit(X_train, y_train)
    out.append({
        "name": "naive_bayes", "sklearn": "GaussianNB()", "lathe": {"spec": "naive_bayes", "parameters": {}},
        "features": "raw", "metric": metric, "score": _score(task, y_test, model.predict(X_test)),
        "test_predictions": [int(v) for v in model.predict(X_test)],
    })

    model = KNeighborsClassifier(n_neighbors=5, weights="uniform").fit(Z_train, y_train)
    out.append({
        "name": "knn", "sklearn": "KNeighborsClassifier(n_neighbors=5, weights='uniform')",
        "lathe": {"spec": "knn", "parameters": {"k": 5, "weights": "uniform"}},
        "features": "standardized", "metric": metric, "score": _score(task, y_test, model.predict(Z_test)),
        "test_predictions": [int(v) for v in model.predict(Z_test)],
    })
    return out


def regression_models(X_train, y_train, X_test, y_test, Z_train, Z_test):
    out = []
    metric = "r2"
    for name, model, sk, lathe in (
        ("linear", LinearRegression(), "LinearRegression()", {"spec": "linear", "parameters": {}}),
        ("ridge", Ridge(alpha=1.0), "Ridge(alpha=1.0)", {"spec": "ridge", "parameters": {"alpha": 1.0}}),
        ("ridge_alpha10", Ridge(alpha=10.0), "Ridge(alpha=10.0)", {"spec": "ridge", "parameters": {"alpha": 10.0}}),
    ):
        model.fit(X_train, y_train)
        predicted = model.predict(X_test)
        out.append({
            "name": name, "sklearn": sk, "lathe": lathe, "features": "raw",
            "coef": model.coef_.tolist(), "intercept": float(model.intercept_),
            "test_predictions": predicted.tolist(), "metric": metric, "score": _score("regression", y_test, predicted),
        })

    for params in ({}, {"max_depth": 4}):
        scores = [_score("regression", y_test, DecisionTreeRegressor(random_state=seed, **params)
                         .fit(X_train, y_train).predict(X_test)) for seed in TREE_SEEDS]
        text = ", ".join(f"{k}={v!r}" for k, v in params.items())
        out.append({
            "name": "tree" if not params else "tree_depth4",
            "sklearn": f"DecisionTreeRegressor({text + ', ' if text else ''}random_state=seed) for each seed",
            "lathe": {"spec": "tree", "parameters": dict(params)},
            "features": "raw", "metric": metric, "seeds": TREE_SEEDS, "scores": scores,
            "score": float(np.mean(scores)),
        })

    scores = [_score("regression", y_test, RandomForestRegressor(n_estimators=100, max_features=1.0, random_state=s)
                     .fit(X_train, y_train).predict(X_test)) for s in FOREST_SEEDS]
    out.append({
        "name": "forest",
        "sklearn": "RandomForestRegressor(n_estimators=100, max_features=1.0, random_state=seed) for each seed",
        "lathe": {"spec": "forest", "parameters": {"trees": 100, "max_features": "all"}},
        "features": "raw", "metric": metric, "seeds": FOREST_SEEDS, "scores": scores,
        "score": float(np.mean(scores)),
    })

    model = HistGradientBoostingRegressor(**BOOST_SETTINGS).fit(X_train, y_train)
    out.append({
        "name": "boost", "sklearn": f"HistGradientBoostingRegressor({BOOST_TEXT})",
        "lathe": {"spec": "boost", "parameters": BOOST_LATHE},
        "features": "raw", "metric": metric, "score": _score("regression", y_test, model.predict(X_test)),
    })

    model = KNeighborsRegressor(n_neighbors=5, weights="uniform").fit(Z_train, y_train)
    out.append({
        "name": "knn", "sklearn": "KNeighborsRegressor(n_neighbors=5, weights='uniform')",
        "lathe": {"spec": "knn", "parameters": {"k": 5, "weights": "uniform"}},
        "features": "standardized", "metric": metric,
        "score": _score("regression", y_test, model.predict(Z_test)),
    })
    return out


def kmeans_record(X, k):
    model = KMeans(n_clusters=k, n_init=10, random_state=0).fit(X)
    return {"name": "kmeans", "sklearn": f"KMeans(n_clusters={k}, n_init=10, random_state=0)",
            "lathe": {"spec": "kmeans", "parameters": {"k": k, "n_init": 10, "seed": 0}},
            "features": "raw", "rows": "all", "inertia": float(model.inertia_), "n_iter": int(model.n_iter_)}


DATASETS = [
    # name, task, logistic?, kmeans k
    ("iris", "multiclass", True, 3),
    ("wine", "multiclass", True, None),
    ("breast_cancer", "binary", True, None),
    ("digits", "multiclass", False, None),
    ("diabetes", "regression", False, None),
    ("synthetic_classification", "multiclass", False, 3),
    ("synthetic_regression", "regression", False, None),
]


def dataset_record(name, task, with_logistic, k):
    about, source, X, y, feature_names, classes = load(name)
    X = np.asarray(X, dtype=np.float64)
    test = test_mask(len(X))
    X_train, X_test, y_train, y_test = X[~test], X[test], y[~test], y[test]
    scaler = StandardScaler().fit(X_train)
    Z_train, Z_test = scaler.transform(X_train), scaler.transform(X_test)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if task == "regression":
            models = regression_models(X_train, y_train, X_test, y_test, Z_train, Z_test)
        else:
            models = classification_models(X_train, y_train, X_test, y_test, Z_train, Z_test, task, with_logistic)
        if k is not None:
            models.append(kmeans_record(X, k))
    return {
        "dataset": name,
        "about": about,
        "source": source,
        "task": task,
        "test_rule": TEST_RULE,
        "shape": list(X.shape),
        "feature_names": feature_names,
        "classes": classes,
        "features": [_number_list(row) for row in X],
        "target": [int(v) for v in y] if task != "regression" else _number_list(y),
        "train_rows": int((~test).sum()),
        "test_rows": int(test.sum()),
        "scaler": {"about": "StandardScaler().fit(training rows): standardized = (x - mean) / scale; "
                            "scale is the population std (ddof=0), 1 where it is 0",
                   "mean": scaler.mean_.tolist(), "scale": scaler.scale_.tolist()},
        "models": models,
    }


def generate(fixtures, refjson, header):
    out_dir = fixtures / "ml"
    written = []
    for name, task, with_logistic, k in DATASETS:
        record = dict(header)
        record.update(dataset_record(name, task, with_logistic, k))
        written.append(refjson.write(out_dir / f"models_{name}.json", record))
    return written
