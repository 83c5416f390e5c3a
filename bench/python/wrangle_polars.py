# Polars peer of the wrangling section: python3 wrangle_polars.py OP SIZE [RUNS].
# Eager API, Polars' own thread pool (all the cores it may use). Loads its input untimed
# with pl.read_csv, then times only OP, RUNS times; prints one JSON line like
# wrangle_pandas.py, whose operations these mirror:
#   groupby     df.group_by("key").agg(mean and count of a..e).sort("key")
#   join        df.join(dim, on="cust") (inner)
#   sort        df.sort(["key", "b"])
#   rolling     pl.col("b").rolling_mean(20).over("key") (rows stay in place)
#   clean       fill_null(0) on a and c, filter a > 40, with_columns t1, t2, t3
#   dates       .str.to_datetime() of the text column "when", then .dt.month, .dt.weekday
#   dates_load  pl.read_csv(try_parse_dates=True), then .dt.month, .dt.weekday
# Polars' weekday is Monday 1 … Sunday 7; the checksum subtracts 1 per row (untimed) to
# match pandas' and Lathe's Monday 0.
import sys
import time

import polars as pl

import wrangle_common as wc

VALUES = ["a", "b", "c", "d", "e"]


def main():
    op, size = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    out = {"polars": pl.__version__, "polars_threads": pl.thread_pool_size()}
    t0 = time.perf_counter()
    if op == "dates_load":
        df = None
    elif op == "dates":
        df = pl.read_csv(wc.DATES[size])
    else:
        df = pl.read_csv(wc.wrangle_csv(size))
    dim = pl.read_csv(wc.DIM_CSV) if op == "join" else None
    out["load_s"] = time.perf_counter() - t0

    if op == "load":
        out["rows"] = df.height
    elif op == "groupby":
        aggs = [pl.col(c).mean().alias(f"{c}_mean") for c in VALUES]
        aggs += [pl.col(c).count().alias(f"{c}_count") for c in VALUES]
        times, res = wc.timed(lambda: df.group_by("key").agg(aggs).sort("key"), runs)
        out["groups"] = res.height
        out["sum_means"] = float(sum(res[f"{c}_mean"].sum() for c in VALUES))
        out["sum_counts"] = int(sum(res[f"{c}_count"].sum() for c in VALUES))
    elif op == "join":
        times, res = wc.timed(lambda: df.join(dim, on="cust"), runs)
        out["rows"] = res.height
        out["sum_weight"] = float(res["weight"].sum())
    elif op == "sort":
        times, res = wc.timed(lambda: df.sort(["key", "b"]), runs)
        n = res.height
        out["rows"] = n
        out["key_mid"] = int(res["key"][n // 2])
        out["b_first"] = float(res["b"][0])
        out["b_mid"] = float(res["b"][n // 2])
        out["b_last"] = float(res["b"][n - 1])
    elif op == "rolling":
        expr = pl.col("b").rolling_mean(wc.ROLL_WINDOW).over("key")
        times, res = wc.timed(lambda: df.select(expr).to_series(), runs)
        out["present"] = int(res.count())
        out["sum_roll"] = float(res.sum())
        out["roll_row_100"] = res[100]
    elif op == "clean":
        def clean():
            return (df.with_columns(pl.col("a", "c").fill_null(0))
                    .filter(pl.col("a") > wc.FILTER_MIN)
                    .with_columns(t1=pl.col("a") * 2 + pl.col("b"), t2=(pl.col("d") + 1).log(),
                                  t3=pl.when(pl.col("c") > 0).then(pl.col("b")).otherwise(-pl.col("b"))))
        times, res = wc.timed(clean, runs)
        out["rows"] = res.height
        out["sum_t1"] = float(res["t1"].sum())
        out["sum_t2"] = float(res["t2"].sum())
        out["sum_t3"] = float(res["t3"].sum())
    elif op == "dates":
        def parse():
            when = df["when"].str.to_datetime()
            return when.dt.month(), when.dt.weekday()
        times, (month, weekday) = wc.timed(parse, runs)
        out["dates_checksum"] = int(month.sum() + weekday.sum() - len(weekday))
    elif op == "dates_load":
        def load():
            d = pl.read_csv(wc.DATES[size], try_parse_dates=True)
            return d["when"].dt.month(), d["when"].dt.weekday()
        times, (month, weekday) = wc.timed(load, runs)
        out["dates_checksum"] = int(month.sum() + weekday.sum() - len(weekday))
    else:
        raise SystemExit(f"unknown operation {op}")
    if op != "load":
        out[op] = times
    wc.emit(out)


main()
