"""A diff as GitHub-flavoured Markdown: for a pull request comment, a job summary or a wiki.

The counts come first; each kind of change is a collapsible `<details>` section (new
deviations open, the rest folded), with one table per rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from compliance.followup import words
from compliance.followup.comparing import rule_titles
from compliance.followup.model import Change, FindingChange, ReportDiff, ReportedRule, by_rule
from compliance.messages import message
from compliance.reporters.words import subject_label

# Sections shown unfolded: what needs attention.
OPEN_SECTIONS = frozenset({Change.NEW})


def render(diff: ReportDiff, *, color: bool = False, width: int = 100) -> str:
    """The diff as Markdown ending in a newline; `color` and `width` do not apply."""
    del color, width  # every renderer takes the same options; Markdown has no use for them
    return "\n".join(_lines(diff)).rstrip("\n") + "\n"


def _lines(diff: ReportDiff) -> Iterable[str]:
    yield f"# {escape(words.title(diff))}"
    yield ""
    for key, run in (("earlier", diff.old), ("later", diff.new)):
        yield f"- **{escape(message(f'followup.header.{key}'))}:** {escape(words.run_line(run))}"
    yield ""
    for note in diff.notes:
        label = escape(message("followup.note.title"))
        yield f"> **{label}:** {escape(words.note_text(note, diff))}"
        yield ""
    yield from _summary(diff)
    rules = rule_titles(diff)
    for change in words.shown_changes(diff):
        yield from _section(diff, change, rules)
    yield from _rule_changes(diff)
    yield f"**{escape(words.closing(diff))}**"


def _summary(diff: ReportDiff) -> Iterable[str]:
    yield f"## {escape(message('followup.summary.title'))}"
    yield ""
    counts = diff.counts()
    yield _row(message("followup.table.change"), message("followup.table.count"))
    yield "|---|--:|"
    for change in words.shown_changes(diff):
        yield _row(words.change_title(change), str(counts[change]))
    yield _row(message("followup.summary.rules_added"), str(len(diff.rules_added)))
    yield _row(message("followup.summary.rules_removed"), str(len(diff.rules_removed)))
    yield ""
    earlier, later = words.side_labels(diff)
    yield f"### {escape(message('followup.summary.outcomes'))}"
    yield ""
    yield _row(message("followup.summary.outcome"), earlier, later)
    yield "|---|--:|--:|"
    for outcome in words.shown_outcomes(diff):
        yield _row(
            words.outcome_label(outcome), str(diff.old.count(outcome)), str(diff.new.count(outcome))
        )
    yield _row(
        message("followup.summary.total"), str(len(diff.old.findings)), str(len(diff.new.findings))
    )
    yield ""


def _section(diff: ReportDiff, change: Change, rules: dict[str, ReportedRule]) -> Iterable[str]:
    items = diff.of(change)
    heading = f"{words.change_title(change)} ({len(items)})"
    yield f"## {escape(heading)}"
    yield ""
    yield escape(words.change_help(change))
    yield ""
    if not items:
        yield escape(message("followup.change_help.none"))
        yield ""
        return
    opened = " open" if change in OPEN_SECTIONS else ""
    summary = message("followup.table.show", count=len(items))
    yield f"<details{opened}><summary>{escape(summary)}</summary>"
    yield ""
    earlier, later = words.side_labels(diff)
    for group in by_rule(items):
        yield from _rule_table(group, rules, earlier, later)
    yield "</details>"
    yield ""


def _rule_table(
    group: Sequence[FindingChange], rules: dict[str, ReportedRule], earlier: str, later: str
) -> Iterable[str]:
    first = group[0].current
    rule = rules.get(first.rule)
    title = rule.title if rule is not None else first.title
    severity = rule.severity if rule is not None else first.severity
    yield f"**{escape(first.rule)}** {escape(title)} ({escape(words.severity_label(severity))})"
    yield ""
    yield _row(message("followup.table.subject"), later, earlier, message("followup.table.message"))
    yield "|---|---|---|---|"
    for item in group:
        after = item.after.outcome if item.after is not None else None
        before = item.before.outcome if item.before is not None else None
        yield _row(
            subject_label(item.subject),
            words.outcome_label(after),
            words.outcome_label(before),
            *_observation(item),
        )
    yield ""


def _observation(item: FindingChange) -> tuple[str]:
    """The last cell: the message that describes the problem, why a finding is missing from
    a report, and the waiver behind a waived finding; as Markdown, already escaped."""
    parts = [escape(item.failing_side.message)]
    reason = words.absence_text(item)
    if reason is not None:
        parts.append(f"*{escape(reason)}*")
    waiver = item.current.waiver
    if waiver is not None:
        parts.append(escape(words.waiver_text(waiver)))
    return (_Raw("<br>".join(parts)),)


def _rule_changes(diff: ReportDiff) -> Iterable[str]:
    for key, rules in (("added", diff.rules_added), ("removed", diff.rules_removed)):
        if not rules:
            continue
        yield f"## {escape(message(f'followup.rules.{key}'))} ({len(rules)})"
        yield ""
        for rule in rules:
            yield f"- **{escape(rule.id)}** {escape(rule.title)}"
        yield ""


class _Raw(str):
    """A table cell that is Markdown already and must not be escaped again."""


def _row(*cells: str) -> str:
    shown = [cell if isinstance(cell, _Raw) else escape(cell) for cell in cells]
    return "| " + " | ".join(shown) + " |"


def escape(text: str) -> str:
    """Text from reports and rules as literal Markdown: no HTML, no table breaks, one line."""
    for raw, safe in (("\\", "\\\\"), ("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("|", "\\|")):
        text = text.replace(raw, safe)
    return " ".join(text.split())
