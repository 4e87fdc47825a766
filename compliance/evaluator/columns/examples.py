"""The example rows of a `för varje` computed once for all subjects, as facts made in one batch.

A finding shows up to five rows that did not pass, each with the comparison that decided it:
`synpunkter[SYN-12]: (s.besvarad annars avstämningsdag) <= s.inkommen + 2 arbetsdagar:
s.besvarad annars avstämningsdag = 2025-03-14, …`. Evaluating each such row with the row
interpreter costs more than all the counting; when the body is one comparison whose sides are
fields of the row, `annars` between them, a date plus a duration, or values that are the same
for every row, the facts are made here from the columns instead. Every value and path is the
one the row interpreter would read: fields from the same columns its entities are built from,
a shifted date from the column the counts were computed with, the comparison itself by the row
interpreter's own `compare_values`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from compliance import ir
from compliance.data.dataset import DataPath
from compliance.evaluator.evidence import Locate
from compliance.evaluator.facts import CompareFact, ElementFact, Shown
from compliance.evaluator.operators import compare_values
from compliance.evaluator.values import Missing, MissingItem, label_for_id
from compliance.messages import message

if TYPE_CHECKING:
    import polars as pl


@dataclass(frozen=True)
class Constant:
    """A side that does not read the row: its value and how it is shown, computed once."""

    value: Any
    shown: Shown


@dataclass(frozen=True)
class FieldSide:
    """`s.besvarad`: a column of the row."""

    source: str
    column: str


@dataclass(frozen=True)
class OtherwiseSide:
    """`a annars b`: shown as whichever side supplied the value."""

    source: str
    value: Side
    fallback: Side


@dataclass(frozen=True)
class ShiftSide:
    """`s.inkommen + 2 arbetsdagar`: a date column shifted, held in a derived column."""

    source: str
    column: str
    shifted: str


Side = Constant | FieldSide | OtherwiseSide | ShiftSide


def side_source(side: Side) -> str:
    """How the side is written in the rule, as its evidence names it."""
    return side.shown.source if isinstance(side, Constant) else side.source


def columns_read(side: Side) -> list[str]:
    match side:
        case FieldSide(column=column):
            return [column]
        case ShiftSide(column=column, shifted=shifted):
            return [column, shifted]
        case OtherwiseSide(value=value, fallback=fallback):
            return [*columns_read(value), *columns_read(fallback)]
    return []


@dataclass(frozen=True)
class ExampleRows:
    """The example rows of a `för varje` whose body is one comparison, and what reading their
    cells needs."""

    body: ir.Compare
    sides: tuple[Side, Side]
    collection: str
    frame: pl.DataFrame
    rows: list[int]
    has_id: bool  # whether the collection has an `id` column (rows are labelled by it)

    def columns(self) -> list[str]:
        """The columns the sides read, and the ids."""
        names = {column for side in self.sides for column in columns_read(side)}
        if self.has_id:
            names.add("id")
        return sorted(names)

    def picked(self) -> pl.DataFrame:
        """Those columns at the example rows."""
        return self.frame.select(self.columns())[self.rows]


def example_facts(examples: ExampleRows, locate: Locate) -> dict[int, ElementFact]:
    """The facts of each example row under the body, as the row interpreter records them for
    a row the `där` filter selected: the body's one comparison, at depth 0."""
    body, collection = examples.body, examples.collection
    values, ids = read_rows(examples)
    missing = message("missing.value")
    read_left, read_right = (
        _reader(side, collection, values, locate, missing) for side in examples.sides
    )
    facts: dict[int, ElementFact] = {}
    for i, row in enumerate(examples.rows):
        label = label_for_id(collection, row, ids[i])
        left, left_shown = read_left(i, row, label)
        right, right_shown = read_right(i, row, label)
        result = compare_values(body, left, right)
        fact = CompareFact(body.source, left_shown, right_shown, result)
        facts[row] = ElementFact(label, (collection, row), result, 0, (fact,))
    return facts


def read_rows(examples: ExampleRows) -> tuple[dict[str, list[Any]], list[Any]]:
    """The cells of the example rows in the columns the sides read, and each row's id (None:
    none)."""
    if not examples.rows:
        # Every side's reader is made even when no row is read.
        return {name: [] for name in examples.columns()}, []
    values = examples.picked().to_dict(as_series=False)
    return values, values.get("id") or [None] * len(examples.rows)


# A side read at an example row (its position, row and label): its value and how it is shown.
Reader = Callable[[int, int, str], tuple[Any, Shown]]


def _reader(
    side: Side, collection: str, values: dict[str, list[Any]], locate: Locate, missing: str
) -> Reader:
    """A function per side rather than a `match` per reading: thousands of example rows read
    the same two sides. `missing` is the catalogue's reason for an empty field."""
    match side:
        case Constant(value=value, shown=shown):
            constant = (value, shown)
            return lambda i, row, label: constant
        case FieldSide(source=source, column=column):
            read = _field(column, collection, values, locate, missing)

            def field(i: int, row: int, label: str) -> tuple[Any, Shown]:
                value, field_label, path = read(i, row, label)
                return value, Shown(source, value, field_label, path)

            return field
        case OtherwiseSide(source=source, value=first, fallback=fallback):
            read_first = _reader(first, collection, values, locate, missing)
            read_fallback = _reader(fallback, collection, values, locate, missing)

            def otherwise(i: int, row: int, label: str) -> tuple[Any, Shown]:
                value, shown = read_first(i, row, label)
                if isinstance(value, Missing) or value is None:
                    value, shown = read_fallback(i, row, label)
                return value, Shown(source, value, shown.label, shown.path)

            return otherwise
        case ShiftSide(source=source, column=column, shifted=shifted):
            read_date = _field(column, collection, values, locate, missing)
            moved = values[shifted]

            def shift(i: int, row: int, label: str) -> tuple[Any, Shown]:
                value = read_date(i, row, label)[0]
                if not isinstance(value, Missing):
                    value = moved[i]
                return value, Shown(source, value, None, None)

            return shift
    raise AssertionError(f"no example side {type(side).__name__}")


def _field(
    column: str, collection: str, values: dict[str, list[Any]], locate: Locate, missing: str
) -> Callable[[int, int, str], tuple[Any, str, DataPath]]:
    cells = values[column]

    def field(i: int, row: int, label: str) -> tuple[Any, str, DataPath]:
        path = (collection, row, column)
        field_label = f"{label}.{column}"
        value = cells[i]
        if value is None:
            item = MissingItem(field_label, missing, locate(path))
            return Missing((item,)), field_label, path
        return value, field_label, path

    return field
