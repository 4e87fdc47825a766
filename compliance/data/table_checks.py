"""The checks across the merged data, for rows read from tables: whole columns at a time.

The same questions as `cross_file_checks` asks of YAML entries (unique ids, references that
resolve, recipients that exist, dates in order), with the same codes and wording, answered
with column operations so that a million synpunkter are checked in a fraction of a second.
Each kind of problem is reported for its first rows and then counted, so that one systematic
export error does not bury the reader in a million identical lines.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from compliance.data import codes
from compliance.data.dataset import DataPath
from compliance.data.model import ENTITY_KINDS, ORGANS
from compliance.data.refs import field_ref, models_in
from compliance.data.wording import did_you_mean, listing
from compliance.diagnostics import Diagnostic, Span

if TYPE_CHECKING:
    from compliance.data.tables import Table

# How many rows of one problem in one column are reported one by one.
ROWS_SHOWN = 20
_UNIQUE = "ids must be unique within a collection"

Ids = dict[str, dict[str, DataPath]]


def add_table_ids(
    ids: Ids, tables: dict[str, list[Table]], inline: dict[str, int], targets: frozenset[str]
) -> list[Diagnostic]:
    """Report ids that repeat within a collection's tables or an id written in YAML, and add
    the ids of the collections something refers to (`targets`) to `ids`."""
    import polars as pl

    problems: list[Diagnostic] = []
    for name, group in tables.items():
        seen = ids.setdefault(name, {})
        with_ids = [table for table in group if "id" in table.frame.columns]
        if not with_ids:
            continue
        column = pl.concat([table.frame["id"] for table in with_ids])
        repeated = column.is_not_null() & (~column.is_first_distinct() | column.is_in(list(seen)))
        bad = repeated.arg_true().to_list()
        # Only the repeated ids become Python strings: a million of them would cost 0.1 s.
        values = dict(zip(bad, column.gather(bad).to_list(), strict=True))
        starts = _starts(with_ids)
        for table, rows in _by_table(with_ids, starts, bad):
            base = starts[id(table)]
            lines = [
                (f"duplicate id `{values[base + i]}` in `{name}`", _UNIQUE)
                for i in rows[:ROWS_SHOWN]
            ]
            problems.extend(_capped(table, "id", codes.DUPLICATE_ID, rows, lines))
        if name in targets:
            offset = inline.get(name, 0)
            for table in group:
                if any(table is other for other in with_ids):
                    for i, value in enumerate(table.frame["id"].to_list()):
                        if value is not None:
                            seen.setdefault(value, (name, offset + i, "id"))
                offset += len(table)
    return problems


def _starts(tables: list[Table]) -> dict[int, int]:
    """Where each table's rows begin in the tables' concatenated columns."""
    starts: dict[int, int] = {}
    position = 0
    for table in tables:
        starts[id(table)] = position
        position += len(table)
    return starts


def _by_table(
    tables: list[Table], starts: dict[int, int], rows: list[int]
) -> Iterator[tuple[Table, list[int]]]:
    for table in tables:
        base = starts[id(table)]
        local = [row - base for row in rows if base <= row < base + len(table)]
        if local:
            yield table, local


def check_tables(
    ids: Ids, tables: dict[str, list[Table]], date_order: Iterable[tuple[str, str]]
) -> list[Diagnostic]:
    """References, recipients and date order in every table."""
    problems: list[Diagnostic] = []
    pairs = tuple(date_order)
    for group in tables.values():
        for table in group:
            problems.extend(_references(ids, table))
            problems.extend(_recipients(ids, table))
            problems.extend(_dates(table, pairs))
    return problems


def column_refs(table: Table) -> dict[str, str]:
    """The table's columns that hold ids, with the collection each refers to."""
    from compliance.data.table_loading import entity_model

    model = entity_model(table.collection)
    found: dict[str, str] = {}
    for column in table.frame.columns:
        head, _, rest = column.partition(".")
        model_field = model.model_fields.get(head)
        if model_field is None:
            continue
        if rest:
            nested = [m for m in models_in(model_field.annotation) if rest in m.model_fields]
            if not nested:
                continue
            model_field = nested[0].model_fields[rest]
        ref = field_ref(model_field)
        if ref is not None:
            found[column] = ref.collection
    return found


