# pandas / scikit-learn peers of the frame benchmarks on the 1,000,000-row CSV
# (loaded once, untimed, with pandas' pyarrow engine when it is there):
#   filter  df[(df.f0 > 0.5) & (df.cat_a == "red")]
#   split   sklearn.model_selection.train_test_split(df, test_size=0.2,
#           random_state=42, stratify=df["label"])
import pandas as pd

import data_common

FILTER_RUNS, SPLIT_RUNS = 7, 3


def main():
    try:
        df = pd.read_csv(data_common.MIXED_CSV, engine="pyarrow")
    except (ImportError, ValueError):
        df = pd.read_csv(data_common.MIXED_CSV, engine="c")
    out = {"pandas": pd.__version__}

    times, kept = data_common.timed(lambda: df[(df["f0"] > 0.5) & (df["cat_a"] == "red")], FILTER_RUNS)
    out["filter"] = times
    out["filter_rows"] = len(kept)

    try:
        import sklearn
        from sklearn.model_selection import train_test_split
    except ImportError:
        out["split_error"] = "scikit-learn is not installed"
    else:
        times, parts = data_common.timed(
            lambda: train_test_split(df, test_size=0.2, random_state=42, stratify=df["label"]), SPLIT_RUNS)
        out["split"] = times
        out["split_test_rows"] = len(parts[1])
        out["split_train_rows"] = len(parts[0])
        out["scikit-learn"] = sklearn.__version__
    out["peak_rss_mb"] = data_common.peak_rss_mb()
    data_common.emit(out)


main()
