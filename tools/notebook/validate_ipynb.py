#!/usr/bin/env python3
"""Validates .ipynb files that `lathe notebook --ipynb` wrote against Jupyter's schema.

Usage: tools/notebook/validate_ipynb.py NOTEBOOK.ipynb...

Uses the `nbformat` package pinned in tools/notebook/requirements.txt. When this
interpreter lacks it, the script creates (or reuses) the virtual environment
.bench/venv-nbformat, installs the pin there with pip, and re-runs itself with that
interpreter, as tools/reference/generate.py does. `make notebook-check` runs it on the
example notebook. Exit status: 0 valid, 1 invalid, 64 usage.
"""

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
VENV = ROOT / ".bench" / "venv-nbformat"
REQUIREMENTS = HERE / "requirements.txt"


def bootstrap():
    """Re-runs this script inside the venv with nbformat installed. Never returns."""
    if os.environ.get("LATHE_NBFORMAT_BOOTSTRAPPED"):
        sys.exit("validate_ipynb.py: nbformat is still missing after installing it")
    python = VENV / "bin" / "python"
    if not python.exists():
        print(f"validate_ipynb.py: creating {VENV.relative_to(ROOT)}", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--disable-pip-version-check", "-q",
                        "-r", str(REQUIREMENTS)], check=True)
    env = dict(os.environ, LATHE_NBFORMAT_BOOTSTRAPPED="1")
    os.execve(str(python), [str(python), str(Path(__file__).resolve())] + sys.argv[1:], env)


def main():
    if len(sys.argv) < 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 64
    try:
        import nbformat
    except ImportError:
        bootstrap()
    failed = 0
    for path in sys.argv[1:]:
        try:
            notebook = nbformat.read(path, as_version=nbformat.NO_CONVERT)
            nbformat.validate(notebook)
        except Exception as error:  # nbformat raises ValidationError, JSON errors, OSError
            print(f"{path}: invalid: {error}", file=sys.stderr)
            failed += 1
            continue
        if notebook.nbformat != 4:
            print(f"{path}: nbformat {notebook.nbformat}, expected 4", file=sys.stderr)
            failed += 1
            continue
        code = [cell for cell in notebook.cells if cell.cell_type == "code"]
        outputs = sum(len(cell.outputs) for cell in code)
        kernel = notebook.metadata.get("kernelspec", {}).get("name")
        print(f"{path}: valid nbformat {notebook.nbformat}.{notebook.nbformat_minor}, "
              f"{len(notebook.cells)} cells ({len(code)} code, {outputs} outputs), kernel {kernel}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
