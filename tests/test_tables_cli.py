"""The command line with tables: choosing the backend, exporting rows, and the progress display
(on a terminal only)."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

from cli_process import run
from test_tables_end_to_end import HANINGE, RULES, _as_table


def _project(folder: Path, extra: str = "") -> Path:
    _as_table(folder)
    rules = ", ".join(f'"{p.as_posix()}"' for p in RULES)
    config = folder / "compliance.toml"
    config.write_text(
        f"rules = [{rules}]\n"
        f'data = ["{(HANINGE / "organisation.yaml").as_posix()}", "synpunkter.yaml"]\n'
        f'period = "2025"\nas_of = 2026-09-30\n{extra}',
        encoding="utf-8",
    )
    return config


def test_row_and_column_backends_write_byte_identical_reports(tmp_path: Path) -> None:
    _project(tmp_path)
    outputs = {}
    for backend in ("row", "column"):
        result = run("check", "--backend", backend, "--format", "json", cwd=tmp_path)
        assert result.code == 1, result.stderr
        outputs[backend] = result.stdout
    assert outputs["row"] == outputs["column"]
    assert '"HAN-SYN"' in outputs["row"]


def test_an_unknown_backend_is_a_usage_error(tmp_path: Path) -> None:
    _project(tmp_path)
    result = run("check", "--backend", "fast", cwd=tmp_path)
    assert result.code == 2
    assert "E402" in result.stderr and "`--backend`" in result.stderr and "column" in result.stderr


def test_backend_and_export_rows_from_the_config(tmp_path: Path) -> None:
    _project(tmp_path, 'backend = "column"\nexport_rows = "rader"\n')
    result = run("check", "--format", "json", cwd=tmp_path)
    assert result.code == 1, result.stderr
    assert sorted(p.name for p in (tmp_path / "rader").iterdir()) == [
        "HAN-SYN.csv",
        "HAN-TG-ÅTG.csv",
    ]
    bad = tmp_path / "bad"
    bad.mkdir()
    _project(bad, 'backend = "snabb"\n')
    result = run("check", cwd=bad)
    assert result.code == 2
    assert "compliance.toml:5:1" in result.stderr and "backend" in result.stderr


def test_export_rows_onto_a_file_is_refused(tmp_path: Path) -> None:
    _project(tmp_path)
    result = run("check", "--export-rows", "synpunkter.csv", cwd=tmp_path)
    assert result.code == 2
    assert "E404" in result.stderr and "not a directory" in result.stderr
    # Refused before the check ran: no report was written either.
    assert result.stdout == ""


def test_no_progress_display_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    _project(tmp_path)
    result = run("check", "--format", "json", cwd=tmp_path)
    assert "Prövar regler" not in result.stderr and "Läser data" not in result.stderr
    assert "\x1b[" not in result.stderr


def test_progress_is_shown_on_a_terminal(tmp_path: Path) -> None:
    _project(tmp_path)
    main, secondary = pty.openpty()
    env = {**os.environ, "COMPLIANCE_PROGRESS_DELAY": "0", "TERM": "xterm"}
    env.pop("CI", None)
    report = tmp_path / "report.json"
    # The report goes to a file: a pipe nobody reads while the terminal is read would fill up.
    with (
        report.open("wb") as out,
        subprocess.Popen(
            [sys.executable, "-m", "compliance", "check", "--format", "json"],
            cwd=tmp_path,
            stdout=out,
            stderr=secondary,
            env=env,
        ) as process,
    ):
        os.close(secondary)
        shown = b""
        while True:
            try:
                chunk = os.read(main, 4096)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
        process.wait(timeout=120)
    stdout = report.read_bytes()
    os.close(main)
    text = shown.decode("utf-8", "replace")
    assert "Prövar regler" in text or "Läser data" in text, text
    # The report itself on stdout is untouched by the display.
    assert stdout.startswith(b"{") and b"\x1b[" not in stdout
