"""One measurement in a fresh process: `measure.py ENGINE SCENARIO DIR`, result as JSON.

ENGINE is `ours` (load with `compliance.data.loader.load_dataset`, evaluate with
`compliance.evaluator.evaluate`, timed separately, with the garbage-collector settings of the
`compliance` command, `compliance/cli/memory.py`, and its compiled dataclass methods,
`compliance/compiled_methods.py`), `opa` or `zen`. run.py starts one process
per measurement, so every run is cold and its peak memory (taken by run.py from the process's
resource usage) is its own.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import peer_opa
import peer_zen
from answers import answers_from_findings
from peer_data import read_settings
from scenarios import SCENARIOS, Scenario


def measure_ours(directory: Path, scenario: Scenario) -> dict[str, Any]:
    # The phases are timed as the command line runs them: first what `compliance.command`
    # puts in place before anything defines a dataclass, then the collector settings.
    from compliance import compiled_methods

    compiled_methods.install()
    from compliance import api
    from compliance.cli.memory import collect_rarely, settle_loaded_inputs
    from compliance.data.loader import load_dataset
    from compliance.evaluator import evaluate

    collect_rarely()
    settings = read_settings(directory / scenario.config)
    started = time.perf_counter()
    rules = api.load_rules([directory / "rules" / scenario.rules])
    checked = time.perf_counter()
    dataset = load_dataset([directory / name for name in scenario.data])
    settle_loaded_inputs()
    loaded = time.perf_counter()
    report = evaluate(
        rules.program,
        dataset,
        period=api.period_from(str(settings.year)),
        as_of=api.date_from(settings.as_of),
    )
    evaluated = time.perf_counter()
    findings = [(f.rule, f.subject.id, f.outcome.value, f.message) for f in report.findings]
    return {
        "rules": checked - started,
        "load": loaded - checked,
        "evaluate": evaluated - loaded,
        "findings": len(findings),
        "fails": sum(1 for f in findings if f[2] == "fail"),
        "answers": answers_from_findings(findings),
    }


def measure_peer(engine: str, directory: Path, scenario: Scenario) -> dict[str, Any]:
    module = peer_opa if engine == "opa" else peer_zen
    settings = read_settings(directory / scenario.config)
    run = module.run_synpunkter if scenario.name == "synpunkter" else module.run_struktur
    result = run(directory, settings)
    return {"load": result.load, "evaluate": result.evaluate, "answers": result.answers}


def main(argv: list[str]) -> int:
    engine, scenario_name, directory = argv
    scenario = SCENARIOS[scenario_name]
    if engine == "ours":
        result = measure_ours(Path(directory), scenario)
    else:
        result = measure_peer(engine, Path(directory), scenario)
    json.dump(result, sys.stdout, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
