"""How a status looks: a tone a renderer may colour, and a symbol that says it without colour."""

from __future__ import annotations

from enum import StrEnum

from compliance.findings import Outcome
from compliance.grading import Assessment, Status


class Tone(StrEnum):
    GOOD = "good"
    PARTIAL = "partial"
    BAD = "bad"
    MISSING = "missing"
    WAIVED = "waived"
    NEUTRAL = "neutral"


OUTCOME_TONES: dict[Outcome, Tone] = {
    Outcome.PASS: Tone.GOOD,
    Outcome.FAIL: Tone.BAD,
    Outcome.INSUFFICIENT_DATA: Tone.MISSING,
    Outcome.WAIVED: Tone.WAIVED,
    Outcome.NOT_DUE: Tone.NEUTRAL,
    Outcome.NOT_APPLICABLE: Tone.NEUTRAL,
}

# The grade's mark beside its words: best ✓, worst ✗, between ◐, no grade ? or –.
TONE_SYMBOLS: dict[Tone, str] = {
    Tone.GOOD: "✓",
    Tone.PARTIAL: "◐",
    Tone.BAD: "✗",
    Tone.MISSING: "?",
    Tone.WAIVED: "⊘",
    Tone.NEUTRAL: "–",
}


def assessment_tone(assessment: Assessment) -> Tone:
    match assessment.status:
        case Status.NOT_ASSESSABLE:
            return Tone.MISSING
        case Status.NOTHING_TO_ASSESS:
            return Tone.NEUTRAL
        case Status.GRADED:
            if assessment.is_best:
                return Tone.GOOD
            return Tone.BAD if assessment.is_worst else Tone.PARTIAL
    raise AssertionError(f"unhandled assessment status {assessment.status!r}")
