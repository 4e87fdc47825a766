"""The example rows' evidence lines of `example_lines.py`, written as text columns.

Ten thousand lines for a million synpunkter cost about 7 µs each when written one by one in
Python; here each part of the line (the row's label, each side's value and how it reads, the
sentence, the line's path) is a polars string expression over all the rows at once, and only
the `Evidence` and its file location are made per row. The pieces are the writer's
(`text_parts.py`); for any other side, `text_lines` gives None and the lines are written one
by one.

The rows must be example rows whose comparison failed (those of subjects with no unknown row:
`prepared.py` uses no other), so every line's verdict is the writer's "does not hold".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from compliance.data.dataset import RowPlaces
from compliance.evaluator.columns.examples import (
    Constant,
    ExampleRows,
    FieldSide,
    OtherwiseSide,
    ShiftSide,
    Side,
    side_source,
)
from compliance.evaluator.columns.text_parts import (
    NotWritten,
    PlacedRows,
    formatted,
    row_label,
    side_reads,
    sides_text,
    template,
)
from compliance.evaluator.evidence import Locate
from compliance.evaluator.formatting import format_value
from compliance.evaluator.values import Missing
from compliance.findings import Evidence, new_evidence
from compliance.messages import message

if TYPE_CHECKING:
    import polars as pl


@dataclass(frozen=True)
class SideColumns:
    """A side over all rows: its value's text (null: unknown), whether it was read from the
    row, and the field it was read from."""

    text: pl.Expr
    labelled: pl.Expr
    field: pl.Expr


def text_lines(
    examples: ExampleRows,
    locate: Locate,
    row_places: RowPlaces | None,
) -> dict[int, Evidence] | None:
    """The line of each example row whose sides are known, or None when one cannot be
    written here."""
    import polars as pl

    body, sides, collection, rows = (
        examples.body,
        examples.sides,
        examples.collection,
        examples.rows,
    )
    picked = examples.picked() if rows else examples.frame.clear().select(examples.columns())
    try:
        # Each part is made once as a column, then read by name: an expression used in
        # several places would be computed again in each.
        parts = {"label": row_label(collection, picked, rows, examples.has_id)}
        for prefix, side in zip(("left", "right"), sides, strict=True):
            columns = _side(side, picked)
            parts |= {f"{prefix} text": columns.text, f"{prefix} labelled": columns.labelled}
            parts[f"{prefix} field"] = columns.field
        picked = picked.with_columns(**parts)
        left, right = (
            SideColumns(pl.col(f"{p} text"), pl.col(f"{p} labelled"), pl.col(f"{p} field"))
            for p in ("left", "right")
        )
        label = pl.col("label")
        picked = picked.with_columns(
            **{
                "left shown": side_reads(side_source(sides[0]), left.text, left.labelled),
                "right shown": side_reads(side_source(sides[1]), right.text, right.labelled),
            }
        )
        sentence = template(
            message("evidence.compare"),
            condition=pl.lit(body.source),
            sides=sides_text(pl.col("left shown"), pl.col("right shown")),
            verdict=pl.lit(message("evidence.fails")),
        )
        line = template(message("evidence.example"), label=label, detail=sentence)
    except NotWritten:
        return None
    # The line points at the first side read from the row, else at the row.
    field = pl.when(left.labelled).then(left.field).when(right.labelled).then(right.field)
    path = pl.when(field.is_null()).then(label).otherwise(pl.concat_str(label, pl.lit("."), field))
    known = left.text.is_not_null() & right.text.is_not_null()
    written = picked.select(known=known, line=line, path=path, field=field)
    known_rows, texts, paths, fields = (
        written[name].to_list() for name in ("known", "line", "path", "field")
    )
    shown = [i for i, is_known in enumerate(known_rows) if is_known]
    placed = PlacedRows(collection, [rows[i] for i in shown], locate, row_places)
    at = placed.of_fields([fields[i] for i in shown])
    return {
        rows[i]: new_evidence(texts[i], paths[i], None, at[position])
        for position, i in enumerate(shown)
    }


def _side(side: Side, picked: pl.DataFrame) -> SideColumns:
    import polars as pl

    match side:
        case Constant(value=value, shown=shown):
            if isinstance(value, Missing) or shown.label is not None:
                raise NotWritten("a constant read from the data")
            return SideColumns(
                pl.lit(format_value(value)), pl.lit(False), pl.lit(None, dtype=pl.String)
            )
        case FieldSide(column=column):
            text = formatted(column, picked)
            return SideColumns(text, pl.col(column).is_not_null(), pl.lit(column))
        case ShiftSide(column=column, shifted=shifted):
            text = pl.when(pl.col(column).is_not_null()).then(formatted(shifted, picked))
            return SideColumns(text, pl.lit(False), pl.lit(None, dtype=pl.String))
        case OtherwiseSide(value=first, fallback=fallback):
            one, other = _side(first, picked), _side(fallback, picked)
            used = one.text.is_not_null()
            return SideColumns(
                pl.when(used).then(one.text).otherwise(other.text),
                pl.when(used).then(one.labelled).otherwise(other.labelled),
                pl.when(used).then(one.field).otherwise(other.field),
            )
    raise NotWritten(type(side).__name__)
