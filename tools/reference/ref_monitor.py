"""Reference values for the Monitor library (issue 10): Evidently 0.7 drift results and the
SciPy single tests on seeded data with NaN and ±inf.

Writes Tests/Fixtures/monitor/{small,large,ks_asymp}.json. Each case holds the reference and
current values (null = missing, "Infinity"/"-Infinity" = ±inf), the column kind, Evidently's
legacy DataDriftPreset result for the default test, and each forced test called as Evidently
calls it (the registered StatTest on the cleaned data). SciPy's ks_2samp statistic and p-value
and chisquare statistic are stored next to them.

Needs the pins in tools/reference/requirements-monitor.txt (Evidently pins pandas < 3, unlike
the other reference scripts), so generate.py runs it in its own interpreter when the main one
lacks Evidently: set LATHE_MONITOR_PYTHON to such an interpreter, e.g. /tmp/evvenv/bin/python.
Run directly: python tools/reference/ref_monitor.py
"""

import math
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent


def _cases(np):
    rng = np.random.default_rng(20240610)

    def dirty(x, nan=3, inf=1):
        x = np.asarray(x, dtype=float).copy()
        idx = rng.choice(len(x), nan + 2 * inf, replace=False)
        x[idx[:nan]] = np.nan
        x[idx[nan:nan + inf]] = np.inf
        x[idx[nan + inf:]] = -np.inf
        return x

    def cats(labels, p, n, missing=2):
        x = list(rng.choice(labels, n, p=p))
        for i in rng.choice(n, missing, replace=False):
            x[i] = None
        return x

    small = {
        "num_ks": ("numeric", dirty(np.round(rng.normal(0, 1, 300), 3)), dirty(np.round(rng.normal(0.3, 1, 400), 3))),
        "num_ks_same": ("numeric", dirty(np.round(rng.normal(0, 1, 200), 2), inf=0),
                        dirty(np.round(rng.normal(0, 1.2, 200), 2), inf=0)),
        "num_ks_nodrift": ("numeric", dirty(np.round(rng.normal(5, 2, 250), 2)), dirty(np.round(rng.normal(5, 2, 260), 2))),
        "num_chi2": ("numeric", dirty(rng.choice([1.0, 2.0, 3.0, 4.0], 500, p=[.1, .2, .3, .4])),
                     dirty(rng.choice([1.0, 2.0, 3.0, 4.0], 450, p=[.25, .25, .25, .25]))),
        "num_z": ("numeric", dirty(rng.choice([0.0, 1.0], 400, p=[.7, .3])), dirty(rng.choice([0.0, 1.0], 300, p=[.6, .4]))),
        "cat_chi2": ("categorical", cats(["a", "b", "c", "d"], [.4, .3, .2, .1], 600),
                     cats(["a", "b", "c", "d", "e"], [.3, .3, .2, .1, .1], 500)),
        "cat_z": ("categorical", cats(["no", "yes"], [.8, .2], 700), cats(["no", "yes"], [.75, .25], 650)),
    }
    large = {
        "num_wasserstein": ("numeric", dirty(np.round(rng.normal(0, 1, 1500), 2)), dirty(np.round(rng.normal(0.1, 1.1, 1400), 2))),
        "num_js": ("numeric", dirty(rng.choice([1.0, 2.0, 3.0, 4.0, 5.0], 1300, p=[.2, .2, .2, .2, .2])),
                   dirty(rng.choice([1.0, 2.0, 3.0, 4.0, 5.0], 1200, p=[.1, .2, .3, .2, .2]))),
        "cat_js": ("categorical", cats(["red", "green", "blue"], [.5, .3, .2], 1800), cats(["red", "green", "blue", "cyan"], [.45, .3, .2, .05], 1100)),
    }
    big_current = dirty(rng.integers(0, 1000, 10001).astype(float) + 40.0)
    ks_asymp = {
        "ref100": ("numeric", dirty(rng.integers(0, 1000, 100).astype(float)), big_current),
        "ref150": ("numeric", dirty(rng.integers(0, 1000, 150).astype(float)), big_current),
        "ref900": ("numeric", dirty(rng.integers(0, 1000, 900).astype(float)), big_current),
    }
    return {"small": small, "large": large, "ks_asymp": ks_asymp}


FORCED = {"ks": "ks", "chi2": "chisquare", "z": "z", "wasserstein": "wasserstein", "js": "jensenshannon",
          "psi": "psi", "kl": "kl_div", "hellinger": "hellinger"}
DISPLAY = {"K-S p_value": "ks", "chi-square p_value": "chi2", "Z-test p_value": "z",
           "Wasserstein distance (normed)": "wasserstein", "Jensen-Shannon distance": "js", "PSI": "psi",
           "Kullback-Leibler divergence": "kl", "Hellinger distance": "hellinger"}


