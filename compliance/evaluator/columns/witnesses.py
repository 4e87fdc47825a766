"""The witness of every `finns` that holds, made from the columns in one batch.

A `finns` that holds shows its first matching row and the comparisons of its `där` filter:
`rapporter[åb-2025-sof]: r.nämnd = n: r.nämnd = Socialnämnden, n = Socialnämnden, …`.
Evaluating that row with the row interpreter, for thousands of subjects, costs more than all
the counting. When the filter is a conjunction of comparisons whose sides are fields of the
row (an id field shown as the entity it names), `annars` between sides, a part of a period
field, a date shifted by a duration, or values that do not read the row, the facts are made
here from the witness rows' columns instead. A conjunct that is a `finns` over a one-entry list
of the row adds no comparison at this level (its own facts are never shown for a witness), so
it is left out.

Every value is the one the row interpreter reads: fields from the columns its entities are
built from, an id looked up in the same index, the other sides by the row interpreter itself,
and each comparison by its own `compare_values`. A row where any of that does not come out
as a comparison that holds gives None, and the row interpreter makes that witness instead.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from compliance import ir
from compliance.evaluator.columns.examples import ShiftSide
from compliance.evaluator.facts import CompareFact, ElementFact, Shown
from compliance.evaluator.operators import compare_values
from compliance.evaluator.values import EntityValue, Missing, label_for_id

if TYPE_CHECKING:
    import polars as pl

    from compliance.evaluator.columns.store import ColumnStore


@dataclass(frozen=True)
class RowField:
    """`g.status`, or `g.nämnd` shown as the entity of `ref` whose id the column holds."""

    source: str
    column: str
    ref: str | None


@dataclass(frozen=True)
class RowPart:
    """`r.period.år`: a part of a period field, held in a derived column; shown bare."""

    source: str
    column: str


@dataclass(frozen=True)
class Either:
    """`a annars b`: shown as whichever side supplied the value."""

    source: str
    value: WitnessSide
    fallback: WitnessSide


@dataclass(frozen=True)
class Fixed:
    """A side that is the same for every row and subject (`period.slut`, `"gällande"`)."""

    value: Any
    shown: Shown


@dataclass(frozen=True)
class Outer:
    """A side that does not read the row (`n`, `period.slut`, `frist`): the subject's."""

    node: ir.Node


# A shifted date is `examples.ShiftSide`: the same derived columns, shown bare.
WitnessSide = RowField | RowPart | ShiftSide | Either | Fixed | Outer

# A conjunct: a comparison and its two sides, or None for a one-entry `finns` (no fact here).
Conjunct = tuple[ir.Compare, WitnessSide, WitnessSide] | None

# A field that is empty on the row: told apart from every value, None included.
_EMPTY = object()

# How a side that does not read the row is shown for the subject at hand (None: it cannot be).
OuterSide = Callable[[ir.Node], "tuple[Any, Shown] | None"]
# A side read at a witness: its value and how it is shown, or None (see `Witnesses._reader`).
Read = tuple[Any, Shown] | None
Reader = Callable[[int, int, str, OuterSide], Read]


def witness_sides(
    where: ir.Node | None, var: str, side: Callable[[ir.Node], WitnessSide | None]
) -> list[Conjunct] | None:
    """The conjuncts of a `där` filter made from the columns, or None when one cannot be."""
    operands: tuple[ir.Node, ...] = ()
    if where is not None:
        operands = where.operands if isinstance(where, ir.And) else (where,)
    conjuncts: list[Conjunct] = []
    for operand in operands:
        match operand:
            case ir.Compare(kind=kind) if kind is not ir.CompareKind.PERIOD:
                left, right = side(operand.left), side(operand.right)
                if left is None or right is None:
                    return None
                conjuncts.append((operand, left, right))
            case ir.Quantify(collection=ir.Field(target=ir.Local(name=name))) if name == var:
                conjuncts.append(None)
            case _:
                return None
    return conjuncts


def columns_read(side: WitnessSide) -> list[str]:
    match side:
        case RowField(column=column) | RowPart(column=column):
            return [column]
        case ShiftSide(column=column, shifted=shifted):
            return [column, shifted]
        case Either(value=value, fallback=fallback):
            return [*columns_read(value), *columns_read(fallback)]
    return []


