"""Tests/Fixtures/data/sort/: a small CSV with ties, missing values in every column type,
-0.0 beside 0.0, and the row order pandas' sort_values gives it, for Lathe's `sort_by` and
`top`.

Every case sorts with kind="stable" and na_position="last" (Lathe's sort is stable and puts
missing values last in both directions); the expected `order` lists the original row
positions. `top` cases are the first n rows of such a sort, checked here to equal pandas'
nlargest/nsmallest(keep="first") where those apply (numeric keys without missing values in
the first n). Run standalone (`python3 tools/reference/ref_sort.py`) or through generate.py.
"""

import sys
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import refjson  # noqa: E402

CSV = (
    "name,team,score,age,active\n"
    "ana,red,3.5,30,true\n"
    "bo,blue,,25,false\n"
    "cy,red,3.5,,true\n"
    "dee,,1.0,41,\n"
    "eve,blue,-2.0,25,true\n"
    "fay,green,3.5,30,false\n"
    "gus,red,,19,true\n"
    "hal,blue,10.0,41,false\n"
    "ivy,,1.0,25,true\n"
    "jo,green,-0.0,33,false\n"
    "kim,Red,0.0,33,true\n"
)

SORTS = [
    (["score"], [False]),
    (["score"], [True]),
    (["team"], [False]),
    (["team"], [True]),
    (["team", "score"], [False, True]),
    (["team", "score"], [True, False]),
    (["age", "name"], [False, True]),
    (["age"], [True]),
    (["active", "name"], [False, False]),
    (["active"], [True]),
]

TOPS = [
    (3, ["score"], [True]),
    (2, ["score"], [False]),
    (4, ["age", "score"], [True, True]),
    (20, ["team"], [False]),
    (0, ["score"], [True]),
]


def order(df, by, descending):
    ordered = df.sort_values(by, ascending=[not d for d in descending], kind="stable", na_position="last")
    return [int(i) for i in ordered.index]


def generate(fixtures, refjson_module=refjson, header=None):
    out_dir = Path(fixtures) / "data" / "sort"
    out_dir.mkdir(parents=True, exist_ok=True)
    csv_path = out_dir / "scores.csv"
    csv_path.write_text(CSV, encoding="utf-8")
    df = pd.read_csv(csv_path)
    sorts = [{"by": by, "descending": d, "order": order(df, by, d)} for by, d in SORTS]
    tops = []
    for n, by, d in TOPS:
        first = order(df, by, d)[:n]
        if all(df[c].dtype.kind in "if" for c in by) and not df.loc[first, by].isna().any().any():
            pick = df.nlargest if all(d) else df.nsmallest if not any(d) else None
            if pick is not None:
                assert [int(i) for i in pick(n, by, keep="first").index] == first, (n, by, d)
        tops.append({"n": n, "by": by, "descending": d, "order": first})
    record = {"source": header or f"pandas {pd.__version__}", "csv": "scores.csv", "sorts": sorts, "tops": tops}
    return [csv_path, refjson_module.write(out_dir / "sort_cases.json", record)]


if __name__ == "__main__":
    root = HERE.parent.parent
    for path in generate(root / "Tests" / "Fixtures"):
        print(path.relative_to(root))
