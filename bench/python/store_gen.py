"""Fills a Lathe store with N generated runs for the store benchmarks.

Usage: python3 store_gen.py LATHE_DB N
The database must exist (`lathe init` made it); rows go straight into its tables with
the standard library's sqlite3, in one transaction: each run has 5 parameters, 3 latest
metrics (with one history row each) and 1 tag, drawn from a fixed seed.
"""

import random
import sqlite3
import sys
import time
import uuid


def main():
    path, count = sys.argv[1], int(sys.argv[2])
    rng = random.Random(7)
    db = sqlite3.connect(path)
    db.execute("PRAGMA foreign_keys = ON")
    models = ["boost", "forest", "logistic", "tree", "knn"]
    start = time.time() - count
    with db:
        runs, params, metrics, latest, tags = [], [], [], [], []
        for i in range(1, count + 1):
            runs.append((i, uuid.UUID(int=rng.getrandbits(128)).hex, "train", models[i % 5], "finished",
                         start + i, start + i + rng.random(), "root"))
            for name, value in (("model", models[i % 5]), ("C", str(rng.choice([0.01, 0.1, 1, 10]))),
                                ("max_depth", str(rng.randint(2, 12))), ("seed", str(i)), ("prep", "standardize")):
                params.append((i, name, value))
            for name in ("accuracy", "f1", "roc_auc"):
                value = rng.random()
                latest.append((i, name, value, 0, start + i))
                metrics.append((i, name, 0, value, start + i))
            tags.append((i, "team", f"fraud-{i % 1000}"))
        db.executemany("INSERT INTO runs(id, uuid, kind, name, status, started_at, ended_at, user) VALUES (?,?,?,?,?,?,?,?)", runs)
        db.executemany("INSERT INTO run_params(run_id, name, value) VALUES (?,?,?)", params)
        db.executemany("INSERT INTO run_latest_metrics(run_id, name, value, step, timestamp) VALUES (?,?,?,?,?)", latest)
        db.executemany("INSERT INTO run_metrics(run_id, name, step, value, timestamp) VALUES (?,?,?,?,?)", metrics)
        db.executemany("INSERT INTO run_tags(run_id, name, value) VALUES (?,?,?)", tags)
    db.execute("ANALYZE")
    db.close()


if __name__ == "__main__":
    main()
