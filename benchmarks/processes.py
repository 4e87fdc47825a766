"""Run one measurement as a child process: its wall time, its peak memory and its output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

LAUNCHER = Path(__file__).resolve().with_name("launch.py")


@dataclass(frozen=True)
class Finished:
    """A child process that ran to its end (or was stopped at the time limit)."""

    returncode: int
    wall: float  # seconds from just before the start to the exit
    peak_mb: float  # the child's peak resident memory
    stdout: str
    stderr: str
    timed_out: bool = False


def run(
    command: Sequence[str | Path],
    *,
    timeout: float,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
) -> Finished:
    """Run `command` to its end (or kill it after `timeout` seconds) and measure it.

    The command is started by a small launcher (see launch.py) so that its peak memory
    (`ru_maxrss` from `wait4`) is its own and not inflated by this process's memory. Output
    goes to temporary files rather than pipes so a large stderr cannot block the child.
    `cwd` and `env` are the command's working directory and environment (default: this
    process's).
    """
    with tempfile.TemporaryDirectory(prefix="compliance-bench-") as scratch:
        folder = Path(scratch)
        result_file = folder / "result.json"
        launcher: list[str | Path] = [sys.executable, "-I", "-S", LAUNCHER, result_file]
        launcher.append(str(timeout))
        with (folder / "out").open("wb") as out, (folder / "err").open("wb") as err:
            subprocess.run(
                [os.fspath(part) for part in [*launcher, *command]],
                stdout=out,
                stderr=err,
                check=True,
                cwd=cwd,
                env=env,
            )
        result = json.loads(result_file.read_text(encoding="utf-8"))
        return Finished(
            returncode=result["returncode"],
            wall=result["wall"],
            peak_mb=result["peak_kb"] / 1024,
            stdout=(folder / "out").read_text(encoding="utf-8", errors="replace"),
            stderr=(folder / "err").read_text(encoding="utf-8", errors="replace"),
            timed_out=result["timed_out"],
        )
