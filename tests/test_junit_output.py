"""JUnit XML output, read back by junitparser as CI servers would read it."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import replace

from cli_process import run
from junitparser import Failure, JUnitXml, Skipped, TestCase, TestSuite
from test_sarif_output import ROOT, failing, haninge_report, varied_report

from compliance.findings import Outcome, Report
from compliance.reporters import junit


def parsed(report: Report) -> JUnitXml:
    return JUnitXml.fromstring(junit.render(report).encode("utf-8"))


def suites(report: Report) -> list[TestSuite]:
    return list(parsed(report))


def cases(suite: TestSuite) -> list[TestCase]:
    return list(suite)


def test_totals_match_the_report() -> None:
    report = haninge_report()
    xml = parsed(report)
    counts = Counter(f.outcome for f in report.findings)
    assert xml.tests == 127
    assert xml.failures == counts[Outcome.FAIL] + counts[Outcome.INSUFFICIENT_DATA] == 19
    assert xml.skipped == counts[Outcome.NOT_APPLICABLE] + counts[Outcome.NOT_DUE] == 23
    assert xml.errors == 0


def test_one_suite_per_rule_with_its_own_counts() -> None:
    report = haninge_report()
    found = suites(report)
    assert [s.name.split(" ", 1)[0] for s in found] == [rule.id for rule in report.rules]
    for suite, rule in zip(found, report.rules, strict=True):
        assert suite.name == f"{rule.id} {rule.title}"
        mine = [f for f in report.findings if f.rule == rule.id]
        assert suite.tests == len(cases(suite)) == len(mine)
        assert suite.failures == sum(1 for f in mine if f.outcome in junit.FAILING)
        assert suite.skipped == sum(1 for f in mine if f.outcome in junit.SKIPPED)
        assert suite.errors == 0


def test_each_testcase_has_the_result_of_its_finding() -> None:
    report = haninge_report()
    found = [case for suite in suites(report) for case in cases(suite)]
    by_rule = [f for rule in report.rules for f in report.findings if f.rule == rule.id]
    assert len(found) == len(by_rule)
    for case, finding in zip(found, by_rule, strict=True):
        assert case.classname == finding.rule
        assert finding.subject.name in case.name
        if finding.outcome is Outcome.PASS:
            assert case.is_passed and case.result == []
            continue
        (result,) = case.result
        if finding.outcome in junit.FAILING:
            assert isinstance(result, Failure)
            assert result.type == finding.outcome.value
            assert result.message == finding.message
        else:
            assert isinstance(result, Skipped) and case.is_skipped
            assert result.message is not None and finding.message in result.message


def test_a_failure_body_has_evidence_with_data_locations_and_the_recommendation() -> None:
    report = haninge_report()
    suite = next(s for s in suites(report) if s.name.startswith("HAN-SYN "))
    case = next(c for c in cases(suite) if "Grundskolenämnden" in c.name)
    assert case.name == "nämnd Grundskolenämnden (grundskolenämnden)"
    (failure,) = case.result
    assert isinstance(failure, Failure)
    body = failure.text or ""
    assert "fixtures/haninge/synpunkter.yaml:147:15" in body
    assert "s.besvarad annars avstämningsdag = 2025-03-14" in body
    assert "Rekommendation: Vi rekommenderar att nämnden säkerställer" in body
    place = next(f.rule_location for f in report.findings if f.rule == "HAN-SYN")
    assert f"Regel: {place.file}:{place.line}:{place.column}" in body


def test_insufficient_data_is_a_failure_of_its_own_type() -> None:
    report = haninge_report()
    types = Counter(
        result.type
        for suite in suites(report)
        for case in cases(suite)
        for result in case.result
        if isinstance(result, Failure)
    )
    assert types == {"fail": 15, "insufficient_data": 4}


def test_waived_findings_are_skipped_with_the_waiver_and_expired_ones_fail() -> None:
    report = varied_report()
    xml = parsed(report)
    assert xml.failures == 18 and xml.skipped == 24
    waived = next(f for f in report.findings if f.outcome is Outcome.WAIVED)
    expired = next(f for f in report.findings if f.waiver is not None and f.waiver.expired)
    found = {(c.classname, c.name): c for s in xml for c in s}
    (skipped,) = found[(waived.rule, "nämnd Valnämnden (valnämnden)")].result
    assert isinstance(skipped, Skipped)
    assert skipped.message is not None
    assert skipped.message.startswith("Undantag: Nämnden avvecklas 2027")
    assert "dnr KS 2026/123" in skipped.message
    (failure,) = found[(expired.rule, "nämnd Överförmyndarnämnden (överförmyndarnämnden)")].result
    assert isinstance(failure, Failure)
    assert failure.message is not None
    assert "Undantaget upphörde att gälla 2026-06-30" in failure.message


def test_a_persisting_finding_says_it_was_in_the_baseline() -> None:
    report = varied_report()
    persisting = next(f for f in report.findings if f.new is False)
    case = next(
        c
        for s in parsed(report)
        for c in s
        if c.name.endswith(f"({persisting.subject.id})") and c.classname == persisting.rule
    )
    (failure,) = case.result
    assert failure.message is not None
    assert "fanns redan i den tidigare rapporten" in failure.message


def test_text_that_xml_cannot_hold_literally_is_escaped_and_read_back() -> None:
    report = haninge_report()
    tricky = "A <b>&amp; \"citat\" 'x'\nrad två\ttab\x01slut"
    finding = replace(failing(report)[0], message=tricky)
    (case,) = list(next(iter(parsed(replace(report, findings=(finding,))))))
    (failure,) = case.result
    assert failure.message == tricky.replace("\x01", "\\u0001")


def test_every_time_is_zero_and_there_is_no_timestamp_or_host() -> None:
    text = junit.render(varied_report())
    root = ET.fromstring(text.encode("utf-8"))
    elements = [root, *root.iter("testsuite"), *root.iter("testcase")]
    assert {e.get("time") for e in elements} == {"0"}
    assert "timestamp" not in text and "hostname" not in text
    assert text.startswith('<?xml version="1.0" encoding="utf-8"?>\n<testsuites ')


def test_two_renders_are_byte_identical() -> None:
    assert junit.render(varied_report()).encode() == junit.render(varied_report()).encode()


def test_the_command_line_writes_the_same_junit_xml() -> None:
    result = run("check", "--format", "junit", cwd=ROOT)
    assert result.code == 1, result.stderr
    assert result.stdout == junit.render(haninge_report())
    assert JUnitXml.fromstring(result.stdout.encode("utf-8")).tests == 127


def test_a_report_without_findings_is_an_empty_testsuites_element() -> None:
    report = replace(haninge_report(), rules=(), findings=())
    xml = parsed(report)
    assert (xml.tests, xml.failures, xml.skipped, list(xml)) == (0, 0, 0, [])
