"""Read one sheet of an Excel workbook into a `RawTable` of text cells.

Cells become the text a CSV export of the sheet would hold, so that both formats are checked
by one code path: a date cell is its ISO date (`2025-05-31`), a number cell its digits with
`.` as the decimal mark (`87.5`, and `12` for a whole number Excel stores as `12.0`), a
yes/no cell `true` or `false`. The first non-empty row is the header; row numbers are the
sheet's own, as Excel shows them.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, NoReturn, cast

from compliance.data import codes
from compliance.data.file_reading import refuse
from compliance.data.tables.limits import TableLimits
from compliance.data.tables.raw import Ragged, RawTable
from compliance.data.wording import did_you_mean, listing, short
from compliance.diagnostics import InputError

if TYPE_CHECKING:
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

# Whole numbers below this are written without a decimal part; above it a float is not exact.
_EXACT = 2**53


def read_xlsx_raw(data: bytes, file: str, sheet: str | None, limits: TableLimits) -> RawTable:
    import polars as pl

    workbook, worksheet = _open(data, file, sheet)
    try:
        header, header_row, starts, records, ragged = _read_rows(worksheet, file, limits)
    except InputError:
        raise
    except Exception as error:  # a damaged sheet fails in many ways; all mean "unreadable"
        _unreadable(file, error)
    finally:
        workbook.close()
    columns = {
        f"column_{i + 1}": [row[i] if i < len(row) else None for row in records]
        for i in range(len(header))
    }
    return RawTable(
        header=header,
        frame=pl.DataFrame(columns, schema=dict.fromkeys(columns, pl.String)),
        rows=pl.Series("start", starts, dtype=pl.Int64),
        encoding="utf-8",
        separator=None,
        ragged=ragged,
        header_row=header_row,
    )


_Rows = tuple[list[str], int, list[int], list[list[str | None]], Ragged]


def _read_rows(worksheet: ReadOnlyWorksheet, file: str, limits: TableLimits) -> _Rows:
    header: list[str] | None = None
    header_row = 1
    starts: list[int] = []
    records: list[list[str | None]] = []
    ragged: list[tuple[int, int]] = []
    total_ragged = 0
    # Some programs write a wrong used range; reading without it sees every cell.
    worksheet.reset_dimensions()
    # The stubs type `iter_rows` for the writable sheet only; the read-only one has it too.
    sheet_rows: Iterable[tuple[object, ...]] = cast(Any, worksheet).iter_rows(values_only=True)
    for number, values in enumerate(sheet_rows, start=1):
        cells = [_text(value) for value in values]
        while cells and (cells[-1] is None or not cells[-1].strip()):
            cells.pop()
        if not cells:
            continue  # an empty row, before the header or between rows
        if header is None:
            header = [(cell or "").strip() for cell in cells]
            header_row = number
            continue
        if len(cells) > len(header):
            total_ragged += 1
            if len(ragged) <= limits.max_cell_errors:
                ragged.append((number, len(cells)))
        records.append(cells)
        starts.append(number)
        if len(records) > limits.max_rows:
            refuse(
                codes.TOO_MANY_ROWS,
                f"the sheet has more than {limits.max_rows:,} rows; it is refused",
                file,
                "split the rows into several tables",
            )
    if header is None:
        refuse(codes.EMPTY, "the sheet is empty; expected a header row with the column names", file)
    return header, header_row, starts, records, Ragged(ragged, total_ragged)


def _open(data: bytes, file: str, sheet: str | None) -> tuple[Any, ReadOnlyWorksheet]:
    """The workbook and the sheet asked for (the first when none is)."""
    import openpyxl
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # a damaged workbook fails in many ways; all mean "unreadable"
        _unreadable(file, error)
    names = list(workbook.sheetnames)
    if sheet is not None and sheet not in names:
        workbook.close()
        refuse(
            codes.UNREADABLE_WORKBOOK,
            f"the workbook has no sheet named `{sheet}`; its sheets are {listing(names)}",
            file,
            did_you_mean(sheet, names),
        )
    name = sheet if sheet is not None else names[0]
    worksheet = workbook[name]
    if not isinstance(worksheet, ReadOnlyWorksheet):
        workbook.close()
        refuse(
            codes.UNREADABLE_WORKBOOK,
            f"the sheet `{name}` is not a worksheet with cells (is it a chart?)",
            file,
        )
    return workbook, worksheet


def _unreadable(file: str, error: Exception) -> NoReturn:
    reason = str(error) or type(error).__name__
    refuse(
        codes.UNREADABLE_WORKBOOK,
        f"the Excel file cannot be read: {short(reason, 120)}",
        file,
        "open it in Excel and save it again as an Excel workbook (.xlsx), or save the sheet as CSV",
    )


def _text(value: object) -> str | None:
    """A cell's value as the text a CSV export would have."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < _EXACT:
            return str(int(value))
        return repr(value)
    if isinstance(value, timedelta):
        return str(value)
    return str(value)
