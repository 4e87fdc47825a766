"""A diff as versioned JSON, for CI pipelines and dashboards (docs/followup.md).

Keys are written in a fixed order and changes in the order of the `ReportDiff`, so the same
two reports always give the same bytes.
"""

from __future__ import annotations

from typing import Any

from compliance import tool_version
from compliance.data.dataset import Location
from compliance.findings import Outcome, Subject, WaiverRef
from compliance.followup.model import (
    CHANGE_ORDER,
    FindingChange,
    ReportDiff,
    ReportedFinding,
    ReportedRule,
    ReportedRun,
)
from compliance.reporters.json_text import indented_json

# Raised in the minor part for a new key, in the major part when a key is removed, renamed
# or changes meaning. Consumers should check the major part only.
DIFF_SCHEMA_VERSION = "1.0"

JsonObject = dict[str, Any]


def render(diff: ReportDiff, *, color: bool = False, width: int = 100) -> str:
    """The diff as JSON text ending in a newline; `color` and `width` do not apply."""
    del color, width  # every renderer takes the same options; JSON has no use for them
    return indented_json(diff_document(diff))


def diff_document(diff: ReportDiff) -> JsonObject:
    """The JSON document as Python values, keys in their documented order."""
    counts = diff.counts()
    summary: JsonObject = {change.value: counts[change] for change in CHANGE_ORDER}
    summary["rules_added"] = len(diff.rules_added)
    summary["rules_removed"] = len(diff.rules_removed)
    return {
        "diff_schema_version": DIFF_SCHEMA_VERSION,
        "tool": {"name": "compliance", "version": tool_version()},
        "kommun": diff.kommun,
        "old": _run(diff.old),
        "new": _run(diff.new),
        "notes": [note.value for note in diff.notes],
        "summary": summary,
        "rules_added": [_rule(rule) for rule in diff.rules_added],
        "rules_removed": [_rule(rule) for rule in diff.rules_removed],
        "changes": [_change(item) for item in diff.changes],
    }


def _run(run: ReportedRun) -> JsonObject:
    outcomes: JsonObject = {outcome.value: run.count(outcome) for outcome in Outcome}
    outcomes["total"] = len(run.findings)
    return {
        "file": run.file,
        "schema_version": run.schema_version,
        "tool_version": run.tool_version,
        "kommun": run.kommun,
        "period": {
            "label": run.period.label,
            "start": run.period.start.isoformat(),
            "end": run.period.end.isoformat(),
        },
        "as_of": run.as_of.isoformat(),
        "summary": outcomes,
    }


def _rule(rule: ReportedRule) -> JsonObject:
    return {
        "id": rule.id,
        "title": rule.title,
        "severity": rule.severity.value,
        "document": rule.document,
    }


def _change(item: FindingChange) -> JsonObject:
    current = item.current
    return {
        "change": item.change.value,
        "rule": current.rule,
        "title": current.title,
        "severity": current.severity.value,
        "subject": _subject(current.subject),
        "outcome_changed": item.outcome_changed,
        "absence": item.absence.value if item.absence is not None else None,
        "before": _finding(item.before),
        "after": _finding(item.after),
    }


def _finding(finding: ReportedFinding | None) -> JsonObject | None:
    if finding is None:
        return None
    return {
        "outcome": finding.outcome.value,
        "severity": finding.severity.value,
        "message": finding.message,
        "location": _location(finding.location),
        "missing": list(finding.missing),
        "deadline": finding.deadline.isoformat() if finding.deadline is not None else None,
        "waiver": _waiver(finding.waiver),
    }


def _subject(subject: Subject) -> JsonObject:
    nämnd: JsonObject | None = None
    if subject.nämnd_id is not None:
        nämnd = {"id": subject.nämnd_id, "name": subject.nämnd_name}
    return {"kind": subject.kind, "id": subject.id, "name": subject.name, "nämnd": nämnd}


def _waiver(waiver: WaiverRef | None) -> JsonObject | None:
    if waiver is None:
        return None
    return {
        "justification": waiver.justification,
        "decided_by": waiver.decided_by,
        "reference": waiver.reference,
        "valid_until": waiver.valid_until.isoformat(),
        "expired": waiver.expired,
    }


def _location(location: Location | None) -> JsonObject | None:
    if location is None:
        return None
    return {"file": location.file, "line": location.line, "column": location.column}
