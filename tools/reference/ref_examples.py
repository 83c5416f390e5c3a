"""examples/data/: iris.csv from scikit-learn's bundled copy, and iris_live.csv
derived from it with a seeded shift in petal_length."""

import csv

import numpy as np
from sklearn.datasets import load_iris

COLUMNS = ["sepal_length", "sepal_width", "petal_length", "petal_width", "species"]
LIVE_SEED = 20240601
LIVE_ROWS = 60
LIVE_SHIFT_CM = 0.8      # added to petal_length
LIVE_NOISE_SD = 0.1      # normal noise on the shifted petal_length


def iris_rows():
    """The 150 iris rows as (4 floats, species name) in scikit-learn's order."""
    bunch = load_iris(as_frame=True)
    frame = bunch.frame
    names = list(bunch.target_names)
    features = frame.iloc[:, :4].to_numpy(dtype=np.float64)
    targets = frame["target"].to_numpy()
    return [([float(v) for v in features[i]], str(names[targets[i]])) for i in range(len(frame))]


def _fmt(x):
    # Measurements have one decimal; write them as such (5.1, not 5.0999999999999996).
    text = f"{x:.1f}"
    assert float(text) == round(x, 1), x
    return text


def write_csv(path, rows):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(COLUMNS)
        for values, species in rows:
            w.writerow([_fmt(v) for v in values] + [species])


def live_rows(rows):
    """60 rows resampled without replacement (seeded), petal_length shifted by
    +0.8 cm plus N(0, 0.1) noise, rounded to one decimal and kept >= 0.1.
    The other three measurements and the species are copied unchanged."""
    rng = np.random.default_rng(LIVE_SEED)
    picks = rng.choice(len(rows), size=LIVE_ROWS, replace=False)
    noise = rng.normal(0.0, LIVE_NOISE_SD, size=LIVE_ROWS)
    out = []
    for k, i in enumerate(picks):
        values, species = rows[int(i)]
        values = list(values)
        values[2] = max(0.1, round(values[2] + LIVE_SHIFT_CM + float(noise[k]), 1))
        out.append((values, species))
    return out


def generate(root):
    data = root / "examples" / "data"
    rows = iris_rows()
    assert len(rows) == 150
    # Checks that this is the Fisher (1936) version (as in R), not UCI's copy
    # with two differing rows: rows 35 and 38 (1-based) read as below in Fisher's
    # paper, while UCI has 4.9,3.1,1.5,0.1 for both.
    assert rows[34][0] == [4.9, 3.1, 1.5, 0.2], rows[34]
    assert rows[37][0] == [4.9, 3.6, 1.4, 0.1], rows[37]
    write_csv(data / "iris.csv", rows)
    write_csv(data / "iris_live.csv", live_rows(rows))
    return [data / "iris.csv", data / "iris_live.csv"]
