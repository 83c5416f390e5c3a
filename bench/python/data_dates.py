# pandas peer of the dates benchmark on the 1,000,000-row dates CSV:
#   dates          pd.read_csv(parse_dates=["when"]), then .dt.month and .dt.day_of_week
#   dates_extract  .dt.month and .dt.day_of_week of the loaded column only
import pandas as pd

import data_common

RUNS = 5


def main():
    out = {"pandas": pd.__version__}

    def load_and_extract():
        df = pd.read_csv(data_common.DATES_CSV, parse_dates=["when"])
        return df, df["when"].dt.month, df["when"].dt.day_of_week

    times, (df, _, _) = data_common.timed(load_and_extract, RUNS)
    out["dates"] = times
    times, (month, weekday) = data_common.timed(lambda: (df["when"].dt.month, df["when"].dt.day_of_week), RUNS)
    out["dates_extract"] = times
    out["dates_checksum"] = int(month.sum() + weekday.sum())
    out["dates_dtype"] = str(df["when"].dtype)
    out["peak_rss_mb"] = data_common.peak_rss_mb()
    data_common.emit(out)


main()
