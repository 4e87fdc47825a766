"""The kinds of duration, quantifier and aggregate a rule can name.

Shared by the syntax tree (`ast`) and the checked program (`ir`), and kept apart from `ast`
so that a run whose program comes from the cache (`checker.rule_cache`) does not import the
syntax tree's node classes.
"""

from __future__ import annotations

from enum import StrEnum


class DurationUnit(StrEnum):
    DAYS = "days"
    WORKING_DAYS = "working_days"
    MONTHS = "months"
    YEARS = "years"


class QuantifierKind(StrEnum):
    EXISTS = "exists"
    FORALL = "forall"
    NONE = "none"


class AggregateKind(StrEnum):
    COUNT = "count"
    SUM = "sum"
    MIN = "min"
    MAX = "max"
