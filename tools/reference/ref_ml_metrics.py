"""Tests/Fixtures/ml/metrics_*.json: sklearn.metrics on seeded prediction sets.

Each case holds its inputs (class indices, probabilities, values, features) and
what scikit-learn computes from them, under the names Lathe's EvaluationReport
uses. Classes are the indices 0..k-1 of `classes`; probabilities are n x k rows.
"""

import warnings

import numpy as np
from sklearn import metrics
from sklearn.cluster import KMeans
from sklearn.datasets import load_iris

SEED = 4242


def _classification_values(truth, predicted, proba, k):
    """Every classification metric as sklearn computes it, with its defaults
    (zero_division="warn": an undefined ratio is 0, with a warning we silence)."""
    labels = list(range(k))
    binary = k == 2
    average = "binary" if binary else "macro"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = {
            "accuracy": metrics.accuracy_score(truth, predicted),
            "balanced_accuracy": metrics.balanced_accuracy_score(truth, predicted),
            "precision": metrics.precision_score(truth, predicted, average=average),
            "recall": metrics.recall_score(truth, predicted, average=average),
            "f1": metrics.f1_score(truth, predicted, average=average),
            "f1_macro": metrics.f1_score(truth, predicted, average="macro"),
            "f1_weighted": metrics.f1_score(truth, predicted, average="weighted"),
        }
        if binary:
            out["roc_auc"] = metrics.roc_auc_score(truth, proba[:, 1])
            out["average_precision"] = metrics.average_precision_score(truth, proba[:, 1])
        else:
            out["roc_auc"] = metrics.roc_auc_score(truth, proba, multi_class="ovr", average="macro",
                                                   labels=labels)
        out["log_loss"] = metrics.log_loss(truth, y_proba=proba, labels=labels)
        p, r, f, s = metrics.precision_recall_fscore_support(truth, predicted, labels=labels, average=None)
    out["confusion"] = metrics.confusion_matrix(truth, predicted, labels=labels).tolist()
    out["per_class"] = {"precision": p.tolist(), "recall": r.tolist(), "f1": f.tolist(),
                        "support": [int(v) for v in s]}
    return out


def _binary_ties(rng):
    """Scores on a 0.1 grid (many ties, including exact 0 and 1), labels correlated with them."""
    n = 200
    score = rng.integers(0, 11, n) / 10.0
    truth = (rng.random(n) < 0.15 + 0.7 * score).astype(int)
    predicted = (score >= 0.5).astype(int)
    proba = np.column_stack([1.0 - score, score])
    return ("binary_ties", "200 rows, positive-class scores on a 0.1 grid (ties at every threshold; "
            "exact 0 and 1, so log_loss clips), predicted = score >= 0.5",
            ["no", "yes"], truth, predicted, proba)


def _binary_never_positive(rng):
    """Nothing is predicted positive: precision of class 1 divides by zero (0, sklearn's default)."""
    n = 60
    truth = (rng.random(n) < 0.3).astype(int)
    score = np.round(rng.uniform(0.05, 0.45, n), 2)
    score[truth == 1] += 0.02
    proba = np.column_stack([1.0 - score, score])
    predicted = np.zeros(n, dtype=int)
    return ("binary_never_positive", "60 rows, class 1 never predicted: precision and f1 of the positive "
            "class are 0/0, which sklearn's default zero_division turns into 0; scores on a 0.01 grid",
            ["negative", "positive"], truth, predicted, proba)


def _grid_probabilities(rng, n, k, steps, damp=None):
    """Rows of multiples of 1/steps that sum to 1 (ties across rows); column `damp` shrunk."""
    weights = rng.dirichlet(np.ones(k), n)
    if damp is not None:
        weights[:, damp] *= 0.2
        weights /= weights.sum(axis=1, keepdims=True)
    counts = np.floor(weights * steps).astype(int)
    short = steps - counts.sum(axis=1)
    counts[np.arange(n), np.argmax(weights, axis=1)] += short
    return counts / float(steps)


