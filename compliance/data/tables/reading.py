"""Read one table file into a checked, typed `Table`, or report everything wrong with it.

The steps, each in its own module: the file's bytes (`file_bytes`); its records as text
(`csv_reading` or `xlsx_reading`, both giving a `RawTable`); the header matched to the data
model (`header`); the columns typed (`casting`); the bad cells worded (`cell_problems`).
A problem with the file or its rows' shape stops the read; problems with the header and the
cells are all collected and raised together.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel

from compliance.data import codes
from compliance.data.file_reading import refuse
from compliance.data.tables.casting import drop_blank_rows, fill_defaults, read_columns
from compliance.data.tables.cell_problems import CellContext, cell_problems
from compliance.data.tables.csv_reading import read_csv_raw
from compliance.data.tables.fields import table_fields
from compliance.data.tables.file_bytes import read_table_bytes
from compliance.data.tables.header import match_header
from compliance.data.tables.limits import DEFAULT_TABLE_LIMITS, TableLimits
from compliance.data.tables.raw import RawTable
from compliance.data.tables.table import Table, TableOptions
from compliance.data.tables.xlsx_reading import read_xlsx_raw
from compliance.diagnostics import Diagnostic, InputError, Span

if TYPE_CHECKING:
    import polars as pl

_XLSX = (".xlsx", ".xlsm")
_NOT_READ = {
    ".xls": "an Excel 97–2003 workbook (.xls)",
    ".xlsb": "a binary Excel workbook (.xlsb)",
    ".ods": "an OpenDocument spreadsheet (.ods)",
    ".numbers": "a Numbers spreadsheet",
}


def read_table(
    path: str | os.PathLike[str],
    *,
    display: str,
    collection: str,
    model: type[BaseModel],
    options: TableOptions = TableOptions(),  # noqa: B008 - frozen, so one shared default is safe
    limits: TableLimits = DEFAULT_TABLE_LIMITS,
) -> Table:
    """Read, type and check the table at `path`, shown as `display` in diagnostics.

    Raises `InputError` with every problem found.
    """
    try:
        return _read(Path(path), display, collection, model, options, limits)
    except InputError:
        raise
    except Exception as error:  # bad input must never end in a traceback
        raise InputError(
            [
                Diagnostic(
                    codes.INTERNAL,
                    f"the table could not be read because of an unexpected error "
                    f"({type(error).__name__}: {error})",
                    help="this is a defect in the checker; please report it together with the file",
                    file=display,
                )
            ]
        ) from error


def _read(
    path: Path,
    file: str,
    collection: str,
    model: type[BaseModel],
    options: TableOptions,
    limits: TableLimits,
) -> Table:
    suffix = path.suffix.lower()
    if suffix in _NOT_READ:
        refuse(
            codes.UNSUPPORTED_TABLE_FORMAT,
            f"the table is {_NOT_READ[suffix]}, which is not read",
            file,
            "save it as an Excel workbook (.xlsx) or as CSV",
        )
    if options.decimal not in (None, ",", "."):
        refuse(
            codes.INVALID_VALUE,
            f"the decimal mark must be `,` or `.`, not `{options.decimal}`",
            file,
        )
    data = read_table_bytes(path, file, limits)
    digest = hashlib.sha256(data).hexdigest()
    if suffix in _XLSX:
        raw = read_xlsx_raw(data, file, options.sheet, limits)
    else:
        raw = read_csv_raw(data, file, options, limits)
    del data
    return _check(raw, file, digest, collection, model, options, limits)


def _check(
    raw: RawTable,
    file: str,
    digest: str,
    collection: str,
    model: type[BaseModel],
    options: TableOptions,
    limits: TableLimits,
) -> Table:
    fields = table_fields(model)
    header = match_header(raw, fields, collection, file)
    problems = list(header.problems)
    if raw.ragged.total:
        # Cells of a row that is cut short or runs over are in the wrong columns; checking
        # them would only repeat the problem.
        raise InputError(problems + _ragged(raw, file, limits.max_cell_errors))
    specs = {name: fields.columns[name] for name in header.positions}
    read = read_columns(raw.frame, header.positions, specs, options.decimal, raw.separator)
    read, rows = drop_blank_rows(read, raw.rows)
    decimal = read.decimal
    typed = read.typed
    columns = {name: index + 1 for name, index in header.positions.items()}
    row_numbers = _row_numbers(rows)
    context = CellContext(file, row_numbers, columns, decimal, limits.max_cell_errors)
    problems.extend(cell_problems(read.text, typed, list(specs.values()), fields, context))
    if problems:
        raise InputError(problems)
    return Table(
        collection=collection,
        file=file,
        digest=digest,
        frame=fill_defaults(typed, specs),
        rows=row_numbers,
        columns=columns,
        encoding=raw.encoding or "utf-8",
        separator=raw.separator,
        decimal=decimal,
        model=model,
    )


def _row_numbers(rows: pl.Series) -> Sequence[int]:
    """The rows as a `range` when they follow each other, else as a list."""
    if len(rows) == 0:
        return range(2, 2)
    first, last = rows[0], rows[-1]
    # Row numbers only grow, so equal spans mean no gaps.
    if last - first == len(rows) - 1:
        return range(first, last + 1)
    return list(rows.to_list())


def _ragged(raw: RawTable, file: str, shown: int) -> list[Diagnostic]:
    width = len(raw.header)
    if raw.separator is None:
        help = (
            "a cell to the right of the last named column has a value; name its column or clear it"
        )
    else:
        help = (
            "every row needs one cell per column; a cell that contains the separator must "
            'be written in double quotes ("…")'
        )
    found = [
        Diagnostic(
            codes.RAGGED_ROW,
            f"row {row} has {cells} {'cell' if cells == 1 else 'cells'}, but the header row "
            f"has {width} {'column' if width == 1 else 'columns'}",
            Span.point(file, row, 1),
            help,
            file=file,
        )
        for row, cells in raw.ragged.rows[:shown]
    ]
    if raw.ragged.total > shown:
        more = raw.ragged.total - shown
        row = raw.ragged.rows[shown][0]
        found.append(
            Diagnostic(
                codes.RAGGED_ROW,
                f"and {more:,} more {'row' if more == 1 else 'rows'} with the wrong number "
                "of cells",
                Span.point(file, row, 1),
                file=file,
            )
        )
    return found
