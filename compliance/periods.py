"""Reporting periods: a calendar year, a tertial, a half year, a quarter or an explicit range.

A period is written the way Swedish reports name them: `2025` (the year), `2025-T2` (tertial 2,
which like the tertialrapport is cumulative: January to August), `2025-H1`, `2025-Q3`, or an
explicit `2025-01-01..2025-06-30`.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import GetCoreSchemaHandler
from pydantic_core import core_schema


class PeriodSyntaxError(ValueError):
    """The text is not a period this tool understands."""


@dataclass(frozen=True, order=True)
class Period:
    """An inclusive date range with the label it was written as."""

    start: date
    end: date
    label: str

    @property
    def year(self) -> int:
        """The year a period belongs to: the year it ends in."""
        return self.end.year

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def same_range(self, other: Period) -> bool:
        return self.start == other.start and self.end == other.end

    def __str__(self) -> str:
        return self.label

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            _validate_period,
            json_schema_input_schema=core_schema.union_schema(
                [
                    core_schema.int_schema(ge=1900, le=2200),
                    core_schema.str_schema(pattern=PERIOD_PATTERN),
                ]
            ),
            serialization=core_schema.plain_serializer_function_ser_schema(str),
        )


_YEAR = r"(?P<year>\d{4})"
_RANGE = re.compile(r"^(?P<start>\d{4}-\d{2}-\d{2})\.\.(?P<end>\d{4}-\d{2}-\d{2})$")
_PART = re.compile(_YEAR + r"(?:-(?P<kind>[TtHhQqKk])(?P<n>\d))?$")
PERIOD_PATTERN = r"^\d{4}(-[TtHhQqKk]\d)?$|^\d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2}$"

# How many months each kind of part covers; tertials are cumulative from January as in the
# tertialrapport (T1 Jan–Apr, T2 Jan–Aug, T3 the whole year).
_PART_MONTHS = {"T": 4, "H": 6, "Q": 3, "K": 3}
_PART_COUNT = {"T": 3, "H": 2, "Q": 4, "K": 4}


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def parse_period(text: str | int) -> Period:
    """Parse a period; raises `PeriodSyntaxError` with a sentence a user can act on."""
    raw = str(text).strip()
    if match := _RANGE.match(raw):
        try:
            start = date.fromisoformat(match["start"])
            end = date.fromisoformat(match["end"])
        except ValueError as error:
            raise PeriodSyntaxError(f"`{raw}` contains an impossible date ({error})") from None
        if end < start:
            raise PeriodSyntaxError(f"the period `{raw}` ends before it starts")
        return Period(start, end, raw)
    match = _PART.match(raw)
    if match is None:
        raise PeriodSyntaxError(
            f"`{raw}` is not a period; write a year (`2025`), a tertial (`2025-T2`), "
            "a half year (`2025-H1`), a quarter (`2025-Q3`) or a range "
            "(`2025-01-01..2025-06-30`)"
        )
    year = int(match["year"])
    if match["kind"] is None:
        return Period(date(year, 1, 1), date(year, 12, 31), str(year))
    kind = match["kind"].upper()
    number = int(match["n"])
    if not 1 <= number <= _PART_COUNT[kind]:
        raise PeriodSyntaxError(
            f"`{raw}`: a year has {_PART_COUNT[kind]} parts of kind `{kind}`, not {number}"
        )
    label = f"{year}-{kind}{number}"
    months = _PART_MONTHS[kind]
    if kind == "T":
        return Period(date(year, 1, 1), _month_end(year, months * number), label)
    first_month = months * (number - 1) + 1
    return Period(date(year, first_month, 1), _month_end(year, months * number), label)


def _validate_period(value: object) -> Period:
    if isinstance(value, Period):
        return value
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError("a period is a year (`2025`), a part (`2025-T2`) or a date range")
    try:
        return parse_period(value)
    except PeriodSyntaxError as error:
        raise ValueError(str(error)) from None
