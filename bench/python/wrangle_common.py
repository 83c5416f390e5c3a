"""Shared by the wrangling programs (bench/python/wrangle_pandas.py, wrangle_polars.py):
the inputs, their generator and the result line.

Inputs, generated once into .bench/data/ (seeded numpy, written under a temporary name
and renamed when complete; "_v1" changes whenever the generator does):
- wrangle_1m_v1.csv and wrangle_10m_v1.csv: the same generator at 1,000,000 and
  10,000,000 rows (about 38 and 380 MB). Columns: key (int, 1,000 values), cust (int,
  100,000 values, the join key), a (float, normal, 5% missing), b (float, uniform
  0-100), c (float, normal, 5% missing), d (float, exponential), e (int 0-99).
- wrangle_dim_100k_v1.csv: the dimension table, one row per cust 0..99,999 in a
  shuffled order: cust, segment (text, 20 values), weight (float).
- dates_1m_v1.csv (the data section's, unchanged) and dates_10m_v1.csv: id, when
  ("YYYY-MM-DD HH:MM:SS"), amount.
"""

import json
import sys
import time

import data_common

DATA = data_common.DATA
SIZES = {"1m": 1_000_000, "10m": 10_000_000}
DIM_ROWS = 100_000
KEYS = 1_000
DIM_CSV = DATA / "wrangle_dim_100k_v1.csv"
DATES = {"1m": data_common.DATES_CSV, "10m": data_common.DATES_10M_CSV}

# The operation's parameters, the same in every tool.
ROLL_WINDOW = 20
FILTER_MIN = 40.0  # fill a and c with 0, keep rows with a > FILTER_MIN, then derive three columns


def wrangle_csv(size):
    return DATA / f"wrangle_{size}_v1.csv"


def make_wrangle_csv(path, n):
    """n rows of the wrangling input. Seed 21 for every size, so the 1M file's rows are
    drawn the same way as the 10M file's (not a prefix of it)."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(21)
    frame = pd.DataFrame({
        "key": rng.integers(0, KEYS, n),
        "cust": rng.integers(0, DIM_ROWS, n),
        "a": np.round(rng.normal(50.0, 15.0, n), 2),
        "b": np.round(rng.uniform(0.0, 100.0, n), 2),
        "c": np.round(rng.normal(0.0, 1.0, n), 3),
        "d": np.round(rng.exponential(10.0, n), 2),
        "e": rng.integers(0, 100, n),
    })
    frame.loc[rng.random(n) < 0.05, "a"] = np.nan
    frame.loc[rng.random(n) < 0.05, "c"] = np.nan
    data_common._write_atomically(path, lambda p: frame.to_csv(p, index=False, lineterminator="\n"))


def make_dim_csv():
    """The 100,000-row dimension table, one row per cust. Seed 22."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(22)
    frame = pd.DataFrame({
        "cust": rng.permutation(DIM_ROWS),
        "segment": np.array([f"seg_{i:02d}" for i in range(20)], dtype=object)[rng.integers(0, 20, DIM_ROWS)],
        "weight": np.round(rng.uniform(0.5, 2.0, DIM_ROWS), 3),
    })
    data_common._write_atomically(DIM_CSV, lambda p: frame.to_csv(p, index=False, lineterminator="\n"))


def ensure_inputs(sizes):
    """Generates the inputs that are missing for these sizes; returns what was done."""
    jobs = [(DIM_CSV, make_dim_csv)]
    for size in sizes:
        n = SIZES[size]
        jobs.append((wrangle_csv(size), lambda path=wrangle_csv(size), n=n: make_wrangle_csv(path, n)))
        jobs.append((DATES[size], lambda path=DATES[size], n=n: data_common.make_dates_csv(path, n)))
    done = {}
    for path, make in jobs:
        if path.exists():
            done[path.name] = {"generated": False, "bytes": path.stat().st_size}
            continue
        t0 = time.perf_counter()
        make()
        done[path.name] = {"generated": True, "bytes": path.stat().st_size,
                           "seconds": round(time.perf_counter() - t0, 3)}
    return done


def emit(result):
    print(json.dumps(result, sort_keys=True))
    sys.stdout.flush()


def timed(fn, repeat):
    return data_common.timed(fn, repeat)

