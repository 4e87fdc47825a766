"""The limits on what one rule file may contain, in one place.

They are far above anything a styrdokument needs and only stop input that would make the
tool hang, run out of memory or compute dates outside the calendar (years 1–9999).
docs/reliability.md lists them, and a test keeps that list in step with these values.
"""

from __future__ import annotations

from compliance.syntax.kinds import DurationUnit

MAX_RULE_FILE_BYTES = 5 * 1024 * 1024

# A duration written in a rule: at most about a century in each unit. Deadlines in
# styrdokument are days, weeks, a mandate period or a few years; a longer literal is a typo
# (an extra digit) and would otherwise reach dates the calendar cannot represent.
MAX_DURATION: dict[DurationUnit, int] = {
    DurationUnit.DAYS: 36_500,
    DurationUnit.WORKING_DAYS: 25_000,
    DurationUnit.MONTHS: 1_200,
    DurationUnit.YEARS: 100,
}
