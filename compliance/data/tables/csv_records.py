"""Split CSV text into records, knowing the file row each starts on and how many cells it has.

Polars parses the cells, fast; but it fills a short row with empty cells silently and gives
no row numbers. Both are found with whole-column operations. Unless a quoted cell holds a line
break, record n is on line n; only a row whose last cell is empty can be short, and only such
rows have their separators counted (for the normal file: none, or a single count over the
file says every line has all its separators). With line breaks in quoted cells, the lines of
a record are joined, its quoted parts removed and its separators counted.

When polars refuses the text (quoting it cannot read) or the counts disagree with what it
parsed, Python's `csv` module reads the file instead: slower, but exact, and it says where
the quoting breaks.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import TYPE_CHECKING

from compliance.data import codes
from compliance.data.tables.bulk import paused_garbage_collection
from compliance.data.tables.raw import Ragged
from compliance.diagnostics import Diagnostic, InputError, Span

if TYPE_CHECKING:
    import polars as pl

_QUOTE = '"'
# Bytes that never occur in a CSV export; one absent from the file lets polars read it whole
# lines at a time.
_LINE_SEPARATORS = (b"\x1f", b"\x1e", b"\x1d", b"\x1c", b"\x01", b"\x02", b"\x03")


@dataclass(frozen=True)
class Records:
    """The parsed cells and where each record is in the file."""

    frame: pl.DataFrame  # every record, the header first, one text column per header cell
    rows: pl.Series  # the file row each data record (not the header) starts on
    ragged: Ragged
    header_row: int = 1


class CsvRefused(Exception):
    """Polars cannot parse the text; Python's reader is asked instead."""


def quoting(payload: bytes, separator: str) -> bool:
    """Whether any cell starts with `"`: only then is a quote special (as in Python's reader);
    a `"` inside a cell (`15" skärm`) is text, which polars would refuse when quoting is on."""
    quote = _QUOTE.encode()
    return quote in payload and (
        payload.startswith(quote)
        or (separator + _QUOTE).encode() in payload
        or b"\n" + quote in payload
        or payload.startswith(b"\xef\xbb\xbf" + quote)
    )


def parse_cells(payload: bytes, separator: str, quoted: bool, max_rows: int) -> pl.DataFrame:
    """All records (the header first) as text; raises `CsvRefused` on text polars refuses."""
    import polars as pl

    try:
        return pl.read_csv(
            payload,
            has_header=False,
            separator=separator,
            quote_char=_QUOTE if quoted else None,
            infer_schema=False,
            n_rows=max_rows + 2,
            raise_if_empty=False,
        )
    except pl.exceptions.PolarsError as error:
        raise CsvRefused(str(error)) from None


def locate(
    payload: bytes, frame: pl.DataFrame, separator: str, quoted: bool, show: int
) -> tuple[pl.Series, Ragged] | None:
    """The starting row of each data record and the ragged ones, or None when counting lines
    does not agree with the records polars parsed."""
    import polars as pl

    height, width = frame.shape
    suspects = _suspects(frame)
    # Without a line break inside a quoted cell, record n is on line n (polars keeps a blank
    # line as an empty record); a record of several lines makes fewer records than lines.
    if not quoted or height == payload.count(b"\n") + (not payload.endswith(b"\n")):
        rows = pl.int_range(2, height + 1, eager=True, dtype=pl.Int64)
        if suspects.is_empty() or (
            not quoted and payload.count(separator.encode()) == height * (width - 1)
        ):
            return rows, Ragged()  # no row can be short, or every line has all separators
        lines = _lines(payload)
        if lines is None or len(lines) != height:
            return None
        text, starts = lines.gather(suspects), suspects + 1
    else:
        records = _joined_records(payload)
        if records is None or records.height != height:
            return None
        rows = records["start"].slice(1)
        if suspects.is_empty():
            return rows, Ragged()
        text, starts = records["text"].gather(suspects), records["start"].gather(suspects)
    if quoted:
        if (text.str.count_matches(_QUOTE, literal=True) % 2 == 1).any():
            return None  # a quote that does not pair up: only a real reader can tell
        text = text.str.replace_all(r'"[^"]*"', "")
    cells = text.str.count_matches(separator, literal=True) + 1
    short = (cells != width).arg_true()
    found = [(starts[i], cells[i]) for i in short.head(show + 1).to_list()]
    return rows, Ragged(found, len(short))


