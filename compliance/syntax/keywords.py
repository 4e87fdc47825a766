"""The words of the rule language that carry a value: severities, units, months, years.

Each Swedish keyword and its English alias map to the same value, so nothing after the parser
knows which language a rule was written in.
"""

from __future__ import annotations

from compliance.findings import Severity
from compliance.syntax import ast

SEVERITIES = {
    "låg": Severity.LOW,
    "low": Severity.LOW,
    "medel": Severity.MEDIUM,
    "medium": Severity.MEDIUM,
    "hög": Severity.HIGH,
    "high": Severity.HIGH,
    "kritisk": Severity.CRITICAL,
    "critical": Severity.CRITICAL,
}
UNITS = {
    "dag": ast.DurationUnit.DAYS,
    "dagar": ast.DurationUnit.DAYS,
    "day": ast.DurationUnit.DAYS,
    "days": ast.DurationUnit.DAYS,
    "arbetsdag": ast.DurationUnit.WORKING_DAYS,
    "arbetsdagar": ast.DurationUnit.WORKING_DAYS,
    "working_day": ast.DurationUnit.WORKING_DAYS,
    "working_days": ast.DurationUnit.WORKING_DAYS,
    "månad": ast.DurationUnit.MONTHS,
    "månader": ast.DurationUnit.MONTHS,
    "month": ast.DurationUnit.MONTHS,
    "months": ast.DurationUnit.MONTHS,
    "år": ast.DurationUnit.YEARS,
    "year": ast.DurationUnit.YEARS,
    "years": ast.DurationUnit.YEARS,
}
MONTHS = {
    name: number
    for names, number in (
        (("januari", "january"), 1),
        (("februari", "february"), 2),
        (("mars", "march"), 3),
        (("april",), 4),
        (("maj", "may"), 5),
        (("juni", "june"), 6),
        (("juli", "july"), 7),
        (("augusti", "august"), 8),
        (("september",), 9),
        (("oktober", "october"), 10),
        (("november",), 11),
        (("december",), 12),
    )
    for name in names
}
YEAR_OFFSETS = {
    ("året", "efter"): 1,
    ("year", "after"): 1,
    ("året", "före"): -1,
    ("year", "before"): -1,
    ("samma", "år"): 0,
    ("same", "year"): 0,
}
AGGREGATES = {
    "summa": ast.AggregateKind.SUM,
    "sum": ast.AggregateKind.SUM,
    "minsta": ast.AggregateKind.MIN,
    "min": ast.AggregateKind.MIN,
    "största": ast.AggregateKind.MAX,
    "max": ast.AggregateKind.MAX,
}
COMPARISONS = {"≠": "!=", "≤": "<=", "≥": ">="}
