"""MLflow's tracking client on SQLite, doing the store benchmark's recording work.

Usage: python store_mlflow.py FOLDER
Prints one JSON line: record_ms (one run, 20 params with log_params and 1,000 metric steps
with log_batch) and record_single_ms (1,000 log_metric calls), each the median of 5.
The database is created and migrated before anything is timed.
"""

import json
import os
import statistics
import sys
import time


def main():
    folder = sys.argv[1]
    os.makedirs(folder, exist_ok=True)
    import mlflow
    from mlflow.entities import Metric
    from mlflow.tracking import MlflowClient

    mlflow.set_tracking_uri(f"sqlite:///{folder}/mlflow.db")
    client = MlflowClient()
    with mlflow.start_run():
        mlflow.log_param("warm", 1)
    losses = [1 / (i + 1) for i in range(1000)]
    record, single = [], []
    for _ in range(5):
        t0 = time.perf_counter()
        with mlflow.start_run() as run:
            mlflow.log_params({f"p{i}": i * 0.5 for i in range(20)})
            now = int(time.time() * 1000)
            client.log_batch(run.info.run_id, metrics=[Metric("loss", v, now, i) for i, v in enumerate(losses)])
            record.append((time.perf_counter() - t0) * 1000)
            t1 = time.perf_counter()
            for i, v in enumerate(losses):
                mlflow.log_metric("single", v, step=i)
            single.append((time.perf_counter() - t1) * 1000)
    print(json.dumps({"record_ms": statistics.median(record), "record_single_ms": statistics.median(single),
                      "mlflow": mlflow.__version__}))


if __name__ == "__main__":
    main()
