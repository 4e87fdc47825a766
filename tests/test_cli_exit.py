"""The `compliance` process leaves through `cli.entry`: `main`'s exit code, every byte it
wrote, and the exit handlers run, without tearing down the heap first."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from cli_process import run

from compliance.cli.app import _exit_status as exit_status

CHECK = ["check", "--rules", "policy.rules", "--data", "organisation.yaml", "--period", "2025",
         "--as-of", "2026-03-31"]  # fmt: skip


def test_a_check_exits_with_its_code_and_all_it_wrote(project: Path) -> None:
    to_stdout = run(*CHECK, "--format", "json", cwd=project)
    to_file = run(*CHECK, "--format", "json", "--output", "report.json", cwd=project)
    assert to_stdout.code == to_file.code == 1  # one nämnd fails TG-01
    written = (project / "report.json").read_text("utf-8")
    assert to_stdout.stdout == written
    assert json.loads(written)["summary"]["fail"] == 1


def test_usage_errors_and_help_keep_their_codes(project: Path) -> None:
    wrong = run("check", "--no-such-option", cwd=project)
    assert wrong.code == 2
    assert "No such option" in wrong.stderr
    helped = run("--help", cwd=project)
    assert helped.code == 0
    assert "check" in helped.stdout


def test_exit_handlers_run_after_the_output(project: Path) -> None:
    """Something registered with `atexit` by a library still runs, after the report."""
    probe = (
        "import atexit, sys\n"
        "atexit.register(lambda: print('handler ran', flush=True))\n"
        f"sys.argv = ['compliance', *{CHECK!r}, '--format', 'json']\n"
        "from compliance.cli import entry\n"
        "entry()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=project, capture_output=True, text=True, check=False
    )
    assert result.returncode == 1
    report, _, handler = result.stdout.rpartition("}\n")
    assert json.loads(report + "}")["summary"]["fail"] == 1
    assert handler == "handler ran\n"


@pytest.mark.parametrize(
    ("code", "status", "printed"),
    [(None, 0, ""), (0, 0, ""), (2, 2, ""), (256 + 3, 3, ""), ("stopped", 1, "stopped\n")],
)
def test_an_exit_code_becomes_the_status_the_interpreter_would_give(
    code: object, status: int, printed: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert exit_status(code) == status
    assert capsys.readouterr().err == printed
