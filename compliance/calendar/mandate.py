"""Election days and the municipal council's mandate period (mandatperiod).

Many governance requirements are stated per mandate period ("once per mandatperiod", "within
the first year of the term"), so checks need to know which term a date belongs to.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Final

from compliance.periods import Period

__all__ = ["election_day", "mandate_period", "mandate_period_starting"]

# Four-year terms with a common election day for riksdag, regions and municipalities began with
# the 1994 election; earlier terms were three years, which this module does not model.
FIRST_ELECTION: Final = 1994
_TERM_YEARS: Final = 4
# From the 2014 election the election day is the second Sunday in September; before that it was
# the third (2010-09-19, 2014-09-14).
_SECOND_SUNDAY_FROM: Final = 2014
_SUNDAY: Final = 6


def _is_election_year(year: int) -> bool:
    return year >= FIRST_ELECTION and (year - FIRST_ELECTION) % _TERM_YEARS == 0


def election_day(year: int) -> date:
    """The day of the ordinary general election held in `year`.

    Needed because some deadlines count from election day rather than from the term's start.
    Raises ValueError for a year without an ordinary election or before 1994.
    """
    if not _is_election_year(year):
        raise ValueError(
            f"{year} is not a Swedish general election year; ordinary elections are held "
            f"every four years from {FIRST_ELECTION} ({FIRST_ELECTION}, {FIRST_ELECTION + 4}, "
            "…, 2022, 2026)"
        )
    first = date(year, 9, 1)
    first_sunday = first + timedelta(days=(_SUNDAY - first.weekday()) % 7)
    nth = 2 if year >= _SECOND_SUNDAY_FROM else 3
    return first_sunday + timedelta(weeks=nth - 1)


def mandate_period_starting(election_year: int) -> Period:
    """The mandate period that follows the election held in `election_year`.

    Kommunallagen (2017:725) 5 kap. 9 §: the council is elected for four years from 15 October
    of the election year, so the term ends on 14 October four years later.
    """
    if not _is_election_year(election_year):
        raise ValueError(
            f"{election_year} is not an election year, so no mandate period starts in it; "
            f"terms start in {FIRST_ELECTION}, {FIRST_ELECTION + 4}, …, 2022, 2026"
        )
    # The same 15 October start is applied to terms before the current kommunallag, which
    # keeps periods contiguous; earlier law is not modelled date by date.
    end_year = election_year + _TERM_YEARS
    return Period(
        date(election_year, 10, 15),
        date(end_year, 10, 14),
        f"mandatperiod {election_year}–{end_year}",
    )


def mandate_period(day: date) -> Period:
    """The mandate period containing `day` (a term runs 15 October to 14 October).

    Raises ValueError before 15 October 1994, when terms were three years long.
    """
    if day < date(FIRST_ELECTION, 10, 15):
        raise ValueError(
            f"{day.isoformat()} is before the first four-year mandate period "
            f"(15 October {FIRST_ELECTION}); earlier municipal terms were three years long "
            "and are not modelled"
        )
    # A day before 15 October still belongs to the term that started in the previous
    # election year.
    start_year = day.year if (day.month, day.day) >= (10, 15) else day.year - 1
    election_year = start_year - (start_year - FIRST_ELECTION) % _TERM_YEARS
    return mandate_period_starting(election_year)
