"""Row-by-row evaluation of the IR over a `Dataset`, with Kleene logic for missing values.

`och` is false as soon as one side is false even if another is missing; `eller` is true as
soon as one side is true; otherwise a missing operand makes the result missing. Quantifiers
and aggregates follow the same rule, so absent evidence is never read as "no" or "zero".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import BaseModel

from compliance import ir
from compliance.data.dataset import DataPath, Dataset, Location
from compliance.evaluator.facts import CompareFact, ElementFact, QuantifierFact, Shown, Trace
from compliance.evaluator.functions import (
    FUNCTIONS,
    add_days,
    add_months,
    problem,
    relative_date,
    working_days,
)
from compliance.evaluator.values import EntityValue, Missing, MissingItem, element_label
from compliance.messages import message
from compliance.periods import Period
from compliance.syntax.ast import AggregateKind, DurationUnit, QuantifierKind

# How many failing elements a quantifier keeps as examples for the evidence.
EXAMPLES_KEPT = 5


@dataclass
class Env:
    """Variables in scope and the memo of definitions already computed for them."""

    locals: dict[str, Any] = field(default_factory=dict)
    memo: dict[str, Any] = field(default_factory=dict)
    deadline: Any = None

    def bind(self, name: str, value: Any) -> Env:
        return Env({**self.locals, name: value}, self.memo, self.deadline)


class Interpreter:
    def __init__(self, program: ir.Program, dataset: Dataset, period: Period, as_of: date) -> None:
        self.program = program
        self.dataset = dataset
        self.period = period
        self.as_of = as_of
        # Built on first use: a collection read from a large table is never turned into one
        # Python object per row unless an expression needs its rows one by one.
        self.collections = _Collections(dataset)
        self.index = _Index(self.collections)
        kommun = dataset.organisation.kommun
        self.kommun: EntityValue | Missing = (
            EntityValue(kommun, ("kommun",), "kommun", None)
            if kommun is not None
            else Missing((MissingItem("kommun", message("missing.collection", name="kommun")),))
        )
        # Definitions outside rules cannot see a subject, so one value serves every rule.
        self.file_memo: dict[str, Any] = {}
        # Keep the index of every row a `för varje` over a data collection did not pass.
        self.keep_rows = False

    # ---------------------------------------------------------------- helpers

    def location(self, path: DataPath) -> Location | None:
        return self.dataset.location(path)

    def evaluate(self, node: ir.Node, env: Env, trace: Trace | None = None) -> Any:
        match node:
            case ir.Const(value=value):
                return value
            case ir.Duration():
                return node
            case ir.RelativeDate(day=day, month=month, year_offset=offset):
                return relative_date(self.period.end.year + offset, month, day)
            case ir.Local(name=name):
                if name in env.locals:
                    return env.locals[name]
                # Only a finding with no subject at all (its collection is not declared)
                # renders a template without the subject bound; the placeholder is then unknown.
                return Missing((MissingItem(name, message("missing.value")),))
            case ir.DefinitionRef(key=key):
                return self._definition(key, env)
            case ir.Global(name=name):
                return self._global(name, env)
            case ir.Collection(name=name):
                return self.collections[name]
            case ir.Field():
                return self._field(node, env, trace)[0]
            case ir.PeriodField(target=target, part=part):
                value = self.evaluate(target, env, trace)
                if isinstance(value, Missing):
                    return value
                assert isinstance(value, Period)
                if part is ir.PeriodPart.START:
                    return value.start
                if part is ir.PeriodPart.END:
                    return value.end
                return value.year
            case ir.Call():
                return self._call(node, env, trace)
            case ir.Negative(operand=operand):
                value = self.evaluate(operand, env, trace)
                return value if isinstance(value, Missing) else -value
            case ir.Arithmetic():
                return self._arithmetic(node, env, trace)
            case ir.Compare():
                return self._compare(node, env, trace)
            case ir.Within():
                return self._within(node, env, trace)
            case ir.And(operands=operands):
                return self._and(operands, env, trace)
            case ir.Or(operands=operands):
                return self._or(operands, env, trace)
            case ir.Not(operand=operand):
                value = self.evaluate(operand, env, trace)
                return value if isinstance(value, Missing) else not value
            case ir.Otherwise(value=value_node, fallback=fallback):
                value = self.evaluate(value_node, env, trace)
                if isinstance(value, Missing) or value is None:
                    return self.evaluate(fallback, env, trace)
                return value
            case ir.Quantify():
                return self._quantify(node, env, trace)
            case ir.Aggregate():
                return self._aggregate(node, env, trace)
            case _:
                raise AssertionError(f"the evaluator has no case for {type(node).__name__}")

    def _definition(self, key: str, env: Env) -> Any:
        memo = env.memo if key.count("::") > 1 else self.file_memo
        if key not in memo:
            memo[key] = self.evaluate(self.program.definitions[key], env)
        return memo[key]

    def _global(self, name: ir.GlobalName, env: Env) -> Any:
        if name is ir.GlobalName.PERIOD:
            return self.period
        if name is ir.GlobalName.AS_OF:
            return self.as_of
        if name is ir.GlobalName.KOMMUN:
            return self.kommun
        return env.deadline

    def _field(
        self, node: ir.Field, env: Env, trace: Trace | None
    ) -> tuple[Any, str | None, Location | None]:
        """The field's value with the label and location of where it was read."""
        target = self.evaluate(node.target, env, trace)
        if isinstance(target, Missing):
            return target, None, None
        assert isinstance(target, EntityValue)
        path = (*target.path, node.name)
        label = f"{target.label}.{node.name}"
        location = self.location(path)
        raw = getattr(target.model, node.name)
        if raw is None:
            missing = Missing((MissingItem(label, message("missing.value"), location),))
            return missing, label, location
        if node.ref is not None:
            found = self.index[node.ref].get(raw)
            if found is None:
                return problem(message("problem.unknown_ref", label=label, id=raw)), label, location
            return found, label, location
        if isinstance(raw, list | tuple):
            return self._list(raw, path, label), label, location
        if isinstance(raw, BaseModel):
            return EntityValue(raw, path, label, None), label, location
        return raw, label, location

    def _list(self, items: Any, path: DataPath, label: str) -> list[Any]:
        result: list[Any] = []
        for i, item in enumerate(items):
            if isinstance(item, BaseModel):
                result.append(EntityValue(item, (*path, i), element_label(label, i, item), None))
            else:
                result.append(item)
        return result

    def _shown(self, node: ir.Node, env: Env, trace: Trace | None) -> tuple[Any, Shown]:
        if isinstance(node, ir.Field):
            value, label, location = self._field(node, env, trace)
        elif isinstance(node, ir.Otherwise):
            # The evidence points at whichever side supplied the value.
            value, shown = self._shown(node.value, env, trace)
            if isinstance(value, Missing) or value is None:
                value, shown = self._shown(node.fallback, env, trace)
            label, location = shown.label, shown.location
        else:
            value, label, location = self.evaluate(node, env, trace), None, None
            if isinstance(value, EntityValue):
                label, location = value.label, self.location(value.path)
        return value, Shown(node.source, value, label, location)

    # ---------------------------------------------------------------- operators

    def _call(self, node: ir.Call, env: Env, trace: Trace | None) -> Any:
        args = [self.evaluate(arg, env, trace) for arg in node.args]
        if not node.inspects_presence and any(isinstance(a, Missing) for a in args):
            return Missing.merge(*args)
        return FUNCTIONS[node.function](*args)

    def _arithmetic(self, node: ir.Arithmetic, env: Env, trace: Trace | None) -> Any:
        left = self.evaluate(node.left, env, trace)
        right = self.evaluate(node.right, env, trace)
        if isinstance(left, Missing) or isinstance(right, Missing):
            return Missing.merge(left, right)
        if node.kind is ir.ArithmeticKind.NUMBER:
            if node.op == "+":
                return left + right
            if node.op == "-":
                return left - right
            if node.op == "*":
                return left * right
            if right == 0:
                return problem(message("problem.division_by_zero", source=node.source))
            return left / right
        assert isinstance(right, ir.Duration)
        sign = 1 if node.kind is ir.ArithmeticKind.DATE_PLUS_DURATION else -1
        amount = sign * right.amount
        if right.unit is DurationUnit.DAYS:
            return add_days(left, amount)
        if right.unit is DurationUnit.WORKING_DAYS:
            return working_days(left, amount)
        if right.unit is DurationUnit.MONTHS:
            return add_months(left, amount)
        return add_months(left, 12 * amount)

    def _compare(self, node: ir.Compare, env: Env, trace: Trace | None) -> Any:
        left, left_shown = self._shown(node.left, env, trace)
        right, right_shown = self._shown(node.right, env, trace)
        result = _compare_values(node, left, right)
        if trace is not None:
            trace.add(CompareFact(node.source, left_shown, right_shown, result))
        return result

    def _within(self, node: ir.Within, env: Env, trace: Trace | None) -> Any:
        value, value_shown = self._shown(node.value, env, trace)
        period, period_shown = self._shown(node.period, env, trace)
        if isinstance(value, Missing) or isinstance(period, Missing):
            result: Any = Missing.merge(value, period)
        else:
            result = bool(period.contains(value))
        if trace is not None:
            trace.add(CompareFact(node.source, value_shown, period_shown, result))
        return result

    def _and(self, operands: tuple[ir.Node, ...], env: Env, trace: Trace | None) -> Any:
        missing: list[Missing] = []
        held = 0
        for operand in operands:
            value = self.evaluate(operand, env, trace)
            if value is False:
                if trace is not None:
                    trace.depth = max(trace.depth, held)
                return False
            if isinstance(value, Missing):
                missing.append(value)
            else:
                held += 1
        if trace is not None:
            trace.depth = max(trace.depth, held)
        return Missing.merge(*missing) if missing else True

    def _or(self, operands: tuple[ir.Node, ...], env: Env, trace: Trace | None) -> Any:
        missing: list[Missing] = []
        for operand in operands:
            value = self.evaluate(operand, env, trace)
            if value is True:
                return True
            if isinstance(value, Missing):
                missing.append(value)
        return Missing.merge(*missing) if missing else False

    # ---------------------------------------------------------------- collections

    def _elements(self, node: ir.Node, env: Env, trace: Trace | None) -> list[Any] | Missing:
        value = self.evaluate(node, env, trace)
        if isinstance(value, Missing):
            return value
        return list(value)

    def _quantify(self, node: ir.Quantify, env: Env, trace: Trace | None) -> Any:
        elements = self._elements(node.collection, env, trace)
        if isinstance(elements, Missing):
            return elements
        return self._quantify_over(node, env, trace, elements, len(elements))

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
                other_rows.append(_row_of(element))
        result = self._quantifier_result(node.kind, failed, witness, unknown)
        if trace is not None:
            if node.kind is QuantifierKind.EXISTS:
                examples = (
                    [witness] if witness else _near_misses(others, other_rows, outside or Outside())
                )
            trace.add(
                self.quantifier_fact(
                    node, env, total, considered, failed, len(unknown), examples, result, kept_rows
                )
            )
        return result

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
            location=self._collection_location(node.collection, env),
            collection_name=collection.name if isinstance(collection, ir.Collection) else None,
            rows=tuple(rows),
        )

    def _collection_location(self, node: ir.Node, env: Env) -> Location | None:
        if isinstance(node, ir.Collection):
            return self.location((node.name,))
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
            label, location = element.label, self.location(element.path)
        else:
            label, location = str(element), None
        return ElementFact(label, location, outcome, sub.depth, tuple(sub.facts))

    def _aggregate(self, node: ir.Aggregate, env: Env, trace: Trace | None) -> Any:
        elements = self._elements(node.collection, env, trace)
        if isinstance(elements, Missing):
            return elements
        if node.var is None:
            return len(elements)
        return self._aggregate_over(node, env, elements)

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


