"""Tests/Fixtures/ml/weights.json: scikit-learn models fitted with sample_weight and
class_weight, on the datasets and split of ref_ml_models.py (models_*.json hold the
features; this file holds the weights and what scikit-learn fitted with them).

Sample weights: training row j (0-based, in training order) weighs 0.5 + 0.5 * (j % 4),
so 0.5, 1, 1.5, 2 repeating. Class weights are scikit-learn's "balanced"
(n / (classes * count)) or a dict keyed by class index (the fixture also gives the label).

Cases:
  logistic             coef and intercept (standardized features, lbfgs to tol=1e-12)
  linear, ridge        coef and intercept (raw features)
  naive_bayes          test predictions and held-out accuracy
  kmeans               weighted inertia on all rows (weights by the same rule over all rows)
  tree, forest, boost  held-out accuracy / R^2 (tree over random_state 0..9, forest 0..4)
"""

import warnings

import numpy as np
from sklearn.cluster import KMeans
from sklearn.ensemble import (HistGradientBoostingClassifier, HistGradientBoostingRegressor,
                              RandomForestClassifier)
from sklearn.linear_model import LinearRegression, LogisticRegression, Ridge
from sklearn.naive_bayes import GaussianNB
from sklearn.preprocessing import StandardScaler
from sklearn.tree import DecisionTreeClassifier

import ref_ml_models as models

WEIGHT_RULE = "training row j (0-based, in training order) weighs 0.5 + 0.5 * (j % 4)"
TOL = 1e-12


def rule_weights(n):
    return 0.5 + 0.5 * (np.arange(n) % 4)


def split(name):
    _, _, X, y, _, classes = models.load(name)
    X = np.asarray(X, dtype=np.float64)
    test = models.test_mask(len(X))
    X_train, X_test, y_train, y_test = X[~test], X[test], y[~test], y[test]
    scaler = StandardScaler().fit(X_train)
    return X, X_train, X_test, y_train, y_test, scaler.transform(X_train), scaler.transform(X_test), classes


def class_weight_entry(class_weight, classes):
    if class_weight is None:
        return None
    if class_weight == "balanced":
        return "balanced"
    return {classes[k]: v for k, v in class_weight.items()}


