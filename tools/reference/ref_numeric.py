"""Tests/Fixtures/numeric/: numpy reductions on small seeded arrays."""

import math
import warnings

import numpy as np

QS = [0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 1.0]
SEED = 1234


def arrays():
    """name -> (description, float64 array). Seeded, so the same every run."""
    rng = np.random.default_rng(SEED)
    out = {}
    out["normal_50"] = ("50 draws of N(3, 2), seed 1234", rng.normal(3.0, 2.0, 50))
    out["ties"] = ("small integers with many ties (stable argsort keeps equal values in input order)",
                   np.array([3, 1, 2, 3, 3, 1, 5, 2, 2, 4, 3, 1], dtype=np.float64))
    out["negative"] = ("negative, zero, -0.0 and positive values; min and max are repeated",
                       np.array([-2.5, 0.0, -7.25, 4.0, -0.0, 4.0, -7.25, 1e-3, -1e-3, 3.5], dtype=np.float64))
    out["with_nan"] = ("uniform draws with three NaNs; the plain reductions give NaN, the nan* ones skip them",
                       _with_nan(rng))
    out["even_length"] = ("8 values: the median interpolates between the middle two",
                          np.array([10.0, 2.0, 8.0, 4.0, 6.0, 12.0, 0.5, 7.0]))
    out["single"] = ("one value: var and std with ddof=1 are NaN", np.array([42.0]))
    out["offset_1e9"] = ("1e9 + N(0, 1) x 20: a one-pass variance loses digits here",
                         1e9 + rng.normal(0.0, 1.0, 20))
    out["cancellation"] = ("large terms that cancel; fsum is the exactly rounded sum, numpy's pairwise sum may differ",
                           np.array([1e16, 1.0, -1e16, 3.0, 1e-3, 2.0 ** 53, -(2.0 ** 53), 0.5, 1.0, -0.25]))
    out["all_nan"] = ("only NaNs: nan* reductions give NaN, nanargmin/nanargmax raise (null here)",
                      np.array([np.nan, np.nan, np.nan]))
    return out


def _with_nan(rng):
    a = rng.uniform(-5.0, 5.0, 15)
    a[[2, 7, 14]] = np.nan
    return a


def _safe(fn, *args, **kwargs):
    """numpy's value, or None where numpy raises (e.g. nanargmin on all-NaN)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            result = fn(*args, **kwargs)
        except ValueError:
            return None
    if isinstance(result, np.ndarray):
        return result.tolist()
    return result.item() if hasattr(result, "item") else result


def plain(a):
    return {
        "count": int(a.size),
        "sum": _safe(np.sum, a),
        "fsum": math.fsum(a.tolist()) if not np.isnan(a).any() else float("nan"),
        "mean": _safe(np.mean, a),
        "var_ddof0": _safe(np.var, a, ddof=0),
        "var_ddof1": _safe(np.var, a, ddof=1),
        "std_ddof0": _safe(np.std, a, ddof=0),
        "std_ddof1": _safe(np.std, a, ddof=1),
        "min": _safe(np.min, a),
        "max": _safe(np.max, a),
        "argmin": _safe(np.argmin, a),
        "argmax": _safe(np.argmax, a),
        "quantile_linear": _safe(np.quantile, a, QS, method="linear"),
        "cumsum": _safe(np.cumsum, a),
        "sort": _safe(np.sort, a, kind="stable"),
        "argsort_stable": _safe(np.argsort, a, kind="stable"),
    }


def nan_skipping(a):
    finite = a[~np.isnan(a)]
    return {
        "count": int(finite.size),
        "sum": _safe(np.nansum, a),
        "fsum": math.fsum(finite.tolist()),
        "mean": _safe(np.nanmean, a),
        "var_ddof0": _safe(np.nanvar, a, ddof=0),
        "var_ddof1": _safe(np.nanvar, a, ddof=1),
        "std_ddof0": _safe(np.nanstd, a, ddof=0),
        "std_ddof1": _safe(np.nanstd, a, ddof=1),
        "min": _safe(np.nanmin, a),
        "max": _safe(np.nanmax, a),
        "argmin": _safe(np.nanargmin, a),
        "argmax": _safe(np.nanargmax, a),
        "quantile_linear": _safe(np.nanquantile, a, QS, method="linear"),
        "cumsum": _safe(np.nancumsum, a),
    }


def matrix():
    rng = np.random.default_rng(SEED + 1)
    m = np.round(rng.normal(0.0, 10.0, (6, 4)), 3)
    m[1, 1] = m[4, 1]  # a tie in column 1
    m[3, 2] = np.nan
    return m


def axis_reductions(m):
    out = {}
    for axis in (0, 1):
        out[f"axis{axis}"] = {
            "sum": _safe(np.sum, m, axis=axis),
            "mean": _safe(np.mean, m, axis=axis),
            "var_ddof0": _safe(np.var, m, axis=axis, ddof=0),
            "var_ddof1": _safe(np.var, m, axis=axis, ddof=1),
            "std_ddof1": _safe(np.std, m, axis=axis, ddof=1),
            "min": _safe(np.min, m, axis=axis),
            "max": _safe(np.max, m, axis=axis),
            "argmin": _safe(np.argmin, m, axis=axis),
            "argmax": _safe(np.argmax, m, axis=axis),
            "cumsum": _safe(np.cumsum, m, axis=axis),
            "quantile_linear": _safe(np.quantile, m, QS, axis=axis, method="linear"),
            "nansum": _safe(np.nansum, m, axis=axis),
            "nanmean": _safe(np.nanmean, m, axis=axis),
            "nanvar_ddof1": _safe(np.nanvar, m, axis=axis, ddof=1),
            "nanquantile_linear": _safe(np.nanquantile, m, QS, axis=axis, method="linear"),
        }
    return out


def generate(fixtures, refjson, header):
    out_dir = fixtures / "numeric"
    entries = []
    for name, (description, a) in arrays().items():
        entry = {"name": name, "description": description, "values": a.tolist(), "plain": plain(a)}
        if np.isnan(a).any():
            entry["nan_skipping"] = nan_skipping(a)
        entries.append(entry)
    reductions = dict(header)
    reductions.update({
        "about": "numpy reductions of 1-D float64 arrays. 'plain' uses np.sum, np.var, ...; "
                 "'nan_skipping' (only for arrays with NaN) uses np.nansum, np.nanvar, .... "
                 "quantile_linear is np.quantile(a, q, method='linear') at each q of 'q'. "
                 "argmin/argmax of an array with NaN give the first NaN's index (numpy); "
                 "null means numpy raised. fsum is math.fsum, the correctly rounded sum.",
        "q": QS,
        "arrays": entries,
    })
    m = matrix()
    axes = dict(header)
    axes.update({
        "about": "numpy reductions of a 6x4 float64 matrix (row-major) along axis 0 (per column, "
                 "length 4 results) and axis 1 (per row, length 6). quantile results are [len(q)][...]. "
                 "Element [3][2] is NaN, so plain reductions touching it are NaN.",
        "q": QS,
        "shape": list(m.shape),
        "values": m.tolist(),
    })
    axes.update(axis_reductions(m))
    return [refjson.write(out_dir / "reductions.json", reductions),
            refjson.write(out_dir / "reductions_axis.json", axes)]
