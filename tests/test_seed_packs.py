"""Every seed rule pack and its example: rules that cite their source, examples that run from
their own folder, and docs/seed-findings.md telling the truth about what they find."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from compliance import api

ROOT = Path(__file__).resolve().parent.parent
POLICY_RULES = ROOT / "policy_rules"
FIXTURES = ROOT / "fixtures"
SEED_FINDINGS = ROOT / "docs" / "seed-findings.md"
PACKS = sorted(POLICY_RULES.glob("*.rules"))
EXAMPLES = sorted(p.parent for p in FIXTURES.glob("**/compliance.toml"))
OUTCOMES = ("pass", "fail", "not_applicable", "insufficient_data", "not_due")


def run_cli(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "compliance", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONHASHSEED": "0"},
        check=False,
    )


def test_there_is_a_pack_for_every_seed_and_the_law() -> None:
    names = {p.stem for p in PACKS}
    assert {
        "servicedeklarationer",
        "stockholm-kvalitetsprogram",
        "haninge-verksamhetsstyrning",
        "stockholm-malrapportering",
        "kommunkompassen",
        "kommunallagen",
        "lkbr",
    } <= names


@pytest.mark.parametrize("pack", PACKS, ids=lambda p: p.stem)
def test_pack_checks_cleanly_and_every_rule_cites_section_and_quote(pack: Path) -> None:
    rules = api.load_rules([pack])
    assert rules.warnings == ()
    assert rules.program.rules
    for rule in rules.program.rules:
        assert rule.citation.section, f"{rule.id} has no avsnitt"
        assert rule.citation.quote, f"{rule.id} has no citat"


@pytest.mark.parametrize("pack", PACKS, ids=lambda p: p.stem)
def test_every_pack_has_tests_as_data(pack: Path) -> None:
    assert pack.with_suffix(".test.yaml").is_file()


def test_explain_shows_the_quote_of_a_seed_rule() -> None:
    result = run_cli(
        ["explain", "SD-KEDJA", "--rules", "policy_rules/servicedeklarationer.rules"], ROOT
    )
    assert result.returncode == 0, result.stderr
    assert "Riktlinjer ses över" in result.stdout
    assert "inte är\n" in result.stdout or "inte är kopplade" in result.stdout


def _documented_counts() -> dict[str, tuple[int, ...]]:
    """Fixture folder → the outcome counts in the table at the top of docs/seed-findings.md."""
    counts: dict[str, tuple[int, ...]] = {}
    row = re.compile(r"`fixtures/([^`]+?)/`.*\|\s*(\d+) / (\d+) / (\d+) / (\d+) / (\d+)\s*\|\s*$")
    for line in SEED_FINDINGS.read_text("utf-8").splitlines():
        if match := row.search(line):
            counts[match.group(1)] = tuple(int(n) for n in match.groups()[1:])
    return counts


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.relative_to(FIXTURES).as_posix())
def test_example_runs_from_its_folder_with_the_documented_outcomes(example: Path) -> None:
    result = run_cli(["check", "--format", "json"], example)
    assert result.returncode == 1, result.stderr
    # The report does not depend on where the checkout lives: packs above the example's
    # folder are named relative to it.
    assert str(ROOT) not in result.stdout
    assert "../policy_rules/" in result.stdout
    summary = json.loads(result.stdout)["summary"]
    documented = _documented_counts()
    name = example.relative_to(FIXTURES).as_posix()
    assert name in documented, f"docs/seed-findings.md has no counts for {name}"
    assert tuple(summary[o] for o in OUTCOMES) == documented[name]
