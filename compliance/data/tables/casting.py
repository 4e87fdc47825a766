"""Type a table's text columns from the data model, a whole column at a time.

A cell is stripped and an empty cell is "no value" (null). A column is converted to its
field's type — dates, numbers, whole numbers, yes/no, allowed words — with polars' non-strict
casts: a cell that does not convert becomes null, and the cells that were written but came
out null are exactly the bad ones (`cell_problems` words them). No Python loop runs over the
rows. Stripping costs as much as converting, so a converted column is first converted as
written and only stripped when some cell fails.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from compliance.data.tables.fields import ColumnSpec, Kind

if TYPE_CHECKING:
    import polars as pl

DATE_LENGTH = len("2025-05-31")
# Swedish exports group thousands with a space, often a no-break one (`1 234,5`).
_GROUPING = r"[ \u00a0\u202f]"
_BOOLEANS = {
    "ja": True,
    "nej": False,
    "true": True,
    "false": False,
    "sant": True,
    "falskt": False,
}
BOOLEAN_WORDS = tuple(_BOOLEANS)


# Kinds whose text is converted or checked against a list; their text is only cleaned when
# a cell fails.
_CONVERTED = frozenset({Kind.DATE, Kind.NUMBER, Kind.INTEGER, Kind.BOOLEAN, Kind.CHOICE})


@dataclass(frozen=True)
class Columns:
    """A table's columns by name: as (cleaned) text, and typed."""

    text: pl.DataFrame  # stripped text, empty cells null; what error messages quote
    typed: pl.DataFrame  # the typed columns of the `Table`
    decimal: str


def read_columns(
    frame: pl.DataFrame,
    positions: dict[str, int],
    specs: dict[str, ColumnSpec],
    requested_decimal: str | None,
    separator: str | None,
) -> Columns:
    """The columns at `positions` of the raw text `frame`, typed by their specs."""
    import polars as pl

    source = frame.columns
    text = frame.select(pl.col(source[index]).alias(name) for name, index in positions.items())
    text = _clean(text, [name for name in text.columns if specs[name].kind not in _CONVERTED])
    decimal = detect_decimal(text, list(specs.values()), requested_decimal, separator)
    typed = text.select(_typed(specs[name], decimal).alias(name) for name in text.columns)
    # Converted columns were typed from the text as written, which is right for all but a
    # cell with spaces around it or a quoted empty cell: only a column where a cell failed
    # is cleaned and converted again. (Stripping every column costs more than reading it.)
    failed = typed.select(
        (pl.col(name).is_null() & text[name].is_not_null()).any().alias(name)
        for name in typed.columns
        if specs[name].kind in _CONVERTED
    )
    again = [name for name in failed.columns if failed[name][0]]
    if again:
        text = _clean(text, again)
        typed = typed.with_columns(
            text.select(_typed(specs[name], decimal).alias(name) for name in again)
        )
    return Columns(text, typed, decimal)


def _clean(text: pl.DataFrame, names: list[str]) -> pl.DataFrame:
    """`text` with the columns `names` stripped and their empty cells null."""
    import polars as pl

    if not names:
        return text
    text = text.with_columns(pl.col(names).str.strip_chars())
    empty = text.select((pl.col(names).str.len_bytes() == 0).any())
    with_empty = [name for name in names if empty[name][0]]
    if not with_empty:
        return text
    return text.with_columns(
        pl.when(pl.col(name).str.len_bytes() > 0).then(pl.col(name)).alias(name)
        for name in with_empty
    )


def drop_blank_rows(columns: Columns, rows: pl.Series) -> tuple[Columns, pl.Series]:
    """Without the rows that have no value in any column (blank lines, `;;;`): no entry."""
    import polars as pl

    text = columns.text
    if text.width == 0 or text.height == 0:
        return columns, rows
    keep = text.select(pl.any_horizontal(pl.all().is_not_null())).to_series()
    count = int(keep.sum())
    if count == len(keep):
        return columns, rows
    if keep.slice(0, count).all():
        # Blank lines only at the end, as files often have: cut them off without copying.
        kept = Columns(text.head(count), columns.typed.head(count), columns.decimal)
        return kept, rows.head(count)
    kept = Columns(text.filter(keep), columns.typed.filter(keep), columns.decimal)
    return kept, rows.filter(keep)


def fill_defaults(typed: pl.DataFrame, specs: dict[str, ColumnSpec]) -> pl.DataFrame:
    """Empty cells of a field that cannot be unknown hold its default, as an omitted key in
    YAML does (`kategori` → `synpunkt`), so that the frame and `Table.models` agree. (Parts
    of a list entry are left empty: an empty part must not make an entry appear.)"""
    import polars as pl

    filled = [
        pl.col(name).fill_null(spec.default)
        for name, spec in specs.items()
        if spec.part is None
        and not spec.nullable
        and spec.default is not None
        and not isinstance(spec.default, list)
        and typed[name].null_count() > 0
    ]
    return typed.with_columns(filled) if filled else typed


def detect_decimal(
    text: pl.DataFrame, specs: list[ColumnSpec], requested: str | None, separator: str | None
) -> str:
    """The decimal mark: as declared, else the one the number columns use, else `,` for a
    `;`-separated file (Swedish Excel) and `.` otherwise."""
    import polars as pl

    if requested is not None:
        return requested
    numbers = [spec.name for spec in specs if spec.kind is Kind.NUMBER]
    fallback = "," if separator == ";" else "."
    if not numbers or text.height == 0:
        return fallback
    found = text.select(
        pl.any_horizontal(pl.col(numbers).str.contains(",", literal=True).any()).alias(","),
        pl.any_horizontal(pl.col(numbers).str.contains(".", literal=True).any()).alias("."),
    ).row(0)
    comma, point = bool(found[0]), bool(found[1])
    if comma != point:
        return "," if comma else "."
    return fallback


def _typed(spec: ColumnSpec, decimal: str) -> pl.Expr:
    import polars as pl

    text = pl.col(spec.name)
    match spec.kind:
        case Kind.TEXT | Kind.CHOICES | Kind.PERIOD:
            # Lists of words and periods stay text; `cell_problems` checks them.
            return text
        case Kind.CHOICE:
            return pl.when(text.is_in(list(spec.allowed))).then(text)
        case Kind.DATE:
            # `%Y-%m-%d` alone also reads `2025-1-5`; dates are written with ten characters.
            # (A full pattern match would cost as much again as the conversion; what the
            # length lets through is a date padded with a space or a sign, `+2025-1-01`.)
            return pl.when(text.str.len_bytes() == DATE_LENGTH).then(
                text.str.to_date("%Y-%m-%d", strict=False)
            )
        case Kind.NUMBER:
            number = _number_text(text, decimal).cast(pl.Float64, strict=False)
            return pl.when(number.is_finite()).then(number)
        case Kind.INTEGER:
            return text.str.replace_all(_GROUPING, "").cast(pl.Int64, strict=False)
        case Kind.BOOLEAN:
            return text.str.to_lowercase().replace_strict(
                _BOOLEANS, default=None, return_dtype=pl.Boolean
            )
    raise AssertionError(f"unhandled column kind {spec.kind}")


def _number_text(text: pl.Expr, decimal: str) -> pl.Expr:
    import polars as pl

    digits = text.str.replace_all(_GROUPING, "")
    if decimal == ".":
        return digits  # `87,5` does not convert and is reported
    # With a decimal comma, a `.` is a mistake (or a thousands mark) and must not pass.
    return (
        pl.when(digits.str.contains(".", literal=True))
        .then(None)
        .otherwise(digits.str.replace(",", ".", literal=True))
    )
