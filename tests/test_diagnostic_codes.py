"""Every diagnostic code used in the source is registered and documented, and none is stale."""

from __future__ import annotations

import re
from pathlib import Path

from compliance.diagnostic_codes import CODES

ROOT = Path(__file__).resolve().parent.parent
CODE = re.compile(r'"([EW]\d{3})"')


def _codes_in_source() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "compliance").rglob("*.py"):
        if path.name in ("diagnostic_codes.py", "codes.py"):
            continue
        found.update(CODE.findall(path.read_text("utf-8")))
    data_codes = (ROOT / "compliance" / "data" / "codes.py").read_text("utf-8")
    found.update(re.findall(r'^[A-Z_]+ = "([EW]\d{3})"', data_codes, re.M))
    return found


def test_every_code_used_is_registered() -> None:
    unregistered = _codes_in_source() - set(CODES)
    assert not unregistered, f"codes used but not in diagnostic_codes.CODES: {unregistered}"


def test_every_registered_code_is_documented() -> None:
    doc = (ROOT / "docs" / "diagnostics.md").read_text("utf-8")
    undocumented = [code for code in CODES if f"### {code}" not in doc]
    assert not undocumented, f"codes missing from docs/diagnostics.md: {undocumented}"


def test_codes_are_unique_and_well_formed() -> None:
    assert all(re.fullmatch(r"[EW]\d{3}", code) for code in CODES)
    assert all(meaning and not meaning[0].isupper() for meaning in CODES.values())
