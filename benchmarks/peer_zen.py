"""GoRules zen-engine, in process, on the benchmark rules as JDM decision graphs.

Two graphs, each input node → one decision node → output node:

- RIKET-SYN: a function node (`peers/synpunkter.js`, run by zen's embedded JavaScript
  engine) over the whole table at once. Zen's expression language can compute the deadline
  per synpunkt too (`peers/zen_expressions.py`, EXPRESSION_SYN), but one evaluation per row
  costs about 100 µs, so the function node is the fair encoding for a million rows.
- RIKET-TG and RIKET-ÅB: an expression node judged once per nämnd (zen's usual model: one
  decision per entity), with the nämnd's tjänstegarantier and rapporter in its context,
  evaluated with `evaluate_batch`.

Load time: reading the CSV files (`peer_data`) and preparing the contexts (the JSON text of the
synpunkter table; the per-nämnd contexts). Evaluation time: the `evaluate` or
`evaluate_batch` call.
"""

from __future__ import annotations

import importlib
import json
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from peer_data import Record, Settings, read_table
from peer_result import PeerRun
from zen_expressions import STRUKTUR_EXPRESSIONS

POLICY_DIR = Path(__file__).with_name("peers")
PACKAGE = "zen-engine"


def missing() -> str | None:
    """Why zen-engine cannot run here, or None when it can."""
    try:
        importlib.import_module("zen")
    except (ImportError, OSError) as error:
        return f"{PACKAGE} not installed ({type(error).__name__})"
    return None


def graph(name: str, node: dict[str, Any]) -> str:
    """A JDM decision graph: input → `node` → output."""
    nodes = [
        {"id": "input", "type": "inputNode", "name": "indata", "position": {"x": 0, "y": 0}},
        {**node, "id": "rule", "name": name, "position": {"x": 300, "y": 0}},
        {"id": "output", "type": "outputNode", "name": "svar", "position": {"x": 600, "y": 0}},
    ]
    edges = [
        {"id": "in-rule", "sourceId": "input", "targetId": "rule", "type": "edge"},
        {"id": "rule-out", "sourceId": "rule", "targetId": "output", "type": "edge"},
    ]
    return json.dumps({"nodes": nodes, "edges": edges}, ensure_ascii=False)


def synpunkter_graph() -> str:
    source = (POLICY_DIR / "synpunkter.js").read_text(encoding="utf-8")
    return graph("RIKET-SYN", {"type": "functionNode", "content": {"source": source}})


def struktur_graph() -> str:
    expressions = [
        {"id": key, "key": key, "value": value} for key, value in STRUKTUR_EXPRESSIONS.items()
    ]
    return graph(
        "RIKET-TG och RIKET-ÅB", {"type": "expressionNode", "content": {"expressions": expressions}}
    )


def run_synpunkter(directory: Path, settings: Settings) -> PeerRun:
    zen = importlib.import_module("zen")
    started = time.perf_counter()
    decision = zen.ZenEngine().create_decision(synpunkter_graph())
    context = json.dumps(
        {**settings.as_json(), "synpunkter": read_table(directory, "synpunkter")},
        ensure_ascii=False,
    )
    loaded = time.perf_counter()
    result = decision.evaluate(context)["result"]["per_namnd"]
    evaluated = time.perf_counter()
    answers = {n: [int(v["checked"]), int(v["late"])] for n, v in result.items()}
    return PeerRun(loaded - started, evaluated - loaded, {"RIKET-SYN": answers})


def run_struktur(directory: Path, settings: Settings) -> PeerRun:
    zen = importlib.import_module("zen")
    started = time.perf_counter()
    source = struktur_graph()
    engine = zen.ZenEngine({"loader": lambda key: source})
    common = settings.as_json()
    del common["helgdagar"]  # no working days in these rules
    guarantees = _by_board(read_table(directory, "tjänstegarantier"))
    reports = _by_board(read_table(directory, "rapporter"))
    requests: list[dict[str, Any]] = [
        {
            "key": "struktur",
            "context": {
                **common,
                "id": board["id"],
                "typ": board["typ"],
                "garantier": guarantees.get(board["id"] or "", []),
                "rapporter": reports.get(board["id"] or "", []),
            },
        }
        for board in read_table(directory, "nämnder")
    ]
    loaded = time.perf_counter()
    results = engine.evaluate_batch(requests)
    evaluated = time.perf_counter()
    answers: dict[str, dict[str, Any]] = {"RIKET-TG": {}, "RIKET-ÅB": {}}
    for request, result in zip(requests, results, strict=True):
        if not result.get("success"):
            raise RuntimeError(f"zen-engine failed on {request['context']['id']}: {result}")
        outcome = result["data"]["result"]
        board = request["context"]["id"]
        for rule, key in (("RIKET-TG", "tg"), ("RIKET-ÅB", "ab")):
            if outcome.get(key) is not None:  # null: the revision, which is not judged
                answers[rule][board] = outcome[key]
    return PeerRun(loaded - started, evaluated - loaded, answers)


def _by_board(records: list[Record]) -> dict[str, list[Record]]:
    grouped: defaultdict[str, list[Record]] = defaultdict(list)
    for record in records:
        grouped[record["namnd"] or ""].append(record)
    return grouped
