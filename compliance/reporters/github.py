"""The report as GitHub Actions workflow commands: annotations on the YAML lines at fault.

One `::error`/`::warning`/`::notice` line per finding that needs attention, at its data
location (or its rule when it has none), then one plain summary line. Passes, findings that do
not apply and waived findings are not annotated; they are counted in the summary. GitHub shows
only the first 10 annotations of each kind per step, so failing findings come first and a
not-yet-due notice never displaces a deviation. The mapping is in docs/machine-formats.md.
"""

from __future__ import annotations

from collections.abc import Iterable

from compliance.data.dataset import Location
from compliance.findings import Finding, Outcome, Report, RuleSource, Severity
from compliance.messages import message
from compliance.reporters.waiver_text import finding_notes, stale_waiver_sentence
from compliance.reporters.words import outcome_word, shown_outcomes

FAILING = (Outcome.FAIL, Outcome.INSUFFICIENT_DATA)
FAIL_COMMANDS: dict[Severity, str] = {
    Severity.LOW: "notice",
    Severity.MEDIUM: "warning",
    Severity.HIGH: "error",
    Severity.CRITICAL: "error",
}
# Missing evidence is never only a notice: nobody can tell whether the requirement holds.
INSUFFICIENT_DATA_COMMANDS: dict[Severity, str] = {
    Severity.LOW: "warning",
    Severity.MEDIUM: "warning",
    Severity.HIGH: "error",
    Severity.CRITICAL: "error",
}


def render(report: Report, *, color: bool = False, width: int = 100) -> str:
    """Workflow command lines and a summary line, ending in a newline."""
    del color, width  # every reporter takes the same options; the Actions log has no use for them
    return "\n".join([*workflow_commands(report), summary_line(report)]) + "\n"


def workflow_commands(report: Report) -> Iterable[str]:
    """Deviations and missing evidence first, then what is not yet due, then stale waivers."""
    for finding in report.findings:
        if finding.outcome in FAILING:
            yield _finding_command(finding, _failing_command(finding))
    for finding in report.findings:
        if finding.outcome is Outcome.NOT_DUE:
            yield _finding_command(finding, "notice")
    for waiver in report.stale_waivers:
        title = message("github.stale_title", rule=waiver.rule)
        yield command("warning", stale_waiver_sentence(waiver), waiver.location, title)


def _failing_command(finding: Finding) -> str:
    if finding.new is False:
        # Already in the baseline: only new findings fail the run, so this one is for reference.
        return "notice"
    if finding.outcome is Outcome.INSUFFICIENT_DATA:
        return INSUFFICIENT_DATA_COMMANDS[finding.severity]
    return FAIL_COMMANDS[finding.severity]


def _finding_command(finding: Finding, name: str) -> str:
    text = " ".join([finding.message, *finding_notes(finding)])
    place = finding.location or finding.rule_location
    return command(name, text, place, f"{finding.rule} {finding.title}")


def command(name: str, text: str, place: Location | RuleSource | None, title: str) -> str:
    """`::name file=…,line=…,col=…,title=…::text`, every value escaped for the runner."""
    properties = []
    if place is not None:
        properties += [
            f"file={escape_property(place.file)}",
            f"line={place.line}",
            f"col={place.column}",
        ]
    properties.append(f"title={escape_property(title)}")
    return f"::{name} {','.join(properties)}::{escape_data(text)}"


def escape_data(text: str) -> str:
    """A command's message as the Actions toolkit escapes it: `%`, CR and LF."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A command property's value: as data, and `:` and `,`, which would end the value."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def summary_line(report: Report) -> str:
    """`Totalt 127 bedömningar: Avvikelse 15, …` – plain text, not a command."""
    total = len(report.findings)
    if total == 0:
        return message("report.summary.none")
    counts = ", ".join(
        message("report.summary.count", label=outcome_word(outcome), count=report.count(outcome))
        for outcome in shown_outcomes(report)
    )
    key = "report.summary.total_one" if total == 1 else "report.summary.total_many"
    return message(key, total=total, counts=counts)
