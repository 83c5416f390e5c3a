"""The ML section of `make bench`: Lathe's train() against scikit-learn (and
LightGBM for boost) on generated data. Standard library only; run.py calls
run_ml_section().

- The peers run in .bench/venv, the virtual environment the data section sets
  up (data_section.ensure_venv: created when missing, pins from
  bench/requirements.txt).
- The inputs are generated once, deterministically, into .bench/data/ by
  bench/python/ml_gen.py (scikit-learn's make_classification and
  make_regression with fixed seeds; a few minutes the first time, about
  430 MB), and reused after that.
- Each row runs one Lathe program (bench/lathe/ml_NAME.mlx) and one Python
  program (bench/python/ml_*.py) as separate processes, one after the other.
  Each loads its CSVs untimed, times only the fit (knn: the fit and the
  predict of 1,000 queries), repeating it `runs` times (the same count on both
  sides; 1 for the big fits), and reports the held-out score. The table shows
  the median time. Lathe's time is the whole train() call, as a user sees it
  (feature encoding, the fit, the lineage fingerprints); the estimator's own
  share, as the model records it (model.duration), is printed below the table.
- Peak memory is each process's peak resident set size (wait4's ru_maxrss),
  load included, for Lathe and for each peer. The peers also report the peak
  they had reached when their load finished, so that one can see whether the
  load or the fit set their peak.
- A Lathe program that `lathe check` rejects (a model builtin not written
  yet, or a parameter it does not declare) shows as "not yet supported" in
  its row, with the checker's message below the table; one that fails at run
  time shows as "error". Neither stops the run.
"""

import json
import os
import statistics
import time
from pathlib import Path

import data_section
from data_section import log, run_process, parse_lathe, peer_result

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"

# Python peer programs: key -> (script and arguments, pinned packages it needs)
PEERS = {
    "logistic": (["ml_logistic.py"], ["scikit-learn", "numpy", "pyarrow"]),
    "linear": (["ml_linear.py", "linear"], ["scikit-learn", "numpy", "pyarrow"]),
    "ridge": (["ml_linear.py", "ridge"], ["scikit-learn", "numpy", "pyarrow"]),
    "kmeans": (["ml_kmeans.py"], ["scikit-learn", "numpy", "pyarrow"]),
    "hgb": (["ml_boost.py", "sklearn"], ["scikit-learn", "numpy", "pyarrow"]),
    "lightgbm": (["ml_boost.py", "lightgbm"], ["lightgbm", "scikit-learn", "numpy", "pyarrow"]),
    "forest": (["ml_forest.py"], ["scikit-learn", "numpy", "pyarrow"]),
    "knn": (["ml_knn.py"], ["scikit-learn", "numpy", "pyarrow"]),
}

# One table row each: name, work, Lathe program, peer key, peer label, time metric,
# score metric, runs (both sides), minimum ratio (peer time / Lathe time), target text,
# whether the peer is the memory reference ("peak memory no more than scikit-learn's").
ROWS = [
    ("logistic", "logistic(C: 1, max_iter: 100), 1M x 20, binary", "ml_logistic", "logistic",
     "LogisticRegression(lbfgs, C=1, max_iter=100)", "fit", "accuracy", 1, 1.0, "beat sklearn", True),
    ("linear", "linear(), 1M x 20", "ml_linear", "linear",
     "LinearRegression()", "fit", "r2", 3, 1.0, "beat sklearn", True),
    ("ridge", "ridge(alpha: 1), 1M x 20", "ml_ridge", "ridge",
     "Ridge(alpha=1)", "fit", "r2", 3, 1.0, "beat sklearn", True),
    ("kmeans", "kmeans(k: 8, n_init: 3), 1M x 20", "ml_kmeans", "kmeans",
     "KMeans(8, n_init=3, lloyd)", "fit", "inertia", 1, 1.0, "beat sklearn", True),
    ("boost", "boost(rounds: 100), 1M x 20, binary", "ml_boost", "hgb",
     "HistGradientBoostingClassifier(max_iter=100)", "fit", "accuracy", 1, 1.0, "beat sklearn", True),
    ("boost", "boost(rounds: 100), 1M x 20, binary", "ml_boost", "lightgbm",
     "LightGBM(n_estimators=100, num_leaves=31)", "fit", "accuracy", 1, 1.0 / 1.5, "within 1.5x LightGBM", False),
    ("forest", "forest(trees: 100), 100k x 20, binary", "ml_forest", "forest",
     "RandomForestClassifier(100, n_jobs=2)", "fit", "accuracy", 1, 1.0, "beat sklearn", True),
    ("knn", "knn(k: 5): fit 100k rows + predict 1,000", "ml_knn", "knn",
     "KNeighborsClassifier(5) (brute)", "fit_predict", "accuracy", 3, 1.0, "beat sklearn", True),
]
NAMES = sorted({r[0] for r in ROWS})

