"""The report as SARIF 2.1.0, for code-scanning dashboards and other SARIF viewers.

One run: the rules as `reportingDescriptor`s, one `result` per finding (and, with a baseline,
one per finding resolved since it). How outcomes map to SARIF `kind` and `level`, and what
GitHub code scanning makes of them, is documented in docs/machine-formats.md. Keys are written
in a fixed order and paths are relative to `%SRCROOT%` (the working directory, deliberately
left without an absolute URI), so identical inputs give identical bytes on any machine.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any
from urllib.parse import quote

from compliance.data.dataset import Location
from compliance.findings import (
    BaselineFinding,
    Finding,
    Outcome,
    Report,
    RuleInfo,
    RuleSource,
    Severity,
    Subject,
    WaiverRef,
)
from compliance.messages import message
from compliance.reporters.json_text import indented_json
from compliance.reporters.waiver_text import (
    finding_notes,
    resolved_sentence,
    stale_waiver_sentence,
)
from compliance.reporters.words import citation_label

JsonObject = dict[str, Any]

SARIF_VERSION = "2.1.0"
# The schema the OASIS standard (with errata 01) publishes; also the copy our tests validate with.
SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
TOOL_NAME = "compliance"
SRCROOT = "%SRCROOT%"
# Our own identity of a finding across runs: rule, subject kind and subject id.
FINGERPRINT_KEY = "complianceFindingKey/v1"
# GitHub code scanning matches alerts across commits on this key only; giving it the finding's
# identity keeps an alert when lines move and stops the upload action from hashing YAML lines.
GITHUB_FINGERPRINT_KEY = "primaryLocationLineHash"
# GitHub truncates or refuses longer descriptions; the full text stays in `help`.
MAX_DESCRIPTION = 1024
MAX_NAME = 255

KINDS: dict[Outcome, str] = {
    Outcome.PASS: "pass",
    Outcome.FAIL: "fail",
    # It fails the run, so it is a failing result; properties.outcome says why. ("open" would
    # describe it too, but SARIF allows no level on it and consumers would not count it.)
    Outcome.INSUFFICIENT_DATA: "fail",
    # Still a deviation, shown with its severity; the suppression says it is accepted.
    Outcome.WAIVED: "fail",
    Outcome.NOT_APPLICABLE: "notApplicable",
    # Evaluated and not (yet) a problem: purely informational (SARIF §3.27.9).
    Outcome.NOT_DUE: "informational",
}
LEVELS: dict[Severity, str] = {
    Severity.LOW: "note",
    Severity.MEDIUM: "warning",
    Severity.HIGH: "error",
    Severity.CRITICAL: "error",
}
# GitHub's `problem.severity` for non-security rules decides what it shows by default.
PROBLEM_SEVERITY: dict[Severity, str] = {
    Severity.LOW: "recommendation",
    Severity.MEDIUM: "warning",
    Severity.HIGH: "error",
    Severity.CRITICAL: "error",
}


def render(report: Report, *, color: bool = False, width: int = 100) -> str:
    """The report as SARIF JSON text ending in a newline; `color` and `width` do not apply."""
    del color, width  # every reporter takes the same options; SARIF has no use for them
    return indented_json(sarif_log(report))


def sarif_log(report: Report) -> JsonObject:
    """The SARIF log as Python values, keys in a fixed order."""
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [_run(report)]}


def _run(report: Report) -> JsonObject:
    rule_index: dict[str, int] = {}
    for index, rule in enumerate(report.rules):
        rule_index.setdefault(rule.id, index)
    results = [_result(finding, rule_index) for finding in report.findings]
    if report.baseline is not None:
        places = {rule.id: rule.rule_location for rule in reversed(report.rules)}
        for item in report.baseline.resolved:
            results.append(_resolved(item, places.get(item.rule), rule_index, report.baseline.file))
    return {
        "tool": {
            "driver": {
                "name": TOOL_NAME,
                "version": report.tool_version,
                "rules": [_rule(rule) for rule in report.rules],
            }
        },
        # No absolute URI: it would differ between machines (SARIF §3.14.14 allows leaving it out).
        "originalUriBaseIds": {SRCROOT: {"description": {"text": message("sarif.srcroot")}}},
        "artifacts": _artifacts(report),
        "results": results,
        "columnKind": "unicodeCodePoints",
        "properties": _run_properties(report),
    }


# ---------------------------------------------------------------- rules


def _rule(rule: RuleInfo) -> JsonObject:
    descriptor: JsonObject = {
        "id": rule.id,
        "name": rule_name(rule.title) or rule.id,
        "shortDescription": {"text": _clip(rule.title)},
        "fullDescription": {"text": _clip(citation_label(rule.source))},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
    }
    if rule.source.url:
        descriptor["helpUri"] = rule.source.url
    descriptor["help"] = {
        "text": _help_text(rule),
        "markdown": _help_markdown(rule),
    }
    descriptor["properties"] = {
        "severity": rule.severity.value,
        "document": rule.document_title,
        "ruleFile": rule.rule_location.file,
        "ruleLine": rule.rule_location.line,
        "ruleColumn": rule.rule_location.column,
        "problem.severity": PROBLEM_SEVERITY[rule.severity],
    }
    return descriptor


def rule_name(title: str) -> str:
    """`Samtliga nämnder ska ha tjänstegarantier` → `SamtligaNämnderSkaHaTjänstegarantier`."""
    words = re.findall(r"[^\W_]+", title)
    return "".join(word[:1].upper() + word[1:] for word in words)[:MAX_NAME]


def _help_text(rule: RuleInfo) -> str:
    lines = []
    if rule.recommendation:
        lines += [f"{message('report.details.recommendation')}: {rule.recommendation}", ""]
    lines.append(f"{message('report.details.source')}: {citation_label(rule.source)}")
    if rule.source.url:
        lines.append(f"{message('report.details.url')}: {rule.source.url}")
    lines.append(f"{message('report.details.rule_file')}: {_rule_place(rule.rule_location)}")
    return "\n".join(lines)


def _help_markdown(rule: RuleInfo) -> str:
    parts = []
    if rule.recommendation:
        label = message("report.details.recommendation")
        parts.append(f"**{label}:** {_markdown(rule.recommendation)}")
    # Without its quote, which the markdown shows as a block of its own.
    place = citation_label(rule.source, quote=False)
    parts.append(f"**{message('report.details.source')}:** {_markdown(place)}")
    if rule.source.quote:
        parts.append("\n".join(f"> {_markdown(line)}" for line in rule.source.quote.splitlines()))
    if rule.source.url:
        parts.append(f"<{rule.source.url}>")
    place = _rule_place(rule.rule_location)
    parts.append(f"**{message('report.details.rule_file')}:** `{place}`")
    return "\n\n".join(parts)


def _markdown(text: str) -> str:
    """Text from a rule file shown literally: markdown's active characters escaped."""
    return re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", text)


