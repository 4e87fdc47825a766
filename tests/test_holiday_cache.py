"""The Swedish holidays are cached per year; the `holidays` package stays the source of truth."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from compliance.calendar import holiday_cache, working_days
from compliance.user_cache import CACHE_ENV

YEARS = (1953, 2008, 2025, 2026, 2200)


def forget() -> None:
    """As a new process would start: nothing read from the cache file yet."""
    holiday_cache._store.cache_clear()
    working_days._holiday_names.cache_clear()
    working_days._weekday_holidays.cache_clear()


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    directory = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV, str(directory))
    forget()
    yield directory
    forget()


def from_package(year: int) -> dict[date, str]:
    return working_days._holidays_of(year)


def cache_files(cache: Path) -> list[Path]:
    return sorted(cache.glob("holidays-*.json"))


def test_cached_names_are_the_packages_names(cache: Path) -> None:
    first = {year: working_days._holiday_names(year) for year in YEARS}
    assert len(cache_files(cache)) == 1
    forget()
    again = {year: working_days._holiday_names(year) for year in YEARS}
    assert again == first == {year: from_package(year) for year in YEARS}
    # The order is the calendar's: weekday holidays are read from it in order.
    assert list(again[2025]) == sorted(again[2025])
    assert again[2008][date(2008, 5, 1)] == "Första maj och Kristi himmelsfärdsdag"


def test_a_cached_year_is_not_asked_of_the_package_again(cache: Path) -> None:
    calls: list[int] = []

    def compute(year: int) -> dict[date, str]:
        calls.append(year)
        return from_package(year)

    source = Path(working_days.__file__)
    holiday_cache.cached_holiday_names(2025, compute, source)
    forget()
    holiday_cache.cached_holiday_names(2025, compute, source)
    holiday_cache.cached_holiday_names(2026, compute, source)
    assert calls == [2025, 2026]


def test_a_damaged_cache_file_is_recomputed_and_rewritten(cache: Path) -> None:
    expected = working_days._holiday_names(2025)
    (path,) = cache_files(cache)
    for damage in (b"", b"{not json", b'{"2025": [["2025-13-01", "x"]]}', b'{"2025": 7}'):
        path.write_bytes(damage)
        forget()
        assert working_days._holiday_names(2025) == expected
        assert json.loads(path.read_bytes())["2025"]


def test_another_package_version_or_computation_is_another_cache_file(
    cache: Path, tmp_path: Path
) -> None:
    working_days._holiday_names(2025)
    computer = tmp_path / "other_working_days.py"
    computer.write_text("# another way of computing the names\n", encoding="utf-8")
    holiday_cache.cached_holiday_names(2025, from_package, computer)
    assert len(cache_files(cache)) == 2


def test_an_unwritable_cache_only_costs_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv(CACHE_ENV, str(blocker / "cache"))
    forget()
    try:
        assert working_days.is_working_day(date(2025, 6, 20)) is False  # midsommarafton
        assert working_days.add_working_days(date(2025, 6, 19), 2) == date(2025, 6, 24)
    finally:
        forget()


def test_a_warm_cache_does_not_import_the_package(cache: Path) -> None:
    working_days._holiday_names(2025)
    program = (
        "import sys, datetime\n"
        "from compliance.calendar import is_working_day\n"
        "assert not is_working_day(datetime.date(2025, 12, 24))\n"
        "assert is_working_day(datetime.date(2025, 12, 23))\n"
        "print('holidays' in sys.modules)\n"
    )
    env = {**os.environ, CACHE_ENV: str(cache)}
    result = subprocess.run(
        [sys.executable, "-c", program], env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
