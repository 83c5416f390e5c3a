"""Tests/Fixtures/data/: tricky CSV files with what pandas makes of them, and
pandas describe() of iris and of a mixed-type CSV."""

import re
import shutil

import numpy as np
import pandas as pd

# Each case: file name, exact bytes, pandas.read_csv keyword arguments, what it exercises.
# The bytes are the source of truth; generate.py writes them and reads them back with pandas.
CASES = [
    ("quoted_fields.csv",
     b'id,"full name","comment, free text",score\n'
     b'1,"Smith, John","said ""hi""",3.5\n'
     b'2,Lee,"line one\nline two",4\n'
     b'3,plain,"",\n'
     b'4,"x","a,b,c",-1e3\n',
     {},
     "RFC 4180 quoting: quoted header names with a comma, embedded commas, doubled quotes, "
     "a newline inside a quoted field (row 2 spans two physical lines), a quoted empty cell "
     "and an unquoted empty cell (both missing in pandas)"),
    ("bom.csv",
     b"\xef\xbb\xbfcity,population,area\n"
     b"Oslo,709037,454.0\n"
     b"Bergen,291189,465.3\n" +
     "Troms\u00f8,77544,2521\n".encode("utf-8"),
     {},
     "UTF-8 byte order mark before the header: the first column is 'city', not '\\ufeffcity'; "
     "non-ASCII text (\u00f8)"),
    ("crlf.csv",
     b"a,b,c\r\n1,x,0.5\r\n2,\"multi\r\nline\",1.5\r\n3,z,2.5",
     {},
     "CRLF line endings, a CRLF inside a quoted field (kept as \\r\\n in the value), "
     "and no newline after the last row"),
    ("empty_lines.csv",
     b"x,y\n1,a\n\n2,b\n\n\n3,c\n,\n4,d\n\n",
     {},
     "blank lines between rows and at the end are skipped (pandas skip_blank_lines); the line ',' "
     "is not blank: it is a row of two missing cells"),
    ("mixed_types.csv",
     b"int_col,float_col,int_missing,num_and_text,bool_col,bool_missing,category,date_text,big_int\n"
     b"1,1,1,1,true,true,red,2024-01-05,9007199254740993\n"
     b"2,2.5,,2,false,,blue,2024-02-29,-9223372036854775807\n"
     b"3,3,3,three,True,false,red,2024-03-01,1\n"
     b"4,-4,NA,4,FALSE,true,green,2024-12-31,2\n"
     b"5,5e2,5,5,true,false,red,2025-01-01,3\n"
     b"6,.5,6,6,false,true,blue,2025-06-30,9223372036854775807\n",
     {},
     "type inference per column: int, float (ints, decimals, exponent, '.5'), int with missing "
     "(float64 in pandas), numbers with one word (text), booleans in three spellings, booleans "
     "with a missing cell (object in pandas), a categorical string, dates left as text, and "
     "int64 values beyond 2^53 and at the int64 limits"),
    ("na_markers.csv",
     b"num_na,num_nan_text,text_na,text_other_markers,quoted_na\n"
     b'1.5,1,a,a,"NA"\n'
     b'NA,NaN,NA,None,x\n'
     b'3.5,nan,b,#N/A,"NA"\n'
     b'null,4,null,<NA>,y\n'
     b',N/A,,none,""\n'
     b'6.5,n/a,c,NULL,z\n',
     {},
     "missing-value markers: empty, NA and null (the ones Lathe's issue names) and pandas' longer "
     "default list (NaN, nan, N/A, n/a, None, #N/A, <NA>, NULL); 'none' in lower case is NOT missing "
     "in pandas; a quoted \"NA\" is still missing in pandas"),
    ("all_missing.csv",
     b'id,empty,na_only,quoted_empty,label\n'
     b'1,,NA,"",a\n'
     b'2,,NA,"",b\n'
     b'3,,NA,"",c\n',
     {},
     "columns with no value at all (empty cells, NA cells, quoted empty cells): pandas makes them "
     "float64, all missing"),
    ("numbers.csv",
     b"sci,signs,leading_zeros,decimals,specials,thousands_text\n"
     b'1e3,+1,007,5.,inf,"1,000"\n'
     b'1E-2,-0,010,.5,-inf,"2,500"\n'
     b'-2.5e+2,+0.5,0,0.1,Infinity,"10"\n'
     b'6.02e23,-.5,1,1.0,1,"3,000,000"\n',
     {},
     "number spellings: exponents (e and E, signed), leading + and -, -0, leading zeros (int), "
     "'5.' and '.5', inf/-inf/Infinity (float infinities in pandas), and quoted numbers with "
     "thousands separators (text)"),
    ("unicode.csv",
     "名前,émoji,value\n"
     "東京,🙂,1\n"
     "Zoë,👩‍🔬,2\n"
     "naïve,e\u0301,3\n".encode("utf-8"),
     {},
     "UTF-8 in names and values: CJK, emoji (one with zero-width joiners), a combining accent"),
    ("semicolon.csv",
     b'name;amount;note\n'
     b'a;1.5;x,y\n'
     b'b;2;"semi;colon"\n'
     b'c;-3;plain\n',
     {"sep": ";"},
     "delimiter ';' (read with delimiter: \";\"); commas are plain text, a quoted ';' is kept"),
    ("tabs.tsv",
     b"id\tname\tscore\n1\tone\t0.5\n2\ttwo words\t1.5\n3\t\"quoted\ttab\"\t2.5\n",
     {"sep": "\t"},
     "tab-separated (read with delimiter: \"\\t\"), a space inside a value, a quoted tab"),
    ("latin1.csv",
     "name,city,score\nJos\u00e9,Z\u00fcrich,1\nFran\u00e7oise,K\u00f8benhavn,2\n".encode("latin-1"),
     {"encoding": "latin-1"},
     "ISO-8859-1 bytes (read with encoding: \"latin-1\"); read as UTF-8 it is invalid"),
    ("header_only.csv",
     b"a,b,c\n",
     {},
     "a header and no rows: shape [0, 3]"),
    ("bare_cr.csv",
     b"a,b,c\r1,x,0.5\r2,\"multi\rline\",1.5\r\r3,z,2.5\r\n4,w,3.5\n5,v,4.5\r",
     {},
     "bare CR line endings (old Mac files) are row breaks, as in pandas and Python's csv module; "
     "CRLF and LF lines mixed in; a blank CR line; a CR inside a quoted field is data"),
    ("whitespace_lines.csv",
     b"  \nx,y\n1,a\n   \n2,b\n\t\n \t \n3,c\n",
     {},
     "lines of only spaces and tabs (before the header, between rows) are skipped like blank lines"),
    ("big_integers.csv",
     b"id,big,huge_negative,uint64_max,mixed,min_int64\n"
     b"1,99999999999999999999,-9223372036854775809,18446744073709551615,1.5,-9223372036854775808\n"
     b"2,3,4,5,123456789012345678901234567890,1\n"
     b"3,,7,8,2.5,2\n",
     {},
     "integers too large for int64 keep their digits (pandas: object of Python ints, or uint64 up "
     "to 2^64-1; Lathe: text); beside a decimal the column is text in pandas too; int64's own "
     "limit stays int64"),
    ("pandas_na_values.csv",
     b"n,t\n1,a\nNone,None\nn/a,n/a\n#N/A,#N/A\n<NA>,<NA>\n#NA,-nan\n-1.#IND,1.#QNAN\n#N/A N/A,b\n7,none\n",
     {},
     "every one of pandas' default na_values is missing (None, n/a, #N/A, <NA>, #NA, -1.#IND, "
     "1.#QNAN, #N/A N/A, -nan); 'none' in lower case is text"),
]

