"""The example rows' evidence lines of `example_lines.py`, written as text columns.

Ten thousand lines for a million synpunkter cost about 7 µs each when written one by one in
Python; here each part of the line (the row's label, each side's value and how it reads, the
sentence, the line's path) is a polars string expression over all the rows at once, and only
the `Evidence` and its file location are made per row. The pieces are the writer's: the
catalogue's templates, split around their placeholders, and `format_value`'s text for the
column types it writes the same way (dates, text, yes/no, whole numbers below 10 000). For
any other side, `text_lines` gives None and the lines are written one by one.

The rows must be example rows whose comparison failed (those of subjects with no unknown row:
`prepared.py` uses no other), so every line's verdict is the writer's "does not hold".
"""

from __future__ import annotations

from dataclasses import dataclass
from string import Formatter
from typing import TYPE_CHECKING

from compliance.data.dataset import Location
from compliance.evaluator.columns.examples import (
    Constant,
    ExampleRows,
    FieldSide,
    OtherwiseSide,
    ShiftSide,
    Side,
    side_source,
)
from compliance.evaluator.evidence import Locate
from compliance.evaluator.formatting import format_value
from compliance.evaluator.values import Missing
from compliance.findings import Evidence
from compliance.messages import message

if TYPE_CHECKING:
    from collections.abc import Callable

    import polars as pl

# Whole numbers from this size on are written with a thousands space (`formatting._group`).
_GROUPED_FROM = 10_000


@dataclass(frozen=True)
class SideColumns:
    """A side over all rows: its value's text (null: unknown), whether it was read from the
    row, and the field it was read from."""

    text: pl.Expr
    labelled: pl.Expr
    field: pl.Expr


class NotWritten(Exception):
    """A side or template this module does not write as `format_value` would."""


def text_lines(
    examples: ExampleRows,
    locate: Locate,
    row_locator: Callable[[int, str | None], Location] | None,
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
        parts = {"label": _label(collection, picked, rows, examples.has_id)}
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
            **{"left shown": _shown(sides[0], left), "right shown": _shown(sides[1], right)}
        )
        left_text, right_text = pl.col("left shown"), pl.col("right shown")
        sides_text = (
            pl.when(left_text.is_null())
            .then(right_text.fill_null(""))
            .when(right_text.is_null())
            .then(left_text)
            .otherwise(pl.concat_str(left_text, pl.lit(", "), right_text))
        )
        sentence = _template(
            message("evidence.compare"),
            condition=pl.lit(body.source),
            sides=sides_text,
            verdict=pl.lit(message("evidence.fails")),
        )
        line = _template(message("evidence.example"), label=label, detail=sentence)
    except NotWritten:
        return None
    # The line points at the first side read from the row, else at the row.
    field = pl.when(left.labelled).then(left.field).when(right.labelled).then(right.field)
    path = pl.when(field.is_null()).then(label).otherwise(pl.concat_str(label, pl.lit("."), field))
    known = left.text.is_not_null() & right.text.is_not_null()
    written = picked.select(known=known, line=line, path=path, field=field)
    found: dict[int, Evidence] = {}
    lists = (written[name].to_list() for name in ("known", "line", "path", "field"))
    for row, is_known, text, line_path, column in zip(rows, *lists, strict=True):
        if not is_known:
            continue
        if row_locator is not None:
            location: Location | None = row_locator(row, column)
        else:
            place = (collection, row) if column is None else (collection, row, column)
            location = locate(place) or locate((collection, row))
        found[row] = Evidence(text, line_path, None, location)
    return found


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
            text = _formatted(column, picked)
            return SideColumns(text, pl.col(column).is_not_null(), pl.lit(column))
        case ShiftSide(column=column, shifted=shifted):
            text = pl.when(pl.col(column).is_not_null()).then(_formatted(shifted, picked))
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


def _shown(side: Side, columns: SideColumns) -> pl.Expr:
    """How the side reads (`EvidenceWriter.side`): `source = value`, or null for a value not
    read from the data whose text is its source (a literal)."""
    import polars as pl

    source = pl.lit(side_source(side))
    literal = ~columns.labelled & (
        (columns.text == source) | (pl.concat_str(pl.lit('"'), columns.text, pl.lit('"')) == source)
    )
    reads = _template(message("evidence.side"), source=source, value=columns.text)
    return pl.when(literal).then(pl.lit(None, dtype=pl.String)).otherwise(reads)


def _formatted(column: str, picked: pl.DataFrame) -> pl.Expr:
    """`format_value` of the column's values, null where a value is null."""
    import polars as pl

    dtype = picked.schema[column]
    values = pl.col(column)
    if dtype == pl.String:
        return values
    if dtype == pl.Date:
        return values.dt.strftime("%Y-%m-%d")
    if dtype == pl.Boolean:
        yes, no = message("value.true"), message("value.false")
        return pl.when(values).then(pl.lit(yes)).when(~values).then(pl.lit(no))
    if dtype.is_integer():
        largest = picked[column].abs().max()
        if largest is None or int(largest) < _GROUPED_FROM:  # type: ignore[arg-type]
            return values.cast(pl.String)
    raise NotWritten(f"{column}: {dtype}")


def _label(collection: str, picked: pl.DataFrame, rows: list[int], has_id: bool) -> pl.Expr:
    """`label_for_id`: `synpunkter[SYN-12]`, or the row's index when it has no id."""
    import polars as pl

    index = pl.Series("row", rows, dtype=pl.Int64).cast(pl.String)
    key = pl.lit(index)
    if has_id:
        ids = pl.col("id")
        if picked.schema["id"] != pl.String:
            raise NotWritten("ids that are not text")
        key = pl.when(ids.is_not_null() & (ids != "")).then(ids).otherwise(key)
    return pl.concat_str(pl.lit(f"{collection}["), key, pl.lit("]"))


def _template(template: str, **parts: pl.Expr) -> pl.Expr:
    """`template.format(**parts)` over columns."""
    import polars as pl

    pieces: list[pl.Expr] = []
    for literal, name, spec, conversion in Formatter().parse(template):
        if literal:
            pieces.append(pl.lit(literal))
        if name is None:
            continue
        if spec or conversion or name not in parts:
            raise NotWritten(f"template field {name!r}")
        pieces.append(parts[name])
    return pl.concat_str(pieces)
