"""Reporters render one hand-built `Report` that has every outcome, and nothing else."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest

from compliance.data.dataset import Location
from compliance.findings import (
    Citation,
    Evidence,
    Finding,
    Outcome,
    Report,
    ReportPeriod,
    RuleInfo,
    RuleSource,
    Severity,
    Subject,
)
from compliance.messages import message
from compliance.reporters import BINARY_FORMATS, FORMATS, render_report, terminal
from compliance.reporters import json as json_reporter

ANSI = re.compile(r"\x1b\[")

TG_SOURCE = Citation(
    document="Policy för verksamhetsstyrning och kvalitet",
    section="4.2",
    page="7",
    quote="Alla nämnder ska ha tjänstegarantier.",
    url="https://example.se/policy.pdf",
)
AB_SOURCE = Citation(document="Policy för verksamhetsstyrning och kvalitet", section="5")
TG_RULE = RuleSource("policy_rules/haninge.rules", 12, 1)
AB_RULE = RuleSource("policy_rules/haninge.rules", 40, 1)

BUN = Subject("nämnd", "bun", "Barn- och utbildningsnämnden", "bun", "Barn- och utbildningsnämnden")
SN = Subject("nämnd", "sn", "Socialnämnden", "sn", "Socialnämnden")
KOMMUN = Subject("kommun", "haninge", "Haninge kommun")
DATA = "fixtures/haninge/organisation.yaml"


def _finding(
    rule: str,
    subject: Subject,
    outcome: Outcome,
    message_text: str,
    *,
    evidence: tuple[Evidence, ...] = (),
    missing: tuple[str, ...] = (),
    deadline: date | None = None,
    recommendation: str | None = None,
    location: Location | None = None,
) -> Finding:
    tg = rule == "HAN-TG-01"
    return Finding(
        rule=rule,
        title="Varje nämnd har tjänstegarantier" if tg else "Årsberättelse före 31 maj",
        severity=Severity.HIGH if tg else Severity.MEDIUM,
        outcome=outcome,
        subject=subject,
        message=message_text,
        evidence=evidence,
        source=TG_SOURCE if tg else AB_SOURCE,
        rule_location=TG_RULE if tg else AB_RULE,
        location=location,
        recommendation=recommendation,
        missing=missing,
        deadline=deadline,
    )


def sample_report() -> Report:
    """Two rules, three subjects, every outcome at least once."""
    findings = (
        _finding(
            "HAN-TG-01",
            BUN,
            Outcome.FAIL,
            "Kravet är inte uppfyllt för Barn- och utbildningsnämnden.",
            evidence=(
                Evidence(
                    "Ingen av 3 poster i `tjänstegarantier` uppfyller villkoret.",
                    path="tjänstegarantier",
                    value="3 st.",
                    location=Location(DATA, 41, 3),
                ),
            ),
            recommendation="Nämnden bör ta fram tjänstegarantier.",
            location=Location(DATA, 7, 5),
        ),
        _finding("HAN-TG-01", SN, Outcome.PASS, "Kravet är uppfyllt för Socialnämnden."),
        _finding(
            "HAN-AB-01",
            BUN,
            Outcome.INSUFFICIENT_DATA,
            "Underlag saknas för att bedöma Barn- och utbildningsnämnden.",
            missing=("rapporter",),
        ),
        _finding(
            "HAN-AB-01",
            SN,
            Outcome.NOT_DUE,
            "Fristen 2026-05-31 har inte löpt ut.",
            deadline=date(2026, 5, 31),
        ),
        _finding(
            "HAN-AB-01",
            KOMMUN,
            Outcome.NOT_APPLICABLE,
            "Kravet är inte tillämpligt för Haninge kommun.",
        ),
    )
    rules = (
        RuleInfo("HAN-TG-01", findings[0].title, Severity.HIGH, TG_SOURCE, TG_RULE, "Policy"),
        RuleInfo("HAN-AB-01", findings[2].title, Severity.MEDIUM, AB_SOURCE, AB_RULE, "Policy"),
    )
    return Report(
        tool_version="0.1.0",
        period=ReportPeriod("2025", date(2025, 1, 1), date(2025, 12, 31)),
        as_of=date(2026, 3, 31),
        kommun="Haninge kommun",
        rules=rules,
        findings=findings,
        rule_files=("policy_rules/haninge.rules",),
        data_files=(DATA,),
        digests={DATA: "b" * 64, "policy_rules/haninge.rules": "a" * 64},
    )


def several_per_nämnd_report() -> Report:
    """One rule over synpunkter: two subjects of the same nämnd land in one table cell."""
    base = sample_report()
    first = Subject("synpunkt", "S-1", "S-1", "sn", "Socialnämnden")
    second = Subject("synpunkt", "S-2", "S-2", "sn", "Socialnämnden")
    third = Subject("synpunkt", "S-3", "S-3", "sn", "Socialnämnden")
    findings = (
        _finding("HAN-TG-01", first, Outcome.FAIL, "Besvarades för sent."),
        _finding("HAN-TG-01", second, Outcome.PASS, "Besvarades i tid."),
        _finding("HAN-TG-01", third, Outcome.PASS, "Besvarades i tid."),
    )
    return Report(
        tool_version=base.tool_version,
        period=base.period,
        as_of=base.as_of,
        kommun=base.kommun,
        rules=base.rules[:1],
        findings=findings,
    )


# ---------------------------------------------------------------- registry


def test_every_format_has_a_renderer() -> None:
    assert list(FORMATS) == [
        "terminal",
        "json",
        "sarif",
        "junit",
        "github",
        "markdown",
        "html",
        "docx",
    ]
    report = sample_report()
    for name in FORMATS:
        rendered = render_report(report, name)
        assert rendered, name
        assert isinstance(rendered, bytes) == (name in BINARY_FORMATS), name


def test_render_report_dispatches_on_the_format_name() -> None:
    report = sample_report()
    assert render_report(report, "json") == json_reporter.render(report)
    assert render_report(report, "terminal") == terminal.render(report)


def test_unknown_format_is_a_key_error_naming_the_known_ones() -> None:
    with pytest.raises(KeyError, match="terminal, json, sarif"):
        render_report(sample_report(), "pdf")


def test_every_outcome_and_severity_has_swedish_words() -> None:
    assert [message(f"report.outcome.{o.value}") for o in Outcome] == [
        "Uppfyllt",
        "Avvikelse",
        "Ej tillämplig",
        "Underlag saknas",
        "Ej förfallet",
        "Undantag",
    ]
    assert [message(f"report.severity.{s.value}") for s in Severity] == [
        "låg",
        "medel",
        "hög",
        "kritisk",
    ]


# ---------------------------------------------------------------- JSON


def test_json_top_level_keys_are_in_the_documented_order() -> None:
    document = json.loads(render_report(sample_report(), "json"))
    assert list(document) == [
        "schema_version",
        "tool",
        "kommun",
        "period",
        "as_of",
        "rule_files",
        "data_files",
        "digests",
        "rules",
        "findings",
        "summary",
        "waiver_files",
        "stale_waivers",
        "baseline",
    ]
    assert document["schema_version"] == "1.1"
    assert document["tool"] == {"name": "compliance", "version": "0.1.0"}
    assert document["period"] == {"label": "2025", "start": "2025-01-01", "end": "2025-12-31"}
    assert document["as_of"] == "2026-03-31"


def test_json_finding_keys_are_in_the_documented_order() -> None:
    finding = json.loads(render_report(sample_report(), "json"))["findings"][0]
    assert list(finding) == [
        "rule",
        "title",
        "severity",
        "outcome",
        "subject",
        "message",
        "evidence",
        "source",
        "location",
        "recommendation",
        "missing",
        "deadline",
        "waiver",
        "new",
    ]
    assert list(finding["subject"]) == ["kind", "id", "name", "nämnd"]
    assert list(finding["evidence"][0]) == ["text", "path", "value", "location"]
    assert list(finding["source"]) == [
        "document",
        "section",
        "page",
        "quote",
        "url",
        "rule_file",
        "rule_line",
        "rule_column",
    ]


def test_json_finding_values() -> None:
    findings = json.loads(render_report(sample_report(), "json"))["findings"]
    failed = findings[0]
    assert (failed["rule"], failed["severity"], failed["outcome"]) == ("HAN-TG-01", "high", "fail")
    assert failed["subject"]["nämnd"] == {"id": "bun", "name": "Barn- och utbildningsnämnden"}
    assert failed["evidence"][0]["location"] == {"file": DATA, "line": 41, "column": 3}
    assert failed["location"] == {"file": DATA, "line": 7, "column": 5}
    assert failed["source"]["rule_line"] == 12
    assert findings[2]["missing"] == ["rapporter"]
    assert findings[3]["deadline"] == "2026-05-31"
    # A subject without a nämnd and a finding without a location are null, not absent.
    assert findings[4]["subject"]["nämnd"] is None
    assert findings[4]["location"] is None


def test_json_findings_keep_the_order_of_the_report() -> None:
    report = sample_report()
    findings = json.loads(render_report(report, "json"))["findings"]
    assert [(f["rule"], f["subject"]["id"]) for f in findings] == [
        (f.rule, f.subject.id) for f in report.findings
    ]


def test_json_summary_counts_every_outcome_even_at_zero() -> None:
    summary = json.loads(render_report(several_per_nämnd_report(), "json"))["summary"]
    assert summary == {
        "pass": 2,
        "fail": 1,
        "not_applicable": 0,
        "insufficient_data": 0,
        "not_due": 0,
        "waived": 0,
        "total": 3,
    }


def test_json_is_byte_identical_across_renders() -> None:
    first = render_report(sample_report(), "json").encode("utf-8")
    second = render_report(sample_report(), "json").encode("utf-8")
    assert first == second
    assert first.endswith(b"}\n")


def test_json_digests_are_sorted_by_file_name() -> None:
    digests = json.loads(render_report(sample_report(), "json"))["digests"]
    assert list(digests) == sorted(digests)


def test_json_writes_swedish_letters_unescaped() -> None:
    text = render_report(sample_report(), "json")
    assert "Barn- och utbildningsnämnden" in text
    assert "\\u00e4" not in text


# ---------------------------------------------------------------- terminal


def test_terminal_shows_the_swedish_outcome_words() -> None:
    text = render_report(sample_report(), "terminal")
    for word in ("Avvikelse", "Underlag saknas", "Ej förfallet", "Ej tillämplig", "Uppfyllt"):
        assert word in text


def test_terminal_header_names_kommun_period_as_of_and_rule_files() -> None:
    text = render_report(sample_report(), "terminal")
    assert "Haninge kommun" in text.splitlines()[0]
    assert "2025 (2025-01-01 – 2025-12-31)" in text
    assert "Avstämningsdag:  2026-03-31" in text
    assert "policy_rules/haninge.rules" in text


def test_terminal_table_has_a_row_per_nämnd_and_a_column_per_rule() -> None:
    lines = render_report(sample_report(), "terminal").splitlines()
    header = next(line for line in lines if line.startswith("Nämnd"))
    assert header.split() == ["Nämnd", "HAN-TG-01", "HAN-AB-01"]
    row = next(line for line in lines if line.startswith("Barn- och utbildningsnämnden"))
    assert "✗ avv" in row and "? saknas" in row
    row = next(line for line in lines if line.startswith("Socialnämnden"))
    assert "✓" in row and "… ej förf." in row
    row = next(line for line in lines if line.startswith("Kommunövergripande"))
    assert "– e.t." in row


def test_terminal_table_counts_several_subjects_of_one_nämnd() -> None:
    lines = render_report(several_per_nämnd_report(), "terminal").splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith("Socialnämnden"))
    assert "✗ 1 avv" in lines[index]
    assert "✓ 2" in lines[index + 1]


def test_terminal_shows_evidence_with_its_data_location() -> None:
    text = render_report(sample_report(), "terminal")
    assert "Ingen av 3 poster i `tjänstegarantier` uppfyller villkoret." in text
    assert f"{DATA}:41:3" in text
    assert "policy_rules/haninge.rules:12:1" in text


def test_terminal_details_cite_the_source_with_its_quote() -> None:
    text = render_report(sample_report(), "terminal")
    # The citation may wrap at the fixed width; compare with runs of white space folded.
    assert "avsnitt 4.2, s. 7, ”Alla nämnder ska ha tjänstegarantier.”" in " ".join(text.split())
    assert "Länk: https://example.se/policy.pdf" in text
    assert "Rekommendation: Nämnden bör ta fram tjänstegarantier." in text
    assert "Saknat underlag: rapporter" in text
    assert "Frist: 2026-05-31" in text


def test_terminal_details_leave_out_passed_findings() -> None:
    text = render_report(sample_report(), "terminal")
    assert "Kravet är inte uppfyllt för Barn- och utbildningsnämnden." in text
    assert "Kravet är uppfyllt för Socialnämnden." not in text


def test_terminal_ends_with_the_totals() -> None:
    last = render_report(sample_report(), "terminal").rstrip("\n").splitlines()[-1]
    assert last == (
        "Totalt 5 bedömningar: Avvikelse 1, Underlag saknas 1, Ej förfallet 1, "
        "Ej tillämplig 1, Uppfyllt 1."
    )


def test_terminal_without_colour_has_no_escape_codes_whatever_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    plain = render_report(sample_report(), "terminal")
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "40")
    monkeypatch.setenv("TERM", "xterm-256color")
    assert not ANSI.search(plain)
    assert render_report(sample_report(), "terminal") == plain


def test_terminal_output_fits_the_fixed_width() -> None:
    lines = render_report(sample_report(), "terminal").splitlines()
    assert max(len(line) for line in lines) <= terminal.DEFAULT_WIDTH
    assert all(line == line.rstrip() for line in lines)


def test_colour_only_adds_to_the_words() -> None:
    coloured = render_report(sample_report(), "terminal", color=True)
    assert ANSI.search(coloured)
    stripped = re.sub(r"\x1b\[[0-9;]*m", "", coloured)
    plain = render_report(sample_report(), "terminal")
    assert [line.rstrip() for line in stripped.splitlines()] == plain.splitlines()


def test_terminal_report_without_findings_says_so() -> None:
    base = sample_report()
    empty = Report(base.tool_version, base.period, base.as_of, None, (), ())
    text = render_report(empty, "terminal")
    assert message("report.table.no_findings") in text
    assert text.rstrip().endswith(message("report.summary.none"))


def test_json_lists_every_rule_checked_with_its_source() -> None:
    report = sample_report()
    document = json.loads(render_report(report, "json"))
    assert [rule["id"] for rule in document["rules"]] == [rule.id for rule in report.rules]
    first = document["rules"][0]
    assert list(first) == ["id", "title", "severity", "document", "source"]
    assert first["source"]["quote"] == report.rules[0].source.quote
