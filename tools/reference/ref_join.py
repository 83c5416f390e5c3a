"""Tests/Fixtures/data/join/: three small CSVs with repeated and missing keys, and what
pandas' merge makes of them, for Lathe's `join`.

Each case is one join: `how` (inner, left, right, outer as pandas' merge; semi as the left
rows with a match, anti as pandas' how="left_anti" cut to the left columns, both once per
left row), the keys (`on`, or `left_on` and `right_on`) and `suffixes`. The expected frame
lists the result's column names in order and each column's cells, missing as null.
pandas matches a missing key with a missing key; so does Lathe. Run standalone
(`python3 tools/reference/ref_join.py`) or through generate.py.
"""

import sys
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import refjson  # noqa: E402

CUSTOMERS = (
    "id,name,city,score\n"
    "2,ana,oslo,3.5\n"
    "1,bo,rome,\n"
    "3,cy,,1.0\n"
    ",dee,oslo,2.0\n"
    "5,eve,lima,4.0\n"
    "2,bob,paris,0.5\n"
)

ORDERS = (
    "order,id,amount,city\n"
    "o1,2,10.0,rome\n"
    "o2,1,5.5,oslo\n"
    "o3,9,1.0,x\n"
    "o4,2,7.25,\n"
    "o5,,3.0,oslo\n"
    "o6,5,,lima\n"
    "o7,0,1.0,y\n"
)

REGIONS = (
    "town,country,id\n"
    "rome,it,1\n"
    "oslo,no,2\n"
    ",none,3\n"
    "bergen,no,4\n"
    "oslo,no,5\n"
)

CASES = (
    [{"how": how, "on": ["id"]} for how in ("inner", "left", "right", "outer", "semi", "anti")]
    + [{"how": how, "on": ["id", "city"]} for how in ("inner", "left", "right", "outer", "anti")]
    + [{"how": how, "left_on": ["city"], "right_on": ["town"], "right": "regions.csv"}
       for how in ("inner", "left", "right", "outer", "semi")]
    + [{"how": "inner", "on": ["id"], "suffixes": ["_l", "_r"]}]
)


def cell(value):
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return None
    value = refjson.scalar(value)
    # pandas turns int columns with missing cells into floats; whole floats go back to ints.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def expected(left, right, case):
    how = case["how"]
    keys = {"on": case["on"]} if "on" in case else {"left_on": case["left_on"], "right_on": case["right_on"]}
    suffixes = tuple(case.get("suffixes", ["_x", "_y"]))
    if how in ("semi", "anti"):
        marked = left.assign(_row=range(len(left)))
        matched = pd.merge(marked, right, how="inner", suffixes=suffixes, **keys)["_row"]
        result = left[marked["_row"].isin(matched) == (how == "semi")]
        if how == "anti":
            # pandas 3's own anti join keeps the right columns, all missing; Lathe's does not.
            anti = pd.merge(left, right, how="left_anti", suffixes=suffixes, **keys)
            assert len(anti) == len(result), (case, anti, result)
    else:
        result = pd.merge(left, right, how=how, suffixes=suffixes, **keys)
    return {"columns": list(result.columns),
            "data": {name: [cell(v) for v in result[name]] for name in result.columns}}


def generate(fixtures, refjson_module=refjson, header=None):
    out_dir = Path(fixtures) / "data" / "join"
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    frames = {}
    for name, text in (("customers.csv", CUSTOMERS), ("orders.csv", ORDERS), ("regions.csv", REGIONS)):
        path = out_dir / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
        frames[name] = pd.read_csv(path)
    cases = []
    for case in CASES:
        right = case.get("right", "orders.csv")
        record = dict(case, left="customers.csv", right=right)
        record["expected"] = expected(frames["customers.csv"], frames[right], case)
        cases.append(record)
    record = {"source": header or f"pandas {pd.__version__}", "cases": cases}
    written.append(refjson_module.write(out_dir / "join_cases.json", record))
    return written


if __name__ == "__main__":
    root = HERE.parent.parent
    for path in generate(root / "Tests" / "Fixtures"):
        print(path.relative_to(root))
