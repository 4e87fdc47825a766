"""The facts and evidence lines of single rows, made from the columns for every subject at
once: a `för varje`'s example rows (`examples.py`, `example_lines.py`), and a shared
`finns`'s witnesses and near misses (`witness_text.py`).

This layer of `ColumnInterpreter` reads each rule's comparisons as sides of the row
(`_side`, `_witness_side`) and hands the rows to the batch writers; a comparison it cannot
read that way leaves its rows to the row interpreter.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import Any

from compliance import ir
from compliance.evaluator.columns.compile import Compiler, NotColumnar
from compliance.evaluator.columns.example_lines import example_lines
from compliance.evaluator.columns.examples import (
    Constant,
    ExampleRows,
    FieldSide,
    OtherwiseSide,
    ShiftSide,
    Side,
    example_facts,
)
from compliance.evaluator.columns.near_misses import NearMissFinder
from compliance.evaluator.columns.plans import depends_on_subject
from compliance.evaluator.columns.summaries import Summary
from compliance.evaluator.columns.text_parts import NotWritten
from compliance.evaluator.columns.witness_text import (
    EntityNames,
    WitnessRows,
    near_miss_lines,
    witness_lines,
)
from compliance.evaluator.columns.witnesses import (
    Either,
    Fixed,
    Outer,
    RowField,
    RowPart,
    WitnessSide,
    witness_sides,
)
from compliance.evaluator.evidence import EvidenceWriter
from compliance.evaluator.expressions import Env
from compliance.evaluator.facts import ElementFact, Trace
from compliance.findings import Evidence
from compliance.syntax.kinds import QuantifierKind


class RowLines(NearMissFinder):
    """`NearMissFinder` with single rows' facts and evidence lines made from the columns."""

    @cached_property
    def _entity_names(self) -> EntityNames:
        return EntityNames(self.index)

    def witness_evidence(
        self, node: ir.Quantify, name: str, writer: EvidenceWriter
    ) -> dict[int, tuple[Evidence, ...]]:
        """The evidence lines of every subject's witness, when they can be written from the
        columns (`witness_text.py`); {} when each is written from its facts."""
        plan = self._plan(node, name)
        if plan.witness_evidence is None:
            plan.witness_evidence = {}
            if plan.grouped is None:
                return plan.witness_evidence
            # Only subjects none of whose rows is unknown are prepared (`prepared.py`).
            groups = plan.grouped.values()
            rows = sorted({s.shown[0] for s in groups if s.considered and not s.unknown})
            witnesses = self._finns_rows(node, name, rows)
            if witnesses is None:
                return plan.witness_evidence
            try:
                lines = witness_lines(
                    witnesses, self._entity_names, writer.locate, self.dataset.row_places(name)
                )
            except NotWritten:
                return plan.witness_evidence
            plan.witness_evidence = lines
            self.methods["columns, witness evidence"] += 1
        return plan.witness_evidence

    def near_miss_evidence(
        self, node: ir.Quantify, name: str, writer: EvidenceWriter
    ) -> dict[Any, tuple[Evidence, ...]]:
        """The near-miss lines of every failing subject whose near misses are its own rows
        and can be written from the columns (`NearMissFinder.closest_rows`), by the subject's
        id; the others rank theirs when judged."""
        plan = self._plan(node, name)
        if plan.near_miss_evidence is None:
            plan.near_miss_evidence = {}
            closest = self.closest_rows(node, name)
            if closest is None or not closest.rows:
                return plan.near_miss_evidence
            rows = self._finns_rows(node, name, sorted(closest.failed_first))
            if rows is None:
                return plan.near_miss_evidence
            lines = near_miss_lines(
                rows,
                closest.failed_first,
                self._entity_names,
                writer.locate,
                self.dataset.row_places(name),
            )
            plan.near_miss_evidence = {
                value: tuple(lines[row] for row in chosen)
                for value, chosen in closest.rows.items()
                if all(row in lines for row in chosen)
            }
            self.methods["columns, near-miss evidence"] += 1
        return plan.near_miss_evidence

    def _finns_rows(self, node: ir.Quantify, name: str, rows: list[int]) -> WitnessRows | None:
        """`rows` of a shared `finns`'s collection with the comparisons of its `där` filter
        as they read the row, or None when a comparison is not read that way."""
        plan = self._plan(node, name)
        key = plan.key
        if node.var is None or key is None or key.ref is None:
            return None
        if not isinstance(key.other, ir.Local):
            return None
        var = node.var
        conjuncts = witness_sides(
            node.where, var, lambda part: self._witness_side(node, part, var, name)
        )
        if conjuncts is None:
            return None
        return WitnessRows(
            conjuncts,
            name,
            self.store.frame(name),
            rows,
            "id" in self.store.columns(name),
            key.other.name,
            key.column,
            key.ref,
        )

    def _witness_side(
        self, scan: ir.Quantify, node: ir.Node, var: str, name: str
    ) -> WitnessSide | None:
        if not ir.mentions(node, var):
            if depends_on_subject(node, var):
                return Outer(node)
            probe = Trace()
            value, shown = self._shown(node, Env(), probe)
            return Outer(node) if probe.facts else Fixed(value, shown)
        match node:
            case ir.Field(target=ir.Local(name=target), name=column) if (
                target == var and column in self.store.columns(name)
            ):
                return RowField(node.source, column, node.ref)
            case ir.PeriodField(target=ir.Field(target=ir.Local(name=target)) as field) if (
                target == var
            ):
                part = self.store.period_part(name, field.name, node.part.value)
                return None if part is None else RowPart(node.source, part)
            case ir.Otherwise(value=value, fallback=fallback):
                first = self._witness_side(scan, value, var, name)
                second = self._witness_side(scan, fallback, var, name)
                if first is None or second is None:
                    return None
                return Either(node.source, first, second)
            case ir.Arithmetic():
                try:
                    shift = self._side(node, self._compiler(scan, Env(), name))
                except NotColumnar:
                    return None
                if isinstance(shift, ShiftSide):
                    return shift
        return None

    def _example_batch(self, node: ir.Quantify, name: str) -> dict[int, ElementFact]:
        """The facts of the example rows of every subject, when they can be made from the
        columns (`examples.py`); {} when each is evaluated row by row."""
        plan = self._plan(node, name)
        if plan.examples is None:
            plan.examples = {}
            # A row the `där` filter could not decide is evaluated row by row.
            examples = self._example_rows(node, name, lambda s: set(s.unsure))
            if examples is not None:
                plan.examples = example_facts(examples, self.location)
                self.methods["columns, example rows"] += 1
            done = plan.examples
            groups = (plan.grouped or {}).values()
            self.store.prefetch(name, (r for s in groups for r in s.shown if r not in done))
        return plan.examples

    def example_evidence(
        self, node: ir.Quantify, name: str, writer: EvidenceWriter
    ) -> dict[int, Evidence]:
        """The evidence lines of the example rows of every subject, when they can be made
        from the columns; {} when each is written from its facts."""
        plan = self._plan(node, name)
        if plan.example_evidence is None:
            plan.example_evidence = {}
            # Only subjects none of whose rows is unknown are prepared (`prepared.py`).
            examples = self._example_rows(
                node, name, lambda s: set(s.shown) if s.unsure or s.unknown else set()
            )
            if examples is not None:
                places = self.dataset.row_places(name)
                plan.example_evidence = example_lines(examples, writer, places)
                self.methods["columns, example evidence"] += 1
        return plan.example_evidence

    def _example_rows(
        self, node: ir.Quantify, name: str, left_out: Callable[[Summary], set[int]]
    ) -> ExampleRows | None:
        """Every subject's example rows but those `left_out` of its summary, when they can be
        read from the columns."""
        plan = self._plan(node, name)
        sides = self._example_sides(node, name) if plan.grouped is not None else None
        if sides is None or not isinstance(node.body, ir.Compare):
            return None
        assert plan.grouped is not None
        groups = list(plan.grouped.values())
        omitted = set().union(*(left_out(s) for s in groups))
        rows = [r for s in groups for r in s.shown if r not in omitted]
        has_id = "id" in self.store.columns(name)
        return ExampleRows(node.body, sides, name, self.store.frame(name), rows, has_id)

    def _example_sides(self, node: ir.Quantify, name: str) -> tuple[Side, Side] | None:
        body = node.body
        if node.kind is not QuantifierKind.FORALL or not isinstance(body, ir.Compare):
            return None
        if body.kind in (ir.CompareKind.ENTITY, ir.CompareKind.PERIOD):
            return None
        if depends_on_subject(body, node.var):
            return None  # `frist` or `n.id` read for all subjects at once: shown row by row
        compiler = self._compiler(node, Env(), name)
        try:
            left, right = self._side(body.left, compiler), self._side(body.right, compiler)
        except NotColumnar:
            return None
        return None if left is None or right is None else (left, right)

    def _side(self, node: ir.Node, compiler: Compiler) -> Side | None:
        columns = self.store.columns(compiler.collection)
        if not ir.mentions(node, compiler.var):
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


def shifted_column(col: Any) -> str:
    """The derived column a compiled date shift reads (`Compiler` stores every shift as one)."""
    name: str = col.expr.meta.output_name()
    return name
