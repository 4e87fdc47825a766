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

# From this many rows on, the row lists are gathered in a grouping of their own (see
# `summarize_many`).
SPLIT_ROWS = 20_000


class Shape(Enum):
    FORALL = "forall"  # `för varje`: rows selected by `där`, then tested by the body
    SOME = "some"  # `finns` / `inga`: rows selected by `där`
    AGGREGATE = "aggregate"


# Slotted and not frozen: a million-row table has thousands of groups times several scans,
# and a frozen dataclass costs several times as much to build. Nothing changes one once built.
@dataclass(slots=True)
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
    """`summarize` for several scans grouped by the same key at once: the grouping, the
    costliest step, is done once for all of them.

    In a large table the counts come from a grouping of every row, and the row lists (shown,
    unknown, ...) from a second grouping of only the rows some list can hold, usually few: a
    list aggregated for every group costs nearly as much as the grouping, even when empty."""
    import polars as pl

    inputs = [pl.col("row"), key.alias("key")]
    counts: list[pl.Expr] = []
    lists: list[pl.Expr] = []
    marks: list[pl.Expr] = []
    for i, (shape, where, body, aggregate) in enumerate(requests):
        inputs += [where.alias(f"{i}:where"), body.alias(f"{i}:body")]
        counts += _counts(f"{i}:", shape, aggregate)
        for name, (mark, head) in _lists(f"{i}:", shape, keep_rows).items():
            row = pl.col("row").filter(mark)
            lists.append((row if head is None else row.head(head)).alias(name))
            marks.append(mark)
    rows = frame.lazy().select(inputs)
    if frame.height < SPLIT_ROWS:
        # A subject's few rows: one grouping costs less than two queries.
        grouped = rows.group_by("key", maintain_order=True).agg(counts + lists).collect()
        table = grouped.to_dict(as_series=False)
        return [_summaries(table, table, f"{i}:") for i in range(len(requests))]
    # In the order each key first occurs, as `maintain_order` would give, for less.
    first = pl.col("row").first().alias("first")
    totals = rows.group_by("key").agg([first, *counts]).sort("first")
    marked = rows.filter(pl.any_horizontal(marks)).group_by("key").agg(lists)
    # Column by column: a million-row table has thousands of groups, and a dict per group
    # (`iter_rows(named=True)`) costs more than the grouping.
    found, listed = (t.to_dict(as_series=False) for t in pl.collect_all([totals, marked]))
    return [_summaries(found, listed, f"{i}:") for i in range(len(requests))]


def _summaries(
    found: dict[str, list[Any]], listed: dict[str, list[Any]], prefix: str
) -> dict[Any, Summary]:
    """The summaries of request `prefix` from the counts of every key (`found`, in the order
    the keys first occur) and the row lists of the keys that have any (`listed`)."""
    keys = found["key"]
    zeros, absent = [0] * len(keys), [None] * len(keys)
    failed = found.get(prefix + "failed", zeros)
    values = found.get(prefix + "values", absent)
    extreme = found.get(prefix + "extreme", absent)
    together = zip(keys, found[prefix + "considered"], failed, values, extreme, strict=True)
    # A key without a selected row has nothing but what its row lists add below (EMPTY is
    # shared: it is replaced, never changed).
    summaries = {
        key: Summary(count, fails, [], [], kept or [], value, [], []) if count else EMPTY
        for key, count, fails, kept, value in together
    }
    for name in _LISTS:
        cells = listed.get(prefix + name)
        if not cells or not any(cells):
            continue  # most lists are empty for every key
        for key, cell in zip(listed["key"], cells, strict=True):
            if cell:
                summary = summaries[key]
                if summary is EMPTY:
                    summary = summaries[key] = Summary()
                setattr(summary, name, cell)
    return summaries


_LISTS = ("unknown", "shown", "offending", "unsure")


def _counts(prefix: str, shape: Shape, aggregate: AggregateKind | None) -> list[pl.Expr]:
    import polars as pl

    where, body = pl.col(f"{prefix}where"), pl.col(f"{prefix}body")
    selected = where.fill_null(False)
    columns = [selected.sum().alias(f"{prefix}considered")]
    if shape is Shape.FORALL:
        failed = (selected & (~body).fill_null(False)).sum()
        columns.append(failed.alias(f"{prefix}failed"))
    kept = body.filter(selected & body.is_not_null())
    if aggregate is AggregateKind.SUM:
        columns.append(kept.alias(f"{prefix}values"))
    elif aggregate is AggregateKind.MIN:
        columns.append(kept.min().alias(f"{prefix}extreme"))
    elif aggregate is AggregateKind.MAX:
        columns.append(kept.max().alias(f"{prefix}extreme"))
    return columns


def _lists(prefix: str, shape: Shape, keep_rows: bool) -> dict[str, tuple[pl.Expr, int | None]]:
    """Each row list of the request: the rows it holds, and how many of the first are kept
    (None: all)."""
    import polars as pl

    where, body = pl.col(f"{prefix}where"), pl.col(f"{prefix}body")
    selected = where.fill_null(False)
    if shape is Shape.SOME:
        return {
            f"{prefix}unknown": (where.is_null(), None),
            f"{prefix}shown": (selected, SHOWN),
        }
    unknown = where.is_null() | (selected & body.is_null())
    if shape is Shape.AGGREGATE:
        # An aggregate shows no rows.
        return {f"{prefix}unknown": (unknown, None)}
    shown = where.is_null() | (selected & ~body.fill_null(False))
    lists = {
        f"{prefix}unknown": (unknown, None),
        f"{prefix}shown": (shown, SHOWN),
        # Every such row is shown, so those among the first shown are among the first of these.
        f"{prefix}unsure": (where.is_null(), SHOWN),
    }
    if keep_rows:
        lists[f"{prefix}offending"] = (shown, None)
    return lists
