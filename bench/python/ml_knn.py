# scikit-learn peer of bench/lathe/ml_knn.mlx: KNeighborsClassifier(n_neighbors=5) (uniform
# weights, Euclidean; "auto" picks brute force for 20 features) fitted on the 100,000-row
# classification subset, then predicting the 1,000 query rows; both loaded untimed. Times
# fit and predict separately; accuracy on the queries. Usage: ml_knn.py [runs]
import time

import ml_common


def main():
    from sklearn.metrics import accuracy_score
    from sklearn.neighbors import KNeighborsClassifier

    x, y = ml_common.load(ml_common.CLF_TRAIN_100K)
    xq, yq = ml_common.load(ml_common.CLF_QUERY_1K)
    loaded = ml_common.memory()
    fits, predicts, predicted = [], [], None
    for _ in range(ml_common.runs_arg(3)):
        model = KNeighborsClassifier(n_neighbors=5)
        t0 = time.perf_counter()
        model.fit(x, y)
        t1 = time.perf_counter()
        predicted = model.predict(xq)
        t2 = time.perf_counter()
        fits.append(t1 - t0)
        predicts.append(t2 - t1)
    ml_common.emit({"fit": fits, "predict": predicts, "fit_predict": [a + b for a, b in zip(fits, predicts)],
                    "accuracy": float(accuracy_score(yq, predicted)), "algorithm": model._fit_method,
                    "memory_after_load": loaded, "memory": ml_common.memory(),
                    "versions": ml_common.versions("sklearn", "numpy")})


main()
