# pandas peer of the wrangling section: python3 wrangle_pandas.py OP SIZE [RUNS].
# Loads its input untimed with pd.read_csv (C engine, pandas' default), then times only
# OP, RUNS times; prints one JSON line: OP's times, the load time and the result check.
#   load        nothing beyond the load (the baseline for time and peak memory)
#   groupby     df.groupby("key")[a..e].agg(["mean", "count"])
#   join        df.merge(dim, on="cust") (inner; dim: 100,000 rows, loaded untimed)
#   sort        df.sort_values(["key", "b"])
#   rolling     df.groupby("key")["b"].rolling(20).mean(), back in row order
#   clean       fillna({a: 0, c: 0}), then rows with a > 40, then assign t1, t2, t3
#   dates       pd.to_datetime of the text column "when", then .dt.month, .dt.day_of_week
#   dates_load  pd.read_csv(parse_dates=["when"]), then .dt.month, .dt.day_of_week
import sys
import time

import numpy as np
import pandas as pd

import wrangle_common as wc

VALUES = ["a", "b", "c", "d", "e"]


def main():
    op, size = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    out = {"pandas": pd.__version__}
    t0 = time.perf_counter()
    if op == "dates_load":
        df = None
    elif op == "dates":
        df = pd.read_csv(wc.DATES[size])
    else:
        df = pd.read_csv(wc.wrangle_csv(size))
    dim = pd.read_csv(wc.DIM_CSV) if op == "join" else None
    out["load_s"] = time.perf_counter() - t0

    if op == "load":
        out["rows"] = len(df)
    elif op == "groupby":
        times, res = wc.timed(lambda: df.groupby("key")[VALUES].agg(["mean", "count"]), runs)
        out["groups"] = len(res)
        out["sum_means"] = float(sum(res[(c, "mean")].sum() for c in VALUES))
        out["sum_counts"] = int(sum(res[(c, "count")].sum() for c in VALUES))
    elif op == "join":
        times, res = wc.timed(lambda: df.merge(dim, on="cust"), runs)
        out["rows"] = len(res)
        out["sum_weight"] = float(res["weight"].sum())
    elif op == "sort":
        times, res = wc.timed(lambda: df.sort_values(["key", "b"]), runs)
        n = len(res)
        out["rows"] = n
        out["key_mid"] = int(res["key"].iloc[n // 2])
        out["b_first"] = float(res["b"].iloc[0])
        out["b_mid"] = float(res["b"].iloc[n // 2])
        out["b_last"] = float(res["b"].iloc[n - 1])
    elif op == "rolling":
        def roll():
            return df.groupby("key")["b"].rolling(wc.ROLL_WINDOW).mean().droplevel(0).sort_index()
        times, res = wc.timed(roll, runs)
        out["present"] = int(res.count())
        out["sum_roll"] = float(res.sum())
        out["roll_row_100"] = float(res.iloc[100]) if not np.isnan(res.iloc[100]) else None
    elif op == "clean":
        def clean():
            f = df.fillna({"a": 0, "c": 0})
            f = f[f["a"] > wc.FILTER_MIN]
            return f.assign(t1=f["a"] * 2 + f["b"], t2=np.log(f["d"] + 1),
                            t3=np.where(f["c"] > 0, f["b"], -f["b"]))
        times, res = wc.timed(clean, runs)
        out["rows"] = len(res)
        out["sum_t1"] = float(res["t1"].sum())
        out["sum_t2"] = float(res["t2"].sum())
        out["sum_t3"] = float(res["t3"].sum())
    elif op == "dates":
        def parse():
            when = pd.to_datetime(df["when"])
            return when.dt.month, when.dt.day_of_week
        times, (month, weekday) = wc.timed(parse, runs)
        out["dates_checksum"] = int(month.sum() + weekday.sum())
    elif op == "dates_load":
        def load():
            d = pd.read_csv(wc.DATES[size], parse_dates=["when"])
            return d["when"].dt.month, d["when"].dt.day_of_week
        times, (month, weekday) = wc.timed(load, runs)
        out["dates_checksum"] = int(month.sum() + weekday.sum())
    else:
        raise SystemExit(f"unknown operation {op}")
    if op != "load":
        out[op] = times
    wc.emit(out)


main()