def _suspects(frame: pl.DataFrame) -> pl.Series:
    """The data rows that may be short: polars refuses a row with too many cells and fills a
    short one with nulls, so only a row whose last cell is empty, and that is not blank, can
    be. Usually there are none to count."""
    import polars as pl

    last = frame.to_series(frame.width - 1)
    if frame.width == 1 or last.null_count() == 0:
        return pl.Series("row", [], dtype=pl.UInt32)
    others = frame.select(pl.any_horizontal(pl.all().exclude(frame.columns[-1]).is_not_null()))
    suspects = (last.is_null() & others.to_series()).arg_true()
    return suspects.filter(suspects > 0)  # the header decides the width


def _joined_records(payload: bytes) -> pl.DataFrame | None:
    """Each record's first line and text, when quoted cells hold line breaks: the lines read
    while a quote is open are joined to the record's first line."""
    import polars as pl

    lines = _lines(payload)
    if lines is None:
        return None
    text = lines.fill_null("")
    quotes = text.str.count_matches(_QUOTE, literal=True)
    opens = ((quotes.cum_sum() - quotes) % 2) == 0  # the line starts a record
    table = pl.DataFrame(
        {
            "record": opens.cum_sum(),
            "start": pl.int_range(1, len(text) + 1, eager=True, dtype=pl.Int64),
            "text": text,
        }
    )
    # Only the few records of several lines are grouped; grouping a million would be slow.
    alone = opens & opens.shift(-1, fill_value=True)
    joined = (
        table.filter(~alone)
        .group_by("record", maintain_order=True)
        .agg(pl.col("start").first(), pl.col("text").str.join("\n"))
    )
    return pl.concat([table.filter(alone), joined]).sort("record")


def _lines(payload: bytes) -> pl.Series | None:
    import polars as pl

    unused = next((byte for byte in _LINE_SEPARATORS if byte not in payload), None)
    if unused is None:
        return None
    lines = pl.read_csv(
        payload,
        has_header=False,
        separator=unused.decode(),
        quote_char=None,
        infer_schema=False,
        new_columns=["line"],
        raise_if_empty=False,
    )
    return lines["line"] if lines.width == 1 else None


def read_with_python(text: str, separator: str, file: str, max_rows: int, show: int) -> Records:
    """Every record by Python's `csv` module; a quoting error is reported where it is."""
    import polars as pl

    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True)
    records: list[list[str]] = []  # the header first
    starts: list[int] = []
    ragged: list[tuple[int, int]] = []
    total = 0
    line = 0
    width = -1
    with paused_garbage_collection():
        try:
            for record in reader:
                start, line = line + 1, reader.line_num
                if not "".join(record).strip():
                    continue  # a blank line, or a row of empty cells: no entry
                if width < 0:
                    width = len(record)
                elif len(record) != width:
                    total += 1
                    if len(ragged) <= show:
                        ragged.append((start, len(record)))
                    record = (record + [""] * width)[:width]
                records.append(record)
                starts.append(start)
                if len(records) > max_rows + 1:
                    break
        except csv.Error as error:
            # Reported where the record that cannot be read starts (an unclosed quote runs
            # on).
            raise InputError([_malformed(file, line + 1, str(error))]) from None
        names = [f"column_{i + 1}" for i in range(max(width, 0))]
        columns = dict(zip(names, zip(*records, strict=True), strict=True)) if records else {}
        frame = pl.DataFrame(columns, schema=dict.fromkeys(names, pl.String))
    rows = pl.Series("start", starts[1:], dtype=pl.Int64)
    return Records(frame, rows, Ragged(ragged, total), starts[0] if starts else 1)


def _malformed(file: str, line: int, reason: str) -> Diagnostic:
    if "unexpected end of data" in reason:
        message = "a quoted cell in this row is never closed"
    else:
        message = f"the CSV text cannot be read here: {reason}"
    return Diagnostic(
        codes.MALFORMED_CSV,
        message,
        Span.point(file, max(line, 1), 1),
        'a cell that contains the separator, a line break or `"` must be written in '
        'double quotes, with each `"` inside it doubled (`""`)',
        file=file,
    )
