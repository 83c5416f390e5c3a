"""examples/data/: iris.csv from scikit-learn's bundled copy, iris_live.csv
derived from it with a seeded shift in petal_length, and churn.csv, a made-up messy
customer table for examples/wrangling.mlx."""

import csv
import datetime
import math

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


CHURN_SEED = 20261206
CHURN_ROWS = 600
CHURN_COLUMNS = ["customer_id", "signup_date", "last_seen", "plan", "region", "monthly_charges",
                 "age", "support_calls", "churned"]
CHURN_PLANS = [("basic", 0.5, 20.0, 3.0), ("standard", 0.35, 45.0, 5.0), ("premium", 0.15, 80.0, 8.0)]
CHURN_REGIONS = ["north", "south", "east", "west"]
CHURN_MISSING = ["", "n/a", "None", "NA"]   # the spellings of a missing cell, as exported files mix them
CHURN_START = datetime.date(2021, 1, 1)
CHURN_END = datetime.date(2024, 6, 30)


def churn_rows():
    """CHURN_ROWS made-up customers, messy on purpose: category text in mixed case with stray
    spaces, missing cells spelled four ways, a few impossible ages, and a churned target
    (about one in five) driven by support calls, short tenure, the basic plan and high
    charges. Deterministic for a given numpy version."""
    rng = np.random.default_rng(CHURN_SEED)

    def messy(word):
        style = int(rng.integers(0, 5))
        return [word, word.upper(), word.capitalize(), " " + word, word + "  "][style]

    def missing_or(text, share):
        return CHURN_MISSING[int(rng.integers(0, len(CHURN_MISSING)))] if rng.random() < share else text

    rows = []
    span = (CHURN_END - CHURN_START).days
    for i in range(CHURN_ROWS):
        plan_index = int(rng.choice(len(CHURN_PLANS), p=[p[1] for p in CHURN_PLANS]))
        plan, _, charge_mean, charge_sd = CHURN_PLANS[plan_index]
        region = CHURN_REGIONS[int(rng.integers(0, len(CHURN_REGIONS)))]
        signup = CHURN_START + datetime.timedelta(days=int(rng.integers(0, span - 60)))
        tenure = int(rng.integers(30, 900))
        last_seen = min(CHURN_END, signup + datetime.timedelta(days=tenure))
        tenure = (last_seen - signup).days
        charges = round(float(rng.normal(charge_mean, charge_sd)) + (4.0 if region == "west" else 0.0), 2)
        age = int(np.clip(round(float(rng.normal(42, 13))), 18, 85))
        if rng.random() < 0.01:
            age = int(rng.choice([0, 150, 999]))
        calls = int(rng.poisson(1.5))
        score = (-2.6 + 1.1 * calls - 0.004 * tenure + (1.2 if plan == "basic" else 0.0)
                 + 0.08 * (charges - charge_mean) + float(rng.normal(0, 0.3)))
        churned = rng.random() < 1.0 / (1.0 + math.exp(-score))
        rows.append([
            f"CU-{10001 + i}",
            missing_or(signup.isoformat(), 0.03),
            last_seen.isoformat(),
            missing_or(messy(plan), 0.04),
            missing_or(messy(region), 0.03),
            missing_or(f"{charges:.2f}", 0.05),
            missing_or(str(age), 0.04),
            str(calls),
            "yes" if churned else "no",
        ])
    return rows


def write_churn(path):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(CHURN_COLUMNS)
        w.writerows(churn_rows())


def churn_pipeline(path):
    """What pandas makes of examples/wrangling.mlx's cleaning steps on churn.csv, for
    Tests/LatheTests/Reference/WranglingExampleReferenceTests.swift: the counts and values
    the example prints before it trains."""
    import pandas as pd

    raw = pd.read_csv(path, parse_dates=["signup_date", "last_seen"])
    df = raw.copy()
    for name in ("plan", "region"):
        df[name] = df[name].str.strip().str.lower()
    clean_plans = [None if pd.isna(v) else v for v in df["plan"].unique()]
    df = df.fillna({"plan": "unknown", "region": "unknown"})
    for name in ("monthly_charges", "age"):
        df[name] = df[name].fillna(df[name].median())
    df["age"] = df["age"].clip(18, 90)
    df["age_band"] = pd.cut(df["age"], [18, 30, 45, 60, 90], include_lowest=True)
    top_band = df["age_band"].value_counts().index[0]
    df = df.dropna(subset=["signup_date"])
    tenure = (df["last_seen"] - df["signup_date"]) / pd.Timedelta(days=1)
    regional = (df.groupby("region", sort=True)
                .agg(region_avg_charge=("monthly_charges", "mean"), region_size=("plan", "size"))
                .reset_index())
    shares = df["churned"].value_counts(normalize=True)
    return {
        "shape": list(raw.shape),
        "missing": {"monthly_charges": int(raw["monthly_charges"].isna().sum()),
                    "age": int(raw["age"].isna().sum()),
                    "plan": int(raw["plan"].isna().sum())},
        "raw_plan_values": int(raw["plan"].nunique(dropna=False)),
        "clean_plans": clean_plans,
        "top_age_band": f"({top_band.left:.1f}, {top_band.right:.1f}]",
        "rows_with_signup": int(len(df)),
        "tenure_days": [float(tenure.min()), float(tenure.max())],
        "regions": list(regional["region"]),
        "region_avg_charge": [float(v) for v in regional["region_avg_charge"]],
        "region_size": [int(v) for v in regional["region_size"]],
        "top_target": str(shares.index[0]),
        "top_target_share": float(shares.iloc[0]),
    }


def generate(root, refjson=None, header=None):
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
    write_churn(data / "churn.csv")
    written = [data / "iris.csv", data / "iris_live.csv", data / "churn.csv"]
    if refjson is not None:
        fixture = root / "Tests" / "Fixtures" / "data" / "wrangling" / "churn_pipeline.json"
        written.append(refjson.write(fixture, {**(header or {}), "file": "examples/data/churn.csv",
                                               **churn_pipeline(data / "churn.csv")}))
    return written
