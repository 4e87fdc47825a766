"""A table as read from its file, before any cell is checked: header, text cells, row numbers.

The CSV and XLSX readers both produce a `RawTable`, so that everything after reading —
matching the header to the data model, typing the columns, wording the problems — is one
code path for both formats.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import polars as pl


@dataclass(frozen=True)
class Ragged:
    """Rows whose number of cells differs from the header's: the first few, and how many."""

    rows: list[tuple[int, int]] = field(default_factory=list)  # (row, cells)
    total: int = 0


@dataclass
class RawTable:
    header: list[str]  # the header row's cells, stripped; "" for an empty cell
    # The data rows as text, one column per header cell in file order (named by polars, so
    # a repeated header name does not clash); blank rows may still be in it.
    frame: pl.DataFrame
    rows: pl.Series  # the file row number (1-based; the header is row 1) of each frame row
    encoding: str | None
    separator: str | None
    ragged: Ragged = field(default_factory=Ragged)
    header_row: int = 1  # the file row of the header (a sheet may start lower down)