def _clip(text: str) -> str:
    return text if len(text) <= MAX_DESCRIPTION else text[: MAX_DESCRIPTION - 1] + "…"


# ---------------------------------------------------------------- results


def _result(finding: Finding, rule_index: dict[str, int]) -> JsonObject:
    kind = KINDS[finding.outcome]
    result = _rule_reference(finding.rule, rule_index)
    result["kind"] = kind
    # SARIF allows a level other than "none" only on failing results (§3.27.10).
    result["level"] = LEVELS[finding.severity] if kind == "fail" else "none"
    result["message"] = {"text": _message_text(finding)}
    result["locations"] = [_primary_location(finding)]
    result["relatedLocations"] = _related_locations(finding)
    result["partialFingerprints"] = fingerprints(finding.key)
    waiver = finding.waiver
    if finding.outcome is Outcome.WAIVED and waiver is not None and not waiver.expired:
        result["suppressions"] = [_suppression(waiver)]
    if finding.new is not None:
        result["baselineState"] = "new" if finding.new else "unchanged"
    result["properties"] = _result_properties(finding)
    return result


def _message_text(finding: Finding) -> str:
    text = " ".join([finding.message, *finding_notes(finding)])
    # The rule's help is the same for every subject; what to do about this one is said here.
    if finding.recommendation:
        text += f"\n\n{message('report.details.recommendation')}: {finding.recommendation}"
    return text


def fingerprints(key: tuple[str, str, str]) -> JsonObject:
    """Stable identities of a finding: the same rule and subject give the same strings."""
    digest = hashlib.sha256("\x1f".join(key).encode("utf-8")).hexdigest()
    return {FINGERPRINT_KEY: digest, GITHUB_FINGERPRINT_KEY: f"{digest[:16]}:1"}


def _rule_reference(rule_id: str, rule_index: dict[str, int]) -> JsonObject:
    reference: JsonObject = {"ruleId": rule_id}
    if rule_id in rule_index:
        reference["ruleIndex"] = rule_index[rule_id]
    return reference


def _primary_location(finding: Finding) -> JsonObject:
    if finding.location is not None:
        return {"physicalLocation": _physical(finding.location)}
    # No data behind the finding (e.g. an undeclared collection): the rule is where to look.
    return _at_rule(finding.rule_location, finding.rule)


def _at_rule(place: RuleSource, rule_id: str) -> JsonObject:
    return {
        "physicalLocation": _physical(place),
        "message": {"text": message("sarif.rule_location", rule=rule_id)},
    }


def _related_locations(finding: Finding) -> list[JsonObject]:
    places: list[tuple[Location | RuleSource, str]] = [
        (finding.rule_location, message("sarif.rule_location", rule=finding.rule))
    ]
    places.extend(
        (item.location, item.text) for item in finding.evidence if item.location is not None
    )
    if finding.waiver is not None and finding.waiver.location is not None:
        places.append(
            (finding.waiver.location, message("sarif.waiver_location", rule=finding.rule))
        )
    return [
        {"id": number, "physicalLocation": _physical(place), "message": {"text": text}}
        for number, (place, text) in enumerate(places)
    ]


