"""`compliance test`: rule packs' tests as data, run end to end through the command line."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_process import Run
from cli_process import run as subprocess_run

from compliance import cli
from compliance.findings import Outcome
from compliance.testing.outcomes import outcome_named

ROOT = Path(__file__).resolve().parent.parent
HANINGE_TESTS = ROOT / "policy_rules" / "haninge-verksamhetsstyrning.test.yaml"

RULES = """\
styrdokument "Policy för kvalitet" {
  utfärdare "kommunfullmäktige"
}

krav TG-01 "Varje nämnd har tjänstegarantier" {
  allvarlighet hög
  källa { dokument "Policy för kvalitet" avsnitt "4.2" citat "Alla nämnder ska ha garantier." }
  avser n i nämnder
  kräver finns g i tjänstegarantier där g.nämnd = n
  avvikelse "{n.namn} saknar tjänstegarantier."
}

krav RIKTL "Det finns en riktlinje" {
  allvarlighet låg
  källa { dokument "Policy för kvalitet" avsnitt "5" citat "Riktlinjer ska finnas." }
  kräver finns d i styrdokument där d.typ = "riktlinje"
  avvikelse "Det finns ingen riktlinje."
}
"""

# Line 3 is the case; line 14 and 15 are its expectations.
CASE = """\
fall:
  - namn: "Socialnämnden har en garanti, kulturnämnden ingen"
    period: 2025
    avstämningsdag: 2026-03-31
    organisation:
      kommun: {{id: testby, namn: Testby kommun}}
      nämnder:
        - {{id: socialnämnden, namn: Socialnämnden}}
        - {{id: kulturnämnden, namn: Kulturnämnden}}
      tjänstegarantier:
        - {{id: tg1, nämnd: socialnämnden, titel: Svar inom en vecka}}
      styrdokument: []{extra}
    förväntat:
      - {{regel: TG-01, avser: socialnämnden, utfall: {first}}}
      - {{regel: {rule}, avser: {subject}, utfall: {second}}}
"""


def case(
    *,
    first: str = "pass",
    second: str = "fail",
    rule: str = "TG-01",
    subject: str = "kulturnämnden",
    extra: str = "",
) -> str:
    return CASE.format(first=first, second=second, rule=rule, subject=subject, extra=extra)


ORGANISATION = """\
kommun: {id: testby, namn: Testby kommun}
nämnder: [{id: kulturnämnden, namn: Kulturnämnden}]
tjänstegarantier: []
"""

DATA_CASE = """\
fall:
  - namn: Data i en egen fil
    period: 2025
    avstämningsdag: 2026-03-31
    data: [{data}]
    förväntat:
      - {{regel: TG-01, avser: kulturnämnden, utfall: fail}}
