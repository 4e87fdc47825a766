"""A diff for people in a terminal: the two reviews, the counts, then each kind of change.

Like the check report (`compliance/reporters/terminal.py`), it is rendered with rich; without
colour the output is plain text at a fixed width, the same on every machine, so it can be kept
as a golden file. Colour only ever adds to a symbol or word that is there anyway.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from compliance.findings import Outcome
from compliance.followup import words
from compliance.followup.comparing import rule_titles
from compliance.followup.model import (
    Change,
    FindingChange,
    ReportDiff,
    ReportedFinding,
    ReportedRule,
    by_rule,
)
from compliance.messages import message
from compliance.reporters.terminal import SEVERITY_STYLES, STYLES, fixed_console
from compliance.reporters.words import subject_label

DEFAULT_WIDTH = 100

CHANGE_STYLES: dict[Change, str] = {
    Change.NEW: "bold red",
    Change.PERSISTING: "yellow",
    Change.RESOLVED: "green",
    Change.WAIVED: "magenta",
    Change.NOT_DUE: "cyan",
}


def render(diff: ReportDiff, *, color: bool = False, width: int = DEFAULT_WIDTH) -> str:
    """The diff as text; with `color` false it contains no escape codes at all."""
    buffer = io.StringIO()
    console = fixed_console(buffer, color=color, width=width)
    for part in _parts(diff):
        console.print(part)
    # Tables pad their rows with spaces; trailing blanks only make golden files noisy.
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"


def _parts(diff: ReportDiff) -> Iterable[RenderableType]:
    yield from _header(diff)
    yield Text()
    yield from _notes(diff)
    yield from _summary(diff)
    yield Text()
    rules = rule_titles(diff)
    # One width for the outcome column of every finding, so that the messages line up.
    outcome_width = max(len(words.outcome_label(o)) for o in (*Outcome, None))
    for change in words.shown_changes(diff):
        yield from _section(diff, change, rules, outcome_width)
    yield from _rule_changes(diff)
    yield Text(words.closing(diff), style="bold")


# ---------------------------------------------------------------- header and summary


def _header(diff: ReportDiff) -> Iterable[RenderableType]:
    yield Text(words.title(diff), style="bold")
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True)
    grid.add_column()
    for key, run in (("earlier", diff.old), ("later", diff.new)):
        label = Text(message(f"followup.header.{key}") + ":", style="bold")
        grid.add_row(label, Text(words.run_line(run)))
    yield grid


def _notes(diff: ReportDiff) -> Iterable[RenderableType]:
    for note in diff.notes:
        yield Text.assemble(
            (message("followup.note.title") + ": ", "bold yellow"), words.note_text(note, diff)
        )
        yield Text()


def _summary(diff: ReportDiff) -> Iterable[RenderableType]:
    yield Text(message("followup.summary.title"), style="bold")
    counts = diff.counts()
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True)
    grid.add_column(justify="right")
    for change in words.shown_changes(diff):
        style = CHANGE_STYLES[change] if counts[change] else ""
        grid.add_row(Text(words.change_title(change)), Text(str(counts[change]), style=style))
    grid.add_row(Text(message("followup.summary.rules_added")), Text(str(len(diff.rules_added))))
    grid.add_row(
        Text(message("followup.summary.rules_removed")), Text(str(len(diff.rules_removed)))
    )
    yield Padding(grid, (0, 0, 0, 2))
    yield Text()
    yield Text(message("followup.summary.outcomes"), style="bold")
    earlier, later = words.side_labels(diff)
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column(message("followup.summary.outcome"))
    table.add_column(earlier, justify="right")
    table.add_column(later, justify="right")
    for outcome in words.shown_outcomes(diff):
        table.add_row(
            Text(words.outcome_label(outcome), style=STYLES[outcome]),
            str(diff.old.count(outcome)),
            str(diff.new.count(outcome)),
        )
    table.add_row(
        message("followup.summary.total"),
        str(len(diff.old.findings)),
        str(len(diff.new.findings)),
    )
    yield Padding(table, (0, 0, 0, 2))


# ---------------------------------------------------------------- the changes


def _section(
    diff: ReportDiff, change: Change, rules: dict[str, ReportedRule], outcome_width: int
) -> Iterable[RenderableType]:
    items = diff.of(change)
    yield Text(f"{words.change_title(change)} ({len(items)})", style=CHANGE_STYLES[change])
    yield Text(words.change_help(change))
    if not items:
        yield Padding(Text(message("followup.change_help.none")), (0, 0, 0, 2))
    labels = words.side_labels(diff)
    for group in by_rule(items):
        yield Text()
        yield _rule_heading(group, rules)
        for item in group:
            yield _item(item, labels, outcome_width)
    yield Text()


def _rule_heading(group: Sequence[FindingChange], rules: dict[str, ReportedRule]) -> Text:
    first = group[0].current
    rule = rules.get(first.rule)
    title = rule.title if rule is not None else first.title
    severity = rule.severity if rule is not None else first.severity
    return Text.assemble(
        (first.rule, "bold"),
        "  ",
        (title, "bold"),
        " (",
        (words.severity_label(severity), SEVERITY_STYLES[severity]),
        ")",
    )


def _item(item: FindingChange, labels: tuple[str, str], outcome_width: int) -> RenderableType:
    """The subject, then one line per report: its period, outcome and message."""
    earlier, later = labels
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True)
    grid.add_column(no_wrap=True, min_width=outcome_width)
    grid.add_column()
    for label, finding in ((later, item.after), (earlier, item.before)):
        grid.add_row(Text(label, style="bold"), *_outcome_and_message(item, finding))
    return Padding(
        Group(Text(subject_label(item.subject)), Padding(grid, (0, 0, 0, 2))), (0, 0, 0, 2)
    )


def _outcome_and_message(item: FindingChange, finding: ReportedFinding | None) -> tuple[Text, Text]:
    if finding is None:
        reason = words.absence_text(item) or ""
        return Text(words.outcome_label(None), style="dim"), Text(reason, style="dim")
    text = Text(finding.message)
    if finding.waiver is not None:
        text.append("\n" + words.waiver_text(finding.waiver))
    return Text(words.outcome_label(finding.outcome), style=STYLES[finding.outcome]), text


def _rule_changes(diff: ReportDiff) -> Iterable[RenderableType]:
    for key, rules in (("added", diff.rules_added), ("removed", diff.rules_removed)):
        if not rules:
            continue
        yield Text(f"{message(f'followup.rules.{key}')} ({len(rules)})", style="bold")
        for rule in rules:
            yield Padding(Text.assemble((rule.id, "bold"), "  ", rule.title), (0, 0, 0, 2))
        yield Text()
