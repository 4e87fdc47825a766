"""`python -m compliance …` in a subprocess, as CI and users run it: shared by the CLI tests."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str


def run(*args: str | Path, cwd: Path) -> Run:
    result = subprocess.run(
        [sys.executable, "-m", "compliance", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        timeout=300,
        env={**os.environ, "COLUMNS": "60"},
        check=False,
    )
    stdout, stderr = result.stdout.decode("utf-8"), result.stderr.decode("utf-8")
    assert "Traceback" not in stderr, stderr
    return Run(result.returncode, stdout, stderr)
