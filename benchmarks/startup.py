"""Time the commands a person types: `python benchmarks/startup.py` (also run by run.py).

- `compliance check` in the repository's root, which checks the bundled Haninge example
  (compliance.toml: three rule packs, two YAML files, the terminal report), in a fresh process
  each time: with the per-user cache warm (the usual case: the rules and data were read
  before) and with it empty (a new `COMPLIANCE_CACHE_DIR` for every run, as on a fresh CI
  runner); both with the report going into a file, as in CI, and with the cache warm also
  on a terminal (a pseudo-terminal, 120 columns), as a person types it, where the report is
  coloured;
- `compliance --help`.

Each figure is the median of `--repeat` runs (7 by default), with the fastest and slowest; the
issue's targets are ≤ 0.4 s for the check and ≤ 0.2 s for the help.

The commands run as on a user's machine, where Python writes bytecode: without
`PYTHONDONTWRITEBYTECODE`, even if this process has it, so that the first run leaves the
package's bytecode and compiled dataclass methods (`compliance.compiled_methods`) in
`__pycache__`, as any earlier run would have.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import pty
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import processes

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"check_warm": 0.4, "check_terminal": 0.4, "help": 0.2}
LABELS = {
    "check_warm": "compliance check (Haninge example), cache warm",
    "check_terminal": "  the same on a terminal (coloured report)",
    "check_empty": "compliance check (Haninge example), cache empty",
    "help": "compliance --help",
}
# The pseudo-terminal's size, rows and columns.
TERMINAL = (40, 120)


def command() -> list[str]:
    """The `compliance` console script beside this Python, as the README runs it."""
    script = Path(sys.executable).with_name("compliance")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "compliance"]


def _timed(arguments: list[str], env: dict[str, str], timeout: float) -> float:
    finished = processes.run([*command(), *arguments], timeout=timeout, cwd=ROOT, env=env)
    # `check` exits 1: the example has findings (avvikelser), as the policy says it would.
    if finished.returncode not in (0, 1) or finished.timed_out:
        raise SystemExit(f"`compliance {' '.join(arguments)}` failed:\n{finished.stderr}")
    return finished.wall


def _timed_on_terminal(arguments: list[str], env: dict[str, str], timeout: float) -> float:
    """The wall time of the command with its output on a pseudo-terminal."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", *TERMINAL, 0, 0))
    started = time.perf_counter()
    child = subprocess.Popen(
        [*command(), *arguments],
        stdin=subprocess.DEVNULL,
        stdout=follower,
        stderr=follower,
        cwd=ROOT,
        env=env,
    )
    os.close(follower)
    output = bytearray()
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the child has closed the terminal
            break
        if not chunk:
            break
        output += chunk
    returncode = child.wait(timeout)
    wall = time.perf_counter() - started
    os.close(leader)
    text = output.decode("utf-8", "replace")
    if returncode not in (0, 1):
        raise SystemExit(f"`compliance {' '.join(arguments)}` failed on a terminal:\n{text}")
    if "\x1b[" not in text:
        raise SystemExit("`compliance check` on a pseudo-terminal wrote no colour")
    return wall


def measure(repeat: int, timeout: float = 120) -> dict[str, dict[str, float]]:
    """Each figure's median, fastest and slowest wall time in seconds."""
    figures: dict[str, list[float]] = {name: [] for name in LABELS}
    user = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    with tempfile.TemporaryDirectory(prefix="compliance-startup-") as scratch:
        warm = {**user, "COMPLIANCE_CACHE_DIR": str(Path(scratch) / "warm")}
        _timed(["check"], warm, timeout)  # fills the caches, as any earlier run would have
        for run in range(repeat):
            figures["check_warm"].append(_timed(["check"], warm, timeout))
            figures["check_terminal"].append(_timed_on_terminal(["check"], warm, timeout))
            empty = {**user, "COMPLIANCE_CACHE_DIR": str(Path(scratch) / f"empty-{run}")}
            figures["check_empty"].append(_timed(["check"], empty, timeout))
            figures["help"].append(_timed(["--help"], warm, timeout))
    return {
        name: {"median": statistics.median(t), "fastest": min(t), "slowest": max(t)}
        for name, t in figures.items()
    }


def render(figures: dict[str, dict[str, float]], repeat: int) -> str:
    lines = [f"Start-up, wall time of a fresh process, median of {repeat} runs (fastest–slowest):"]
    for name, label in LABELS.items():
        figure = figures[name]
        target = TARGETS.get(name)
        verdict = ""
        if target is not None:
            verdict = f"  (≤ {target} {'✓' if figure['median'] <= target else '✗'})"
        lines.append(
            f"  {label:<48} {figure['median']:.3f} s "
            f"({figure['fastest']:.3f}–{figure['slowest']:.3f}){verdict}"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="runs per figure (median)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    figures = measure(args.repeat)
    print(render(figures, args.repeat))
    if args.json:
        document: dict[str, Any] = {"repeat": args.repeat, "figures": figures}
        text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
        args.json.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
