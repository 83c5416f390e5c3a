# Generates the data benchmarks' input CSVs into .bench/data/ once (seeded), then reuses them.
import data_common


def main():
    data_common.emit({"inputs": data_common.ensure_inputs()})


main()