# "Equal or better" held-out score, with room for noise: accuracy and R² may be at most
# this much lower than the peer's; inertia (lower is better) at most this share higher.
SCORE_TOLERANCE = {"accuracy": 0.005, "r2": 0.005, "inertia": 0.01}
LOWER_IS_BETTER = {"inertia"}

LATHE_TIMEOUT = 900
PEER_TIMEOUT = 900


def run_lathe(lathe, program, runs):
    path = f"bench/lathe/{program}.mlx"
    check = run_process([lathe, "check", path], timeout=120)
    if check.returncode != 0:
        return {"status": "unsupported", "message": check.first_error()}
    proc = run_process([lathe, "run", path, "--set", f"runs={runs}"], timeout=LATHE_TIMEOUT)
    if proc.returncode != 0:
        return {"status": "error", "message": proc.first_error(), "seconds": round(proc.seconds, 3),
                "peak_rss_mb": proc.peak_rss_mb}
    return {"status": "ok", "metrics": parse_lathe(proc.stdout), "peak_rss_mb": proc.peak_rss_mb,
            "seconds": round(proc.seconds, 3)}


def run_peer(python, key, runs, versions):
    script, needs = PEERS[key]
    missing = [n for n in needs if not versions.get(n)]
    if missing:
        return {"status": "skipped", "message": f"{', '.join(missing)} not installed"}
    return peer_result(run_process([python, BENCH / "python" / script[0], *script[1:], str(runs)], timeout=PEER_TIMEOUT))


def med(values):
    if isinstance(values, (int, float)):
        return float(values)
    return statistics.median(values) if values else None


def last(values):
    if isinstance(values, list):
        return values[-1] if values else None
    return values


def fmt_s(seconds):
    if seconds is None:
        return "—"
    return f"{seconds:.3f}" if seconds < 10 else f"{seconds:.1f}"


def fmt_score(metric, value):
    if value is None:
        return "—"
    return f"{value:,.0f}" if metric == "inertia" else f"{value:.4f}"


def fmt_mb(value):
    return "—" if value is None else f"{value:,.0f}"


def score_ok(metric, lathe, peer):
    tol = SCORE_TOLERANCE[metric]
    if metric in LOWER_IS_BETTER:
        return lathe <= peer * (1.0 + tol)
    return lathe >= peer - tol


def load_average():
    try:
        return os.getloadavg()[0]
    except OSError:
        return None


