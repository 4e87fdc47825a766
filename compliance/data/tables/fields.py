"""Which columns a table of one collection may have, and what each column holds.

The data model is the single source of truth here too: a column is a field of the
collection's model, typed from the field's annotation (through `Annotated`, `Optional` and
the validators in `data/model.py`). A field that is a list of entries (`Rapport.överlämnad`)
is given as dotted columns, one per part of the entry (`överlämnad.till`,
`överlämnad.datum`); a list of allowed words (`Rapport.innehåll`) as one column of
comma-separated words. Anything else a table cannot hold is listed with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any, Literal, get_args, get_origin

import annotated_types
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from compliance.data.annotations import unwrap
from compliance.periods import Period


class Kind(Enum):
    """What the cells of a column hold, and so how they are read."""

    TEXT = "text"
    CHOICE = "choice"  # one of the allowed words
    CHOICES = "choices"  # comma-separated allowed words (a list field)
    DATE = "date"
    NUMBER = "number"
    INTEGER = "integer"
    BOOLEAN = "boolean"
    PERIOD = "period"


@dataclass(frozen=True)
class Bounds:
    """A numeric field's limits (`Field(ge=0)`); None where there is none."""

    ge: float | None = None
    gt: float | None = None
    le: float | None = None
    lt: float | None = None


@dataclass(frozen=True)
class ColumnSpec:
    """One column a table may have."""

    name: str  # as written in the header: `inkommen`, `överlämnad.till`
    field: str  # the model field it fills: `inkommen`, `överlämnad`
    part: str | None  # the field of the list entry, for a dotted column: `till`
    kind: Kind
    # A value is needed in every row (a required field), or, for a part of a list entry,
    # in every row that gives the entry at all.
    required: bool
    nullable: bool  # the model accepts "unknown" (None) for it
    default: Any  # what an empty cell means when None is not allowed
    allowed: tuple[str, ...] = ()
    bounds: Bounds = Bounds()


@dataclass(frozen=True)
class EntryField:
    """A list-of-entries field given as dotted columns (`överlämnad.*`)."""

    field: str
    model: type[BaseModel]
    parts: tuple[str, ...]  # every part's column name, in the entry model's order


@dataclass(frozen=True)
class TableFields:
    """Everything a table of one model may contain."""

    columns: dict[str, ColumnSpec]
    entries: dict[str, EntryField]
    # Fields a table cannot hold, with what to say about each.
    unsupported: dict[str, str]
    required: tuple[str, ...]  # the columns every table of this model must have

    def allowed_names(self) -> list[str]:
        return list(self.columns)


def table_fields(model: type[BaseModel]) -> TableFields:
    """The columns a table of `model` entities may have."""
    columns: dict[str, ColumnSpec] = {}
    entries: dict[str, EntryField] = {}
    unsupported: dict[str, str] = {}
    for name, info in model.model_fields.items():
        annotation, optional, metadata = unwrap(info.annotation)
        kind = _scalar_kind(annotation)
        if kind is not None:
            columns[name] = _spec(name, name, None, kind, annotation, info, optional, metadata)
            continue
        item = _list_item(annotation)
        if item is not None and get_origin(item) is Literal:
            columns[name] = _spec(name, name, None, Kind.CHOICES, item, info, optional, metadata)
        elif isinstance(item, type) and issubclass(item, BaseModel):
            parts = _entry_columns(name, item, unsupported)
            if parts is not None:
                columns.update(parts)
                entries[name] = EntryField(name, item, tuple(parts))
        else:
            unsupported[name] = f"`{name}` holds {_describe(annotation)}"
    required = tuple(spec.name for spec in columns.values() if spec.required and spec.part is None)
    return TableFields(columns, entries, unsupported, required)


def collection_model(collection: str) -> type[BaseModel]:
    """The model of one entry of `collection` (`synpunkter` → `Synpunkt`)."""
    from compliance.data.model import Organisation

    annotation, _, _ = unwrap(Organisation.model_fields[collection].annotation)
    item = _list_item(annotation)
    if not (isinstance(item, type) and issubclass(item, BaseModel)):
        raise ValueError(f"`{collection}` is not a collection of entries")
    return item


def _entry_columns(
    name: str, model: type[BaseModel], unsupported: dict[str, str]
) -> dict[str, ColumnSpec] | None:
    parts: dict[str, ColumnSpec] = {}
    for part, info in model.model_fields.items():
        annotation, optional, metadata = unwrap(info.annotation)
        kind = _scalar_kind(annotation)
        if kind is None:
            unsupported[name] = (
                f"`{name}` is a list of entries whose `{part}` holds {_describe(annotation)}"
            )
            return None
        column = f"{name}.{part}"
        parts[column] = _spec(column, name, part, kind, annotation, info, optional, metadata)
    return parts


def _spec(
    column: str,
    field: str,
    part: str | None,
    kind: Kind,
    annotation: Any,
    info: FieldInfo,
    optional: bool,
    metadata: list[Any],
) -> ColumnSpec:
    default = None if info.is_required() else info.get_default(call_default_factory=True)
    words = kind in (Kind.CHOICE, Kind.CHOICES)
    allowed = tuple(str(arg) for arg in get_args(annotation)) if words else ()
    return ColumnSpec(
        name=column,
        field=field,
        part=part,
        kind=kind,
        required=info.is_required(),
        nullable=optional,
        default=default,
        allowed=allowed,
        bounds=_bounds([*info.metadata, *metadata]),
    )


def _scalar_kind(annotation: Any) -> Kind | None:
    if get_origin(annotation) is Literal:
        return Kind.CHOICE
    # `bool` before `int`: a yes/no field is not a number.
    simple = {bool: Kind.BOOLEAN, int: Kind.INTEGER, float: Kind.NUMBER, str: Kind.TEXT}
    if annotation in simple:
        return simple[annotation]
    if annotation is date:
        return Kind.DATE
    if annotation is Period:
        return Kind.PERIOD
    return None


def _list_item(annotation: Any) -> Any:
    if get_origin(annotation) is list:
        (item,) = get_args(annotation)
        return unwrap(item)[0]
    return None


def _bounds(metadata: list[Any]) -> Bounds:
    found: dict[str, float] = {}
    for item in metadata:
        for name, kind in (
            ("ge", annotated_types.Ge),
            ("gt", annotated_types.Gt),
            ("le", annotated_types.Le),
            ("lt", annotated_types.Lt),
        ):
            if isinstance(item, kind):
                found[name] = float(getattr(item, name))
    return Bounds(**found)


def _describe(annotation: Any) -> str:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "one nested entry"
    item = _list_item(annotation)
    if isinstance(item, type) and issubclass(item, BaseModel):
        return "a list of nested entries"
    if get_origin(annotation) is list:
        return "a list of values"
    return "a kind of value a table cannot hold"
