"""The words and symbols every report uses for outcomes, severities, subjects and sources.

Shared by the terminal, JUnit, SARIF, GitHub and follow-up reports; plain text, no rich.
"""

from __future__ import annotations

from compliance.findings import (
    KOMMUN_KIND,
    OUTCOME_ORDER,
    Citation,
    Outcome,
    Report,
    Severity,
    Subject,
)
from compliance.messages import message

# Symbols are the same in every language, so they live here rather than in the catalogue.
SYMBOLS: dict[Outcome, str] = {
    Outcome.PASS: "✓",
    Outcome.FAIL: "✗",
    Outcome.NOT_APPLICABLE: "–",
    Outcome.INSUFFICIENT_DATA: "?",
    Outcome.NOT_DUE: "…",
    Outcome.WAIVED: "⊘",
}


def shown_outcomes(report: Report) -> tuple[Outcome, ...]:
    """The outcomes a legend or total lists: all, except `waived` in a run without waivers."""
    if report.waiver_files or report.count(Outcome.WAIVED):
        return OUTCOME_ORDER
    return tuple(o for o in OUTCOME_ORDER if o is not Outcome.WAIVED)


def outcome_word(outcome: Outcome) -> str:
    return message(f"report.outcome.{outcome.value}")


def severity_word(severity: Severity) -> str:
    return message(f"report.severity.{severity.value}")


def short_label(outcome: Outcome, count: int | None = None) -> str:
    """`✗ avv`, `✓`, or with a count `✗ 2 avv`, `✓ 3`."""
    words = [SYMBOLS[outcome]]
    if count is not None:
        words.append(str(count))
    short = message(f"report.outcome_short.{outcome.value}")
    if short:
        words.append(short)
    return " ".join(words)


def subject_label(subject: Subject) -> str:
    """`nämnd Socialnämnden (sn)`; the nämnd is added when the subject belongs to one."""
    kind = message(f"report.kind.{subject.kind}")
    label = subject.name if subject.kind == KOMMUN_KIND else f"{kind} {subject.name}"
    if subject.id != subject.name and subject.kind != KOMMUN_KIND:
        label += f" ({subject.id})"
    if subject.nämnd_id is not None and subject.nämnd_id != subject.id:
        label += f", {subject.nämnd_name or subject.nämnd_id}"
    return label


def citation_label(citation: Citation, *, quote: bool = True) -> str:
    """Document, section, page and (unless `quote` is false) the quote, as one line."""
    parts = [citation.document]
    if citation.section:
        parts.append(message("report.details.section", section=citation.section))
    if citation.page:
        parts.append(message("report.details.page", page=citation.page))
    if citation.quote and quote:
        parts.append(message("report.details.quote", quote=citation.quote))
    return ", ".join(parts)
