"""Time the commands a person types: `python benchmarks/startup.py` (also run by run.py).

- `compliance check` in the repository's root, which checks the bundled Haninge example
  (compliance.toml: three rule packs, two YAML files, the terminal report), in a fresh process
  each time: with the per-user cache warm (the usual case: the rules and data were read
  before) and with it empty (a new `COMPLIANCE_CACHE_DIR` for every run, as on a fresh CI
  runner);
- `compliance --help`.

Each figure is the median of `--repeat` runs (7 by default), with the fastest and slowest; the
issue's targets are ≤ 0.4 s for the check and ≤ 0.2 s for the help.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import processes

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"check_warm": 0.4, "help": 0.2}
LABELS = {
    "check_warm": "compliance check (Haninge example), cache warm",
    "check_empty": "compliance check (Haninge example), cache empty",
    "help": "compliance --help",
}


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


def measure(repeat: int, timeout: float = 120) -> dict[str, dict[str, float]]:
    """Each figure's median, fastest and slowest wall time in seconds."""
    figures: dict[str, list[float]] = {name: [] for name in LABELS}
    with tempfile.TemporaryDirectory(prefix="compliance-startup-") as scratch:
        warm = {**os.environ, "COMPLIANCE_CACHE_DIR": str(Path(scratch) / "warm")}
        _timed(["check"], warm, timeout)  # fills the cache, as any earlier run would have
        for run in range(repeat):
            figures["check_warm"].append(_timed(["check"], warm, timeout))
            empty = {**os.environ, "COMPLIANCE_CACHE_DIR": str(Path(scratch) / f"empty-{run}")}
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
