"""A diff in words as a memo `Document`, for the HTML and Word follow-up reports.

It says what the Markdown diff (`render_markdown.py`) says, in the same order and with the
same catalogue text: the two reviews, the counts, a section per kind of change with a table
per rule, and the rules added and removed. A document needs a few things Markdown does without
(a subtitle, table captions); their words are under `followup.document`. The closing sentence
opens the summary, where a report's reader looks for it, rather than trailing after the last
section. The findings are shown unfolded: a printed report has them all, as the memo's do.
"""

from __future__ import annotations

from collections.abc import Sequence

from compliance.findings import Outcome
from compliance.followup import words
from compliance.followup.comparing import rule_titles
from compliance.followup.model import (
    Change,
    FindingChange,
    ReportDiff,
    ReportedRule,
    by_rule,
)
from compliance.memo.document import (
    Block,
    BulletList,
    Cell,
    Document,
    Fields,
    Inline,
    ListItem,
    Paragraph,
    Section,
    Span,
    Style,
    Table,
    plain,
    strong,
)
from compliance.memo.tones import OUTCOME_TONES, Tone
from compliance.messages import message
from compliance.reporters.words import subject_label

# The tone of a non-zero count, as the terminal diff colours it: what needs attention stands out.
CHANGE_TONES: dict[Change, Tone] = {
    Change.NEW: Tone.BAD,
    Change.PERSISTING: Tone.PARTIAL,
    Change.RESOLVED: Tone.GOOD,
    Change.WAIVED: Tone.WAIVED,
    Change.NOT_DUE: Tone.NEUTRAL,
}


def layout_diff(diff: ReportDiff) -> Document:
    """`diff` in words, in the language of the run (`compliance.messages.use_language`)."""
    rules = rule_titles(diff)
    return Document(
        lang=message("followup.document.lang"),
        title=words.title(diff),
        subtitle=message(
            "followup.document.subtitle", old=diff.old.period.label, new=diff.new.period.label
        ),
        meta=Fields(
            tuple(
                (message(f"followup.header.{key}"), plain(words.run_line(run)))
                for key, run in (("earlier", diff.old), ("later", diff.new))
            )
        ),
        sections=(
            _summary(diff),
            *(_change_section(diff, change, rules) for change in words.shown_changes(diff)),
            *_rule_sections(diff),
        ),
    )


# ---------------------------------------------------------------- summary


def _summary(diff: ReportDiff) -> Section:
    blocks: list[Block] = [
        # A note changes how everything below reads, so it comes first.
        Paragraph(
            (strong(message("followup.note.title") + ": "), Span(words.note_text(note, diff))),
            tone=Tone.PARTIAL,
        )
        for note in diff.notes
    ]
    blocks.append(Paragraph((strong(words.closing(diff)),)))
    counts = diff.counts()
    rows = [
        (
            Cell(plain(words.change_title(change))),
            Cell(plain(str(counts[change])), CHANGE_TONES[change] if counts[change] else None),
        )
        for change in words.shown_changes(diff)
    ]
    for key, rules in (("added", diff.rules_added), ("removed", diff.rules_removed)):
        rows.append(
            (Cell(plain(message(f"followup.summary.rules_{key}"))), Cell(plain(str(len(rules)))))
        )
    blocks.append(
        Table(
            caption=message("followup.document.changes_caption"),
            header=(message("followup.table.change"), message("followup.table.count")),
            rows=tuple(rows),
            numeric=(False, True),
        )
    )
    return Section(
        message("followup.summary.title"),
        "summary",
        2,
        tuple(blocks),
        subsections=(_outcomes(diff),),
    )


def _outcomes(diff: ReportDiff) -> Section:
    earlier, later = words.side_labels(diff)
    rows = [
        (
            Cell(plain(words.outcome_label(outcome)), OUTCOME_TONES[outcome]),
            Cell(plain(str(diff.old.count(outcome)))),
            Cell(plain(str(diff.new.count(outcome)))),
        )
        for outcome in words.shown_outcomes(diff)
    ]
    rows.append(
        (
            Cell(plain(message("followup.summary.total"))),
            Cell(plain(str(len(diff.old.findings)))),
            Cell(plain(str(len(diff.new.findings)))),
        )
    )
    table = Table(
        caption=message("followup.document.outcomes_caption"),
        header=(message("followup.summary.outcome"), earlier, later),
        rows=tuple(rows),
        numeric=(False, True, True),
    )
    return Section(message("followup.summary.outcomes"), "outcomes", 3, (table,))


# ---------------------------------------------------------------- the changes


def _change_section(diff: ReportDiff, change: Change, rules: dict[str, ReportedRule]) -> Section:
    items = diff.of(change)
    blocks: list[Block] = [Paragraph(plain(words.change_help(change)))]
    if not items:
        blocks.append(Paragraph(plain(message("followup.change_help.none"))))
    labels = words.side_labels(diff)
    blocks.extend(_rule_table(group, rules, labels) for group in by_rule(items))
    heading = f"{words.change_title(change)} ({len(items)})"
    return Section(heading, change.value, 2, tuple(blocks))


def _rule_table(
    group: Sequence[FindingChange], rules: dict[str, ReportedRule], labels: tuple[str, str]
) -> Table:
    """One rule's findings; the caption names the rule as the Markdown's line above its table."""
    first = group[0].current
    rule = rules.get(first.rule)
    title = rule.title if rule is not None else first.title
    severity = rule.severity if rule is not None else first.severity
    earlier, later = labels
    return Table(
        caption=f"{first.rule} {title} ({words.severity_label(severity)})",
        header=(
            message("followup.table.subject"),
            later,
            earlier,
            message("followup.table.message"),
        ),
        rows=tuple(
            (
                Cell(plain(subject_label(item.subject))),
                _outcome_cell(item.after.outcome if item.after is not None else None),
                _outcome_cell(item.before.outcome if item.before is not None else None),
                Cell(_observation(item)),
            )
            for item in group
        ),
    )


def _outcome_cell(outcome: Outcome | None) -> Cell:
    tone = OUTCOME_TONES[outcome] if outcome is not None else None
    return Cell(plain(words.outcome_label(outcome)), tone)


def _observation(item: FindingChange) -> Inline:
    """The message that describes the problem, why a finding is missing from a report, and
    the waiver behind a waived finding: the Markdown's last cell, one run after another."""
    spans = [Span(item.failing_side.message)]
    reason = words.absence_text(item)
    if reason is not None:
        spans.extend([Span(" "), Span(reason, Style.EMPHASIS)])
    waiver = item.current.waiver
    if waiver is not None:
        spans.append(Span(" " + words.waiver_text(waiver)))
    return tuple(spans)


# ---------------------------------------------------------------- rules added and removed


def _rule_sections(diff: ReportDiff) -> list[Section]:
    sections = []
    for key, rules in (("added", diff.rules_added), ("removed", diff.rules_removed)):
        if not rules:
            continue
        items = tuple(ListItem((strong(rule.id), Span(" " + rule.title))) for rule in rules)
        heading = f"{message(f'followup.rules.{key}')} ({len(rules)})"
        sections.append(Section(heading, f"rules_{key}", 2, (BulletList(items),)))
    return sections
