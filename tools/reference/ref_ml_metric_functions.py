"""Reference values for Lathe's standalone metric functions (accuracy, precision, recall,
f1 with average=, roc_auc, average_precision, log_loss, roc_curve, pr_curve, mse, rmse, mae,
r2) from sklearn.metrics on seeded labels and scores.

Labels are given as Lathe passes them: numbers or strings. For binary score metrics the
positive class is `positive` (the greater label when null, as roc_auc_score does).
"""

import warnings

import numpy as np
from sklearn import metrics

SEED = 5151
AVERAGES = ("binary", "macro", "micro", "weighted")


def _floats(values):
    return [float(v) for v in values]


def _label_values(truth, predicted, binary_positive):
    out = {"accuracy": metrics.accuracy_score(truth, predicted)}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for average in AVERAGES:
            if average == "binary" and binary_positive is None:
                continue
            kw = {"average": average}
            if average == "binary":
                kw["pos_label"] = binary_positive
            out[f"precision_{average}"] = metrics.precision_score(truth, predicted, **kw)
            out[f"recall_{average}"] = metrics.recall_score(truth, predicted, **kw)
            out[f"f1_{average}"] = metrics.f1_score(truth, predicted, **kw)
    return out


def _score_values(truth, score, positive):
    positive_mask = np.asarray(truth) == positive
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fpr, tpr, roc_thresholds = metrics.roc_curve(positive_mask, score, drop_intermediate=True)
        precision, recall, pr_thresholds = metrics.precision_recall_curve(positive_mask, score)
        return {
            "roc_auc": metrics.roc_auc_score(positive_mask, score),
            "average_precision": metrics.average_precision_score(positive_mask, score),
            "log_loss": metrics.log_loss(positive_mask, np.asarray(score)),
            "roc_curve": {"fpr": _floats(fpr), "tpr": _floats(tpr),
                          "threshold": _floats(roc_thresholds)},
            "pr_curve": {"precision": _floats(precision), "recall": _floats(recall),
                         "threshold": _floats(pr_thresholds)},
        }


def binary_cases(rng):
    cases = []
    n = 120
    score = rng.integers(0, 21, n) / 20.0          # ties on a 0.05 grid, exact 0 and 1
    truth = (rng.random(n) < 0.1 + 0.8 * score).astype(int)
    predicted = (score >= 0.5).astype(int)
    cases.append(("binary01_ties", "120 rows, labels 0/1, scores on a 0.05 grid (ties; exact 0 and 1, "
                  "so log_loss clips), predicted = score >= 0.5; positive = 1 (the default)",
                  truth.tolist(), predicted.tolist(), score.tolist(), None, 1))

    n = 80
    raw = np.round(rng.beta(2, 5, n), 3)
    truth = np.where(rng.random(n) < 0.2 + 0.6 * raw, "churn", "stay")
    predicted = np.where(raw >= 0.3, "churn", "stay")
    cases.append(("binary_text_positive", "80 rows, labels 'churn'/'stay', positive: 'churn' (the lesser "
                  "string, so not the default); scores rounded to 0.001 (a few ties)",
                  truth.tolist(), predicted.tolist(), raw.tolist(), "churn", "churn"))

    n = 50
    score = np.round(rng.uniform(0, 1, n), 2)
    truth = (rng.random(n) < 0.12).astype(int)
    truth[0] = 1
    predicted = np.zeros(n, dtype=int)
    predicted[:3] = 1
    cases.append(("binary_rare", "50 rows, few positives (about 12%), 3 predicted positive; scores "
                  "on a 0.01 grid", truth.tolist(), predicted.tolist(), score.tolist(), None, 1))
    out = []
    for name, about, truth, predicted, score, positive_arg, positive in cases:
        values = _label_values(truth, predicted, positive)
        values.update(_score_values(truth, score, positive))
        out.append({"name": name, "about": about, "truth": truth, "predicted": predicted, "score": score,
                    "positive": positive_arg, "sklearn": values})
    return out


def multiclass_cases(rng):
    out = []
    classes = ["setosa", "versicolor", "virginica"]
    n = 90
    proba = rng.dirichlet(np.ones(3), n)
    proba = np.round(proba * 20) / 20
    proba[:, 2] = 1 - proba[:, 0] - proba[:, 1]
    proba = np.clip(proba, 0, 1)
    truth_idx = np.array([rng.choice(3, p=np.clip(row, 0, 1) * 0.6 / max(row.sum(), 1e-9) + 0.4 / 3) for row in proba])
    pred_idx = np.argmax(proba, axis=1)
    truth = [classes[i] for i in truth_idx]
    predicted = [classes[i] for i in pred_idx]
    values = _label_values(truth, predicted, None)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        values["log_loss"] = metrics.log_loss(truth, proba, labels=classes)
    out.append({"name": "multiclass3_text", "about": "90 rows, 3 string classes, probabilities on a 1/20 grid "
                "(zeros: log_loss clips), predicted = argmax", "truth": truth, "predicted": predicted,
                "classes": classes, "probabilities": proba.tolist(), "sklearn": values})

    n = 70
    truth = rng.integers(0, 4, n)
    predicted = truth.copy()
    flip = rng.random(n) < 0.35
    predicted[flip] = rng.integers(0, 5, flip.sum())   # 4 occurs only in the predictions
    predicted[predicted == 2] = 3                      # 2 is never predicted
    out.append({"name": "multiclass_numbers_unseen", "about": "70 rows, classes 0-3 in the truth; class 2 is "
                "never predicted and class 4 only predicted (labels=None: the union, as macro uses)",
                "truth": truth.tolist(), "predicted": predicted.tolist(),
                "sklearn": _label_values(truth.tolist(), predicted.tolist(), None)})
    return out


def regression_cases(rng):
    truth = rng.normal(10.0, 3.0, 60)
    predicted = truth + rng.normal(0.5, 1.5, 60)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return [{"name": "noisy", "about": "60 rows, y ~ N(10, 3), prediction y + N(0.5, 1.5)",
                 "truth": truth.tolist(), "predicted": predicted.tolist(),
                 "sklearn": {"mse": metrics.mean_squared_error(truth, predicted),
                             "rmse": metrics.root_mean_squared_error(truth, predicted),
                             "mae": metrics.mean_absolute_error(truth, predicted),
                             "r2": metrics.r2_score(truth, predicted)}}]


def generate(fixtures, refjson, header):
    rng = np.random.default_rng(SEED)
    record = dict(header)
    record.update({
        "about": "sklearn.metrics functions on labels and scores. precision/recall/f1_<average> use "
                 "average=<average> (binary with pos_label=positive). Score metrics use y == positive as the "
                 "binary truth: roc_auc_score, average_precision_score, log_loss of the score as the positive "
                 "probability, roc_curve(drop_intermediate=True) (the first threshold Infinity), "
                 "precision_recall_curve (drop_intermediate=False). Multiclass log_loss uses `probabilities` "
                 "with columns in `classes` order. Undefined ratios are 0 (zero_division default).",
        "binary": binary_cases(rng),
        "multiclass": multiclass_cases(rng),
        "regression": regression_cases(rng),
    })
    return [refjson.write(fixtures / "ml" / "metric_functions.json", record)]