def cases():
    out = []
    # Logistic: binary and multinomial, sample weights, class weights and both.
    for dataset, sample, class_weight in (
        ("breast_cancer", True, None),
        ("breast_cancer", False, "balanced"),
        ("breast_cancer", True, {0: 3.0}),
        ("wine", True, None),
        ("wine", True, "balanced"),
    ):
        X, X_train, X_test, y_train, y_test, Z_train, Z_test, classes = split(dataset)
        sw = rule_weights(len(y_train)) if sample else None
        model = LogisticRegression(C=1.0, max_iter=10000, tol=TOL, class_weight=class_weight).fit(
            Z_train, y_train, sample_weight=sw)
        out.append({
            "name": f"{dataset}_logistic" + ("_sw" if sample else "") + (
                "_balanced" if class_weight == "balanced" else "_classdict" if class_weight else ""),
            "dataset": dataset, "model": "logistic", "features": "standardized",
            "sklearn": f"LogisticRegression(C=1.0, max_iter=10000, tol={TOL}, class_weight={class_weight!r})",
            "lathe": {"spec": "logistic", "parameters": {"C": 1.0, "max_iter": 10000, "tol": TOL}},
            "sample_weights": sample, "class_weight": class_weight_entry(class_weight, classes),
            "coef": model.coef_.tolist(), "intercept": model.intercept_.tolist(),
        })
    # Linear and ridge with sample weights.
    for dataset in ("diabetes", "synthetic_regression"):
        X, X_train, X_test, y_train, y_test, _, _, _ = split(dataset)
        sw = rule_weights(len(y_train))
        for name, model, lathe in (("linear", LinearRegression(), {"spec": "linear", "parameters": {}}),
                                   ("ridge", Ridge(alpha=1.0), {"spec": "ridge", "parameters": {"alpha": 1.0}})):
            model.fit(X_train, y_train, sample_weight=sw)
            out.append({
                "name": f"{dataset}_{name}_sw", "dataset": dataset, "model": name, "features": "raw",
                "sklearn": f"{type(model).__name__}()", "lathe": lathe, "sample_weights": True, "class_weight": None,
                "coef": model.coef_.tolist(), "intercept": [float(model.intercept_)],
            })
    # Naive Bayes with sample weights.
    X, X_train, X_test, y_train, y_test, _, _, classes = split("wine")
    model = GaussianNB().fit(X_train, y_train, sample_weight=rule_weights(len(y_train)))
    out.append({
        "name": "wine_naive_bayes_sw", "dataset": "wine", "model": "naive_bayes", "features": "raw",
        "sklearn": "GaussianNB()", "lathe": {"spec": "naive_bayes", "parameters": {}},
        "sample_weights": True, "class_weight": None,
        "test_predictions": [int(v) for v in model.predict(X_test)],
        "metric": "accuracy", "score": models._score("multiclass", y_test, model.predict(X_test)),
    })
    # k-means with sample weights over all rows.
    X, *_ = split("iris")
    model = KMeans(n_clusters=3, n_init=10, random_state=0).fit(X, sample_weight=rule_weights(len(X)))
    out.append({
        "name": "iris_kmeans_sw", "dataset": "iris", "model": "kmeans", "features": "raw", "rows": "all",
        "sklearn": "KMeans(n_clusters=3, n_init=10, random_state=0)",
        "lathe": {"spec": "kmeans", "parameters": {"k": 3, "n_init": 10, "seed": 0}},
        "sample_weights": True, "class_weight": None, "inertia": float(model.inertia_),
    })
    # Trees, forests and boosting with class weights (and boosting with sample weights).
    for dataset, class_weight in (("breast_cancer", "balanced"), ("wine", "balanced"), ("breast_cancer", {0: 3.0})):
        X, X_train, X_test, y_train, y_test, _, _, classes = split(dataset)
        task = "binary" if len(classes) == 2 else "multiclass"
        suffix = "balanced" if class_weight == "balanced" else "classdict"
        scores = [models._score(task, y_test, DecisionTreeClassifier(random_state=s, class_weight=class_weight)
                                .fit(X_train, y_train).predict(X_test)) for s in models.TREE_SEEDS]
        out.append({
            "name": f"{dataset}_tree_{suffix}", "dataset": dataset, "model": "tree", "features": "raw",
            "sklearn": f"DecisionTreeClassifier(class_weight={class_weight!r}, random_state=seed)",
            "lathe": {"spec": "tree", "parameters": {}}, "sample_weights": False,
            "class_weight": class_weight_entry(class_weight, classes),
            "metric": "accuracy", "seeds": models.TREE_SEEDS, "scores": scores, "score": float(np.mean(scores)),
        })
        scores = [models._score(task, y_test, RandomForestClassifier(n_estimators=100, max_features="sqrt",
                                                                     class_weight=class_weight, random_state=s)
                                .fit(X_train, y_train).predict(X_test)) for s in models.FOREST_SEEDS]
        out.append({
            "name": f"{dataset}_forest_{suffix}", "dataset": dataset, "model": "forest", "features": "raw",
            "sklearn": f"RandomForestClassifier(n_estimators=100, max_features='sqrt', class_weight={class_weight!r}, "
                       "random_state=seed)",
            "lathe": {"spec": "forest", "parameters": {"trees": 100, "max_features": "sqrt"}}, "sample_weights": False,
            "class_weight": class_weight_entry(class_weight, classes),
            "metric": "accuracy", "seeds": models.FOREST_SEEDS, "scores": scores, "score": float(np.mean(scores)),
        })
        model = HistGradientBoostingClassifier(class_weight=class_weight, **models.BOOST_SETTINGS).fit(X_train, y_train)
        out.append({
            "name": f"{dataset}_boost_{suffix}", "dataset": dataset, "model": "boost", "features": "raw",
            "sklearn": f"HistGradientBoostingClassifier(class_weight={class_weight!r}, {models.BOOST_TEXT})",
            "lathe": {"spec": "boost", "parameters": models.BOOST_LATHE}, "sample_weights": False,
            "class_weight": class_weight_entry(class_weight, classes),
            "metric": "accuracy", "score": models._score(task, y_test, model.predict(X_test)),
        })
    X, X_train, X_test, y_train, y_test, _, _, _ = split("diabetes")
    model = HistGradientBoostingRegressor(**models.BOOST_SETTINGS).fit(
        X_train, y_train, sample_weight=rule_weights(len(y_train)))
    out.append({
        "name": "diabetes_boost_sw", "dataset": "diabetes", "model": "boost", "features": "raw",
        "sklearn": f"HistGradientBoostingRegressor({models.BOOST_TEXT})",
        "lathe": {"spec": "boost", "parameters": models.BOOST_LATHE}, "sample_weights": True, "class_weight": None,
        "metric": "r2", "score": models._score("regression", y_test, model.predict(X_test)),
    })
    return out


def generate(fixtures, refjson, header):
    record = dict(header)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        record.update({"weight_rule": WEIGHT_RULE, "test_rule": models.TEST_RULE, "cases": cases()})
    return [refjson.write(fixtures / "ml" / "weights.json", record)]
