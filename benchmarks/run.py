"""Benchmark `compliance` against OPA and zen-engine: `python benchmarks/run.py`.

For 10k, 100k and 1M synpunkter (the working-day rule RIKET-SYN) and for the national
structural pack (RIKET-TG, RIKET-ÅB over 290 kommuner × ~15 nämnder) it measures, each run in a
fresh process and repeated (median of 3 by default):

- ours: load (`load_dataset`), evaluate (`evaluate`), total (`compliance check --config …
  --format json` from process start to exit, the scenario's pack alone; for synpunkter also
  both packs at once, as an extra figure),
  peak memory of the total run, findings;
- OPA and zen-engine, when installed: load (CSV read, input preparation, engine data load),
  evaluate (the engine call alone, input prepared), total (the whole process), peak memory;

and cross-checks every engine's answers against ours: per nämnd the number of synpunkter
checked and the number late; per nämnd and structural rule the outcome. Last, the start-up of
the commands a person types (`startup.py`: `compliance check` on the bundled Haninge example,
`compliance --help`). The tables are printed; `--json FILE` writes the same figures for
docs/performance.md.

Every process runs as on a user's machine, where Python writes bytecode: without
`PYTHONDONTWRITEBYTECODE`, even if this process has it, so that the command's compiled
dataclass methods (`compliance.compiled_methods`) are kept after the first run, as its
modules' bytecode is.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import environment
import peer_opa
import peer_zen
import processes
import startup
from answers import answers_from_json, differences
from generate import DEFAULT_SEED, generate
from peer_result import Answers
from scenarios import STRUKTUR, SYNPUNKTER, Scenario
from table import Result, render

HERE = Path(__file__).resolve().parent
DEFAULT_SIZES = (10_000, 100_000, 1_000_000)
PEERS = {"opa": peer_opa, "zen": peer_zen}
PEER_NAMES = {"ours": "compliance", "opa": "OPA", "zen": "zen-engine"}
# The targets on this 2-core machine.
TARGET_ROWS = 1_000_000
OUR_SYN_TARGETS = {"evaluate": 0.3, "total": 3.0, "peak_mb": 1024.0}
PEER_SPEEDUP_TARGET = 10.0
OUR_STRUKTUR_TARGETS = {"total": 1.0}
# Start-up runs are short and noisier than the scenarios: more of them.
STARTUP_REPEAT = 7


def dataset(workdir: Path, rows: int, seed: int) -> Path:
    """The generated dataset for `rows` synpunkter, made once and reused across runs."""
    directory = workdir / f"rows-{rows}-seed-{seed}"
    if not (directory / "compliance.toml").is_file():
        print(f"generating {rows} synpunkter in {directory} …", file=sys.stderr, flush=True)
        generate(directory, rows, seed)
    return directory


def _median(values: Sequence[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


def _worker(engine: str, scenario: Scenario, directory: Path, timeout: float) -> dict[str, Any]:
    finished = processes.run(
        [sys.executable, HERE / "measure.py", engine, scenario.name, directory], timeout=timeout
    )
    if finished.returncode != 0:
        return {"error": _failure(finished)}
    result: dict[str, Any] = json.loads(finished.stdout)
    result["wall"] = finished.wall
    result["peak_mb"] = finished.peak_mb
    return result


def _failure(finished: processes.Finished) -> str:
    if finished.timed_out:
        return f"stopped after {finished.wall:.0f} s"
    last = (finished.stderr.strip().splitlines() or ["no output"])[-1]
    return f"exit {finished.returncode}: {last[:160]}"


def _cli(
    scenario: Scenario, directory: Path, timeout: float, config: str | None = None
) -> dict[str, Any]:
    output = directory / f"findings-{scenario.name}{'-all' if config else ''}.json"
    output.unlink(missing_ok=True)
    command: list[str | Path] = [sys.executable, "-m", "compliance", "check", "--config"]
    command += [directory / (config or scenario.config), "--format", "json", "--output", output]
    finished = processes.run(command, timeout=timeout)
    # Exit code 1 is normal: the dataset has findings that fail.
    if finished.returncode not in (0, 1) or not output.is_file():
        return {"error": _failure(finished)}
    return {"wall": finished.wall, "peak_mb": finished.peak_mb, "report": output}


def measure_ours(
    scenario: Scenario, directory: Path, repeat: int, timeout: float
) -> tuple[Result, Answers | None]:
    phases = [_worker("ours", scenario, directory, timeout) for _ in range(repeat)]
    totals = [_cli(scenario, directory, timeout) for _ in range(repeat)]
    everything = [
        _cli(scenario, directory, timeout, scenario.all_packs_config)
        for _ in range(repeat if scenario.all_packs_config else 0)
    ]
    result = Result(scenario.name, "", PEER_NAMES["ours"])
    errors = [r["error"] for r in [*phases, *totals] if "error" in r]
    if errors:
        result.note = errors[0]
    good_phases = [r for r in phases if "error" not in r]
    good_totals = [r for r in totals if "error" not in r]
    result.load = _median([r["load"] for r in good_phases])
    result.evaluate = _median([r["evaluate"] for r in good_phases])
    result.total = _median([r["wall"] for r in good_totals])
    result.peak_mb = _median([r["peak_mb"] for r in good_totals])
    result.extra = {
        "rules_s": _median([r["rules"] for r in good_phases]),
        "evaluate_process_peak_mb": _median([r["peak_mb"] for r in good_phases]),
    }
    if everything:
        good_everything = [r for r in everything if "error" not in r]
        result.extra["all_packs_total_s"] = _median([r["wall"] for r in good_everything])
        result.extra["all_packs_peak_mb"] = _median([r["peak_mb"] for r in good_everything])
    answers: Answers | None = None
    if good_phases:
        answers = _only(good_phases[0]["answers"], scenario)
        result.findings = f"{good_phases[0]['findings']} ({good_phases[0]['fails']} fail)"
        result.answers = "reference"
    if good_totals:
        report = json.loads(Path(good_totals[0]["report"]).read_text(encoding="utf-8"))
        summary = report["summary"]
        result.extra["cli_findings"] = summary["total"]
        result.extra["cli_fails"] = summary["fail"]
        if answers is not None:
            cli_differences = differences(answers, _only(answers_from_json(report), scenario))
            result.extra["cli_answers_differ"] = len(cli_differences)
            if cli_differences:
                result.answers = f"CLI: {len(cli_differences)} differ"
    return result, answers


def measure_peer(
    engine: str,
    scenario: Scenario,
    directory: Path,
    repeat: int,
    timeout: float,
    reference: Answers | None,
) -> Result:
    result = Result(scenario.name, "", PEER_NAMES[engine])
    reason = PEERS[engine].missing()
    if reason is not None:
        result.note = f"{reason}; skipped"
        result.answers = "not installed"
        return result
    runs = [_worker(engine, scenario, directory, timeout) for _ in range(repeat)]
    good = [r for r in runs if "error" not in r]
    if len(good) < len(runs):
        result.note = next(r["error"] for r in runs if "error" in r)
    if not good:
        result.answers = "failed"
        return result
    result.load = _median([r["load"] for r in good])
    result.evaluate = _median([r["evaluate"] for r in good])
    result.total = _median([r["wall"] for r in good])
    result.peak_mb = _median([r["peak_mb"] for r in good])
    answers = _only(good[0]["answers"], scenario)
    result.findings = f"{sum(len(v) for v in answers.values())} answers"
    if reference is None:
        result.answers = "no reference"
    else:
        found = differences(reference, answers)
        result.answers = "agree" if not found else f"{len(found)} differ"
        result.extra["differences"] = found[:20]
    return result


def _only(answers: Answers, scenario: Scenario) -> Answers:
    return {rule: answers.get(rule, {}) for rule in scenario.rule_ids}


def run_scenario(
    scenario: Scenario,
    size: str,
    directory: Path,
    peers: Sequence[str],
    args: argparse.Namespace,
    targets: dict[str, float],
) -> list[Result]:
    print(f"measuring {scenario.name} {size} …", file=sys.stderr, flush=True)
    ours, reference = measure_ours(scenario, directory, args.repeat, args.timeout)
    ours.targets = targets
    results = [ours]
    for engine in peers:
        peer = measure_peer(engine, scenario, directory, args.repeat, args.timeout, reference)
        if peer.evaluate and ours.evaluate:
            peer.speedup = peer.evaluate / ours.evaluate
        if targets:
            peer.targets = {"speedup": PEER_SPEEDUP_TARGET} if scenario is SYNPUNKTER else {}
        results.append(peer)
    for result in results:
        result.size = size
    return results


def _size_label(rows: int) -> str:
    return f"{rows:,}".replace(",", " ")


def compile_package() -> None:
    """Byte-compiles the package, as `pip install .` does. Installed editable, on a machine
    where PYTHONDONTWRITEBYTECODE is set, every measured process would otherwise compile
    again each module it imports, some during the evaluation."""
    import compileall

    import compliance

    compileall.compile_dir(Path(compliance.__file__).parent, quiet=1)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        default=",".join(str(s) for s in DEFAULT_SIZES),
        help="comma-separated numbers of synpunkter (default: %(default)s)",
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (median)")
    parser.add_argument("--peers", default="opa,zen", help="peers to run: opa,zen or none")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/compliance-bench"))
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--timeout", type=float, default=900, help="seconds per run")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    peers = [p for p in args.peers.split(",") if p and p != "none"]
    unknown = set(peers) - set(PEERS)
    if unknown or not sizes or args.repeat < 1:
        parser.error(f"bad --peers {sorted(unknown)}, --sizes or --repeat")

    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # for every process started from here on
    compile_package()
    machine = environment.describe()
    results: list[Result] = []
    for rows in sizes:
        targets = OUR_SYN_TARGETS if rows == TARGET_ROWS else {}
        directory = dataset(args.workdir, rows, args.seed)
        results += run_scenario(SYNPUNKTER, _size_label(rows), directory, peers, args, targets)
    # The organisation is the same whatever the number of synpunkter.
    directory = dataset(args.workdir, sizes[0], args.seed)
    boards = sum(1 for _ in (directory / "nämnder.csv").open(encoding="utf-8")) - 1
    label = f"290 × 15 ({boards} nämnder)"
    results += run_scenario(STRUKTUR, label, directory, peers, args, OUR_STRUKTUR_TARGETS)

    print("measuring start-up …", file=sys.stderr, flush=True)
    start_up = startup.measure(STARTUP_REPEAT)

    print(_header(machine, args.repeat))
    print(render(results))
    print()
    print(startup.render(start_up, STARTUP_REPEAT))
    if args.json:
        document = {"machine": machine, "repeat": args.repeat, "seed": args.seed}
        document["results"] = [vars(r) for r in results]
        document["startup"] = start_up
        args.json.write_text(
            json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    return 0


def _header(machine: dict[str, str], repeat: int) -> str:
    lines = [
        f"Machine: {machine['cpus']} CPUs ({machine['cpu']}), {machine['memory']}, "
        f"{machine['platform']}, {machine['python']}",
        "Versions: "
        + ", ".join(f"{k} {machine[k]}" for k in (*environment.PACKAGES, "opa") if k in machine),
        f"Median of {repeat} cold runs each. Ours: load = load_dataset, eval = evaluate, total = "
        "`compliance check --config … --format json` from process start, the pack alone.",
        "Peers: load = CSV read + input preparation + engine data load; eval = the engine call "
        "alone, input already prepared; total = the whole process.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