def aggregate_result(node: ir.Aggregate, values: list[Any], unknown: list[Missing]) -> Any:
    if unknown:
        return Missing.merge(*unknown)
    if node.kind is AggregateKind.COUNT:
        return len(values)
    if node.kind is AggregateKind.SUM:
        return sum(values)
    if not values:
        return problem(message("problem.empty_aggregate", source=node.source))
    return min(values) if node.kind is AggregateKind.MIN else max(values)


class _Collections(dict[str, "list[EntityValue] | Missing"]):
    """Each collection's entities, or why it is missing, built when first asked for."""

    def __init__(self, dataset: Dataset) -> None:
        super().__init__()
        self.dataset = dataset

    def __missing__(self, name: str) -> list[EntityValue] | Missing:
        items = self.dataset.collection(name)
        value: list[EntityValue] | Missing
        if items is None:
            value = Missing((MissingItem(name, message("missing.collection", name=name), None),))
        else:
            value = [
                EntityValue(item, (name, i), element_label(name, i, item), name)
                for i, item in enumerate(items)
            ]
        self[name] = value
        return value


class _Index(dict[str, dict[str, EntityValue]]):
    """Each collection's entities by id, built when first asked for."""

    def __init__(self, collections: _Collections) -> None:
        super().__init__()
        self.collections = collections

    def __missing__(self, name: str) -> dict[str, EntityValue]:
        entities = self.collections[name]
        found = (
            {} if isinstance(entities, Missing) else {v.model.id: v for v in entities}  # type: ignore[attr-defined]
        )
        self[name] = found
        return found


