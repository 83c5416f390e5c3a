"""The monitor section of `make bench`: drift() against Evidently's DataDriftPreset (issue 10).
Standard library only; run.py calls run_monitor_section().

- Work: 20 numeric and 2 categorical columns, 1,000,000 current rows against 100,000
  reference rows, each column tested with Evidently 0.7's default test (Wasserstein for the
  numeric columns and Jensen-Shannon for the categorical ones at this size).
- Inputs: bench/python/monitor_gen.py writes .bench/data/monitor/{reference,current}.csv once
  (seeded), with a shift in 4 of the 22 columns, and reuses them after that.
- Lathe: bench/lathe/monitor_drift.mlx loads both CSVs untimed and times drift() 3 times with
  clock(); the median is reported. bench/lathe/monitor_load.mlx only loads them, so that the
  peak RSS drift() adds over the load shows.
- Peer: bench/python/monitor_evidently.py in its own venv, .bench/venv-evidently (pins in
  tools/reference/requirements-monitor.txt: evidently 0.7.23, pandas < 3), loads with pandas
  untimed and times one Report(metrics=[DataDriftPreset()]).run(...). When Evidently does not
  install, its columns say so.
- Targets: Evidently's time / Lathe's ≥ 20; Lathe's peak RSS (whole process, wait4) below a
  third of Evidently's.
"""

import json
import statistics
import sys
from pathlib import Path

from data_section import log, run_process, parse_lathe

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
DATA = ROOT / ".bench" / "data" / "monitor"
VENV = ROOT / ".bench" / "venv-evidently"
REQUIREMENTS = ROOT / "tools" / "reference" / "requirements-monitor.txt"
SPEED_TARGET = 20.0  # Evidently time / Lathe time
MEMORY_TARGET = 1.0 / 3.0  # Lathe peak / Evidently peak, below
EVIDENTLY_RUNS = 1
NAMES = ["monitor"]


def rel(path):
    return path.relative_to(ROOT)


def ensure_evidently():
    """Creates or reuses .bench/venv-evidently with the pinned Evidently.
    Returns (python or None, why not)."""
    python = VENV / "bin" / "python"
    if not python.exists():
        log(f"monitor: creating {rel(VENV)} (python3 -m venv)")
        made = run_process(["python3", "-m", "venv", VENV], timeout=300)
        if made.returncode != 0 or not python.exists():
            return None, f"cannot create {rel(VENV)}: {made.last_error()}"
    check = run_process([python, "-c", "import evidently, pandas, scipy, numpy; "
                                       "assert evidently.__version__ == '0.7.23'"], timeout=300)
    if check.returncode != 0:
        log(f"monitor: pip install -r {rel(REQUIREMENTS)} into {rel(VENV)}")
        install = run_process([python, "-m", "pip", "install", "--disable-pip-version-check", "-q",
                               "-r", REQUIREMENTS], timeout=1800)
        if install.returncode != 0:
            return None, f"evidently does not install: {install.last_error()}"
    return python, None


def generate(python):
    """Writes the inputs if missing, with the first Python that can: the generator imports
    numpy and pandas only when it has something to write."""
    candidates = [p for p in (python, ROOT / ".bench" / "venv" / "bin" / "python") if p and Path(p).exists()]
    candidates.append(Path(sys.executable))
    error = None
    for candidate in candidates:
        log(f"monitor: inputs in {rel(DATA)} (bench/python/monitor_gen.py; the first time about a minute)")
        proc = run_process([candidate, BENCH / "python" / "monitor_gen.py"], timeout=1800)
        if proc.returncode == 0:
            return None
        error = proc.last_error()
        if "ModuleNotFoundError" not in error:
            return f"generator failed: {error}"
    return f"no Python with numpy and pandas to generate the inputs ({error})"


def run_lathe(lathe, program):
    path = BENCH / "lathe" / f"{program}.mlx"
    check = run_process([lathe, "check", path], timeout=120)
    if check.returncode != 0:
        return None, f"not yet supported: {check.first_error()}"
    proc = run_process([lathe, "run", path])
    if proc.returncode != 0:
        return None, f"error: {proc.first_error()}"
    drifted = [line.split()[1] for line in proc.stdout.splitlines() if line.startswith("drifted_column ")]
    return {"metrics": parse_lathe(proc.stdout), "peak_rss_mb": round(proc.peak_rss_mb, 1),
            "seconds": round(proc.seconds, 3), "drifted_columns": sorted(drifted)}, None


def run_evidently(python):
    proc = run_process([python, BENCH / "python" / "monitor_evidently.py", str(EVIDENTLY_RUNS)], timeout=3600)
    if proc.returncode != 0:
        return None, f"error: {proc.last_error()}"
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith("{"):
            result = json.loads(line)
            result["peak_rss_mb"] = round(proc.peak_rss_mb, 1)
            result["seconds"] = round(proc.seconds, 3)
            return result, None
    return None, "no JSON line in its output"


