"""Metod och avgränsning: how the check was made, on which files, and how grades are given.

Enough to reproduce the memo: every rule pack and data file with its SHA-256, the period, the
as-of date, the tool version, and the grading scale with its thresholds.
"""

from __future__ import annotations

from fractions import Fraction

from compliance.grading import GradingScale
from compliance.memo.document import (
    Block,
    BulletList,
    Cell,
    Fields,
    ListItem,
    Paragraph,
    Section,
    Span,
    Style,
    Table,
    plain,
)
from compliance.memo.model import Memo
from compliance.memo.paragraphs import baseline_paragraph, period_text
from compliance.memo.tones import TONE_SYMBOLS, Tone
from compliance.memo.words import level_word, outcome_label, percent, scale_name
from compliance.messages import message


def method_section(memo: Memo) -> Section:
    outcomes = tuple(
        ListItem(
            (
                Span(outcome_label(outcome), Style.STRONG),
                Span(" – " + message(f"memo.method.outcome.{outcome.value}")),
            )
        )
        for outcome in memo.outcomes
    )
    blocks: list[Block] = [
        Paragraph(plain(message("memo.method.intro"))),
        BulletList(outcomes),
        Fields(
            (
                (message("memo.meta.period"), plain(period_text(memo))),
                (message("memo.meta.as_of"), plain(memo.as_of.isoformat())),
                (
                    message("memo.meta.tool"),
                    plain(message("memo.meta.tool_value", version=memo.tool_version)),
                ),
                (message("memo.meta.scale"), plain(scale_name(memo.scale))),
            )
        ),
        _files_table(memo),
        Paragraph(plain(message("memo.method.reproduce"))),
    ]
    if memo.baseline is not None:
        baseline = memo.baseline
        blocks.append(baseline_paragraph(baseline))
    return Section(
        message("memo.section.method"),
        "method",
        2,
        tuple(blocks),
        (_grading_section(memo.scale), _scope_section()),
    )


def _files_table(memo: Memo) -> Table:
    none = message("memo.method.no_digest")
    rows = tuple(
        (
            Cell((Span(file.path, Style.CODE),)),
            Cell(plain(message(f"memo.method.kind.{file.kind}"))),
            Cell((Span(file.sha256, Style.CODE),) if file.sha256 else plain(none)),
        )
        for file in memo.files
    )
    return Table(
        message("memo.method.files_caption"),
        (
            message("memo.method.file"),
            message("memo.method.kind_header"),
            message("memo.method.sha256"),
        ),
        rows,
    )


def grading_rows(scale: GradingScale) -> tuple[tuple[str, str], ...]:
    """Each grade of `scale` with the condition that gives it, best first."""
    rows: list[tuple[str, str]] = []
    for level, threshold in enumerate(scale.thresholds):
        condition = (
            message("memo.method.grading.all")
            if threshold == 1
            else message("memo.method.grading.at_least", percent=percent(threshold))
        )
        rows.append((level_word(scale, level), condition))
    last = scale.thresholds[-1] if scale.thresholds else Fraction(0)
    rows.append(
        (
            level_word(scale, len(scale.levels) - 1),
            message("memo.method.grading.below", percent=percent(last)),
        )
    )
    rows.append((message("memo.grade.not_assessable"), message("memo.method.grading.only_missing")))
    rows.append((message("memo.grade.nothing_to_assess"), message("memo.method.grading.nothing")))
    return tuple(rows)


def _grading_section(scale: GradingScale) -> Section:
    levels = len(scale.levels)
    tones = [Tone.GOOD, *([Tone.PARTIAL] * (levels - 2)), Tone.BAD, Tone.MISSING, Tone.NEUTRAL]
    rows = tuple(
        (Cell(plain(f"{TONE_SYMBOLS[tone]} {word}"), tone), Cell(plain(condition)))
        for (word, condition), tone in zip(grading_rows(scale), tones, strict=True)
    )
    table = Table(
        message("memo.method.grading.caption", scale=scale_name(scale)),
        (message("memo.method.grading.grade"), message("memo.method.grading.condition")),
        rows,
    )
    return Section(
        message("memo.method.grading.heading"),
        "grading",
        3,
        (
            Paragraph(plain(message("memo.method.grading.intro"))),
            table,
            Paragraph(plain(message("memo.method.grading.config"))),
        ),
    )


def _scope_section() -> Section:
    return Section(
        message("memo.method.scope.heading"),
        "scope",
        3,
        (Paragraph(plain(message("memo.method.scope.text"))),),
    )
