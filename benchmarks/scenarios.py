"""The two things measured: the working-day rule on synpunkter, and the structural pack."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scenario:
    """A rule pack, the data it reads, and the generated config the CLI runs for it."""

    name: str
    rules: str  # under DIR/rules/
    data: tuple[str, ...]  # under DIR
    # The config whose `compliance check` is the "total": synpunkter.toml checks the
    # working-day rule alone (CSV → findings JSON for the rule the targets name), struktur.toml
    # the structural pack alone.
    config: str
    rule_ids: tuple[str, ...]
    # Also timed, once per repeat, as an extra figure: everything at once (compliance.toml).
    all_packs_config: str | None = None


SYNPUNKTER = Scenario(
    "synpunkter",
    "synpunkter.rules",
    ("organisation.yaml", "synpunkter.yaml"),
    "synpunkter.toml",
    ("RIKET-SYN",),
    all_packs_config="compliance.toml",
)
STRUKTUR = Scenario(
    "struktur",
    "struktur.rules",
    ("organisation.yaml",),
    "struktur.toml",
    ("RIKET-TG", "RIKET-ÅB"),
)
SCENARIOS = {scenario.name: scenario for scenario in (SYNPUNKTER, STRUKTUR)}
