"""Tests for compliance.calendar: the table in calendar_cases.yaml plus round-trip properties."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

import compliance.calendar as calendar
from compliance.calendar import (
    add_working_days,
    holidays_in,
    is_working_day,
    working_days_between,
)
from compliance.periods import Period

_CASES_FILE = Path(__file__).with_name("calendar_cases.yaml")
_EXCEPTIONS: dict[str, type[Exception]] = {"ValueError": ValueError}


def _load_cases() -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = yaml.safe_load(_CASES_FILE.read_text(encoding="utf-8"))
    ids = [case["id"] for case in cases]
    # A duplicated id would make pytest report two cases as one and hide a failure.
    assert len(ids) == len(set(ids)), "duplicate case ids in calendar_cases.yaml"
    for case in cases:
        assert ("expect" in case) != ("raises" in case), f"{case['id']}: expect xor raises"
        assert case["call"] in calendar.__all__, f"{case['id']}: {case['call']} is not public"
    return cases


def _expected(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"start", "end", "label"}:
        return Period(value["start"], value["end"], value["label"])
    return value


_CASES = _load_cases()


@pytest.mark.parametrize("case", _CASES, ids=[case["id"] for case in _CASES])
def test_case(case: dict[str, Any]) -> None:
    function = getattr(calendar, case["call"])
    if "raises" in case:
        with pytest.raises(_EXCEPTIONS[case["raises"]], match=case["match"]):
            function(*case["args"])
    else:
        assert function(*case["args"]) == _expected(case["expect"])


# Over a year and a bit starting before Christmas 2024, so every kind of holiday cluster is
# crossed (Christmas/New Year twice, Easter, midsommar).
_DAYS = [date(2024, 12, 1) + timedelta(days=offset) for offset in range(420)]


@pytest.mark.parametrize("n", [0, 1, 2, 5, 10, 30])
def test_between_inverts_add(n: int) -> None:
    for day in _DAYS:
        assert working_days_between(day, add_working_days(day, n)) == n, day


@pytest.mark.parametrize("n", [1, 2, 5, 10])
def test_adding_back_returns_to_a_working_day(n: int) -> None:
    for day in filter(is_working_day, _DAYS):
        assert add_working_days(add_working_days(day, n), -n) == day, day


def test_arithmetic_count_matches_day_by_day_count() -> None:
    start = _DAYS[0]
    running = 0
    for day in _DAYS[1:]:
        running += is_working_day(day)
        assert working_days_between(start, day) == running, day


def test_holidays_in_names_only_weekday_non_working_days() -> None:
    for year in (1953, 2025, 2100, 2200):
        found = holidays_in(year)
        assert date(year, 12, 24) in found or date(year, 12, 24).weekday() >= 5
        assert all(day.weekday() < 5 and not is_working_day(day) for day in found)


def test_holidays_in_returns_a_copy() -> None:
    holidays_in(2025).clear()
    assert len(holidays_in(2025)) == 12