def _physical(place: Location | RuleSource) -> JsonObject:
    return {
        "artifactLocation": _artifact_location(place.file),
        "region": {"startLine": place.line, "startColumn": place.column},
    }


def _artifact_location(path: str) -> JsonObject:
    # A URI reference: spaces and non-ASCII letters in a file name are percent-encoded, and
    # so are the bytes of a name that is not UTF-8, as they are on disk (`\udcff` is 0xFF).
    return {"uri": quote(path, safe="/", errors="surrogateescape"), "uriBaseId": SRCROOT}


def _suppression(waiver: WaiverRef) -> JsonObject:
    suppression: JsonObject = {
        "kind": "external",
        "status": "accepted",
        "justification": waiver.justification,
    }
    if waiver.location is not None:
        suppression["location"] = {"physicalLocation": _physical(waiver.location)}
    suppression["properties"] = _waiver_properties(waiver)
    return suppression


def _result_properties(finding: Finding) -> JsonObject:
    return {
        "outcome": finding.outcome.value,
        "severity": finding.severity.value,
        "title": finding.title,
        "subject": _subject(finding.subject),
        "evidence": [
            {"text": item.text, "path": item.path, "value": item.value} for item in finding.evidence
        ],
        "missing": list(finding.missing),
        "deadline": finding.deadline.isoformat() if finding.deadline is not None else None,
        "recommendation": finding.recommendation,
        "waiver": _waiver_properties(finding.waiver) if finding.waiver is not None else None,
    }


def _subject(subject: Subject) -> JsonObject:
    nämnd = None
    if subject.nämnd_id is not None:
        nämnd = {"id": subject.nämnd_id, "name": subject.nämnd_name}
    return {"kind": subject.kind, "id": subject.id, "name": subject.name, "nämnd": nämnd}


def _waiver_properties(waiver: WaiverRef) -> JsonObject:
    return {
        "rule": waiver.rule,
        "subject": waiver.subject,
        "justification": waiver.justification,
        "decidedBy": waiver.decided_by,
        "reference": waiver.reference,
        "validUntil": waiver.valid_until.isoformat(),
        "expired": waiver.expired,
        "originalOutcome": (
            waiver.original_outcome.value if waiver.original_outcome is not None else None
        ),
        "location": str(waiver.location) if waiver.location is not None else None,
    }


def _resolved(
    item: BaselineFinding, place: RuleSource | None, rule_index: dict[str, int], baseline: str
) -> JsonObject:
    """A finding that failed in the baseline and no longer does: absent, and passing."""
    result = _rule_reference(item.rule, rule_index)
    result["kind"] = "pass"
    result["level"] = "none"
    title = message("baseline.resolved_title")
    result["message"] = {"text": f"{title} ({baseline}): {resolved_sentence(item)}"}
    if place is not None:  # a rule removed since the baseline has no place to point at
        result["locations"] = [_at_rule(place, item.rule)]
    result["partialFingerprints"] = fingerprints((item.rule, item.subject_kind, item.subject_id))
    result["baselineState"] = "absent"
    result["properties"] = {
        "outcome": "resolved",
        "baselineOutcome": item.outcome,
        "subject": {"kind": item.subject_kind, "id": item.subject_id, "name": item.subject_name},
    }
    return result


# ---------------------------------------------------------------- run


def _artifacts(report: Report) -> list[JsonObject]:
    roles = {name: "userSpecifiedConfiguration" for name in report.rule_files}
    roles.update({name: "analysisTarget" for name in report.data_files})
    for name in report.waiver_files:
        roles.setdefault(name, "userSpecifiedConfiguration")
    artifacts = []
    for name, role in roles.items():
        artifact: JsonObject = {"location": _artifact_location(name), "roles": [role]}
        if name in report.digests:
            artifact["hashes"] = {"sha-256": report.digests[name]}
        artifacts.append(artifact)
    return artifacts


def _run_properties(report: Report) -> JsonObject:
    summary: JsonObject = {outcome.value: report.count(outcome) for outcome in Outcome}
    summary["total"] = len(report.findings)
    baseline = None
    if report.baseline is not None:
        baseline = {
            "file": report.baseline.file,
            "new": report.baseline.new,
            "persisting": report.baseline.persisting,
            "resolved": len(report.baseline.resolved),
        }
    return {
        "kommun": report.kommun,
        "period": {
            "label": report.period.label,
            "start": report.period.start.isoformat(),
            "end": report.period.end.isoformat(),
        },
        "asOf": report.as_of.isoformat(),
        "summary": summary,
        "waiverFiles": list(report.waiver_files),
        "staleWaivers": [
            {**_waiver_properties(waiver), "message": stale_waiver_sentence(waiver)}
            for waiver in report.stale_waivers
        ],
        "baseline": baseline,
    }


def _rule_place(location: RuleSource) -> str:
    return f"{location.file}:{location.line}:{location.column}"