"""


Runner = Callable[..., Run]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "kvalitet.rules").write_text(RULES, encoding="utf-8")
    (tmp_path / "kvalitet.test.yaml").write_text(case(), encoding="utf-8")
    # Without paths, `compliance test` tests the config's rule files: kvalitet.test.yaml.
    (tmp_path / "compliance.toml").write_text('rules = ["kvalitet.rules"]\n', encoding="utf-8")
    return tmp_path


@pytest.fixture
def compliance(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Runner:
    """`compliance …` in this process, in the project directory: fast, and the real `main`."""

    def run(*args: str | Path) -> Run:
        monkeypatch.chdir(project)
        monkeypatch.setattr(sys, "argv", ["compliance", *map(str, args)])
        with pytest.raises(SystemExit) as exited:
            cli.main()
        stdout, stderr = capsys.readouterr()
        assert "Traceback" not in stderr, stderr
        code = exited.value.code
        return Run(code if isinstance(code, int) else 0, stdout, stderr)

    return run


def write(project: Path, text: str, name: str = "kvalitet.test.yaml") -> None:
    (project / name).write_text(text, encoding="utf-8")


# ---------------------------------------------------------------- passing and failing cases


def test_a_passing_case(compliance: Runner) -> None:
    result = compliance("test", "kvalitet.test.yaml")
    assert result.code == 0, result.stdout + result.stderr
    assert result.stdout.startswith(
        "✓ kvalitet.test.yaml:2  Socialnämnden har en garanti, kulturnämnden ingen\n"
    )
    assert result.stdout.splitlines()[-1] == "1 passed, 0 failed"


def test_a_failing_case_shows_expected_and_actual_with_the_message(
    compliance: Runner, project: Path
) -> None:
    write(project, case(second="pass"))
    result = compliance("test", "kvalitet.test.yaml")
    assert result.code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "✗ kvalitet.test.yaml:2  Socialnämnden har en garanti, kulturnämnden ingen"
    assert lines[1].split() == ["rad", "regel", "avser", "väntat", "fick"]
    assert lines[2].split() == ["15", "TG-01", "kulturnämnden", "pass", "fail"]
    # The finding's own message says why.
    assert lines[3].strip() == "Kulturnämnden saknar tjänstegarantier."
    assert lines[-1] == "0 passed, 1 failed"


def test_one_failing_case_does_not_hide_the_others(compliance: Runner, project: Path) -> None:
    passing = case().split("\n", 1)[1]
    write(project, case(second="pass") + passing)
    result = compliance("test")
    assert result.code == 1
    assert result.stdout.splitlines()[-1] == "1 passed, 1 failed"
    assert "✓ kvalitet.test.yaml:16  " in result.stdout


@pytest.mark.parametrize(
    ("word", "outcome"),
    [
        ("uppfyllt", Outcome.PASS),
        ("avvikelse", Outcome.FAIL),
        ("ej_tillämplig", Outcome.NOT_APPLICABLE),
        ("underlag_saknas", Outcome.INSUFFICIENT_DATA),
        ("ej_förfallet", Outcome.NOT_DUE),
        ("not_due", Outcome.NOT_DUE),
    ],
)
def test_swedish_outcome_words(word: str, outcome: Outcome) -> None:
    assert outcome_named(word) is outcome


def test_swedish_outcome_words_in_a_file(compliance: Runner, project: Path) -> None:
    write(project, case(first="uppfyllt", second="avvikelse"))
    assert compliance("test").code == 0
    write(project, case(first="uppfyllt", second="uppfyllt"))
    result = compliance("test")
    assert result.code == 1
    # The diff shows the code, whichever word the file used.
    assert "15   TG-01  kulturnämnden  pass    fail" in result.stdout


# ---------------------------------------------------------------- fullständigt


def test_complete_case_fails_on_a_finding_it_does_not_list(
    compliance: Runner, project: Path
) -> None:
    assert compliance("test").code == 0  # RIKTL's finding is not listed, and need not be
    write(project, case(extra="\n    fullständigt: true"))
    result = compliance("test")
    assert result.code == 1
    row = next(line for line in result.stdout.splitlines() if "RIKTL" in line)
    assert row.split() == ["–", "RIKTL", "(kommunen)", "(ej", "listad)", "fail"]
    assert "Det finns ingen riktlinje." in result.stdout


def test_complete_case_listing_everything_passes(compliance: Runner, project: Path) -> None:
    text = case(extra="\n    fullständigt: true") + "      - {regel: RIKTL, utfall: fail}\n"
    write(project, text)
    assert compliance("test").code == 0


# ---------------------------------------------------------------- what an expectation names


def test_unknown_rule_is_a_failure_with_a_suggestion(compliance: Runner, project: Path) -> None:
    write(project, case(rule="TG-1"))
    result = compliance("test")
    assert result.code == 1
    assert "15   TG-1   kulturnämnden  fail    –" in result.stdout
    assert "Regeln finns inte i fallets regelfiler. Menade du `TG-01`?" in result.stdout


def test_unknown_subject_is_a_failure_with_a_suggestion(compliance: Runner, project: Path) -> None:
    write(project, case(subject="kulturnämden"))
    result = compliance("test")
    assert result.code == 1
    assert "Menade du `kulturnämnden`?" in result.stdout


def test_expectation_without_subject_for_a_rule_judged_per_nämnd(
    compliance: Runner, project: Path
) -> None:
    write(project, case(subject="~"))
    result = compliance("test")
    assert result.code == 1
    assert "15   TG-01  (kommunen)  fail    –" in result.stdout
    assert "Regeln bedöms för varje nämnd; ange vilken med `avser`" in result.stdout


def test_expectation_without_subject_matches_the_kommun_level_finding(
    compliance: Runner, project: Path
) -> None:
    # RIKTL has no `avser`; TG-01, with no `nämnder` at all, gives one finding for the kommun.
    write(
        project,
        """\