def run_monitor_section(lathe, print_table, only=None):
    print()
    print("monitor: drift(), 20 numeric + 2 categorical columns, 1,000,000 current vs 100,000 reference rows")
    notes, result = [], {}

    python, peer_error = ensure_evidently()
    gen_error = generate(python)
    if gen_error:
        print(f"  monitor: {gen_error}; section skipped")
        return {"error": gen_error}

    log("monitor: Lathe drift()")
    drift, drift_error = run_lathe(lathe, "monitor_drift")
    log("monitor: Lathe load only")
    load, load_error = run_lathe(lathe, "monitor_load")
    for name, error in (("monitor_drift", drift_error), ("monitor_load", load_error)):
        if error:
            notes.append(f"lathe {name}: {error}")

    peer = None
    if python is not None:
        log(f"monitor: Evidently DataDriftPreset ({EVIDENTLY_RUNS} run; a minute or more)")
        peer, peer_error = run_evidently(python)
    if peer_error:
        notes.append(f"Evidently skipped: {peer_error}")

    lathe_ms = statistics.median(drift["metrics"]["drift_ms"]) if drift and drift["metrics"].get("drift_ms") else None
    peer_ms = statistics.median(peer["run_s"]) * 1000.0 if peer else None
    lathe_peak = drift["peak_rss_mb"] if drift else None
    lathe_load_peak = load["peak_rss_mb"] if load else None
    peer_peak = peer["peak_rss_mb"] if peer else None
    peer_load_peak = peer["peak_rss_after_load_mb"] if peer else None

    def num(value, digits=1):
        return "—" if value is None else f"{value:,.{digits}f}"

    def signed(value):
        return "—" if value is None else f"{round(value) + 0:+,d}"

    speed = peer_ms / lathe_ms if lathe_ms and peer_ms else None
    memory = lathe_peak / peer_peak if lathe_peak and peer_peak else None
    skipped = "skipped" if peer is None else "—"
    speed_status = skipped if speed is None else ("met" if speed >= SPEED_TARGET else "missed")
    memory_status = skipped if memory is None else ("met" if memory < MEMORY_TARGET else "missed")
    inc_lathe = lathe_peak - lathe_load_peak if lathe_peak and lathe_load_peak else None
    inc_peer = peer_peak - peer_load_peak if peer_peak and peer_load_peak else None
    rows = [
        ["drift time, ms (Lathe median of 3; Evidently 1 run)", num(lathe_ms), num(peer_ms),
         "—" if speed is None else f"{speed:.1f}x faster", f"≥{SPEED_TARGET:g}x", speed_status],
        ["peak RSS, whole process, MB", num(lathe_peak, 0), num(peer_peak, 0),
         "—" if memory is None else f"{memory:.3f} of it", "< 0.333", memory_status],
        ["peak RSS, load only, MB", num(lathe_load_peak, 0), num(peer_load_peak, 0), "—", "report", "—"],
        ["peak RSS added by drift / report, MB", signed(inc_lathe), signed(inc_peer), "—", "report", "—"],
    ]
    print_table(rows, ["monitor", "lathe", "evidently", "lathe vs evidently", "target", "status"], align="lrrrrl")

    lathe_share = drift["metrics"].get("share", [None])[0] if drift else None
    lathe_cols = int(drift["metrics"]["columns"][0]) if drift and drift["metrics"].get("columns") else None
    if drift:
        print(f"  drifted share: lathe {num(lathe_share, 4)} ({len(drift['drifted_columns'])} of {lathe_cols}: "
              f"{' '.join(drift['drifted_columns'])})", end="")
    if peer:
        agree = drift is not None and drift["drifted_columns"] == peer["drifted_columns"]
        print(f"; evidently {peer['share']:.4f} ({len(peer['drifted_columns'])} of {peer['columns']}: "
              f"{' '.join(peer['drifted_columns'])}) — {'agree' if agree else 'DISAGREE'}")
    elif drift:
        print()
    if drift and drift["metrics"].get("load_ms"):
        times = ", ".join(f"{t:,.0f}" for t in drift["metrics"]["drift_ms"])
        line = f"  untimed load of both CSVs: lathe {num(drift['metrics']['load_ms'][0], 0)} ms"
        if peer:
            line += f", pandas.read_csv {num(peer['load_s'] * 1000.0, 0)} ms"
        print(f"{line}; lathe drift runs {times} ms")
    if peer:
        print(f"  Evidently {peer['evidently']} (pandas {peer['pandas']}), legacy Report(metrics=[DataDriftPreset()])"
              f".run(), column types inferred, tests {', '.join(peer['stattests'])}; as_dict() afterwards "
              f"{num(peer['as_dict_s'][0] * 1000.0, 0)} ms, untimed")
    if load:
        print("  load-only peaks: lathe from bench/lathe/monitor_load.mlx, its own process"
              + ("; Evidently's as getrusage inside its process once both CSVs are read (pandas and Evidently"
                 " imported)" if peer else ""))
    for note in notes:
        print(f"  {note}")

    result.update({"lathe_drift_ms": lathe_ms, "evidently_ms": peer_ms, "speedup": speed,
                   "speed_target": SPEED_TARGET, "speed_status": speed_status,
                   "lathe_peak_rss_mb": lathe_peak, "lathe_load_peak_rss_mb": lathe_load_peak,
                   "evidently_peak_rss_mb": peer_peak, "evidently_load_peak_rss_mb": peer_load_peak,
                   "memory_ratio": memory, "memory_status": memory_status,
                   "lathe": drift, "lathe_load": load, "evidently": peer, "notes": notes})
    return result
