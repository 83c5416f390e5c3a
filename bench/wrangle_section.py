"""The wrangling section of `make bench`: Lathe's data verbs against pandas and Polars,
side by side, with each process's peak memory. Standard library only; run.py calls
run_wrangle_section().

- Rows (issue 13): group by a 1,000-value key with mean and count of five columns; an
  inner join to a 100,000-row dimension table; a sort by two columns; a rolling mean
  (window 20) within the 1,000 keys; parsing an ISO date-time text column, then month and
  weekday (and the same from the CSV load, the data section's former `dates` row); fill
  missing values, filter, derive three columns. Each on 1,000,000 rows and on a
  10,000,000-row input generated the same way (bench/python/wrangle_common.py).
- Each row is one process per tool (bench/lathe/wrangle_*.mlx, python/wrangle_pandas.py,
  python/wrangle_polars.py), so each process's peak RSS (wait4's ru_maxrss) belongs to
  that row. Each loads its input untimed, then times only the operation, 3 times; the
  median is shown. A `load` row runs the load alone: its peak is the baseline the
  other rows' peaks include.
- Targets: faster than pandas (pandas time / Lathe time ≥ 1) and within 1.5× of Polars
  (Lathe time / Polars time ≤ 1.5) on every row.
- Every program prints a result check (rows, sums, chosen values); the section compares
  them across the three tools and prints any disagreement below the table.
- pandas and Polars come from .bench/venv (bench/requirements.txt); a peer that did not
  install shows as "skipped" in its columns.
"""

import statistics

import data_section
from data_section import BENCH, log, parse_lathe, run_process

SIZES = {"1m": "1M", "10m": "10M"}
RUNS = 3
POLARS_TARGET = 1.5  # Lathe time / Polars time at most this
PANDAS_TARGET = 1.0  # pandas time / Lathe time at least this

# name, what, Lathe program, extra Lathe --set values, metric
ROWS = [
    ("load", "load the CSV only (baseline for peak memory)", "wrangle_load", [], "load_s"),
    ("groupby", "group by 1,000 keys, mean + count of 5 columns", "wrangle_groupby", [], "groupby"),
    ("join", "inner join to a 100k-row table on one key", "wrangle_join", [], "join"),
    ("sort", "sort by two columns (int key, float)", "wrangle_sort", [], "sort"),
    ("rolling", "rolling mean, window 20, within 1,000 groups", "wrangle_rolling", [], "rolling"),
    ("dates", "parse ISO date-time text, then month + weekday", "wrangle_dates", ["load=false"], "dates"),
    ("dates_load", "CSV load inferring the dates, then month + weekday", "wrangle_dates", ["load=true"],
     "dates_load"),
    ("clean", "fill missing, filter, derive 3 columns", "wrangle_clean", [], "clean"),
]
# `--only` names; the load row runs whenever any row does (data's `load` is another row).
NAMES = ["wrangle"] + [r[0] for r in ROWS if r[0] != "load"]
# Check keys that are counts (compared exactly); the rest are sums (relative 1e-6, as
# the tools add in different orders).
EXACT = {"rows", "groups", "sum_counts", "present", "key_mid", "b_first", "b_mid", "b_last",
         "dates_checksum"}
TIMING_KEYS = {"load_s", "pandas", "polars", "polars_threads"}


def lathe_input(size, name):
    if name in ("dates", "dates_load"):
        return f".bench/data/dates_{size}_v1.csv"
    return f".bench/data/wrangle_{size}_v1.csv"


def run_lathe(lathe, program, sets, checked):
    path = f"bench/lathe/{program}.mlx"
    if program not in checked:
        check = run_process([lathe, "check", path], timeout=120)
        checked[program] = None if check.returncode == 0 else check.first_error()
    if checked[program] is not None:
        return {"status": "unsupported", "message": checked[program]}
    args = []
    for s in sets:
        args += ["--set", s]
    proc = run_process([lathe, "run", path, *args])
    if proc.returncode != 0:
        return {"status": "error", "message": proc.first_error()}
    metrics = {k: v for k, v in parse_lathe(proc.stdout).items()}
    return {"status": "ok", "metrics": metrics, "peak_rss_mb": proc.peak_rss_mb, "seconds": round(proc.seconds, 3)}


def run_python_peer(python, script, name, size):
    proc = run_process([python, BENCH / "python" / script, name, size, str(RUNS)])
    return data_section.peer_result(proc)


def op_seconds(result, metric):
    """The median time of the row's operation, or None."""
    if not result or result.get("status") != "ok":
        return None
    value = result["metrics"].get(metric)
    if isinstance(value, list):
        return statistics.median(value) if value else None
    return value if isinstance(value, (int, float)) else None


def checks_of(result, lathe):
    """{check name: value} of a finished program."""
    if not result or result.get("status") != "ok":
        return {}
    out = {}
    for k, v in result["metrics"].items():
        if k in TIMING_KEYS or k in {r[4] for r in ROWS}:
            continue
        if lathe:
            v = v[-1] if v else None
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            out[k] = float(v)
    return out


