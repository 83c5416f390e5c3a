# pandas peer of the strings benchmark on the 1,000,000-row CSV (loaded once,
# untimed, with pandas' default string dtype): one timed step runs
#   .str.upper(), .str.contains(r"_0[0-4]", regex=True),
#   .str.replace("store_", "s", regex=False), .str.split("_").str[1]
# on cat_b (100 store names).
import pandas as pd

import data_common

RUNS = 7


def main():
    df = pd.read_csv(data_common.MIXED_CSV)
    out = {"pandas": pd.__version__}
    column = df["cat_b"]

    def step():
        shouted = column.str.upper()
        early = column.str.contains(r"_0[0-4]", regex=True)
        short = column.str.replace("store_", "s", regex=False)
        number = column.str.split("_").str[1]
        return shouted, early, short, number

    times, (_, early, _, _) = data_common.timed(step, RUNS)
    out["strings"] = times
    out["strings_matches"] = int(early.sum())
    out["strings_dtype"] = str(column.dtype)
    out["peak_rss_mb"] = data_common.peak_rss_mb()
    data_common.emit(out)


main()
