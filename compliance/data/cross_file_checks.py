"""Check the merged data as a whole: unique ids, references that resolve, dates in order.

These checks run only once every file is valid on its own (checking references while a file
is broken would report ids that are merely in that file). Each problem is placed at the value
in the file that has to change.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING

from pydantic import BaseModel

from compliance.data import codes
from compliance.data.dataset import DataPath
from compliance.data.merging import COLLECTIONS, Merged, place
from compliance.data.model import ENTITY_KINDS, ORGANS, Överlämnande
from compliance.data.refs import REF_TARGETS, field_ref
from compliance.data.table_checks import add_table_ids, check_tables
from compliance.data.wording import did_you_mean, listing
from compliance.diagnostics import Diagnostic

if TYPE_CHECKING:
    from compliance.data.tables import Table

# Pairs of (start, end) fields: wherever a model has both, the end may not precede the start.
DATE_ORDER: tuple[tuple[str, str], ...] = (
    ("inrättad", "upphörd"),
    ("giltigt_från", "giltigt_till"),
    ("gäller_från", "gäller_till"),
    ("inkommen", "besvarad"),
)


def check(merged: Merged, tables: dict[str, list[Table]] | None = None) -> list[Diagnostic]:
    """Every problem found across the merged data and its tables: ids, references,
    recipients, dates."""
    ids, problems = _collect_ids(merged)
    if tables:
        inline = {name: len(getattr(merged.organisation, name) or ()) for name in tables}
        problems.extend(add_table_ids(ids, tables, inline, REF_TARGETS))
        problems.extend(check_tables(ids, tables, DATE_ORDER))
    for path, model in _walk_models(merged.organisation, ()):
        problems.extend(_check_references(merged, ids, path, model))
        problems.extend(_check_dates(merged, path, model))
        if isinstance(model, Överlämnande):
            problems.extend(_check_recipient(merged, ids, path, model))
    return problems


def _error_at(
    merged: Merged, path: DataPath, code: str, message: str, help: str | None
) -> Diagnostic:
    span = merged.span(path)
    return Diagnostic(code, message, span, help, file=span.file if span else None)


def _collect_ids(merged: Merged) -> tuple[dict[str, dict[str, DataPath]], list[Diagnostic]]:
    """The ids of each declared collection (first occurrence) and the duplicates."""
    ids: dict[str, dict[str, DataPath]] = {}
    problems: list[Diagnostic] = []
    for name in COLLECTIONS:
        items = getattr(merged.organisation, name)
        if items is None:
            continue
        seen = ids.setdefault(name, {})
        for index, item in enumerate(items):
            identifier = getattr(item, "id", None)
            if not isinstance(identifier, str):
                continue
            path: DataPath = (name, index, "id")
            if identifier in seen:
                here = merged.span(path)
                first = place(merged.span(seen[identifier]), here.file if here else "")
                problems.append(
                    _error_at(
                        merged,
                        path,
                        codes.DUPLICATE_ID,
                        f"duplicate id `{identifier}` in `{name}`; it is already used {first}",
                        "ids must be unique within a collection",
                    )
                )
            else:
                seen[identifier] = path
    return ids, problems


def _walk_models(value: object, path: DataPath) -> Iterator[tuple[DataPath, BaseModel]]:
    """Every model instance in the data with its path, parents before children."""
    if isinstance(value, BaseModel):
        yield path, value
        for name in type(value).model_fields:
            yield from _walk_models(getattr(value, name), (*path, name))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk_models(item, (*path, index))


def _check_references(
    merged: Merged, ids: dict[str, dict[str, DataPath]], path: DataPath, model: BaseModel
) -> Iterator[Diagnostic]:
    for name, model_field in type(model).model_fields.items():
        ref = field_ref(model_field)
        value = getattr(model, name)
        if ref is None or value is None:
            continue
        targets = (
            [((*path, name, i), v) for i, v in enumerate(value)]
            if isinstance(value, list)
            else [((*path, name), value)]
        )
        for target_path, identifier in targets:
            known = ids.get(ref.collection)
            if known is None or identifier not in known:
                yield _unknown_reference(merged, target_path, ref.collection, identifier, known)


def _unknown_reference(
    merged: Merged,
    path: DataPath,
    collection: str,
    identifier: str,
    known: dict[str, DataPath] | None,
) -> Diagnostic:
    kind = ENTITY_KINDS.get(collection, collection)
    if known is None:
        help: str | None = f"no data file declares `{collection}:`"
    elif not known:
        help = f"`{collection}` is declared as an empty list"
    else:
        help = did_you_mean(identifier, list(known)) or (
            f"the ids in `{collection}` are {listing(sorted(known))}"
        )
    return _error_at(
        merged,
        path,
        codes.UNKNOWN_REFERENCE,
        f"unknown {kind} `{identifier}`: no entry in `{collection}` has this id",
        help,
    )


def _check_recipient(
    merged: Merged, ids: dict[str, dict[str, DataPath]], path: DataPath, model: Överlämnande
) -> Iterator[Diagnostic]:
    nämnder = list(ids.get("nämnder", {}))
    if model.till in nämnder or model.till in ORGANS:
        return
    help = did_you_mean(model.till, [*nämnder, *ORGANS])
    yield _error_at(
        merged,
        (*path, "till"),
        codes.UNKNOWN_RECIPIENT,
        f"unknown recipient `{model.till}`: `till` must be the id of a nämnd or one of "
        f"{listing(ORGANS)}",
        help,
    )


def _check_dates(merged: Merged, path: DataPath, model: BaseModel) -> Iterator[Diagnostic]:
    fields = type(model).model_fields
    for start_name, end_name in DATE_ORDER:
        if start_name not in fields or end_name not in fields:
            continue
        start, end = getattr(model, start_name), getattr(model, end_name)
        if not isinstance(start, date) or not isinstance(end, date) or end >= start:
            continue
        message = (
            f"impossible dates: `{end_name}` ({end.isoformat()}) is before "
            f"`{start_name}` ({start.isoformat()})"
        )
        if end_name == "besvarad":
            message += "; a synpunkt cannot be answered before it has come in"
        yield _error_at(
            merged,
            (*path, end_name),
            codes.IMPOSSIBLE_DATES,
            message,
            f"check both dates; `{start_name}` is given {_start_place(merged, path, start_name)}",
        )


def _start_place(merged: Merged, path: DataPath, start_name: str) -> str:
    start = merged.values.get((*path, start_name))
    end = merged.span(path)
    return place(start, end.file if end else "")
