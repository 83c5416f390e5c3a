"""JSON output for the reference fixtures.

Every float is written with Python's repr(float): the shortest text that reads
back as exactly the same IEEE-754 double (at most 17 significant digits), so a
correctly rounding parser recovers the value bit for bit. JSON has no NaN or
infinity, so those are written as the strings "NaN", "Infinity" and
"-Infinity" (what Swift's JSONDecoder accepts with
`.convertFromString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")`).
A missing value (pandas NA/NaN in a data cell) is written as null.

Lists of scalars are kept on one line so the files stay short and diff well.
"""

import json
import math
from pathlib import Path


def scalar(value):
    """Converts numpy scalars and non-finite floats to JSON-ready values."""
    # numpy scalars, without importing numpy here
    if hasattr(value, "item") and not isinstance(value, (list, tuple, dict, str, bytes)):
        try:
            value = value.item()
        except (TypeError, ValueError):
            pass
    if isinstance(value, bool) or value is None or isinstance(value, (int, str)):
        return value
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        return value
    raise TypeError(f"cannot write {type(value).__name__} {value!r} to a fixture")


def _encode(obj, indent, level):
    pad = " " * (indent * level)
    inner = " " * (indent * (level + 1))
    if isinstance(obj, dict):
        if not obj:
            return "{}"
        items = [f"{inner}{json.dumps(str(k), ensure_ascii=False)}: {_encode(v, indent, level + 1)}"
                 for k, v in obj.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(obj, (list, tuple)):
        if all(not isinstance(v, (dict, list, tuple)) for v in obj):
            return "[" + ", ".join(_encode(v, indent, level + 1) for v in obj) + "]"
        items = [inner + _encode(v, indent, level + 1) for v in obj]
        return "[\n" + ",\n".join(items) + "\n" + pad + "]"
    return json.dumps(scalar(obj), ensure_ascii=False, allow_nan=False)


def dumps(obj):
    return _encode(obj, 1, 0) + "\n"


def write(path, obj):
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = dumps(obj)
    json.loads(text)  # sanity: valid JSON
    path.write_text(text, encoding="utf-8")
    return path
