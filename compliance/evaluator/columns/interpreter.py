"""The column-wise backend: the row interpreter, with quantifiers and aggregates over a data
collection computed on whole columns.

A condition such as `för varje s i synpunkter där s.nämnd = n och s.inkommen inom period:
…` is split into its *key* (`s.nämnd = n`: which rows belong to the subject) and the rest.
When the rest does not depend on the subject, it is computed once for every row and summed up
per key value, so a rule judged for 4 000 nämnder over a million synpunkter reads the columns
once. Otherwise the rest is computed per subject on the subject's rows only; and what cannot be
computed column-wise is evaluated row by row, on those rows only.

Findings are identical to the row interpreter's by construction: the counts come from the
columns, while everything a reader sees about single rows (examples, and what is missing for
rows whose outcome is unknown) is produced by the row interpreter for exactly those rows.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import TYPE_CHECKING, Any

from compliance import ir
from compliance.data.dataset import Dataset
from compliance.evaluator.columns.compile import Compiler, NotColumnar, mentions
from compliance.evaluator.columns.examples import (
    Constant,
    FieldSide,
    OtherwiseSide,
    ShiftSide,
    Side,
    example_facts,
)
from compliance.evaluator.columns.plans import (
    Plan,
    Scan,
    depends_on_subject,
    has_and,
    is_key,
    make_plan,
    scans_of,
)
from compliance.evaluator.columns.store import ColumnStore
from compliance.evaluator.columns.summaries import EMPTY, Request, Shape, Summary, summarize_many
from compliance.evaluator.elements import Outside, aggregate_result
from compliance.evaluator.facts import ElementFact, Trace
from compliance.evaluator.interpreter import Env, Interpreter
from compliance.evaluator.values import EntityValue, Missing
from compliance.periods import Period
from compliance.syntax.ast import AggregateKind, QuantifierKind

if TYPE_CHECKING:
    import polars as pl


class ColumnInterpreter(Interpreter):
    def __init__(self, program: ir.Program, dataset: Dataset, period: Period, as_of: date) -> None:
        super().__init__(program, dataset, period, as_of)
        self.store = ColumnStore(dataset)
        self._plans: dict[int, Plan] = {}
        # Scans computed once for all subjects share one pass with the others of their
        # collection and key, so every such scan of the program is known up front.
        self._scans = scans_of(program)
        # How each quantifier and aggregate over a collection was computed, for the record.
        self.methods: Counter[str] = Counter()

    # ---------------------------------------------------------------- entry points

    def _quantify(self, node: ir.Quantify, env: Env, trace: Trace | None) -> Any:
        name = self._collection_name(node)
        if name is None:
            return super()._quantify(node, env, trace)
        if node.kind is QuantifierKind.EXISTS and trace is not None:
            # A `finns` that holds shows its first witness; the evidence of a failed one ranks
            # every row by how close it came.
            summary = self._summary(node, env, name) if self._is_shared(node, name) else None
            if summary is not None and summary.considered > 0:
                return self._witness(node, env, trace, name, summary)
            return self._rows(node, env, trace, name, near_misses=True)
        summary = self._summary(node, env, name)
        if summary is None:
            return self._rows(node, env, trace, name)
        return self._quantifier_from(node, env, trace, name, summary)

    def _aggregate(self, node: ir.Aggregate, env: Env, trace: Trace | None) -> Any:
        name = self._collection_name(node)
        if name is None:
            return super()._aggregate(node, env, trace)
        if node.var is None:
            return self.store.size(name)
        summary = self._summary(node, env, name)
        if summary is None:
            return self._rows(node, env, trace, name)
        unknown = [self._unknown_aggregate(node, env, name, row) for row in summary.unknown]
        if unknown:
            return aggregate_result(node, [], unknown)
        if node.kind is AggregateKind.COUNT:
            return summary.considered
        if node.kind is AggregateKind.SUM:
            return sum(summary.values)
        if summary.considered == 0:
            return aggregate_result(node, [], [])  # the reasoned "no values" of min/max
        return summary.extreme

    def _collection_name(self, node: Scan) -> str | None:
        collection = node.collection
        if isinstance(collection, ir.Collection) and self.dataset.declared(collection.name):
            return collection.name
        return None

    # ---------------------------------------------------------------- results

    def _quantifier_from(
        self, node: ir.Quantify, env: Env, trace: Trace | None, name: str, summary: Summary
    ) -> Any:
        def element(row: int) -> EntityValue:
            return self.store.entity(name, row)

        if node.kind is QuantifierKind.FORALL:
            decided = summary.failed > 0
        else:
            decided = summary.considered > 0
        unknown: list[Missing] = []
        if not decided or trace is not None:
            for row in summary.unknown:
                matched = self.judge_element(node, env, element(row), False)[1]
                assert isinstance(matched, Missing)
                unknown.append(matched)
        if node.kind is QuantifierKind.FORALL:
            result: Any = False if decided else (Missing.merge(*unknown) if unknown else True)
        elif decided:
            result = node.kind is QuantifierKind.EXISTS
        else:
            result = Missing.merge(*unknown) if unknown else node.kind is QuantifierKind.NONE
        if trace is not None:
            batch = self._example_batch(node, name)
            examples = []
            for row in summary.shown:
                fact = batch.get(row)
                if fact is None:
                    entity = element(row)
                    _, matched, sub = self.judge_element(node, env, entity, True)
                    assert sub is not None
                    fact = self._element_fact(entity, matched, sub)
                examples.append(fact)
            trace.add(
                self.quantifier_fact(
                    node,
                    env,
                    self.store.size(name),
                    summary.considered,
                    summary.failed,
                    len(summary.unknown),
                    examples,
                    result,
                    summary.offending,
                )
            )
        return result

    def _witness(
        self, node: ir.Quantify, env: Env, trace: Trace, name: str, summary: Summary
    ) -> bool:
        """A `finns` that holds: its first matching row, the row interpreter's witness, is the
        only one the evidence shows, so it is the only one evaluated row by row."""
        self._example_batch(node, name)  # every subject's witness built as an entity at once
        entity = self.store.entity(name, summary.shown[0])
        _, matched, sub = self.judge_element(node, env, entity, True)
        assert matched is True and sub is not None
        self.methods["columns, witness"] += 1
        witness = self._element_fact(entity, matched, sub)
        size = self.store.size(name)
        trace.add(
            self.quantifier_fact(
                node, env, size, summary.considered, 0, len(summary.unknown), [witness], True
            )
        )
        return True

    def _example_batch(self, node: ir.Quantify, name: str) -> dict[int, ElementFact]:
        """The facts of the example rows of every subject, when they can be made from the
        columns (`examples.py`); {} when each is evaluated row by row."""
        plan = self._plan(node, name)
        if plan.examples is None:
            plan.examples = {}
            sides = self._example_sides(node, name) if plan.grouped is not None else None
            if sides is not None and isinstance(node.body, ir.Compare):
                assert plan.grouped is not None
                unsure = {row for s in plan.grouped.values() for row in s.unsure}
                rows = [r for s in plan.grouped.values() for r in s.shown if r not in unsure]
                frame = self.store.frame(name)
                has_id = "id" in self.store.columns(name)
                plan.examples = example_facts(
                    node.body, sides, name, frame, rows, has_id, self.location
                )
                self.methods["columns, example rows"] += 1
            done = plan.examples
            groups = (plan.grouped or {}).values()
            self.store.prefetch(name, (r for s in groups for r in s.shown if r not in done))
        return plan.examples

    def _example_sides(self, node: ir.Quantify, name: str) -> tuple[Side, Side] | None:
        body = node.body
        if node.kind is not QuantifierKind.FORALL or not isinstance(body, ir.Compare):
            return None
        if body.kind in (ir.CompareKind.ENTITY, ir.CompareKind.PERIOD):
            return None
        compiler = self._compiler(node, Env(), name)
        try:
            left, right = self._side(body.left, compiler), self._side(body.right, compiler)
        except NotColumnar:
            return None
        return None if left is None or right is None else (left, right)

    def _side(self, node: ir.Node, compiler: Compiler) -> Side | None:
        columns = self.store.columns(compiler.collection)
        if not mentions(node, compiler.var):
            trace = Trace()
            value, shown = self._shown(node, Env(), trace)
            return None if trace.facts else Constant(value, shown)
        match node:
            case ir.Field(target=ir.Local(name=var), name=column, ref=None) if (
                var == compiler.var and column in columns
            ):
                return FieldSide(node.source, column)
            case ir.Otherwise(value=value, fallback=fallback):
                first, second = self._side(value, compiler), self._side(fallback, compiler)
                if first is None or second is None:
                    return None
                return OtherwiseSide(node.source, first, second)
            case ir.Arithmetic(left=ir.Field() as field, kind=kind) if kind in (
                ir.ArithmeticKind.DATE_PLUS_DURATION,
                ir.ArithmeticKind.DATE_MINUS_DURATION,
            ):
                date_side = self._side(field, compiler)
                if not isinstance(date_side, FieldSide):
                    return None
                shifted = compiler.compile(node)
                return ShiftSide(node.source, date_side.column, shifted_column(shifted))
        return None

    def _unknown_aggregate(self, node: ir.Aggregate, env: Env, name: str, row: int) -> Missing:
        value = self.aggregate_element(node, env, self.store.entity(name, row))[1]
        assert isinstance(value, Missing)
        return value

    def _rows(
        self, node: Scan, env: Env, trace: Trace | None, name: str, near_misses: bool = False
    ) -> Any:
        """Row by row, over the rows the key picks when there is one."""
        plan = self._plan(node, name)
        total = self.store.size(name)
        rows = self._partition(plan, env, name)
        outside: Outside | None = None
        if rows is not None and near_misses:
            outside = self._outside(node, env, plan, name, rows, total)
        if rows is None or (near_misses and outside is None):
            self.methods["rows"] += 1
            if isinstance(node, ir.Quantify):
                return super()._quantify(node, env, trace)
            return super()._aggregate(node, env, trace)
        self.methods["rows of one key"] += 1
        self.store.prefetch(name, rows)
        elements = [self.store.entity(name, row) for row in rows]
        if isinstance(node, ir.Quantify):
            return self._quantify_over(node, env, trace, elements, total, outside)
        return self._aggregate_over(node, env, elements)

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

    # ---------------------------------------------------------------- planning

    def _plan(self, node: Scan, name: str) -> Plan:
        plan = self._plans.get(id(node))
        if plan is None:
            plan = make_plan(node, self.store.columns(name))
            self._plans[id(node)] = plan
        return plan

    def _key_value(self, plan: Plan, env: Env) -> tuple[bool, Any]:
        """The value the key column must have for this subject: (found, value)."""
        assert plan.key is not None
        value = self.evaluate(plan.key.other, env)
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
        # Nothing in it depends on the subject, so any subject's values serve.
        return self._shape(node, self._compiler(node, Env(), name), conditions)

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


# A key value no row has: the subject is an entity of another collection.
_NO_ROWS = object()


def shifted_column(col: Any) -> str:
    """The derived column a compiled date shift reads (`Compiler` stores every shift as one)."""
    name: str = col.expr.meta.output_name()
    return name