# Files a CSV reader should reject (Lathe's issue: ragged rows, unterminated
# quotes, invalid UTF-8, a bad typed cell). pandas' own outcome is recorded too;
# it does not reject all of them. Lines and fields are 1-based; line counts
# physical lines of the file, the header being line 1.
BAD_CASES = [
    ("ragged_long.csv",
     b"a,b,c\n1,2,3\n4,5,6,7\n8,9,10\n",
     {},
     {"kind": "ragged row", "line": 3, "field": 4, "expected_fields": 3, "found_fields": 4},
     "a row with more fields than the header"),
    ("ragged_short.csv",
     b"a,b,c\n1,2,3\n4,5\n8,9,10\n",
     {},
     {"kind": "ragged row", "line": 3, "field": 3, "expected_fields": 3, "found_fields": 2},
     "a row with fewer fields than the header (pandas pads it with missing values, no error)"),
    ("unterminated_quote.csv",
     b'a,b\n1,"open\n2,x\n3,y\n',
     {},
     {"kind": "unterminated quote", "line": 2, "field": 2},
     "a quote opened on line 2 and never closed"),
    ("invalid_utf8.csv",
     b"name,value\nok,1\nbad\xff\xfeend,2\n",
     {},
     {"kind": "invalid UTF-8", "line": 3, "field": 1, "byte_offset": 19},
     "bytes 0xFF 0xFE inside a field on line 3 (0-based byte offset 19 of the file)"),
    ("bad_typed_cell.csv",
     b"name,age\nann,31\nbob,forty\ncid,27\n",
     {"dtype": {"age": "int64"}},
     {"kind": "bad typed cell", "line": 3, "field": 2, "column": "age", "expected": "int64", "text": "forty"},
     "column age declared int64 (types: {age: \"int\"}) but line 3 has 'forty'"),
    ("duplicate_header.csv",
     b"a,b,a\n1,2,3\n",
     {},
     {"kind": "duplicate column name", "line": 1, "field": 3, "column": "a"},
     "the header names 'a' twice (pandas renames the second to 'a.1'; a reader may reject it)"),
]

