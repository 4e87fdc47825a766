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
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from compliance import ir
from compliance.data.dataset import Dataset
from compliance.evaluator.columns.compile import Compiler, NotColumnar, children, mentions
from compliance.evaluator.columns.store import ColumnStore
from compliance.evaluator.columns.summaries import EMPTY, Shape, Summary, summarize
from compliance.evaluator.facts import ElementFact, Trace
from compliance.evaluator.interpreter import Env, Interpreter, Outside, aggregate_result
from compliance.evaluator.values import EntityValue, Missing
from compliance.periods import Period
from compliance.syntax.ast import AggregateKind, QuantifierKind

if TYPE_CHECKING:
    import polars as pl

Scan = ir.Quantify | ir.Aggregate


@dataclass(frozen=True)
class Key:
    """A condition `s.column = <something not about s>` that picks a subject's rows."""

    position: int  # among the `där` filter's `och` operands
    column: str
    other: ir.Node
    ref: str | None  # for an id column: the collection the ids belong to


@dataclass
class Plan:
    key: Key | None
    conditions: tuple[ir.Node, ...]  # every operand of the `där` filter's `och`
    # The rest depends on the subject (or the deadline), so it is computed per subject.
    per_subject: bool
    grouped: dict[Any, Summary] | None = None
    columnar: bool = True  # False once compiling has failed: go row by row from then on
    # `finns` near misses: rows by how far they got before the key; {} when not computable.
    depths: dict[int, list[int]] | None = None
    how: set[str] = field(default_factory=set)


class ColumnInterpreter(Interpreter):
    def __init__(self, program: ir.Program, dataset: Dataset, period: Period, as_of: date) -> None:
        super().__init__(program, dataset, period, as_of)
        self.store = ColumnStore(dataset)
        self._plans: dict[int, Plan] = {}
        # How each quantifier and aggregate over a collection was computed, for the record.
        self.methods: Counter[str] = Counter()

    # ---------------------------------------------------------------- entry points

    def _quantify(self, node: ir.Quantify, env: Env, trace: Trace | None) -> Any:
        name = self._collection_name(node)
        if name is None:
            return super()._quantify(node, env, trace)
        if node.kind is QuantifierKind.EXISTS and trace is not None:
            # The evidence of a failed `finns` ranks every row by how close it came.
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
            examples = []
            for row in summary.shown:
                entity = element(row)
                _, matched, sub = self.judge_element(node, env, entity, True)
                assert sub is not None
                examples.append(self._element_fact(entity, matched, sub))
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
        if any(_depends_on_subject(c, node.var) or _has_and(c) for c in before):
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
            plan = _make_plan(node, self.store.columns(name))
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
            if not plan.per_subject and (plan.key is None or self._key_is_complete(plan, name)):
                return self._grouped(node, env, plan, name)
            return self._per_subject(node, env, plan, name)
        except NotColumnar:
            plan.columnar = False
            return None

    def _key_is_complete(self, plan: Plan, name: str) -> bool:
        assert plan.key is not None
        return not self.store.groups(name, plan.key.column)[1]

    def _grouped(self, node: Scan, env: Env, plan: Plan, name: str) -> Summary | None:
        """The rest of the condition for all rows once, summed up per key value."""
        import polars as pl

        if plan.grouped is None:
            conditions = [c for i, c in enumerate(plan.conditions) if not _is_key(plan, i)]
            compiler = self._compiler(node, env, name)
            key = pl.col(plan.key.column) if plan.key is not None else pl.lit(0)
            frame = self.store.frame(name).with_row_index("row")
            plan.grouped = self._summarize(frame, key, self._shape(node, compiler, conditions))
            self.methods["columns, once for all subjects"] += 1
            # The rows the evidence will show, built as entities in one go.
            self.store.prefetch(
                name, (row for s in plan.grouped.values() for row in (*s.shown, *s.unknown))
            )
        if plan.key is None:
            return plan.grouped.get(0, EMPTY)
        found, value = self._key_value(plan, env)
        if not found:
            return None
        return plan.grouped.get(value, EMPTY)

    def _per_subject(self, node: Scan, env: Env, plan: Plan, name: str) -> Summary | None:
        """The whole condition computed on the subject's rows, with the subject's values."""
        import polars as pl

        rows = self._partition(plan, env, name)
        frame = self.store.frame(name).with_row_index("row")
        if rows is not None:
            frame = frame[rows]
        compiler = self._compiler(node, env, name)
        shape = self._shape(node, compiler, list(plan.conditions))
        summary = self._summarize(frame, pl.lit(0), shape)
        self.methods["columns, per subject"] += 1
        return summary.get(0, EMPTY)

    def _compiler(self, node: Scan, env: Env, name: str) -> Compiler:
        assert node.var is not None
        return Compiler(node.var, name, self.store, lambda part: self.evaluate(part, env))

    def _shape(
        self, node: Scan, compiler: Compiler, conditions: list[ir.Node]
    ) -> tuple[Shape, pl.Expr, pl.Expr, AggregateKind | None]:
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

    def _summarize(
        self,
        frame: pl.DataFrame,
        key: pl.Expr,
        shape: tuple[Shape, pl.Expr, pl.Expr, AggregateKind | None],
    ) -> dict[Any, Summary]:
        return summarize(frame, key, *shape, keep_rows=self.keep_rows)


# A key value no row has: the subject is an entity of another collection.
_NO_ROWS = object()


def _is_key(plan: Plan, index: int) -> bool:
    return plan.key is not None and plan.key.position == index


def _make_plan(node: Scan, columns: dict[str, Any]) -> Plan:
    assert node.var is not None
    var = node.var
    conditions: tuple[ir.Node, ...] = ()
    if node.where is not None:
        conditions = node.where.operands if isinstance(node.where, ir.And) else (node.where,)
    key: Key | None = None
    for position, condition in enumerate(conditions):
        key = _key_of(condition, var, position, columns)
        if key is not None:
            break
    rest = [c for i, c in enumerate(conditions) if key is None or i != key.position]
    if isinstance(node, ir.Quantify) and node.body is not None:
        rest.append(node.body)
    if isinstance(node, ir.Aggregate) and node.value is not None:
        rest.append(node.value)
    return Plan(key, conditions, any(_depends_on_subject(part, var) for part in rest))


def _key_of(condition: ir.Node, var: str, position: int, columns: dict[str, Any]) -> Key | None:
    if not isinstance(condition, ir.Compare) or condition.op != "=":
        return None
    if condition.kind not in (ir.CompareKind.ENTITY, ir.CompareKind.TEXT):
        return None
    for column, other in ((condition.left, condition.right), (condition.right, condition.left)):
        if (
            isinstance(column, ir.Field)
            and isinstance(column.target, ir.Local)
            and column.target.name == var
            and column.name in columns
            and not mentions(other, var)
            and _depends_on_subject(other, var)
        ):
            if condition.kind is ir.CompareKind.ENTITY and column.ref is None:
                return None
            return Key(position, column.name, other, column.ref)
    return None


def _has_and(node: ir.Node) -> bool:
    return isinstance(node, ir.And) or any(_has_and(child) for child in children(node))


def _depends_on_subject(node: ir.Node, var: str) -> bool:
    """Whether `node` can have another value for another subject: it reads a variable other
    than the row's, a definition of the rule, or the deadline."""
    match node:
        case ir.Local(name=name):
            return name != var
        case ir.DefinitionRef(key=key):
            return key.count("::") > 1
        case ir.Global(name=name):
            return name is ir.GlobalName.DEADLINE
    return any(_depends_on_subject(child, var) for child in children(node))
