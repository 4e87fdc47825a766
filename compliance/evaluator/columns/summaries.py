"""What a quantifier or an aggregate needs from its rows, computed for whole columns at once.

For each group of rows (the rows of one nämnd, say) a `Summary` holds the counts and the few
row numbers the row interpreter must still look at one by one: the first rows to show as
examples, and the rows whose outcome is unknown (their `Missing` says what is absent).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any

from compliance.syntax.kinds import AggregateKind

if TYPE_CHECKING:
    import polars as pl

# As many example rows as the row interpreter keeps (`elements.EXAMPLES_KEPT`).
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
    # `för varje`: the shown rows the `där` filter could not decide (its outcome is unknown).
    unsure: list[int] = field(default_factory=list)


EMPTY = Summary()


# What one scan asks of the columns: its shape, `där` filter, body and aggregate.
Request = tuple[Shape, "pl.Expr", "pl.Expr", AggregateKind | None]


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
    return summarize_many(frame, key, [(shape, where, body, aggregate)], keep_rows)[0]


def summarize_many(
    frame: pl.DataFrame, key: pl.Expr, requests: list[Request], keep_rows: bool = False
) -> list[dict[Any, Summary]]:
    """`summarize` for several scans grouped by the same key, in one pass over the rows: the
    grouping, the costliest step, is done once for all of them."""
    import polars as pl

    inputs = [pl.col("row"), key.alias("key")]
    columns: list[pl.Expr] = []
    for i, (shape, where, body, aggregate) in enumerate(requests):
        inputs += [where.alias(f"{i}:where"), body.alias(f"{i}:body")]
        columns += _aggregations(f"{i}:", shape, aggregate, keep_rows)
    grouped = frame.select(inputs).group_by("key", maintain_order=True).agg(columns)
    # Column by column: a million-row table has thousands of groups, and a dict per group
    # (`iter_rows(named=True)`) costs more than the grouping.
    table = grouped.to_dict(as_series=False)
    keys = table["key"]
    return [_summaries(keys, table, f"{i}:") for i in range(len(requests))]


_FIELDS = ("considered", "failed", "unknown", "shown", "values", "extreme", "offending", "unsure")


def _summaries(keys: list[Any], table: dict[str, list[Any]], prefix: str) -> dict[Any, Summary]:
    absent = [None] * len(keys)
    columns = [table.get(prefix + name, absent) for name in _FIELDS]
    found: dict[Any, Summary] = {}
    for key, *cells in zip(keys, *columns, strict=True):
        considered, failed, unknown, shown, values, extreme, offending, unsure = cells
        found[key] = Summary(
            int(considered),
            int(failed),
            unknown,
            shown,
            values or [],
            extreme,
            offending or [],
            unsure or [],
        )
    return found


def _aggregations(
    prefix: str, shape: Shape, aggregate: AggregateKind | None, keep_rows: bool
) -> list[pl.Expr]:
    import polars as pl

    where, body = pl.col(f"{prefix}where"), pl.col(f"{prefix}body")
    selected = where.fill_null(False)
    if shape is Shape.FORALL:
        failed = (selected & (~body).fill_null(False)).sum()
        unknown = where.is_null() | (selected & body.is_null())
        shown = where.is_null() | (selected & ~body.fill_null(False))
    elif shape is Shape.SOME:
        failed = pl.lit(0)
        unknown = where.is_null()
        shown = selected
    else:
        failed = pl.lit(0)
        unknown = where.is_null() | (selected & body.is_null())
        shown = pl.lit(False)
    row = pl.col("row")
    columns = [
        selected.sum().alias(f"{prefix}considered"),
        failed.alias(f"{prefix}failed"),
        row.filter(unknown).alias(f"{prefix}unknown"),
        row.filter(shown).head(SHOWN).alias(f"{prefix}shown"),
    ]
    if shape is Shape.FORALL:
        # Every such row is shown, so those among the first shown are among the first of these.
        columns.append(row.filter(where.is_null()).head(SHOWN).alias(f"{prefix}unsure"))
    if keep_rows and shape is Shape.FORALL:
        columns.append(row.filter(shown).alias(f"{prefix}offending"))
    kept = body.filter(selected & body.is_not_null())
    if aggregate is AggregateKind.SUM:
        columns.append(kept.alias(f"{prefix}values"))
    elif aggregate is AggregateKind.MIN:
        columns.append(kept.min().alias(f"{prefix}extreme"))
    elif aggregate is AggregateKind.MAX:
        columns.append(kept.max().alias(f"{prefix}extreme"))
    return columns
