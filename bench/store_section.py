"""The store section of `make bench`: experiment tracking and the registry, timed inside
Lathe programs with clock() (bench/lathe/store_*.mlx), each in its own scratch workspace
under .bench/store/ (LATHE_HOME). Standard library only; run.py calls run_store_section().

- record: one run with 20 parameters and 1,000 metric steps (target < 20 ms); also the
  same steps as 1,000 separate log_metric calls, one transaction each.
- query: runs(where:) with and/or over 100,000 runs (target < 50 ms), generated straight
  into the store's tables by bench/python/store_gen.py.
- registry: register + alias + model("x@production") for a small model (target < 20 ms).
- train overhead: a small train() with tracking minus the same with --no-track
  (target < 5 ms).
- MLflow's tracking client on SQLite does the record work when it installs into
  .bench/venv-mlflow (pip install mlflow-skinny sqlalchemy alembic); otherwise its column
  says so. MLflow is not run on the 100,000-run query: filling its store through its client
  takes hours at its per-run cost.
"""

import json
import os
import shutil
import sqlite3
import statistics
from pathlib import Path

from data_section import log, run_process, parse_lathe

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
WORK = ROOT / ".bench" / "store"
VENV = ROOT / ".bench" / "venv-mlflow"
QUERY_RUNS = 100_000
NAMES = ["store"]


def lathe_env(home):
    env = dict(os.environ)
    env["LATHE_HOME"] = str(home / ".lathe")
    return env


def fresh(name):
    folder = WORK / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def run_lathe(lathe, program, home, extra=()):
    proc = run_process([lathe, "run", *extra, BENCH / "lathe" / f"{program}.mlx"], env=lathe_env(home))
    if proc.returncode != 0:
        return None, proc.last_error()
    return parse_lathe(proc.stdout), None


def med(values):
    return statistics.median(values) if values else None


def mlflow_record():
    # Its own environment: MLflow's pins must not move the data section's peers.
    python = VENV / "bin" / "python"
    if not python.exists():
        log(f"store: creating {VENV.relative_to(ROOT)} (python3 -m venv)")
        made = run_process(["python3", "-m", "venv", VENV], timeout=300)
        if made.returncode != 0 or not python.exists():
            return None, f"cannot create {VENV.relative_to(ROOT)}: {made.last_error()}"
    check = run_process([python, "-c", "import mlflow, sqlalchemy, alembic"])
    if check.returncode != 0:
        log(f"store: pip install mlflow-skinny into {VENV.relative_to(ROOT)}")
        # mlflow-skinny leaves out the SQL store's own dependencies.
        install = run_process([python, "-m", "pip", "install", "--disable-pip-version-check", "-q", "mlflow-skinny",
                               "sqlalchemy", "alembic"], timeout=1200)
        if install.returncode != 0:
            return None, f"mlflow-skinny does not install: {install.last_error()}"
    proc = run_process([python, BENCH / "python" / "store_mlflow.py", fresh("mlflow")], timeout=1200)
    if proc.returncode != 0:
        return None, proc.last_error()
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith("{"):
            return json.loads(line), None
    return None, "no JSON line in its output"


def run_store_section(lathe, print_table, only=None):
    print()
    print("store: tracking and registry, timed inside each program (median ms)")
    rows, notes, result = [], [], {}

    records, singles = [], []
    for attempt in range(5):
        values, error = run_lathe(lathe, "store_record", fresh(f"record-{attempt}"))
        if error:
            notes.append(f"record: {error}")
            break
        records += values.get("record_ms", [])
        singles += values.get("record_single_ms", [])
    record, single = med(records), med(singles)

    home = fresh("query")
    # The generator needs the schema: a tracked one-line run creates the store first.
    (home / "empty.mlx").write_text('import "std/store" as s\ns.log_param("init", 1)\n')
    proc = run_process([lathe, "run", home / "empty.mlx"], env=lathe_env(home))
    query = rows_found = None
    if proc.returncode != 0:
        notes.append(f"query: cannot create the store: {proc.last_error()}")
    else:
        log(f"store: generating {QUERY_RUNS:,} runs")
        db = home / ".lathe" / "lathe.db"
        # The generator numbers runs from 1; the one-line run above is removed first.
        with sqlite3.connect(db) as connection:
            connection.execute("PRAGMA foreign_keys = ON")
            connection.execute("DELETE FROM runs")
        gen = run_process(["python3", BENCH / "python" / "store_gen.py", db, str(QUERY_RUNS)], timeout=1200)
        if gen.returncode != 0:
            notes.append(f"query: generator failed: {gen.last_error()}")
        else:
            values, error = run_lathe(lathe, "store_query", home)
            if error:
                notes.append(f"query: {error}")
            else:
                query = med(values.get("query_ms", [])[1:])
                rows_found = int(values.get("query_rows", [0])[0])

    values, error = run_lathe(lathe, "store_registry", fresh("registry"))
    roundtrip = med(values.get("roundtrip_ms", [])[1:]) if values else None
    if error:
        notes.append(f"registry: {error}")

    tracked, error = run_lathe(lathe, "store_train", fresh("train"))
    untracked, error2 = run_lathe(lathe, "store_train", fresh("train-untracked"), extra=["--no-track"])
    overhead = None
    if tracked and untracked:
        overhead = med(tracked["train_ms"][3:]) - med(untracked["train_ms"][3:])
    for e in (error, error2):
        if e:
            notes.append(f"train overhead: {e}")

    peer, peer_error = mlflow_record()
    if peer_error:
        notes.append(f"MLflow: {peer_error}")

    def fmt(value):
        return "—" if value is None else f"{value:,.2f}"

    def status(value, target):
        return "error" if value is None else ("met" if value < target else "missed")

    def ratio(lathe_ms, key):
        if peer is None or lathe_ms is None or not peer.get(key):
            return "—", "—"
        return fmt(peer[key]), f"{peer[key] / lathe_ms:.1f}x"

    mlflow_record_ms, record_ratio = ratio(record, "record_ms")
    mlflow_single_ms, single_ratio = ratio(single, "record_single_ms")
    rows = [
        ["record: 20 params + 1,000 steps (one batch)", fmt(record), "< 20", status(record, 20), mlflow_record_ms, record_ratio],
        ["record: 1,000 log_metric calls", fmt(single), "—", "—", mlflow_single_ms, single_ratio],
        [f"runs(where:) over {QUERY_RUNS:,} runs ({rows_found if rows_found is not None else '?'} found)", fmt(query), "< 50",
         status(query, 50), "—", "—"],
        ["register + alias + model(\"x@production\")", fmt(roundtrip), "< 20", status(roundtrip, 20), "—", "—"],
        ["tracking overhead per train()", fmt(overhead), "< 5", status(overhead, 5), "—", "—"],
    ]
    print_table(rows, ["work", "lathe ms", "target ms", "status", "mlflow ms", "mlflow/lathe"],
                align="lrrlrr")
    if peer:
        print(f"  MLflow {peer.get('mlflow')}: tracking client on SQLite (log_params + log_batch; log_metric per step)")
    for note in notes:
        print(f"  {note}")
    result.update({"record_ms": record, "record_single_ms": single, "query_ms": query, "query_rows": rows_found,
                   "roundtrip_ms": roundtrip, "train_overhead_ms": overhead, "mlflow": peer})
    return result
