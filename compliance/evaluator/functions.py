"""Implementations of the built-in functions, under the canonical names of `checker/builtins`."""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from compliance.calendar import (
    add_working_days,
    is_working_day,
    mandate_period,
    next_working_day,
    working_days_between,
)
from compliance.evaluator.values import Missing, MissingItem
from compliance.messages import message
from compliance.periods import Period


def problem(reason: str) -> Missing:
    """A value that cannot be computed: treated like missing evidence, with the reason."""
    return Missing((MissingItem(reason, reason),))


def _calendar(function: Callable[..., Any], *args: Any) -> Any:
    try:
        return function(*args)
    except OverflowError:
        return out_of_range()
    except ValueError as error:
        if _beyond_the_calendar(error):
            return out_of_range()
        return problem(str(error))


def out_of_range() -> Missing:
    """A date before year 1 or after 9999 (`9999-12-31 + 1 dagar`): it cannot be judged."""
    return problem(message("problem.date_out_of_range"))


def _beyond_the_calendar(error: ValueError) -> bool:
    # `date` says "year 10000 is out of range"; the holiday calendar says it has no data.
    return "out of range" in str(error)


def make_date(year: Any, month: Any, day: Any) -> Any:
    try:
        return date(int(year), int(month), int(day))
    except (ValueError, OverflowError):
        return problem(message("problem.bad_date", year=year, month=month, day=day))


def clamp_date(year: int, month: int, day: int) -> date:
    """A date, moved back to the month's last day where the day does not exist (29 feb)."""
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day, last))


def relative_date(year: int, month: int, day: int) -> Any:
    """`31 maj året efter` for a period's year; beyond year 9999 it cannot be judged."""
    if not date.min.year <= year <= date.max.year:
        return out_of_range()
    return clamp_date(year, month, day)


def add_months(day: date, months: int) -> Any:
    index = day.year * 12 + (day.month - 1) + months
    return relative_date(index // 12, index % 12 + 1, day.day)


def add_days(day: date, count: int) -> Any:
    try:
        return day + timedelta(days=count)
    except OverflowError:
        return out_of_range()


def working_days(day: date, count: int) -> Any:
    return _calendar(add_working_days, day, count)


def months_of(period: Period) -> list[Period]:
    """The calendar months a period touches, each labelled the way a report names it."""
    months: list[Period] = []
    year, month = period.start.year, period.start.month
    while date(year, month, 1) <= period.end:
        first = date(year, month, 1)
        label = message("period.month", month=message(f"month.m{month}"), year=year)
        months.append(Period(first, clamp_date(year, month, 31), label))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def round_half_up(value: Any, decimals: Any = 0) -> Any:
    # Swedish reports round half away from zero; Python's round() would round to even.
    try:
        places = Decimal(1).scaleb(-int(decimals))
        rounded = Decimal(str(value)).quantize(places, rounding=ROUND_HALF_UP)
        return int(rounded) if int(decimals) <= 0 else float(rounded)
    except (InvalidOperation, OverflowError, ValueError):
        # More decimals than a number can carry (`avrunda(x, 99999999)`).
        shown = int(decimals) if isinstance(decimals, float) and decimals.is_integer() else decimals
        return problem(message("problem.rounding", decimals=shown))


def is_present(value: Any) -> bool:
    return not isinstance(value, Missing) and value is not None


FUNCTIONS: dict[str, Callable[..., Any]] = {
    # These two see a missing value as it is (`Builtin.inspects_presence`).
    "angiven": is_present,
    "saknas": lambda value: not is_present(value),
    "datum": make_date,
    "år": lambda d: d.year,
    "månad": lambda d: d.month,
    "mandatperiod": lambda d: _calendar(mandate_period, d),
    "månaderna": months_of,
    "nästa_arbetsdag": lambda d: _calendar(next_working_day, d),
    "är_arbetsdag": lambda d: _calendar(is_working_day, d),
    "arbetsdagar_mellan": lambda a, b: _calendar(working_days_between, a, b),
    "dagar_mellan": lambda a, b: (b - a).days,
    "avrunda": round_half_up,
    "abs": abs,
}
