"""The near misses of a `finns` that fails, chosen on the columns.

A `finns` that no row of the subject satisfies shows the rows that came closest: those that
got furthest into its `och` chain (`elements.near_misses`). The row interpreter judges every
row of the subject, with all its facts, to rank them. When the scan is computed once for all
subjects, how far each row gets is computed here for every row at once (the key holds in the
rows of its own value), so only the few rows shown, and those whose outcome is unknown, are
judged one by one. Each of those is checked against the depth the columns gave it; any
disagreement, and the subject's rows are judged row by row after all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from compliance import ir
from compliance.evaluator.columns.compile import NotColumnar
from compliance.evaluator.columns.plans import Plan, Scan
from compliance.evaluator.columns.scans import ScanSummarizer
from compliance.evaluator.columns.summaries import Summary
from compliance.evaluator.elements import Outside, near_misses
from compliance.evaluator.expressions import Env
from compliance.evaluator.facts import ElementFact, Trace
from compliance.evaluator.values import Missing

# Stands for the outcome of a row whose `där` filter is unknown, while ranking.
_UNKNOWN = Missing(())

# The most rows built in one batch ahead of the subjects that show them (`_fetch_closest`).
_FETCHED_AT_MOST = 20_000


@dataclass(frozen=True)
class ClosestRows:
    """The near misses of failing subjects, ranked on the columns (`closest_rows`)."""

    # At most three rows per key value (the subject's id), in row order.
    rows: dict[Any, list[int]]
    # For each of those rows, the position in the `och` chain of the condition it failed
    # first, or None.
    failed_first: dict[int, int | None]


class NearMissFinder(ScanSummarizer):
    """`ScanSummarizer` with the near misses of a failing `finns` and the rows outside its key
    ranked on the columns."""

    def _near_misses(
        self, node: ir.Quantify, env: Env, trace: Trace, name: str, summary: Summary
    ) -> bool | Missing | None:
        """The failing `finns` (`summary.considered` is 0) with its fact recorded, or None
        when it must be judged row by row."""
        plan = self._plan(node, name)
        depths = self._row_depths(node, plan, name)
        rows = self._partition(plan, env, name)
        if depths is None or rows is None:
            return None
        total = self.store.size(name)
        outside = self._outside(node, env, plan, name, rows, total)
        if outside is None:
            return None
        if not plan.near_misses_fetched:
            plan.near_misses_fetched = True
            self._fetch_closest(plan, name, depths)
        unsure = set(summary.unknown)
        stand_ins = [
            ElementFact("", None, _UNKNOWN if row in unsure else False, depths[row], ())
            for row in rows
        ]
        at = {id(fact): row for fact, row in zip(stand_ins, rows, strict=True)}
        chosen = near_misses(stand_ins, rows, outside)
        # The rows judged one by one, built as entities in one go.
        self.store.prefetch(name, [*(at[id(f)] for f in chosen if id(f) in at), *unsure])
        examples: list[ElementFact] = []
        for fact in chosen:
            row = at.get(id(fact))
            if row is None:
                examples.append(fact)  # a row outside the key, judged by `outside`
                continue
            entity = self.store.entity(name, row)
            _, matched, sub = self.judge_element(node, env, entity, True)
            assert sub is not None
            if sub.depth != fact.depth or isinstance(matched, Missing) != (row in unsure):
                return None
            examples.append(self._element_fact(entity, matched, sub))
        unknown: list[Missing] = []
        for row in summary.unknown:
            matched = self.judge_element(node, env, self.store.entity(name, row), False)[1]
            if not isinstance(matched, Missing):
                return None
            unknown.append(matched)
        result: bool | Missing = Missing.merge(*unknown) if unknown else False
        trace.add(self.quantifier_fact(node, env, total, 0, 0, len(unknown), examples, result))
        self.methods["columns, near misses"] += 1
        return result

    def closest_rows(self, node: ir.Quantify, name: str) -> ClosestRows | None:
        """The near misses of every failing subject of a shared `finns` that `_near_misses`
        would find among the subject's own rows, ranked here for all subjects at once; None
        when the columns cannot tell.

        A subject qualifies when none of its rows is unknown and its own rows got past the
        key: rows of other subjects fail the key, so they get no further than it (no row's
        key is empty), and the subject's deepest rows are its near misses. The others are
        left to `_near_misses`."""
        plan = self._plan(node, name)
        depths = self._row_depths(node, plan, name)
        if depths is None or plan.key is None or plan.grouped is None:
            return None
        if self.store.size(name) <= 3:
            return None  # a short list of near misses may name every row (`_outside`)
        groups, empty = self.store.groups(name, plan.key.column)
        if empty:
            return None  # a row whose key is unknown may get further than the key
        chosen: dict[Any, list[int]] = {}
        for value, summary in plan.grouped.items():
            rows = groups.get(value)
            if summary.considered or summary.unknown or not rows:
                continue
            top = max(depths[row] for row in rows)
            if top > plan.key.position:
                chosen[value] = [row for row in rows if depths[row] == top][:3]
        if not chosen:
            return ClosestRows({}, {})
        failed = self._first_failed(node, plan, name)
        if failed is None:
            return None
        return ClosestRows(chosen, {row: failed[row] for rows in chosen.values() for row in rows})

    def _first_failed(self, node: ir.Quantify, plan: Plan, name: str) -> list[int | None] | None:
        """The position of the first condition of the `och` chain each row fails in the rows
        of its own key value (its near miss's line shows that comparison); None for a row
        that fails none, and None for all when the columns cannot tell."""
        import polars as pl

        assert plan.key is not None
        compiler = self._compiler(node, self._shared_env(node), name)
        if plan.bound_id is not None:
            compiler.key_id = (plan.bound_id, plan.key.column)
        first: pl.Expr = pl.lit(None, dtype=pl.Int64)
        try:
            for position in reversed(range(len(plan.conditions))):
                if position == plan.key.position:
                    continue  # holds in the rows of the key value
                value = compiler.condition(plan.conditions[position])
                failed = value.fill_null(True).not_()
                first = pl.when(failed).then(pl.lit(position, dtype=pl.Int64)).otherwise(first)
        except NotColumnar:
            return None
        found: list[int | None] = (
            self.store.frame(name).select(first.alias("first"))["first"].to_list()
        )
        return found

    def _fetch_closest(self, plan: Plan, name: str, depths: list[int]) -> None:
        """Build at once the rows every failing subject of a shared scan is likely to show:
        the first three of its own rows that got furthest. Each subject's own fetch then
        finds them built; one batch costs a fraction of a thousand small ones. Subjects whose
        near-miss lines were written from the columns (`closest_rows`) show no built row."""
        if plan.grouped is None or plan.key is None:
            return
        groups, _ = self.store.groups(name, plan.key.column)
        written = plan.near_miss_evidence or {}
        wanted: list[int] = []
        for value, summary in plan.grouped.items():
            if summary.considered or not groups.get(value) or value in written:
                continue
            rows = groups[value]
            top = max(depths[row] for row in rows)
            wanted.extend([row for row in rows if depths[row] == top][:3])
            if len(wanted) > _FETCHED_AT_MOST:
                return  # a large table: each subject fetches its own
        self.store.prefetch(name, wanted)

    def _row_depths(self, node: ir.Quantify, plan: Plan, name: str) -> list[int] | None:
        """How many leading conditions of the `och` chain each row satisfies in the rows of
        its own key value, as `_and` counts them; None when the columns cannot tell."""
        import polars as pl

        if plan.row_depths is not None:
            return plan.row_depths or None
        plan.row_depths = []
        if (
            plan.key is None
            or not isinstance(node.where, ir.And)
            or not self._is_shared(node, name)
        ):
            return None
        if any(_has_and(c) for c in plan.conditions):
            return None  # an inner `och` would count its own conditions
        compiler = self._compiler(node, self._shared_env(node), name)
        if plan.bound_id is not None:
            compiler.key_id = (plan.bound_id, plan.key.column)
        depth: pl.Expr = pl.lit(0)
        alive: pl.Expr = pl.lit(True)
        try:
            for position, condition in enumerate(plan.conditions):
                value = (
                    pl.lit(True) if position == plan.key.position else compiler.condition(condition)
                )
                depth = depth + (alive & value.fill_null(False)).cast(pl.Int64)
                alive = alive & value.fill_null(True)
        except NotColumnar:
            return None
        found: list[int] = self.store.frame(name).select(depth.alias("depth"))["depth"].to_list()
        plan.row_depths = found
        return found

    def _outside(
        self, node: Scan, env: Env, plan: Plan, name: str, rows: list[int], total: int
    ) -> Outside | None:
        """How close the rows outside the key's came to the `finns` filter, or None when
        that cannot be told without evaluating them (the full collection is then used)."""
        assert plan.key is not None and isinstance(node, ir.Quantify)
        if total <= 3:
            return None  # a short list of near misses may name every row: evaluate them all
        count = total - len(rows)
        if plan.key.position == 0:
            return Outside(count)  # they failed the first condition: depth 0
        by_depth = self._depths_before_key(node, env, plan, name)
        if by_depth is None:
            return None
        inside = set(rows)

        def first_outside(depth: int) -> list[int]:
            found = []
            for row in by_depth.get(depth, ()):
                if row not in inside:
                    found.append(row)
                    if len(found) == 3:
                        break
            return found

        top = next((d for d in sorted(by_depth, reverse=True) if first_outside(d)), 0)

        def at_depth(depth: int) -> list[tuple[int, ElementFact]]:
            facts = []
            for row in first_outside(depth):
                entity = self.store.entity(name, row)
                _, matched, sub = self.judge_element(node, env, entity, True)
                assert sub is not None
                facts.append((row, self._element_fact(entity, matched, sub)))
            return facts

        return Outside(count, top, at_depth)


def _has_and(node: ir.Node) -> bool:
    """An `och` that would count into the element's depth: one inside a quantifier or an
    aggregate is judged with its own trace, or none."""
    if isinstance(node, ir.And):
        return True
    if isinstance(node, ir.Quantify | ir.Aggregate):
        return False
    return any(_has_and(child) for child in ir.children(node))
