"""The column-wise backend: the row interpreter, with quantifiers and aggregates over a data
collection computed on whole columns.

A condition such as `för varje s i synpunkter där s.nämnd = n och s.inkommen inom period:
…` is split into its *key* (`s.nämnd = n`: which rows belong to the subject) and the rest.
When the rest does not depend on the subject, it is computed once for every row and summed up
per key value, so a rule judged for 4 000 nämnder over a million synpunkter reads the columns
once. Otherwise the rest is computed per subject on the subject's rows only; and what cannot be
computed column-wise is evaluated row by row, on those rows only. Which of these a scan gets
is decided in `scans.py`; this module turns the summaries into results and evidence.

Findings are identical to the row interpreter's by construction: the counts come from the
columns, while everything a reader sees about single rows (examples, and what is missing for
rows whose outcome is unknown) is produced by the row interpreter for exactly those rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from compliance import ir
from compliance.data.dataset import Dataset
from compliance.evaluator.columns.compile import Compiler, NotColumnar
from compliance.evaluator.columns.plans import Scan
from compliance.evaluator.columns.prepared import prepare_rule
from compliance.evaluator.columns.row_lines import RowLines
from compliance.evaluator.columns.summaries import Summary
from compliance.evaluator.columns.witnesses import (
    Witnesses,
    witness_sides,
)
from compliance.evaluator.elements import Outside, aggregate_result
from compliance.evaluator.evidence import EvidenceWriter
from compliance.evaluator.expressions import Env
from compliance.evaluator.facts import ElementFact, Shown, Trace
from compliance.evaluator.interpreter import Preparation
from compliance.evaluator.values import EntityValue, Missing
from compliance.periods import Period
from compliance.syntax.kinds import AggregateKind, QuantifierKind


class ColumnInterpreter(RowLines):
    """Results and evidence from the summaries `ScanSummarizer` computes, and row by row
    where there is none."""

    # A `finns` whose summary has no row that passes its filter, while its rows are judged
    # for near misses: the row interpreter need not look for a witness first.
    _no_witness: ir.Quantify | None = None

    def __init__(self, program: ir.Program, dataset: Dataset, period: Period, as_of: date) -> None:
        super().__init__(program, dataset, period, as_of)
        # Conditions told for every subject at once (`told_for_all`), by the condition's
        # id(); the condition is kept with its answer.
        self._told: dict[int, tuple[ir.Node, list[bool | None] | None]] = {}

    # ---------------------------------------------------------------- entry points

    def preparation(self, rule: ir.CheckedRule, writer: EvidenceWriter) -> Preparation | None:
        return prepare_rule(self, rule, writer)

    def told_for_all(self, condition: ir.Node, subject: ir.Subject) -> Sequence[bool | None] | None:
        # A rule's `avser … där` and `tillämplig om` are asked of thousands of nämnder; on
        # their columns they are one pass. Only a condition that reads nothing but the
        # subject's own fields and constants is told here: anything else (a definition, the
        # deadline) may depend on the subject in ways the columns do not see.
        found = self._told.get(id(condition))
        if found is None:
            found = self._told[id(condition)] = (condition, _told(self, condition, subject))
        return found[1]

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
            if summary is None:
                return self._rows(node, env, trace, name, near_misses=True)
            found = self._near_misses(node, env, trace, name, summary)
            if found is not None:
                return found
            # No row is a witness: the rows are judged for their near misses only.
            before, self._no_witness = self._no_witness, node
            try:
                return self._rows(node, env, trace, name, near_misses=True)
            finally:
                self._no_witness = before
        summary = self._summary(node, env, name)
        if summary is None:
            return self._rows(node, env, trace, name)
        return self._quantifier_from(node, env, trace, name, summary)

    def _witness_first(
        self, node: ir.Quantify, env: Env, trace: Trace, elements: list[Any], total: int
    ) -> bool:
        if node is self._no_witness:
            self.methods["rows, no witness to look for"] += 1
            return False
        return super()._witness_first(node, env, trace, elements, total)

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
        only one the evidence shows; made from the columns when it can be (`witnesses.py`),
        else evaluated row by row."""
        witness = self._witness_from_columns(node, env, name, summary.shown[0])
        if witness is None:
            self._example_batch(node, name)  # every subject's witness built as an entity at once
            entity = self.store.entity(name, summary.shown[0])
            _, matched, sub = self.judge_element(node, env, entity, True)
            assert matched is True and sub is not None
            witness = self._element_fact(entity, matched, sub)
        else:
            self.methods["columns, witness facts"] += 1
        self.methods["columns, witness"] += 1
        size = self.store.size(name)
        trace.add(
            self.quantifier_fact(
                node, env, size, summary.considered, 0, len(summary.unknown), [witness], True
            )
        )
        return True

    def _witness_from_columns(
        self, node: ir.Quantify, env: Env, name: str, row: int
    ) -> ElementFact | None:
        plan = self._plan(node, name)
        if plan.witnesses is None:
            plan.witnesses = False
            assert node.var is not None and plan.grouped is not None
            var = node.var
            conjuncts = witness_sides(
                node.where, var, lambda part: self._witness_side(node, part, var, name)
            )
            if conjuncts is not None:
                rows = sorted({s.shown[0] for s in plan.grouped.values() if s.shown})
                plan.witnesses = Witnesses(
                    node.where, conjuncts, name, self.store, rows, self.index
                )
        if plan.witnesses is False or plan.witnesses is True:
            return None

        def outer(side: ir.Node) -> tuple[Any, Shown] | None:
            if isinstance(side, ir.Local) and side.name in env.locals:
                # `n`: what `_shown` makes of a bound variable, without the dispatch.
                value = env.locals[side.name]
                if isinstance(value, EntityValue):
                    return value, Shown(side.source, value, value.label, value.path)
                return value, Shown(side.source, value, None, None)
            probe = Trace()
            found = self._shown(side, env, probe)
            return None if probe.facts else found

        return plan.witnesses.fact(row, outer)

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


def _told(
    run: ColumnInterpreter, condition: ir.Node, subject: ir.Subject
) -> list[bool | None] | None:
    name, var = subject.collection.name, subject.var
    if not _of_subject_alone(condition, var) or run.store.size(name) == 0:
        return None
    compiler = Compiler(var, name, run.store, lambda part: run.evaluate(part, Env()))
    try:
        told = compiler.condition(condition)
    except NotColumnar:
        return None
    found: list[bool | None] = run.store.frame(name).select(told.alias("told"))["told"].to_list()
    return found


def _of_subject_alone(node: ir.Node, var: str) -> bool:
    """Whether `node` reads nothing but constants, the run's values (`period.slut`) and
    fields of `var`, joined by `och`, `eller`, `inte` and comparisons."""
    match node:
        case ir.Const():
            return True
        case ir.Global(name=name):
            return name is not ir.GlobalName.DEADLINE  # the deadline may be the subject's own
        case ir.Field(target=ir.Local(name=name)):
            return name == var
        case ir.PeriodField() | ir.Compare() | ir.And() | ir.Or() | ir.Not():
            return all(_of_subject_alone(child, var) for child in ir.children(node))
    return False
