"""Blocks several sections share: the period, a graded assessment with its basis, anchors."""

from __future__ import annotations

import re

from compliance.findings import BaselineComparison
from compliance.grading import Assessment
from compliance.memo.document import Paragraph, Span, plain, strong
from compliance.memo.model import Memo
from compliance.memo.tones import assessment_tone
from compliance.memo.words import basis, grade_label
from compliance.messages import message


def period_text(memo: Memo) -> str:
    return message(
        "memo.meta.period_value",
        label=memo.period.label,
        start=memo.period.start.isoformat(),
        end=memo.period.end.isoformat(),
    )


def anchor(text: str) -> str:
    """A fragment id from a rule id: lower case, anything but letters and digits a hyphen."""
    return re.sub(r"\W+", "-", text.lower()).strip("-")


def assessment_paragraph(label: str, assessment: Assessment) -> Paragraph:
    """ "Bedömning: ◐ Delvis uppfyllt (11 av 13 bedömda uppfyllda; 2 avvikelser)"."""
    return Paragraph(
        (strong(f"{label}: {grade_label(assessment)}"), Span(f" ({basis(assessment.tally)})")),
        tone=assessment_tone(assessment),
    )


def baseline_paragraph(baseline: BaselineComparison) -> Paragraph:
    """The run against `--baseline`: how many failures are new, persisting and resolved."""
    return Paragraph(
        plain(
            message(
                "memo.method.baseline",
                file=baseline.file,
                new=baseline.new,
                persisting=baseline.persisting,
                resolved=len(baseline.resolved),
            )
        )
    )
