"""JSON text exactly as `json.dumps(value, ensure_ascii=False, indent=2)` writes it, but fast.

The standard library indents in pure Python (its C encoder only writes compact JSON), and for a
national run that took a third of the wall time. orjson writes the same bytes for the values our
documents hold — strings, integers, booleans, None, lists and str-keyed objects; there are no
floats in them, which `tests/test_json_text.py` checks on real reports because orjson spells small
floats differently (`0.00001`, not `1e-05`). Whatever orjson refuses (an integer beyond 64 bits, a
lone surrogate from a file name that is not UTF-8) falls back to the standard library, so the text
never depends on which encoder ran.

A document may hold dataclass instances (a report's evidence and locations): both encoders write
one as an object of its fields, in the order they are declared.

orjson makes UTF-8 bytes. A report bound for a file or a pipe takes them as they are
(`indented_json_bytes`): decoding a national report's 18 MB to `str` only to encode it again on
writing took longer than orjson took to write it.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import orjson

# Two-space indentation, and the final newline written by orjson itself: adding it afterwards
# would copy the whole text once more.
_OPTIONS = orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE


def indented_json(document: Any) -> str:
    """`document` as two-space indented JSON text with non-ASCII kept, ending in a newline."""
    try:
        return orjson.dumps(document, option=_OPTIONS).decode("utf-8")
    except (orjson.JSONEncodeError, UnicodeDecodeError):
        return _standard(document)


def indented_json_bytes(document: Any) -> bytes:
    """`indented_json(document)` encoded as UTF-8, without making the text first.

    Raises `UnicodeEncodeError`, as encoding the text would, when a string holds a lone
    surrogate (a file name that is not UTF-8): such text has no UTF-8 bytes.
    """
    try:
        return orjson.dumps(document, option=_OPTIONS)
    except orjson.JSONEncodeError:
        return _standard(document).encode("utf-8")


def _standard(document: Any) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2, default=_fields) + "\n"


def _fields(value: Any) -> dict[str, Any]:
    """A dataclass instance as orjson writes it: its fields, in order, by name."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {field.name: getattr(value, field.name) for field in dataclasses.fields(value)}
    raise TypeError(f"{type(value).__name__} is not a JSON value")
