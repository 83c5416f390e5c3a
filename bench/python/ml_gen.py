# Generates the ML section's input CSVs into .bench/data/ once (seeded), then reuses them.
import ml_common


def main():
    ml_common.emit({"inputs": ml_common.ensure_inputs()})


main()
