"""JSON text exactly as `json.dumps(value, ensure_ascii=False, indent=2)` writes it, but fast.

The standard library indents in pure Python (its C encoder only writes compact JSON), and for a
national run that took a third of the wall time. orjson writes the same bytes for the values our
documents hold — strings, integers, booleans, None, lists and str-keyed objects; there are no
floats in them, which `tests/test_json_text.py` checks on real reports because orjson spells small
floats differently (`0.00001`, not `1e-05`). Whatever orjson refuses (an integer beyond 64 bits, a
lone surrogate from a YAML escape) falls back to the standard library, so the text never depends
on which encoder ran.

A document may hold dataclass instances (a report's evidence and locations): both encoders write
one as an object of its fields, in the order they are declared.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import orjson


def indented_json(document: Any) -> str:
    """`document` as two-space indented JSON text with non-ASCII kept, ending in a newline."""
    try:
        text = orjson.dumps(document, option=orjson.OPT_INDENT_2).decode("utf-8")
    except (orjson.JSONEncodeError, UnicodeDecodeError):
        text = json.dumps(document, ensure_ascii=False, indent=2, default=_fields)
    return text + "\n"


def _fields(value: Any) -> dict[str, Any]:
    """A dataclass instance as orjson writes it: its fields, in order, by name."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {field.name: getattr(value, field.name) for field in dataclasses.fields(value)}
    raise TypeError(f"{type(value).__name__} is not a JSON value")
