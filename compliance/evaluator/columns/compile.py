"""Turn the IR of a condition about one row into a polars expression over whole columns.

Only what can be computed column-wise with exactly the row interpreter's answer is compiled;
anything else raises `NotColumnar` and that quantifier is evaluated row by row. Missing values
are polars nulls, and polars' `&`, `|` and `~` follow the same three-valued (Kleene) logic as
`och`, `eller` and `inte`, so "unknown" never turns into "no". Parts of the condition that do
not mention the row (the period, the subject, a definition) are computed once by the row
interpreter and enter as literals.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from compliance import ir
from compliance.calendar.working_days import FIRST_YEAR, LAST_YEAR, holidays_in
from compliance.evaluator.functions import working_days
from compliance.evaluator.values import EntityValue, Missing
from compliance.periods import Period
from compliance.syntax.kinds import DurationUnit, QuantifierKind

if TYPE_CHECKING:
    import polars as pl

    from compliance.evaluator.columns.store import ColumnStore


class NotColumnar(Exception):
    """The expression has a part the column-wise backend does not compute."""


@dataclass(frozen=True)
class Col:
    """A value per row: a polars expression, and the column it reads when it is one."""

    expr: pl.Expr
    column: str | None = None
    ref: str | None = None  # the column holds ids of entities in this collection


@dataclass(frozen=True)
class Lit:
    """A value that is the same for every row, computed by the row interpreter."""

    value: Any


# A working-day shift over a column whose dates span fewer days than this is looked up in a
# table of every day in the span (see `_working_days_by_lookup`).
LOOKUP_DAYS = 5_000

# Date arithmetic is compiled only well inside years 1–9999, where the row interpreter's
# "beyond the calendar" answer cannot arise.
_SAFE_FIRST = date(2, 1, 1).toordinal()
_SAFE_LAST = date(9998, 12, 31).toordinal()
_EPOCH = date(1970, 1, 1)


@dataclass
class Compiler:
    var: str
    collection: str
    store: ColumnStore
    # Computes a part that does not mention the row, with the row interpreter.
    value_of: Callable[[ir.Node], Any]
    # `n.id` of the variable the key compares with, read from the key column: in the rows of
    # one key value it is that value (`plans.key_bound`). (variable, key column)
    key_id: tuple[str, str] | None = None
    # Variables over the one entry of a list field (`ö` in `finns ö i r.överlämnad`): the
    # columns of the entry's parts (`store.entry_columns`).
    entries: dict[str, dict[str, str]] = field(default_factory=dict)

    def condition(self, node: ir.Node) -> pl.Expr:
        return self._as_expr(self.compile(node))

    def compile(self, node: ir.Node) -> Col | Lit:
        import polars as pl

        if self.key_id is not None and _is_id_of(node, self.key_id[0]):
            return Col(pl.col(self.key_id[1]), self.key_id[1])
        if not any(ir.mentions(node, var) for var in (self.var, *self.entries)) and not (
            self.key_id is not None and _reads_id_of(node, self.key_id[0])
        ):
            return Lit(self.value_of(node))
        match node:
            case ir.Field(target=ir.Local(name=name)) if name == self.var:
                if node.name not in self.store.columns(self.collection):
                    raise NotColumnar(f"`{node.name}` is not a single value per row")
                return Col(pl.col(node.name), node.name, node.ref)
            case ir.Field(target=ir.Local(name=name), ref=None) if name in self.entries:
                column = self.entries[name].get(node.name)
                if column is None:
                    raise NotColumnar(f"`{node.name}` is not a single value per entry")
                return Col(pl.col(column), column)
            case ir.PeriodField(target=ir.Field(target=ir.Local(name=name)) as period, part=part):
                if name != self.var:
                    raise NotColumnar("a period of a list entry")
                column = self.store.period_part(self.collection, period.name, part.value)
                if column is None:
                    raise NotColumnar(f"`{period.name}` is not a period field")
                return Col(pl.col(column))
            case ir.Quantify(
                kind=QuantifierKind.EXISTS | QuantifierKind.NONE,
                collection=ir.Field(target=ir.Local(name=name), ref=None) as listed,
            ) if name == self.var:
                return Col(self._one_entry(node, listed.name))
            case ir.Call(function=function, args=args):
                return self._call(function, args)
            case ir.Negative(operand=operand):
                return Col(-self._as_expr(self.compile(operand)))
            case ir.Arithmetic():
                return self._arithmetic(node)
            case ir.Compare():
                return Col(self._compare(node))
            case ir.Within(value=value, period=period):
                return Col(self._within(self.compile(value), self.compile(period)))
            case ir.And(operands=operands):
                expr = self.condition(operands[0])
                for operand in operands[1:]:
                    expr = expr & self.condition(operand)
                return Col(expr)
            case ir.Or(operands=operands):
                expr = self.condition(operands[0])
                for operand in operands[1:]:
                    expr = expr | self.condition(operand)
                return Col(expr)
            case ir.Not(operand=operand):
                return Col(~self.condition(operand))
            case ir.Otherwise(value=value, fallback=fallback):
                return Col(
                    pl.coalesce(
                        self._as_expr(self.compile(value)), self._as_expr(self.compile(fallback))
                    )
                )
        raise NotColumnar(type(node).__name__)

    # ------------------------------------------------------------ pieces

    def _one_entry(self, node: ir.Quantify, listed: str) -> pl.Expr:
        """`finns`/`ingen` over a list field of at most one entry per row: over one element the
        row interpreter's answer is the `där` filter's; a row whose list is unknown has an
        unknown answer."""
        import polars as pl

        columns = self.store.entry_columns(self.collection, listed)
        if columns is None:
            raise NotColumnar(f"`{listed}` can hold more than one entry")
        inner = Compiler(
            self.var,
            self.collection,
            self.store,
            self.value_of,
            self.key_id,
            {**self.entries, node.var: columns},
        )
        found = pl.lit(True) if node.where is None else inner.condition(node.where)
        exists = node.kind is QuantifierKind.EXISTS
        given = pl.col(columns[""])
        # One entry: the filter's answer; an empty list: `finns` false, `ingen` true.
        return (
            pl.when(given)
            .then(found if exists else ~found)
            .when(given.is_not_null())
            .then(pl.lit(not exists))
            .otherwise(None)
        )

    def _as_expr(self, value: Col | Lit) -> pl.Expr:
        if isinstance(value, Col):
            return value.expr
        return literal(value.value)

    def _call(self, function: str, args: tuple[ir.Node, ...]) -> Col:
        values = [self._as_expr(self.compile(arg)) for arg in args]
        if function == "angiven":
            return Col(values[0].is_not_null())
        if function == "saknas":
            return Col(values[0].is_null())
        if function == "år":
            return Col(values[0].dt.year().cast(_int()))
        if function == "månad":
            return Col(values[0].dt.month().cast(_int()))
        if function == "dagar_mellan":
            return Col((values[1] - values[0]).dt.total_days().cast(_int()))
        if function == "abs":
            return Col(values[0].abs())
        raise NotColumnar(function)

    def _arithmetic(self, node: ir.Arithmetic) -> Col:
        import polars as pl

        left = self.compile(node.left)
        if node.kind is ir.ArithmeticKind.NUMBER:
            if node.op == "/":
                # Division by zero is a reasoned "cannot be computed" row by row.
                raise NotColumnar("division")
            right = self._as_expr(self.compile(node.right))
            expr = self._as_expr(left)
            if node.op == "+":
                return Col(expr + right)
            if node.op == "-":
                return Col(expr - right)
            return Col(expr * right)
        duration = self.compile(node.right)
        if not isinstance(duration, Lit) or not isinstance(duration.value, ir.Duration):
            raise NotColumnar("a duration that depends on the row")
        if not isinstance(left, Col) or left.column is None:
            raise NotColumnar("date arithmetic on a computed date")
        sign = 1 if node.kind is ir.ArithmeticKind.DATE_PLUS_DURATION else -1
        amount = sign * duration.value.amount
        unit = duration.value.unit
        low, high = self.store.date_range(self.collection, left.column)
        column = left.expr
        # Computed once as a column of its own: a rule often reads the same deadline in its
        # counts and its requirement, and working days are the costliest step. The shift (a
        # lookup table of working days) is made only with the column: a column made once
        # could be made (`NotColumnar` depends only on the label's column, amount and unit).
        label = f"{left.column} {amount:+d} {unit.value}"
        derived = self.store.derived(
            self.collection, label, lambda: _shift(column, amount, unit, low, high)
        )
        return Col(pl.col(derived))

    def _compare(self, node: ir.Compare) -> pl.Expr:
        import polars as pl

        left, right = self.compile(node.left), self.compile(node.right)
        if node.kind is ir.CompareKind.PERIOD:
            raise NotColumnar("comparing periods")
        if node.kind is ir.CompareKind.ENTITY:
            if node.op not in ("=", "!="):
                raise NotColumnar("ordering entities")
            column, other = (left, right) if isinstance(left, Col) else (right, left)
            if not isinstance(column, Col) or column.ref is None or not isinstance(other, Lit):
                raise NotColumnar("comparing entities that are not ids against one entity")
            entity = other.value
            if isinstance(entity, Missing):
                equal = pl.lit(None, dtype=pl.Boolean)
            elif isinstance(entity, EntityValue) and entity.collection == column.ref:
                equal = column.expr == pl.lit(str(entity.model.id))  # type: ignore[attr-defined]
            elif isinstance(entity, EntityValue):
                equal = pl.when(column.expr.is_null()).then(None).otherwise(pl.lit(False))
            else:
                raise NotColumnar("an entity that is not one")
            return equal if node.op == "=" else ~equal
        a, b = self._as_expr(left), self._as_expr(right)
        match node.op:
            case "=":
                return a == b
            case "!=":
                return a != b
            case "<":
                return a < b
            case "<=":
                return a <= b
            case ">":
                return a > b
        return a >= b

    def _within(self, value: Col | Lit, period: Col | Lit) -> pl.Expr:
        import polars as pl

        if not isinstance(period, Lit):
            raise NotColumnar("a period that depends on the row")
        expr = self._as_expr(value)
        if isinstance(period.value, Missing):
            return pl.lit(None, dtype=pl.Boolean)
        if not isinstance(period.value, Period):
            raise NotColumnar("`inom` something that is not a period")
        start, end = period.value.start, period.value.end
        return (expr >= pl.lit(start)) & (expr <= pl.lit(end))


def _is_id_of(node: ir.Node, var: str) -> bool:
    return (
        isinstance(node, ir.Field)
        and node.name == "id"
        and isinstance(node.target, ir.Local)
        and node.target.name == var
    )


def _reads_id_of(node: ir.Node, var: str) -> bool:
    return _is_id_of(node, var) or any(_reads_id_of(child, var) for child in ir.children(node))


def literal(value: Any) -> pl.Expr:
    import polars as pl

    if isinstance(value, Missing) or value is None:
        return pl.lit(None)
    if isinstance(value, bool):
        return pl.lit(value, dtype=pl.Boolean)
    if isinstance(value, date):
        return pl.lit(value, dtype=pl.Date)
    if isinstance(value, int):
        return pl.lit(value, dtype=pl.Int64)
    if isinstance(value, float):
        return pl.lit(value, dtype=pl.Float64)
    if isinstance(value, str):
        return pl.lit(value, dtype=pl.String)
    raise NotColumnar(f"a {type(value).__name__} value")


def _int() -> Any:
    import polars as pl

    return pl.Int64


def _shift(
    expr: pl.Expr,
    amount: int,
    unit: DurationUnit,
    low: date | None,
    high: date | None,
    lookup: bool = True,
) -> pl.Expr:
    """`expr` plus `amount` units, where the row interpreter gives a date for every row."""
    import polars as pl

    if low is None or high is None:
        return expr  # an empty or all-empty column: every result is null either way
    if unit is DurationUnit.DAYS:
        first = low.toordinal() + min(amount, 0)
        last = high.toordinal() + max(amount, 0)
        if first < _SAFE_FIRST or last > _SAFE_LAST:
            raise NotColumnar("dates near the ends of the calendar")
        return expr + pl.duration(days=amount)
    if unit is DurationUnit.WORKING_DAYS:
        if amount == 0:
            return expr  # `+ 0 arbetsdagar` is the day itself, even on a holiday
        # About 250 working days a year: a margin of whole years on each side.
        margin = abs(amount) // 200 + 2
        first, last = low.year - margin, high.year + margin
        if first < FIRST_YEAR or last > LAST_YEAR:
            raise NotColumnar("working days outside the calendar's years")
        if lookup and (high - low).days < LOOKUP_DAYS:
            return _working_days_by_lookup(expr, amount, low, high)
        holidays = [day for year in range(first, last + 1) for day in holidays_in(year)]
        # Rolling to the previous working day first gives "the n-th working day after the
        # day itself" for a day off too; backwards in time it is the next working day.
        if amount > 0:
            return expr.dt.add_business_days(amount, holidays=holidays, roll="backward")
        return expr.dt.add_business_days(amount, holidays=holidays, roll="forward")
    months = amount * (12 if unit is DurationUnit.YEARS else 1)
    years = abs(months) // 12 + 1
    if low.year - years < 2 or high.year + years > 9998:
        raise NotColumnar("months beyond the calendar")
    return expr.dt.offset_by(f"{months}mo")


def _working_days_by_lookup(expr: pl.Expr, amount: int, low: date, high: date) -> pl.Expr:
    """`expr` plus `amount` working days, looked up in a table of every day from `low` to
    `high` made by the row interpreter's own calendar function: a column of a million dates
    holds a few hundred distinct days, and a lookup is several times faster than polars'
    business-day arithmetic."""
    import polars as pl

    days = (high - low).days + 1
    table = [working_days(low + timedelta(days=i), amount) for i in range(days)]
    if any(not isinstance(day, date) for day in table):
        raise NotColumnar("working days the calendar cannot give")
    # A date's physical value is its day number since 1970-01-01: cheaper than a duration.
    index = expr.to_physical() - (low - _EPOCH).days
    return pl.lit(pl.Series(table, dtype=pl.Date)).gather(index)
