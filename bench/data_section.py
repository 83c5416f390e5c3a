"""The data section of `make bench`: Lathe's data and numeric builtins against
numpy, pandas, pyarrow and scikit-learn. Standard library only; run.py calls
run_data_section().

- The peers live in a virtual environment, .bench/venv (created with
  `python3 -m venv`, reused when present), with the versions pinned in
  bench/requirements.txt installed one by one with pip. A peer whose install
  fails is reported and its rows are skipped.
- The inputs are generated once, deterministically, into .bench/data/ by
  bench/python/data_gen.py (about a minute, 380 MB), and reused after that.
- Each program, Lathe or Python, runs once as its own process and times only
  the operation inside, repeating it; the median is reported. Lathe programs
  print `name seconds` lines; Python programs print one JSON line.
- A Lathe program that `lathe check` rejects (a builtin not written yet)
  shows as "not yet supported" in its rows instead of failing the run.
- OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE, where set, slow a current numpy.
  Lathe and the numpy peer both run with the environment as it is (the
  same-settings comparison); when either variable is set, numpy runs a second
  time with both unset, as a separately labelled reference. Neither is ever
  changed for Lathe or globally.
"""

import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
VENV = ROOT / ".bench" / "venv"
REQUIREMENTS = BENCH / "requirements.txt"
BLAS_VARS = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")

# Columnar size of the 1M-row benchmark frame: 20 float64 columns, an int64
# label, two categorical columns as int32 codes (dictionaries are tiny).
MIXED_ROWS = 1_000_000
FRAME_BYTES = MIXED_ROWS * (20 * 8 + 8 + 2 * 4)
MEMORY_TARGET = 2.0  # peak RSS of a load <= 2x the loaded frame

# Python peer programs: key -> (script and arguments, pinned packages it needs, environment variant)
PEER_PROGRAMS = {
    "pandas": (["data_load.py", "pandas"], ["pandas"], "as-is"),
    "pyarrow": (["data_load.py", "pyarrow"], ["pyarrow"], "as-is"),
    "numpy": (["data_numpy.py"], ["numpy", "pandas"], "as-is"),
    "numpy_unset": (["data_numpy.py"], ["numpy", "pandas"], "unset"),
    "frame": (["data_frame.py"], ["pandas", "scikit-learn"], "as-is"),
    "strings": (["data_strings.py"], ["pandas"], "as-is"),
}

# One table row each: name, what, Lathe program and metric, peer program and
# metric, peer label, minimum ratio (peer time / Lathe time) or None, target text.
ROWS = [
    ("load", "CSV load, 1M rows (20 float, 2 cat, label)", "data_load", "load",
     "pandas", "load", "pandas.read_csv (C)", 1.0, "≥1x (beat pandas)"),
    ("load", "CSV load, 1M rows (20 float, 2 cat, label)", "data_load", "load",
     "pyarrow", "load", "pyarrow.csv.read_csv", None, "report"),
    ("axpy", "a*x + y, 10M float64", "data_axpy", "axpy", "numpy", "axpy", "numpy (env as-is)", 0.9, "≥0.9x"),
    ("axpy", "a*x + y, 10M float64", "data_axpy", "axpy", "numpy_unset", "axpy",
     "numpy (OPENBLAS_* unset)", None, "report"),
    ("sum", "sum, 100M float64", "data_sum", "sum", "numpy", "sum", "numpy (env as-is)", 0.9, "≥0.9x"),
    ("sum", "sum, 100M float64", "data_sum", "sum", "numpy_unset", "sum",
     "numpy (OPENBLAS_* unset)", None, "report"),
    ("dgemm", "dgemm 2000x2000 float64", "data_dgemm", "dgemm", "numpy", "dgemm",
     "numpy (env as-is)", 0.9, "≥0.9x"),
    ("dgemm", "dgemm 2000x2000 float64", "data_dgemm", "dgemm", "numpy_unset", "dgemm",
     "numpy (OPENBLAS_* unset)", None, "report"),
    ("filter", "mask filter f0 > 0.5 and cat_a == \"red\", 1M rows", "data_filter", "filter",
     "frame", "filter", "pandas", None, "report"),
    ("split", "stratified split, test 0.2, 1M rows", "data_split", "split",
     "frame", "split", "sklearn train_test_split", None, "report"),
    ("strings", "upper, contains (regex), replace, split_part of a 100-value text column, 1M rows",
     "data_strings", "strings", "strings", "strings", "pandas .str (default string dtype)", None, "report"),
]
NAMES = sorted({r[0] for r in ROWS})

LINE = re.compile(r"^([A-Za-z_]\w*)\s+(\S+)\s*$")


