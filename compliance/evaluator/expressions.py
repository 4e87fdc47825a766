"""Row-by-row evaluation of expressions over a `Dataset`, with Kleene logic for missing values.

`och` is false as soon as one side is false even if another is missing; `eller` is true as
soon as one side is true; otherwise a missing operand makes the result missing. Quantifiers
and aggregates (`interpreter.py`) follow the same rule, so absent evidence is never read as
"no" or "zero".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import BaseModel

from compliance import ir
from compliance.data.dataset import DataPath, Dataset, Location
from compliance.evaluator.elements import Collections, Index
from compliance.evaluator.facts import CompareFact, Shown, Trace
from compliance.evaluator.functions import (
    FUNCTIONS,
    add_days,
    add_months,
    problem,
    relative_date,
    working_days,
)
from compliance.evaluator.operators import compare_values
from compliance.evaluator.values import EntityValue, Missing, MissingItem, element_label
from compliance.messages import message
from compliance.periods import Period
from compliance.syntax.kinds import DurationUnit


@dataclass
class Env:
    """Variables in scope and the memo of definitions already computed for them."""

    locals: dict[str, Any] = field(default_factory=dict)
    memo: dict[str, Any] = field(default_factory=dict)
    deadline: Any = None

    def bind(self, name: str, value: Any) -> Env:
        return Env({**self.locals, name: value}, self.memo, self.deadline)


# Told apart from a local bound to None.
_UNBOUND = object()


class ExpressionInterpreter:
    """Expressions over one subject's values; quantifiers and aggregates over collections are
    added by `interpreter.Interpreter`."""

    def __init__(self, program: ir.Program, dataset: Dataset, period: Period, as_of: date) -> None:
        self.program = program
        self.dataset = dataset
        self.period = period
        self.as_of = as_of
        # Built on first use: a collection read from a large table is never turned into one
        # Python object per row unless an expression needs its rows one by one.
        self.collections = Collections(dataset)
        self.index = Index(self.collections)
        kommun = dataset.organisation.kommun
        self.kommun: EntityValue | Missing = (
            EntityValue(kommun, ("kommun",), "kommun", None)
            if kommun is not None
            else Missing((MissingItem("kommun", message("missing.collection", name="kommun")),))
        )
        # Definitions outside rules cannot see a subject, so one value serves every rule.
        self.file_memo: dict[str, Any] = {}
        self._handlers = self._dispatch()
        self._globals: dict[ir.GlobalName, Any] = {
            ir.GlobalName.PERIOD: period,
            ir.GlobalName.AS_OF: as_of,
            ir.GlobalName.KOMMUN: self.kommun,
        }

    # ---------------------------------------------------------------- helpers

    def location(self, path: DataPath) -> Location | None:
        return self.dataset.location(path)

    def evaluate(self, node: ir.Node, env: Env, trace: Trace | None = None) -> Any:
        handler = self._handlers.get(type(node))
        if handler is None:
            raise AssertionError(f"the evaluator has no case for {type(node).__name__}")
        return handler(node, env, trace)

    def _dispatch(self) -> dict[type[ir.Node], Callable[[Any, Env, Trace | None], Any]]:
        """The handler of each node type. A table rather than a `match`: a `match` tries its
        cases in turn, which for the nodes near its end cost more than the work itself."""
        return {
            ir.Const: lambda node, env, trace: node.value,
            ir.Duration: lambda node, env, trace: node,
            ir.RelativeDate: self._relative_date,
            ir.Local: self._local,
            ir.DefinitionRef: lambda node, env, trace: self._definition(node.key, env),
            ir.Global: lambda node, env, trace: self._global(node.name, env),
            ir.Collection: lambda node, env, trace: self.collections[node.name],
            ir.Field: self._field_value,
            ir.PeriodField: self._period_field,
            ir.Call: self._call,
            ir.Negative: self._negative,
            ir.Arithmetic: self._arithmetic,
            ir.Compare: self._compare,
            ir.Within: self._within,
            ir.And: lambda node, env, trace: self._and(node.operands, env, trace),
            ir.Or: lambda node, env, trace: self._or(node.operands, env, trace),
            ir.Not: self._not,
            ir.Otherwise: self._otherwise,
        }

    def _relative_date(self, node: ir.RelativeDate, env: Env, trace: Trace | None) -> Any:
        return relative_date(self.period.end.year + node.year_offset, node.month, node.day)

    def _local(self, node: ir.Local, env: Env, trace: Trace | None) -> Any:
        found = env.locals.get(node.name, _UNBOUND)
        if found is not _UNBOUND:
            return found
        # Only a finding with no subject at all (its collection is not declared) renders a
        # template without the subject bound; the placeholder is then unknown.
        return Missing((MissingItem(node.name, message("missing.value")),))

    def _period_field(self, node: ir.PeriodField, env: Env, trace: Trace | None) -> Any:
        value = self.evaluate(node.target, env, trace)
        if isinstance(value, Missing):
            return value
        assert isinstance(value, Period)
        if node.part is ir.PeriodPart.START:
            return value.start
        if node.part is ir.PeriodPart.END:
            return value.end
        return value.year

    def _negative(self, node: ir.Negative, env: Env, trace: Trace | None) -> Any:
        value = self.evaluate(node.operand, env, trace)
        return value if isinstance(value, Missing) else -value

    def _not(self, node: ir.Not, env: Env, trace: Trace | None) -> Any:
        value = self.evaluate(node.operand, env, trace)
        return value if isinstance(value, Missing) else not value

    def _otherwise(self, node: ir.Otherwise, env: Env, trace: Trace | None) -> Any:
        value = self.evaluate(node.value, env, trace)
        if isinstance(value, Missing) or value is None:
            return self.evaluate(node.fallback, env, trace)
        return value

    def _definition(self, key: str, env: Env) -> Any:
        memo = env.memo if key.count("::") > 1 else self.file_memo
        if key not in memo:
            memo[key] = self.evaluate(self.program.definitions[key], env)
        return memo[key]

    def _global(self, name: ir.GlobalName, env: Env) -> Any:
        # Fixed for the run, except the deadline, which is the subject's.
        fixed = self._globals.get(name, _UNBOUND)
        return env.deadline if fixed is _UNBOUND else fixed

    def _field_value(self, node: ir.Field, env: Env, trace: Trace | None) -> Any:
        """The field's value alone: the label and path are made only when needed."""
        target = self.evaluate(node.target, env, trace)
        if isinstance(target, Missing):
            return target
        raw = getattr(target.model, node.name)
        if raw is None or node.ref is not None or isinstance(raw, list | tuple | BaseModel):
            return self._field_of(node, target, raw)[0]
        return raw

    def _field(
        self, node: ir.Field, env: Env, trace: Trace | None
    ) -> tuple[Any, str | None, DataPath | None]:
        """The field's value with the label and data path of where it was read."""
        target = self.evaluate(node.target, env, trace)
        if isinstance(target, Missing):
            return target, None, None
        return self._field_of(node, target, getattr(target.model, node.name))

    def _field_of(self, node: ir.Field, target: EntityValue, raw: Any) -> tuple[Any, str, DataPath]:
        path = (*target.path, node.name)
        label = f"{target.label}.{node.name}"
        if raw is None:
            missing = Missing((MissingItem(label, message("missing.value"), self.location(path)),))
            return missing, label, path
        if node.ref is not None:
            found = self.index[node.ref].get(raw)
            if found is None:
                return problem(message("problem.unknown_ref", label=label, id=raw)), label, path
            return found, label, path
        if isinstance(raw, list | tuple):
            return self._list(raw, path, label), label, path
        if isinstance(raw, BaseModel):
            return EntityValue(raw, path, label, None), label, path
        return raw, label, path

    def _list(self, items: Any, path: DataPath, label: str) -> list[Any]:
        result: list[Any] = []
        for i, item in enumerate(items):
            if isinstance(item, BaseModel):
                result.append(EntityValue(item, (*path, i), element_label(label, i, item), None))
            else:
                result.append(item)
        return result

    def _shown(self, node: ir.Node, env: Env, trace: Trace | None) -> tuple[Any, Shown]:
        path: DataPath | None
        if isinstance(node, ir.Field):
            value, label, path = self._field(node, env, trace)
        elif isinstance(node, ir.Otherwise):
            # The evidence points at whichever side supplied the value.
            value, shown = self._shown(node.value, env, trace)
            if isinstance(value, Missing) or value is None:
                value, shown = self._shown(node.fallback, env, trace)
            label, path = shown.label, shown.path
        else:
            value, label, path = self.evaluate(node, env, trace), None, None
            if isinstance(value, EntityValue):
                label, path = value.label, value.path
        return value, Shown(node.source, value, label, path)

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
        if trace is None:
            # Nobody will read how the sides are shown: their values are enough.
            return compare_values(
                node, self.evaluate(node.left, env), self.evaluate(node.right, env)
            )
        left, left_shown = self._shown(node.left, env, trace)
        right, right_shown = self._shown(node.right, env, trace)
        result = compare_values(node, left, right)
        trace.add(CompareFact(node.source, left_shown, right_shown, result))
        return result

    def _within(self, node: ir.Within, env: Env, trace: Trace | None) -> Any:
        if trace is None:
            value, period = self.evaluate(node.value, env), self.evaluate(node.period, env)
            if isinstance(value, Missing) or isinstance(period, Missing):
                return Missing.merge(value, period)
            return bool(period.contains(value))
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
