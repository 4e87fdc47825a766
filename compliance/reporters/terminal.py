"""The report for people: a header, a table per nämnd × rule, a legend, the iakttagelser.

Rendered with rich into a string. Without colour the output is plain text at a fixed width, so
it is the same on every machine and can be kept as a golden file; colour only ever adds to a
symbol or word that is there anyway, so nothing is lost when it is off (or printed on paper).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rich import box
from rich.console import Console, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from compliance.findings import (
    OUTCOME_ORDER,
    Finding,
    Outcome,
    Report,
    RuleSource,
    Severity,
)
from compliance.messages import message
from compliance.reporters.layout import table_lines, text_lines
from compliance.reporters.waiver_text import (
    baseline_summary,
    resolved_sentence,
    stale_waiver_sentence,
    waiver_sentence,
)
from compliance.reporters.words import (
    SYMBOLS,
    citation_label,
    outcome_word,
    severity_word,
    short_label,
    shown_outcomes,
    subject_label,
)

DEFAULT_WIDTH = 100
DEFAULT_HEIGHT = 25

STYLES: dict[Outcome, str] = {
    Outcome.PASS: "green",
    Outcome.FAIL: "bold red",
    Outcome.NOT_APPLICABLE: "dim",
    Outcome.INSUFFICIENT_DATA: "yellow",
    Outcome.NOT_DUE: "cyan",
    Outcome.WAIVED: "magenta",
}
SEVERITY_STYLES: dict[Severity, str] = {
    Severity.LOW: "",
    Severity.MEDIUM: "yellow",
    Severity.HIGH: "red",
    Severity.CRITICAL: "bold red",
}
# The widest a nämnd's name may make the first column before it wraps.
MAX_NAME_WIDTH = 32
# What a table column costs beyond its text: one space of padding either side.
COLUMN_PADDING = 2


def render(report: Report, *, color: bool = False, width: int = DEFAULT_WIDTH) -> str:
    """The report as text; with `color` false it contains no escape codes at all."""
    buffer = io.StringIO()
    console = fixed_console(buffer, color=color, width=width)
    for part in _parts(report, width):
        if isinstance(part, Unwrapped):
            console.print(part.text, soft_wrap=True)
        elif (lines := _laid_out(console, part, color)) is not None:
            buffer.write("".join(f"{line}\n" for line in lines))
        else:
            console.print(part)
    # Tables pad their rows with spaces; trailing blanks only make golden files noisy.
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"


def _laid_out(console: Console, part: RenderableType, color: bool) -> list[str] | None:
    """The lines of `part` laid out without rich's segment pipeline, where that is possible;
    most of a report is text, and printing each through the pipeline costs most of the time."""
    if isinstance(part, Table):
        return table_lines(console, part)
    return text_lines(console, part)


def fixed_console(buffer: io.StringIO, *, color: bool, width: int) -> Console:
    """A rich console writing into `buffer` exactly as asked, whatever the environment says."""
    return Console(
        file=buffer,
        width=width,
        # Nothing here fills the screen, so the height never shows; given, it spares a
        # terminal-size query for every line printed.
        height=DEFAULT_HEIGHT,
        force_terminal=color,
        force_jupyter=False,
        force_interactive=False,
        color_system="standard" if color else None,
        no_color=not color,
        markup=False,
        emoji=False,
        highlight=False,
        legacy_windows=False,
        # Environment variables (COLUMNS, FORCE_COLOR, NO_COLOR …) must not change the output;
        # the caller has already decided on colour and width.
        _environ={},
    )


@dataclass(frozen=True)
class Unwrapped:
    """A line printed as is, however long: wrapping would break it (a link)."""

    text: Text


def _parts(report: Report, width: int) -> Iterable[RenderableType | Unwrapped]:
    yield from _header(report)
    yield Text()
    yield from _summary_tables(report, width)
    yield Text()
    yield from _legend(report)
    yield Text()
    yield from _details(report)
    yield from _waivers_and_baseline(report)
    yield _totals(report)


def _rule_location(location: RuleSource) -> str:
    return f"{location.file}:{location.line}:{location.column}"


# ---------------------------------------------------------------- header


def _header(report: Report) -> Iterable[RenderableType]:
    if report.kommun:
        title = message("report.header.title_kommun", kommun=report.kommun)
    else:
        title = message("report.header.title")
    yield Text(title, style="bold")
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True)
    grid.add_column()
    none = message("report.header.none")
    rows = (
        (
            "report.header.period",
            message(
                "report.header.period_value",
                label=report.period.label,
                start=report.period.start.isoformat(),
                end=report.period.end.isoformat(),
            ),
        ),
        ("report.header.as_of", report.as_of.isoformat()),
        ("report.header.rule_files", ", ".join(report.rule_files) or none),
        ("report.header.data_files", ", ".join(report.data_files) or none),
        ("report.header.tool", f"compliance {report.tool_version}"),
    )
    for key, value in rows:
        grid.add_row(Text(message(key) + ":", style="bold"), Text(value))
    yield grid


# ---------------------------------------------------------------- summary table


@dataclass(frozen=True)
class _Row:
    key: str | None  # the nämnd's id; None for subjects without a nämnd
    label: str


def _rows(findings: Sequence[Finding]) -> list[_Row]:
    """Nämnder in the order the report first mentions them; kommunövergripande first."""
    rows: dict[str | None, _Row] = {}
    if any(f.subject.nämnd_id is None for f in findings):
        rows[None] = _Row(None, message("report.table.cross_cutting"))
    for finding in findings:
        subject = finding.subject
        if subject.nämnd_id is not None and subject.nämnd_id not in rows:
            rows[subject.nämnd_id] = _Row(subject.nämnd_id, subject.nämnd_name or subject.nämnd_id)
    return list(rows.values())


def _rule_ids(report: Report) -> list[str]:
    ids = [rule.id for rule in report.rules]
    # A finding for a rule the report does not list still gets a column rather than vanishing.
    for finding in report.findings:
        if finding.rule not in ids:
            ids.append(finding.rule)
    return ids


def _cell(findings: Sequence[Finding]) -> Text:
    if not findings:
        return Text("")
    if len(findings) == 1:
        outcome = findings[0].outcome
        return Text(short_label(outcome), style=STYLES[outcome])
    lines = []
    for outcome in OUTCOME_ORDER:
        count = sum(1 for f in findings if f.outcome is outcome)
        if count:
            lines.append(Text(short_label(outcome, count), style=STYLES[outcome]))
    return Text("\n").join(lines)


def _summary_tables(report: Report, width: int) -> Iterable[RenderableType]:
    yield Text(message("report.table.title"), style="bold")
    if not report.findings:
        yield Text(message("report.table.no_findings"))
        return
    rows = _rows(report.findings)
    rule_ids = _rule_ids(report)
    cells: dict[tuple[str | None, str], list[Finding]] = {}
    for finding in report.findings:
        cells.setdefault((finding.subject.nämnd_id, finding.rule), []).append(finding)
    rendered = {
        (row.key, rule): _cell(cells.get((row.key, rule), ())) for row in rows for rule in rule_ids
    }
    name_width = min(
        MAX_NAME_WIDTH, max([len(message("report.table.board")), *(len(r.label) for r in rows)])
    )
    column_widths = {
        rule: max(
            [len(rule), *(line.cell_len for r in rows for line in rendered[(r.key, rule)].split())]
        )
        for rule in rule_ids
    }
    # Many rules do not fit side by side; like a wide spreadsheet printed on paper, the columns
    # continue in a further table with the nämnder repeated, rather than being squeezed.
    for number, chunk in enumerate(
        _chunks(rule_ids, column_widths, width - name_width - COLUMN_PADDING)
    ):
        if number:
            yield Text()
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
        table.add_column(message("report.table.board"), max_width=MAX_NAME_WIDTH)
        for rule in chunk:
            table.add_column(rule, no_wrap=True, min_width=column_widths[rule])
        for row in rows:
            table.add_row(Text(row.label), *(rendered[(row.key, rule)] for rule in chunk))
        yield table


def _chunks(rule_ids: Sequence[str], widths: dict[str, int], available: int) -> Iterable[list[str]]:
    chunk: list[str] = []
    used = 0
    for rule in rule_ids:
        cost = widths[rule] + COLUMN_PADDING + 1
        if chunk and used + cost > available:
            yield chunk
            chunk, used = [], 0
        chunk.append(rule)
        used += cost
    if chunk:
        yield chunk


def _legend(report: Report) -> Iterable[RenderableType]:
    yield Text(message("report.legend.title"), style="bold")
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True)
    grid.add_column()
    for outcome in shown_outcomes(report):
        grid.add_row(Text(short_label(outcome), style=STYLES[outcome]), Text(outcome_word(outcome)))
    yield Padding(grid, (0, 0, 0, 2))
    nämnd_rule_pairs = {(f.subject.nämnd_id, f.rule) for f in report.findings}
    if len(nämnd_rule_pairs) < len(report.findings):
        yield Padding(Text(message("report.legend.counts")), (0, 0, 0, 2))


# ---------------------------------------------------------------- details


def _details(report: Report) -> Iterable[RenderableType | Unwrapped]:
    yield Text(message("report.details.title"), style="bold")
    by_rule: dict[str, list[Finding]] = {}
    for finding in report.findings:
        if finding.outcome is not Outcome.PASS:
            by_rule.setdefault(finding.rule, []).append(finding)
    if not by_rule:
        yield Text(message("report.details.none"))
        yield Text()
        return
    for rule_id in _rule_ids(report):
        findings = by_rule.get(rule_id)
        if findings:
            yield Text()
            yield from _rule_details(findings)
    yield Text()


def _rule_details(findings: Sequence[Finding]) -> Iterable[RenderableType | Unwrapped]:
    first = findings[0]
    yield Text.assemble((first.rule, "bold"), "  ", (first.title, "bold"))
    yield _labelled(
        "report.details.severity",
        Text(severity_word(first.severity), style=SEVERITY_STYLES[first.severity]),
    )
    yield _labelled("report.details.source", Text(citation_label(first.source)))
    if first.source.url:
        # A link folded over two lines can no longer be clicked or copied; let it run long.
        # A link folded over two lines can no longer be clicked or copied; it runs long.
        yield Unwrapped(
            Text.assemble("  ", (message("report.details.url") + ": ", "bold"), first.source.url)
        )
    yield _labelled("report.details.rule_file", Text(_rule_location(first.rule_location)))
    for finding in findings:
        yield Text()
        yield from _finding(finding)


def _labelled(key: str, value: Text, indent: int = 2) -> RenderableType:
    return Padding(Text.assemble((message(key) + ": ", "bold"), value), (0, 0, 0, indent))


def _finding(finding: Finding) -> Iterable[RenderableType]:
    style = STYLES[finding.outcome]
    head = Text.assemble(
        (f"{SYMBOLS[finding.outcome]} {outcome_word(finding.outcome)}", style),
        " · ",
        subject_label(finding.subject),
    )
    if finding.location is not None:
        head.append(f"  ({finding.location})")
    if finding.new:
        head.append(f"  [{message('baseline.new')}]", style="bold")
    yield Padding(head, (0, 0, 0, 2))
    yield Padding(Text(finding.message), (0, 0, 0, 4))
    if finding.evidence:
        yield _labelled("report.details.evidence", Text(""), indent=4)
        for item in finding.evidence:
            line = Text(f"• {item.text}")
            where = str(item.location) if item.location is not None else item.path
            if where:
                line.append(f"  ({where})", style="dim")
            yield Padding(line, (0, 0, 0, 6))
    if finding.missing:
        yield _labelled("report.details.missing", Text(", ".join(finding.missing)), indent=4)
    if finding.deadline is not None:
        yield _labelled("report.details.deadline", Text(finding.deadline.isoformat()), indent=4)
    if finding.recommendation:
        yield _labelled("report.details.recommendation", Text(finding.recommendation), indent=4)
    if finding.waiver is not None:
        where = f"  ({finding.waiver.location})" if finding.waiver.location else ""
        yield Padding(Text(waiver_sentence(finding.waiver) + where), (0, 0, 0, 4))


def _waivers_and_baseline(report: Report) -> Iterable[RenderableType]:
    if report.stale_waivers:
        yield Text(message("waivers.stale_title"), style="bold")
        for waiver in report.stale_waivers:
            yield Padding(Text(f"• {stale_waiver_sentence(waiver)}"), (0, 0, 0, 2))
        yield Text()
    if report.baseline is not None:
        yield Text(message("baseline.title"), style="bold")
        yield Padding(Text(baseline_summary(report.baseline)), (0, 0, 0, 2))
        if report.baseline.resolved:
            yield Padding(Text(message("baseline.resolved_title")), (0, 0, 0, 2))
            for item in report.baseline.resolved:
                yield Padding(Text(f"• {resolved_sentence(item)}"), (0, 0, 0, 4))
        yield Text()


# ---------------------------------------------------------------- totals


def _totals(report: Report) -> RenderableType:
    total = len(report.findings)
    if total == 0:
        return Text(message("report.summary.none"))
    counts = Text(", ").join(
        Text(
            message(
                "report.summary.count",
                label=outcome_word(outcome),
                count=report.count(outcome),
            ),
            style=STYLES[outcome] if report.count(outcome) else "",
        )
        for outcome in shown_outcomes(report)
    )
    key = "report.summary.total_one" if total == 1 else "report.summary.total_many"
    # The template carries the sentence; the counts are spliced in as styled text.
    before, _, after = message(key, total=total, counts="\0").partition("\0")
    return Text.assemble(before, counts, after)
