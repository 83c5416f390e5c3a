"""Tests/Fixtures/data/groupby/: a small sales CSV with missing keys and values, and what
pandas' groupby(...).agg makes of it, for Lathe's `aggregate`.

Each case groups by one or two keys with sort=True and dropna=False or True (Lathe's
`aggregate(sort:, dropna:)`); the expected frame lists the key columns then every
statistic, one row per group. Run standalone (`python3 tools/reference/ref_groupby.py`)
or through generate.py.
"""

import sys
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import refjson  # noqa: E402

CSV = (
    "region,plan,amount,units\n"
    "north,basic,10.5,1\n"
    "south,pro,3.25,2\n"
    "north,pro,,3\n"
    ",basic,7.0,\n"
    "east,basic,1e3,5\n"
    "south,pro,-2.5,6\n"
    "north,basic,0.1,7\n"
    ",pro,4.0,8\n"
    "east,,0.2,9\n"
    "south,basic,0.3,10\n"
    "north,basic,12.75,11\n"
    "east,pro,,\n"
)

STATS = ["size", "count", "sum", "mean", "median", "min", "max", "std", "var", "nunique", "first", "last", "q90"]


def cell(value):
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return None
    return refjson.scalar(value)


def expected(df, keys, dropna):
    grouped = df.groupby(keys, sort=True, dropna=dropna)
    columns = {}
    result = grouped["amount"].agg(
        ["size", "count", "sum", "mean", "median", "min", "max", "std", "var", "nunique", "first", "last"])
    result["q90"] = grouped["amount"].quantile(0.9)
    result = result.reset_index()
    for key in keys:
        columns[key] = [cell(v) for v in result[key]]
    for stat in STATS:
        columns[stat] = [cell(v) for v in result[stat]]
    return columns


def generate(fixtures, refjson_module=refjson, header=None):
    out_dir = Path(fixtures) / "data" / "groupby"
    out_dir.mkdir(parents=True, exist_ok=True)
    csv_path = out_dir / "sales.csv"
    csv_path.write_text(CSV, encoding="utf-8")
    df = pd.read_csv(csv_path)
    cases = []
    for keys in (["region"], ["region", "plan"]):
        for dropna in (False, True):
            cases.append({"by": keys, "dropna": dropna, "columns": expected(df, keys, dropna)})
    record = {"source": header or f"pandas {pd.__version__}", "csv": "sales.csv",
              "column": "amount", "q": 0.9, "cases": cases}
    return [csv_path, refjson_module.write(out_dir / "sales_groupby.json", record)]


if __name__ == "__main__":
    root = HERE.parent.parent
    for path in generate(root / "Tests" / "Fixtures"):
        print(path.relative_to(root))
