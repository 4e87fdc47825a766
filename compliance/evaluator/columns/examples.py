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


def columns_read(side: Side) -> list[str]:
    match side:
        case FieldSide(column=column):
            return [column]
        case ShiftSide(column=column, shifted=shifted):
            return [column, shifted]
        case OtherwiseSide(value=value, fallback=fallback):
            return [*columns_read(value), *columns_read(fallback)]
    return []


def example_facts(
    body: ir.Compare,
    sides: tuple[Side, Side],
    collection: str,
    frame: pl.DataFrame,
    rows: list[int],
    has_id: bool,
    locate: Locate,
) -> dict[int, ElementFact]:
    """The facts of each of `rows` under `body`, as the row interpreter records them for a row
    the `där` filter selected: the body's one comparison, at depth 0."""
    names = {column for side in sides for column in columns_read(side)}
    if has_id:
        names.add("id")
    values = frame[rows].select(sorted(names)).to_dict(as_series=False) if rows else {}
    ids = values.get("id") or [None] * len(rows)
    reading = _Reading(collection, values, locate, message("missing.value"))
    facts: dict[int, ElementFact] = {}
    for i, row in enumerate(rows):
        label = label_for_id(collection, row, ids[i])
        left, left_shown = reading.side(sides[0], i, row, label)
        right, right_shown = reading.side(sides[1], i, row, label)
        result = compare_values(body, left, right)
        fact = CompareFact(body.source, left_shown, right_shown, result)
        facts[row] = ElementFact(label, (collection, row), result, 0, (fact,))
    return facts


@dataclass(frozen=True)
class _Reading:
    collection: str
    values: dict[str, list[Any]]
    locate: Locate
    missing: str  # the catalogue's reason for an empty field, in the run's language

    def side(self, side: Side, i: int, row: int, label: str) -> tuple[Any, Shown]:
        match side:
            case Constant(value=value, shown=shown):
                return value, shown
            case FieldSide(source=source, column=column):
                value, field_label, path = self.field(column, i, row, label)
                return value, Shown(source, value, field_label, path)
            case OtherwiseSide(source=source, value=first, fallback=fallback):
                value, shown = self.side(first, i, row, label)
                if isinstance(value, Missing) or value is None:
                    value, shown = self.side(fallback, i, row, label)
                return value, Shown(source, value, shown.label, shown.path)
            case ShiftSide(source=source, column=column, shifted=shifted):
                value = self.field(column, i, row, label)[0]
                if not isinstance(value, Missing):
                    value = self.values[shifted][i]
                return value, Shown(source, value, None, None)
        raise AssertionError(f"no example side {type(side).__name__}")

    def field(self, column: str, i: int, row: int, label: str) -> tuple[Any, str, DataPath]:
        path = (self.collection, row, column)
        field_label = f"{label}.{column}"
        value = self.values[column][i]
        if value is None:
            item = MissingItem(field_label, self.missing, self.locate(path))
            return Missing((item,)), field_label, path
        return value, field_label, path
