"""Sentences about waivers and the baseline, shared by every report format.

Each function returns plain text from the catalogue (`waivers.toml`); formats add their own
markup around it.
"""

from __future__ import annotations

from compliance.findings import BaselineComparison, BaselineFinding, Finding, Outcome, WaiverRef
from compliance.messages import message


def waiver_sentence(waiver: WaiverRef) -> str:
    """ "Undantag: <motivering> (beslutat av …, dnr …, gäller t.o.m. …)", or that it expired."""
    valid_until = waiver.valid_until.isoformat()
    key = "waivers.expired" if waiver.expired else "waivers.applied"
    head = message(key, justification=waiver.justification, valid_until=valid_until)
    details = []
    if waiver.decided_by:
        details.append(message("waivers.decided_by", decided_by=waiver.decided_by))
    if waiver.reference:
        details.append(message("waivers.reference", reference=waiver.reference))
    if not waiver.expired:
        details.append(message("waivers.valid_until", valid_until=valid_until))
    return f"{head} ({', '.join(details)})" if details else head


def stale_waiver_sentence(waiver: WaiverRef) -> str:
    subject = waiver.subject or message("waivers.every_subject")
    where = str(waiver.location) if waiver.location is not None else ""
    return message(
        "waivers.stale_item",
        rule=waiver.rule,
        subject=subject,
        justification=waiver.justification,
        where=where,
    )


def baseline_summary(baseline: BaselineComparison) -> str:
    return message(
        "baseline.summary",
        file=baseline.file,
        new=baseline.new,
        persisting=baseline.persisting,
        resolved=len(baseline.resolved),
    )


def resolved_sentence(item: BaselineFinding) -> str:
    subject = f"{item.subject_name} ({item.subject_kind} {item.subject_id})"
    return message("baseline.resolved_item", rule=item.rule, subject=subject, message=item.message)


def finding_notes(finding: Finding) -> list[str]:
    """Sentences every machine format adds to a finding's own message.

    An expired waiver no longer applies, and the reader should know it was there; a finding
    already in the baseline does not fail the run.
    """
    notes = []
    waiver = finding.waiver
    if waiver is not None and waiver.expired and finding.outcome is not Outcome.WAIVED:
        notes.append(waiver_sentence(waiver))
    if finding.new is False:
        notes.append(message("machine.baseline.unchanged"))
    return notes
