"""The evidence lines of a `för varje`'s example rows, written straight from the columns.

`examples.py` makes each example row's fact, which `EvidenceWriter` then turns into a line
(`synpunkter[SYN-12]: ...: s.besvarad annars avstämningsdag = 2025-03-14, ... – stämmer
inte.`). A rule looked up before it is judged (`prepared.py`) needs only the lines, ten
thousand of them for a million synpunkter, so they are written here without the facts: each
side is read from the same cells as the fact's, its text and the sentence come from the same
writer (and its caches), and the line's path and location are those `_element` picks, the
first side read from the row, else the row.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from compliance.data.dataset import DataPath, Location, RowPlaces
from compliance.evaluator.columns.example_text import text_lines
from compliance.evaluator.columns.examples import (
    Constant,
    ExampleRows,
    FieldSide,
    OtherwiseSide,
    ShiftSide,
    Side,
    read_rows,
    side_source,
)
from compliance.evaluator.evidence import EvidenceWriter
from compliance.evaluator.operators import compare_values
from compliance.evaluator.values import Missing, label_for_id
from compliance.findings import Evidence

if TYPE_CHECKING:
    pass

# A side read at an example row (its position and label): its value, and its label and data
# column when it is read from the row (None: not read from the data, or read elsewhere, as a
# value the same for all rows); None when its value is unknown.
SideValue = tuple[Any, str | None, DataPath | None]
ValueReader = Callable[[int, int, str], SideValue | None]


def example_lines(
    examples: ExampleRows, writer: EvidenceWriter, row_places: RowPlaces | None = None
) -> dict[int, Evidence]:
    """The line of each example row that failed the body; a row whose comparison held or is
    unknown has none (its finding is written from the facts). `row_places`: a faster
    `writer.locate` for the collection's rows, when it has one."""
    found = text_lines(examples, writer.locate, row_places)
    if found is not None:
        return found
    body, sides, collection = examples.body, examples.sides, examples.collection
    values, ids = read_rows(examples)
    read_left, read_right = (_value_reader(side, collection, values) for side in sides)
    left_source, right_source = (side_source(side) for side in sides)
    source = body.source
    side_text, sentence, line = writer.side, writer.sentence, writer.example_line

    def locate(row: int, path: DataPath | None) -> Location | None:
        if row_places is not None and (path is None or len(path) == 3):
            return row_places.location(row, None if path is None else str(path[2]))
        location = None if path is None else writer.locate(path)
        return location or writer.locate((collection, row))

    lines: dict[int, Evidence] = {}
    for i, row in enumerate(examples.rows):
        label = label_for_id(collection, row, ids[i])
        left = read_left(i, row, label)
        right = read_right(i, row, label)
        if left is None or right is None:
            continue
        result = compare_values(body, left[0], right[0])
        if result is not False:
            continue
        first = side_text(left_source, left[1] is not None, left[0])[1]
        second = side_text(right_source, right[1] is not None, right[0])[1]
        # The line points at the first side read from the data, else at the row.
        side = left if left[1] is not None else right
        path = side[2]
        if path is not None and path[:2] != (collection, row):
            location = writer.locate(path) or writer.locate((collection, row))
        else:
            location = locate(row, path)
        lines[row] = line(
            label, sentence(source, first, second, result), side[1] or label, location
        )
    return lines


def _value_reader(side: Side, collection: str, values: dict[str, list[Any]]) -> ValueReader:
    match side:
        case Constant(value=value, shown=shown):
            if isinstance(value, Missing):
                return lambda i, row, label: None
            constant = (value, shown.label, shown.path)
            return lambda i, row, label: constant
        case FieldSide(column=column):
            cells = values[column]

            def field(i: int, row: int, label: str) -> SideValue | None:
                value = cells[i]
                if value is None:
                    return None
                return value, f"{label}.{column}", (collection, row, column)

            return field
        case OtherwiseSide(value=first, fallback=fallback):
            read_first = _value_reader(first, collection, values)
            read_fallback = _value_reader(fallback, collection, values)
            # Read from whichever side supplies the value.
            return lambda i, row, label: read_first(i, row, label) or read_fallback(i, row, label)
        case ShiftSide(column=column, shifted=shifted):
            dates, moved = values[column], values[shifted]

            def shift(i: int, row: int, label: str) -> SideValue | None:
                return None if dates[i] is None else (moved[i], None, None)

            return shift
    raise AssertionError(f"no example side {type(side).__name__}")
