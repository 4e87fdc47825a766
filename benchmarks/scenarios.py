"""The two things measured: the working-day rule on synpunkter, and the structural pack."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scenario:
    """A rule pack, the data it reads, and the generated config the CLI runs for it."""

    name: str
    rules: str  # under DIR/rules/
    data: tuple[str, ...]  # under DIR
    # The config whose `compliance check` is the "total": compliance.toml checks both packs
    # (CSV → findings JSON for everything), struktur.toml the structural pack alone.
    config: str
    rule_ids: tuple[str, ...]


SYNPUNKTER = Scenario(
    "synpunkter",
    "synpunkter.rules",
    ("organisation.yaml", "synpunkter.yaml"),
    "compliance.toml",
    ("RIKET-SYN",),
)
STRUKTUR = Scenario(
    "struktur",
    "struktur.rules",
    ("organisation.yaml",),
    "struktur.toml",
    ("RIKET-TG", "RIKET-ÅB"),
)
SCENARIOS = {scenario.name: scenario for scenario in (SYNPUNKTER, STRUKTUR)}
