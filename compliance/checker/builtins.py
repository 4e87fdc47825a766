"""The built-in functions a rule may call: their names in both languages and their types.

Only signatures live here; the evaluator implements each function under the same canonical
(Swedish) name.
"""

from __future__ import annotations

from dataclasses import dataclass

from compliance.checker.types import ANY, BOOL, DATE, NUMBER, PERIOD, ListType, Type


@dataclass(frozen=True)
class Builtin:
    name: str
    english: str
    params: tuple[Type, ...]
    returns: Type
    # How many trailing parameters may be left out.
    optional_params: int = 0
    # Functions that look at whether a value is there, so a missing value is not an error.
    inspects_presence: bool = False
    summary: str = ""


BUILTINS: tuple[Builtin, ...] = (
    Builtin(
        "datum",
        "date",
        (NUMBER, NUMBER, NUMBER),
        DATE,
        summary="the date of year, month and day: `datum(period.år + 1, 5, 31)`",
    ),
    Builtin("år", "year", (DATE,), NUMBER, summary="the year of a date"),
    Builtin("månad", "month", (DATE,), NUMBER, summary="the month (1–12) of a date"),
    Builtin(
        "mandatperiod",
        "mandate_period",
        (DATE,),
        PERIOD,
        summary="the mandate period (KL 5 kap. 9 §) that contains a date",
    ),
    Builtin(
        "månaderna",
        "months_of",
        (PERIOD,),
        ListType(PERIOD),
        summary="the calendar months a period touches, each a period of its own: "
        "`för varje m i månaderna(period): …`",
    ),
    Builtin(
        "nästa_arbetsdag",
        "next_working_day",
        (DATE,),
        DATE,
        summary="the date itself if a working day, else the next one (Lag 1930:173)",
    ),
    Builtin(
        "är_arbetsdag",
        "is_working_day",
        (DATE,),
        BOOL,
        summary="whether a date is a Swedish working day",
    ),
    Builtin(
        "arbetsdagar_mellan",
        "working_days_between",
        (DATE, DATE),
        NUMBER,
        summary="working days after the first date up to and including the second",
    ),
    Builtin(
        "dagar_mellan",
        "days_between",
        (DATE, DATE),
        NUMBER,
        summary="calendar days from the first date to the second",
    ),
    Builtin(
        "angiven",
        "present",
        (ANY,),
        BOOL,
        inspects_presence=True,
        summary="whether a value is given in the data",
    ),
    Builtin(
        "saknas",
        "missing",
        (ANY,),
        BOOL,
        inspects_presence=True,
        summary="whether a value is absent from the data",
    ),
    Builtin(
        "avrunda",
        "round",
        (NUMBER, NUMBER),
        NUMBER,
        optional_params=1,
        summary="a number rounded to a number of decimals (default 0)",
    ),
    Builtin("abs", "abs", (NUMBER,), NUMBER, summary="the absolute value of a number"),
)

BUILTINS_BY_NAME: dict[str, Builtin] = {
    **{b.name: b for b in BUILTINS},
    **{b.english: b for b in BUILTINS},
}