fall:
  - namn: Inget underlag
    period: 2025
    avstämningsdag: 2026-03-31
    organisation:
      kommun: {id: testby, namn: Testby kommun}
    fullständigt: true
    förväntat:
      - {regel: TG-01, utfall: insufficient_data}
      - {regel: RIKTL, utfall: underlag_saknas}
""",
    )
    result = compliance("test")
    assert result.code == 0, result.stdout


def test_subject_given_for_a_kommun_level_rule(compliance: Runner, project: Path) -> None:
    write(project, case(rule="RIKTL", subject="kulturnämnden"))
    result = compliance("test")
    assert result.code == 1
    assert "Regeln bedöms för kommunen som helhet; ta bort `avser`." in result.stdout


# ---------------------------------------------------------------- coverage


def test_coverage_lists_the_rules_lacking_a_pass_or_a_fail_case(
    compliance: Runner, project: Path
) -> None:
    result = compliance("test")
    assert result.code == 0  # coverage is reported, but only required on request
    assert "Täckning: 1 av 2 regler har fall som väntar både pass och fail." in result.stdout
    (row,) = [line for line in result.stdout.splitlines() if line.startswith("  RIKTL")]
    assert row.split() == [
        "RIKTL",
        "fall",
        "som",
        "väntar",
        "pass",
        "och",
        "fail",
        "kvalitet.rules:13",
    ]

    required = compliance("test", "--require-coverage")
    assert required.code == 1
    assert required.stdout.splitlines()[-1] == "1 passed, 0 failed"


def test_require_coverage_passes_when_every_rule_is_tested_both_ways(
    compliance: Runner, project: Path
) -> None:
    more = """\
  - namn: Riktlinjen finns
    period: 2025
    avstämningsdag: 2026-03-31
    organisation:
      kommun: {id: testby, namn: Testby kommun}
      styrdokument: [{id: r, titel: Riktlinje, typ: riktlinje}]
    förväntat:
      - {regel: RIKTL, utfall: pass}
  - namn: Ingen riktlinje
    period: 2025
    avstämningsdag: 2026-03-31
    organisation:
      kommun: {id: testby, namn: Testby kommun}
      styrdokument: []
    förväntat:
      - {regel: RIKTL, utfall: fail}
