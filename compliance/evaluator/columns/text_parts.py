"""The parts of evidence sentences as polars string expressions, shared by the batch writers
of example rows (`example_text.py`) and of witnesses (`witness_text.py`).

Each part is written exactly as `EvidenceWriter` and `format_value` write it for one value:
the catalogue's templates split around their placeholders, a row's label, a value's text for
the column types `format_value` writes the same way whatever the value (dates, text, yes/no,
whole numbers below 10 000). Anything else raises `NotWritten`, and the caller writes its
lines one by one.
"""

from __future__ import annotations

from string import Formatter
from typing import TYPE_CHECKING

from compliance.data.dataset import Location, RowPlaces
from compliance.evaluator.evidence import Locate
from compliance.messages import message

if TYPE_CHECKING:
    import polars as pl

# Whole numbers from this size on are written with a thousands space (`formatting._group`).
_GROUPED_FROM = 10_000


class NotWritten(Exception):
    """A side or template these expressions do not write as `format_value` would."""


class PlacedRows:
    """Where rows of a collection are, at the row or at a field of each (the lines' file
    locations); made in one batch per field when the collection is one table."""

    def __init__(
        self, collection: str, rows: list[int], locate: Locate, places: RowPlaces | None
    ) -> None:
        self.collection, self.rows = collection, rows
        self.locate, self.places = locate, places

    def of_rows(self) -> list[Location | None]:
        return self._of(self.rows, None)

    def of_fields(self, fields: list[str | None]) -> list[Location | None]:
        """At the field each row names; at the row where it names none."""
        placed: list[Location | None] = [None] * len(fields)
        for field in dict.fromkeys(fields):
            positions = [p for p, named in enumerate(fields) if named == field]
            located = self._of([self.rows[p] for p in positions], field)
            for position, location in zip(positions, located, strict=True):
                placed[position] = location
        return placed

    def _of(self, rows: list[int], field: str | None) -> list[Location | None]:
        if self.places is not None:
            return list(self.places.locations(rows, field))
        collection, locate = self.collection, self.locate
        if field is None:
            return [locate((collection, row)) for row in rows]
        return [locate((collection, row, field)) or locate((collection, row)) for row in rows]


def formatted(column: str, frame: pl.DataFrame) -> pl.Expr:
    """`format_value` of the column's values, null where a value is null."""
    import polars as pl

    dtype = frame.schema[column]
    values = pl.col(column)
    if dtype == pl.String:
        return values
    if dtype == pl.Date:
        return values.dt.strftime("%Y-%m-%d")
    if dtype == pl.Boolean:
        yes, no = message("value.true"), message("value.false")
        return pl.when(values).then(pl.lit(yes)).when(~values).then(pl.lit(no))
    if dtype.is_integer():
        largest = frame[column].abs().max()
        if largest is None or int(largest) < _GROUPED_FROM:  # type: ignore[arg-type]
            return values.cast(pl.String)
    raise NotWritten(f"{column}: {dtype}")


def row_label(collection: str, frame: pl.DataFrame, rows: list[int], has_id: bool) -> pl.Expr:
    """`label_for_id` of each row of `frame`, the collection's `rows`: `synpunkter[SYN-12]`,
    or the row's index when it has no id."""
    import polars as pl

    index = pl.Series("row", rows, dtype=pl.Int64).cast(pl.String)
    key = pl.lit(index)
    if has_id:
        ids = pl.col("id")
        if frame.schema["id"] != pl.String:
            raise NotWritten("ids that are not text")
        key = pl.when(ids.is_not_null() & (ids != "")).then(ids).otherwise(key)
    return pl.concat_str(pl.lit(f"{collection}["), key, pl.lit("]"))


def side_reads(source: str, text: pl.Expr, labelled: pl.Expr) -> pl.Expr:
    """How a side reads (`EvidenceWriter.side`): `source = value`, or null for a value not read
    from the data whose text is its source (a literal)."""
    import polars as pl

    written = pl.lit(source)
    literal = ~labelled & (
        (text == written) | (pl.concat_str(pl.lit('"'), text, pl.lit('"')) == written)
    )
    reads = template(message("evidence.side"), source=written, value=text)
    return pl.when(literal).then(pl.lit(None, dtype=pl.String)).otherwise(reads)


def sides_text(left: pl.Expr, right: pl.Expr) -> pl.Expr:
    """Both sides' readings as `EvidenceWriter.sentence` joins them; a null reading is left
    out."""
    import polars as pl

    return (
        pl.when(left.is_null())
        .then(right.fill_null(""))
        .when(right.is_null())
        .then(left)
        .otherwise(pl.concat_str(left, pl.lit(", "), right))
    )


def template(text: str, **parts: pl.Expr) -> pl.Expr:
    """`text.format(**parts)` over columns."""
    import polars as pl

    pieces: list[pl.Expr] = []
    for literal, name, spec, conversion in Formatter().parse(text):
        if literal:
            pieces.append(pl.lit(literal))
        if name is None:
            continue
        if spec or conversion or name not in parts:
            raise NotWritten(f"template field {name!r}")
        pieces.append(parts[name])
    return pl.concat_str(pieces)
