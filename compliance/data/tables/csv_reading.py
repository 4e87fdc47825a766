"""Read a CSV file into a `RawTable`: decode it, find its separator, split it into records.

Encoding: UTF-8 (with or without a byte order mark) is tried first, then Windows-1252, which
older Excel versions write. Polars checks the UTF-8 as it parses, so a UTF-8 file is never
decoded in Python; a Windows-1252 file is decoded once and handed to polars as UTF-8.
"""

from __future__ import annotations

import codecs
import re
from typing import TYPE_CHECKING

from compliance.data import codes
from compliance.data.file_reading import refuse
from compliance.data.tables.csv_records import (
    CsvRefused,
    Records,
    locate,
    parse_cells,
    quoting,
    read_with_python,
)
from compliance.data.tables.csv_text import (
    check_single_column,
    check_text_file,
    codec_name,
    decode_whole,
    first_line,
    sniff_separator,
)
from compliance.data.tables.limits import TableLimits
from compliance.data.tables.raw import RawTable

if TYPE_CHECKING:
    from compliance.data.tables.table import TableOptions

_UTF8 = "utf-8"
_CP1252 = "cp1252"
# Matching from a position, unlike `data.strip()`, does not copy a large file.
_BLANK = re.compile(rb"\s*\Z")


class _NotUtf8(Exception):
    """Polars found bytes that are not UTF-8."""


def read_csv_raw(data: bytes, file: str, options: TableOptions, limits: TableLimits) -> RawTable:
    check_text_file(data, file)
    if _BLANK.match(data, len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0):
        refuse(
            codes.EMPTY,
            "the table is empty; expected a header row with the column names",
            file,
        )
    requested = codec_name(options.encoding, file) if options.encoding else None
    bom = data.startswith(codecs.BOM_UTF8)
    if requested not in (None, _UTF8):
        return _read_text(data, file, options, limits, requested, requested)
    guess = requested is None and not bom
    try:
        header = first_line(data).decode("utf-8-sig")
        separator = _separator(header, file, options)
        records = _records(data, data, separator, file, limits)
    except (UnicodeDecodeError, _NotUtf8):
        if guess:
            return _read_text(data, file, options, limits, _CP1252, _CP1252)
        decode_whole(data, _UTF8, file, tried_utf8=False)
        refuse(codes.NOT_UTF8, "the file is not valid UTF-8 text", file)
    return _raw(records, "utf-8-sig" if bom else _UTF8, separator)


def _read_text(
    data: bytes,
    file: str,
    options: TableOptions,
    limits: TableLimits,
    codec: str,
    shown: str,
) -> RawTable:
    """A file in another encoding than UTF-8: decoded whole, then parsed as UTF-8."""
    text = decode_whole(data, codec, file, tried_utf8=options.encoding is None)
    text = text.removeprefix("\ufeff")
    separator = _separator(first_line(text), file, options)
    payload = text.encode(_UTF8)
    return _raw(_records(payload, text, separator, file, limits), shown, separator)


def _records(
    payload: bytes, source: bytes | str, separator: str, file: str, limits: TableLimits
) -> Records:
    show = limits.max_cell_errors
    quoted = quoting(payload, separator)
    try:
        frame = parse_cells(payload, separator, quoted, limits.max_rows)
    except CsvRefused as refused:
        if "utf-8" in str(refused).lower() or "utf8" in str(refused).lower():
            raise _NotUtf8 from None
        frame = None
    if frame is not None and frame.height > 0:
        check_row_count(frame.height - 1, file, limits)
        located = locate(payload, frame, separator, quoted, show)
        if located is not None:
            rows, ragged = located
            return Records(frame, rows, ragged)
    try:
        text = source if isinstance(source, str) else source.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _NotUtf8 from None
    records = read_with_python(text, separator, file, limits.max_rows, show)
    check_row_count(records.frame.height - 1, file, limits)
    return records


def check_row_count(count: int, file: str, limits: TableLimits) -> None:
    if count > limits.max_rows:
        refuse(
            codes.TOO_MANY_ROWS,
            f"the table has more than {limits.max_rows:,} rows; it is refused",
            file,
            "split the rows into several tables",
        )


def _separator(header: str, file: str, options: TableOptions) -> str:
    header = header.removeprefix("\ufeff").rstrip("\r")
    if options.separator is None:
        return sniff_separator(header, file)
    separator = options.separator
    if len(separator) != 1 or not separator.isascii() or separator in '"\r\n':
        refuse(
            codes.UNKNOWN_SEPARATOR,
            f"the column separator must be one character such as `;`, not `{separator}`",
            file,
        )
    check_single_column(header, separator, file)
    return separator


def _raw(records: Records, encoding: str, separator: str) -> RawTable:
    frame = records.frame
    header = [
        (cell or "").removeprefix("\ufeff").strip()
        for cell in (frame.row(0) if frame.height else ())
    ]
    return RawTable(
        header=header,
        # Polars parses in chunks; one contiguous column per cell makes every conversion that
        # follows about twice as fast, for the cost of one copy.
        frame=frame.slice(1).rechunk(),
        rows=records.rows,
        encoding=encoding,
        separator=separator,
        ragged=records.ragged,
        header_row=records.header_row,
    )