def run_ml_section(lathe, print_table, only=None):
    """Runs the ML benchmarks and prints their tables. Returns the JSON-ready results."""
    started = time.perf_counter()
    load_start = load_average()
    names = [n for n in NAMES if not only or n in only]
    rows_wanted = [r for r in ROWS if r[0] in names]

    print()
    print("== ml: Lathe train() vs scikit-learn / LightGBM")
    python, versions = data_section.ensure_venv()
    shown = ", ".join(f"{n} {v}" if v else f"{n} (missing)" for n, v in versions.items()
                      if n in ("numpy", "pyarrow", "scikit-learn", "lightgbm"))
    print(f"peers:   {shown or 'none'} ({data_section.VENV.relative_to(ROOT)})")
    results = {"peers": versions, "rows": []}
    if python is None or not all(versions.get(n) for n in ("numpy", "pandas", "scikit-learn")):
        print("ml: numpy, pandas and scikit-learn are needed to generate the inputs; ML section skipped")
        return results

    log("ml: inputs in .bench/data (generated once, a few minutes) …")
    gen = run_process([python, BENCH / "python" / "ml_gen.py"], timeout=3600)
    if gen.returncode != 0:
        print(f"ml: generating the inputs failed: {gen.last_error()}; ML section skipped")
        return results
    results["inputs"] = json.loads(gen.stdout.strip().splitlines()[-1])["inputs"]
    print("inputs:  make_classification / make_regression, 1,000,000 train + 100,000 test rows x 20 features "
          "(seeds 42, 43); forest and knn on the first 100,000 train rows; forest tested on 20,000, "
          "knn on 1,000 query rows")
    print("timing:  one process per program; only the fit is timed (knn: fit + predict of 1,000 queries); "
          "median of the runs shown; Lathe's time is the whole train() call")

    lathe_runs, peer_runs = {}, {}
    for row in rows_wanted:
        name, program, peer, runs = row[0], row[2], row[3], row[7]
        if program not in lathe_runs:
            log(f"ml: lathe {program} ({runs} run{'s' if runs != 1 else ''}) …")
            lathe_runs[program] = run_lathe(lathe, program, runs)
        if peer not in peer_runs:
            log(f"ml: peer {peer} ({runs} run{'s' if runs != 1 else ''}) …")
            peer_runs[peer] = run_peer(python, peer, runs, versions)

    table, mem_table, notes = [], [], []
    for name, what, program, peer, plabel, tmetric, smetric, runs, target, target_text, mem_ref in rows_wanted:
        lr, pr = lathe_runs[program], peer_runs[peer]
        lm = lr.get("metrics", {}) if lr["status"] == "ok" else {}
        pm = pr.get("metrics", {}) if pr["status"] == "ok" else {}
        lathe_s, peer_s = med(lm.get(tmetric, [])), med(pm.get(tmetric))
        lathe_score, peer_score = last(lm.get(smetric)), pm.get(smetric)
        ratio = peer_s / lathe_s if peer_s and lathe_s else None
        if lr["status"] == "unsupported":
            lathe_cell, status = "not yet supported", "lathe: not yet supported"
        elif lr["status"] == "error":
            lathe_cell, status = "error", "lathe: error"
        elif lathe_s is None:
            lathe_cell, status = "—", f"lathe printed no '{tmetric}' line"
        else:
            lathe_cell, status = fmt_s(lathe_s), None
        time_met = score_good = None
        if status is None:
            if peer_s is None:
                status = f"peer {pr['status']}"
            else:
                time_met = ratio >= target
                if lathe_score is not None and peer_score is not None:
                    score_good = score_ok(smetric, lathe_score, peer_score)
                parts = ["met" if time_met else "missed (time)"]
                if score_good is False:
                    parts = ["missed (score)"] if time_met else ["missed (time, score)"]
                elif score_good is None:
                    parts.append("(no score)")
                status = " ".join(parts)
        own = med(lm.get("fit_estimator", []))
        table.append([name, plabel, lathe_cell, fmt_s(own) if own is not None else "—",
                      fmt_s(peer_s) if peer_s is not None else pr["status"],
                      "—" if ratio is None else f"{ratio:.2f}x", smetric,
                      fmt_score(smetric, lathe_score), fmt_score(smetric, peer_score), target_text, status])

        l_rss = lr.get("peak_rss_mb") if lr["status"] in ("ok", "error") else None
        p_rss = pr.get("peak_rss_mb") if pr["status"] == "ok" else None
        p_load = pm.get("memory_after_load", {}).get("hwm_mb") if pm else None
        if lr["status"] != "ok" or l_rss is None:
            mem_status = "—"
        elif p_rss is None:
            mem_status = f"peer {pr['status']}"
        elif mem_ref:
            mem_status = "met" if l_rss <= p_rss else "missed"
        else:
            mem_status = "reported"
        mem_table.append([name, fmt_mb(l_rss) if lr["status"] == "ok" else lathe_cell, plabel,
                          fmt_mb(p_rss), fmt_mb(p_load),
                          "≤ sklearn" if mem_ref else "report", mem_status])

        results["rows"].append({
            "name": name, "work": what, "lathe_program": program, "peer": plabel, "runs": runs,
            "time_metric": tmetric, "lathe_median_s": lathe_s, "peer_median_s": peer_s,
            "lathe_s": lm.get(tmetric), "peer_s": pm.get(tmetric),
            "lathe_estimator_s": lm.get("fit_estimator"), "lathe_estimator_median_s": own,
            "ratio_peer_over_lathe": ratio, "target_ratio": target, "time_target_met": time_met,
            "score_metric": smetric, "lathe_score": lathe_score, "peer_score": peer_score,
            "score_ok": score_good, "status": status,
            "lathe_peak_rss_mb": l_rss, "peer_peak_rss_mb": p_rss, "peer_load_peak_rss_mb": p_load,
            "memory_reference": mem_ref, "memory_status": mem_status,
            "lathe_status": lr["status"], "peer_status": pr["status"],
        })

    print()
    print_table(table, ["model", "peer", "lathe fit s", "(estimator)", "peer fit s", "ratio (peer/lathe)",
                        "score", "lathe score", "peer score", "target", "status"], align="llrrrrlrrll")
    print("(lathe fit s: the whole train() call, which the ratio and target use; (estimator): the\n"
          " estimator's own fit as the model records it, without feature encoding and lineage)")
    print()
    print("peak memory (RSS of the whole process, MB, load included):")
    print_table(mem_table, ["model", "lathe MB", "peer", "peer MB", "peer MB at end of load", "target", "status"],
                align="lrlrrll")

    # Details below the tables.
    details = []
    for program, lr in lathe_runs.items():
        if lr["status"] == "ok":
            lm = lr["metrics"]
            if "predict" in lm:
                details.append(f"{program}: fit {fmt_s(med(lm['fit']))} s + predict {fmt_s(med(lm['predict']))} s")
            if "iterations" in lm:
                details.append(f"{program}: {last(lm['iterations']):g} entries in the loss curve")
            if "train_inertia" in lm:
                details.append(f"{program}: training inertia {last(lm['train_inertia']):,.0f} (best of its runs)")
    for peer, pr in peer_runs.items():
        if pr["status"] == "ok":
            pm = pr["metrics"]
            if "iterations" in pm:
                details.append(f"peer {peer}: {pm['iterations']} iterations")
            if "predict" in pm:
                details.append(f"peer {peer}: fit {fmt_s(med(pm['fit']))} s + predict {fmt_s(med(pm['predict']))} s "
                               f"(algorithm {pm.get('algorithm')})")
            if "train_inertia" in pm:
                details.append(f"peer {peer}: training inertia {pm['train_inertia']:,.0f}")
    details.append("score: test accuracy or R² (higher is better; Lathe may be up to "
                   f"{SCORE_TOLERANCE['accuracy']} lower), or test inertia (lower is better; up to "
                   f"{SCORE_TOLERANCE['inertia']:.0%} higher): evaluate()'s inertia, the test rows' squared "
                   "distances to the means of their predicted clusters, computed the same way for the peer")
    for program, lr in lathe_runs.items():
        if lr["status"] != "ok":
            notes.append(f"lathe {program}: {lr['status']}: {lr['message']}")
    for peer, pr in peer_runs.items():
        if pr["status"] != "ok":
            notes.append(f"peer {peer}: {pr['status']}: {pr['message']}")
    print()
    for line in details:
        print(f"  {line}")
    for line in notes:
        print(f"  {line}")
    elapsed = time.perf_counter() - started
    print(f"  ML section took {elapsed:.0f} s")
    load_end, cpus = load_average(), os.cpu_count() or 1
    if load_start is not None and load_end is not None:
        busy = max(load_start, load_end) > 0.5 * cpus
        print(f"  load average (1 min): {load_start:.1f} at the start, {load_end:.1f} at the end, on {cpus} cpus"
              + ("; the machine was busy, so the times are noisy: OpenMP and joblib peers (HistGradientBoosting,"
                 " LightGBM, KMeans, RandomForest) slow down far more than their share when other processes"
                 " compete for the cores" if busy else ""))
    results["load_average"] = {"start": load_start, "end": load_end}
    results["seconds"] = round(elapsed, 1)
    results["lathe_runs"] = lathe_runs
    results["peer_runs"] = peer_runs
    return results
