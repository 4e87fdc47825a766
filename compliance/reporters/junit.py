"""The report as JUnit XML, the test-report shape Jenkins, GitLab and Azure DevOps read.

One `<testsuite>` per rule, one `<testcase>` per finding: a failing finding is a `<failure>`,
one that cannot fail (not applicable, not due, waived) is `<skipped>`, a pass is an empty test
case. Every `time` is 0 and there is no timestamp or host name, so identical inputs give
identical bytes. The mapping is documented in docs/machine-formats.md.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from compliance.findings import Finding, Outcome, Report, RuleInfo, RuleSource
from compliance.messages import message
from compliance.reporters.waiver_text import finding_notes, waiver_sentence
from compliance.reporters.words import citation_label, outcome_word, subject_label

XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n'
SUITES_NAME = "compliance"
FAILING = (Outcome.FAIL, Outcome.INSUFFICIENT_DATA)
SKIPPED = (Outcome.NOT_APPLICABLE, Outcome.NOT_DUE, Outcome.WAIVED)
# Characters XML 1.0 cannot carry at all, not even escaped; data text could contain them.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def render(report: Report, *, color: bool = False, width: int = 100) -> str:
    """The report as JUnit XML text ending in a newline; `color` and `width` do not apply."""
    del color, width  # every reporter takes the same options; XML has no use for them
    root = testsuites(report)
    ET.indent(root, space="  ")
    return XML_DECLARATION + ET.tostring(root, encoding="unicode") + "\n"


def testsuites(report: Report) -> ET.Element:
    """The `<testsuites>` element: one suite per rule, in the order of the report."""
    by_rule: dict[str, list[Finding]] = {}
    for finding in report.findings:
        by_rule.setdefault(finding.rule, []).append(finding)
    rules = {rule.id: rule for rule in reversed(report.rules)}  # the first of a duplicate id wins
    rule_ids = list(dict.fromkeys([*(rule.id for rule in report.rules), *by_rule]))
    root = ET.Element("testsuites", _counts(SUITES_NAME, report.findings))
    for rule_id in rule_ids:
        root.append(_testsuite(rule_id, rules.get(rule_id), by_rule.get(rule_id, [])))
    return root


def _counts(name: str, findings: Sequence[Finding]) -> dict[str, str]:
    return {
        "name": _clean(name),
        "tests": str(len(findings)),
        "failures": str(sum(1 for f in findings if f.outcome in FAILING)),
        "errors": "0",
        "skipped": str(sum(1 for f in findings if f.outcome in SKIPPED)),
        "time": "0",
    }


def _testsuite(rule_id: str, rule: RuleInfo | None, findings: Sequence[Finding]) -> ET.Element:
    title = rule.title if rule is not None else findings[0].title
    suite = ET.Element("testsuite", _counts(f"{rule_id} {title}", findings))
    if rule is not None:
        properties = ET.SubElement(suite, "properties")
        values = [
            ("severity", rule.severity.value),
            ("document", rule.document_title),
            ("source", citation_label(rule.source)),
            ("url", rule.source.url),
            ("rule_file", _where(rule.rule_location)),
        ]
        for name, value in values:
            if value:
                ET.SubElement(properties, "property", {"name": name, "value": _clean(value)})
    for finding in findings:
        suite.append(_testcase(finding))
    return suite


def _testcase(finding: Finding) -> ET.Element:
    place = finding.location or finding.rule_location
    case = ET.Element(
        "testcase",
        {
            "classname": _clean(finding.rule),
            "name": _clean(subject_label(finding.subject)),
            "time": "0",
            "file": _clean(place.file),
            "line": str(place.line),
        },
    )
    if finding.outcome in FAILING:
        text = " ".join([finding.message, *finding_notes(finding)])
        failure = ET.SubElement(
            case, "failure", {"message": _clean(text), "type": finding.outcome.value}
        )
        failure.text = _clean(_details(finding))
    elif finding.outcome is Outcome.WAIVED and finding.waiver is not None:
        skipped = ET.SubElement(
            case, "skipped", {"message": _clean(waiver_sentence(finding.waiver))}
        )
        skipped.text = _clean(f"{finding.message}\n{_details(finding)}")
    elif finding.outcome in SKIPPED:
        label = outcome_word(finding.outcome)
        ET.SubElement(case, "skipped", {"message": _clean(f"{label}: {finding.message}")})
    return case


def _details(finding: Finding) -> str:
    """The body of a failure: evidence with data locations, then what to do and why."""
    lines: list[str] = []
    if finding.evidence:
        lines.append(f"{message('report.details.evidence')}:")
        for item in finding.evidence:
            where = str(item.location) if item.location is not None else item.path
            lines.append(f"  • {item.text}" + (f" ({where})" if where else ""))
    if finding.missing:
        lines.append(f"{message('report.details.missing')}: {', '.join(finding.missing)}")
    if finding.deadline is not None:
        lines.append(f"{message('report.details.deadline')}: {finding.deadline.isoformat()}")
    if finding.recommendation:
        lines.append(f"{message('report.details.recommendation')}: {finding.recommendation}")
    lines.append(f"{message('report.details.source')}: {citation_label(finding.source)}")
    lines.append(f"{message('report.details.rule_file')}: {_where(finding.rule_location)}")
    return "\n".join(lines)


def _where(place: RuleSource) -> str:
    return f"{place.file}:{place.line}:{place.column}"


def _clean(text: str) -> str:
    """`text` with characters XML cannot hold shown as `\\uXXXX` (ElementTree escapes the rest)."""
    return NOT_XML.sub(lambda match: f"\\u{ord(match.group()):04x}", text)
