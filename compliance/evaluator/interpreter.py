"""The row interpreter: expressions (`expressions.py`) plus quantifiers and aggregates over
collections, element by element, with Kleene logic for missing values.

A quantifier or aggregate with an element whose outcome is unknown is itself unknown unless
another element decides it (a failing element of a `för varje`, a witness of a `finns`), so
absent evidence is never read as "no" or "zero".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from compliance import ir
from compliance.data.dataset import DataPath, Dataset
from compliance.evaluator.elements import (
    EXAMPLES_KEPT,
    Outside,
    aggregate_result,
    near_misses,
    row_of,
)
from compliance.evaluator.evidence import EvidenceWriter
from compliance.evaluator.expressions import Env, ExpressionInterpreter
from compliance.evaluator.facts import ElementFact, QuantifierFact, Trace
from compliance.evaluator.row_keys import RowKeys
from compliance.evaluator.values import EntityValue, Missing
from compliance.findings import Evidence, RowSelection
from compliance.periods import Period
from compliance.syntax.kinds import QuantifierKind


@dataclass(slots=True)
class Decided:
    """A requirement's result for one subject, with its evidence and the rows it did not
    pass, known before the subject is judged."""

    holds: Any
    evidence: Sequence[Evidence]
    rows: RowSelection | None


class Preparation(Protocol):
    """What a backend knows of one rule for each subject before the rule is judged."""

    def prepare(self, env: Env) -> Decided | None:
        """May place the subject's definitions in `env.memo`; returns the requirement's
        result when it is known, else None."""


class Interpreter(ExpressionInterpreter):
    def __init__(self, program: ir.Program, dataset: Dataset, period: Period, as_of: date) -> None:
        super().__init__(program, dataset, period, as_of)
        # Keep the index of every row a `för varje` over a data collection did not pass.
        self.keep_rows = False
        self.row_keys = RowKeys(lambda node, env: self.evaluate(node, env))

    def preparation(self, rule: ir.CheckedRule, writer: EvidenceWriter) -> Preparation | None:
        """Row by row, nothing is known before a rule is judged."""
        return None

    def told_for_all(self, condition: ir.Node, subject: ir.Subject) -> Sequence[bool | None] | None:
        """`condition`, about the subject alone, for every entity of the subject's collection
        in order, where it can be told for all at once (None where it is unknown: evaluate
        it for that entity); None when it is evaluated entity by entity. Row by row, never."""
        return None

    def _dispatch(self) -> dict[type[ir.Node], Callable[[Any, Env, Trace | None], Any]]:
        return {
            **super()._dispatch(),
            ir.Quantify: self._quantify,
            ir.Aggregate: self._aggregate,
        }

    def _elements(self, node: ir.Node, env: Env, trace: Trace | None) -> list[Any] | Missing:
        value = self.evaluate(node, env, trace)
        if isinstance(value, Missing):
            return value
        return list(value)

    def _quantify(self, node: ir.Quantify, env: Env, trace: Trace | None) -> Any:
        elements = self._elements(node.collection, env, trace)
        if isinstance(elements, Missing):
            return elements
        keyed = self._keyed(node, env, elements)
        if keyed is not None:
            outside = Outside(len(elements) - len(keyed))  # they fail the first condition
            return self._quantify_over(node, env, trace, keyed, len(elements), outside)
        return self._quantify_over(node, env, trace, elements, len(elements))

    def _keyed(
        self, node: ir.Quantify | ir.Aggregate, env: Env, elements: list[Any]
    ) -> list[Any] | None:
        """The elements picked by the scan's key (`row_keys`); None: judge them all. A table's
        rows are picked by the column-wise backend instead."""
        collection = node.collection
        if isinstance(collection, ir.Collection) and collection.name in self.dataset.tables:
            return None
        return self.row_keys.subset(node, env, elements)

    def _quantify_over(
        self,
        node: ir.Quantify,
        env: Env,
        trace: Trace | None,
        elements: Iterable[Any],
        total: int,
        outside: Outside | None = None,
    ) -> Any:
        """The quantifier over `elements`, out of `total` in the collection; the `outside`
        others are known to fail the first condition of the `där` filter."""
        if trace is not None and node.kind is QuantifierKind.EXISTS:
            elements = list(elements)
            if len(elements) > 1 and self._witness_first(node, env, trace, elements, total):
                return True
        is_forall = node.kind is QuantifierKind.FORALL
        considered = failed = 0
        unknown: list[Missing] = []
        examples: list[ElementFact] = []
        others: list[ElementFact] = []
        other_rows: list[int] = []
        witness: ElementFact | None = None
        kept_rows: list[int] = []
        keeping = self.keep_rows and is_forall and isinstance(node.collection, ir.Collection)
        for element in elements:
            selected, matched, sub = self.judge_element(node, env, element, trace is not None)
            if keeping and selected is not False and matched is not True:
                kept_rows.append(element.path[1])
            if selected is False and is_forall:
                continue  # outside the `där` filter: not tested at all
            if selected is True:
                considered += 1
            if isinstance(matched, Missing):
                unknown.append(matched)
            if sub is None:
                # Without a trace nobody needs the counts: stop at the first decisive element.
                if matched is True and not is_forall:
                    return node.kind is QuantifierKind.EXISTS
                if matched is False and is_forall:
                    return False
                continue
            fact = self._element_fact(element, matched, sub)
            if is_forall:
                if matched is False:
                    failed += 1
                if matched is not True and len(examples) < EXAMPLES_KEPT:
                    examples.append(fact)
            elif matched is True:
                witness = witness or fact
                if node.kind is QuantifierKind.NONE and len(examples) < EXAMPLES_KEPT:
                    examples.append(fact)
            else:
                others.append(fact)
                other_rows.append(row_of(element))
        result = self._quantifier_result(node.kind, failed, witness, unknown)
        if trace is not None:
            if node.kind is QuantifierKind.EXISTS:
                examples = (
                    [witness] if witness else near_misses(others, other_rows, outside or Outside())
                )
            trace.add(
                self.quantifier_fact(
                    node, env, total, considered, failed, len(unknown), examples, result, kept_rows
                )
            )
        return result

    def _witness_first(
        self, node: ir.Quantify, env: Env, trace: Trace, elements: list[Any], total: int
    ) -> bool:
        """A `finns` that holds shows only its first witness: the elements are judged without
        facts, and only the witness again with them. False (nothing recorded) when there is
        none, and the near misses need every element's facts."""
        considered = 0
        unknown = 0
        witness: Any = None
        for element in elements:
            selected = self.judge_element(node, env, element, False)[0]
            if selected is True:
                considered += 1
                if witness is None:
                    witness = element
            elif isinstance(selected, Missing):
                unknown += 1
        if witness is None:
            return False
        _, matched, sub = self.judge_element(node, env, witness, True)
        assert matched is True and sub is not None
        fact = self._element_fact(witness, matched, sub)
        trace.add(self.quantifier_fact(node, env, total, considered, 0, unknown, [fact], True))
        return True

    def judge_element(
        self, node: ir.Quantify, env: Env, element: Any, traced: bool
    ) -> tuple[Any, Any, Trace | None]:
        """Whether one element is selected by the `där` filter, how it fares, and the
        facts behind it when `traced`."""
        inner = env.bind(node.var, element)
        sub = Trace() if traced else None
        selected = True if node.where is None else self.evaluate(node.where, inner, sub)
        matched = selected
        if selected is True and node.kind is QuantifierKind.FORALL and node.body is not None:
            if sub is not None:
                # What selected the element is not why it failed: keep the body's facts.
                sub.facts.clear()
                sub.depth = 0
            matched = self.evaluate(node.body, inner, sub)
        return selected, matched, sub

    def quantifier_fact(
        self,
        node: ir.Quantify,
        env: Env,
        total: int,
        considered: int,
        failed: int,
        unknown: int,
        examples: list[ElementFact],
        result: Any,
        rows: Sequence[int] = (),
    ) -> QuantifierFact:
        is_forall = node.kind is QuantifierKind.FORALL
        collection = node.collection
        condition = node.body if is_forall and node.body is not None else node.where
        return QuantifierFact(
            kind=node.kind,
            source=node.source,
            condition=condition.source if condition is not None else "",
            collection=node.collection.source,
            total=total,
            considered=considered,
            failed=failed,
            unknown=unknown,
            examples=tuple(examples),
            result=result,
            path=self._collection_path(node.collection, env),
            collection_name=collection.name if isinstance(collection, ir.Collection) else None,
            rows=tuple(rows),
        )

    def _collection_path(self, node: ir.Node, env: Env) -> DataPath | None:
        if isinstance(node, ir.Collection):
            return (node.name,)
        if isinstance(node, ir.Field):
            return self._field(node, env, None)[2]
        return None

    @staticmethod
    def _quantifier_result(
        kind: QuantifierKind,
        failed: int,
        witness: ElementFact | None,
        unknown: list[Missing],
    ) -> Any:
        if kind is QuantifierKind.FORALL:
            if failed:
                return False
            return Missing.merge(*unknown) if unknown else True
        if witness is not None:
            return kind is QuantifierKind.EXISTS
        if unknown:
            return Missing.merge(*unknown)
        return kind is QuantifierKind.NONE

    def _element_fact(self, element: Any, outcome: Any, sub: Trace) -> ElementFact:
        if isinstance(element, EntityValue):
            return ElementFact(element.label, element.path, outcome, sub.depth, tuple(sub.facts))
        return ElementFact(str(element), None, outcome, sub.depth, tuple(sub.facts))

    def _aggregate(self, node: ir.Aggregate, env: Env, trace: Trace | None) -> Any:
        elements = self._elements(node.collection, env, trace)
        if isinstance(elements, Missing):
            return elements
        if node.var is None:
            return len(elements)
        keyed = self._keyed(node, env, elements)
        return self._aggregate_over(node, env, elements if keyed is None else keyed)

    def _aggregate_over(self, node: ir.Aggregate, env: Env, elements: Iterable[Any]) -> Any:
        values: list[Any] = []
        unknown: list[Missing] = []
        for element in elements:
            kept, value = self.aggregate_element(node, env, element)
            if isinstance(value, Missing):
                unknown.append(value)
            elif kept:
                values.append(value)
        return aggregate_result(node, values, unknown)

    def aggregate_element(self, node: ir.Aggregate, env: Env, element: Any) -> tuple[bool, Any]:
        """Whether one element counts, and its value (`Missing` when that is unknown)."""
        assert node.var is not None
        inner = env.bind(node.var, element)
        keep = True if node.where is None else self.evaluate(node.where, inner)
        if isinstance(keep, Missing):
            return False, keep
        if not keep:
            return False, None
        return True, True if node.value is None else self.evaluate(node.value, inner)
