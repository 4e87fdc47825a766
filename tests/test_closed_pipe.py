"""A reader that stops early (`compliance check | head -1`, a closed stderr) loses the rest of
the text and nothing else: every command still ends with its own exit code, no traceback.

Each command runs with the read end of its pipe already closed, so that its very first write
meets a reader that has gone, whatever the size of the output.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The bundled Haninge example (compliance.toml): findings, but none at `kritisk`.
CHECK_WITHOUT_FAILURE = ["check", "--fail-on", "critical"]


def run_with_closed(stream: str, *args: str | Path, cwd: Path = ROOT) -> tuple[int, str]:
    """The exit code of `compliance ARGS` with `stream` a pipe nobody reads, and what the
    other stream said."""
    reader, writer = os.pipe()
    os.close(reader)
    other = "stderr" if stream == "stdout" else "stdout"
    try:
        finished = subprocess.run(
            [sys.executable, "-m", "compliance", *map(str, args)],
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            timeout=300,
            check=False,
            **{stream: writer, other: subprocess.PIPE},
        )
    finally:
        os.close(writer)
    return finished.returncode, finished.stdout.decode() if other == "stdout" else (
        finished.stderr.decode()
    )


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (CHECK_WITHOUT_FAILURE, 0),
        ([*CHECK_WITHOUT_FAILURE, "--format", "json"], 0),  # written as UTF-8 bytes
        ([*CHECK_WITHOUT_FAILURE, "--format", "docx"], 0),  # a binary report
        (["check"], 1),
        (["lint"], 0),
        (["explain", "HAN-TG"], 0),
        (["test"], 0),
        (["schema"], 0),
        (["fmt", "--check", "policy_rules"], 0),
        (["cache", "info"], 0),
        (["--version"], 0),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else str(value),
)
def test_a_closed_stdout_keeps_the_commands_exit_code(args: list[str], code: int) -> None:
    status, stderr = run_with_closed("stdout", *args)
    assert (status, stderr) == (code, "")


def test_a_closed_stdout_does_not_stop_init_writing_the_repository(tmp_path: Path) -> None:
    status, stderr = run_with_closed("stdout", "init", tmp_path / "new")
    assert (status, stderr) == (0, "")
    assert (tmp_path / "new" / "compliance.toml").is_file()


def test_a_closed_stdout_keeps_the_diff_exit_code(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    subprocess.run(
        [sys.executable, "-m", "compliance", "check", "--format", "json", "--output", report],
        cwd=ROOT,
        capture_output=True,
        check=False,
    )
    status, stderr = run_with_closed("stdout", "diff", report, report)
    assert (status, stderr) == (0, "")


def test_a_closed_stderr_keeps_the_input_error_code(tmp_path: Path) -> None:
    """The diagnostics go to stderr; with nobody reading it the run still exits 2."""
    (tmp_path / "broken.rules").write_text("regel X {\n", encoding="utf-8")
    status, stdout = run_with_closed("stderr", "check", "--rules", tmp_path / "broken.rules")
    assert (status, stdout) == (2, "")


def test_a_closed_stderr_keeps_the_report_and_the_code_of_a_check() -> None:
    """`--as-of today` says on stderr which day it took; the report still comes, in full."""
    args = [sys.executable, "-m", "compliance", *CHECK_WITHOUT_FAILURE, "--as-of", "today"]
    read = subprocess.run(args, cwd=ROOT, capture_output=True, timeout=300, check=False)
    status, stdout = run_with_closed("stderr", *args[3:])
    assert status == read.returncode == 0
    assert stdout == read.stdout.decode()
    assert "Totalt" in stdout
