# Peers of bench/lathe/ml_boost.mlx, fitted on the 1,000,000 x 20 classification training
# CSV (loaded untimed), accuracy on the 100,000-row test CSV. Usage: ml_boost.py sklearn|lightgbm [runs]
#   sklearn:  HistGradientBoostingClassifier(max_iter=100, learning_rate=0.1,
#             max_leaf_nodes=31, max_bins=255, min_samples_leaf=20, l2_regularization=0,
#             early_stopping=False, random_state=0)
#   lightgbm: LGBMClassifier(n_estimators=100, learning_rate=0.1, num_leaves=31,
#             max_bin=255, min_child_samples=20, reg_lambda=0, n_jobs=2, random_state=0)
import sys

import ml_common


def main():
    from sklearn.metrics import accuracy_score

    kind = sys.argv[1]
    x, y = ml_common.load(ml_common.CLF_TRAIN)
    xt, yt = ml_common.load(ml_common.CLF_TEST)
    loaded = ml_common.memory()
    if kind == "sklearn":
        from sklearn.ensemble import HistGradientBoostingClassifier
        model = HistGradientBoostingClassifier(max_iter=100, learning_rate=0.1, max_leaf_nodes=31, max_bins=255,
                                               min_samples_leaf=20, l2_regularization=0.0, early_stopping=False,
                                               random_state=0)
        names = ("sklearn", "numpy")
    elif kind == "lightgbm":
        from lightgbm import LGBMClassifier
        model = LGBMClassifier(n_estimators=100, learning_rate=0.1, num_leaves=31, max_bin=255,
                               min_child_samples=20, reg_lambda=0.0, n_jobs=2, random_state=0, verbose=-1)
        names = ("lightgbm", "sklearn", "numpy")
    else:
        sys.exit(f"unknown peer {kind}")
    times, _ = ml_common.timed(lambda: model.fit(x, y), ml_common.runs_arg(1))
    ml_common.emit({"fit": times, "accuracy": float(accuracy_score(yt, model.predict(xt))),
                    "memory_after_load": loaded, "memory": ml_common.memory(),
                    "versions": ml_common.versions(*names)})


main()