def _multiclass3(rng):
    n = 150
    proba = _grid_probabilities(rng, n, 3, 20)
    truth = np.array([rng.choice(3, p=row * 0.6 + 0.4 / 3) for row in proba])
    predicted = np.argmax(proba, axis=1)
    flip = rng.random(n) < 0.1
    predicted[flip] = rng.integers(0, 3, flip.sum())
    return ("multiclass3", "150 rows, 3 classes, probabilities on a 1/20 grid (ties), predictions mostly "
            "the argmax with 10% replaced at random",
            ["setosa", "versicolor", "virginica"], truth, predicted, proba)


def _multiclass4_never_predicted(rng):
    n = 120
    proba = _grid_probabilities(rng, n, 4, 10, damp=2)
    truth = np.array([rng.choice(4, p=row * 0.5 + 0.125) for row in proba])
    masked = proba.copy()
    masked[:, 2] = -1.0
    predicted = np.argmax(masked, axis=1)
    return ("multiclass4_never_predicted", "120 rows, 4 classes; class 2 occurs in the truth but is never "
            "predicted (its precision is 0/0 -> 0); probabilities on a 1/10 grid with zeros, some for the "
            "true class (log_loss clips them to machine epsilon)",
            ["a", "b", "c", "d"], truth, predicted, proba)


def classification_cases():
    rng = np.random.default_rng(SEED)
    cases = []
    for make in (_binary_ties, _binary_never_positive, _multiclass3, _multiclass4_never_predicted):
        name, about, classes, truth, predicted, proba = make(rng)
        k = len(classes)
        cases.append({
            "name": name,
            "about": about,
            "classes": classes,
            "truth": [int(v) for v in truth],
            "predicted": [int(v) for v in predicted],
            "probabilities": proba.tolist(),
            "sklearn": _classification_values(truth, predicted, proba, k),
        })
    return cases


def _regression_values(truth, predicted):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return {
            "mse": metrics.mean_squared_error(truth, predicted),
            "rmse": metrics.root_mean_squared_error(truth, predicted),
            "mae": metrics.mean_absolute_error(truth, predicted),
            "r2": metrics.r2_score(truth, predicted),
            "explained_variance": metrics.explained_variance_score(truth, predicted),
            "mape": metrics.mean_absolute_percentage_error(truth, predicted),
        }


def regression_cases():
    rng = np.random.default_rng(SEED + 1)
    cases = []
    truth = rng.normal(50.0, 12.0, 100)
    predicted = truth + rng.normal(1.5, 4.0, 100)
    cases.append(("noisy", "100 rows, y ~ N(50, 12), prediction = y + N(1.5, 4) (a biased fit: "
                  "explained_variance > r2)", truth, predicted))

    truth = rng.integers(-3, 4, 80).astype(float)
    truth[:5] = 0.0
    predicted = np.round(truth + rng.normal(0.0, 0.7, 80), 3)
    cases.append(("with_zeros", "80 small integers, at least five of them 0: mape divides by "
                  "max(|y|, eps) with eps the float64 machine epsilon, so it is huge, not infinite",
                  truth, predicted))

    truth = np.full(30, 7.25)
    predicted = 7.25 + rng.normal(0.0, 0.5, 30)
    cases.append(("constant_truth", "30 rows, y constant: r2 and explained_variance have a zero "
                  "denominator; with force_finite (the default) both are 0", truth, predicted))

    truth = rng.normal(0.0, 1.0, 25)
    cases.append(("perfect", "25 rows predicted exactly: r2 = explained_variance = 1, errors 0",
                  truth, truth.copy()))
    return [{"name": name, "about": about, "truth": t.tolist(), "predicted": p.tolist(),
             "sklearn": _regression_values(t, p)} for name, about, t, p in cases]


