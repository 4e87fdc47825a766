"""Reports that name a file whose name is not UTF-8.

On Linux and macOS a file name is bytes; Python reads a name that is not valid UTF-8 with each
byte it cannot decode as a lone surrogate (PEP 383: `org\\xff.yaml` becomes `"org\\udcff.yaml"`).
The report names its data files, so such a name reaches its text, and a lone surrogate has no
UTF-8 bytes: no report file can hold it as it is. `shown_surrogates` gives a copy of the report
where each lone surrogate is written as its escape, `\\udcff`, as the JUnit report writes every
character XML cannot hold; `render_report_bytes` renders that copy when the report's own text
cannot be encoded, so every format names the file the same way, and a report without such a
name is never copied.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any, TypeVar

from compliance.findings import Report

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")

_T = TypeVar("_T")


def shown_surrogates(report: Report) -> Report:
    """`report` with every lone surrogate in its text written as `\\uXXXX`."""
    return _shown(report)


def _shown(value: _T) -> _T:
    shown: Any = value
    # `type(...) is str`: a StrEnum (an outcome, a severity) is a str too, and stays itself.
    if isinstance(value, str) and type(value) is str:
        shown = _LONE_SURROGATE.sub(lambda match: f"\\u{ord(match.group()):04x}", value)
    elif isinstance(value, tuple | list) and type(value) in (tuple, list):
        shown = type(value)(_shown(item) for item in value)
    elif isinstance(value, dict) and type(value) is dict:
        shown = {_shown(key): _shown(item) for key, item in value.items()}
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            field.name: _shown(getattr(value, field.name))
            for field in dataclasses.fields(value)
            if field.init
        }
        shown = dataclasses.replace(value, **changes)
    return shown  # type: ignore[no-any-return]
