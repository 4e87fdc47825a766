"""The Swedish working-day calendar used for statutory deadlines.

Lag (1930:173) om beräkning av lagstadgad tid moves a deadline that falls on a Saturday, a
Sunday, a public holiday (Lag 1989:253 om allmänna helgdagar), midsommarafton, julafton or
nyårsafton to the next working day. "Working day" here means exactly the days that law does not
exclude, so a rule that says "within two working days" and a deadline that moves off a holiday
agree on the calendar.

Holiday data comes from the `holidays` package (pinned in pyproject.toml): its PUBLIC category is
Lag 1989:253 and its DE_FACTO category is the three eves. Weekends are decided by weekday, never
by the package, so an option such as `include_sundays` cannot change the answer. The package is
imported only for a year not yet in the user's holiday cache (`holiday_cache`).
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Final

from compliance.calendar.holiday_cache import cached_holiday_names

if TYPE_CHECKING:
    from holidays import HolidayBase

__all__ = [
    "FIRST_YEAR",
    "LAST_YEAR",
    "add_working_days",
    "holidays_in",
    "is_working_day",
    "next_working_day",
    "non_working_reason",
    "working_days_between",
]

# The package's Swedish data starts in 1953, when Lag (1952:48) moved midsommardagen and alla
# helgons dag to Saturdays; earlier years had different holidays that it does not model, and a
# silently empty holiday list would count julafton as a working day.
FIRST_YEAR: Final = 1953
# The package stops at 2100 by default; later years follow the same rules as any future year
# (current law projected), so the limit is lifted to the project's own 2200.
LAST_YEAR: Final = 2200

_WEEKEND_NAMES: Final = {5: "lördag", 6: "söndag"}


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(
            f"the Swedish working-day calendar covers {FIRST_YEAR}–{LAST_YEAR}, not {year} "
            f"(holiday rules before {FIRST_YEAR} differ and are not modelled)"
        )


@cache
def _holiday_names(year: int) -> dict[date, str]:
    """Every non-working day of `year` that is not so merely by weekday, including those
    that happen to fall on a weekend (påskdagen, midsommardagen), keyed by date.

    Cached per year because deadline arithmetic asks about the same few years millions of times.
    """
    _check_year(year)
    return cached_holiday_names(year, _holidays_of, Path(__file__))


def _holidays_of(year: int) -> dict[date, str]:
    """`_holiday_names` as the `holidays` package gives them, checked to be complete."""
    from holidays.constants import DE_FACTO, PUBLIC

    calendar = _sweden()(years=year, categories=(PUBLIC, DE_FACTO), language="sv")
    # Two holidays on one day (första maj and Kristi himmelsfärdsdag in 2008) come back joined
    # by "; "; get_list keeps them apart so the Swedish reason can read naturally.
    names = {day: " och ".join(calendar.get_list(day)) for day in sorted(calendar)}
    if date(year, 12, 24) not in names or date(year, 12, 25) not in names:
        # A holidays upgrade that dropped a year or a category would otherwise turn Christmas
        # into a working day without any error.
        raise RuntimeError(f"holiday data for Sweden {year} is incomplete: {names}")
    return names


@cache
def _sweden() -> type[HolidayBase]:
    """The package's Swedish calendar, with its default end year lifted to `LAST_YEAR`."""
    from holidays.countries.sweden import Sweden

    class SwedenThrough2200(Sweden):
        end_year = LAST_YEAR

    return SwedenThrough2200


@cache
def _weekday_holidays(year: int) -> tuple[date, ...]:
    """The holidays of `year` that fall Monday–Friday, sorted: the only ones that change a
    count of weekdays."""
    return tuple(day for day in _holiday_names(year) if day.weekday() < 5)


def is_working_day(day: date) -> bool:
    """Whether `day` counts as a working day under Lag (1930:173).

    Saturdays and Sundays are excluded by weekday rather than looked up, which keeps the common
    case to one comparison and one set lookup.
    """
    if day.weekday() >= 5:
        _check_year(day.year)
        return False
    return day not in _holiday_names(day.year)


def non_working_reason(day: date) -> str | None:
    """Why `day` is not a working day, in Swedish lower case, or None if it is one.

    A holiday's name wins over the weekday ("påskdagen", not "söndag") because that is what a
    reader needs to see when a deadline moves.
    """
    name = _holiday_names(day.year).get(day)
    if name is not None:
        return name.lower()
    return _WEEKEND_NAMES.get(day.weekday())


def add_working_days(day: date, count: int) -> date:
    """The `count`-th working day after `day` (before it when `count` is negative).

    `day` itself is never counted, which is how "within two working days of receipt" is read:
    receipt on Thursday 19 June 2025 gives Tuesday 24 June, because midsommarafton and the
    weekend do not count. A count of 0 returns `day` unchanged, even on a holiday; use
    `next_working_day` to move a deadline off a non-working day.
    """
    step = timedelta(days=1 if count >= 0 else -1)
    remaining = abs(count)
    while remaining:
        day += step
        if is_working_day(day):
            remaining -= 1
    return day


def _weekdays_through(day: date) -> int:
    """Monday–Friday days from 0001-01-01 (a Monday) through `day`, in constant time."""
    ordinal = day.toordinal()
    return ordinal // 7 * 5 + min(ordinal % 7, 5)


def working_days_between(start: date, end: date) -> int:
    """The number of working days d with start < d <= end; negative when end < start.

    Half-open like `add_working_days`, so working_days_between(d, add_working_days(d, n)) == n
    for every n >= 0. Counted arithmetically (weekdays minus weekday holidays), so long ranges
    cost no more than short ones.
    """
    if end < start:
        return -working_days_between(end, start)
    _check_year(start.year)
    _check_year(end.year)
    count = _weekdays_through(end) - _weekdays_through(start)
    for year in range(start.year, end.year + 1):
        count -= sum(1 for holiday in _weekday_holidays(year) if start < holiday <= end)
    return count


def next_working_day(day: date) -> date:
    """`day` if it is a working day, else the first working day after it.

    This is the Lag (1930:173) rule: a deadline that falls on a non-working day moves to the
    next working day (a deadline on Sunday 31 May 2026 moves to Monday 1 June).
    """
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def holidays_in(year: int) -> dict[date, str]:
    """The non-working days of `year` that fall Monday–Friday, with their Swedish names.

    Weekend holidays are left out because weekends are already non-working: this is exactly the
    list a weekday-based calendar (e.g. numpy's busdaycalendar `holidays=`) needs, and the list
    of extra days off a report shows. Returns a new dict, so callers may modify it.
    """
    names = _holiday_names(year)
    return {day: names[day] for day in _weekday_holidays(year)}
