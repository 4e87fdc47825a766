"""The message catalogue: every key the code asks for exists, and no key is defined twice."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from compliance.messages import _flatten, catalogue

ROOT = Path(__file__).resolve().parent.parent
# `message("outcome.fail", …)`: a literal key; f-string keys are checked by the tests of the
# code that builds them.
LITERAL_KEY = re.compile(r"""message\(\s*["']([\w.]+)["']""")


def test_every_literal_key_used_in_the_code_exists() -> None:
    known = catalogue("sv")
    used = {
        key
        for path in (ROOT / "compliance").rglob("*.py")
        for key in LITERAL_KEY.findall(path.read_text("utf-8"))
    }
    assert used, "the scan found no message keys at all"
    assert not sorted(used - set(known))


def test_outcome_and_subject_keys_cover_every_kind() -> None:
    from compliance.data.model import ENTITY_KINDS
    from compliance.findings import KOMMUN_KIND, Outcome

    known = catalogue("sv")
    assert all(f"outcome.{o.value}" in known for o in Outcome)
    assert all(f"subject.{kind}" in known for kind in [*ENTITY_KINDS.values(), KOMMUN_KIND])
    assert all(f"report.kind.{kind}" in known for kind in [*ENTITY_KINDS.values(), KOMMUN_KIND])


def test_a_key_defined_twice_is_refused() -> None:
    table: dict[str, str] = {}
    _flatten({"outcome": {"fail": "A"}}, "", table)
    with pytest.raises(ValueError, match=r"`outcome\.fail` is defined in more than one"):
        _flatten({"outcome": {"fail": "B"}}, "", table)
