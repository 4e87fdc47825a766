"""The memo's small phrases: grades, their basis, counts, numbers, subjects and sources.

Every word comes from the catalogues (`memo.*` in compliance/messages/<lang>/memo.toml, the
outcome and severity words of `report.*`, the subject words of `subject.*`).
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from compliance.findings import Citation, Finding, Outcome, Severity, Subject
from compliance.grading import Assessment, GradingScale, Tally
from compliance.memo.model import OUTCOME_SYMBOLS
from compliance.memo.tones import TONE_SYMBOLS, assessment_tone
from compliance.messages import message


def counted(key: str, count: int) -> str:
    """`memo.count.<key>_one` or `_many` with the count filled in: "1 avvikelse", "2 avvikelser"."""
    return message(f"memo.count.{key}_{'one' if count == 1 else 'many'}", count=count)


def grade_word(assessment: Assessment) -> str:
    return message(assessment.message_key)


def grade_label(assessment: Assessment) -> str:
    """The grade with its symbol: "◐ Delvis uppfyllt"."""
    return f"{TONE_SYMBOLS[assessment_tone(assessment)]} {grade_word(assessment)}"


def level_word(scale: GradingScale, level: int) -> str:
    return message(f"memo.grade.{scale.key}.{scale.levels[level]}")


def scale_name(scale: GradingScale) -> str:
    return message(f"memo.scale_name.{scale.key}")


def basis(tally: Tally) -> str:
    """What a grade rests on: "11 av 13 bedömda uppfyllda; 2 avvikelser; 1 ej tillämplig"."""
    parts: list[str] = []
    if tally.judged:
        parts.append(message("memo.basis.judged", passed=tally.passed, judged=tally.judged))
    else:
        parts.append(message("memo.basis.none_judged"))
    problems = [
        counted("failed", tally.failed) if tally.failed else "",
        counted("insufficient", tally.insufficient) if tally.insufficient else "",
        counted("waived", tally.waived) if tally.waived else "",
    ]
    others = [
        counted("not_applicable", tally.not_applicable) if tally.not_applicable else "",
        counted("not_due", tally.not_due) if tally.not_due else "",
    ]
    for group in (problems, others):
        shown = [part for part in group if part]
        if shown:
            parts.append(", ".join(shown))
    return "; ".join(parts)


def percent(share: Fraction) -> str:
    """A share as a whole percentage, rounded down: 99.6 % must not read as 100 %."""
    return str(int(share * 100))


def outcome_word(outcome: Outcome) -> str:
    return message(f"report.outcome.{outcome.value}")


def outcome_label(outcome: Outcome) -> str:
    return f"{OUTCOME_SYMBOLS[outcome]} {outcome_word(outcome)}"


def severity_word(severity: Severity) -> str:
    return message(f"report.severity.{severity.value}")


def nämnd_name(name: str | None) -> str:
    return name if name is not None else message("memo.cross_cutting")


def subject_text(subject: Subject) -> str:
    """The subject in a sentence's words: "indikatorn Elanvändning", "Valnämnden"."""
    return message(f"subject.{subject.kind}", name=subject.name)


def finding_nämnd(finding: Finding) -> str:
    subject = finding.subject
    return nämnd_name(subject.nämnd_name or subject.nämnd_id)


def is_the_nämnd(finding: Finding) -> bool:
    """True when the finding is about its nämnd itself, so naming it twice would be noise."""
    return finding.subject.kind == "nämnd" or finding.subject.id == finding.subject.nämnd_id


def citation_text(citation: Citation) -> str:
    """Document, section and page, without the quote: "Policy …, avsnitt Tjänstegarantier"."""
    parts = [citation.document]
    if citation.section:
        parts.append(message("memo.citation.section", section=citation.section))
    if citation.page:
        parts.append(message("memo.citation.page", page=citation.page))
    return ", ".join(parts)


def number_text(value: Decimal) -> str:
    """A number as the memo's language writes it: `98,1` in Swedish, `98.1` in English."""
    normal = value.normalize() if value != value.to_integral_value() else value.quantize(1)
    sign, digits = ("-", str(-normal)) if normal < 0 else ("", str(normal))
    whole, _, fraction = digits.partition(".")
    # Thousands are grouped from five digits, as printed reports do (1000, but 10 000).
    if len(whole) > 4:
        groups = [whole[max(i - 3, 0) : i] for i in range(len(whole), 0, -3)]
        whole = message("memo.number.group").join(reversed(groups))
    if fraction:
        return f"{sign}{whole}{message('memo.number.decimal')}{fraction}"
    return f"{sign}{whole}"
