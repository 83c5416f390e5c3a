#!/usr/bin/env python3
"""Regenerates Lathe's reference data and fixtures with numpy, pandas and scikit-learn.

Writes
  examples/data/iris.csv, examples/data/iris_live.csv
  Tests/Fixtures/numeric/*.json                 numpy reductions
  Tests/Fixtures/data/csv/*.csv, *.pandas.json  tricky CSVs and what pandas reads
  Tests/Fixtures/data/csv/bad/*                 CSVs a reader should reject
  Tests/Fixtures/data/describe_*.json           pandas describe(include='all')
  Tests/Fixtures/data/dates/*                   pandas Series.dt on ISO and formatted dates
  Tests/Fixtures/data/groupby/*                 pandas groupby(...).agg
  Tests/Fixtures/data/join/*                    pandas merge
  Tests/Fixtures/data/sort/*                    pandas sort_values(kind="stable") and nlargest
  Tests/Fixtures/data/column_functions/*        numpy ufuncs, where, between, isin, cut, qcut, cumsum, shift, rolling
  Tests/Fixtures/data/strings/*                 pandas .str functions on text columns
  Tests/Fixtures/data/reshape/*                 pandas concat, pivot_table, melt, drop_duplicates, fillna, dropna, astype
  Tests/Fixtures/ml/metrics_*.json              sklearn.metrics on seeded predictions
  Tests/Fixtures/ml/metric_functions.json       sklearn.metrics functions (average=, curves) on labels and scores
  Tests/Fixtures/ml/models_*.json               sklearn models on its bundled and synthetic datasets
  Tests/Fixtures/ml/explanations.json           sklearn coef_/feature_importances_, LightGBM gain importance
  Tests/Fixtures/ml/sparse_linear.json          sklearn Lasso/ElasticNet coef_, intercept_, n_iter_
  Tests/Fixtures/ml/shap.json, shap_data.csv    shap TreeExplainer / LinearExplainer values (explain)
  Tests/Fixtures/ml/weights.json                sklearn models fitted with sample_weight and class_weight

Run it as `make reference` or `python3 tools/reference/generate.py`. It needs
the exact versions pinned in tools/reference/requirements.txt. When the
interpreter running it lacks them, it creates (or reuses) the virtual
environment .bench/venv, installs the pins there with pip, and re-runs itself
with that interpreter. The output is deterministic: running it twice gives the
same bytes.
"""

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
FIXTURES = ROOT / "Tests" / "Fixtures"
VENV = ROOT / ".bench" / "venv"
REQUIREMENTS = HERE / "requirements.txt"


def pins():
    out = {}
    for line in REQUIREMENTS.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, version = line.split("==")
            out[name.strip()] = version.strip()
    return out


def missing_pins():
    """Names of pinned packages absent from this interpreter or at another version."""
    from importlib import metadata
    wrong = []
    for name, version in pins().items():
        try:
            have = metadata.version(name)
        except metadata.PackageNotFoundError:
            have = None
        if have != version:
            wrong.append(f"{name}=={version} (have {have or 'none'})")
    return wrong


def venv_python():
    return VENV / "bin" / "python"


def bootstrap():
    """Re-runs this script inside .bench/venv with the pins installed. Never returns."""
    if os.environ.get("LATHE_REFERENCE_BOOTSTRAPPED"):
        sys.exit("generate.py: still missing pinned packages after installing them: "
                 + ", ".join(missing_pins()))
    python = venv_python()
    if not python.exists():
        print(f"generate.py: creating {VENV.relative_to(ROOT)}", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    print(f"generate.py: installing {REQUIREMENTS.relative_to(ROOT)} into {VENV.relative_to(ROOT)}",
          file=sys.stderr)
    subprocess.run([str(python), "-m", "pip", "install", "--disable-pip-version-check", "-q",
                    "-r", str(REQUIREMENTS)], check=True)
    env = dict(os.environ, LATHE_REFERENCE_BOOTSTRAPPED="1")
    os.execve(str(python), [str(python), str(Path(__file__).resolve())] + sys.argv[1:], env)


def main():
    wrong = missing_pins()
    if wrong:
        print("generate.py: this interpreter lacks " + ", ".join(wrong), file=sys.stderr)
        bootstrap()

    sys.path.insert(0, str(HERE))
    import numpy
    import pandas
    import scipy
    import sklearn

    import ref_column_functions
    import ref_data
    import ref_dates
    import ref_examples
    import ref_groupby
    import ref_join
    import ref_ml_metric_functions
    import ref_ml_metrics
    import ref_ml_explanations
    import ref_ml_shap
    import ref_ml_models
    import ref_ml_sparse_linear
    import ref_ml_weights
    import ref_numeric
    import ref_reshape
    import ref_sort
    import ref_strings
    import refjson

    header = {
        "generator": "tools/reference/generate.py",
        "versions": {"numpy": numpy.__version__, "pandas": pandas.__version__,
                     "scipy": scipy.__version__, "scikit-learn": sklearn.__version__},
    }
    written = []
    written += ref_examples.generate(ROOT, refjson, header)
    written += ref_numeric.generate(FIXTURES, refjson, header)
    written += ref_data.generate(FIXTURES, ROOT, refjson, header)
    written += ref_dates.generate(FIXTURES, refjson, header)
    written += ref_groupby.generate(FIXTURES, refjson, header)
    written += ref_join.generate(FIXTURES, refjson, header)
    written += ref_sort.generate(FIXTURES, refjson, header)
    written += ref_column_functions.generate(FIXTURES, refjson, header)
    written += ref_strings.generate(FIXTURES, refjson, header)
    written += ref_reshape.generate(FIXTURES, refjson, header)
    written += ref_ml_metrics.generate(FIXTURES, refjson, header)
    written += ref_ml_metric_functions.generate(FIXTURES, refjson, header)
    written += ref_ml_models.generate(FIXTURES, refjson, header)
    written += ref_ml_explanations.generate(FIXTURES, refjson, header)
    written += ref_ml_sparse_linear.generate(FIXTURES, refjson, header)
    written += ref_ml_shap.generate(FIXTURES, refjson, header)
    written += ref_ml_weights.generate(FIXTURES, refjson, header)
    # Evidently pins pandas < 3, so its fixtures come from another interpreter (see ref_monitor.py).
    monitor_python = os.environ.get("LATHE_MONITOR_PYTHON")
    if monitor_python:
        subprocess.run([monitor_python, str(HERE / "ref_monitor.py")], check=True)
        written += sorted((FIXTURES / "monitor").glob("*.json"))
    else:
        print("generate.py: skipping Tests/Fixtures/monitor (set LATHE_MONITOR_PYTHON to an interpreter with "
              "tools/reference/requirements-monitor.txt)", file=sys.stderr)
    for path in written:
        size = path.stat().st_size
        # Model fixtures carry whole datasets (breast_cancer alone is ~140 KB); they get 200 KB.
        limit = 200_000 if path.name.startswith("models_") else 100_000
        if size > limit:
            sys.exit(f"generate.py: {path.relative_to(ROOT)} is {size} bytes; fixtures stay under {limit // 1000} KB")
        print(f"wrote {path.relative_to(ROOT)} ({size} bytes)")


if __name__ == "__main__":
    main()
