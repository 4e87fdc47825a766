"""The column-wise summaries of a scan (`columns/summaries.py`) against a row-by-row reading of
the same rows: counts, row lists and values per key, in the order the keys first occur.

A large table gathers its row lists in a grouping of their own and a small one in the same
grouping as the counts; both must give the same summaries, so each case runs both ways.
"""

from __future__ import annotations

import random
from typing import Any

import polars as pl
import pytest

from compliance.evaluator.columns import summaries
from compliance.evaluator.columns.summaries import (
    EMPTY,
    SHOWN,
    Request,
    Shape,
    Summary,
    summarize_many,
)
from compliance.syntax.kinds import AggregateKind

FIELDS = ("considered", "failed", "unknown", "shown", "values", "extreme", "offending", "unsure")
# (shape, aggregate) of the requests every case asks for at once.
KINDS: list[tuple[Shape, AggregateKind | None]] = [
    (Shape.FORALL, None),
    (Shape.SOME, None),
    (Shape.AGGREGATE, AggregateKind.COUNT),
    (Shape.AGGREGATE, AggregateKind.SUM),
    (Shape.AGGREGATE, AggregateKind.MIN),
    (Shape.AGGREGATE, AggregateKind.MAX),
]


def _table(seed: int, size: int) -> pl.DataFrame:
    """Rows of a few keys (one of them empty), with filters and bodies true, false or
    unknown, and numbers some of which are unknown."""
    rng = random.Random(seed)
    keys = ["a", "b", "c", None, "d"]

    def truth() -> bool | None:
        return rng.choice([True, True, True, False, None])

    columns: dict[str, list[Any]] = {"key": [rng.choice(keys) for _ in range(size)]}
    for i in range(len(KINDS)):
        columns[f"where {i}"] = [truth() for _ in range(size)]
        columns[f"body {i}"] = [truth() for _ in range(size)]
    columns["number"] = [rng.choice([None, *range(-3, 9)]) for _ in range(size)]
    schema = {name: pl.Boolean for name in columns} | {"key": pl.String, "number": pl.Int64}
    return pl.DataFrame(columns, schema=schema).with_row_index("row")


def _requests() -> list[Request]:
    found: list[Request] = []
    for i, (shape, aggregate) in enumerate(KINDS):
        body = pl.col("number") if aggregate is not None else pl.col(f"body {i}")
        found.append((shape, pl.col(f"where {i}"), body, aggregate))
    return found


def _expected(frame: pl.DataFrame, keep_rows: bool) -> list[dict[Any, tuple[Any, ...]]]:
    """What the row interpreter makes of the rows, one row at a time."""
    rows = frame.to_dicts()
    order = list(dict.fromkeys(row["key"] for row in rows))
    found: list[dict[Any, tuple[Any, ...]]] = []
    for i, (shape, aggregate) in enumerate(KINDS):
        per_key = {}
        for key in order:
            mine = [row for row in rows if row["key"] == key]
            where = [(row["row"], row[f"where {i}"]) for row in mine]
            body = {
                row["row"]: row["number"] if aggregate is not None else row[f"body {i}"]
                for row in mine
            }
            selected = [r for r, w in where if w is True]
            undecided = [r for r, w in where if w is None]
            unknown = sorted(undecided + [r for r in selected if body[r] is None])
            failed = [r for r in selected if body[r] is False] if shape is Shape.FORALL else []
            if shape is Shape.FORALL:
                shown = sorted(undecided + [r for r in selected if body[r] is not True])
            elif shape is Shape.SOME:
                shown, unknown = selected, undecided
            else:
                shown = []
            kept = [body[r] for r in selected if body[r] is not None]
            extreme = None
            if kept and aggregate is AggregateKind.MIN:
                extreme = min(kept)
            elif kept and aggregate is AggregateKind.MAX:
                extreme = max(kept)
            per_key[key] = (
                len(selected),
                len(failed),
                unknown,
                shown[:SHOWN],
                kept if aggregate is AggregateKind.SUM else [],
                extreme,
                shown if keep_rows and shape is Shape.FORALL else [],
                undecided[:SHOWN] if shape is Shape.FORALL else [],
            )
        found.append(per_key)
    return found


def _fields(summary: Summary) -> tuple[Any, ...]:
    return tuple(getattr(summary, name) for name in FIELDS)


@pytest.mark.parametrize("split", [True, False], ids=["lists apart", "one grouping"])
@pytest.mark.parametrize("keep_rows", [False, True])
@pytest.mark.parametrize(("seed", "size"), [(1, 0), (2, 7), (3, 60), (4, 400)])
def test_summaries_agree_with_the_rows_read_one_by_one(
    monkeypatch: pytest.MonkeyPatch, split: bool, keep_rows: bool, seed: int, size: int
) -> None:
    monkeypatch.setattr(summaries, "SPLIT_ROWS", 0 if split else 10**9)
    frame = _table(seed, size)
    found = summarize_many(frame, pl.col("key"), _requests(), keep_rows)
    expected = _expected(frame, keep_rows)
    for kind, got, wanted in zip(KINDS, found, expected, strict=True):
        # Every key, in the order it first occurs: example rows are gathered in that order.
        assert list(got) == list(wanted), kind
        assert {key: _fields(summary) for key, summary in got.items()} == wanted, kind


def test_a_key_without_selected_rows_reads_as_empty(monkeypatch: pytest.MonkeyPatch) -> None:
    frame = pl.DataFrame(
        {"key": ["a", "b", "b"], "where": [False, True, None], "body": [True, True, True]}
    ).with_row_index("row")
    request: Request = (Shape.FORALL, pl.col("where"), pl.col("body"), None)
    for split in (0, 10**9):
        monkeypatch.setattr(summaries, "SPLIT_ROWS", split)
        (found,) = summarize_many(frame, pl.col("key"), [request])
        assert _fields(found["a"]) == _fields(EMPTY)
        # A key with an undecided row is not empty: the row is unknown and shown as unsure.
        assert _fields(found["b"]) == (1, 0, [2], [2], [], None, [], [2])
        assert _fields(EMPTY) == (0, 0, [], [], [], None, [], [])


def test_lists_gathered_apart_keep_only_the_first_shown_rows(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(summaries, "SPLIT_ROWS", 0)
    size = 3 * SHOWN
    frame = pl.DataFrame(
        {"key": ["x"] * size, "where": [True] * size, "body": [False] * size}
    ).with_row_index("row")
    forall: Request = (Shape.FORALL, pl.col("where"), pl.col("body"), None)
    some: Request = (Shape.SOME, pl.col("where"), pl.lit(True), None)
    first, second = summarize_many(frame, pl.col("key"), [forall, some], keep_rows=True)
    assert first["x"].failed == size
    assert first["x"].shown == list(range(SHOWN))
    assert first["x"].offending == list(range(size))
    assert second["x"].shown == list(range(SHOWN)) and second["x"].considered == size
