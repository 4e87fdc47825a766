"""Where the counts of a quantifier or an aggregate over a data collection come from, for one
subject: each scan is planned once (`plans.py`); a scan whose condition does not depend on the
subject is computed once for all subjects, together with every other such scan of its collection
and key, and looked up by the subject's key value; the others are computed on the subject's
rows. `None` means the scan cannot be computed column-wise and goes row by row.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import TYPE_CHECKING, Any

from compliance import ir
from compliance.data.dataset import Dataset
from compliance.data.table_loading import entity_model
from compliance.data.tables.fields import Kind, table_fields
from compliance.evaluator.columns.compile import Compiler, NotColumnar
from compliance.evaluator.columns.plans import (
    Plan,
    Scan,
    depends_on_subject,
    fixed_deadlines,
    has_and,
    is_key,
    make_plan,
    scans_of,
)
from compliance.evaluator.columns.store import ColumnStore
from compliance.evaluator.columns.summaries import EMPTY, Request, Shape, Summary, summarize_many
from compliance.evaluator.expressions import Env
from compliance.evaluator.interpreter import Interpreter
from compliance.evaluator.values import EntityValue, Missing
from compliance.periods import Period
from compliance.syntax.kinds import QuantifierKind

if TYPE_CHECKING:
    import polars as pl


class ScanSummarizer(Interpreter):
    """The row interpreter with the column-wise summaries of its scans; `ColumnInterpreter`
    turns them into results and evidence."""

    def __init__(self, program: ir.Program, dataset: Dataset, period: Period, as_of: date) -> None:
        super().__init__(program, dataset, period, as_of)
        self.store = ColumnStore(dataset)
        self._plans: dict[int, Plan] = {}
        # The data collection each scan reads (None: not one declared in the data), by the
        # scan's id(); the program's nodes live as long as the run.
        self._names: dict[int, str | None] = {}
        # Scans computed once for all subjects share one pass with the others of their
        # collection and key, so every such scan of the program is known up front.
        self._scans = scans_of(program)
        # Scans whose rule has the same deadline for every subject, with that deadline.
        self._deadlines = fixed_deadlines(program)
        # How each quantifier and aggregate over a collection was computed, for the record.
        self.methods: Counter[str] = Counter()

    def _collection_name(self, node: Scan) -> str | None:
        # Asked for every scan of every subject; the data does not change during a run.
        known = self._names.get(id(node), _UNASKED)
        if known is not _UNASKED:
            return known  # type: ignore[return-value]
        collection = node.collection
        name = None
        if isinstance(collection, ir.Collection) and self.dataset.declared(collection.name):
            name = collection.name
        self._names[id(node)] = name
        return name

    def _plan(self, node: Scan, name: str) -> Plan:
        plan = self._plans.get(id(node))
        if plan is None:
            plan = make_plan(
                node, self.store.columns(name), id(node) in self._deadlines, self._text_ids
            )
            self._plans[id(node)] = plan
        return plan

    def _key_value(self, plan: Plan, env: Env) -> tuple[bool, Any]:
        """The value the key column must have for this subject: (found, value)."""
        assert plan.key is not None
        other = plan.key.other
        if type(other) is ir.Local and other.name in env.locals:
            value = env.locals[other.name]  # `n`, as `_local` reads it, for every subject
        else:
            value = self.evaluate(other, env)
        if isinstance(value, Missing):
            return False, None
        if isinstance(value, EntityValue):
            if value.collection != plan.key.ref:
                return True, _NO_ROWS
            return True, str(value.model.id)  # type: ignore[attr-defined]
        return True, value

    def _partition(self, plan: Plan, env: Env, name: str) -> list[int] | None:
        """The rows the key can select (its value's rows and the rows without a value), or
        None when there is no usable key."""
        if plan.key is None:
            return None
        found, value = self._key_value(plan, env)
        if not found:
            return None
        groups, empty = self.store.groups(name, plan.key.column)
        rows = groups.get(value, [])
        return sorted([*rows, *empty]) if empty else rows

    def _summary(self, node: Scan, env: Env, name: str) -> Summary | None:
        plan = self._plan(node, name)
        if plan.grouped is not None:
            # Computed once for all subjects already (only a shared scan is): look it up.
            return self._grouped(node, env, plan, name)
        if not plan.columnar:
            return None
        try:
            if self._is_shared(node, name):
                return self._grouped(node, env, plan, name)
            return self._per_subject(node, env, plan, name)
        except NotColumnar:
            plan.columnar = False
            return None

    def _is_shared(self, node: Scan, name: str) -> bool:
        """Whether the scan is computed once for all subjects and summed up per key value."""
        plan = self._plan(node, name)
        if not plan.columnar or plan.per_subject:
            return False
        return plan.key is None or self.store.complete(name, plan.key.column)

    def _grouped(self, node: Scan, env: Env, plan: Plan, name: str) -> Summary | None:
        """The rest of the condition for all rows once, summed up per key value."""
        if plan.grouped is None:
            self._compute_shared(node, name)
            assert plan.grouped is not None
        if plan.key is None:
            return plan.grouped.get(0, EMPTY)
        found, value = self._key_value(plan, env)
        if not found:
            return None
        return plan.grouped.get(value, EMPTY)

    def _compute_shared(self, node: Scan, name: str) -> None:
        """`node` and every other scan of the collection computed once for all subjects with
        the same key, in one pass: the grouping by key is done once for all of them."""
        import polars as pl

        plan = self._plan(node, name)
        column = plan.key.column if plan.key is not None else None
        batch: list[tuple[Plan, Request]] = []
        for scan in [node, *self._scans.get(name, ())]:
            other = self._plan(scan, name)
            other_column = other.key.column if other.key is not None else None
            if other.grouped is not None or other_column != column:
                continue
            if any(other is p for p, _ in batch) or not self._is_shared(scan, name):
                continue
            try:
                batch.append((other, self._request(scan, other, name)))
            except NotColumnar:
                if scan is node:
                    raise
                other.columnar = False
        key = pl.col(column) if column is not None else pl.lit(0)
        # Compiling may have added derived columns: the frame is taken afterwards.
        frame = self.store.frame(name).with_row_index("row")
        results = summarize_many(frame, key, [r for _, r in batch], self.keep_rows)
        for (other, _), grouped in zip(batch, results, strict=True):
            other.grouped = grouped
            self.methods["columns, once for all subjects"] += 1
        self.methods["column passes"] += 1
        # The rows evaluated one by one for what is unknown, built as entities in one go.
        self.store.prefetch(
            name, (row for p, _ in batch for s in (p.grouped or {}).values() for row in s.unknown)
        )

    def _request(self, node: Scan, plan: Plan, name: str) -> Request:
        conditions = [c for i, c in enumerate(plan.conditions) if not is_key(plan, i)]
        # Nothing in it depends on the subject, so any subject's values serve; but `frist`,
        # the same for all, and `n.id`, the key's value in each group, are read as such.
        compiler = self._compiler(node, self._shared_env(node), name)
        if plan.bound_id is not None and plan.key is not None:
            compiler.key_id = (plan.bound_id, plan.key.column)
        return self._shape(node, compiler, conditions)

    def _shared_env(self, node: Scan) -> Env:
        """What a scan computed once for all subjects sees: no subject, and the deadline when
        it is the same for every subject."""
        deadline = self._deadlines.get(id(node))
        return Env(deadline=None if deadline is None else self.evaluate(deadline, Env()))

    def _text_ids(self, collection: str) -> bool:
        spec = table_fields(entity_model(collection)).columns.get("id")
        return spec is not None and spec.kind is Kind.TEXT and spec.part is None

    def _per_subject(self, node: Scan, env: Env, plan: Plan, name: str) -> Summary | None:
        """The whole condition computed on the subject's rows, with the subject's values."""
        import polars as pl

        rows = self._partition(plan, env, name)
        compiler = self._compiler(node, env, name)
        shape = self._shape(node, compiler, list(plan.conditions))
        frame = self.store.frame(name).with_row_index("row")
        if rows is not None:
            frame = frame[rows]
        summary = summarize_many(frame, pl.lit(0), [shape], self.keep_rows)[0]
        self.methods["columns, per subject"] += 1
        return summary.get(0, EMPTY)

    def _compiler(self, node: Scan, env: Env, name: str) -> Compiler:
        assert node.var is not None
        return Compiler(node.var, name, self.store, lambda part: self.evaluate(part, env))

    def _shape(self, node: Scan, compiler: Compiler, conditions: list[ir.Node]) -> Request:
        import polars as pl

        where = pl.lit(True)
        for condition in conditions:
            where = where & compiler.condition(condition)
        if isinstance(node, ir.Aggregate):
            body = pl.lit(True) if node.value is None else compiler.condition(node.value)
            return Shape.AGGREGATE, where, body, node.kind
        if node.kind is QuantifierKind.FORALL:
            body = pl.lit(True) if node.body is None else compiler.condition(node.body)
            return Shape.FORALL, where, body, None
        return Shape.SOME, where, pl.lit(True), None

    def _depths_before_key(
        self, node: ir.Quantify, env: Env, plan: Plan, name: str
    ) -> dict[int, list[int]] | None:
        """For each depth ≥ 1, the rows that got that far into the `och` chain before its key:
        the row interpreter's nearness for rows the key rules out."""
        import polars as pl

        assert plan.key is not None
        if plan.depths is not None:
            return plan.depths or None
        before = plan.conditions[: plan.key.position]
        if any(depends_on_subject(c, node.var) or has_and(c) for c in before):
            plan.depths = {}
            return None
        try:
            compiler = self._compiler(node, env, name)
            depth: pl.Expr = pl.lit(0)
            alive: pl.Expr = pl.lit(True)
            for condition in before:
                value = compiler.condition(condition)
                depth = depth + (alive & value.fill_null(False)).cast(pl.Int64)
                alive = alive & value.fill_null(True)
        except NotColumnar:
            plan.depths = {}
            return None
        frame = self.store.frame(name).with_row_index("row").select("row", depth.alias("depth"))
        grouped = frame.filter(pl.col("depth") > 0).group_by("depth").agg(pl.col("row"))
        # Every row at depth 0 is remembered as {0: []}; {} means "cannot be told".
        plan.depths = {int(d): list(r) for d, r in grouped.iter_rows()} or {0: []}
        return plan.depths


# A key value no row has: the subject is an entity of another collection.
_NO_ROWS = object()
# A scan whose collection has not been looked up yet (None is an answer).
_UNASKED = object()