def compare_checks(name, size, results):
    """Lines for every check that differs between the tools that ran."""
    lines = []
    got = {tool: checks_of(r, tool == "lathe") for tool, r in results.items()}
    keys = sorted(set().union(*[set(c) for c in got.values()])) if got else []
    for key in keys:
        values = {tool: c[key] for tool, c in got.items() if key in c}
        if len(values) < 2:
            continue
        ref = next(iter(values.values()))
        for tool, v in values.items():
            same = v == ref if key in EXACT else abs(v - ref) <= 1e-6 * max(abs(ref), 1.0)
            if not same:
                shown = ", ".join(f"{t} {x!r}" for t, x in values.items())
                lines.append(f"check {name} {size}: {key} DIFFERS: {shown}")
                break
    return lines


def fmt_ms(seconds):
    return "—" if seconds is None else f"{seconds * 1000.0:,.1f}"


def fmt_mb(result):
    return f"{result['peak_rss_mb']:,.0f}" if result and result.get("status") == "ok" else "—"


def cell(result, seconds):
    if seconds is not None:
        return fmt_ms(seconds)
    if not result:
        return "—"
    return {"unsupported": "not yet supported"}.get(result["status"], result["status"])


def run_wrangle_section(lathe, print_table, only=None, sizes=("1m", "10m")):
    """Runs the wrangling rows for each size; prints one table. Returns JSON-ready results."""
    wanted = [r for r in ROWS if not only or "wrangle" in only or r[0] in only or r[0] == "load"]
    print()
    print("== wrangling: Lathe vs pandas / Polars (time of the operation; peak RSS of each process)")
    python, versions = data_section.ensure_venv()
    shown = ", ".join(f"{n} {versions.get(n) or '(missing)'}" for n in ("pandas", "polars"))
    print(f"peers:   {shown}")
    results = {"peers": {n: versions.get(n) for n in ("pandas", "polars")}, "rows": []}
    if python is None or not versions.get("numpy") or not versions.get("pandas"):
        print("wrangling: numpy and pandas are needed to generate the inputs; section skipped")
        return results
    log(f"wrangling: inputs in .bench/data ({', '.join(sizes)}; generated once, a few minutes for 10m) …")
    gen = run_process([python, BENCH / "python" / "wrangle_gen.py", *sizes], timeout=3600)
    if gen.returncode != 0:
        print(f"wrangling: generating the inputs failed: {gen.last_error()}; section skipped")
        return results
    has_polars = bool(versions.get("polars"))

    table, notes, checked = [], [], {}
    for size in sizes:
        for name, what, program, sets, metric in wanted:
            log(f"wrangling: {name} {size} …")
            sets_here = [f"path={lathe_input(size, name)}", *sets] + ([f"runs={RUNS}"] if name != "load" else [])
            r = {"lathe": run_lathe(lathe, program, sets_here, checked)}
            r["pandas"] = run_python_peer(python, "wrangle_pandas.py", name, size)
            r["polars"] = (run_python_peer(python, "wrangle_polars.py", name, size) if has_polars
                           else {"status": "skipped", "message": "polars not installed"})
            secs = {tool: op_seconds(res, metric) for tool, res in r.items()}
            l, p, q = secs["lathe"], secs["pandas"], secs["polars"]
            vs_pandas = p / l if l and p else None
            vs_polars = l / q if l and q else None
            status = []
            if name != "load":
                if vs_pandas is not None:
                    status.append("pandas " + ("met" if vs_pandas >= PANDAS_TARGET else "missed"))
                if vs_polars is not None:
                    status.append("polars " + ("met" if vs_polars <= POLARS_TARGET else "missed"))
            mismatches = compare_checks(name, size, r)
            notes += mismatches
            if mismatches:
                status.append("OUTPUT DIFFERS")
            for tool, res in r.items():
                if res.get("status") not in ("ok", "skipped"):
                    notes.append(f"{tool} {name} {size}: {res['status']}: {res.get('message')}")
            table.append([name, SIZES[size], cell(r["lathe"], l), fmt_mb(r["lathe"]),
                          cell(r["pandas"], p), fmt_mb(r["pandas"]), cell(r["polars"], q), fmt_mb(r["polars"]),
                          "—" if vs_pandas is None else f"{vs_pandas:.2f}x",
                          "—" if vs_polars is None else f"{vs_polars:.2f}",
                          "; ".join(status) or "—"])
            results["rows"].append({
                "name": name, "what": what, "size": size, "lathe_s": l, "pandas_s": p, "polars_s": q,
                "pandas_over_lathe": vs_pandas, "lathe_over_polars": vs_polars,
                "peak_mb": {tool: res.get("peak_rss_mb") for tool, res in r.items()},
                "status": status, "runs": r,
            })
    print()
    print_table(table, ["row", "rows", "lathe ms", "MB", "pandas ms", "MB", "polars ms", "MB",
                        "pandas/lathe", "lathe/polars", "status"], align="llrrrrrrrrl")
    print()
    print(f"targets: pandas/lathe ≥ {PANDAS_TARGET:g}x (beat pandas), lathe/polars ≤ {POLARS_TARGET:g};"
          f" median of {RUNS} runs of the operation alone; MB = peak RSS of the whole process, load included"
          " (the load row is the baseline)")
    for name, what, *_ in wanted:
        print(f"  {name}: {what}")
    if notes:
        print()
        for line in notes:
            print(f"  {line}")
    return results
