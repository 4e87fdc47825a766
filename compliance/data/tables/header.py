"""Match a table's header row to the fields of its collection's entries.

Column names are the model's field names exactly as written in YAML (`inkommen`, not
`Inkommen`): one spelling everywhere, so a rule, a YAML file and a table say the same thing.
A near miss gets a "did you mean"; every problem in the header is reported at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from compliance.data import codes
from compliance.data.tables.fields import TableFields
from compliance.data.tables.raw import RawTable
from compliance.data.wording import did_you_mean, listing
from compliance.diagnostics import Diagnostic, Span


@dataclass
class Header:
    """The columns that will be read, by name, with their position in the file (0-based)."""

    positions: dict[str, int] = field(default_factory=dict)
    problems: list[Diagnostic] = field(default_factory=list)


def match_header(raw: RawTable, fields: TableFields, collection: str, file: str) -> Header:
    header = Header()
    first_seen: dict[str, int] = {}

    def problem(code: str, message: str, index: int, help: str | None = None) -> None:
        span = Span.point(file, raw.header_row, index + 1)
        header.problems.append(Diagnostic(code, message, span, help, file=file))

    for index, name in enumerate(raw.header):
        if not name:
            if _has_values(raw, index):
                problem(
                    codes.UNKNOWN_COLUMN,
                    f"column {index + 1} has values but no name in the header row",
                    index,
                    f"name it after a field of `{collection}`, or delete the column",
                )
            continue
        if name in first_seen:
            problem(
                codes.DUPLICATE_COLUMN,
                f"column `{name}` is given twice (columns {first_seen[name] + 1} and {index + 1})",
                index,
                "keep one of them",
            )
            continue
        first_seen[name] = index
        if name in fields.columns:
            header.positions[name] = index
        elif name in fields.unsupported:
            problem(
                codes.UNSUPPORTED_COLUMN,
                f"column `{name}` cannot be read from a table: {fields.unsupported[name]}",
                index,
                f"declare `{name}` in YAML instead",
            )
        elif name in fields.entries:
            parts = fields.entries[name].parts
            problem(
                codes.UNSUPPORTED_COLUMN,
                f"column `{name}` cannot be read from a table: `{name}` is a list of "
                "entries, given as one column per part",
                index,
                f"give the parts as the columns {listing(parts)}",
            )
        else:
            problem(
                codes.UNKNOWN_COLUMN,
                f"unknown column `{name}` in a table of `{collection}`",
                index,
                did_you_mean(name, fields.allowed_names())
                or f"the columns allowed are {listing(fields.allowed_names())}",
            )
    _missing(header, fields, collection, file, raw.header_row, first_seen)
    return header


def _missing(
    header: Header,
    fields: TableFields,
    collection: str,
    file: str,
    row: int,
    written: dict[str, int],
) -> None:
    span = Span.point(file, row, 1)
    for name in fields.required:
        if name not in written:
            header.problems.append(
                Diagnostic(
                    codes.MISSING_COLUMN,
                    f"missing required column `{name}` in a table of `{collection}`",
                    span,
                    f"the required columns are {listing(fields.required)}",
                    file=file,
                )
            )
    # A part an entry cannot do without (`överlämnad.till`) is needed once any part is given.
    for entry in fields.entries.values():
        given = [part for part in entry.parts if part in header.positions]
        if not given:
            continue
        for part in entry.parts:
            if fields.columns[part].required and part not in written:
                header.problems.append(
                    Diagnostic(
                        codes.MISSING_COLUMN,
                        f"missing required column `{part}`: a table that gives "
                        f"`{given[0]}` must also give `{part}`",
                        span,
                        None,
                        file=file,
                    )
                )


def _has_values(raw: RawTable, index: int) -> bool:
    column = raw.frame.to_series(index).drop_nulls()
    return bool((column.str.strip_chars().str.len_bytes() > 0).any())