def _inertia(features, labels):
    total = 0.0
    for label in np.unique(labels):
        members = features[labels == label]
        total += float(((members - members.mean(axis=0)) ** 2).sum())
    return total


def clustering_cases():
    cases = []
    iris = load_iris().data
    km = KMeans(n_clusters=3, n_init=10, random_state=0).fit(iris)
    cases.append(("iris_kmeans3", "the 150 iris measurements with KMeans(n_clusters=3, n_init=10, "
                  "random_state=0) labels; kmeans_inertia is KMeans.inertia_", iris, km.labels_,
                  float(km.inertia_)))

    rng = np.random.default_rng(SEED + 2)
    centers = np.array([[0.0, 0.0, 0.0], [6.0, 1.0, -2.0], [-3.0, 7.0, 4.0], [40.0, 40.0, 40.0]])
    sizes = [40, 35, 24, 1]
    blobs = np.vstack([rng.normal(c, 1.3, (s, 3)) for c, s in zip(centers, sizes)])
    labels = np.repeat([0, 1, 2, 3], sizes)
    # a few rows assigned to the wrong blob (negative silhouettes)
    labels[[3, 50, 80]] = [1, 2, 0]
    blobs = np.round(blobs, 4)
    cases.append(("blobs_singleton", "100 rows in 3-D: blobs of 40, 35, 24 rows and one row alone in its "
                  "cluster (silhouette 0 for it); three rows given another blob's label", blobs, labels, None))
    out = []
    for name, about, features, labels, km_inertia in cases:
        entry = {
            "name": name,
            "about": about,
            "shape": list(features.shape),
            "features": features.tolist(),
            "labels": [int(v) for v in labels],
            "sklearn": {"inertia": _inertia(features, labels),
                        "silhouette": metrics.silhouette_score(features, labels, metric="euclidean")},
        }
        if km_inertia is not None:
            entry["kmeans_inertia"] = km_inertia
        out.append(entry)
    return out


def generate(fixtures, refjson, header):
    out_dir = fixtures / "ml"
    written = []
    record = dict(header)
    record.update({
        "about": "sklearn.metrics on seeded predictions. Classes are indices into `classes`; "
                 "`probabilities` is n x k. precision/recall/f1 are average='binary' (positive class = "
                 "index 1) for two classes and average='macro' (labels=None: classes in truth or "
                 "predictions) otherwise; f1_macro is average='macro' and f1_weighted average='weighted'. "
                 "average_precision (binary) is average_precision_score of column 1. roc_auc is roc_auc_score of "
                 "column 1 (binary) or multi_class='ovr', average='macro', labels=range(k). log_loss is "
                 "log_loss(truth, y_proba=probabilities, labels=range(k)) (clipped to [eps, 1-eps], not "
                 "renormalised). confusion is confusion_matrix(labels=range(k)) (rows truth); per_class is "
                 "precision_recall_fscore_support(labels=range(k), average=None). Undefined ratios are 0 "
                 "(zero_division default).",
        "cases": classification_cases(),
    })
    written.append(refjson.write(out_dir / "metrics_classification.json", record))

    record = dict(header)
    record.update({
        "about": "sklearn.metrics regression scores: mean_squared_error, root_mean_squared_error, "
                 "mean_absolute_error, r2_score, explained_variance_score, "
                 "mean_absolute_percentage_error (a fraction, not a percent), all with defaults.",
        "cases": regression_cases(),
    })
    written.append(refjson.write(out_dir / "metrics_regression.json", record))

    record = dict(header)
    record.update({
        "about": "Clustering: silhouette is sklearn.metrics.silhouette_score(features, labels, "
                 "metric='euclidean') over all rows; inertia is the sum of squared distances of each row to "
                 "the mean of its cluster (numpy). features are row-major, shape [n, p].",
        "cases": clustering_cases(),
    })
    written.append(refjson.write(out_dir / "metrics_clustering.json", record))
    return written
