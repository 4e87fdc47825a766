"""Swedish calendar facts that rules depend on: working days and mandate periods."""

from compliance.calendar.mandate import election_day, mandate_period, mandate_period_starting
from compliance.calendar.working_days import (
    add_working_days,
    holidays_in,
    is_working_day,
    next_working_day,
    non_working_reason,
    working_days_between,
)

__all__ = [
    "add_working_days",
    "election_day",
    "holidays_in",
    "is_working_day",
    "mandate_period",
    "mandate_period_starting",
    "next_working_day",
    "non_working_reason",
    "working_days_between",
]
