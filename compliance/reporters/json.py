"""The report as versioned JSON, for CI pipelines and other programs.

The layout is documented field by field in docs/json-output.md. Keys are written in a fixed
order and findings in the order the `Report` gives them, so two runs over the same input give
byte-identical files that can be diffed and committed.
"""

from __future__ import annotations

from typing import Any

from compliance.findings import (
    BaselineComparison,
    Citation,
    Finding,
    Outcome,
    Report,
    RuleInfo,
    RuleSource,
    Severity,
    Subject,
    WaiverRef,
)
from compliance.reporters.json_text import indented_json, indented_json_bytes

# Bumped in the minor part for additive changes (a new key), in the major part when a key is
# removed, renamed or changes meaning. Consumers should check the major part only.
SCHEMA_VERSION = "1.1"
TOOL_NAME = "compliance"

JsonObject = dict[str, Any]

# An enum's `.value` is a descriptor call; a national report looks up two per finding.
_SEVERITY: dict[Severity, str] = {severity: severity.value for severity in Severity}
_OUTCOME: dict[Outcome, str] = {outcome: outcome.value for outcome in Outcome}


def render(report: Report, *, color: bool = False, width: int = 100) -> str:
    """The report as JSON text ending in a newline; `color` and `width` do not apply."""
    del color, width  # every reporter takes the same options; JSON has no use for them
    return indented_json(report_document(report))


def render_bytes(report: Report, *, color: bool = False, width: int = 100) -> bytes:
    """`render(report)` encoded as UTF-8, made without the text: for a file or a pipe.

    Raises `UnicodeEncodeError` where encoding the text would (a lone surrogate).
    """
    del color, width
    return indented_json_bytes(report_document(report))


def report_document(report: Report) -> JsonObject:
    """The JSON document as Python values, keys in their documented order; evidence items and
    locations are dataclasses, which `indented_json` writes as objects of their fields.

    Findings of one subject share one `subject` object and findings of one rule one `source`
    object (the encoder writes a shared object wherever it is referenced), so the document is
    for writing, not for changing in place.
    """
    shared = _Shared()
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": TOOL_NAME, "version": report.tool_version},
        "kommun": report.kommun,
        "period": {
            "label": report.period.label,
            "start": report.period.start.isoformat(),
            "end": report.period.end.isoformat(),
        },
        "as_of": report.as_of.isoformat(),
        "rule_files": list(report.rule_files),
        "data_files": list(report.data_files),
        # A mapping has no meaningful order; sorting keeps the bytes independent of how the
        # loader happened to fill it.
        "digests": {name: report.digests[name] for name in sorted(report.digests)},
        # Every rule checked, also one that found no subject to judge.
        "rules": [_rule(rule) for rule in report.rules],
        "findings": [_finding(finding, shared) for finding in report.findings],
        "summary": _summary(report),
        "waiver_files": list(report.waiver_files),
        "stale_waivers": [_waiver(waiver) for waiver in report.stale_waivers],
        "baseline": _baseline(report.baseline),
    }


def _summary(report: Report) -> JsonObject:
    # Every outcome is present even at zero, so consumers never need a default.
    counts: JsonObject = {outcome.value: report.count(outcome) for outcome in Outcome}
    counts["total"] = len(report.findings)
    return counts


class _Shared:
    """The parts many findings have in common, each built once per document.

    Keyed by `id()` of the frozen objects they are built from: the report keeps those alive
    while its document is built, and the keys die with the document's `_Shared`, so no id can
    be reused for another object while it is a key here.
    """

    def __init__(self) -> None:
        self.subjects: dict[int, JsonObject] = {}
        self.sources: dict[tuple[int, int], JsonObject] = {}


def _finding(finding: Finding, shared: _Shared) -> JsonObject:
    subject = shared.subjects.get(id(finding.subject))
    if subject is None:
        subject = shared.subjects[id(finding.subject)] = _subject(finding.subject)
    source_key = (id(finding.source), id(finding.rule_location))
    source = shared.sources.get(source_key)
    if source is None:
        source = shared.sources[source_key] = _citation(finding.source, finding.rule_location)
    return {
        "rule": finding.rule,
        "title": finding.title,
        "severity": _SEVERITY[finding.severity],
        "outcome": _OUTCOME[finding.outcome],
        "subject": subject,
        "message": finding.message,
        # Evidence and locations are written as objects of their fields (`text`, `path`,
        # `value`, `location`; `file`, `line`, `column`) by the encoder itself: a national
        # report holds tens of thousands.
        "evidence": finding.evidence,
        "source": source,
        "location": finding.location,
        "recommendation": finding.recommendation,
        "missing": finding.missing,
        "deadline": finding.deadline.isoformat() if finding.deadline is not None else None,
        "waiver": _waiver(finding.waiver) if finding.waiver is not None else None,
        "new": finding.new,
    }


def _waiver(waiver: WaiverRef) -> JsonObject:
    return {
        "rule": waiver.rule,
        "subject": waiver.subject,
        "justification": waiver.justification,
        "decided_by": waiver.decided_by,
        "reference": waiver.reference,
        "valid_until": waiver.valid_until.isoformat(),
        "expired": waiver.expired,
        "original_outcome": (
            waiver.original_outcome.value if waiver.original_outcome is not None else None
        ),
        "location": waiver.location,
    }


def _baseline(baseline: BaselineComparison | None) -> JsonObject | None:
    if baseline is None:
        return None
    return {
        "file": baseline.file,
        "new": baseline.new,
        "persisting": baseline.persisting,
        "resolved": [
            {
                "rule": item.rule,
                "subject": {
                    "kind": item.subject_kind,
                    "id": item.subject_id,
                    "name": item.subject_name,
                },
                "outcome": item.outcome,
                "message": item.message,
            }
            for item in baseline.resolved
        ],
    }


def _rule(rule: RuleInfo) -> JsonObject:
    return {
        "id": rule.id,
        "title": rule.title,
        "severity": rule.severity.value,
        "document": rule.document_title,
        "source": _citation(rule.source, rule.rule_location),
    }


def _citation(source: Citation, rule_location: RuleSource) -> JsonObject:
    return {
        "document": source.document,
        "section": source.section,
        "page": source.page,
        "quote": source.quote,
        "url": source.url,
        "rule_file": rule_location.file,
        "rule_line": rule_location.line,
        "rule_column": rule_location.column,
    }


def _subject(subject: Subject) -> JsonObject:
    nämnd: JsonObject | None = None
    if subject.nämnd_id is not None:
        nämnd = {"id": subject.nämnd_id, "name": subject.nämnd_name}
    return {"kind": subject.kind, "id": subject.id, "name": subject.name, "nämnd": nämnd}