INT_TEXT = re.compile(r"^\s*[+-]?\d+\s*$")


def kind_of(col):
    """A pandas column -> the Lathe column kind it corresponds to. An object column
    whose present values are all booleans (pandas' bool with missing) is "bool"."""
    dtype = col.dtype
    if pd.api.types.is_bool_dtype(dtype):
        return "bool"
    present = col.dropna()
    if dtype == object and len(present) and all(isinstance(v, (bool, np.bool_)) for v in present):
        return "bool"
    if pd.api.types.is_integer_dtype(dtype):
        return "int64"
    if pd.api.types.is_float_dtype(dtype):
        return "float64"
    return "string"


def cell(value):
    """A pandas cell as JSON: missing -> null, numpy scalars -> Python."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and np.isnan(value):
        return None
    if hasattr(value, "item"):
        value = value.item()
        if isinstance(value, float) and np.isnan(value):
            return None
    return value


def raw_cells(path, options):
    """The cell text as written, with pandas' NA handling off (for all_int_text)."""
    opts = {k: v for k, v in options.items() if k != "dtype"}
    return pd.read_csv(path, dtype=str, keep_default_na=False, **opts)


def describe_frame(path, options, rows=5):
    df = pd.read_csv(path, **options)
    raw = raw_cells(path, options)
    columns = []
    for name in df.columns:
        col = df[name]
        missing = col.isna()
        texts = [t for t, m in zip(raw[name].tolist(), missing.tolist()) if not m]
        columns.append({
            "name": str(name),
            "pandas_dtype": str(col.dtype),
            "kind": kind_of(col),
            "missing": int(missing.sum()),
            "all_int_text": bool(texts) and all(INT_TEXT.match(t) for t in texts),
        })
    return {
        "shape": [int(df.shape[0]), int(df.shape[1])],
        "columns": columns,
        "first_rows": [[cell(v) for v in row] for row in df.head(rows).itertuples(index=False, name=None)],
    }


