"""Collections read from CSV and XLSX files: large registers of synpunkter, indikatorer …

`read_table` reads one file into a typed, checked `Table`; `tables.reading` describes the
steps. polars and openpyxl are imported only inside the functions that read a table, so that
`import compliance` and data written only in YAML never load them.
"""

from __future__ import annotations

from compliance.data.tables.limits import (
    DEFAULT_TABLE_LIMITS,
    MAX_TABLE_BYTES,
    MAX_TABLE_ROWS,
    TableLimits,
)
from compliance.data.tables.reading import read_table
from compliance.data.tables.table import Table, TableOptions

__all__ = [
    "DEFAULT_TABLE_LIMITS",
    "MAX_TABLE_BYTES",
    "MAX_TABLE_ROWS",
    "Table",
    "TableLimits",
    "TableOptions",
    "read_table",
]