@dataclass(frozen=True)
class Outside:
    """Elements a quantifier skipped because the `där` filter's key condition is false for
    them (another nämnd's rows): none is unknown, and their nearness is known per depth."""

    count: int = 0
    top: int = 0  # the deepest any of them got into the `och` chain
    # The first elements (row, fact) at a depth, in row order.
    at_depth: Callable[[int], list[tuple[int, ElementFact]]] = lambda depth: []


def _row_of(element: Any) -> int:
    if isinstance(element, EntityValue) and len(element.path) == 2:
        row = element.path[1]
        if isinstance(row, int):
            return row
    return -1


def _near_misses(
    candidates: list[ElementFact], rows: list[int], outside: Outside
) -> list[ElementFact]:
    """The elements that came closest to satisfying an `och` chain, for the evidence.

    `outside` are further elements, not evaluated here, that failed the chain."""
    if not candidates and outside.top == 0:
        return []
    top = max([c.depth for c in candidates] + [outside.top])
    if top == 0:
        # Nothing came partly close; a short list is still worth showing in full.
        unknown = [c for c in candidates if isinstance(c.result, Missing)]
        if unknown:
            return unknown[:EXAMPLES_KEPT]
        return candidates if len(candidates) + outside.count <= 3 else []
    closest = [(row, c) for row, c in zip(rows, candidates, strict=True) if c.depth == top]
    if outside.top == top:
        closest = sorted([*closest, *outside.at_depth(top)], key=lambda pair: pair[0])
    return [c for _, c in closest[:3]]


def _compare_values(node: ir.Compare, left: Any, right: Any) -> Any:
    if isinstance(left, Missing) or isinstance(right, Missing):
        return Missing.merge(left, right)
    if node.kind is ir.CompareKind.PERIOD:
        equal = left.same_range(right)
        return equal if node.op == "=" else not equal
    op = node.op
    if op == "=":
        return bool(left == right)
    if op == "!=":
        return bool(left != right)
    if op == "<":
        return bool(left < right)
    if op == "<=":
        return bool(left <= right)
    if op == ">":
        return bool(left > right)
    return bool(left >= right)
