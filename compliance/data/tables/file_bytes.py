"""Read a table file's bytes: a regular file, under the size limit, opened only for reading.

The same checks as `data/file_reading.py` makes of YAML files, worded for tables (a missing
table is suggested a similar table name, not a YAML file).
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

from compliance.data import codes
from compliance.data.file_reading import read_regular_file, refuse
from compliance.data.tables.limits import TableLimits

TABLE_EXTENSIONS = (".csv", ".txt", ".tsv", ".xlsx", ".xlsm")


def read_table_bytes(path: Path, shown: str, limits: TableLimits) -> bytes:
    """The bytes of the regular file `path`; `shown` is its display path."""
    return read_regular_file(
        path,
        shown,
        max_bytes=limits.max_bytes,
        check_size=lambda size: check_table_size(size, shown, limits),
        kind="a table file",
        directory_help="give the CSV or Excel file itself",
        similar=_similar,
    )


def check_table_size(size: int, shown: str, limits: TableLimits) -> None:
    if size > limits.max_bytes:
        refuse(
            codes.TOO_LARGE,
            f"the table is larger than {_size(limits.max_bytes)}; it is refused",
            shown,
            "split the rows into several tables",
        )


def _size(size: int) -> str:
    for unit, factor in (("GiB", 1024**3), ("MiB", 1024**2)):
        if size >= factor and size % factor == 0:
            return f"{size // factor} {unit}"
    return f"{size:,} bytes"


def _similar(path: Path) -> str | None:
    """Help for a missing table: a table file with a similar name in the same folder."""
    try:
        names = [n for n in os.listdir(path.parent) if n.lower().endswith(TABLE_EXTENSIONS)]
    except OSError:
        return "its folder does not exist either"
    match = difflib.get_close_matches(path.name, sorted(names), n=1, cutoff=0.6)
    return f"did you mean `{match[0]}`?" if match else None
