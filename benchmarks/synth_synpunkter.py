"""Synthetic synpunkter for the nation: who received them, when, and when they were answered.

The mix is what a register of a real kommun looks like: most synpunkter are answered the same
day or within two working days, some late, about 2 % never. Punctuality is a property of the
board (some are always on time, some often late), so that per-nämnd outcomes differ.
Receipt dates span 2025, weekends and holidays included, with extra weight on the weeks around
midsommar and jul where "two working days" is longest in calendar days; about 1 % were received
in December 2024 and must be left out by the period filter.

Answer dates are computed with the project's own Swedish calendar
(`compliance.calendar.working_days`), so "answered on the 2nd working day" is exact.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from itertools import accumulate

from synth_organisation import PERIOD_YEAR, Board

from compliance.calendar.working_days import add_working_days, is_working_day

HEADER = ("id", "nämnd", "enhet", "kategori", "inkommen", "besvarad")
FIRST_RECEIVED = date(PERIOD_YEAR - 1, 12, 1)
LAST_RECEIVED = date(PERIOD_YEAR, 12, 31)
# The longest delay generated, in working days; on time is 0–2.
MOST_LATE = 15
CATEGORIES = ("synpunkt", "klagomål", "fråga", "förslag", "beröm")
CATEGORY_WEIGHTS = (35, 30, 15, 10, 10)
# A board's punctuality: (share of boards, share answered late, share never answered).
PUNCTUALITY = ((0.4, 0.0, 0.0), (0.4, 0.03, 0.015), (0.2, 0.15, 0.06))
ON_TIME_DELAYS = (0, 0, 1, 1, 2)  # working days after receipt, drawn uniformly


def _receipt_weight(day: date) -> float:
    weight = 1.0 if is_working_day(day) else 0.25
    if day.year < PERIOD_YEAR:
        weight *= 0.12  # ~1 % of the rows, outside the period
    if date(PERIOD_YEAR, 6, 16) <= day <= date(PERIOD_YEAR, 6, 23) or day.month == 12:
        weight *= 1.5  # midsommar and jul: the long deadlines
    return weight


def synpunkter_lines(rng: random.Random, boards: Sequence[Board], rows: int) -> Iterator[str]:
    """`rows` lines of synpunkter.csv (without the header), deterministic for a given `rng`."""
    addressed = [board for board in boards if board.feedback_weight > 0]
    punctuality = {board.id: _punctuality(rng) for board in addressed}
    days = [
        FIRST_RECEIVED + timedelta(days=i) for i in range((LAST_RECEIVED - FIRST_RECEIVED).days + 1)
    ]
    # answers[i][k]: the k-th working day after days[i], as text; computed once per day.
    answers = [[add_working_days(day, k).isoformat() for k in range(MOST_LATE + 1)] for day in days]
    received = [day.isoformat() for day in days]
    chosen_boards = rng.choices(
        addressed, cum_weights=list(accumulate(b.feedback_weight for b in addressed)), k=rows
    )
    chosen_days = rng.choices(
        range(len(days)), cum_weights=list(accumulate(map(_receipt_weight, days))), k=rows
    )
    categories = rng.choices(CATEGORIES, weights=CATEGORY_WEIGHTS, k=rows)
    width = max(7, len(str(rows)))
    draw, pick = rng.random, rng.randint
    for number, (board, day, category) in enumerate(
        zip(chosen_boards, chosen_days, categories, strict=True), start=1
    ):
        late, unanswered = punctuality[board.id]
        u = draw()
        if u < unanswered:
            answered = ""
        elif u < unanswered + late:
            answered = answers[day][pick(3, MOST_LATE)]
        else:
            answered = answers[day][ON_TIME_DELAYS[pick(0, 4)]]
        yield f"SYN-{number:0{width}d};{board.id};;{category};{received[day]};{answered}"


def _punctuality(rng: random.Random) -> tuple[float, float]:
    u = rng.random()
    for share, late, unanswered in PUNCTUALITY:
        if u < share:
            return late, unanswered
        u -= share
    return PUNCTUALITY[-1][1:]
