"""Shared by the bench/python/ml_*.py programs: the ML section's inputs, loading,
timing and output.

The inputs are generated deterministically with scikit-learn's seeded
generators into .bench/data/ the first time they are needed, and reused after
that (each file written under a temporary name and renamed when complete).
The "_v1" in the names changes whenever the generator does.

- classification: make_classification(1,100,000 rows, 20 features, 10
  informative, 4 redundant, 2 classes, 2 clusters per class, flip_y 0.02,
  class_sep 1.0, seed 42); the first 1,000,000 rows are the training file, the
  last 100,000 the test file. make_classification shuffles its rows, so the
  two are a random split.
- regression: make_regression(1,100,000 rows, 20 features, 12 informative,
  noise 25, seed 43), split the same way.
- subsets, written from the same arrays with the same formatting (so their
  text is identical to the corresponding rows of the big files): the first
  100,000 training rows (forest; knn's reference rows), the first 20,000 test
  rows (forest's test set), the first 1,000 test rows (knn's queries).

Columns f0..f19 (floats written with 6 significant digits) and label (int 0/1
for classification, a float with 6 significant digits for regression).
"""

import json
import os
import sys
import time
from pathlib import Path

from data_common import _write_atomically  # one atomic writer for all generated inputs

ROOT = Path(__file__).resolve().parent.parent.parent
DATA = ROOT / ".bench" / "data"

FEATURES = 20
TRAIN_ROWS = 1_000_000
TEST_ROWS = 100_000
SUBSET_ROWS = 100_000
FOREST_TEST_ROWS = 20_000
QUERY_ROWS = 1_000

CLF_TRAIN = DATA / "ml_clf_train_1m_v1.csv"
CLF_TEST = DATA / "ml_clf_test_100k_v1.csv"
CLF_TRAIN_100K = DATA / "ml_clf_train_100k_v1.csv"
CLF_TEST_20K = DATA / "ml_clf_test_20k_v1.csv"
CLF_QUERY_1K = DATA / "ml_clf_query_1k_v1.csv"
REG_TRAIN = DATA / "ml_reg_train_1m_v1.csv"
REG_TEST = DATA / "ml_reg_test_100k_v1.csv"

ALL_INPUTS = [CLF_TRAIN, CLF_TEST, CLF_TRAIN_100K, CLF_TEST_20K, CLF_QUERY_1K, REG_TRAIN, REG_TEST]


def emit(result):
    """Prints the program's one JSON line."""
    print(json.dumps(result, sort_keys=True))
    sys.stdout.flush()


def runs_arg(default=1):
    """The repetition count: the first command-line argument that is a number."""
    for arg in sys.argv[1:]:
        if arg.isdigit():
            return int(arg)
    return default


def timed(fn, repeat):
    """Runs fn() repeat times; returns (times in seconds, last result)."""
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return times, result


def memory():
    """This process's current and peak resident set size in MB (Linux /proc)."""
    out = {}
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    out["rss_mb"] = int(line.split()[1]) / 1024.0
                elif line.startswith("VmHWM:"):
                    out["hwm_mb"] = int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return out


def count_rows(path):
    """Data rows in a CSV with a header line and a newline after every row."""
    rows = 0
    with open(path, "rb") as f:
        while block := f.read(1 << 24):
            rows += block.count(b"\n")
    return rows - 1


def load(path):
    """(X, y): the feature columns as a C-ordered float64 matrix and the label.

    Streams the CSV with pyarrow's reader (pyarrow.csv.open_csv), batch by batch, into a
    matrix allocated once, so that the load's own peak memory is about the matrix plus a
    batch: the peers' peak RSS then shows scikit-learn's fit, not a loader's copies
    (reading the whole file with pyarrow.csv.read_csv and copying out peaks about 450 MB
    higher on the 1,000,000-row file, pandas.read_csv about 650 MB)."""
    import numpy as np
    import pyarrow.csv
    names = [f"f{j}" for j in range(FEATURES)]
    n = count_rows(path)
    x = np.empty((n, FEATURES), dtype=np.float64)
    y = None
    at = 0
    for batch in pyarrow.csv.open_csv(path):
        m = batch.num_rows
        for j, name in enumerate(names):
            x[at:at + m, j] = batch.column(name).to_numpy()
        label = batch.column("label").to_numpy()
        if y is None:
            y = np.empty(n, dtype=label.dtype)
        y[at:at + m] = label
        at += m
    if at != n:
        raise ValueError(f"{path}: read {at} rows, counted {n}")
    return x, y


def versions(*modules):
    out = {}
    for name in modules:
        try:
            module = __import__(name)
            out[name] = getattr(module, "__version__", "?")
        except ImportError:
            out[name] = None
    return out


# ---------------------------------------------------------------- generation



def _write_csv(path, x, y, label_format):
    import numpy as np
    import pandas as pd
    frame = pd.DataFrame(x, columns=[f"f{j}" for j in range(FEATURES)])
    if label_format == "int":
        frame["label"] = y.astype(np.int64)
    else:
        frame["label"] = y
    _write_atomically(path, lambda p: frame.to_csv(p, index=False, float_format="%.6g", lineterminator="\n"))


def make_classification_files():
    from sklearn.datasets import make_classification
    x, y = make_classification(n_samples=TRAIN_ROWS + TEST_ROWS, n_features=FEATURES, n_informative=10,
                               n_redundant=4, n_repeated=0, n_classes=2, n_clusters_per_class=2,
                               flip_y=0.02, class_sep=1.0, random_state=42)
    train_x, train_y = x[:TRAIN_ROWS], y[:TRAIN_ROWS]
    test_x, test_y = x[TRAIN_ROWS:], y[TRAIN_ROWS:]
    # Subsets first: they are small, and the big files' presence marks completion.
    _write_csv(CLF_TRAIN_100K, train_x[:SUBSET_ROWS], train_y[:SUBSET_ROWS], "int")
    _write_csv(CLF_TEST_20K, test_x[:FOREST_TEST_ROWS], test_y[:FOREST_TEST_ROWS], "int")
    _write_csv(CLF_QUERY_1K, test_x[:QUERY_ROWS], test_y[:QUERY_ROWS], "int")
    _write_csv(CLF_TEST, test_x, test_y, "int")
    _write_csv(CLF_TRAIN, train_x, train_y, "int")


def make_regression_files():
    from sklearn.datasets import make_regression
    x, y = make_regression(n_samples=TRAIN_ROWS + TEST_ROWS, n_features=FEATURES, n_informative=12,
                           noise=25.0, random_state=43)
    _write_csv(REG_TEST, x[TRAIN_ROWS:], y[TRAIN_ROWS:], "float")
    _write_csv(REG_TRAIN, x[:TRAIN_ROWS], y[:TRAIN_ROWS], "float")


def ensure_inputs():
    """Generates the inputs that are missing; returns what was done."""
    done = {}
    for paths, make in (([CLF_TRAIN_100K, CLF_TEST_20K, CLF_QUERY_1K, CLF_TEST, CLF_TRAIN], make_classification_files),
                        ([REG_TEST, REG_TRAIN], make_regression_files)):
        generated = not all(p.exists() for p in paths)
        t0 = time.perf_counter()
        if generated:
            make()
        for p in paths:
            done[p.name] = {"generated": generated, "bytes": p.stat().st_size}
        if generated:
            done[paths[-1].name]["seconds"] = round(time.perf_counter() - t0, 3)
    return done