def pandas_outcome(path, options):
    try:
        return {"error": None, **describe_frame(path, options)}
    except Exception as e:  # record what pandas says, whatever it is
        message = str(e).strip().splitlines()[0] if str(e).strip() else ""
        return {"error": f"{type(e).__name__}: {message}"}


def write_cases(csv_dir, refjson, header):
    written = []
    if csv_dir.exists():
        shutil.rmtree(csv_dir)
    (csv_dir / "bad").mkdir(parents=True)
    for name, data, options, about in CASES:
        path = csv_dir / name
        path.write_bytes(data)
        result = pandas_outcome(path, options)
        assert result["error"] is None, (name, result["error"])
        del result["error"]
        record = dict(header)
        record.update({"file": name, "about": about, "read_options": options})
        record.update(result)
        written += [path, refjson.write(csv_dir / (name.rsplit(".", 1)[0] + ".pandas.json"), record)]
    for name, data, options, fault, about in BAD_CASES:
        path = csv_dir / "bad" / name
        path.write_bytes(data)
        if "byte_offset" in fault:
            assert data.index(b"\xff") == fault["byte_offset"], name
        record = dict(header)
        record.update({"file": "bad/" + name, "about": about, "read_options": options,
                       "fault": fault, "pandas": pandas_outcome(path, options)})
        written += [path, refjson.write(csv_dir / "bad" / (name.rsplit(".", 1)[0] + ".pandas.json"), record)]
    return written


def describe_json(df):
    """pandas describe(include='all') as {stat order, per-column stats}; absent stats are null."""
    d = df.describe(include="all")
    stats = [str(s) for s in d.index]
    columns = []
    for name in d.columns:
        values = {}
        for stat in stats:
            values[stat] = cell(d.at[stat, name])
        columns.append({"name": str(name), "pandas_dtype": str(df[name].dtype), "stats": values})
    return {"stats": stats, "columns": columns}


def value_counts_json(series):
    counts = series.value_counts(dropna=True)
    return [[cell(k), int(v)] for k, v in counts.items()]


def write_describes(data_dir, root, refjson, header):
    out = []
    iris = pd.read_csv(root / "examples" / "data" / "iris.csv")
    record = dict(header)
    record.update({
        "file": "examples/data/iris.csv",
        "about": "pandas.read_csv(file).describe(include='all'). std is ddof=1; 25%/50%/75% are "
                 "linear quantiles. For a string column: count, unique, top (most frequent; pandas "
                 "breaks the three-way tie in species by first appearance) and freq; the numeric "
                 "stats are null there, and unique/top/freq are null for numeric columns.",
        "shape": list(iris.shape),
    })
    record.update(describe_json(iris))
    record["value_counts"] = {"species": value_counts_json(iris["species"])}
    out.append(refjson.write(data_dir / "describe_iris.json", record))

    mixed_path = data_dir / "csv" / "mixed_types.csv"
    # big_int is left out: its int64 values near the limits make mean/std/quantiles
    # depend on int-to-float rounding order, which is not what this fixture tests.
    mixed = pd.read_csv(mixed_path).drop(columns=["big_int"])
    record = dict(header)
    record.update({
        "file": "Tests/Fixtures/data/csv/mixed_types.csv",
        "about": "pandas.read_csv(file).drop(columns=['big_int']).describe(include='all') of a frame with int, float, "
                 "missing, text, bool and bool-with-missing columns. Missing cells are skipped "
                 "(count excludes them). A bool column is described like a string column "
                 "(unique/top/freq). The column big_int is left out.",
        "shape": list(mixed.shape),
    })
    record.update(describe_json(mixed))
    out.append(refjson.write(data_dir / "describe_mixed_types.json", record))
    return out


def generate(fixtures, root, refjson, header):
    data_dir = fixtures / "data"
    written = write_cases(data_dir / "csv", refjson, header)
    written += write_describes(data_dir, root, refjson, header)
    return written
