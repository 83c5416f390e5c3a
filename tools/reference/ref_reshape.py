"""Tests/Fixtures/data/reshape/: small CSVs with missing values in every column type and what
pandas gives for Lathe's reshaping and missing-value verbs:

  concat       pd.concat([a, b]) (b's columns in another order, an int column meeting a float one)
  distinct     drop_duplicates(subset=, keep="first")
  pivot        pivot_table(index=, columns=, values=, aggfunc=) (its default dropna=True)
  melt         melt(id_vars=, value_vars=, var_name=, value_name=)
  fill         ffill(), bfill(), fillna(value), fillna(mean()/median()/mode()[0])
  drop         dropna(how=, subset=)
  missing      isna().sum() per column (the row Lathe's describe adds)
  cast         astype() between int64, float64 and str
  value_counts value_counts(normalize=True)

Frames are written as {"columns": names, "rows": [[cell, ...], ...]} with null for a missing
cell. Run standalone (`python3 tools/reference/ref_reshape.py`) or through generate.py.
"""

import sys
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import refjson  # noqa: E402

SALES = (
    "store,month,product,units,price,city,promo\n"
    "s1,jan,tea,3,2.5,paris,true\n"
    "s1,feb,tea,,2.75,paris,false\n"
    "s2,jan,coffee,5,4.0,,true\n"
    "s2,jan,tea,1,,lyon,\n"
    "s1,jan,coffee,2,3.5,paris,false\n"
    "s3,mar,tea,7,2.5,nice,true\n"
    "s2,feb,coffee,,4.25,lyon,false\n"
    ",feb,tea,4,2.0,nice,true\n"
    "s3,,coffee,6,3.0,,false\n"
    "s1,feb,tea,,2.75,paris,false\n"
    "s2,mar,coffee,8,,lyon,\n"
    "s3,mar,tea,7,2.5,nice,true\n"
)

# b has a's columns in another order; its units are floats.
PART_B = (
    "promo,city,price,units,product,month,store\n"
    "true,nice,1.5,2.5,tea,apr,s4\n"
    ",,2.0,,coffee,apr,s1\n"
)

WIDE = (
    "id,name,q1,q2,q3\n"
    "1,ana,10,1.5,7\n"
    "2,bo,,2.5,8\n"
    "3,,30,,9\n"
)

PIVOTS = [
    (["store"], "month", "units", "mean"),
    (["store"], "month", "units", "sum"),
    (["store"], "month", "units", "count"),
    (["store"], "month", "price", "max"),
    (["store", "product"], "month", "price", "median"),
    (["month"], "product", "units", "first"),
    (["product"], "store", "price", "min"),
]

MELTS = [
    (["id"], ["q1", "q3"], "variable", "value"),
    (["id", "name"], None, "question", "score"),
    ([], ["q1", "q2"], "variable", "value"),
]

DISTINCTS = [None, ["store"], ["city"], ["store", "month"], ["promo"]]

FILLS = [
    ("units", "forward", None),
    ("units", "backward", None),
    ("price", "mean", None),
    ("price", "median", None),
    ("units", "mode", None),
    ("city", "mode", None),
    ("city", "forward", None),
    ("city", "value", "unknown"),
    ("price", "value", 0.0),
    ("units", "value", 0),
    ("units", "value", 1.5),
    ("promo", "value", False),
]

DROPS = [("any", None), ("all", None), ("any", ["units"]), ("all", ["units", "price"]), ("any", ["city", "promo"])]

CASTS = [("price", "int64"), ("units", "float64"), ("units", "string"), ("price", "string")]


def cell(value):
    if value is None or (isinstance(value, float) and value != value):
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    return refjson.scalar(value)


def frame(df):
    return {"columns": [str(c) for c in df.columns],
            "rows": [[cell(v) for v in row] for row in df.itertuples(index=False, name=None)]}


def column(series):
    return [cell(v) for v in series.tolist()]


def fill(df, name, strategy, value):
    s = df[name]
    if strategy == "forward":
        return s.ffill()
    if strategy == "backward":
        return s.bfill()
    if strategy == "mean":
        return s.fillna(s.mean())
    if strategy == "median":
        return s.fillna(s.median())
    if strategy == "mode":
        return s.fillna(s.mode().iloc[0])
    return s.fillna(value)


def cast(series, kind):
    """pandas' astype on the present cells; missing cells stay missing (as Lathe)."""
    if series.name == "units":
        series = series.astype("Int64")  # Lathe reads units as int64 with missing cells
    present = series.dropna()
    if kind == "string":
        converted = present.astype(str)
    else:
        converted = present.astype(kind)
    return [cell(converted[i]) if i in converted.index else None for i in series.index]


def generate(fixtures, refjson_module=refjson, header=None):
    out_dir = Path(fixtures) / "data" / "reshape"
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in [("sales.csv", SALES), ("sales_b.csv", PART_B), ("wide.csv", WIDE)]:
        path = out_dir / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    sales = pd.read_csv(out_dir / "sales.csv")
    part_b = pd.read_csv(out_dir / "sales_b.csv")
    wide = pd.read_csv(out_dir / "wide.csv")

    pivots = []
    for index, columns, values, agg in PIVOTS:
        table = sales.pivot_table(index=index, columns=columns, values=values, aggfunc=agg).reset_index()
        table.columns = [str(c) for c in table.columns]
        pivots.append({"index": index, "columns": columns, "values": values, "agg": agg, "result": frame(table)})

    melts = []
    for ids, values, var_name, value_name in MELTS:
        long = wide.melt(id_vars=ids, value_vars=values, var_name=var_name, value_name=value_name)
        melts.append({"id_vars": ids, "value_vars": values, "var_name": var_name, "value_name": value_name,
                      "result": frame(long)})

    distincts = [{"columns": subset, "rows": [int(i) for i in sales.drop_duplicates(subset=subset, keep="first").index]}
                 for subset in DISTINCTS]

    fills = [{"column": name, "strategy": strategy, "value": value, "result": column(fill(sales, name, strategy, value))}
             for name, strategy, value in FILLS]

    drops = [{"how": how, "columns": subset, "rows": [int(i) for i in sales.dropna(how=how, subset=subset).index]}
             for how, subset in DROPS]

    casts = [{"column": name, "type": kind, "result": cast(sales[name], kind)} for name, kind in CASTS]

    counts = sales["city"].value_counts(normalize=True)
    record = {
        "source": header or f"pandas {pd.__version__}",
        "concat": frame(pd.concat([sales, part_b], ignore_index=True)),
        "pivots": pivots,
        "melts": melts,
        "distincts": distincts,
        "fills": fills,
        "drops": drops,
        "missing": {str(k): int(v) for k, v in sales.isna().sum().items()},
        "casts": casts,
        "value_counts": {"city": [[str(k), refjson.scalar(float(v))] for k, v in counts.items()]},
    }
    paths.append(refjson_module.write(out_dir / "reshape_cases.json", record))
    return paths


if __name__ == "__main__":
    root = HERE.parent.parent
    for path in generate(root / "Tests" / "Fixtures"):
        print(path.relative_to(root))
