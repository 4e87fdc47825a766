"""The quick constructors of `compliance.findings` make the instances the constructors make."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from compliance.data.dataset import new_location
from compliance.findings import (
    Citation,
    Evidence,
    Finding,
    Outcome,
    RowSelection,
    RuleSource,
    Severity,
    Subject,
    new_evidence,
    new_finding,
)


def _finding_fields() -> dict[str, object]:
    location = new_location("data.csv", 4, 2)
    return {
        "rule": "tjänstegarantier",
        "title": "Varje nämnd har tjänstegarantier",
        "severity": Severity.HIGH,
        "outcome": Outcome.FAIL,
        "subject": Subject("nämnd", "bun", "Barn- och utbildningsnämnden", "bun", "BUN"),
        "message": "BUN saknar tjänstegarantier.",
        "evidence": (new_evidence("Inga rader.", "bun.garantier", "0", location),),
        "source": Citation("Riktlinjer", "3.2"),
        "rule_location": RuleSource("struktur.rules", 12, 1),
        "location": location,
        "recommendation": "Anta tjänstegarantier.",
        "missing": ("bun.garantier",),
        "deadline": date(2026, 5, 31),
        "rows": RowSelection("synpunkter", (1, 5)),
    }


def test_a_quickly_made_finding_is_the_constructors() -> None:
    fields = _finding_fields()
    made, constructed = new_finding(**fields), Finding(**fields)  # type: ignore[arg-type]
    assert made == constructed and hash(made) == hash(constructed)
    # Every field, in declaration order: reporters that walk the fields see the same finding.
    declared = [field.name for field in dataclasses.fields(Finding)]
    assert list(vars(made)) == declared == list(vars(constructed))
    assert made.waiver is None and made.new is None
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.outcome = Outcome.PASS  # type: ignore[misc]


def test_a_quickly_made_finding_differs_where_a_field_differs() -> None:
    fields = _finding_fields()
    for name in fields:
        changed = {**fields, name: None}
        assert new_finding(**changed) != Finding(**fields), name  # type: ignore[arg-type]


def test_quickly_made_evidence_is_the_constructors() -> None:
    location = new_location("data.csv", 4, 2)
    made = new_evidence("Besvarad i tid.", "s1.besvarad", "2025-03-04", location)
    constructed = Evidence("Besvarad i tid.", "s1.besvarad", "2025-03-04", location)
    assert made == constructed and hash(made) == hash(constructed)
    assert list(vars(made)) == [field.name for field in dataclasses.fields(Evidence)]