class Witnesses:
    """The witness facts of one `finns` for every subject whose witness is among `rows`."""

    def __init__(
        self,
        where: ir.Node | None,
        conjuncts: list[Conjunct],
        collection: str,
        store: ColumnStore,
        rows: list[int],
        index: Mapping[str, Mapping[Any, EntityValue]],
    ) -> None:
        self.conjuncts = conjuncts
        self.collection = collection
        # `_and` counts every operand that held: all of them, for a witness.
        self.depth = len(conjuncts) if isinstance(where, ir.And) else 0
        names = {c for j in conjuncts if j is not None for s in j[1:] for c in columns_read(s)}
        if "id" in store.columns(collection):
            names.add("id")
        frame: pl.DataFrame = store.frame(collection)
        values = frame.select(sorted(names))[rows].to_dict(as_series=False) if rows else {}
        self.values = values
        self.at = {row: i for i, row in enumerate(rows)}

        self.index = index
        # Each side compiled once into a function of the witness's position (`_reader`).
        self.readers = [
            None if j is None else (j[0], self._reader(j[1]), self._reader(j[2])) for j in conjuncts
        ]

    def fact(self, row: int, outer: OuterSide) -> ElementFact | None:
        """The witness fact of `row`; `outer` shows a side that does not read the row."""
        i = self.at.get(row)
        if i is None:
            return None
        ids = self.values.get("id")
        label = label_for_id(self.collection, row, ids[i] if ids is not None else None)
        facts: list[CompareFact] = []
        for conjunct in self.readers:
            if conjunct is None:
                continue
            node, read_left, read_right = conjunct
            left = read_left(i, row, label, outer)
            right = read_right(i, row, label, outer)
            if left is None or right is None or left[0] is _EMPTY or right[0] is _EMPTY:
                return None
            result = compare_values(node, left[0], right[0])
            if result is not True:
                return None
            facts.append(CompareFact(node.source, left[1], right[1], result))
        return ElementFact(label, (self.collection, row), True, self.depth, tuple(facts))

    def _reader(self, side: WitnessSide) -> Reader:
        """A side's value and how it is shown, as a function of the witness's position, row,
        label and the subject's `outer`; it gives None when the row interpreter must show
        the side. A function per side rather than a `match` per reading: thousands of
        witnesses read the same few sides."""
        match side:
            case RowField(source=source, column=column, ref=ref):
                return self._field(source, column, ref)
            case RowPart(source=source, column=column):
                parts = self.values[column]

                def part(i: int, row: int, label: str, outer: OuterSide) -> Read:
                    value = parts[i]
                    return None if value is None else (value, Shown(source, value, None, None))

                return part
            case ShiftSide(source=source, column=column, shifted=shifted):
                dates, moved = self.values[column], self.values[shifted]

                def shift(i: int, row: int, label: str, outer: OuterSide) -> Read:
                    value = moved[i]
                    if dates[i] is None or value is None:
                        return None
                    return value, Shown(source, value, None, None)

                return shift
            case Either(source=source, value=value, fallback=fallback):
                return _either(source, self._reader(value), self._reader(fallback))
            case Fixed(value=value, shown=shown):
                fixed = (value, shown)
                return lambda i, row, label, outer: fixed
            case Outer(node=node):
                return lambda i, row, label, outer: outer(node)
        raise AssertionError(f"no witness side {type(side).__name__}")

    def _field(self, source: str, column: str, ref: str | None) -> Reader:
        cells = self.values[column]
        collection = self.collection
        index = self.index

        def field(i: int, row: int, label: str, outer: OuterSide) -> Read:
            raw = cells[i]
            if raw is None:
                return _EMPTY, Shown(source, None, None, None)
            value = raw
            if ref is not None:
                value = index[ref].get(raw)
                if value is None:
                    return None  # an unknown id: a problem the row interpreter words
            return value, Shown(source, value, f"{label}.{column}", (collection, row, column))

        return field


def _either(source: str, first: Reader, fallback: Reader) -> Reader:
    """`a annars b`: shown as whichever side supplied the value."""

    def either(i: int, row: int, label: str, outer: OuterSide) -> Read:
        found = first(i, row, label, outer)
        if found is None:
            return None
        if found[0] is _EMPTY or isinstance(found[0], Missing) or found[0] is None:
            found = fallback(i, row, label, outer)
            if found is None or found[0] is _EMPTY:
                return None
        value, shown = found
        return value, Shown(source, value, shown.label, shown.path)

    return either
