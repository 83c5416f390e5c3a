# scikit-learn peer of bench/lathe/ml_logistic.mlx: LogisticRegression(solver="lbfgs",
# C=1, max_iter=100, tol=1e-4) fitted on the 1,000,000 x 20 classification training CSV
# (loaded untimed), accuracy on the 100,000-row test CSV. Usage: ml_logistic.py [runs]
import warnings

import ml_common


def main():
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import accuracy_score

    warnings.simplefilter("ignore", ConvergenceWarning)
    x, y = ml_common.load(ml_common.CLF_TRAIN)
    xt, yt = ml_common.load(ml_common.CLF_TEST)
    loaded = ml_common.memory()
    model = LogisticRegression(solver="lbfgs", C=1.0, max_iter=100, tol=1e-4)
    times, _ = ml_common.timed(lambda: model.fit(x, y), ml_common.runs_arg(1))
    ml_common.emit({"fit": times, "accuracy": float(accuracy_score(yt, model.predict(xt))),
                    "iterations": int(model.n_iter_[0]), "memory_after_load": loaded,
                    "memory": ml_common.memory(), "versions": ml_common.versions("sklearn", "numpy")})


main()
