"""Tests/Fixtures/data/strings/: a small CSV of messy text (mixed case, padding, missing
cells, accents, phone numbers, e-mails) and what pandas' `.str` accessor makes of its
columns, for Lathe's string functions on columns (`upper(ds.name)`, `replace(…, regex: true)`,
`split_part`, `len_chars`, `concat_str`).

Each case pairs a Lathe expression over `ds` with the pandas expression over `df` that
defines its expected values (null where pandas gives a missing value). Regex replacements
name groups as `$1` in Lathe (ICU, as Polars) and `\\1` in Python; the cases give both.
Run standalone (`python3 tools/reference/ref_strings.py`) or through generate.py.
"""

import sys
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import refjson  # noqa: E402

CSV = (
    "name,city,code,email,phone\n"
    "Ana,  Paris ,A-12-x,ana@example.com,555-0100\n"
    "bo,lyon,B-7,bo@mail.org,(555) 0101\n"
    ",Paris,A-3-y-z,,555.0102\n"
    "Cy Young, São Paulo,C,cy@example.com,\n"
    "DEE,\tLyon\t,A--9,dee@EXAMPLE.com,+1 555 0104\n"
    "éva,paris,,eva@mail.org,555-0105\n"
    "ana,,B-7,ana@mail.org,555-0100\n"
    "Bo,Lyon,b-8,bo@example.com,555 0107\n"
)

# (Lathe expression over ds, with std/text imported as t; pandas expression over df). Lathe's trim and pandas' strip
# agree on the whitespace used here (spaces and tabs).
CASES = [
    ("t.lower(ds.name)", "df.name.str.lower()"),
    ("t.upper(ds.name)", "df.name.str.upper()"),
    ("t.trim(ds.city)", "df.city.str.strip()"),
    ("t.lower(t.trim(ds.city))", "df.city.str.strip().str.lower()"),
    ("contains(ds.name, \"a\")", "df.name.str.contains('a', regex=False)"),
    ("contains(ds.email, \"example\")", "df.email.str.contains('example', regex=False)"),
    ("contains(ds.phone, \"^[0-9]{3}[-. ][0-9]{4}$\", regex: true)",
     "df.phone.str.contains(r'^[0-9]{3}[-. ][0-9]{4}$', regex=True)"),
    ("contains(ds.code, \"-[0-9]+-\", regex: true)", "df.code.str.contains(r'-[0-9]+-', regex=True)"),
    ("t.starts_with(ds.code, \"A\")", "df.code.str.startswith('A')"),
    ("t.ends_with(ds.email, \".com\")", "df.email.str.endswith('.com')"),
    ("t.replace(ds.phone, \"-\", \"\")", "df.phone.str.replace('-', '', regex=False)"),
    ("t.replace(ds.code, \"-\", \"/\")", "df.code.str.replace('-', '/', regex=False)"),
    ("t.replace(ds.phone, \"[^0-9]\", \"\", regex: true)", "df.phone.str.replace(r'[^0-9]', '', regex=True)"),
    ("t.replace(ds.email, \"(\\\\w+)@(\\\\w+)\", \"$2:$1\", regex: true)",
     "df.email.str.replace(r'(\\w+)@(\\w+)', r'\\2:\\1', regex=True)"),
    ("t.replace(ds.code, \"[0-9]*\", \"_\", regex: true)", "df.code.str.replace(r'[0-9]*', '_', regex=True)"),
    ("t.replace(ds.city, \"^\\\\s+|\\\\s+$\", \"\", regex: true)", "df.city.str.replace(r'^\\s+|\\s+$', '', regex=True)"),
    ("t.split_part(ds.email, \"@\", 0)", "df.email.str.split('@').str[0]"),
    ("t.split_part(ds.email, \"@\", 1)", "df.email.str.split('@').str[1]"),
    ("t.split_part(ds.code, \"-\", 1)", "df.code.str.split('-').str[1]"),
    ("t.split_part(ds.code, \"-\", -1)", "df.code.str.split('-').str[-1]"),
    ("t.split_part(ds.code, \"-\", 3)", "df.code.str.split('-').str[3]"),
    ("t.len_chars(ds.name)", "df.name.str.len()"),
    ("t.len_chars(ds.city)", "df.city.str.len()"),
    ("t.concat_str([ds.name, ds.city], separator: \" \")", "df.name.str.cat(df.city, sep=' ')"),
    ("t.concat_str([ds.code, \"#\", ds.name])", "df.code + '#' + df.name"),
    ("t.concat_str([\"id-\", ds.code], separator: \"\")", "'id-' + df.code"),
]


def plain(value):
    """A pandas cell as JSON: None for missing, ints as ints, everything else as is."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return bool(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if hasattr(value, "item"):
        return value.item()
    return value


def generate(fixtures, refjson_module=refjson, header=None):
    out_dir = Path(fixtures) / "data" / "strings"
    out_dir.mkdir(parents=True, exist_ok=True)
    csv_path = out_dir / "people.csv"
    csv_path.write_text(CSV, encoding="utf-8")
    # object dtype: a missing cell stays missing through every function, tests included (as
    # in Polars); pandas 3's default str dtype would answer False for a missing cell instead.
    df = pd.read_csv(csv_path, dtype=object, keep_default_na=False, na_values=[""])
    cases = []
    for lathe, expression in CASES:
        values = eval(expression, {"df": df, "pd": pd})  # noqa: S307 - fixed expressions above
        cases.append({"lathe": lathe, "pandas": expression, "values": [plain(v) for v in values.astype(object)]})
    record = {"source": header or f"pandas {pd.__version__}", "csv": "people.csv", "cases": cases}
    return [csv_path, refjson_module.write(out_dir / "string_cases.json", record)]


if __name__ == "__main__":
    root = HERE.parent.parent
    for path in generate(root / "Tests" / "Fixtures"):
        print(path.relative_to(root))
