"""Bilagor: every check made, the evidence that was missing, waivers, and the baseline.

Appendix A lists every finding, so nothing the run judged is left out of the memo; appendix B
shows missing evidence as exactly that – never folded into a pass.
"""

from __future__ import annotations

from compliance.findings import Finding, WaiverRef
from compliance.memo.document import (
    Block,
    BulletList,
    Cell,
    Details,
    ListItem,
    Paragraph,
    Section,
    Span,
    Style,
    Table,
    plain,
)
from compliance.memo.model import Memo
from compliance.memo.paragraphs import baseline_paragraph
from compliance.memo.tones import OUTCOME_TONES, Tone
from compliance.memo.words import (
    counted,
    finding_nämnd,
    is_the_nämnd,
    outcome_label,
    subject_text,
)
from compliance.messages import message


def appendices_section(memo: Memo) -> Section:
    letters = iter("ABCDEFGH")
    subsections = [
        _all_checks(memo, next(letters)),
        _missing_evidence(memo, next(letters)),
    ]
    if memo.waived or memo.stale_waivers:
        subsections.append(_waivers(memo, next(letters)))
    if memo.baseline is not None:
        subsections.append(_baseline(memo, next(letters)))
    return Section(
        message("memo.section.appendices"), "appendices", 2, subsections=tuple(subsections)
    )


def _heading(letter: str, key: str) -> str:
    return message("memo.appendix.heading", letter=letter, title=message(key))


def _all_checks(memo: Memo, letter: str) -> Section:
    rows = tuple(
        (
            Cell((Span(f.rule, Style.STRONG),)),
            Cell(plain(subject_text(f.subject))),
            # Blank when the subject is the nämnd itself: the name once is enough.
            Cell(plain("" if is_the_nämnd(f) else finding_nämnd(f))),
            Cell(plain(outcome_label(f.outcome)), OUTCOME_TONES[f.outcome]),
        )
        for f in memo.findings
    )
    header = tuple(
        message(f"memo.appendix.{key}") for key in ("kontrollmal", "subject", "nämnd", "outcome")
    )
    title = message("memo.appendix.all_checks")
    blocks: tuple[Block, ...] = (
        (
            Details(
                counted("appendix_all_details", len(rows)),
                (Table(title, header, rows),),
                omissible=True,
            ),
        )
        if rows
        else (Paragraph(plain(message("memo.charts.no_findings"))),)
    )
    return Section(_heading(letter, "memo.appendix.all_checks"), "appendix-checks", 3, blocks)


def _missing_evidence(memo: Memo, letter: str) -> Section:
    findings = memo.missing_evidence
    heading = _heading(letter, "memo.appendix.missing")
    if not findings:
        return Section(
            heading,
            "appendix-missing",
            3,
            (Paragraph(plain(message("memo.appendix.no_missing")), tone=Tone.GOOD),),
        )
    rows = tuple(
        (
            Cell((Span(f.rule, Style.STRONG),)),
            Cell(plain(subject_text(f.subject))),
            Cell(_missing_paths(f), Tone.MISSING),
            Cell((Span(str(f.location), Style.CODE),) if f.location else plain("–")),
        )
        for f in findings
    )
    header = tuple(
        message(f"memo.appendix.{key}") for key in ("kontrollmal", "subject", "what", "where")
    )
    return Section(
        heading,
        "appendix-missing",
        3,
        (
            Paragraph(plain(message("memo.appendix.missing_intro"))),
            Table(message("memo.appendix.missing"), header, rows),
        ),
    )


def _missing_paths(finding: Finding) -> tuple[Span, ...]:
    if not finding.missing:
        # The evaluator names what is missing; a finding without a path still says so in words.
        return plain(finding.message)
    spans: list[Span] = []
    for index, path in enumerate(finding.missing):
        if index:
            spans.append(Span(", "))
        spans.append(Span(path, Style.CODE))
    return tuple(spans)


def _waivers(memo: Memo, letter: str) -> Section:
    rows = tuple(_waiver_row(f.rule, subject_text(f.subject), f.waiver) for f in memo.waived)
    header = tuple(
        message(f"memo.appendix.waiver.{key}")
        for key in ("kontrollmal", "subject", "justification", "decided_by", "valid_until")
    )
    blocks: list[Block] = [Paragraph(plain(message("memo.appendix.waiver.intro")))]
    if rows:
        blocks.append(Table(message("memo.appendix.waivers"), header, rows))
    if memo.stale_waivers:
        blocks.append(Paragraph(plain(message("memo.appendix.waiver.stale"))))
        blocks.append(
            BulletList(
                tuple(
                    ListItem(
                        plain(
                            message(
                                "memo.appendix.waiver.stale_item",
                                rule=w.rule,
                                subject=w.subject or message("memo.appendix.waiver.every"),
                                until=w.valid_until.isoformat(),
                            )
                        )
                    )
                    for w in memo.stale_waivers
                )
            )
        )
    return Section(_heading(letter, "memo.appendix.waivers"), "appendix-waivers", 3, tuple(blocks))


def _waiver_row(rule: str, subject: str, waiver: WaiverRef | None) -> tuple[Cell, ...]:
    if waiver is None:
        return (Cell(plain(rule)), Cell(plain(subject)), *(Cell(plain("–")) for _ in range(3)))
    decided = " · ".join(part for part in (waiver.decided_by, waiver.reference) if part) or "–"
    return (
        Cell((Span(rule, Style.STRONG),)),
        Cell(plain(subject)),
        Cell(plain(waiver.justification)),
        Cell(plain(decided)),
        Cell(plain(waiver.valid_until.isoformat()), Tone.WAIVED),
    )


def _baseline(memo: Memo, letter: str) -> Section:
    baseline = memo.baseline
    assert baseline is not None  # only called with a baseline
    blocks: list[Block] = [baseline_paragraph(baseline)]
    if baseline.resolved:
        blocks.append(
            BulletList(
                tuple(
                    ListItem(
                        (
                            Span(item.rule, Style.STRONG),
                            Span(f" {item.subject_name}: {item.message}"),
                        ),
                        tone=Tone.GOOD,
                    )
                    for item in baseline.resolved
                )
            )
        )
    return Section(
        _heading(letter, "memo.appendix.baseline"), "appendix-baseline", 3, tuple(blocks)
    )
