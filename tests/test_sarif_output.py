"""SARIF output: valid SARIF 2.1.0 whose results point at the YAML lines the findings are about.

The Haninge example is the end-to-end case; `varied_report()` adds what it lacks (a waived
finding, an expired waiver, a baseline, a stale waiver, a finding without a data location).
Both builders are shared with the JUnit and GitHub tests.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import replace
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from cli_process import run

from compliance import api
from compliance.data.dataset import Location
from compliance.findings import (
    BaselineComparison,
    BaselineFinding,
    Finding,
    Outcome,
    Report,
    WaiverRef,
)
from compliance.reporters import json as json_reporter
from compliance.reporters import sarif

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = Path(__file__).resolve().parent / "data" / "sarif-schema-2.1.0.json"
WAIVER_FILE = "undantag.yaml"
FAILING = (Outcome.FAIL, Outcome.INSUFFICIENT_DATA)


# ---------------------------------------------------------------- shared builders


@cache
def haninge_report() -> Report:
    """The bundled example as the root compliance.toml configures it, built through the API."""
    config = tomllib.loads((ROOT / "compliance.toml").read_text("utf-8"))
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)  # paths in a report are relative to the working directory
        rules = api.load_rules(config["rules"])
        data = api.load_data(config["data"])
        return api.check(rules, data, period=config["period"], as_of=config["as_of"])


def failing(report: Report) -> list[Finding]:
    return [f for f in report.findings if f.outcome in FAILING]


def waiver(finding: Finding, *, expired: bool, line: int) -> WaiverRef:
    return WaiverRef(
        rule=finding.rule,
        subject=finding.subject.id,
        justification="Nämnden avvecklas 2027; 100 % av arbetet, pausas.",
        decided_by="Kommunstyrelsen",
        reference="KS 2026/123",
        valid_until=date(2026, 6, 30) if expired else date(2027, 6, 30),
        location=Location(WAIVER_FILE, line, 5),
        expired=expired,
        original_outcome=finding.outcome,
    )


@cache
def varied_report() -> Report:
    """Haninge with the first failing finding waived, the second's waiver expired, the third
    new and the fourth persisting since a baseline, the fifth without a data location, one
    stale waiver and one finding resolved since the baseline."""
    base = haninge_report()
    first, second, third, fourth, fifth = failing(base)[:5]
    changed = {
        first.key: replace(
            first,
            outcome=Outcome.WAIVED,
            waiver=waiver(first, expired=False, line=2),
            new=None,
        ),
        second.key: replace(second, waiver=waiver(second, expired=True, line=9)),
        third.key: replace(third, new=True),
        fourth.key: replace(fourth, new=False),
        fifth.key: replace(fifth, location=None),
    }
    stale = replace(waiver(first, expired=False, line=16), rule="KL-5.3", subject=None)
    resolved = BaselineFinding(
        rule="HAN-TG",
        subject_kind="nämnd",
        subject_id="kulturnämnden",
        subject_name="Kultur- och fritidsnämnden",
        outcome="fail",
        message="Kultur- och fritidsnämnden har ingen gällande tjänstegaranti för 2024.",
    )
    return replace(
        base,
        findings=tuple(changed.get(f.key, f) for f in base.findings),
        stale_waivers=(stale,),
        waiver_files=(WAIVER_FILE,),
        baseline=BaselineComparison("baseline.json", new=1, persisting=1, resolved=(resolved,)),
    )


# ---------------------------------------------------------------- helpers


def sarif_of(report: Report) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(sarif.render(report))
    return document


def run_of(report: Report) -> dict[str, Any]:
    only: dict[str, Any] = sarif_of(report)["runs"][0]
    return only


def schema_errors(document: dict[str, Any]) -> list[str]:
    schema = json.loads(SCHEMA.read_text("utf-8"))
    validator = jsonschema.Draft7Validator(
        schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
    )
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]


def result_for(report: Report, finding: Finding) -> dict[str, Any]:
    index = report.findings.index(finding)
    result: dict[str, Any] = run_of(report)["results"][index]
    return result


def finding_for(report: Report, rule: str, subject_id: str) -> Finding:
    return next(f for f in report.findings if f.rule == rule and f.subject.id == subject_id)


# ---------------------------------------------------------------- validity


def empty_report() -> Report:
    return replace(haninge_report(), rules=(), findings=(), rule_files=(), data_files=())


@pytest.mark.parametrize("build", [haninge_report, varied_report, empty_report])
def test_the_log_is_valid_sarif_2_1_0(build: Any) -> None:
    document = sarif_of(build())
    assert schema_errors(document) == []
    assert document["version"] == "2.1.0"
    assert len(document["runs"]) == 1


def test_the_schema_copy_rejects_an_invalid_log() -> None:
    # The validation above can fail: a result without a message is not SARIF.
    document = sarif_of(haninge_report())
    del document["runs"][0]["results"][0]["message"]
    document["runs"][0]["results"][1]["kind"] = "failed"
    assert len(schema_errors(document)) == 2


def test_the_driver_names_the_tool_and_invents_no_url() -> None:
    driver = run_of(haninge_report())["tool"]["driver"]
    assert driver["name"] == "compliance"
    assert driver["version"] == haninge_report().tool_version
    assert "informationUri" not in driver


# ---------------------------------------------------------------- rules


def test_every_rule_of_the_report_is_a_descriptor_in_order() -> None:
    report = haninge_report()
    rules = run_of(report)["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [rule.id for rule in report.rules]
    for descriptor, rule in zip(rules, report.rules, strict=True):
        assert descriptor["shortDescription"]["text"] == rule.title
        assert rule.source.document in descriptor["fullDescription"]["text"]
        assert descriptor["help"]["text"] and descriptor["help"]["markdown"]
        assert descriptor["properties"]["ruleFile"] == rule.rule_location.file
        assert descriptor["properties"]["ruleLine"] == rule.rule_location.line
        assert descriptor["properties"]["severity"] == rule.severity.value
        assert ("helpUri" in descriptor) == (rule.source.url is not None)


def test_a_rule_descriptor_carries_citation_level_and_a_readable_name() -> None:
    rules = {r["id"]: r for r in run_of(haninge_report())["tool"]["driver"]["rules"]}
    tg = rules["HAN-TG"]
    assert tg["name"] == "SamtligaNämnderSkaHaTjänstegarantier"
    assert tg["defaultConfiguration"] == {"level": "error"}
    assert tg["fullDescription"]["text"] == (
        "Policy för verksamhetsstyrning och kvalitet, avsnitt Tjänstegarantier, ”Samtliga "
        "nämnder ska därför ha tjänstegarantier som driver kvalitetsarbetet framåt.”"
    )
    assert "> Samtliga nämnder ska därför ha tjänstegarantier" in tg["help"]["markdown"]
    place = next(r.rule_location for r in haninge_report().rules if r.id == "HAN-TG")
    assert f"Regel: {place.file}:{place.line}:{place.column}" in tg["help"]["text"]
    assert place.file == "policy_rules/haninge-verksamhetsstyrning.rules"
    assert rules["HAN-SYN"]["defaultConfiguration"] == {"level": "warning"}
    linked = [r for r in rules.values() if "helpUri" in r]
    assert linked and all(r["helpUri"].startswith("https://") for r in linked)


def test_rule_names_are_pascal_case_words_of_the_title() -> None:
    assert sarif.rule_name("Årsberättelse till nämnden senast 31 maj") == (
        "ÅrsberättelseTillNämndenSenast31Maj"
    )
    assert sarif.rule_name("Alla verksamheter följs upp, i egen regi") == (
        "AllaVerksamheterFöljsUppIEgenRegi"
    )
    assert sarif.rule_name("–") == ""


# ---------------------------------------------------------------- results


def test_one_result_per_finding_with_its_rule_index() -> None:
    report = haninge_report()
    run_ = run_of(report)
    rules = run_["tool"]["driver"]["rules"]
    assert len(run_["results"]) == len(report.findings) == 127
    for result, finding in zip(run_["results"], report.findings, strict=True):
        assert result["ruleId"] == finding.rule
        assert rules[result["ruleIndex"]]["id"] == finding.rule
        assert result["properties"]["outcome"] == finding.outcome.value
        assert result["message"]["text"].startswith(finding.message)


@pytest.mark.parametrize(
    ("outcome", "kind"),
    [
        (Outcome.PASS, "pass"),
        (Outcome.FAIL, "fail"),
        (Outcome.INSUFFICIENT_DATA, "fail"),
        (Outcome.NOT_APPLICABLE, "notApplicable"),
        (Outcome.NOT_DUE, "informational"),
    ],
)
def test_each_outcome_has_its_kind_and_only_failing_results_a_level(
    outcome: Outcome, kind: str
) -> None:
    report = haninge_report()
    pairs = [
        (r, f)
        for r, f in zip(run_of(report)["results"], report.findings, strict=True)
        if f.outcome is outcome
    ]
    assert pairs, f"the example has no {outcome.value} finding"
    levels = {"low": "note", "medium": "warning", "high": "error", "critical": "error"}
    for result, finding in pairs:
        assert result["kind"] == kind
        expected = levels[finding.severity.value] if kind == "fail" else "none"
        assert result["level"] == expected


def test_failing_results_point_at_the_yaml_line_of_their_subject() -> None:
    report = haninge_report()
    json_findings = json.loads(json_reporter.render(report))["findings"]
    results = run_of(report)["results"]
    checked = 0
    for result, expected in zip(results, json_findings, strict=True):
        if result["kind"] != "fail":
            continue
        physical = result["locations"][0]["physicalLocation"]
        where = (physical["artifactLocation"]["uri"], physical["region"]["startLine"])
        column = physical["region"]["startColumn"]
        location = expected["location"]
        assert where == (location["file"], location["line"])
        assert column == location["column"]
        assert physical["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        # The line really is the subject's entry in the data file.
        line = (ROOT / location["file"]).read_text("utf-8").splitlines()[location["line"] - 1]
        assert line[column - 1 :].startswith(f"id: {expected['subject']['id']}")
        checked += 1
    assert checked == 19


def test_valnämnden_fails_han_tg_at_its_entry() -> None:
    report = haninge_report()
    result = result_for(report, finding_for(report, "HAN-TG", "valnämnden"))
    assert result["kind"] == "fail" and result["level"] == "error"
    assert result["message"]["text"].startswith(
        "Valnämnden har ingen gällande tjänstegaranti för 2025."
    )
    assert "Rekommendation: Vi rekommenderar att nämnden tar fram" in result["message"]["text"]
    physical = result["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == "fixtures/haninge/organisation.yaml"
    assert physical["region"] == {"startLine": 68, "startColumn": 5}


def test_the_rule_and_the_evidence_are_related_locations() -> None:
    report = haninge_report()
    finding = finding_for(report, "HAN-SYN", "grundskolenämnden")
    related = result_for(report, finding)["relatedLocations"]
    rule = related[0]
    assert rule["message"]["text"] == "regeln HAN-SYN"
    assert rule["physicalLocation"]["artifactLocation"]["uri"] == finding.rule_location.file
    assert rule["physicalLocation"]["region"]["startLine"] == finding.rule_location.line
    evidence = [e for e in finding.evidence if e.location is not None]
    assert [r["message"]["text"] for r in related[1:]] == [e.text for e in evidence]
    assert ("fixtures/haninge/synpunkter.yaml", 147) in {
        (
            r["physicalLocation"]["artifactLocation"]["uri"],
            r["physicalLocation"]["region"]["startLine"],
        )
        for r in related
    }
    assert [r["id"] for r in related] == list(range(len(related)))


def test_a_finding_without_data_location_points_at_its_rule() -> None:
    report = varied_report()
    finding = next(f for f in report.findings if f.location is None)
    primary = result_for(report, finding)["locations"][0]
    physical = primary["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == finding.rule_location.file
    assert physical["region"]["startLine"] == finding.rule_location.line
    assert primary["message"]["text"] == f"regeln {finding.rule}"


def test_fingerprints_follow_rule_and_subject_not_line_or_message() -> None:
    report = haninge_report()
    prints = [r["partialFingerprints"] for r in run_of(report)["results"]]
    keys = [p["complianceFindingKey/v1"] for p in prints]
    assert len(set(keys)) == len(keys)
    assert len({p["primaryLocationLineHash"] for p in prints}) == len(keys)
    finding = failing(report)[0]
    moved = replace(
        finding, location=Location("fixtures/haninge/organisation.yaml", 99, 1), message="Ny text."
    )
    moved_report = replace(report, findings=(moved,))
    assert (
        run_of(moved_report)["results"][0]["partialFingerprints"]
        == prints[report.findings.index(finding)]
    )


def test_artifacts_list_rule_and_data_files_with_their_digests() -> None:
    report = haninge_report()
    artifacts = run_of(report)["artifacts"]
    uris = [a["location"]["uri"] for a in artifacts]
    assert uris == [*report.rule_files, *report.data_files]
    for artifact, name in zip(artifacts, uris, strict=True):
        assert artifact["hashes"] == {"sha-256": report.digests[name]}
    roles = {a["location"]["uri"]: a["roles"] for a in artifacts}
    assert roles["fixtures/haninge/organisation.yaml"] == ["analysisTarget"]


def test_the_base_uri_is_declared_without_a_machine_path() -> None:
    run_ = run_of(haninge_report())
    assert set(run_["originalUriBaseIds"]) == {"%SRCROOT%"}
    assert "uri" not in run_["originalUriBaseIds"]["%SRCROOT%"]
    assert str(ROOT) not in sarif.render(haninge_report())


def test_run_properties_carry_summary_period_and_as_of() -> None:
    properties = run_of(haninge_report())["properties"]
    assert properties["summary"] == {
        "pass": 85,
        "fail": 15,
        "not_applicable": 22,
        "insufficient_data": 4,
        "not_due": 1,
        "waived": 0,
        "total": 127,
    }
    assert properties["period"] == {"label": "2025", "start": "2025-01-01", "end": "2025-12-31"}
    assert properties["asOf"] == "2026-09-30"
    assert properties["baseline"] is None


# ---------------------------------------------------------------- waivers and baseline


def test_a_waived_finding_is_an_accepted_external_suppression() -> None:
    report = varied_report()
    finding = next(f for f in report.findings if f.outcome is Outcome.WAIVED)
    result = result_for(report, finding)
    assert result["kind"] == "fail" and result["level"] == "error"
    assert result["properties"]["outcome"] == "waived"
    (suppression,) = result["suppressions"]
    assert suppression["kind"] == "external"
    assert suppression["status"] == "accepted"
    assert suppression["justification"] == "Nämnden avvecklas 2027; 100 % av arbetet, pausas."
    assert suppression["properties"]["reference"] == "KS 2026/123"
    assert suppression["properties"]["decidedBy"] == "Kommunstyrelsen"
    assert suppression["properties"]["validUntil"] == "2027-06-30"
    assert suppression["location"]["physicalLocation"]["artifactLocation"]["uri"] == WAIVER_FILE
    assert result["relatedLocations"][-1]["message"]["text"] == f"undantaget för {finding.rule}"


def test_an_expired_waiver_is_no_suppression_and_the_message_says_so() -> None:
    report = varied_report()
    finding = next(f for f in report.findings if f.waiver is not None and f.waiver.expired)
    result = result_for(report, finding)
    assert "suppressions" not in result
    assert result["kind"] == "fail"
    assert "Undantaget upphörde att gälla 2026-06-30" in result["message"]["text"]
    assert result["properties"]["waiver"]["expired"] is True


def test_baseline_states_new_unchanged_and_absent() -> None:
    report = varied_report()
    results = run_of(report)["results"]
    states = {
        (r["ruleId"], r["properties"]["subject"]["id"]): r.get("baselineState") for r in results
    }
    new = next(f for f in report.findings if f.new is True)
    unchanged = next(f for f in report.findings if f.new is False)
    assert states[(new.rule, new.subject.id)] == "new"
    assert states[(unchanged.rule, unchanged.subject.id)] == "unchanged"
    absent = results[-1]
    assert len(results) == len(report.findings) + 1
    assert absent["baselineState"] == "absent"
    assert (absent["kind"], absent["level"]) == ("pass", "none")
    assert absent["ruleId"] == "HAN-TG"
    assert (
        "Kultur- och fritidsnämnden har ingen gällande tjänstegaranti"
        in (absent["message"]["text"])
    )
    # The same identity as the finding had when it failed, so the alert closes.
    key = ("HAN-TG", "nämnd", "kulturnämnden")
    assert absent["partialFingerprints"] == sarif.fingerprints(key)


def test_stale_waivers_and_baseline_counts_are_run_properties() -> None:
    properties = run_of(varied_report())["properties"]
    (stale,) = properties["staleWaivers"]
    assert stale["rule"] == "KL-5.3"
    assert stale["location"] == f"{WAIVER_FILE}:16:5"
    assert "KL-5.3" in stale["message"]
    assert properties["waiverFiles"] == [WAIVER_FILE]
    assert properties["baseline"] == {
        "file": "baseline.json",
        "new": 1,
        "persisting": 1,
        "resolved": 1,
    }


# ---------------------------------------------------------------- bytes


def test_two_renders_are_byte_identical() -> None:
    first = sarif.render(varied_report()).encode("utf-8")
    second = sarif.render(varied_report()).encode("utf-8")
    assert first == second
    assert first.endswith(b"}\n")
    assert "nämnd".encode() in first  # Swedish letters are written as they are


def test_a_path_with_a_space_is_a_percent_encoded_uri() -> None:
    report = haninge_report()
    finding = replace(failing(report)[0], location=Location("data/min fil.yaml", 3, 1))
    result = run_of(replace(report, findings=(finding,)))["results"][0]
    uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "data/min%20fil.yaml"


def test_the_command_line_writes_the_same_sarif() -> None:
    result = run("check", "--format", "sarif", cwd=ROOT)
    assert result.code == 1, result.stderr
    assert result.stdout == sarif.render(haninge_report())
    assert schema_errors(json.loads(result.stdout)) == []
