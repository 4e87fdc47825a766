"""Typing expressions: resolve each name and attribute, check each operator, build IR nodes.

Every problem becomes a diagnostic and the expression gets the `unknown` type, which silences
follow-up errors, so one run reports every independent mistake.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import assert_never

from compliance import ir
from compliance.checker.builtins import BUILTINS_BY_NAME
from compliance.checker.data_schema import (
    collection_models,
    collection_type,
    entity_fields,
    kommun_type,
)
from compliance.checker.scope import DEADLINE_NAMES, GLOBAL_NAMES, DefinitionSlot, Scope
from compliance.checker.types import (
    ANY,
    BOOL,
    DATE,
    NUMBER,
    ORDERED,
    PERIOD,
    TEXT,
    AnyType,
    BoolType,
    DateType,
    DurationType,
    EntityType,
    ListType,
    NumberType,
    PeriodType,
    TextType,
    Type,
)
from compliance.diagnostics import SOURCES, Diagnostic, Level, Span
from compliance.syntax import ast

MAX_DEPTH = 50

_PERIOD_PARTS = {
    "start": ir.PeriodPart.START,
    "början": ir.PeriodPart.START,
    "slut": ir.PeriodPart.END,
    "end": ir.PeriodPart.END,
    "år": ir.PeriodPart.YEAR,
    "year": ir.PeriodPart.YEAR,
}
_COMPARE_KINDS: dict[type[Type], ir.CompareKind] = {
    NumberType: ir.CompareKind.NUMBER,
    DateType: ir.CompareKind.DATE,
    TextType: ir.CompareKind.TEXT,
    BoolType: ir.CompareKind.BOOL,
    EntityType: ir.CompareKind.ENTITY,
    PeriodType: ir.CompareKind.PERIOD,
}


def _suggest(word: str, candidates: Iterable[str]) -> str | None:
    matches = difflib.get_close_matches(word, sorted(set(candidates)), n=1, cutoff=0.6)
    return f"did you mean `{matches[0]}`?" if matches else None


def _a(type_: Type) -> str:
    word = type_.describe()
    return ("an " if word[:1] in "aeiouå" else "a ") + word


class ExpressionChecker:
    """Types expressions against the data model; `diagnostics` holds what it found."""

    def __init__(self) -> None:
        self.diagnostics: list[Diagnostic] = []
        self.definitions: dict[str, ir.Node] = {}
        self._depth = 0

    # ---------------------------------------------------------------- reporting

    def error(self, code: str, message: str, span: Span, help: str | None = None) -> None:
        self.diagnostics.append(Diagnostic(code, message, span, help=help))

    def warn(self, code: str, message: str, span: Span, help: str | None = None) -> None:
        self.diagnostics.append(Diagnostic(code, message, span, help=help, level=Level.WARNING))

    # ---------------------------------------------------------------- files and rules

    def _definition_type(self, slot: DefinitionSlot, scope: Scope) -> Type:
        if slot.state == "done":
            return slot.type or ANY
        if slot.state == "checking":
            self.error(
                "E208",
                f"the definition of `{slot.definition.name}` depends on itself",
                slot.definition.name_span,
                help="a definition cannot use its own value, directly or through others",
            )
            slot.state = "done"
            slot.type = ANY
            return ANY
        slot.state = "checking"
        node = self.expr(slot.definition.expr, scope)
        slot.state = "done"
        slot.type = node.type
        self.definitions[slot.key] = node
        return node.type

    def template(self, template: ast.Template | None, scope: Scope) -> ir.Template | None:
        if template is None:
            return None
        parts: list[ir.TemplatePart] = []
        for part in template.parts:
            if isinstance(part, str):
                parts.append(part)
            else:
                parts.append(self.expr(part.expr, scope))
        return ir.Template(tuple(parts))

    # ---------------------------------------------------------------- expressions

    def condition(self, expr: ast.Expr, scope: Scope, what: str) -> ir.Node:
        node = self.expr(expr, scope)
        self._expect(node, BOOL, "E212", f"{what} must be a yes/no condition")
        return node

    def _expect(self, node: ir.Node, expected: Type, code: str, message: str) -> None:
        if isinstance(node.type, AnyType) or expected.accepts(node.type):
            return
        self.error(
            code,
            f"{message}, but `{node.source}` is {_a(node.type)}",
            node.span,
            help=_conversion_help(node.type, expected),
        )

    def expr(self, expr: ast.Expr, scope: Scope) -> ir.Node:
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                self.error(
                    "E214",
                    f"this expression is nested more than {MAX_DEPTH} levels deep",
                    expr.span,
                    help="split it into `låt` definitions",
                )
                return ir.Const(ANY, None, source="", span=expr.span)
            return self._expr(expr, scope)
        finally:
            self._depth -= 1

    def _expr(self, expr: ast.Expr, scope: Scope) -> ir.Node:
        source = SOURCES.text(expr.span)
        span = expr.span
        match expr:
            case ast.NumberLit(value=value):
                return ir.Const(NUMBER, value, source=source, span=span)
            case ast.TextLit(value=value):
                return ir.Const(TEXT, value, source=source, span=span)
            case ast.BoolLit(value=value):
                return ir.Const(BOOL, value, source=source, span=span)
            case ast.DateLit(value=value):
                return ir.Const(DATE, value, source=source, span=span)
            case ast.DurationLit(amount=amount, unit=unit):
                return ir.Duration(DurationType(unit), amount, unit, source=source, span=span)
            case ast.RelativeDate(day=day, month=month, year_offset=offset):
                return ir.RelativeDate(DATE, day, month, offset, source=source, span=span)
            case ast.Name(name=name):
                return self._name(name, scope, source, span)
            case ast.Attribute():
                return self._attribute(expr, scope, source)
            case ast.Call():
                return self._call(expr, scope, source)
            case ast.Negative(operand=operand):
                inner = self.expr(operand, scope)
                self._expect(inner, NUMBER, "E203", "only a number can be negated")
                return ir.Negative(NUMBER, inner, source=source, span=span)
            case ast.Arithmetic():
                return self._arithmetic(expr, scope, source)
            case ast.Compare():
                return self._compare(expr, scope, source)
            case ast.Within(value=value, period=period):
                left = self.expr(value, scope)
                right = self.expr(period, scope)
                self._expect(left, DATE, "E203", "`inom` needs a date on its left")
                self._expect(right, PERIOD, "E203", "`inom` needs a period on its right")
                return ir.Within(BOOL, left, right, source=source, span=span)
            case ast.And(operands=operands):
                nodes = tuple(self.condition(o, scope, "each side of `och`") for o in operands)
                return ir.And(BOOL, nodes, source=source, span=span)
            case ast.Or(operands=operands):
                nodes = tuple(self.condition(o, scope, "each side of `eller`") for o in operands)
                return ir.Or(BOOL, nodes, source=source, span=span)
            case ast.Not(operand=operand):
                inner = self.condition(operand, scope, "what follows `inte`")
                return ir.Not(BOOL, inner, source=source, span=span)
            case ast.Otherwise(value=value, fallback=fallback):
                left = self.expr(value, scope)
                right = self.expr(fallback, scope)
                if not left.type.comparable_with(right.type):
                    self.error(
                        "E203",
                        f"`annars` needs two values of the same kind, but `{left.source}` is "
                        f"{_a(left.type)} and `{right.source}` is {_a(right.type)}",
                        span,
                    )
                result_type = right.type if isinstance(left.type, AnyType) else left.type
                return ir.Otherwise(result_type, left, right, source=source, span=span)
            case ast.Quantifier():
                return self._quantifier(expr, scope, source)
            case ast.Aggregate():
                return self._aggregate(expr, scope, source)
            case _:
                assert_never(expr)  # type: ignore[arg-type]
        raise AssertionError(f"unhandled expression {expr!r}")  # pragma: no cover

    def _name(self, name: str, scope: Scope, source: str, span: Span) -> ir.Node:
        local = scope.local(name)
        if local is not None:
            return ir.Local(local, name, source=source, span=span)
        slot = scope.definition(name)
        if slot is not None:
            slot.used = True
            slot_scope = scope if name in scope.rule_definitions else Scope(scope.file_definitions)
            slot_type = self._definition_type(slot, slot_scope)
            return ir.DefinitionRef(slot_type, slot.key, source=source, span=span)
        if name in GLOBAL_NAMES:
            global_name = GLOBAL_NAMES[name]
            global_type = {
                ir.GlobalName.PERIOD: PERIOD,
                ir.GlobalName.AS_OF: DATE,
                ir.GlobalName.KOMMUN: kommun_type(),
            }[global_name]
            return ir.Global(global_type, global_name, source=source, span=span)
        if name in DEADLINE_NAMES:
            if scope.in_deadline:
                self.error("E208", "the deadline cannot be defined by itself", span)
            elif not scope.has_deadline:
                self.error(
                    "E201",
                    f"`{name}` is only known in a rule that has a `frist` clause",
                    span,
                    help="add `frist …` to the rule",
                )
            else:
                return ir.Global(DATE, ir.GlobalName.DEADLINE, source=source, span=span)
            return ir.Const(ANY, None, source=source, span=span)
        if name in collection_models():
            return ir.Collection(collection_type(name), name, source=source, span=span)
        candidates = [*scope.visible_names(), *collection_models()]
        self.error(
            "E201",
            f"unknown name `{name}`",
            span,
            help=_suggest(name, candidates)
            or "names are data collections (`nämnder`, `rapporter` …), `period`, "
            "`avstämningsdag`, `kommun`, or variables you bound",
        )
        return ir.Const(ANY, None, source=source, span=span)

    def _attribute(self, expr: ast.Attribute, scope: Scope, source: str) -> ir.Node:
        target = self.expr(expr.target, scope)
        target_type = target.type
        span = expr.span
        if isinstance(target_type, AnyType):
            return ir.Const(ANY, None, source=source, span=span)
        if isinstance(target_type, PeriodType):
            part = _PERIOD_PARTS.get(expr.name)
            if part is None:
                self.error(
                    "E202",
                    f"a period has no attribute `{expr.name}`",
                    expr.name_span,
                    help=_suggest(expr.name, _PERIOD_PARTS) or "a period has `start`, `slut`, `år`",
                )
                return ir.Const(ANY, None, source=source, span=span)
            part_type = NUMBER if part is ir.PeriodPart.YEAR else DATE
            return ir.PeriodField(part_type, target, part, source=source, span=span)
        if isinstance(target_type, EntityType):
            fields = entity_fields(target_type.model)
            info = fields.get(expr.name)
            if info is None:
                self.error(
                    "E202",
                    f"{_a(target_type)} has no attribute `{expr.name}`",
                    expr.name_span,
                    help=_suggest(expr.name, fields)
                    or "known attributes: " + ", ".join(f"`{f}`" for f in fields),
                )
                return ir.Const(ANY, None, source=source, span=span)
            return ir.Field(
                info.type, target, expr.name, info.optional, info.ref, source=source, span=span
            )
        help_text = None
        if isinstance(target_type, ListType):
            help_text = "a list has no attributes; use `finns x i …`, `för varje` or `antal(…)`"
        self.error(
            "E202",
            f"`{target.source}` is {_a(target_type)} and has no attribute `{expr.name}`",
            expr.name_span,
            help=help_text,
        )
        return ir.Const(ANY, None, source=source, span=span)

    def _call(self, expr: ast.Call, scope: Scope, source: str) -> ir.Node:
        builtin = BUILTINS_BY_NAME.get(expr.function)
        args = tuple(self.expr(arg, scope) for arg in expr.args)
        if builtin is None:
            self.error(
                "E205",
                f"unknown function `{expr.function}`",
                expr.name_span,
                help=_suggest(expr.function, BUILTINS_BY_NAME)
                or "see docs/language.md for the built-in functions",
            )
            return ir.Const(ANY, None, source=source, span=expr.span)
        most = len(builtin.params)
        least = most - builtin.optional_params
        if not least <= len(args) <= most:
            wanted = str(most) if least == most else f"{least} or {most}"
            self.error(
                "E204",
                f"`{expr.function}` takes {wanted} argument{'s' if most > 1 else ''}, "
                f"not {len(args)}",
                expr.span,
                help=builtin.summary,
            )
            return ir.Const(builtin.returns, None, source=source, span=expr.span)
        for arg, param in zip(args, builtin.params, strict=False):
            if param is ANY:
                continue
            self._expect(arg, param, "E204", f"`{expr.function}` expects {_a(param)} here")
        return ir.Call(
            builtin.returns,
            builtin.name,
            args,
            builtin.inspects_presence,
            source=source,
            span=expr.span,
        )

    def _operands(
        self, expr: ast.Arithmetic | ast.Compare, scope: Scope
    ) -> tuple[ir.Node, ir.Node] | None:
        """Both sides checked; None when either already has an error (no follow-up errors)."""
        left = self.expr(expr.left, scope)
        right = self.expr(expr.right, scope)
        if isinstance(left.type, AnyType) or isinstance(right.type, AnyType):
            return None
        return left, right

    def _arithmetic(self, expr: ast.Arithmetic, scope: Scope, source: str) -> ir.Node:
        span = expr.span
        operands = self._operands(expr, scope)
        if operands is None:
            return ir.Const(ANY, None, source=source, span=span)
        left, right = operands
        lt, rt = left.type, right.type
        if isinstance(lt, NumberType) and isinstance(rt, NumberType):
            return ir.Arithmetic(
                NUMBER, expr.op, ir.ArithmeticKind.NUMBER, left, right, source=source, span=span
            )
        if isinstance(lt, DateType) and isinstance(rt, DurationType) and expr.op in "+-":
            kind = (
                ir.ArithmeticKind.DATE_PLUS_DURATION
                if expr.op == "+"
                else ir.ArithmeticKind.DATE_MINUS_DURATION
            )
            return ir.Arithmetic(DATE, expr.op, kind, left, right, source=source, span=span)
        if isinstance(lt, DurationType) and isinstance(rt, DateType) and expr.op == "+":
            return ir.Arithmetic(
                DATE,
                "+",
                ir.ArithmeticKind.DATE_PLUS_DURATION,
                right,
                left,
                source=source,
                span=span,
            )
        help_text = None
        if isinstance(lt, DateType) and isinstance(rt, NumberType):
            help_text = "add a duration with its unit, e.g. `2 arbetsdagar` or `30 dagar`"
        elif isinstance(lt, DateType) and isinstance(rt, DateType):
            help_text = "use `dagar_mellan(a, b)` or `arbetsdagar_mellan(a, b)`"
        self.error(
            "E203",
            f"cannot use `{expr.op}` on {_a(lt)} and {_a(rt)}",
            span,
            help=help_text,
        )
        return ir.Const(ANY, None, source=source, span=span)

    def _compare(self, expr: ast.Compare, scope: Scope, source: str) -> ir.Node:
        span = expr.span
        operands = self._operands(expr, scope)
        if operands is None:
            return ir.Const(ANY, None, source=source, span=span)
        left, right = operands
        lt, rt = left.type, right.type
        if not lt.comparable_with(rt) or isinstance(lt, ListType | DurationType):
            help_text = None
            if isinstance(lt, EntityType) and isinstance(rt, TextType):
                help_text = f"to compare ids, write `{left.source}.id`"
            elif isinstance(lt, TextType) and isinstance(rt, EntityType):
                help_text = f"to compare ids, write `{right.source}.id`"
            elif isinstance(lt, DateType) and isinstance(rt, NumberType | TextType):
                help_text = "write a date as `2025-05-31`, or use `år(…)` to compare years"
            self.error(
                "E203",
                f"cannot compare {_a(lt)} with {_a(rt)}",
                span,
                help=help_text,
            )
            return ir.Const(ANY, None, source=source, span=span)
        if expr.op not in ("=", "!=") and not isinstance(lt, ORDERED):
            self.error(
                "E203",
                f"`{expr.op}` needs numbers or dates, not {_a(lt)}",
                span,
                help="only `=` and `!=` compare texts, yes/no values and entities",
            )
            return ir.Const(ANY, None, source=source, span=span)
        self._check_enum_literal(left, right)
        self._check_enum_literal(right, left)
        kind = _COMPARE_KINDS[type(lt)]
        return ir.Compare(BOOL, expr.op, kind, left, right, source=source, span=span)

    def _check_enum_literal(self, field: ir.Node, literal: ir.Node) -> None:
        """`r.typ = "årsberätelse"` can never hold: say so before anything runs."""
        if not (isinstance(field.type, TextType) and field.type.values is not None):
            return
        if not (isinstance(literal, ir.Const) and isinstance(literal.value, str)):
            return
        if literal.value in field.type.values:
            return
        allowed = ", ".join(f"`{v}`" for v in field.type.values)
        self.error(
            "E210",
            f"`{literal.value}` is never a value of `{field.source}`",
            literal.span,
            help=_suggest(literal.value, field.type.values) or f"the values are {allowed}",
        )

    def _bind(
        self, var: str, var_span: Span | None, collection: ast.Expr, scope: Scope
    ) -> tuple[ir.Node, Scope]:
        node = self.expr(collection, scope)
        if isinstance(node.type, ListType):
            element: Type = node.type.element
        else:
            if not isinstance(node.type, AnyType):
                self.error(
                    "E206",
                    f"`{node.source}` is {_a(node.type)}, not a list to go through",
                    node.span,
                    help=_suggest(node.source, collection_models())
                    if isinstance(collection, ast.Name)
                    else None,
                )
            element = ANY
        if var in GLOBAL_NAMES or var in collection_models():
            self.error(
                "E209",
                f"`{var}` is a built-in name and cannot be used as a variable",
                var_span or collection.span,
                help="choose another name, e.g. a single letter",
            )
        return node, scope.with_local(var, element)

    def _quantifier(self, expr: ast.Quantifier, scope: Scope, source: str) -> ir.Node:
        collection, inner = self._bind(expr.var, expr.var_span, expr.collection, scope)
        where = (
            self.condition(expr.where, inner, "a `där` condition")
            if expr.where is not None
            else None
        )
        body = self.condition(expr.body, inner, "the body of `för varje`") if expr.body else None
        return ir.Quantify(
            BOOL, expr.kind, expr.var, collection, where, body, source=source, span=expr.span
        )

    def _aggregate(self, expr: ast.Aggregate, scope: Scope, source: str) -> ir.Node:
        if expr.var is None:
            collection = self.expr(expr.collection, scope)
            if not isinstance(collection.type, ListType | AnyType):
                self.error(
                    "E206",
                    f"`antal` counts a list, but `{collection.source}` is {_a(collection.type)}",
                    collection.span,
                )
            return ir.Aggregate(
                NUMBER, expr.kind, None, collection, None, None, source=source, span=expr.span
            )
        collection, inner = self._bind(expr.var, expr.var_span, expr.collection, scope)
        where = (
            self.condition(expr.where, inner, "a `där` condition")
            if expr.where is not None
            else None
        )
        value = None
        result_type: Type = NUMBER
        if expr.value is not None:
            value = self.expr(expr.value, inner)
            allowed: tuple[type[Type], ...] = (
                (NumberType,) if expr.kind is ast.AggregateKind.SUM else ORDERED
            )
            if not isinstance(value.type, (*allowed, AnyType)):
                self.error(
                    "E203",
                    f"cannot take the {expr.kind.value} of {_a(value.type)}",
                    value.span,
                )
            elif expr.kind is not ast.AggregateKind.SUM:
                result_type = value.type
        return ir.Aggregate(
            result_type,
            expr.kind,
            expr.var,
            collection,
            where,
            value,
            source=source,
            span=expr.span,
        )


def _conversion_help(actual: Type, expected: Type) -> str | None:
    if isinstance(expected, BoolType) and isinstance(actual, NumberType):
        return "compare it with something, e.g. `… >= 1`"
    if isinstance(expected, BoolType) and isinstance(actual, ListType):
        return "use `finns x i …` to ask whether the list has an element"
    if isinstance(expected, DateType) and isinstance(actual, PeriodType):
        return "use `.start` or `.slut` of the period"
    return None
