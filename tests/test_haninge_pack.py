"""The Haninge rule pack against the Haninge fixture: every outcome is as written in
tests/haninge_expected.yaml, and together the findings show all five outcomes."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from compliance import api
from compliance.findings import Outcome, Report

ROOT = Path(__file__).resolve().parent.parent
# The packs the root compliance.toml checks the Haninge example with.
RULES = [
    ROOT / "policy_rules" / name
    for name in ("haninge-verksamhetsstyrning.rules", "kommunallagen.rules", "lkbr.rules")
]
DATA = sorted((ROOT / "fixtures" / "haninge").glob("*.yaml"))
EXPECTED = Path(__file__).with_name("haninge_expected.yaml")
PERIOD = "2025"
AS_OF = "2026-09-30"

Row = tuple[str, str, str, str]  # rule, subject kind, subject id, outcome


@pytest.fixture(scope="module")
def report() -> Report:
    return api.check(api.load_rules(RULES), api.load_data(DATA), period=PERIOD, as_of=AS_OF)


def _expected_rows() -> set[Row]:
    expected = yaml.safe_load(EXPECTED.read_text("utf-8"))
    rows: set[Row] = set()
    for rule, entry in expected.items():
        for subject, outcome in entry["outcomes"].items():
            assert outcome in {o.value for o in Outcome}, f"{rule}/{subject}: {outcome}"
            rows.add((rule, entry["kind"], str(subject), outcome))
    return rows


def _diff(expected: set[Row], actual: set[Row]) -> str:
    by_pair_expected = {row[:3]: row[3] for row in expected}
    by_pair_actual = {row[:3]: row[3] for row in actual}
    lines = []
    for pair in sorted(by_pair_expected.keys() | by_pair_actual.keys()):
        want = by_pair_expected.get(pair, "(not expected)")
        got = by_pair_actual.get(pair, "(not produced)")
        if want != got:
            lines.append(f"{' / '.join(pair)}: expected {want}, got {got}")
    return "\n".join(lines)


def test_fixture_files_are_found() -> None:
    assert [p.name for p in DATA] == ["organisation.yaml", "synpunkter.yaml"]


def test_every_outcome_is_as_expected(report: Report) -> None:
    actual = {(f.rule, f.subject.kind, f.subject.id, f.outcome.value) for f in report.findings}
    # One finding per rule and subject: a duplicate would be hidden by the set.
    assert len(actual) == len(report.findings)
    expected = _expected_rows()
    assert actual == expected, "outcomes differ from haninge_expected.yaml:\n" + _diff(
        expected, actual
    )


def test_every_evaluated_outcome_occurs(report: Report) -> None:
    # `waived` is not an evaluation outcome: only a waiver file produces it.
    seen = {f.outcome for f in report.findings}
    evaluated = set(Outcome) - {Outcome.WAIVED}
    assert seen == evaluated, f"missing: {sorted(o.value for o in evaluated - seen)}"


def test_the_rule_packs_check_without_errors() -> None:
    rules = api.load_rules(RULES)
    assert {r.id for r in rules.program.rules} == set(yaml.safe_load(EXPECTED.read_text("utf-8")))
