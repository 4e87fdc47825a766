"""The rule language's behaviour, as data: each file in tests/language/ is one behaviour.

A case gives rule text, organisational data (YAML text), a period and an as-of date, and
either the expected outcome per rule and subject (with optional text the message or evidence
must contain) or the exact diagnostics the checker must report, with their positions.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from compliance.checker.checker import check_program
from compliance.data.loader import load_dataset_text
from compliance.diagnostics import InputError, sorted_diagnostics
from compliance.evaluator import evaluate
from compliance.findings import Finding
from compliance.periods import parse_period
from compliance.syntax.parser import parse_rule_text

BACKENDS = ("row", "column")
CASES = sorted((Path(__file__).parent / "language").glob("*.yaml"))
RULES_NAME = "case.rules"
DATA_NAME = "case.yaml"


def _load(path: Path) -> dict[str, Any]:
    case = yaml.safe_load(path.read_text("utf-8"))
    assert isinstance(case, dict), f"{path.name}: a case is a mapping"
    return case


def _diagnostics(rules: str) -> list[dict[str, Any]]:
    try:
        rule_file = parse_rule_text(rules, RULES_NAME)
    except InputError as error:
        found = error.diagnostics
    else:
        _, found = check_program([rule_file])
    return [
        {
            "code": d.code,
            "line": d.span.line if d.span else None,
            "column": d.span.column if d.span else None,
            "message": d.message,
            **({"help": d.help} if d.help else {}),
        }
        for d in sorted_diagnostics(found)
    ]


def _findings(case: dict[str, Any], backend: str = "row") -> list[Finding]:
    program, diagnostics = check_program([parse_rule_text(case["rules"], RULES_NAME)])
    errors = [d for d in diagnostics if d.level.value == "error"]
    assert not errors, f"unexpected checker errors: {errors}"
    dataset = load_dataset_text(case["data"], DATA_NAME)
    report = evaluate(
        program,
        dataset,
        period=parse_period(str(case["period"])),
        as_of=case["as_of"],
        backend=backend,
    )
    return list(report.findings)


# Which ways the column-wise backend used, summed over the suite (see the last test).
COLUMN_METHODS: Counter[str] = Counter()


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_language_case(path: Path, backend: str) -> None:
    case = _load(path)
    if "diagnostics" in case:
        expected = case["diagnostics"]
        actual = _diagnostics(case["rules"])
        # A case lists the diagnostics it is about; `help` is compared only where given.
        for wanted in expected:
            comparable = [{k: v for k, v in found.items() if k in wanted} for found in actual]
            assert wanted in comparable, f"missing diagnostic {wanted}; got {actual}"
        if case.get("only", True):
            assert len(actual) == len(expected), f"extra diagnostics: {actual}"
        return
    findings = _findings(case, backend)
    if backend == "column":
        # Both backends must give the same findings, down to every evidence line.
        assert findings == _findings(case, "row")
    actual = [(f.rule, f.subject.id, f.outcome.value) for f in findings]
    wanted = [(e["rule"], str(e["subject"]), e["outcome"]) for e in case["expect"]]
    assert actual == wanted
    by_key = {(f.rule, f.subject.id): f for f in findings}
    for expectation in case["expect"]:
        finding = by_key[(expectation["rule"], str(expectation["subject"]))]
        if "message" in expectation:
            assert finding.message == expectation["message"]
        if "recommendation" in expectation:
            assert finding.recommendation == expectation["recommendation"]
        for fragment in expectation.get("evidence_contains", []):
            texts = [e.text for e in finding.evidence]
            assert any(fragment in t for t in texts), f"{fragment!r} not in {texts}"
        if "missing" in expectation:
            assert list(finding.missing) == expectation["missing"]
        if "evidence_at" in expectation:
            where = [str(e.location) for e in finding.evidence if e.location is not None]
            assert expectation["evidence_at"] in where, where


def test_every_case_file_is_a_behaviour() -> None:
    assert len(CASES) >= 20
    for path in CASES:
        case = _load(path)
        assert "description" in case, f"{path.name} says what behaviour it shows"
        assert ("expect" in case) != ("diagnostics" in case), path.name
