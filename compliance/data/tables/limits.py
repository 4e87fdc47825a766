"""The limits on one table file, in one place.

They are far above any kommun's exports (a large kommun registers tens of thousands of
synpunkter a year) and only stop files that would exhaust the memory.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_TABLE_BYTES = 2 * 1024 * 1024 * 1024
MAX_TABLE_ROWS = 10_000_000
# How many bad cells of one kind are reported per column before a summary line.
MAX_CELL_ERRORS = 20


@dataclass(frozen=True)
class TableLimits:
    """The limits one read uses; tests pass smaller ones instead of writing huge files."""

    max_bytes: int = MAX_TABLE_BYTES
    max_rows: int = MAX_TABLE_ROWS
    max_cell_errors: int = MAX_CELL_ERRORS


DEFAULT_TABLE_LIMITS = TableLimits()
