# scikit-learn peer of bench/lathe/ml_linear.mlx and ml_ridge.mlx: LinearRegression() or
# Ridge(alpha=1.0) fitted on the 1,000,000 x 20 regression training CSV (loaded untimed),
# R^2 on the 100,000-row test CSV. Usage: ml_linear.py linear|ridge [runs]
import sys

import ml_common


def main():
    from sklearn.linear_model import LinearRegression, Ridge
    from sklearn.metrics import r2_score

    kind = sys.argv[1]
    x, y = ml_common.load(ml_common.REG_TRAIN)
    xt, yt = ml_common.load(ml_common.REG_TEST)
    loaded = ml_common.memory()
    if kind == "linear":
        model = LinearRegression()
    elif kind == "ridge":
        model = Ridge(alpha=1.0)
    else:
        sys.exit(f"unknown model {kind}")
    times, _ = ml_common.timed(lambda: model.fit(x, y), ml_common.runs_arg(3))
    ml_common.emit({"fit": times, "r2": float(r2_score(yt, model.predict(xt))),
                    "memory_after_load": loaded, "memory": ml_common.memory(),
                    "versions": ml_common.versions("sklearn", "numpy")})


main()
