"""The command line end to end: `python -m compliance` in a subprocess, as CI runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from cli_process import Run, run

from compliance import cli

RULES = """\
styrdokument "Policy för kvalitet" {
  utfärdare "kommunfullmäktige"
  antagen 2020-05-01
}

krav TG-01 "Varje nämnd har tjänstegarantier" {
  allvarlighet hög
  källa {
    dokument "Policy för kvalitet"
    avsnitt "4.2"
    sida 5
    citat "Alla nämnder ska ha tjänstegarantier."
  }
  avser n i nämnder
  kräver finns g i tjänstegarantier där g.nämnd = n
  avvikelse "{n.namn} saknar tjänstegarantier."
  rekommendation "Nämnden bör ta fram tjänstegarantier."
}
"""

# Synpunkter are not declared in DATA, so this rule can only say "underlag saknas".
SYNPUNKTER_RULE = """\
styrdokument "Policy för kvalitet" {
  utfärdare "kommunfullmäktige"
}

krav SYN-01 "Synpunkter besvaras inom två arbetsdagar" {
  allvarlighet medel
  källa { dokument "Policy för kvalitet" avsnitt "5" citat "Inom två arbetsdagar." }
  avser n i nämnder
  kräver för varje s i synpunkter där s.nämnd = n: s.besvarad <= s.inkommen + 2 arbetsdagar
}
"""

DATA = """\
kommun:
  id: testby
  namn: Testby kommun
nämnder:
  - id: sn
    namn: Socialnämnden
  - id: kn
    namn: Kulturnämnden
tjänstegarantier:
  - id: tg1
    nämnd: sn
    titel: Svar inom en vecka
"""

GUARANTEE_FOR_KN = """\
  - id: tg2
    nämnd: kn
    titel: Öppet alla helger