def _evidently_default(pd, kind, ref, cur):
    from evidently.legacy.metric_preset import DataDriftPreset
    from evidently.legacy.pipeline.column_mapping import ColumnMapping
    from evidently.legacy.report import Report
    r = pd.DataFrame({"x": pd.Series(ref, dtype=float if kind == "numeric" else object)})
    c = pd.DataFrame({"x": pd.Series(cur, dtype=float if kind == "numeric" else object)})
    mapping = ColumnMapping(numerical_features=["x"] if kind == "numeric" else [],
                            categorical_features=["x"] if kind == "categorical" else [], target=None, prediction=None)
    report = Report(metrics=[DataDriftPreset()])
    report.run(reference_data=r, current_data=c, column_mapping=mapping)
    result = report.as_dict()
    table = [m for m in result["metrics"] if m["metric"] == "DataDriftTable"][0]["result"]
    col = table["drift_by_columns"]["x"]
    return {"method": DISPLAY[col["stattest_name"]],
            "stattest_name": col["stattest_name"], "score": float(col["drift_score"]),
            "drifted": bool(col["drift_detected"]), "threshold": float(col["stattest_threshold"]),
            "share": float(table["share_of_drifted_columns"]), "dataset_drift": bool(table["dataset_drift"])}


def _clean(pd, np, kind, values):
    s = pd.Series(values, dtype=float if kind == "numeric" else object)
    return s.replace([-np.inf, np.inf], np.nan).dropna()


def _forced(np, pd, kind, ref, cur):
    from evidently.legacy.calculations import stattests
    from evidently.legacy.calculations.stattests.registry import get_registered_stattest
    from evidently.legacy.core import ColumnType
    ftype = ColumnType.Numerical if kind == "numeric" else ColumnType.Categorical
    r, c = _clean(pd, np, kind, ref), _clean(pd, np, kind, cur)
    u = pd.concat([r, c]).nunique()
    out = {}
    for ours, theirs in FORCED.items():
        if ours in ("ks", "wasserstein") and kind != "numeric":
            continue
        if ours == "z" and u > 2:
            continue
        test = {"ks": stattests.ks_stat_test, "chi2": stattests.chi_stat_test, "z": stattests.z_stat_test,
                "wasserstein": stattests.wasserstein_stat_test, "js": stattests.jensenshannon_stat_test,
                "psi": stattests.psi_stat_test, "kl": stattests.kl_div_stat_test,
                "hellinger": stattests.hellinger_stat_test}[ours]
        res = test(r.copy(), c.copy(), ftype, None)
        out[ours] = {"score": float(res.drift_score), "drifted": bool(res.drifted), "threshold": float(res.actual_threshold)}
    return out


def _scipy(np, pd, kind, ref, cur):
    from scipy import stats
    r, c = _clean(pd, np, kind, ref), _clean(pd, np, kind, cur)
    out = {}
    if kind == "numeric":
        ks = stats.ks_2samp(r.values, c.values)
        out["ks"] = {"statistic": float(ks.statistic), "pvalue": float(ks.pvalue)}
        out["wasserstein_distance"] = float(stats.wasserstein_distance(r.values, c.values))
        out["std_reference"] = float(np.std(r.values))
    keys = list(set(r.unique()) | set(c.unique()))
    rc, cc = r.value_counts(), c.value_counts()
    f_obs = [int(cc.get(k, 0)) for k in keys]
    f_exp = [int(rc.get(k, 0)) * len(c) / len(r) for k in keys]
    with np.errstate(divide="ignore", invalid="ignore"):
        chi = stats.chisquare(f_obs, f_exp)
    out["chi2"] = {"statistic": float(chi.statistic), "pvalue": float(chi.pvalue)}
    return out


def _encode(values):
    out = []
    for v in values:
        if v is None or (isinstance(v, float) and math.isnan(v)):
            out.append(None)
        else:
            out.append(v.item() if hasattr(v, "item") else v)
    return out


def generate(fixtures, refjson, header):
    import numpy as np
    import pandas as pd
    import scipy
    import evidently
    header = dict(header)
    header["generator"] = "tools/reference/ref_monitor.py"
    header["versions"] = {"numpy": np.__version__, "pandas": pd.__version__, "scipy": scipy.__version__,
                          "evidently": evidently.__version__}
    written = []
    for group, cases in _cases(np).items():
        doc = dict(header)
        doc["cases"] = []
        previous = None
        for name, (kind, ref, cur) in cases.items():
            # A current sample shared with the previous case is written once (fixture size).
            shared = previous is not None and previous[1] is cur
            doc["cases"].append({
                "name": name, "kind": kind,
                "evidently_default": _evidently_default(pd, kind, ref, cur),
                "evidently_forced": _forced(np, pd, kind, ref, cur),
                "scipy": _scipy(np, pd, kind, ref, cur),
                "reference": _encode(ref),
                "current": {"same_as": previous[0]} if shared else _encode(cur),
            })
            previous = (name, cur)
        path = Path(fixtures) / "monitor" / f"{group}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        refjson.write(path, doc)
        written.append(path)
    return written


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    import warnings
    warnings.simplefilter("ignore")
    import refjson
    for p in generate(ROOT / "Tests" / "Fixtures", refjson, {"generator": "tools/reference/ref_monitor.py"}):
        print(f"wrote {p.relative_to(ROOT)} ({p.stat().st_size} bytes)")
