"""Waivers (undantag): a justified, dated exception turns a deviation into `waived`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_process import Run, run
from test_cli import check

WAIVER = """\
undantag:
  - regel: TG-01
    avser: kn
    motivering: "Kulturnämnden slås ihop med fritidsnämnden 2027."
    beslutat_av: Kommunstyrelsen
    diarienummer: KS 2026/123
    giltigt_till: {until}
"""


def write_waivers(project: Path, text: str) -> Path:
    path = project / "undantag.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def kn_finding(result: Run) -> dict[str, object]:
    findings = json.loads(result.stdout)["findings"]
    (finding,) = [f for f in findings if f["subject"]["id"] == "kn"]
    return finding  # type: ignore[no-any-return]


def test_without_a_waiver_the_deviation_fails_the_run(project: Path) -> None:
    assert check(project).code == 1


def test_a_valid_waiver_turns_the_fail_into_waived_and_exit_0(project: Path) -> None:
    write_waivers(project, WAIVER.format(until="2026-12-31"))
    result = check(project, "--waivers", "undantag.yaml", "--format", "json")
    assert result.code == 0, result.stderr
    finding = kn_finding(result)
    assert finding["outcome"] == "waived"
    waiver = finding["waiver"]
    assert isinstance(waiver, dict)
    assert waiver["original_outcome"] == "fail"
    assert waiver["justification"] == "Kulturnämnden slås ihop med fritidsnämnden 2027."
    assert waiver["reference"] == "KS 2026/123"
    assert waiver["expired"] is False
    assert waiver["location"] == {"file": "undantag.yaml", "line": 2, "column": 5}
    summary = json.loads(result.stdout)["summary"]
    assert (summary["waived"], summary["fail"]) == (1, 0)


def test_the_last_valid_day_is_inclusive_and_the_day_after_has_expired(project: Path) -> None:
    write_waivers(project, WAIVER.format(until="2026-03-31"))
    on_the_day = check(project, "--waivers", "undantag.yaml", "--format", "json")
    assert on_the_day.code == 0
    assert kn_finding(on_the_day)["outcome"] == "waived"
    day_after = check(project, "--waivers", "undantag.yaml", "--format", "json", as_of="2026-04-01")
    assert day_after.code == 1
    finding = kn_finding(day_after)
    assert finding["outcome"] == "fail"
    waiver = finding["waiver"]
    assert isinstance(waiver, dict) and waiver["expired"] is True


def test_an_expired_waiver_is_said_in_the_terminal_report(project: Path) -> None:
    write_waivers(project, WAIVER.format(until="2025-12-31"))
    result = check(project, "--waivers", "undantag.yaml")
    assert result.code == 1
    assert "Undantaget upphörde att gälla 2025-12-31" in " ".join(result.stdout.split())


def test_a_waived_finding_is_shown_and_counted_separately(project: Path) -> None:
    write_waivers(project, WAIVER.format(until="2026-12-31"))
    result = check(project, "--waivers", "undantag.yaml")
    text = " ".join(result.stdout.split())
    assert "⊘ Undantag · nämnd Kulturnämnden (kn)" in text
    assert "beslutat av Kommunstyrelsen, dnr KS 2026/123, gäller t.o.m. 2026-12-31" in text
    assert "Undantag 1" in text


def test_a_waiver_for_every_subject_covers_each_of_them(project: Path) -> None:
    write_waivers(
        project,
        "undantag:\n  - regel: TG-01\n    motivering: Ny policy antas.\n"
        "    giltigt_till: 2026-12-31\n",
    )
    result = check(project, "--waivers", "undantag.yaml", "--format", "json")
    assert result.code == 0
    assert kn_finding(result)["outcome"] == "waived"


def test_a_waiver_that_matches_nothing_is_reported_stale(project: Path) -> None:
    # `sn` has a guarantee: its finding passes, so a waiver for it is stale.
    write_waivers(project, WAIVER.format(until="2026-12-31").replace("avser: kn", "avser: sn"))
    result = check(project, "--waivers", "undantag.yaml", "--format", "json")
    assert result.code == 1
    assert "undantag.yaml:2:5: warning[W504]" in result.stderr
    stale = json.loads(result.stdout)["stale_waivers"]
    assert [(w["rule"], w["subject"]) for w in stale] == [("TG-01", "sn")]


def test_the_waiver_file_can_be_named_in_the_config(project: Path) -> None:
    write_waivers(project, WAIVER.format(until="2026-12-31"))
    (project / "compliance.toml").write_text(
        'rules = ["policy.rules"]\ndata = ["organisation.yaml"]\nperiod = 2025\n'
        'as_of = 2026-03-31\nwaivers = "undantag.yaml"\n',
        encoding="utf-8",
    )
    result = run("check", "--format", "json", cwd=project)
    assert result.code == 0, result.stderr
    assert json.loads(result.stdout)["waiver_files"] == ["undantag.yaml"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "undantag:\n  - regel: TG-01\n    giltigt_till: 2026-12-31\n",
            "undantag.yaml:2:5: error[E421]: the waiver has no `motivering`",
        ),
        (
            "undantag:\n  - regel: TG-01\n    motivering: '  '\n    giltigt_till: 2026-12-31\n",
            "undantag.yaml:3:17: error[E421]: the waiver's `motivering` is empty",
        ),
        (
            "undantag:\n  - regel: TG-1\n    motivering: x\n    giltigt_till: 2026-12-31\n",
            "undantag.yaml:2:12: error[E422]: the waiver names the unknown rule `TG-1`",
        ),
        (
            "undantag:\n  - regel: TG-01\n    motivering: x\n    giltigt_till: 2026-02-30\n",
            "undantag.yaml:4:19: error[E423]: `giltigt_till` must be a date",
        ),
        (
            "undantag:\n  - regel: TG-01\n    motivation: x\n    giltigt_till: 2026-12-31\n",
            "undantag.yaml:3:5: error[E420]: unknown key `motivation` in a waiver",
        ),
        (
            "undantag:\n  - regel: TG-01\n    motivering: x\n    giltigt_till: 2026-12-31\n"
            "  - regel: TG-01\n    motivering: y\n    giltigt_till: 2027-12-31\n",
            "undantag.yaml:5:5: error[E424]: a second waiver for rule `TG-01`",
        ),
        ("- regel: TG-01\n", "error[E420]: the waiver file is empty or not a mapping"),
        ("", "error[E420]: the waiver file is empty or not a mapping"),
    ],
)
def test_a_bad_waiver_file_is_an_input_error(project: Path, text: str, expected: str) -> None:
    write_waivers(project, text)
    before = (project / "undantag.yaml").read_bytes()
    result = check(project, "--waivers", "undantag.yaml")
    assert result.code == 2
    assert expected in result.stderr
    assert result.stdout == ""
    assert (project / "undantag.yaml").read_bytes() == before


def test_a_missing_waiver_file_is_an_input_error(project: Path) -> None:
    result = check(project, "--waivers", "nowhere.yaml")
    assert result.code == 2
    assert "no such file: `nowhere.yaml`" in result.stderr


def test_the_did_you_mean_for_an_unknown_rule(project: Path) -> None:
    write_waivers(
        project, "undantag:\n  - regel: TG-1\n    motivering: x\n    giltigt_till: 2026-12-31\n"
    )
    result = check(project, "--waivers", "undantag.yaml")
    assert "did you mean `TG-01`?" in result.stderr
