"""Tests/Fixtures/data/column_functions/: a small CSV with groups, ties, zeros, negative and
missing values, and what pandas gives for Lathe's column functions on it: elementwise math
(numpy ufuncs, Series.round, clip), np.where, between, isin, cut and qcut (labels as the
interval categories print, or bin numbers), and cumsum, shift and rolling, plain and within
groups (groupby(g, sort=False, dropna=True) then cumsum/shift/rolling, realigned to the
rows).

Each case names a Lathe call and lists the result per row (null for missing). Run
standalone (`python3 tools/reference/ref_column_functions.py`) or through generate.py.
"""

import sys
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import refjson  # noqa: E402

CSV = (
    "g,x,n,m,s\n"
    "a,1.5,3,1,red\n"
    "b,-2.0,7,,blue\n"
    "a,,1,4,red\n"
    "a,0.0,12,2,green\n"
    "b,4.25,5,5,\n"
    ",2.5,8,3,blue\n"
    "b,2.5,2,,red\n"
    "a,10.0,4,6,green\n"
    "b,-0.5,9,7,blue\n"
    "a,3.0,6,8,red\n"
    "b,3.0,10,2,green\n"
    "a,3.0,11,9,blue\n"
)


def cells(series):
    out = []
    for value in series.tolist():
        if value is None or (isinstance(value, float) and np.isnan(value)):
            out.append(None)
        elif isinstance(value, pd.Interval):
            out.append(str(value))
        else:
            out.append(value)
    return out


def label_cells(binned):
    """Each row's interval as its category prints (str of an element read back through a
    series with NaN would turn integer edges into floats)."""
    names = [str(interval) for interval in binned.cat.categories]
    return [None if code < 0 else names[code] for code in binned.cat.codes]


def grouped(df, column, op):
    """pandas' groupby(g).<op> realigned to the original rows (missing g gives NaN)."""
    return op(df.groupby("g", sort=False, dropna=True)[column]).reindex(df.index)


def generate(fixtures, refjson_module=refjson, header=None):
    out_dir = Path(fixtures) / "data" / "column_functions"
    out_dir.mkdir(parents=True, exist_ok=True)
    csv_path = out_dir / "series.csv"
    csv_path.write_text(CSV, encoding="utf-8")
    df = pd.read_csv(csv_path)
    x, n, m = df["x"], df["n"], df["m"]
    cases = []

    def case(call, result):
        cases.append({"call": call, "result": cells(result) if not isinstance(result, list) else result})

    with np.errstate(all="ignore"):
        for fn, ufunc in [("abs", np.abs), ("sqrt", np.sqrt), ("exp", np.exp), ("log", np.log),
                          ("floor", np.floor), ("ceil", np.ceil)]:
            case({"fn": fn, "column": "x"}, ufunc(x))
        case({"fn": "abs", "column": "n"}, np.abs(n - 6))
        for digits in [0, 1, -1]:
            case({"fn": "round", "column": "x", "digits": digits}, (x * 1.37).round(digits))
        case({"fn": "clip", "column": "x", "lower": -1.0, "upper": 2.5}, x.clip(-1.0, 2.5))
        case({"fn": "clip", "column": "x", "lower": None, "upper": 2.0}, x.clip(upper=2.0))
        case({"fn": "pow", "column": "x", "exponent": 2.0}, x ** 2)
        case({"fn": "pow", "column": "x", "exponent": 0.5}, x ** 0.5)
    case({"fn": "where_positive", "column": "x"}, pd.Series(np.where(x > 0, x, 0.0)))
    for inclusive in ["both", "neither", "left", "right"]:
        case({"fn": "between", "column": "x", "lower": -0.5, "upper": 3.0, "inclusive": inclusive},
             x.between(-0.5, 3.0, inclusive=inclusive))
    case({"fn": "between_strings", "column": "s", "lower": "blue", "upper": "green"}, df["s"].between("blue", "green"))
    case({"fn": "is_in", "column": "n", "values": [3, 5, 11, 40]}, n.isin([3, 5, 11, 40]))
    case({"fn": "is_in", "column": "s", "values": ["red", "green"]}, df["s"].isin(["red", "green"]))

    cuts = [
        ({"column": "x", "bins": [-5, 0, 1, 10]}, {"bins": [-5, 0, 1, 10]}),
        ({"column": "x", "bins": [-2.0, 0.5, 3.0, 10.0], "include_lowest": True},
         {"bins": [-2.0, 0.5, 3.0, 10.0], "include_lowest": True}),
        ({"column": "x", "bins": 3}, {"bins": 3}),
        ({"column": "x", "bins": 4, "right": False}, {"bins": 4, "right": False}),
        ({"column": "n", "bins": [0, 4, 8, 12], "right": False}, {"bins": [0, 4, 8, 12], "right": False}),
        ({"column": "n", "bins": [1, 4, 8, 12], "include_lowest": True}, {"bins": [1, 4, 8, 12], "include_lowest": True}),
        ({"column": "n", "bins": 5}, {"bins": 5}),
    ]
    for call, kwargs in cuts:
        series = df[call["column"]]
        case(dict(call, fn="cut"), label_cells(pd.cut(series, **kwargs)))
        case(dict(call, fn="cut", labels=False), cells(pd.Series(pd.cut(series, labels=False, **kwargs))))
    for call in [{"column": "x", "q": 4}, {"column": "n", "q": 3}, {"column": "x", "q": [0, 0.1, 0.5, 0.9, 1]},
                 {"column": "m", "q": 2}]:
        series = df[call["column"]]
        case(dict(call, fn="qcut"), label_cells(pd.qcut(series, call["q"])))
        case(dict(call, fn="qcut", labels=False), cells(pd.Series(pd.qcut(series, call["q"], labels=False))))

    for column in ["x", "n", "m"]:
        case({"fn": "cumsum", "column": column}, df[column].cumsum())
        case({"fn": "cumsum", "column": column, "by": "g"}, grouped(df, column, lambda g: g.cumsum()))
    for shift in [1, 2, -1]:
        case({"fn": "shift", "column": "x", "n": shift}, x.shift(shift))
        case({"fn": "shift", "column": "x", "n": shift, "by": "g"}, grouped(df, "x", lambda g, s=shift: g.shift(s)))
    case({"fn": "shift", "column": "s", "n": 1, "by": "g"}, grouped(df, "s", lambda g: g.shift(1)))
    case({"fn": "shift", "column": "n", "n": -2}, n.shift(-2))
    for stat in ["mean", "sum", "min", "max", "std", "var"]:
        for window, min_periods in [(3, None), (2, 1), (1, None), (4, 2)]:
            call = {"fn": "rolling", "column": "x", "window": window, "stat": stat, "min_periods": min_periods}
            case(call, getattr(x.rolling(window, min_periods=min_periods), stat)())
            case(dict(call, by="g"),
                 grouped(df, "x", lambda g: getattr(g.rolling(window, min_periods=min_periods), stat)().reset_index(level=0, drop=True)))
        case({"fn": "rolling", "column": "n", "window": 3, "stat": stat, "min_periods": None}, getattr(n.rolling(3), stat)())

    record = {"source": header or f"pandas {pd.__version__}", "csv": "series.csv", "cases": cases}
    return [csv_path, refjson_module.write(out_dir / "column_function_cases.json", record)]


if __name__ == "__main__":
    root = HERE.parent.parent
    for path in generate(root / "Tests" / "Fixtures"):
        print(path.relative_to(root))
