"""Tests/Fixtures/ml/sparse_linear.json: scikit-learn's Lasso and ElasticNet
coefficients, intercepts and iteration counts on one small seeded dataset, for
`lasso()` and `elastic_net()`.

The data (written into the fixture, rounded to 4 decimals): 120 rows of eight
numeric features x1..x8, where x2 is correlated with x1, x4..x8 have other
scales and means, and y depends on x1, x2, x3 and x5 only, plus noise.

Each case is fitted with fit_intercept=True and the defaults tol=1e-4,
max_iter=1000 unless it says otherwise; `max_iter_3` stops after three sweeps
without converging, so it checks that the sweeps themselves match (and that a
ConvergenceWarning was raised, recorded as `converged: false`).
"""

import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import ElasticNet, Lasso

SEED = 20261207
N = 120

CASES = [
    ("lasso_0.1", "lasso", {"alpha": 0.1}),
    ("lasso_1", "lasso", {"alpha": 1.0}),
    ("lasso_0.01_tight", "lasso", {"alpha": 0.01, "tol": 1e-10, "max_iter": 100000}),
    ("lasso_max_iter_3", "lasso", {"alpha": 0.05, "max_iter": 3}),
    ("elastic_net_0.1", "elastic_net", {"alpha": 0.1, "l1_ratio": 0.5}),
    ("elastic_net_0.5_0.2", "elastic_net", {"alpha": 0.5, "l1_ratio": 0.2}),
    ("elastic_net_0.05_0.9", "elastic_net", {"alpha": 0.05, "l1_ratio": 0.9}),
    ("elastic_net_ridge_only", "elastic_net", {"alpha": 0.3, "l1_ratio": 0.0}),
]


def data():
    rng = np.random.default_rng(SEED)
    x1 = rng.normal(0.0, 1.0, N)
    x2 = 0.7 * x1 + rng.normal(0.0, 0.5, N)
    x3 = rng.normal(2.0, 3.0, N)
    x4 = rng.normal(-1.0, 0.2, N)
    x5 = rng.uniform(0.0, 10.0, N)
    x6 = rng.normal(0.0, 1.0, N)
    x7 = rng.normal(100.0, 5.0, N)
    x8 = rng.normal(0.0, 0.01, N)
    X = np.round(np.column_stack([x1, x2, x3, x4, x5, x6, x7, x8]), 4)
    y = np.round(2.0 * X[:, 0] - 1.5 * X[:, 1] + 0.4 * X[:, 2] + 0.3 * X[:, 4] + rng.normal(0.0, 1.0, N), 4)
    return X, y


def generate(fixtures, refjson, header):
    X, y = data()
    record = dict(header)
    record["about"] = __doc__.split("\n\n")[0]
    record["features"] = [f"x{j + 1}" for j in range(X.shape[1])]
    record["columns"] = {f"x{j + 1}": X[:, j].tolist() for j in range(X.shape[1])}
    record["columns"]["y"] = y.tolist()
    cases = []
    for name, model, params in CASES:
        estimator = Lasso(**params) if model == "lasso" else ElasticNet(**params)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ConvergenceWarning)
            estimator.fit(X, y)
        converged = not any(issubclass(w.category, ConvergenceWarning) for w in caught)
        cases.append({"name": name, "model": model, "params": params,
                      "coef": estimator.coef_.tolist(), "intercept": float(estimator.intercept_),
                      "n_iter": int(estimator.n_iter_), "converged": converged})
    record["cases"] = cases
    return [refjson.write(fixtures / "ml" / "sparse_linear.json", record)]


if __name__ == "__main__":
    import sys
    from pathlib import Path
    here = Path(__file__).resolve().parent
    sys.path.insert(0, str(here))
    import numpy
    import pandas
    import scipy
    import sklearn
    import refjson
    # The header generate.py writes, so running this alone gives the same bytes.
    header = {"generator": "tools/reference/generate.py",
              "versions": {"numpy": numpy.__version__, "pandas": pandas.__version__,
                           "scipy": scipy.__version__, "scikit-learn": sklearn.__version__}}
    for path in generate(here.parent.parent / "Tests" / "Fixtures", refjson, header):
        print(path)