"""
    write(project, case() + more)
    result = compliance("test", "--require-coverage")
    assert result.code == 0, result.stdout
    assert "Täckning: alla 2 regler har fall som väntar både pass och fail." in result.stdout
    assert result.stdout.splitlines()[-1] == "3 passed, 0 failed"


def test_a_rule_file_without_tests_is_reported(compliance: Runner, project: Path) -> None:
    (project / "otestad.rules").write_text(
        RULES.replace("TG-01", "X-01").replace("RIKTL", "X-02"), encoding="utf-8"
    )
    result = compliance("test", ".")
    assert result.code == 0
    assert "  otestad.rules: ingen testfil laddar regelfilen" in result.stdout
    assert compliance("test", ".", "--require-coverage").code == 1


# ---------------------------------------------------------------- which files are loaded


def test_a_test_file_loads_only_its_own_rule_file(compliance: Runner, project: Path) -> None:
    # A rule file beside it that does not even parse is not loaded.
    (project / "annan.rules").write_text("krav {", encoding="utf-8")
    assert compliance("test", "kvalitet.test.yaml").code == 0


def test_regler_names_the_rule_files(compliance: Runner, project: Path) -> None:
    (project / "packs").mkdir()
    (project / "kvalitet.rules").rename(project / "packs" / "annat-namn.rules")
    write(project, "regler: [packs]\n" + case())
    assert compliance("test").code == 0


def test_data_files_relative_to_the_test_file(compliance: Runner, project: Path) -> None:
    (project / "data").mkdir()
    (project / "data" / "organisation.yaml").write_text(ORGANISATION, encoding="utf-8")
    # A test file kept among the data is not read as data.
    (project / "data" / "annat.test.yaml").write_text("fall: []\n", encoding="utf-8")
    (project / "tests").mkdir()
    write(project, "regler: [../kvalitet.rules]\n" + DATA_CASE.format(data="../data/"),
          "tests/kvalitet.test.yaml")  # fmt: skip
    (project / "kvalitet.test.yaml").unlink()
    result = compliance("test", "tests")
    assert result.code == 0, result.stdout + result.stderr
    assert "✓ tests/kvalitet.test.yaml:3  Data i en egen fil" in result.stdout


# ---------------------------------------------------------------- bad input: exit 2


def test_unknown_key_exits_2_with_file_line_and_column(compliance: Runner, project: Path) -> None:
    write(project, case().replace("    förväntat:", "    förväntad:"))
    result = compliance("test")
    assert result.code == 2
    assert result.stdout == ""
    assert "kvalitet.test.yaml:13:5: error[E411]: unknown key `förväntad` in `fall[0]`" in (
        result.stderr
    )
    assert "13 |     förväntad:" in result.stderr
    assert "  = help: did you mean `förväntat`?" in result.stderr


def test_every_problem_in_a_test_file_is_reported_at_its_place(
    compliance: Runner, project: Path
) -> None:
    text = (
        case(second="pas", subject="12")
        .replace("period: 2025", "period: 2025-T5")
        .replace("avstämningsdag: 2026-03-31", "avstämningsdag: 2026-02-30")
    )
    write(project, text)
    result = compliance("test")
    assert result.code == 2
    errors = re.findall(r"^(\S+): error\[(E\d+)\]", result.stderr, re.M)
    assert errors == [
        ("kvalitet.test.yaml:3:13", "E412"),  # no tertial 5
        ("kvalitet.test.yaml:4:21", "E412"),  # 30 February
        ("kvalitet.test.yaml:15:31", "E412"),  # a number where an id is expected
        ("kvalitet.test.yaml:15:43", "E412"),  # `pas`
    ]
    assert 'write it in quotes: `avser: "12"`' in result.stderr
    assert "did you mean `pass`?" in result.stderr


def test_the_same_expectation_twice(compliance: Runner, project: Path) -> None:
    write(project, case(subject="socialnämnden"))
    result = compliance("test")
    assert result.code == 2
    assert (
        "kvalitet.test.yaml:15:9: error[E414]: `TG-01` for `socialnämnden` is already "
        "expected on line 14" in result.stderr
    )


def test_duplicate_key_in_a_test_file(compliance: Runner, project: Path) -> None:
    write(project, case().replace("    period: 2025\n", "    period: 2025\n    period: 2024\n"))
    result = compliance("test")
    assert result.code == 2
    assert "kvalitet.test.yaml:4:5: error[E312]: duplicate key `period`" in result.stderr


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "kvalitet.test.yaml: error[E410]: the test file is empty"),
        ("- a\n", "kvalitet.test.yaml:1:1: error[E410]: the top level of a test file"),
        ("regler: []\n", "error[E412]: `regler` must be a list of paths"),
        ("fall: []\n", "kvalitet.test.yaml:1:7: error[E410]: `fall` is empty"),
        ("fall: [{namn: x}]\n", "kvalitet.test.yaml:1:8: error[E412]: `fall[0]` has no `period`"),
        ("fall:\n  - 1\n", "kvalitet.test.yaml:2:5: error[E412]: `fall[0]` must be a mapping"),
    ],
)
def test_malformed_test_files(compliance: Runner, project: Path, text: str, expected: str) -> None:
    write(project, text)
    result = compliance("test")
    assert result.code == 2
    assert expected in result.stderr


def test_both_data_and_organisation(compliance: Runner, project: Path) -> None:
    write(project, case().replace("    organisation:", "    data: [x.yaml]\n    organisation:"))
    result = compliance("test")
    assert result.code == 2
    assert "kvalitet.test.yaml:6:5: error[E412]: `fall[0]` has both `data` and `organisation`" in (
        result.stderr
    )


def test_missing_data_file_is_located_in_the_test_file(compliance: Runner, project: Path) -> None:
    (project / "organisation.yaml").write_text(ORGANISATION, encoding="utf-8")
    write(project, DATA_CASE.format(data="organisaton.yaml"))
    result = compliance("test")
    assert result.code == 2
    assert (
        "kvalitet.test.yaml:5:12: error[E413]: the data file `organisaton.yaml` does not exist"
        in result.stderr
    )
    assert "did you mean `organisation.yaml`?" in result.stderr
    write(project, DATA_CASE.format(data="organisation.yaml"))
    assert compliance("test").code == 0


def test_missing_default_rule_file(compliance: Runner, project: Path) -> None:
    (project / "kvalitet.rules").unlink()
    result = compliance("test", "kvalitet.test.yaml")
    assert result.code == 2
    assert "kvalitet.test.yaml: error[E413]: `kvalitet.rules` does not exist" in result.stderr


def test_rule_file_with_errors_exits_2(compliance: Runner, project: Path) -> None:
    (project / "kvalitet.rules").write_text(RULES.replace("n.namn", "n.nam"), encoding="utf-8")
    result = compliance("test")
    assert result.code == 2
    assert "kvalitet.rules:10:17: error[E202]: a nämnd has no attribute `nam`" in result.stderr
    assert result.stdout == ""


def test_no_test_files_found(compliance: Runner, project: Path) -> None:
    (project / "tom").mkdir()
    result = compliance("test", "tom", "saknas.test.yaml")
    assert result.code == 2
    assert "tom: error[E403]: no test files (*.test.yaml) found in `tom`" in result.stderr
    assert "saknas.test.yaml: error[E403]: `saknas.test.yaml` does not exist" in result.stderr


def test_bad_format(compliance: Runner) -> None:
    result = compliance("test", "--format", "jsn")
    assert result.code == 2
    assert "did you mean `json`?" in result.stderr


# ---------------------------------------------------------------- inline data


def test_inline_data_errors_point_into_the_test_file(compliance: Runner, project: Path) -> None:
    text = case().replace(
        "        - {id: kulturnämnden, namn: Kulturnämnden}",
        "        - id: kulturnämnden\n          namn: Kulturnämnden\n          nämd: x",
    )
    write(project, text)
    result = compliance("test")
    assert result.code == 2
    assert "kvalitet.test.yaml:11:11: error[E320]: unknown key `nämd` in `nämnder[1]`" in (
        result.stderr
    )
    # The user's own line is quoted under the position, not a blanked copy of it.
    assert "11 |           nämd: x" in result.stderr

    # The checks across the data run on inline data too, and are located the same way.
    write(project, case().replace("nämnd: socialnämnden, titel", "nämnd: socialnämden, titel"))
    result = compliance("test")
    assert result.code == 2
    assert "kvalitet.test.yaml:11:28: error[E341]: unknown nämnd `socialnämden`" in result.stderr
    assert "did you mean `socialnämnden`?" in result.stderr


def test_inline_data_in_flow_style_is_located_too(compliance: Runner, project: Path) -> None:
    write(
        project,
        """\
