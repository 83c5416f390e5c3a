# scikit-learn peer of bench/lathe/ml_forest.mlx: RandomForestClassifier(n_estimators=100,
# n_jobs=2, random_state=0; bootstrap, max_features "sqrt", full depth) fitted on the
# 100,000-row classification subset (loaded untimed), accuracy on the 20,000-row test subset.
# Usage: ml_forest.py [runs]
import ml_common


def main():
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.metrics import accuracy_score

    x, y = ml_common.load(ml_common.CLF_TRAIN_100K)
    xt, yt = ml_common.load(ml_common.CLF_TEST_20K)
    loaded = ml_common.memory()
    model = RandomForestClassifier(n_estimators=100, n_jobs=2, random_state=0)
    times, _ = ml_common.timed(lambda: model.fit(x, y), ml_common.runs_arg(1))
    ml_common.emit({"fit": times, "accuracy": float(accuracy_score(yt, model.predict(xt))),
                    "memory_after_load": loaded, "memory": ml_common.memory(),
                    "versions": ml_common.versions("sklearn", "numpy")})


main()