def _references(ids: Ids, table: Table) -> Iterator[Diagnostic]:
    for column, collection in column_refs(table).items():
        known = ids.get(collection)
        values = table.frame[column]
        if known is None:
            missing = values.is_not_null()
        else:
            missing = values.is_not_null() & ~values.is_in(list(known))
        rows = missing.arg_true().to_list()
        if not rows:
            continue
        texts = values.to_list()
        kind = ENTITY_KINDS.get(collection, collection)
        lines = [
            (
                f"unknown {kind} `{texts[i]}`: no entry in `{collection}` has this id",
                _reference_help(collection, str(texts[i]), known),
            )
            for i in rows[:ROWS_SHOWN]
        ]
        yield from _capped(table, column, codes.UNKNOWN_REFERENCE, rows, lines)


def _reference_help(collection: str, identifier: str, known: dict[str, DataPath] | None) -> str:
    if known is None:
        return f"no data file declares `{collection}:`"
    if not known:
        return f"`{collection}` is declared as an empty list"
    return did_you_mean(identifier, list(known)) or (
        f"the ids in `{collection}` are {listing(sorted(known))}"
        if len(known) <= 20
        else f"none of the {len(known)} ids in `{collection}` is `{identifier}`"
    )


def _recipients(ids: Ids, table: Table) -> Iterator[Diagnostic]:
    column = "överlämnad.till"
    if column not in table.frame.columns:
        return
    nämnder = list(ids.get("nämnder", {}))
    values = table.frame[column]
    bad = (values.is_not_null() & ~values.is_in([*nämnder, *ORGANS])).arg_true().to_list()
    texts = values.to_list()
    lines: list[tuple[str, str | None]] = [
        (
            f"unknown recipient `{texts[i]}`: `till` must be the id of a nämnd or one of "
            f"{listing(ORGANS)}",
            did_you_mean(str(texts[i]), [*nämnder, *ORGANS]),
        )
        for i in bad[:ROWS_SHOWN]
    ]
    yield from _capped(table, column, codes.UNKNOWN_RECIPIENT, bad, lines)


def _dates(table: Table, pairs: tuple[tuple[str, str], ...]) -> Iterator[Diagnostic]:
    frame = table.frame
    for start_name, end_name in pairs:
        if start_name not in frame.columns or end_name not in frame.columns:
            continue
        start, end = frame[start_name], frame[end_name]
        rows = (start.is_not_null() & end.is_not_null() & (end < start)).arg_true().to_list()
        if not rows:
            continue
        starts, ends = start.to_list(), end.to_list()
        suffix = "; a synpunkt cannot be answered before it has come in"
        lines = [
            (
                f"impossible dates: `{end_name}` ({ends[i].isoformat()}) is before "
                f"`{start_name}` ({starts[i].isoformat()})"
                + (suffix if end_name == "besvarad" else ""),
                f"check both dates; `{start_name}` is in the same row",
            )
            for i in rows[:ROWS_SHOWN]
        ]
        yield from _capped(table, end_name, codes.IMPOSSIBLE_DATES, rows, lines)


def _capped(
    table: Table,
    column: str,
    code: str,
    rows: list[int],
    lines: Sequence[tuple[str, str | None]],
) -> Iterator[Diagnostic]:
    """The first rows' problems one by one (`lines`), then one line counting the rest."""
    for i, (text, hint) in zip(rows, lines, strict=False):
        yield Diagnostic(code, text, _span(table, i, column), hint, file=table.file)
    rest = len(rows) - len(lines)
    if rest > 0:
        yield Diagnostic(
            code,
            f"and {rest} more rows with the same problem in column `{column}`",
            _span(table, rows[len(lines)], column),
            None,
            file=table.file,
        )


def _span(table: Table, index: int, column: str) -> Span:
    location = table.location(index, column)
    return Span.point(location.file, location.line, location.column)
