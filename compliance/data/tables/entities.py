"""Build a table's rows as the collection's model instances, for the row-by-row evaluator.

The values were checked column-wise when the table was read, so the models are constructed
without validating again. `BaseModel.model_construct` does that, but looks up every field's
aliases and default for each instance, which for a million synpunkter takes twenty seconds;
`_Constructor` does the same work once per table and then only fills each instance's
`__dict__`, as `model_construct` does. Models that `model_construct` treats specially (aliases,
extra fields, `model_post_init`) are built with `model_construct` itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from copy import copy
from itertools import repeat
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from compliance.data.tables.bulk import paused_garbage_collection
from compliance.data.tables.fields import ColumnSpec, EntryField, Kind, table_fields
from compliance.periods import Period, parse_period

if TYPE_CHECKING:
    import polars as pl


def build_models(frame: pl.DataFrame, model: type[BaseModel]) -> list[BaseModel]:
    with paused_garbage_collection():
        return _build(frame, model)


def _build(frame: pl.DataFrame, model: type[BaseModel]) -> list[BaseModel]:
    fields = table_fields(model)
    values = _plain_values(frame, fields.columns)
    for entry in fields.entries.values():
        parts = [part for part in entry.parts if part in frame.columns]
        if parts:
            values[entry.field] = _entries(frame, entry, parts, fields.columns)
    return list(_Constructor(model, list(values)).build(values, frame.height))


def _plain_values(frame: pl.DataFrame, specs: dict[str, ColumnSpec]) -> dict[str, list[Any]]:
    """Each single-valued field's values, by field name, in the frame's column order."""
    values: dict[str, list[Any]] = {}
    for name in frame.columns:
        spec = specs.get(name)
        if spec is not None and spec.part is None:
            values[spec.field] = _values(frame[name], spec)
    return values


class RowBuilder:
    """Chosen rows of a table as models, for a reader that needs a few rows of many (the near
    misses of a failing `finns`): the columns are read into Python once, and only the rows
    asked for are built, as `build_models` builds them."""

    def __init__(self, frame: pl.DataFrame, model: type[BaseModel]) -> None:
        import polars as pl

        fields = table_fields(model)
        self.values = _plain_values(frame, fields.columns)
        # Per list-of-entries field: its entry constructor, its parts' values, and whether
        # each row gives any part (a row with none has no entry: the field is unknown).
        self.entries: list[tuple[str, _Constructor, dict[str, list[Any]], list[bool]]] = []
        for entry in fields.entries.values():
            parts = [part for part in entry.parts if part in frame.columns]
            if not parts:
                continue
            specs = fields.columns
            names = [specs[part].part or part for part in parts]
            columns = {
                name: _values(frame[part], specs[part])
                for name, part in zip(names, parts, strict=True)
            }
            given = frame.select(pl.any_horizontal(pl.col(parts).is_not_null())).to_series()
            self.entries.append(
                (entry.field, _Constructor(entry.model, names), columns, given.to_list())
            )
        self.constructor = _Constructor(
            model, [*self.values, *(field for field, *_ in self.entries)]
        )

    def build(self, indices: list[int]) -> list[BaseModel]:
        # One row at a time: a reader asks for a few rows per call, where building
        # column-wise costs more in setting up than in building.
        models = []
        for i in indices:
            values = {name: column[i] for name, column in self.values.items()}
            for field, constructor, columns, given in self.entries:
                values[field] = (
                    [constructor.one({name: column[i] for name, column in columns.items()})]
                    if given[i]
                    else None
                )
            models.append(self.constructor.one(values))
        return models


class _Constructor:
    """Instances of `model` from values of the fields `given`, with defaults for the rest."""

    def __init__(self, model: type[BaseModel], given: list[str]) -> None:
        self.model = model
        self.given = given
        self.names = list(model.model_fields)
        self._default_values: dict[str, tuple[bool, Any]] = {}
        self.plain = not (
            model.__pydantic_post_init__
            or model.__pydantic_root_model__
            or model.model_config.get("extra") == "allow"
            or any(
                field.alias is not None or field.validation_alias is not None
                for field in model.model_fields.values()
            )
        )

    def build(self, values: dict[str, list[Any]], count: int) -> Iterator[BaseModel]:
        if not self.plain:
            for row in _rows(values, count):
                yield self.model.model_construct(**row)
            return
        columns: list[Iterable[Any]] = []
        for name in self.names:
            if name in values:
                columns.append(values[name])
            else:
                columns.append(self._defaults(name, count))
        new = self.model.__new__
        names, given = self.names, self.given
        for cells in zip(*columns, strict=True):
            instance = new(self.model)
            _set(instance, "__dict__", dict(zip(names, cells, strict=True)))
            _set(instance, "__pydantic_fields_set__", set(given))
            _set(instance, "__pydantic_extra__", None)
            _set(instance, "__pydantic_private__", None)
            yield instance

    def one(self, values: dict[str, Any]) -> BaseModel:
        """One instance from the values of the fields `given`, as `build` makes it."""
        if not self.plain:
            return self.model.model_construct(**values)
        fields: dict[str, Any] = {}
        for name in self.names:
            if name in values:
                fields[name] = values[name]
            else:
                fresh, value = self._default(name)
                fields[name] = copy(value) if fresh else value
        instance = self.model.__new__(self.model)
        _set(instance, "__dict__", fields)
        _set(instance, "__pydantic_fields_set__", set(self.given))
        _set(instance, "__pydantic_extra__", None)
        _set(instance, "__pydantic_private__", None)
        return instance

    def _defaults(self, name: str, count: int) -> Iterable[Any]:
        fresh, value = self._default(name)
        if fresh:
            # A fresh value for each instance: a shared list would be one object in every row.
            return (copy(value) for _ in range(count))
        return repeat(value, count)

    def _default(self, name: str) -> tuple[bool, Any]:
        """The field's default, and whether each instance needs a copy of its own."""
        known = self._default_values.get(name)
        if known is None:
            # `get_default` inspects the factory's signature on every call: asked once.
            info = self.model.model_fields[name]
            if info.default_factory is not None:
                known = (True, info.get_default(call_default_factory=True))
            else:
                known = (False, info.get_default())
            self._default_values[name] = known
        return known


