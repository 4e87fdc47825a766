"""The sentences and labels of a diff, from the message catalogue: shared by every renderer
that writes for people (terminal, Markdown, and the HTML and Word reports to come)."""

from __future__ import annotations

from compliance.findings import OUTCOME_ORDER, Outcome, Severity, WaiverRef
from compliance.followup.model import (
    Absence,
    Change,
    FindingChange,
    Note,
    ReportDiff,
    ReportedRun,
)
from compliance.messages import message

# The check report's symbols, so that a diff reads like the reports it compares.
from compliance.reporters.words import SYMBOLS


def title(diff: ReportDiff) -> str:
    if diff.kommun:
        return message("followup.header.title_kommun", kommun=diff.kommun)
    return message("followup.header.title")


def run_line(run: ReportedRun) -> str:
    """`2024 (2024-01-01 – 2024-12-31), avstämningsdag 2025-09-30: haninge-2024.json`."""
    return message(
        "followup.header.run",
        label=run.period.label,
        start=run.period.start.isoformat(),
        end=run.period.end.isoformat(),
        as_of=run.as_of.isoformat(),
        file=run.file,
    )


def side_labels(diff: ReportDiff) -> tuple[str, str]:
    """What to call the earlier and the later report: their periods, when those differ."""
    if diff.old.period.label != diff.new.period.label:
        return diff.old.period.label, diff.new.period.label
    return message("followup.item.earlier"), message("followup.item.later")


def outcome_word(outcome: Outcome) -> str:
    return message(f"report.outcome.{outcome.value}")


def outcome_label(outcome: Outcome | None) -> str:
    """`✗ Avvikelse`; `Ingen bedömning` for a finding missing from a report."""
    if outcome is None:
        return message("followup.item.not_assessed")
    return f"{SYMBOLS[outcome]} {outcome_word(outcome)}"


def severity_word(severity: Severity) -> str:
    return message(f"report.severity.{severity.value}")


def severity_label(severity: Severity) -> str:
    """`allvarlighet hög`."""
    return message("followup.item.severity", severity=severity_word(severity))


def change_title(change: Change) -> str:
    return message(f"followup.change.{change.value}")


def change_help(change: Change) -> str:
    return message(f"followup.change_help.{change.value}")


def absence_text(item: FindingChange) -> str | None:
    """Why the finding is missing from one of the reports, or None when it is in both."""
    if item.absence is None:
        return None
    side = "before" if item.before is None else "now"
    reason = "rule_not_checked" if item.absence is Absence.RULE_NOT_CHECKED else "no_finding"
    return message(f"followup.absence.{reason}_{side}")


def waiver_text(waiver: WaiverRef) -> str:
    """The waiver behind a waived finding, or the expired one a failing finding names."""
    values = {"valid_until": waiver.valid_until.isoformat(), "justification": waiver.justification}
    if waiver.expired:
        return message("followup.item.waiver_expired", **values)
    if waiver.reference:
        return message("followup.item.waiver_reference", reference=waiver.reference, **values)
    return message("followup.item.waiver", **values)


def note_text(note: Note, diff: ReportDiff) -> str:
    match note:
        case Note.SAME_PERIOD:
            return message("followup.note.same_period", period=diff.new.period.label)
        case Note.OLD_PERIOD_IS_LATER:
            return message(
                "followup.note.old_period_is_later",
                old=diff.old.period.label,
                new=diff.new.period.label,
            )
        case Note.KOMMUN_UNKNOWN:
            return message("followup.note.kommun_unknown")
        case _:  # pragma: no cover - a new note must be given its words here
            raise ValueError(f"no words for the note {note!r}")


def closing(diff: ReportDiff) -> str:
    counts = diff.counts()
    return message(
        "followup.summary.closing",
        period=diff.old.period.label,
        new=counts[Change.NEW],
        persisting=counts[Change.PERSISTING],
        resolved=counts[Change.RESOLVED],
    )


def shown_changes(diff: ReportDiff) -> tuple[Change, ...]:
    """The sections a report shows: new, persisting and resolved always (an empty one says
    so), waived and not yet due only when there are any."""
    always = (Change.NEW, Change.PERSISTING, Change.RESOLVED)
    return tuple(c for c in (*always, Change.WAIVED, Change.NOT_DUE) if c in always or diff.of(c))


def shown_outcomes(diff: ReportDiff) -> tuple[Outcome, ...]:
    """The outcomes of the summary table: all, except `waived` when neither report has any."""
    if diff.old.count(Outcome.WAIVED) or diff.new.count(Outcome.WAIVED):
        return OUTCOME_ORDER
    return tuple(o for o in OUTCOME_ORDER if o is not Outcome.WAIVED)
