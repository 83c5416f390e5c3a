# Generates the wrangling section's input CSVs into .bench/data/ once (seeded), then reuses them.
# Arguments: the sizes wanted, "1m" and/or "10m".
import sys

import wrangle_common


def main():
    wrangle_common.emit({"inputs": wrangle_common.ensure_inputs(sys.argv[1:] or ["1m"])})


main()
