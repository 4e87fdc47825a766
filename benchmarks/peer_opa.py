"""Open Policy Agent, in process, on the benchmark rules written in Rego (`peers/*.rego`).

OPA is embedded through `opa-golib-python-bindings` (a Go c-shared library driven with
ctypes), which is not a dependency of the project; see docs/performance.md for how to install
it. The tables are read from the CSV files (`peer_data`) and handed to OPA as data
(`add_data`): that is the load time. The evaluation time is one `eval_document` of the per-nämnd
answer, which includes OPA's compilation of the query.
"""

from __future__ import annotations

import importlib
import time
from pathlib import Path
from typing import Any

from peer_data import Settings, read_table
from peer_result import PeerRun

POLICY_DIR = Path(__file__).with_name("peers")
PACKAGE = "opa-golib-python-bindings"


def missing() -> str | None:
    """Why OPA cannot run here, or None when it can."""
    try:
        importlib.import_module("opa_bindings")
    except (ImportError, OSError) as error:
        return f"{PACKAGE} not installed ({type(error).__name__})"
    return None


def _engine(policy: str) -> Any:
    opa = importlib.import_module("opa_bindings")
    engine = opa.OpaEngine()
    engine.add_policy(policy, (POLICY_DIR / policy).read_text(encoding="utf-8"))
    return engine


def run_synpunkter(directory: Path, settings: Settings) -> PeerRun:
    started = time.perf_counter()
    engine = _engine("synpunkter.rego")
    data = {**settings.as_json(), "synpunkter": read_table(directory, "synpunkter")}
    engine.add_data(data, path="riket")
    del data
    loaded = time.perf_counter()
    result = engine.eval_document("kontroll.synpunkter.per_namnd")
    evaluated = time.perf_counter()
    answers = {n: [v["checked"], v["late"]] for n, v in result.items()}
    return PeerRun(loaded - started, evaluated - loaded, {"RIKET-SYN": answers})


def run_struktur(directory: Path, settings: Settings) -> PeerRun:
    started = time.perf_counter()
    engine = _engine("struktur.rego")
    data = {
        **settings.as_json(),
        "namnder": read_table(directory, "nämnder"),
        "tjanstegarantier": read_table(directory, "tjänstegarantier"),
        "rapporter": read_table(directory, "rapporter"),
    }
    engine.add_data(data, path="riket")
    loaded = time.perf_counter()
    result = engine.eval_document("kontroll.struktur.per_namnd")
    evaluated = time.perf_counter()
    return PeerRun(loaded - started, evaluated - loaded, dict(result))
