"""`compliance lint` through the command line: each check at its file:line:col, and the exit code.

Warnings (W501 unused definition, W502 no source, W503 no quote) never fail lint; an error
(E207, a rule id used twice, in one file or across files) does.
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.cli_process import Run, run

HEADER = 'styrdokument "Riktlinje" { }\n'
SOURCE = 'källa { dokument "Riktlinje" avsnitt "1" citat "Varje nämnd ska ha en garanti." }'


def rule(rule_id: str, *, source: str = SOURCE, body: str = "kräver sant") -> str:
    return f'krav {rule_id} "Titel" {{\n  allvarlighet låg\n  {source}\n  {body}\n}}\n'


def lint(tmp_path: Path, files: dict[str, str], *rules: str) -> Run:
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    arguments = [arg for path in rules or tuple(files) for arg in ("--rules", path)]
    return run("lint", *arguments, cwd=tmp_path)


def located(output: str) -> list[str]:
    """Each diagnostic's head line: `file:line:col: level[code]: message`."""
    return re.findall(r"^\S+:\d+:\d+: (?:error|warning)\[[EW]\d+\]: .*$", output, re.M)


def test_a_clean_file_exits_0_with_nothing_to_say(tmp_path: Path) -> None:
    result = lint(tmp_path, {"ren.rules": HEADER + rule("R-1")})
    assert result.code == 0, result.stdout + result.stderr
    assert located(result.stdout) == []
    assert result.stdout.strip() == "1 rule file checked: 0 errors, 0 warnings"


def test_an_unused_file_definition_is_w501_at_its_name_and_exits_0(tmp_path: Path) -> None:
    text = HEADER + "låt används = 1\nlåt oanvänd = 2\n" + rule("R-1", body="kräver används = 1")
    result = lint(tmp_path, {"def.rules": text})
    assert result.code == 0
    assert located(result.stdout) == [
        "def.rules:3:5: warning[W501]: `oanvänd` is defined but never used"
    ]
    assert "1 rule file checked: 0 errors, 1 warning" in result.stdout


def test_an_unused_rule_definition_is_w501_but_one_used_only_in_a_template_is_not(
    tmp_path: Path,
) -> None:
    body = 'låt i_text = "x"\n  låt över = 1\n  kräver sant\n  avvikelse "{i_text}"'
    result = lint(tmp_path, {"regel.rules": HEADER + rule("R-1", body=body)})
    assert result.code == 0
    assert located(result.stdout) == [
        "regel.rules:6:7: warning[W501]: `över` is defined but never used"
    ]


def test_definitions_used_in_subject_filter_deadline_and_applicability_count_as_used(
    tmp_path: Path,
) -> None:
    body = (
        "låt dag = 31\n"
        '  låt namn = "Valnämnden"\n'
        "  låt gräns = 1\n"
        "  avser n i nämnder där n.namn != namn\n"
        "  tillämplig om gräns = 1\n"
        "  frist datum(period.år + 1, 5, dag)\n"
        "  kräver sant"
    )
    result = lint(tmp_path, {"använda.rules": HEADER + rule("R-1", body=body)})
    assert result.code == 0
    assert located(result.stdout) == []


def test_a_rule_without_source_is_w502_at_its_id(tmp_path: Path) -> None:
    result = lint(tmp_path, {"utan.rules": HEADER + rule("R-UTAN", source="")})
    assert result.code == 0
    assert located(result.stdout) == [
        "utan.rules:2:6: warning[W502]: rule `R-UTAN` does not say where the requirement comes from"
    ]


def test_a_source_without_quote_is_w503_at_the_source(tmp_path: Path) -> None:
    source = 'källa { dokument "Riktlinje" avsnitt "2" }'
    result = lint(tmp_path, {"citat.rules": HEADER + rule("R-Q", source=source)})
    assert result.code == 0
    assert located(result.stdout) == [
        "citat.rules:4:3: warning[W503]: the source of rule `R-Q` has no verbatim quote"
    ]


def test_a_rule_id_twice_in_one_file_is_e207_at_the_second_and_exits_1(tmp_path: Path) -> None:
    result = lint(tmp_path, {"dubbel.rules": HEADER + rule("R-1") + rule("R-1")})
    assert result.code == 1
    assert located(result.stdout) == [
        "dubbel.rules:7:6: error[E207]: the rule id `R-1` is already used at dubbel.rules:2:6"
    ]
    assert "1 rule file checked: 1 error, 0 warnings" in result.stdout


def test_a_rule_id_in_two_files_is_e207_in_the_later_file(tmp_path: Path) -> None:
    files = {
        "packs/a.rules": HEADER + rule("HAN-TG"),
        "packs/b.rules": HEADER + rule("ANNAN") + rule("HAN-TG"),
    }
    # A directory is read in sorted order, so `a.rules` holds the first use.
    result = lint(tmp_path, files, "packs")
    assert result.code == 1
    assert located(result.stdout) == [
        "packs/b.rules:7:6: error[E207]: the rule id `HAN-TG` is already used at packs/a.rules:2:6"
    ]
    assert "2 rule files checked: 1 error, 0 warnings" in result.stdout


def test_warnings_with_an_error_exit_1_and_are_all_shown(tmp_path: Path) -> None:
    text = HEADER + "låt oanvänd = 1\n" + rule("R-1", source="") + rule("R-1")
    result = lint(tmp_path, {"blandat.rules": text})
    assert result.code == 1
    codes = re.findall(r"\[([EW]\d+)\]", "\n".join(located(result.stdout)))
    assert sorted(codes) == ["E207", "W501", "W502"]
    assert "1 rule file checked: 1 error, 2 warnings" in result.stdout


def test_a_missing_rule_file_exits_2(tmp_path: Path) -> None:
    result = run("lint", "--rules", "finns-inte.rules", cwd=tmp_path)
    assert result.code == 2
    assert "finns-inte.rules: error[E110]: rule file `finns-inte.rules` does not exist" in (
        result.stdout
    )


def test_a_rule_file_named_twice_is_read_once(tmp_path: Path) -> None:
    # `a.rules` and `./a.rules`, or a directory and a file in it, are the same file: its rules
    # must not be reported as duplicates of themselves.
    from compliance import api

    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "b.rules").write_text("", encoding="utf-8")
    found = api.rule_files([sub, sub / "b.rules", sub / "." / "b.rules"])
    assert found == [sub / "b.rules"]
