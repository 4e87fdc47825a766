"""A data file whose name is not UTF-8 (a byte such as 0xFF, as on a disk written by an old
system): the check runs, and every report format names the file with the byte's escape
(`org\\udcff.yaml`, `reporters/surrogates.py`) instead of ending in an internal error."""

from __future__ import annotations

import dataclasses
import io
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from cli_process import run
from test_sarif_output import haninge_report

from compliance.findings import Outcome, Severity
from compliance.reporters import FORMATS
from compliance.reporters.surrogates import shown_surrogates

ROOT = Path(__file__).resolve().parent.parent
HANINGE = ROOT / "fixtures" / "haninge"
# How Python spells the file name b"org\xff.yaml" (PEP 383), and how the reports show it.
NAME = os.fsdecode(b"org\xff.yaml")
SHOWN = "org\\udcff.yaml"


@pytest.fixture
def not_utf8_data(tmp_path: Path) -> Path:
    try:
        shutil.copyfile(HANINGE / "organisation.yaml", tmp_path / NAME)
    except (OSError, UnicodeEncodeError):
        pytest.skip("this file system takes only UTF-8 file names")
    shutil.copyfile(HANINGE / "synpunkter.yaml", tmp_path / "synpunkter.yaml")
    return tmp_path


ARGUMENTS = ("--data", NAME, "--data", "synpunkter.yaml", "--period", "2025")


def check(folder: Path, *args: str) -> tuple[int, str]:
    rules = str(ROOT / "policy_rules")
    result = run("check", "--rules", rules, *ARGUMENTS, "--as-of", "2026-09-30", *args, cwd=folder)
    return result.code, result.stderr


def report_text(path: Path) -> str:
    if path.suffix == ".docx":
        with zipfile.ZipFile(path) as archive:
            return archive.read("word/document.xml").decode("utf-8")
    return path.read_text(encoding="utf-8")


def test_every_format_names_the_file_with_the_bytes_escape(not_utf8_data: Path) -> None:
    extra = [f"--report={format}=report.{format}" for format in FORMATS if format != "json"]
    code, stderr = check(not_utf8_data, "--format", "json", "--output", "report.json", *extra)
    assert code == 1, stderr  # the example's own avvikelser, no internal error (3)
    for format in FORMATS:
        text = report_text(not_utf8_data / f"report.{format}")
        if format == "sarif":  # a URI: the byte on disk, percent-encoded
            assert '"uri": "org%FF.yaml"' in text
        elif format == "json":  # JSON writes the backslash as `\\`
            assert SHOWN.replace("\\", "\\\\") in text
        else:
            assert SHOWN in text, format
        assert "org.yaml" not in text and "\ufffd" not in text, format
    assert sorted(path.name for path in not_utf8_data.iterdir()) == sorted(
        [NAME, "synpunkter.yaml", *(f"report.{format}" for format in FORMATS)]
    )  # no temporary file left, and the data file where it was


def test_stdout_gets_the_bytes_of_the_report_file(not_utf8_data: Path) -> None:
    code, _ = check(not_utf8_data, "--format", "markdown", "--output", "report.md")
    assert code == 1
    result = _stdout_bytes(not_utf8_data, "--format", "markdown")
    assert result == (not_utf8_data / "report.md").read_bytes()
    assert b"\xff" not in result


def _stdout_bytes(folder: Path, *args: str) -> bytes:
    """What `compliance check` writes to a pipe (`run` reads stdout as UTF-8 text)."""
    command = [sys.executable, "-m", "compliance", "check", "--rules", str(ROOT / "policy_rules")]
    completed = subprocess.run(
        [*command, *ARGUMENTS, "--as-of", "2026-09-30", *args],
        cwd=folder,
        capture_output=True,
        check=False,
    )
    assert completed.returncode == 1, completed.stderr
    return completed.stdout


def test_only_lone_surrogates_change_and_enums_stay_enums() -> None:
    report = haninge_report()
    first = report.findings[0]
    odd = dataclasses.replace(
        report,
        data_files=(*report.data_files, "syn\udcff.yaml", "\ud800"),
        findings=(dataclasses.replace(first, message=first.message + " \udcff"), *report.findings),
    )
    shown = shown_surrogates(odd)
    assert shown.data_files == (*report.data_files, "syn\\udcff.yaml", "\\ud800")
    assert shown.findings[0].message == first.message + " \\udcff"
    assert shown.findings[1:] == report.findings
    assert type(shown.findings[0].outcome) is Outcome
    assert type(shown.findings[0].severity) is Severity
    # Nothing else changed.
    assert dataclasses.replace(shown, data_files=odd.data_files, findings=odd.findings) == odd


def test_the_api_renders_a_word_report_and_keeps_the_name_in_text_formats() -> None:
    from compliance import api

    report = haninge_report()
    odd = dataclasses.replace(report, data_files=(*report.data_files, NAME))
    docx = api.render(odd, "docx")
    assert isinstance(docx, bytes)
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        assert SHOWN in archive.read("word/document.xml").decode("utf-8")
    markdown = api.render(odd, "markdown")
    assert isinstance(markdown, str) and NAME in markdown  # text: the caller decides
