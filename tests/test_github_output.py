"""GitHub Actions annotations: one workflow command per finding that needs attention."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace

import pytest
from cli_process import run
from test_sarif_output import ROOT, failing, haninge_report, varied_report

from compliance.findings import Finding, Outcome, Report, Severity
from compliance.reporters import github
from compliance.reporters import json as json_reporter

# `::name prop=value,prop=value::message`: escaped values contain no `:` or `,` of their own.
COMMAND = re.compile(r"^::(?P<name>[a-z]+) (?P<properties>[^:]*)::(?P<message>.*)$")


@dataclass(frozen=True)
class Command:
    name: str
    properties: dict[str, str]
    message: str


def unescape(text: str) -> str:
    for escaped, plain in (("%2C", ","), ("%3A", ":"), ("%0A", "\n"), ("%0D", "\r")):
        text = text.replace(escaped, plain)
    return text.replace("%25", "%")


def parse(line: str) -> Command:
    match = COMMAND.match(line)
    assert match, line
    properties = dict(item.split("=", 1) for item in match["properties"].split(","))
    return Command(
        match["name"], {k: unescape(v) for k, v in properties.items()}, unescape(match["message"])
    )


def commands(report: Report) -> list[Command]:
    return [parse(line) for line in github.render(report).splitlines()[:-1]]


# ---------------------------------------------------------------- escaping


def test_data_escapes_percent_and_line_breaks() -> None:
    assert github.escape_data("100 %\r\nny rad") == "100 %25%0D%0Any rad"
    assert github.escape_data("a: b, c") == "a: b, c"
    assert github.escape_data("%0A") == "%250A"  # already-escaped text stays literal


def test_properties_also_escape_colons_and_commas() -> None:
    assert github.escape_property("HAN-UPPF-UTF Följs upp, i egen regi: 50 %\n") == (
        "HAN-UPPF-UTF Följs upp%2C i egen regi%3A 50 %25%0A"
    )


@pytest.mark.parametrize("text", ["", "plain", "a,b:c%d\ne\rf", "%2C::,,", "nämnd: å, ä, ö"])
def test_escaping_round_trips(text: str) -> None:
    assert unescape(github.escape_property(text)) == text
    assert unescape(github.escape_data(text)) == text


def test_a_message_with_line_breaks_stays_one_command_line() -> None:
    report = haninge_report()
    finding = replace(
        failing(report)[0], message="Rad ett: 50 %, klar\n::error::injicerad", title="A, b: c"
    )
    text = github.render(replace(report, findings=(finding,)))
    lines = text.splitlines()
    assert len(lines) == 2
    assert lines[0].endswith("::Rad ett: 50 %25, klar%0A::error::injicerad")
    assert "title=HAN-TG A%2C b%3A c::" in lines[0]
    assert parse(lines[0]).message == "Rad ett: 50 %, klar\n::error::injicerad"


# ---------------------------------------------------------------- Haninge


def test_failing_and_not_due_findings_are_annotated_at_their_yaml_lines() -> None:
    report = haninge_report()
    annotated = commands(report)
    expected = [f for f in report.findings if f.outcome in github.FAILING]
    expected += [f for f in report.findings if f.outcome is Outcome.NOT_DUE]
    assert len(annotated) == len(expected) == 20
    locations = {
        (f["rule"], f["subject"]["id"]): f["location"]
        for f in json.loads(json_reporter.render(report))["findings"]
    }
    for command, finding in zip(annotated, expected, strict=True):
        location = locations[(finding.rule, finding.subject.id)]
        assert command.properties == {
            "file": location["file"],
            "line": str(location["line"]),
            "col": str(location["column"]),
            "title": f"{finding.rule} {finding.title}",
        }
        assert command.message == finding.message


def test_valnämnden_is_an_error_on_line_68() -> None:
    first = github.render(haninge_report()).splitlines()[0]
    assert first == (
        "::error file=fixtures/haninge/organisation.yaml,line=68,col=5,"
        "title=HAN-TG Samtliga nämnder ska ha tjänstegarantier::"
        "Valnämnden har ingen gällande tjänstegaranti för 2025."
    )


def expected_command(finding: Finding) -> str:
    if finding.outcome is Outcome.NOT_DUE:
        return "notice"
    high = finding.severity in (Severity.HIGH, Severity.CRITICAL)
    if finding.outcome is Outcome.INSUFFICIENT_DATA:
        return "error" if high else "warning"
    return {"low": "notice", "medium": "warning"}.get(finding.severity.value, "error")


def test_the_command_follows_outcome_and_severity() -> None:
    report = haninge_report()
    annotated = [f for f in report.findings if f.outcome in github.FAILING]
    annotated += [f for f in report.findings if f.outcome is Outcome.NOT_DUE]
    names = [c.name for c in commands(report)]
    assert names == [expected_command(f) for f in annotated]
    assert set(names) == {"error", "warning", "notice"}


def test_insufficient_data_of_low_severity_is_still_a_warning() -> None:
    report = haninge_report()
    finding = next(f for f in report.findings if f.outcome is Outcome.INSUFFICIENT_DATA)
    low = replace(finding, severity=Severity.LOW)
    (command,) = commands(replace(report, findings=(low,)))
    assert command.name == "warning"


def test_passes_and_not_applicable_are_only_counted() -> None:
    report = haninge_report()
    only = tuple(f for f in report.findings if f.outcome in (Outcome.PASS, Outcome.NOT_APPLICABLE))
    assert github.render(replace(report, findings=only)) == (
        "Totalt 107 bedömningar: Avvikelse 0, Underlag saknas 0, Ej förfallet 0, "
        "Ej tillämplig 22, Uppfyllt 85.\n"
    )


def test_the_last_line_is_the_summary_in_swedish() -> None:
    last = github.render(haninge_report()).splitlines()[-1]
    assert last == (
        "Totalt 127 bedömningar: Avvikelse 15, Underlag saknas 4, Ej förfallet 1, "
        "Ej tillämplig 22, Uppfyllt 85."
    )
    assert not last.startswith("::")


# ---------------------------------------------------------------- waivers and baseline


def test_waived_findings_are_not_annotated_and_expired_ones_say_so() -> None:
    report = varied_report()
    annotated = commands(report)
    waived = next(f for f in report.findings if f.outcome is Outcome.WAIVED)
    expired = next(f for f in report.findings if f.waiver is not None and f.waiver.expired)
    titles_and_lines = [(c.properties["title"], c.properties.get("line")) for c in annotated]
    waived_line = str(waived.location.line) if waived.location else None
    assert (f"{waived.rule} {waived.title}", waived_line) not in titles_and_lines
    note = next(c for c in annotated if c.message.startswith(expired.message))
    assert note.name == "error"
    assert "Undantaget upphörde att gälla 2026-06-30" in note.message
    assert github.render(report).splitlines()[-1].startswith("Totalt 127 bedömningar: ")
    assert "Undantag 1" in github.render(report).splitlines()[-1]


def test_a_stale_waiver_is_a_warning_on_its_line() -> None:
    stale = next(c for c in commands(varied_report()) if c.properties["title"].startswith("Inak"))
    assert stale.name == "warning"
    assert stale.properties == {
        "file": "undantag.yaml",
        "line": "16",
        "col": "5",
        "title": "Inaktuellt undantag för KL-5.3",
    }
    assert "KL-5.3" in stale.message


def test_a_finding_already_in_the_baseline_is_only_a_notice() -> None:
    report = varied_report()
    persisting = next(f for f in report.findings if f.new is False)
    command = next(c for c in commands(report) if c.message.startswith(persisting.message))
    assert command.name == "notice"
    assert "fanns redan i den tidigare rapporten" in command.message
    new = next(f for f in report.findings if f.new is True)
    command = next(c for c in commands(report) if c.message.startswith(new.message))
    assert command.name == expected_command(new)


def test_a_finding_without_data_location_points_at_its_rule() -> None:
    report = varied_report()
    finding = next(f for f in report.findings if f.location is None)
    command = next(c for c in commands(report) if c.message.startswith(finding.message))
    assert command.properties["file"] == finding.rule_location.file
    assert command.properties["line"] == str(finding.rule_location.line)


# ---------------------------------------------------------------- bytes


def test_two_renders_are_byte_identical() -> None:
    assert github.render(varied_report()).encode() == github.render(varied_report()).encode()


def test_the_command_line_writes_the_same_annotations() -> None:
    result = run("check", "--format", "github", cwd=ROOT)
    assert result.code == 1, result.stderr
    assert result.stdout == github.render(haninge_report())


def test_a_report_without_findings_is_only_the_summary() -> None:
    report = replace(haninge_report(), rules=(), findings=())
    assert github.render(report) == "Inga bedömningar.\n"