def log(message):
    print(message, file=sys.stderr, flush=True)


class Proc:
    def __init__(self, returncode, stdout, stderr, seconds, peak_rss_mb, timed_out):
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr
        self.seconds, self.peak_rss_mb, self.timed_out = seconds, peak_rss_mb, timed_out

    def first_error(self):
        if self.timed_out:
            return "timed out"
        lines = [l for l in (self.stderr or "").strip().splitlines() if l.strip()]
        return lines[0].strip() if lines else f"exit {self.returncode} (no stderr)"

    def last_error(self):
        lines = [l for l in (self.stderr or "").strip().splitlines() if l.strip()]
        return lines[-1].strip() if lines else f"exit {self.returncode} (no stderr)"


def run_process(cmd, env=None, timeout=1800):
    """Runs cmd from the repository root; returns a Proc with the child's own peak RSS."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen([str(c) for c in cmd], cwd=ROOT, stdout=out, stderr=err, env=env)
        timed_out = threading.Event()

        def kill():
            timed_out.set()
            proc.kill()

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Proc(proc.returncode, out.read().decode("utf-8", "replace"),
                    err.read().decode("utf-8", "replace"), seconds, usage.ru_maxrss / 1024.0,
                    timed_out.is_set())


# ---------------------------------------------------------------- the venv

def pins():
    out = []
    for line in REQUIREMENTS.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, version = line.split("==")
            out.append((name.strip(), version.strip()))
    return out


def installed_versions(python, names):
    code = ("import json, sys\nfrom importlib import metadata\nout = {}\n"
            "for n in sys.argv[1:]:\n"
            "    try: out[n] = metadata.version(n)\n"
            "    except metadata.PackageNotFoundError: out[n] = None\n"
            "print(json.dumps(out))\n")
    proc = run_process([python, "-c", code] + list(names), timeout=120)
    if proc.returncode != 0:
        return {n: None for n in names}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def ensure_venv():
    """Creates or reuses .bench/venv and installs the pinned peers.
    Returns (python or None, {package: version or None})."""
    python = VENV / "bin" / "python"
    if not python.exists():
        log(f"data: creating {VENV.relative_to(ROOT)} (python3 -m venv)")
        proc = run_process([sys.executable, "-m", "venv", VENV], timeout=300)
        if proc.returncode != 0 or not python.exists():
            print(f"data: cannot create the virtual environment: {proc.last_error()}; every peer skipped")
            return None, {}
    wanted = pins()
    have = installed_versions(python, [n for n, _ in wanted])
    for name, version in wanted:
        if have.get(name) == version:
            continue
        log(f"data: pip install {name}=={version} into {VENV.relative_to(ROOT)}")
        proc = run_process([python, "-m", "pip", "install", "--disable-pip-version-check", "-q",
                            f"{name}=={version}"], timeout=1200)
        if proc.returncode != 0:
            print(f"data: peer {name}: pip install {name}=={version} failed ({proc.last_error()}); "
                  f"its rows are skipped")
    have = installed_versions(python, [n for n, _ in wanted])
    return python, have


# ---------------------------------------------------------------- running

def parse_lathe(stdout):
    """`name value` lines -> {name: [float, ...]}."""
    metrics = {}
    for line in stdout.splitlines():
        m = LINE.match(line.strip())
        if not m:
            continue
        try:
            value = float(m.group(2))
        except ValueError:
            continue
        metrics.setdefault(m.group(1), []).append(value)
    return metrics


def run_lathe(lathe, program, extra=()):
    path = f"bench/lathe/{program}.mlx"
    check = run_process([lathe, "check", path], timeout=120)
    if check.returncode != 0:
        return {"status": "unsupported", "message": check.first_error()}
    proc = run_process([lathe, "run", path, *extra])
    if proc.returncode != 0:
        return {"status": "error", "message": proc.first_error(), "seconds": proc.seconds}
    return {"status": "ok", "metrics": parse_lathe(proc.stdout), "peak_rss_mb": proc.peak_rss_mb,
            "seconds": round(proc.seconds, 3)}


def run_peer(python, key, versions, env_asis, env_unset):
    script, needs, variant = PEER_PROGRAMS[key]
    missing = [n for n in needs if not versions.get(n)]
    if missing:
        return {"status": "skipped", "message": f"{', '.join(missing)} not installed"}
    env = env_unset if variant == "unset" else env_asis
    return peer_result(run_process([python, BENCH / "python" / script[0], *script[1:]], env=env))


def peer_result(proc):
    """A finished peer process as a result: its last stdout line is its JSON timings."""
    if proc.returncode != 0:
        return {"status": "error", "message": proc.last_error()}
    try:
        result = json.loads(proc.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return {"status": "error", "message": "no JSON line in its output"}
    return {"status": "ok", "metrics": result, "peak_rss_mb": proc.peak_rss_mb,
            "seconds": round(proc.seconds, 3)}


def system_openblas_core(env):
    """The kernel the system libopenblas (the one Lathe links) picks in this environment."""
    code = ("import ctypes\nlib = ctypes.CDLL('libopenblas.so.0')\n"
            "lib.openblas_get_corename.restype = ctypes.c_char_p\n"
            "lib.openblas_get_config.restype = ctypes.c_char_p\n"
            "print(lib.openblas_get_corename().decode(), '|', lib.openblas_get_config().decode())\n")
    proc = run_process([sys.executable, "-c", code], env=env, timeout=60)
    return proc.stdout.strip() if proc.returncode == 0 else f"unknown ({proc.last_error()})"


def med(values):
    return statistics.median(values) if values else None


def fmt_ms(seconds):
    return "—" if seconds is None else f"{seconds * 1000.0:,.1f}"


def describe_blas(entry):
    if not entry or entry.get("status") != "ok":
        return "unknown"
    blas = entry["metrics"].get("blas")
    if not blas:
        return "unknown (no threadpoolctl)"
    return "; ".join(f"{b['internal_api']} {b['version']} kernel {b['architecture']}, {b['num_threads']} threads"
                     for b in blas)


# ---------------------------------------------------------------- the section

def run_data_section(lathe, print_table, only=None):
    """Runs the data benchmarks and prints their table. Returns the JSON-ready results."""
    names = [n for n in NAMES if not only or n in only]
    rows_wanted = [r for r in ROWS if r[0] in names]
    blas_set = {v: os.environ[v] for v in BLAS_VARS if v in os.environ}
    env_asis = dict(os.environ)
    env_unset = {k: v for k, v in os.environ.items() if k not in BLAS_VARS}
    if not blas_set:
        rows_wanted = [r for r in rows_wanted if r[4] != "numpy_unset"]

    print()
    print("== data: Lathe vs numpy / pandas / pyarrow / scikit-learn")
    python, versions = ensure_venv()
    shown = ", ".join(f"{n} {v}" if v else f"{n} (missing)" for n, v in versions.items())
    print(f"peers:   {shown or 'none'} ({VENV.relative_to(ROOT)})")
    results = {"peers": versions, "openblas_env": blas_set, "rows": []}
    if python is None or not versions.get("numpy") or not versions.get("pandas"):
        print("data: numpy and pandas are needed to generate the inputs; data section skipped")
        return results

    log("data: inputs in .bench/data (generated once, about a minute) …")
    gen = run_process([python, BENCH / "python" / "data_gen.py"])
    if gen.returncode != 0:
        print(f"data: generating the inputs failed: {gen.last_error()}; data section skipped")
        return results
    results["inputs"] = json.loads(gen.stdout.strip().splitlines()[-1])["inputs"]

    if blas_set:
        print("openblas: " + ", ".join(f"{k}={v}" for k, v in blas_set.items())
              + " set here: Lathe and numpy run with it as is (same settings); numpy also runs"
                " with both unset (labelled)")
    else:
        print("openblas: OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE are not set here; numpy runs once"
              " (as-is and unset are the same)")

    lathe_runs, peer_runs = {}, {}
    for row in rows_wanted:
        program, peer = row[2], row[4]
        if program not in lathe_runs:
            log(f"data: lathe {program} …")
            lathe_runs[program] = run_lathe(lathe, program)
        if peer not in peer_runs:
            log(f"data: {peer} peer …")
            peer_runs[peer] = run_peer(python, peer, versions, env_asis, env_unset)

    table, notes = [], []
    for name, what, program, lmetric, peer, pmetric, plabel, target, target_text in rows_wanted:
        lr, pr = lathe_runs[program], peer_runs[peer]
        lathe_s = med(lr.get("metrics", {}).get(lmetric, [])) if lr["status"] == "ok" else None
        peer_vals = pr.get("metrics", {}).get(pmetric) if pr["status"] == "ok" else None
        peer_s = med(peer_vals) if isinstance(peer_vals, list) else None
        ratio = peer_s / lathe_s if peer_s and lathe_s else None
        if lr["status"] == "unsupported":
            lathe_cell, status = "not yet supported", "lathe: not yet supported"
        elif lr["status"] == "error":
            lathe_cell, status = "error", "lathe: error"
        elif lathe_s is None:
            lathe_cell, status = "—", f"lathe printed no '{lmetric}' line"
        else:
            lathe_cell, status = fmt_ms(lathe_s), None
        if status is None:
            if peer_s is None:
                status = f"peer {pr['status']}"
            elif target is None:
                status = "—"
            else:
                status = "met" if ratio >= target else "missed"
        peer_cell = fmt_ms(peer_s) if peer_s is not None else pr["status"]
        table.append([name, what, lathe_cell, plabel, peer_cell,
                      "—" if ratio is None else f"{ratio:.2f}x", target_text, status])
        results["rows"].append({
            "name": name, "what": what, "lathe_program": program, "peer": plabel,
            "lathe_median_s": lathe_s, "peer_median_s": peer_s,
            "lathe_s": lr.get("metrics", {}).get(lmetric), "peer_s": peer_vals,
            "ratio_peer_over_lathe": ratio, "target_ratio": target, "status": status,
            "lathe_status": lr["status"], "peer_status": pr["status"],
        })

    print()
    print_table(table, ["benchmark", "work", "lathe ms", "peer", "peer ms", "ratio (peer/lathe)",
                        "target", "status"], align="llrlrrll")

    # Messages for rows that did not run.
    for program, lr in lathe_runs.items():
        if lr["status"] != "ok":
            notes.append(f"lathe {program}: {lr['status']}: {lr['message']}")
    for peer, pr in peer_runs.items():
        if pr["status"] != "ok":
            notes.append(f"peer {peer}: {pr['status']}: {pr['message']}")

    extra = data_extras(lathe, lathe_runs, peer_runs, blas_set, env_asis, names)
    results.update(extra["json"])
    print()
    for line in extra["lines"]:
        print(line)
    for line in extra["checks"]:
        notes.append(line)
    if notes:
        print()
        for line in notes:
            print(f"  {line}")
    results["lathe_runs"] = lathe_runs
    results["peer_runs"] = {k: {kk: vv for kk, vv in v.items()} for k, v in peer_runs.items()}
    return results


def gbs(nbytes, seconds):
    return None if not seconds else nbytes / seconds / 1e9


def fmt_gbs(value):
    return "—" if value is None else f"{value:.1f}"


def data_extras(lathe, lathe_runs, peer_runs, blas_set, env_asis, names):
    """Bandwidth, BLAS, memory and cross-checks, printed below the table."""
    lines, checks, out = [], [], {}
    numpy = peer_runs.get("numpy", {})
    nm = numpy.get("metrics", {}) if numpy.get("status") == "ok" else {}

    def lathe_metric(program, metric):
        lr = lathe_runs.get(program, {})
        return med(lr.get("metrics", {}).get(metric, [])) if lr.get("status") == "ok" else None

    # Memory bandwidth.
    if nm:
        triad_best, triad_med = nm.get("stream_triad_gbs_best"), nm.get("stream_triad_gbs_median")
        out["stream"] = {k: nm.get(k) for k in ("stream_copy_gbs_best", "stream_add_gbs_best",
                                               "stream_triad_gbs_best", "stream_triad_gbs_median", "stream_n")}
        lines.append(f"bandwidth (GB/s; STREAM counting: copy 16, add and triad 24, axpy 24, sum 8 bytes/element):")
        lines.append(f"  STREAM-style (numpy, 1 thread, 3 x 1 GiB arrays): triad {fmt_gbs(triad_best)} best, "
                     f"{fmt_gbs(triad_med)} median; copy {fmt_gbs(nm.get('stream_copy_gbs_best'))}; "
                     f"add {fmt_gbs(nm.get('stream_add_gbs_best'))}")
        for label, program, metric, per in (("axpy 10M", "data_axpy", "axpy", 24), ("sum 100M", "data_sum", "sum", 8)):
            if metric not in names:
                continue
            n = nm.get(f"{metric}_n")
            np_gbs = gbs(per * n, med(nm.get(metric, []))) if n else None
            l_s = lathe_metric(program, metric)
            l_gbs = gbs(per * n, l_s) if n and l_s else None
            share = f" ({l_gbs / triad_best:.0%} of triad)" if l_gbs and triad_best else ""
            lines.append(f"  {label}: lathe {fmt_gbs(l_gbs)}{share}, numpy {fmt_gbs(np_gbs)}"
                         + (f" ({np_gbs / triad_best:.0%} of triad)" if np_gbs and triad_best else ""))
            out[f"{metric}_gbs"] = {"lathe": l_gbs, "numpy": np_gbs}
        if "axpy" in names and nm.get("axpy_n"):
            lines.append("  (axpy's three 80 MB arrays fit this machine's 260 MB L3, so it can beat the triad)")

    # BLAS in use.
    if "dgemm" in names:
        core = system_openblas_core(env_asis)
        out["system_openblas"] = core
        lines.append(f"blas:    numpy, env as-is: {describe_blas(numpy)}")
        if blas_set:
            lines.append(f"         numpy, OPENBLAS_* unset: {describe_blas(peer_runs.get('numpy_unset'))}")
        lines.append(f"         system libopenblas as loaded, env as-is: {core}")
        if core.startswith("Prescott"):
            lines.append("         (Prescott is OpenBLAS's generic fallback for a CPU the build does not know;"
                         " Lathe's Numeric BLASRuntime re-selects the kernels at its first BLAS call"
                         " unless OPENBLAS_CORETYPE is set)")
        n = nm.get("dgemm_n")
        for label, entry in (("numpy as-is", numpy), ("numpy unset", peer_runs.get("numpy_unset"))):
            if entry and entry.get("status") == "ok" and n:
                s = med(entry["metrics"].get("dgemm", []))
                if s:
                    lines.append(f"         dgemm GFLOP/s, {label}: {2 * n ** 3 / s / 1e9:.1f}")
        l_s = lathe_metric("data_dgemm", "dgemm")
        if l_s:
            lines.append(f"         dgemm GFLOP/s, lathe: {2 * 2000 ** 3 / l_s / 1e9:.1f}")

    # Peak memory of one load.
    if "load" in names:
        parts = []
        if lathe_runs.get("data_load", {}).get("status") == "ok":
            log("data: lathe data_load, one load, for peak memory …")
            one = run_lathe(lathe, "data_load", ["--set", "runs=1"])
            if one["status"] == "ok":
                rss = one["peak_rss_mb"]
                ratio = rss * 1024 * 1024 / FRAME_BYTES
                verdict = "met" if ratio <= MEMORY_TARGET else "missed"
                parts.append(f"lathe {rss:,.0f} MB = {ratio:.2f}x the frame's {FRAME_BYTES / 1e6:.0f} MB columnar size "
                             f"(target ≤ {MEMORY_TARGET:g}x: {verdict})")
                out["lathe_load_peak_rss_mb"] = rss
        for key in ("pandas", "pyarrow"):
            entry = peer_runs.get(key, {})
            if entry.get("status") == "ok":
                m = entry["metrics"]
                parts.append(f"{key} {entry['peak_rss_mb']:,.0f} MB (3 loads; its frame {m['frame_bytes'] / 1e6:,.0f} MB)")
        if parts:
            lines.append("memory:  peak RSS of the load process: " + "; ".join(parts))
            lines.append("         (RSS includes the interpreter and any memory-mapped file pages)")

    # Cross-checks.
    def both(program, lmetric, peer, pmetric):
        lv = lathe_runs.get(program, {}).get("metrics", {}).get(lmetric) if lathe_runs.get(program, {}).get("status") == "ok" else None
        pe = peer_runs.get(peer, {})
        pv = pe.get("metrics", {}).get(pmetric) if pe.get("status") == "ok" else None
        return (lv[-1] if lv else None), pv

    if "load" in names:
        lv, _ = both("data_load", "rows", "pandas", "rows")
        if lv is not None and lv != MIXED_ROWS:
            checks.append(f"check load: lathe read {lv:g} rows, expected {MIXED_ROWS:,}")
    if "axpy" in names:
        lv, pv = both("data_axpy", "axpy_check", "numpy", "axpy_check")
        if lv is not None and pv is not None:
            rel = abs(lv - pv) / max(abs(pv), 1e-300)
            checks.append(f"check axpy: sum(z) lathe {lv!r} numpy {pv!r} (relative difference {rel:.1e}"
                          f"{', OK' if rel <= 1e-9 else ', DIFFERS'})")
    if "filter" in names:
        lv, pv = both("data_filter", "filter_rows", "frame", "filter_rows")
        if lv is not None and pv is not None:
            checks.append(f"check filter: rows kept lathe {lv:g} pandas {pv} ({'OK' if lv == pv else 'DIFFERS'})")
    if "strings" in names:
        lv, pv = both("data_strings", "strings_matches", "strings", "strings_matches")
        if lv is not None and pv is not None:
            checks.append(f"check strings: regex matches lathe {lv:g} pandas {pv} ({'OK' if lv == pv else 'DIFFERS'})")
    if "split" in names:
        lv, pv = both("data_split", "split_test_rows", "frame", "split_test_rows")
        if lv is not None and pv is not None:
            checks.append(f"check split: test rows lathe {lv:g} sklearn {pv} (per-class rounding may differ by a few)")
    return {"lines": lines, "checks": checks, "json": out}
