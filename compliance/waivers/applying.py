"""Apply waivers to a report: a covered deviation becomes `waived`, an expired waiver is said.

A waiver names a rule and optionally one subject. A waiver for one subject is preferred over
one for every subject of the rule, so a narrower decision is the one cited. Only failing
findings (`fail`, `insufficient_data`) can be waived: waiving a pass would hide nothing and
would make the waiver look used when it is stale.

Expiry is judged against the as-of date, the same day every deadline is judged against;
`giltigt_till` is inclusive.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from compliance.findings import Finding, Outcome, Report, WaiverRef
from compliance.waivers.reading import Waiver

WAIVABLE = (Outcome.FAIL, Outcome.INSUFFICIENT_DATA)


def apply_waivers(report: Report, waivers: Sequence[Waiver], waiver_files: Sequence[str]) -> Report:
    """`report` with waived findings marked, expired waivers noted and stale ones listed."""
    by_key = {waiver.key: waiver for waiver in waivers}
    used: set[tuple[str, str | None]] = set()
    findings: list[Finding] = []
    for finding in report.findings:
        waiver = _matching(finding, by_key)
        if waiver is None or finding.outcome not in WAIVABLE:
            findings.append(finding)
            continue
        used.add(waiver.key)
        findings.append(_applied(finding, waiver, report.as_of))
    stale = tuple(
        _ref(w, expired=w.valid_until < report.as_of) for w in waivers if w.key not in used
    )
    return replace(
        report,
        findings=tuple(findings),
        stale_waivers=stale,
        waiver_files=tuple(waiver_files),
    )


def _matching(finding: Finding, by_key: dict[tuple[str, str | None], Waiver]) -> Waiver | None:
    return by_key.get((finding.rule, finding.subject.id)) or by_key.get((finding.rule, None))


def _applied(finding: Finding, waiver: Waiver, as_of: date) -> Finding:
    if waiver.valid_until < as_of:
        return replace(finding, waiver=_ref(waiver, expired=True, original=finding.outcome))
    return replace(
        finding,
        outcome=Outcome.WAIVED,
        waiver=_ref(waiver, expired=False, original=finding.outcome),
    )


def _ref(waiver: Waiver, *, expired: bool, original: Outcome | None = None) -> WaiverRef:
    return WaiverRef(
        rule=waiver.rule,
        subject=waiver.subject,
        justification=waiver.justification,
        decided_by=waiver.decided_by,
        reference=waiver.reference,
        valid_until=waiver.valid_until,
        location=waiver.location,
        expired=expired,
        original_outcome=original,
    )
