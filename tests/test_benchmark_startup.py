"""benchmarks/startup.py times the commands a person types and prints them against the targets.

One run of each keeps this quick; the figures themselves belong in docs/performance.md, not in
an assertion (speed is shown by the benchmark, not by a timed test).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_startup_benchmark_prints_each_figure_against_its_target(tmp_path: Path) -> None:
    figures = tmp_path / "startup.json"
    result = subprocess.run(
        [sys.executable, ROOT / "benchmarks" / "startup.py", "--repeat", "1", "--json", figures],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Start-up, wall time of a fresh process, median of 1 runs")
    assert "cache warm" in lines[1] and "(≤ 0.4 " in lines[1]
    assert "on a terminal" in lines[2] and "(≤ 0.4 " in lines[2]
    assert "cache empty" in lines[3] and "≤" not in lines[3]
    assert "compliance --help" in lines[4] and "(≤ 0.2 " in lines[4]
    document = json.loads(figures.read_text(encoding="utf-8"))
    assert set(document["figures"]) == {"check_warm", "check_terminal", "check_empty", "help"}
    for figure in document["figures"].values():
        assert 0 < figure["fastest"] <= figure["median"] <= figure["slowest"]
