"""The bundled examples (`fixtures/*/compliance.toml`), checked as their configuration says:
for tests that judge every example twice, with a fast path on and off."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

from compliance import api
from compliance.findings import Finding

REPOSITORY = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(path.parent for path in (REPOSITORY / "fixtures").glob("*/compliance.toml"))


def example_check(
    example: Path, monkeypatch: pytest.MonkeyPatch, backend: str = "auto"
) -> Callable[[], tuple[Finding, ...]]:
    """Reads the example's rules and data once (from its own folder, as its paths are
    written); each call of the result checks them again."""
    monkeypatch.chdir(example)
    config = tomllib.loads((example / "compliance.toml").read_text("utf-8"))
    rules = api.load_rules(config["rules"])
    data = api.load_data(config["data"])
    period, as_of = str(config["period"]), config["as_of"]

    def findings() -> tuple[Finding, ...]:
        return api.check(rules, data, period=period, as_of=as_of, backend=backend).findings

    return findings
