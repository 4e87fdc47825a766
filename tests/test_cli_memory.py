"""Only the `compliance` process itself tunes Python's garbage collector."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import gc
from compliance.cli import memory
{steps}
print(gc.get_threshold(), gc.get_freeze_count() > 0, gc.isenabled())
"""


def probe(*steps: str) -> str:
    code = PROBE.format(steps="\n".join(steps))
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert completed.returncode == 0, completed.stderr
    return completed.stdout.strip()


def test_the_command_line_collects_rarely_then_freezes_what_it_loaded_and_stops() -> None:
    assert probe("memory.collect_rarely()") == "(100000, 50, 100) False True"
    assert probe("memory.collect_rarely()", "memory.settle_loaded_inputs()") == (
        "(100000, 50, 100) True False"
    )


def test_a_program_importing_compliance_keeps_its_own_collector() -> None:
    # A test run or an embedding program calls the commands without `main`: nothing changes.
    assert probe("memory.settle_loaded_inputs()") == "(700, 10, 10) False True"


def test_main_tunes_the_collector_before_running_a_command() -> None:
    code = (
        "import gc, sys\n"
        "from compliance.cli import main\n"
        "sys.argv = ['compliance', '--version']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(gc.get_threshold())"
    )
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert completed.stdout.strip().endswith("(100000, 50, 100)"), completed.stderr
