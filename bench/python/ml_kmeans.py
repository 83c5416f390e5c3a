# scikit-learn peer of bench/lathe/ml_kmeans.mlx: KMeans(n_clusters=8, n_init=3,
# init="k-means++", algorithm="lloyd", random_state=0) fitted on the 20 features of the
# 1,000,000-row classification training CSV (label not used; loaded untimed). The score
# is the test inertia as Lathe's evaluate() defines it: the test rows assigned to the
# fitted clusters (predict), then the sum of squared distances from each test row to the
# mean of the test rows in its cluster. Usage: ml_kmeans.py [runs]
import ml_common

N_INIT = 3


def test_inertia(x, labels):
    import numpy as np
    total = 0.0
    for c in np.unique(labels):
        rows = x[labels == c]
        total += float(((rows - rows.mean(axis=0)) ** 2).sum())
    return total


def main():
    from sklearn.cluster import KMeans

    x, _ = ml_common.load(ml_common.CLF_TRAIN)
    xt, _ = ml_common.load(ml_common.CLF_TEST)
    loaded = ml_common.memory()
    model = KMeans(n_clusters=8, n_init=N_INIT, init="k-means++", algorithm="lloyd", random_state=0)
    times, _ = ml_common.timed(lambda: model.fit(x), ml_common.runs_arg(1))
    ml_common.emit({"fit": times, "inertia": test_inertia(xt, model.predict(xt)),
                    "train_inertia": float(model.inertia_), "iterations": int(model.n_iter_),
                    "memory_after_load": loaded, "memory": ml_common.memory(),
                    "versions": ml_common.versions("sklearn", "numpy")})


main()
