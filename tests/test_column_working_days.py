"""Working days on a column by table lookup (`columns/compile.py`): the table is indexed by a
date's day number, which is negative before 1970; the calendar reaches back to 1953."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
import pytest

from compliance.calendar.working_days import add_working_days
from compliance.evaluator.columns.compile import _shift
from compliance.syntax.kinds import DurationUnit


@pytest.mark.parametrize("amount", [-4, 2, 30])
def test_the_lookup_matches_the_calendar_across_1970(amount: int) -> None:
    days = [date(1968, 11, 1) + timedelta(days=i) for i in range(3 * 365)]
    frame = pl.DataFrame({"d": [None, *days]}, schema={"d": pl.Date})
    expr = _shift(pl.col("d"), amount, DurationUnit.WORKING_DAYS, days[0], days[-1])
    found = frame.select(expr.alias("r"))["r"].to_list()
    assert found == [None, *(add_working_days(day, amount) for day in days)]
