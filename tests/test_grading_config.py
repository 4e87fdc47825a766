"""`[grading]` in compliance.toml chooses the memo's graded-assessment scale."""

from __future__ import annotations

from pathlib import Path

from cli_process import run
from test_cli import DATA, RULES

CONFIG = """\
rules = ["policy.rules"]
data = ["organisation.yaml"]
period = 2025
as_of = 2026-03-31
format = "markdown"

[grading]
"""


def project(tmp_path: Path, grading: str) -> Path:
    (tmp_path / "policy.rules").write_text(RULES, encoding="utf-8")
    (tmp_path / "organisation.yaml").write_text(DATA, encoding="utf-8")
    (tmp_path / "compliance.toml").write_text(CONFIG + grading, encoding="utf-8")
    return tmp_path


def test_the_default_scale_is_uppfyllt(tmp_path: Path) -> None:
    result = run("check", cwd=project(tmp_path, ""))
    assert result.code == 1, result.stderr
    # One of two nämnder passes: half, which the default thresholds call "delvis uppfyllt".
    assert "Delvis uppfyllt" in result.stdout
    assert "ändamålsenlig" not in result.stdout


def test_a_configured_scale_and_thresholds_grade_the_memo(tmp_path: Path) -> None:
    result = run(
        "check",
        cwd=project(tmp_path, 'scale = "ändamålsenlig"\nthresholds = [1.0, 0.9, 0.5]\n'),
    )
    assert result.code == 1, result.stderr
    assert "Delvis ändamålsenlig" in result.stdout


def test_a_wrong_number_of_thresholds_is_a_config_error_at_the_table(tmp_path: Path) -> None:
    result = run("check", cwd=project(tmp_path, 'scale = "ändamålsenlig"\nthresholds = [1.0]\n'))
    assert result.code == 2
    assert "compliance.toml:7:2: error[E401]: the scale `ändamålsenlig` has 4 levels" in (
        result.stderr
    )


def test_an_unknown_scale_is_a_config_error(tmp_path: Path) -> None:
    result = run("check", cwd=project(tmp_path, 'scale = "godkänd"\n'))
    assert result.code == 2
    assert "error[E401]: `godkänd` is not a grading scale" in result.stderr
