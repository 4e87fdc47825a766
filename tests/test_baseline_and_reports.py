"""`--baseline` (only new deviations fail), `--report` (several formats in one run), `--lang`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_process import run
from test_cli import (
    DATA,
    GUARANTEE_FOR_KN,
    RULES,
    check,
)

SECOND_RULE = """
krav TG-02 "Varje nämnd har minst två tjänstegarantier" {
  allvarlighet medel
  källa { dokument "Policy för kvalitet" avsnitt "4.3" citat "Minst två garantier." }
  avser n i nämnder
  kräver antal(g i tjänstegarantier där g.nämnd = n) >= 2
}
"""


def baseline_of(project: Path) -> None:
    first = check(project, "--format", "json", "--output", "baseline.json")
    assert first.code == 1, first.stderr


# ---------------------------------------------------------------- baseline


def test_a_deviation_already_in_the_baseline_does_not_fail_the_run(project: Path) -> None:
    baseline_of(project)
    result = check(project, "--baseline", "baseline.json", "--format", "json")
    assert result.code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["baseline"]["new"] == 0
    assert document["baseline"]["persisting"] == 1
    (kn,) = [f for f in document["findings"] if f["outcome"] == "fail"]
    assert kn["new"] is False


def test_a_new_deviation_fails_the_run_and_is_marked_new(project: Path) -> None:
    baseline_of(project)
    (project / "policy.rules").write_text(RULES + SECOND_RULE, encoding="utf-8")
    result = check(project, "--baseline", "baseline.json", "--format", "json")
    assert result.code == 1
    document = json.loads(result.stdout)
    new = sorted((f["rule"], f["subject"]["id"]) for f in document["findings"] if f["new"])
    assert new == [("TG-02", "kn"), ("TG-02", "sn")]
    assert document["baseline"]["new"] == 2


def test_a_resolved_deviation_is_reported(project: Path) -> None:
    baseline_of(project)
    (project / "organisation.yaml").write_text(DATA + GUARANTEE_FOR_KN, encoding="utf-8")
    result = check(project, "--baseline", "baseline.json")
    assert result.code == 0
    text = " ".join(result.stdout.split())
    assert "baseline.json: 0 nya, 0 kvarstående, 1 åtgärdade avvikelser." in text
    assert "TG-01 · Kulturnämnden (nämnd kn): Kulturnämnden saknar tjänstegarantier." in text


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("{not json", "baseline.json:1:2: error[E425]: the baseline is not valid JSON"),
        ('{"a": 1}', "error[E425]: the baseline is not a report written by `compliance check"),
        (
            '{"schema_version": "2.0", "findings": []}',
            "error[E425]: the baseline has schema version `2.0`",
        ),
    ],
)
def test_a_bad_baseline_is_an_input_error(project: Path, content: str, expected: str) -> None:
    (project / "baseline.json").write_text(content, encoding="utf-8")
    result = check(project, "--baseline", "baseline.json")
    assert result.code == 2
    assert expected in result.stderr


# ---------------------------------------------------------------- several reports


def test_one_run_writes_each_report_to_its_own_file(project: Path) -> None:
    result = check(
        project, "--format", "json", "--report", "terminal=report.txt", "--report", "json=r.json"
    )
    assert result.code == 1
    assert json.loads((project / "r.json").read_text("utf-8")) == json.loads(result.stdout)
    assert "Kulturnämnden saknar tjänstegarantier." in (project / "report.txt").read_text("utf-8")


def test_reports_can_be_configured_in_a_table(project: Path) -> None:
    (project / "compliance.toml").write_text(
        'rules = ["policy.rules"]\ndata = ["organisation.yaml"]\nperiod = 2025\n'
        'as_of = 2026-03-31\n\n[reports]\njson = "out/r.json"\n',
        encoding="utf-8",
    )
    (project / "out").mkdir()
    result = run("check", cwd=project)
    assert result.code == 1, result.stderr
    assert json.loads((project / "out/r.json").read_text("utf-8"))["summary"]["fail"] == 1


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        (("--report", "sarif"), "error[E402]: `--report sarif` does not say FORMAT=FILE"),
        (("--report", "pdf=x.pdf"), "error[E402]: `pdf` is not a valid `--report`"),
        (
            ("--report", "json=a.json", "--report", "terminal=a.json"),
            "error[E404]: two reports would be written to `a.json`",
        ),
        (("--report", "json=policy.rules"), "error[E404]: refusing to write the report onto"),
        (("--lang", "de"), "error[E402]: `de` is not a valid `--lang`"),
    ],
)
def test_bad_report_flags_are_input_errors(
    project: Path, flags: tuple[str, ...], expected: str
) -> None:
    before = (project / "policy.rules").read_bytes()
    result = check(project, *flags)
    assert result.code == 2
    assert expected in result.stderr
    assert (project / "policy.rules").read_bytes() == before


# ---------------------------------------------------------------- language


def test_english_report_uses_the_english_catalogue(project: Path) -> None:
    result = check(project, "--lang", "en", "--format", "json")
    assert result.code == 1
    messages = [f["message"] for f in json.loads(result.stdout)["findings"]]
    # The rule's own `avvikelse` text stays as written; the catalogue's pass sentence does not.
    assert "Kulturnämnden saknar tjänstegarantier." in messages
    assert not any("Kravet är uppfyllt" in m for m in messages)
