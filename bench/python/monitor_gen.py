# Generates the monitor benchmark's inputs into .bench/data/monitor/ once (seeded numpy PCG64),
# then reuses them: reference.csv (100,000 rows) and current.csv (1,000,000 rows), each with
# 20 float columns f0..f19 (6 significant digits) and 2 categorical string columns, cat_a
# (5 colours) and cat_b (100 stores). The current rows are drawn from the same distributions
# except for a few columns, so that some drift and most do not:
#   f0    mean + 0.5 sd        (Wasserstein / sd about 0.5: drifts)
#   f1    sd x 1.5             (about 0.4: drifts)
#   f2    mean + 0.02 sd       (about 0.02: does not drift)
#   f3    mean + 0.25 sd       (about 0.25: drifts)
#   cat_a probabilities moved  (Jensen-Shannon distance about 0.18: drifts)
# so 4 of 22 columns drift under Evidently 0.7's defaults (share 0.1818).
# Files are written under a temporary name and renamed when complete; VERSION names the
# generator's version, and a different one regenerates. Needs numpy and pandas; prints one
# JSON line.
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
OUT = ROOT / ".bench" / "data" / "monitor"
VERSION = "v1"
REFERENCE_ROWS = 100_000
CURRENT_ROWS = 1_000_000
FLOAT_COLUMNS = 20
COLORS = ["red", "green", "blue", "yellow", "purple"]
REFERENCE_P = [0.35, 0.25, 0.2, 0.15, 0.05]
CURRENT_P = [0.2, 0.25, 0.2, 0.15, 0.2]
STORES = [f"store_{i:03d}" for i in range(100)]


def frame(np, pd, rng, n, means, scales, shifted):
    cols = {}
    for j in range(FLOAT_COLUMNS):
        mean, scale = means[j], scales[j]
        if shifted and j == 0:
            mean += 0.5 * scale
        elif shifted and j == 1:
            scale *= 1.5
        elif shifted and j == 2:
            mean += 0.02 * scale
        elif shifted and j == 3:
            mean += 0.25 * scale
        cols[f"f{j}"] = rng.normal(mean, scale, n)
    out = pd.DataFrame(cols)
    out["cat_a"] = np.array(COLORS, dtype=object)[rng.choice(len(COLORS), size=n,
                                                             p=CURRENT_P if shifted else REFERENCE_P)]
    out["cat_b"] = np.array(STORES, dtype=object)[rng.integers(0, len(STORES), size=n)]
    return out


def write(df, path):
    tmp = path.with_name(path.name + f".tmp{os.getpid()}")
    try:
        df.to_csv(tmp, index=False, float_format="%.6g", lineterminator="\n")
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def main():
    reference, current, version = OUT / "reference.csv", OUT / "current.csv", OUT / "VERSION"
    fresh = (reference.exists() and current.exists() and version.exists()
             and version.read_text().strip() == VERSION)
    t0 = time.perf_counter()
    if not fresh:
        import numpy as np
        import pandas as pd
        OUT.mkdir(parents=True, exist_ok=True)
        if version.exists():
            version.unlink()
        rng = np.random.default_rng(20260)
        means = rng.uniform(-5.0, 5.0, FLOAT_COLUMNS)
        scales = 10.0 ** rng.uniform(-1.0, 2.0, FLOAT_COLUMNS)
        write(frame(np, pd, rng, REFERENCE_ROWS, means, scales, shifted=False), reference)
        write(frame(np, pd, rng, CURRENT_ROWS, means, scales, shifted=True), current)
        version.write_text(VERSION + "\n")
    print(json.dumps({"generated": not fresh, "seconds": round(time.perf_counter() - t0, 3),
                      "reference_bytes": reference.stat().st_size, "current_bytes": current.stat().st_size}))
    sys.stdout.flush()


main()