"""


def check(project: Path, *extra: str, as_of: str = "2026-03-31") -> Run:
    return run(
        "check",
        "--rules", "policy.rules",
        "--data", "organisation.yaml",
        "--period", "2025",
        "--as-of", as_of,
        *extra,
        cwd=project,
    )  # fmt: skip


# ---------------------------------------------------------------- check: exit codes


def test_check_exits_0_when_every_requirement_is_met(project: Path) -> None:
    (project / "organisation.yaml").write_text(DATA + GUARANTEE_FOR_KN, encoding="utf-8")
    result = check(project)
    assert result.code == 0, result.stderr
    assert "Totalt 2 bedömningar" in result.stdout


def test_check_exits_1_on_a_failing_finding(project: Path) -> None:
    result = check(project)
    assert result.code == 1, result.stderr
    assert "✗ avv" in result.stdout
    assert "Kulturnämnden saknar tjänstegarantier." in result.stdout
    assert "organisation.yaml:7:5" in result.stdout


def test_fail_on_above_the_findings_severity_exits_0(project: Path) -> None:
    assert check(project, "--fail-on", "critical").code == 0
    assert check(project, "--fail-on", "never").code == 0
    assert check(project, "--fail-on", "high").code == 1


def test_missing_evidence_fails_the_check(project: Path) -> None:
    (project / "policy.rules").write_text(SYNPUNKTER_RULE, encoding="utf-8")
    result = check(project, "--format", "json")
    assert result.code == 1, result.stderr
    outcomes = {f["outcome"] for f in json.loads(result.stdout)["findings"]}
    assert outcomes == {"insufficient_data"}


def test_json_report_on_stdout(project: Path) -> None:
    result = check(project, "--format", "json")
    document = json.loads(result.stdout)
    assert document["kommun"] == "Testby kommun"
    assert document["summary"]["fail"] == 1
    assert document["rule_files"] == ["policy.rules"]


def test_missing_period_and_as_of_are_usage_errors(project: Path) -> None:
    result = run("check", "--rules", "policy.rules", "--data", "organisation.yaml", cwd=project)
    assert result.code == 2
    assert "error[E402]: no reporting period given" in result.stderr
    assert "error[E402]: no as-of date given" in result.stderr
    assert result.stdout == ""


def test_bad_period_and_bad_as_of_are_reported_together(project: Path) -> None:
    result = run(
        "check", "--rules", "policy.rules", "--data", "organisation.yaml",
        "--period", "2025x", "--as-of", "2026-13-01", cwd=project,
    )  # fmt: skip
    assert result.code == 2
    assert "error[E402]: `2025x` is not a period" in result.stderr
    assert "error[E402]: the as-of date `2026-13-01` is not a date" in result.stderr


def test_nonexistent_data_file_exits_2(project: Path) -> None:
    result = run(
        "check", "--rules", "policy.rules", "--data", "saknas.yaml",
        "--period", "2025", "--as-of", "2026-03-31", cwd=project,
    )  # fmt: skip
    assert result.code == 2
    assert "saknas.yaml" in result.stderr
    assert result.stdout == ""


def test_rule_error_exits_2_with_its_position(project: Path) -> None:
    (project / "policy.rules").write_text(RULES.replace("g.nämnd", "g.nämd"), encoding="utf-8")
    result = check(project)
    assert result.code == 2
    assert "policy.rules:15:" in result.stderr
    assert "did you mean `nämnd`?" in result.stderr


def test_unknown_option_is_a_usage_error(project: Path) -> None:
    assert run("check", "--no-such-flag", cwd=project).code == 2


def test_unknown_format_suggests_the_known_ones(project: Path) -> None:
    result = check(project, "--format", "jsn")
    assert result.code == 2
    assert "did you mean `json`?" in result.stderr


def test_as_of_today_is_announced_on_stderr(project: Path) -> None:
    result = run(
        "check", "--rules", "policy.rules", "--data", "organisation.yaml",
        "--period", "2025", "--as-of", "today", "--format", "json", cwd=project,
    )  # fmt: skip
    as_of = json.loads(result.stdout)["as_of"]
    assert f"as-of date: today = {as_of}" in result.stderr


def test_rule_warnings_go_to_stderr_and_do_not_fail(project: Path) -> None:
    (project / "organisation.yaml").write_text(DATA + GUARANTEE_FOR_KN, encoding="utf-8")
    rules = RULES.replace("krav TG-01", "låt oanvänd = 3\n\nkrav TG-01")
    (project / "policy.rules").write_text(rules, encoding="utf-8")
    result = check(project, "--format", "json")
    assert result.code == 0
    assert "warning[W501]" in result.stderr
    json.loads(result.stdout)


# ---------------------------------------------------------------- check: --output


def test_output_is_written_atomically_and_replaces_an_old_report(project: Path) -> None:
    target = project / "out" / "report.json"
    target.parent.mkdir()
    target.write_text("old report", encoding="utf-8")
    result = check(project, "--format", "json", "--output", "out/report.json")
    assert result.code == 1
    assert result.stdout == ""
    assert json.loads(target.read_text("utf-8"))["summary"]["total"] == 2
    assert sorted(p.name for p in target.parent.iterdir()) == ["report.json"]


def test_output_is_byte_identical_across_runs(project: Path) -> None:
    check(project, "--format", "json", "--output", "first.json")
    check(project, "--format", "json", "--output", "second.json")
    assert (project / "first.json").read_bytes() == (project / "second.json").read_bytes()


@pytest.mark.parametrize("input_file", ["policy.rules", "organisation.yaml", "./policy.rules"])
def test_output_onto_an_input_file_is_refused(project: Path, input_file: str) -> None:
    before = {p.name: p.read_bytes() for p in project.iterdir()}
    result = check(project, "--output", input_file)
    assert result.code == 2
    assert "refusing to write the report onto the input file" in result.stderr
    assert {p.name: p.read_bytes() for p in project.iterdir()} == before


def test_output_onto_a_rule_file_inside_a_rule_directory_is_refused(project: Path) -> None:
    (project / "rules").mkdir()
    (project / "policy.rules").rename(project / "rules" / "policy.rules")
    result = run(
        "check", "--rules", "rules", "--data", "organisation.yaml", "--period", "2025",
        "--as-of", "2026-03-31", "--output", "rules/policy.rules", cwd=project,
    )  # fmt: skip
    assert result.code == 2
    assert (project / "rules" / "policy.rules").read_text("utf-8") == RULES


def test_output_onto_the_config_file_is_refused(project: Path) -> None:
    config = 'rules = ["policy.rules"]\ndata = ["organisation.yaml"]\n'
    (project / "compliance.toml").write_text(config, encoding="utf-8")
    result = run(
        "check", "--period", "2025", "--as-of", "2026-03-31", "-o", "compliance.toml",
        cwd=project,
    )  # fmt: skip
    assert result.code == 2
    assert (project / "compliance.toml").read_text("utf-8") == config


# ---------------------------------------------------------------- config


def test_config_file_supplies_settings_and_flags_override_them(project: Path) -> None:
    (project / "compliance.toml").write_text(
        'rules = ["policy.rules"]\ndata = ["organisation.yaml"]\nperiod = 2024\n'
        'as_of = 2025-03-31\nformat = "json"\n',
        encoding="utf-8",
    )
    (project / "sub").mkdir()
    result = run("check", "--period", "2025", cwd=project / "sub")
    assert result.code == 1, result.stderr
    document = json.loads(result.stdout)
    assert document["period"]["label"] == "2025"  # the flag
    assert document["as_of"] == "2025-03-31"  # the file


def test_bad_config_file_exits_2_with_position(project: Path) -> None:
    (project / "compliance.toml").write_text("perod = 2025\n", encoding="utf-8")
    result = run("check", cwd=project)
    assert result.code == 2
    assert "compliance.toml:1:1: error[E401]: unknown setting `perod`" in result.stderr
    assert "did you mean `period`?" in result.stderr


# ---------------------------------------------------------------- lint


def test_lint_clean_rules_exit_0(project: Path) -> None:
    result = run("lint", "--rules", "policy.rules", cwd=project)
    assert result.code == 0
    assert result.stdout == "1 rule file checked: 0 errors, 0 warnings\n"


def test_lint_warnings_alone_exit_0(project: Path) -> None:
    rules = RULES.replace("krav TG-01", "låt oanvänd = 3\n\nkrav TG-01")
    (project / "policy.rules").write_text(rules, encoding="utf-8")
    result = run("lint", "--rules", "policy.rules", cwd=project)
    assert result.code == 0
    assert "policy.rules:6:5: warning[W501]: `oanvänd` is defined but never used" in result.stdout
    assert result.stdout.endswith("0 errors, 1 warning\n")


def test_lint_errors_exit_1_with_source_line_and_caret(project: Path) -> None:
    (project / "policy.rules").write_text(RULES.replace("g.nämnd", "g.nämd"), encoding="utf-8")
    result = run("lint", "--rules", "policy.rules", cwd=project)
    assert result.code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "policy.rules:15:43: error[E202]: a tjänstegaranti has no attribute `nämd`"
    assert lines[2] == "15 |   kräver finns g i tjänstegarantier där g.nämd = n"
    assert lines[3] == "   |                                           ^^^^"
    assert lines[-1] == "1 rule file checked: 1 error, 0 warnings"


def test_lint_unreadable_input_exits_2(project: Path) -> None:
    result = run("lint", "--rules", "saknas.rules", cwd=project)
    assert result.code == 2
    assert "saknas.rules" in result.stdout


# ---------------------------------------------------------------- explain, schema, version


def test_explain_prints_the_rule_with_its_citation(project: Path) -> None:
    result = run("explain", "TG-01", "--rules", "policy.rules", cwd=project)
    assert result.code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "Krav TG-01"
    assert "citat:        ”Alla nämnder ska ha tjänstegarantier.”" in result.stdout
    assert "Kräver:         finns g i tjänstegarantier där g.nämnd = n" in result.stdout
    assert "Avvikelse:      {n.namn} saknar tjänstegarantier." in result.stdout
    assert "Regelfil:       policy.rules:6:1" in result.stdout


def test_explain_unknown_rule_exits_2_with_a_suggestion(project: Path) -> None:
    result = run("explain", "tg-1", "--rules", "policy.rules", cwd=project)
    assert result.code == 2
    assert "there is no rule `tg-1`" in result.stderr
    assert "did you mean `TG-01`?" in result.stderr


def test_schema_prints_valid_json_schema(tmp_path: Path) -> None:
    result = run("schema", cwd=tmp_path)
    assert result.code == 0
    schema = json.loads(result.stdout)
    assert "nämnder" in schema["properties"]


def test_version(tmp_path: Path) -> None:
    result = run("--version", cwd=tmp_path)
    assert result.code == 0
    assert result.stdout.startswith("compliance ")


def test_help_does_not_import_the_heavy_modules(tmp_path: Path) -> None:
    probe = (
        "import sys\n"
        "sys.argv = ['compliance', '--help']\n"
        "from compliance import cli\n"
        "try:\n"
        "    cli.main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print([m for m in ('rich', 'lark', 'pydantic', 'yaml') if m in sys.modules])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert result.stdout.splitlines()[-1] == "[]"


# ---------------------------------------------------------------- internal errors


def test_internal_error_is_one_line_and_exit_3(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from compliance import api

    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(api, "check", broken)
    monkeypatch.chdir(project)
    monkeypatch.setattr(
        sys,
        "argv",
        ["compliance", "check", "--rules", "policy.rules", "--data", "organisation.yaml",
         "--period", "2025", "--as-of", "2026-03-31"],
    )  # fmt: skip
    with pytest.raises(SystemExit) as exited:
        cli.main()
    assert exited.value.code == 3
    err = capsys.readouterr().err
    assert err == "internal error: ZeroDivisionError: division by zero (please report this)\n"
