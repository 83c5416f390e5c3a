# The monitor benchmark's peer: Evidently 0.7's legacy DataDriftPreset on the data that
# bench/python/monitor_gen.py writes to .bench/data/monitor/. Imports Evidently, loads both
# CSVs with pandas (untimed), then times
#     Report(metrics=[DataDriftPreset()]).run(reference_data=ref, current_data=cur)
# `runs` times (argument 1, default 1), each with a new Report, and reads the result with
# as_dict() (timed separately). Evidently infers the column types, as a user's call does.
# Prints one JSON line: the run seconds, as_dict seconds, the peak RSS after the load and at the
# end (resource.getrusage, MB), the drifted share and the drifted columns.
# With --load-only it stops after the load and reports only the peak then.
import json
import resource
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
DATA = ROOT / ".bench" / "data" / "monitor"


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # Linux: KiB


def main():
    load_only = "--load-only" in sys.argv[1:]
    numbers = [a for a in sys.argv[1:] if not a.startswith("--")]
    runs = int(numbers[0]) if numbers else 1
    warnings.simplefilter("ignore")
    import pandas as pd
    import evidently
    from evidently.legacy.metric_preset import DataDriftPreset
    from evidently.legacy.report import Report

    t0 = time.perf_counter()
    ref = pd.read_csv(DATA / "reference.csv")
    cur = pd.read_csv(DATA / "current.csv")
    load_s = time.perf_counter() - t0
    out = {"evidently": evidently.__version__, "pandas": pd.__version__, "rows": [len(ref), len(cur)],
           "load_s": round(load_s, 3), "peak_rss_after_load_mb": round(peak_rss_mb(), 1)}
    if load_only:
        print(json.dumps(out))
        return

    run_s, dict_s, result = [], [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        report = Report(metrics=[DataDriftPreset()])
        report.run(reference_data=ref, current_data=cur)
        t1 = time.perf_counter()
        result = report.as_dict()
        t2 = time.perf_counter()
        run_s.append(t1 - t0)
        dict_s.append(t2 - t1)
        del report
    table = [m for m in result["metrics"] if m["metric"] == "DataDriftTable"][0]["result"]
    columns = table["drift_by_columns"]
    out.update({
        "run_s": [round(s, 3) for s in run_s],
        "as_dict_s": [round(s, 3) for s in dict_s],
        "peak_rss_end_mb": round(peak_rss_mb(), 1),
        "share": float(table["share_of_drifted_columns"]),
        "columns": int(table["number_of_columns"]),
        "dataset_drift": bool(table["dataset_drift"]),
        "drifted_columns": sorted(name for name, col in columns.items() if col["drift_detected"]),
        "stattests": sorted({col["stattest_name"] for col in columns.values()}),
    })
    print(json.dumps(out))


main()
