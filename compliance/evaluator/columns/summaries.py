"""What a quantifier or an aggregate needs from its rows, computed for whole columns at once.

For each group of rows (the rows of one nämnd, say) a `Summary` holds the counts and the few
row numbers the row interpreter must still look at one by one: the first rows to show as
examples, and the rows whose outcome is unknown (their `Missing` says what is absent).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any

from compliance.syntax.ast import AggregateKind

if TYPE_CHECKING:
    import polars as pl

# As many example rows as the row interpreter keeps (`interpreter.EXAMPLES_KEPT`).
SHOWN = 5


class Shape(Enum):
    FORALL = "forall"  # `för varje`: rows selected by `där`, then tested by the body
    SOME = "some"  # `finns` / `inga`: rows selected by `där`
    AGGREGATE = "aggregate"


@dataclass(frozen=True)
class Summary:
    considered: int = 0  # rows the `där` filter selected
    failed: int = 0  # `för varje`: selected rows for which the body is false
    unknown: list[int] = field(default_factory=list)  # rows with an unknown outcome
    # `för varje`: the first rows that did not pass; `finns`/`inga`: the first that matched.
    shown: list[int] = field(default_factory=list)
    values: list[Any] = field(default_factory=list)  # aggregates: the kept values, in order
    extreme: Any = None  # `minsta` / `största` of the kept values
    # `för varje`, when rows are kept: every row that did not pass, in order.
    offending: list[int] = field(default_factory=list)


EMPTY = Summary()


def summarize(
    frame: pl.DataFrame,
    key: pl.Expr,
    shape: Shape,
    where: pl.Expr,
    body: pl.Expr,
    aggregate: AggregateKind | None = None,
    keep_rows: bool = False,
) -> dict[Any, Summary]:
    """One summary per value of `key`; `frame` must have a `row` column (the entity index)."""
    import polars as pl

    work = frame.select(pl.col("row"), key.alias("key"), where.alias("where"), body.alias("body"))
    selected = pl.col("where").fill_null(False)
    if shape is Shape.FORALL:
        failed = (selected & (~pl.col("body")).fill_null(False)).sum()
        unknown = pl.col("where").is_null() | (selected & pl.col("body").is_null())
        shown = pl.col("where").is_null() | (selected & ~pl.col("body").fill_null(False))
    elif shape is Shape.SOME:
        failed = pl.lit(0)
        unknown = pl.col("where").is_null()
        shown = selected
    else:
        failed = pl.lit(0)
        unknown = pl.col("where").is_null() | (selected & pl.col("body").is_null())
        shown = pl.lit(False)
    columns = [
        selected.sum().alias("considered"),
        failed.alias("failed"),
        pl.col("row").filter(unknown).alias("unknown"),
        pl.col("row").filter(shown).head(SHOWN).alias("shown"),
    ]
    if keep_rows and shape is Shape.FORALL:
        columns.append(pl.col("row").filter(shown).alias("offending"))
    kept = pl.col("body").filter(selected & pl.col("body").is_not_null())
    if aggregate is AggregateKind.SUM:
        columns.append(kept.alias("values"))
    elif aggregate is AggregateKind.MIN:
        columns.append(kept.min().alias("extreme"))
    elif aggregate is AggregateKind.MAX:
        columns.append(kept.max().alias("extreme"))
    grouped = work.group_by("key", maintain_order=True).agg(columns)
    found: dict[Any, Summary] = {}
    for row in grouped.iter_rows(named=True):
        found[row["key"]] = Summary(
            considered=int(row["considered"]),
            failed=int(row["failed"]),
            unknown=list(row["unknown"]),
            shown=list(row["shown"]),
            values=list(row.get("values") or ()),
            extreme=row.get("extreme"),
            offending=list(row.get("offending") or ()),
        )
    return found
