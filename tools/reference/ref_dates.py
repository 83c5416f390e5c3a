"""Tests/Fixtures/data/dates/: a CSV of ISO 8601 dates and date-times (leap days, dates
before 1970, fractions of a second, UTC offsets, missing cells) and a strftime-formatted
column, with what pandas computes from them, for Lathe's datetime columns:

  year, month, day, weekday (Monday 0), hour, minute, second  -> Series.dt.*
  days_between(a, b), seconds_between(a, b)                    -> (a - b) / Timedelta
  add_days(d, n)                                               -> d + Timedelta(days=n)
  truncate(d, "day" | "week" | "month")                        -> dt.floor("D"),
        dt.to_period("W").dt.start_time, dt.to_period("M").dt.start_time
  dataset(types: {dmy: "date"}, format: "%d/%m/%Y")            -> to_datetime(format=...)

Date-times are read with `pd.to_datetime(utc=True, format="ISO8601")` (an offset converts
to UTC; a time without one is taken as UTC), as Lathe stores every instant in UTC.
Instants are written as integer microseconds since 1970-01-01 UTC; missing as null. Run
standalone (`python3 tools/reference/ref_dates.py`) or through generate.py.
"""

import sys
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import refjson  # noqa: E402

CSV = (
    "id,day,stamp,dmy\n"
    "1,2024-01-05,2024-01-05T10:30:00,05/01/2024\n"
    "2,2024-02-29,2024-02-29 23:59:59.5,29/02/2024\n"
    "3,,2024-03-01T00:00:00+02:00,\n"
    "4,1969-12-31,1969-12-31T23:00:00Z,31/12/1969\n"
    "5,1970-01-01,,01/01/1970\n"
    "6,2000-02-29,2000-02-29T12:00:00.123456,29/02/2000\n"
    "7,1900-03-01,1900-03-01T06:07:08-05:30,01/03/1900\n"
    "8,2024-12-30,2024-12-29T23:59:59,30/12/2024\n"
    "9,2023-01-01,2023-01-01T00:00:01.25,01/01/2023\n"
    "10,2031-07-15,2031-07-15T18:45:00+00:00,15/07/2031\n"
)

COMPONENTS = ["year", "month", "day", "weekday", "hour", "minute", "second"]
ORIGIN = "2024-01-01"
SHIFTS = [3, -45.5]


def micros(series):
    """Naive UTC timestamps -> integer microseconds since the epoch (None for NaT)."""
    epoch = pd.Timestamp("1970-01-01")
    return [None if pd.isna(t) else int((t - epoch) // pd.Timedelta(microseconds=1)) for t in series]


def numbers(series):
    return [None if pd.isna(v) else (int(v) if float(v).is_integer() else float(v)) for v in series]


def generate(fixtures, refjson, header):
    out_dir = fixtures / "data" / "dates"
    out_dir.mkdir(parents=True, exist_ok=True)
    csv_path = out_dir / "dates.csv"
    csv_path.write_text(CSV)
    raw = pd.read_csv(csv_path, dtype=str, keep_default_na=True)
    columns = {
        "day": pd.to_datetime(raw["day"], utc=True, format="ISO8601").dt.tz_localize(None),
        "stamp": pd.to_datetime(raw["stamp"], utc=True, format="ISO8601").dt.tz_localize(None),
    }
    dmy = pd.to_datetime(raw["dmy"], format="%d/%m/%Y")
    results = []
    for name, series in columns.items():
        results.append({"name": name, "op": "values", "micros": micros(series)})
        for part in COMPONENTS:
            attribute = "day_of_week" if part == "weekday" else part  # pandas names it both
            results.append({"name": name, "op": part, "values": numbers(getattr(series.dt, attribute))})
        results.append({"name": name, "op": "truncate_day", "micros": micros(series.dt.floor("D"))})
        results.append({"name": name, "op": "truncate_week",
                        "micros": micros(series.dt.to_period("W").dt.start_time)})
        results.append({"name": name, "op": "truncate_month",
                        "micros": micros(series.dt.to_period("M").dt.start_time)})
        results.append({"name": name, "op": "days_since_origin",
                        "values": numbers((series - pd.Timestamp(ORIGIN)) / pd.Timedelta(days=1))})
        for n in SHIFTS:
            results.append({"name": name, "op": f"add_days {n}", "micros": micros(series + pd.Timedelta(days=n))})
    results.append({"name": "stamp-day", "op": "seconds_between",
                    "values": numbers((columns["stamp"] - columns["day"]) / pd.Timedelta(seconds=1))})
    results.append({"name": "stamp-day", "op": "days_between",
                    "values": numbers((columns["stamp"] - columns["day"]) / pd.Timedelta(days=1))})
    results.append({"name": "dmy", "op": "values", "micros": micros(dmy)})
    record = dict(header)
    record.update({
        "file": "dates.csv",
        "about": __doc__.strip().splitlines()[0],
        "origin": ORIGIN,
        "results": results,
    })
    return [csv_path, refjson.write(out_dir / "dates.pandas.json", record)]


if __name__ == "__main__":
    root = HERE.parent.parent
    header = {"generator": "tools/reference/generate.py",
              "versions": {"numpy": "2.4.6", "pandas": pd.__version__, "scipy": "1.17.1", "scikit-learn": "1.9.1"}}
    for path in generate(root / "Tests" / "Fixtures", refjson, header):
        print(path.relative_to(root))
