"""Shared by the bench/python/data_*.py programs: input files and timing.

The inputs are generated deterministically (numpy PCG64, fixed seeds) into
.bench/data/ the first time they are needed, and reused after that. A file is
written under a temporary name and renamed when complete, so an interrupted
run never leaves a truncated input behind. The "_v1" in the names changes
whenever the generator does.
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
DATA = ROOT / ".bench" / "data"
MIXED_CSV = DATA / "mixed_1m_v1.csv"
VEC_CSV = DATA / "vec_10m_v1.csv"
DATES_CSV = DATA / "dates_1m_v1.csv"
DATES_ROWS = 1_000_000
DATES_10M_CSV = DATA / "dates_10m_v1.csv"

MIXED_ROWS = 1_000_000
FLOAT_COLUMNS = 20
VEC_ROWS = 10_000_000
AXPY_A = 2.5

COLORS = ["red", "green", "blue", "yellow", "purple"]
COLOR_P = [0.35, 0.25, 0.2, 0.15, 0.05]
STORES = [f"store_{i:03d}" for i in range(100)]


def median(values):
    return statistics.median(values) if values else None


def emit(result):
    """Prints the program's one JSON line."""
    print(json.dumps(result, sort_keys=True))
    sys.stdout.flush()


def timed(fn, repeat):
    """Runs fn() repeat times; returns (times in seconds, last result)."""
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return times, result


def _write_atomically(path, write):
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + f".tmp{os.getpid()}")
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def make_mixed_csv():
    """1,000,000 rows: f0..f19 (float, 6 significant digits), cat_a (5 colours,
    skewed), cat_b (100 stores), label (int 0/1/2, about 62/27/11 %, depending on
    f0, f1 and cat_a). Seed 42."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(42)
    n = MIXED_ROWS
    cols = {}
    means = rng.uniform(-5.0, 5.0, FLOAT_COLUMNS)
    scales = 10.0 ** rng.uniform(-1.0, 2.0, FLOAT_COLUMNS)
    for j in range(FLOAT_COLUMNS):
        cols[f"f{j}"] = rng.normal(means[j], scales[j], n)
    cat_a = rng.choice(len(COLORS), size=n, p=COLOR_P)
    cat_b = rng.integers(0, len(STORES), size=n)
    z0 = (cols["f0"] - means[0]) / scales[0]
    z1 = (cols["f1"] - means[1]) / scales[1]
    score = 0.9 * z0 - 0.6 * z1 + 0.5 * (cat_a == 0) + rng.normal(0.0, 0.7, n)
    label = np.where(score > 1.6, 2, np.where(score > 0.4, 1, 0))
    frame = pd.DataFrame(cols)
    frame["cat_a"] = np.array(COLORS, dtype=object)[cat_a]
    frame["cat_b"] = np.array(STORES, dtype=object)[cat_b]
    frame["label"] = label.astype(np.int64)
    _write_atomically(MIXED_CSV, lambda p: frame.to_csv(p, index=False, float_format="%.6g",
                                                        lineterminator="\n"))


def make_vec_csv():
    """10,000,000 rows of x, y uniform in [-1, 1), 6 decimals. Seed 7."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(7)
    frame = pd.DataFrame({"x": np.round(rng.uniform(-1.0, 1.0, VEC_ROWS), 6),
                          "y": np.round(rng.uniform(-1.0, 1.0, VEC_ROWS), 6)})
    _write_atomically(VEC_CSV, lambda p: frame.to_csv(p, index=False, float_format="%.6f",
                                                      lineterminator="\n"))


def make_dates_csv(path=DATES_CSV, n=DATES_ROWS):
    """n rows (1,000,000; the wrangling section also writes 10,000,000): id, when (an ISO
    8601 date-time, 'YYYY-MM-DD HH:MM:SS', uniform over 2000-2029), amount (float, 2
    decimals). Seed 11."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(11)
    start = np.datetime64("2000-01-01T00:00:00", "s").astype(np.int64)
    span = 30 * 365 * 86400
    when = (start + rng.integers(0, span, n)).astype("datetime64[s]")
    frame = pd.DataFrame({"id": np.arange(n, dtype=np.int64),
                          "when": np.datetime_as_string(when).astype(object),
                          "amount": np.round(rng.uniform(0, 1000, n), 2)})
    frame["when"] = frame["when"].str.replace("T", " ", regex=False)
    _write_atomically(path, lambda p: frame.to_csv(p, index=False, float_format="%.2f",
                                                        lineterminator="\n"))


def ensure_inputs():
    """Generates the inputs that are missing; returns what was done."""
    done = {}
    for path, make in ((MIXED_CSV, make_mixed_csv), (VEC_CSV, make_vec_csv)):
        if path.exists():
            done[path.name] = {"generated": False, "bytes": path.stat().st_size}
            continue
        t0 = time.perf_counter()
        make()
        done[path.name] = {"generated": True, "bytes": path.stat().st_size,
                           "seconds": round(time.perf_counter() - t0, 3)}
    return done


def peak_rss_mb():
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # Linux: KiB


def blas_info():
    """The BLAS numpy loaded, as threadpoolctl reports it (None without threadpoolctl)."""
    try:
        import threadpoolctl
    except ImportError:
        return None
    import numpy  # noqa: F401  (loads the BLAS)
    out = []
    for lib in threadpoolctl.threadpool_info():
        if lib.get("user_api") == "blas":
            out.append({k: lib.get(k) for k in ("internal_api", "version", "architecture",
                                                 "num_threads", "threading_layer")})
    return out
