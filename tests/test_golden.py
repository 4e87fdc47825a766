"""The bundled Haninge example, rendered by the real command line, pinned byte for byte.

Regenerate after an intended change with `UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py`
and review the diff like any other change: it is what a revisor will read.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
# The root compliance.toml supplies rules, data, period 2025 and as-of 2026-09-30.
CASES = {
    "haninge.json": ["check", "--format", "json"],
    "haninge.txt": ["check", "--format", "terminal"],
    "haninge.en.txt": ["check", "--format", "terminal", "--lang", "en"],
}


def run_cli(args: list[str], **env: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "compliance", *args],
        cwd=ROOT,
        capture_output=True,
        env={**os.environ, **env},
        check=False,
    )


@pytest.mark.parametrize("name", sorted(CASES))
def test_haninge_report_matches_golden_file(name: str) -> None:
    result = run_cli(CASES[name])
    assert result.returncode == 1, result.stderr.decode()
    golden = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.write_bytes(result.stdout)
    assert result.stdout == golden.read_bytes()


def test_report_bytes_do_not_depend_on_hash_seed_timezone_or_locale() -> None:
    first = run_cli(["check", "--format", "json"], PYTHONHASHSEED="1", TZ="UTC", LC_ALL="C")
    second = run_cli(
        ["check", "--format", "json"],
        PYTHONHASHSEED="4242",
        TZ="Pacific/Auckland",
        LC_ALL="C.UTF-8",
    )
    assert first.returncode == second.returncode == 1
    assert first.stdout == second.stdout