_set = object.__setattr__


def _rows(values: dict[str, list[Any]], count: int) -> Iterator[dict[str, Any]]:
    names = list(values)
    if not names:
        return (dict[str, Any]() for _ in range(count))
    return (dict(zip(names, row, strict=True)) for row in zip(*values.values(), strict=True))


def _values(column: pl.Series, spec: ColumnSpec) -> list[Any]:
    values = column.to_list()
    convert = _converter(spec.kind)
    if convert is not None:
        values = [None if value is None else convert(value) for value in values]
    if spec.nullable:
        return values
    if isinstance(spec.default, list):
        # A fresh list for each entry: a shared default would be one object in every row.
        return [list(spec.default) if value is None else value for value in values]
    return [spec.default if value is None else value for value in values]


def _converter(kind: Kind) -> Callable[[Any], Any] | None:
    if kind is Kind.PERIOD:
        periods: dict[str, Period] = {}

        def period(text: str) -> Period:
            found = periods.get(text)
            if found is None:
                found = periods[text] = parse_period(text)
            return found

        return period
    if kind is Kind.CHOICES:
        return _words
    return None


def _words(text: str) -> list[str]:
    return [word.strip() for word in text.split(",") if word.strip()]


def _entries(
    frame: pl.DataFrame, entry: EntryField, parts: list[str], specs: dict[str, ColumnSpec]
) -> list[list[BaseModel] | None]:
    """One entry per row that gives any of its parts; None (unknown) for a row with none."""
    import polars as pl

    names = [specs[part].part or part for part in parts]
    columns = {
        name: _values(frame[part], specs[part]) for name, part in zip(names, parts, strict=True)
    }
    given = frame.select(pl.any_horizontal(pl.col(parts).is_not_null())).to_series()
    chosen = given.arg_true().to_list()
    entries = _Constructor(entry.model, names).build(
        {name: [column[i] for i in chosen] for name, column in columns.items()}, len(chosen)
    )
    result: list[list[BaseModel] | None] = [None] * frame.height
    for index, built in zip(chosen, entries, strict=True):
        result[index] = [built]
    return result