fall:
  - namn: Flödesstil
    period: 2025
    avstämningsdag: 2026-03-31
    organisation: {kommun: {id: k, namn: K}, nämnder: [{id: a, namn: 7}]}
    förväntat: [{regel: RIKTL, utfall: insufficient_data}]
""",
    )
    result = compliance("test")
    assert result.code == 2
    assert "kvalitet.test.yaml:5:70: error[E322]" in result.stderr


def test_findings_from_inline_data_cite_the_test_file(compliance: Runner, project: Path) -> None:
    write(project, case(second="pass"))
    result = compliance("test", "--format", "json")
    assert result.code == 1
    # The same run again gives the same bytes.
    assert compliance("test", "--format", "json").stdout == result.stdout


def test_a_defect_while_evaluating_names_the_case(
    compliance: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    from compliance import api

    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("u")

    monkeypatch.setattr(api, "check", broken)
    result = compliance("test")
    assert result.code == 3
    assert result.stderr.startswith(
        "internal error: CaseCrashed: while evaluating the case at kvalitet.test.yaml:2 "
        "(Socialnämnden har en garanti, kulturnämnden ingen): KeyError: 'u'"
    )


# ---------------------------------------------------------------- JSON, determinism, read-only


def test_json_output(compliance: Runner, project: Path) -> None:
    write(project, case(second="pass"))
    result = compliance("test", "--format", "json")
    assert result.code == 1
    document = json.loads(result.stdout)
    assert document["summary"] == {"passed": 0, "failed": 1}
    (case_result,) = document["cases"]
    assert case_result["file"] == "kvalitet.test.yaml"
    assert case_result["line"] == 2
    assert (case_result["period"], case_result["as_of"]) == ("2025", "2026-03-31")
    assert case_result["differences"] == [
        {
            "kind": "wrong_outcome",
            "rule": "TG-01",
            "subject": "kulturnämnden",
            "expected": "pass",
            "got": "fail",
            "line": 15,
            "message": "Kulturnämnden saknar tjänstegarantier.",
            "help": None,
        }
    ]
    assert [r["rule"] for r in document["coverage"]["rules"]] == ["TG-01", "RIKTL"]
    assert document["coverage"]["complete"] is False
    # Keys are sorted at every level.
    assert (
        result.stdout == json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    )


def test_test_files_are_only_read(compliance: Runner, project: Path) -> None:
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in project.iterdir()}
    compliance("test")
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in project.iterdir()} == before


# ---------------------------------------------------------------- the repository's rule packs


def test_haninge_pack_tests_pass_with_full_coverage() -> None:
    result = subprocess_run(
        "test", HANINGE_TESTS.relative_to(ROOT), "--require-coverage", "--format", "json", cwd=ROOT
    )
    assert result.code == 0, result.stdout + result.stderr
    document = json.loads(result.stdout)
    assert document["summary"]["failed"] == 0
    rules = document["coverage"]["rules"]
    assert {r["file"] for r in rules} == {"policy_rules/haninge-verksamhetsstyrning.rules"}
    assert len(rules) == 11
    assert all(r["expects_pass"] and r["expects_fail"] for r in rules)


def test_every_rule_pack_passes_its_tests_with_full_coverage() -> None:
    result = subprocess_run("test", "policy_rules/", "--require-coverage", cwd=ROOT)
    assert result.code == 0, result.stdout + result.stderr


def test_the_example_in_the_docs_runs(tmp_path: Path) -> None:
    doc = (ROOT / "docs" / "rule-tests.md").read_text("utf-8")
    (example,) = re.findall(r"## An example\n.*?```yaml\n(.*?)```", doc, re.S)
    packs = tmp_path / "policy_rules"
    packs.mkdir()
    (tmp_path / "fixtures").symlink_to(ROOT / "fixtures", target_is_directory=True)
    (packs / "tjanstegarantier.rules").write_text(RULES.split("krav RIKTL")[0], encoding="utf-8")
    (packs / "tjanstegarantier.test.yaml").write_text(example, encoding="utf-8")
    result = subprocess_run("test", "policy_rules", "--require-coverage", cwd=tmp_path)
    assert result.code == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1] == "2 passed, 0 failed"
