# Load the 1,000,000-row benchmark CSV with one reader, several times.
# Usage: data_load.py pandas|pyarrow [runs]
#   pandas:  pandas.read_csv(path, engine="c") (single-threaded)
#   pyarrow: pyarrow.csv.read_csv(path) (multi-threaded, to an Arrow table)
import sys

import data_common


def main():
    engine = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    path = str(data_common.MIXED_CSV)
    if engine == "pandas":
        import pandas as pd
        times, frame = data_common.timed(lambda: pd.read_csv(path, engine="c"), runs)
        rows, nbytes = len(frame), int(frame.memory_usage(deep=True).sum())
        version = pd.__version__
    elif engine == "pyarrow":
        import pyarrow
        import pyarrow.csv
        times, table = data_common.timed(lambda: pyarrow.csv.read_csv(path), runs)
        rows, nbytes = table.num_rows, int(table.nbytes)
        version = pyarrow.__version__
    else:
        sys.exit(f"unknown engine {engine}")
    data_common.emit({"engine": engine, "version": version, "load": times, "rows": rows,
                      "frame_bytes": nbytes, "peak_rss_mb": data_common.peak_rss_mb()})


main()
