"""Fixtures shared by the command-line tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_cli import DATA, RULES


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A folder with one rule file (TG-01) and data where one of two nämnder fails it."""
    (tmp_path / "policy.rules").write_text(RULES, encoding="utf-8")
    (tmp_path / "organisation.yaml").write_text(DATA, encoding="utf-8")
    return tmp_path
