"""Fixtures shared by the command-line tests."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from test_cli import DATA, RULES

from compliance.user_cache import CACHE_ENV


def pytest_configure(config: pytest.Config) -> None:
    """The run's caches (parser, checked rules, holidays) go to a directory of this test
    session, for every test and every command it starts: never to the user's own cache."""
    if CACHE_ENV not in os.environ:
        directory = tempfile.mkdtemp(prefix="compliance-test-cache-")
        os.environ[CACHE_ENV] = directory
        config.add_cleanup(lambda: shutil.rmtree(directory, ignore_errors=True))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A folder with one rule file (TG-01) and data where one of two nämnder fails it."""
    (tmp_path / "policy.rules").write_text(RULES, encoding="utf-8")
    (tmp_path / "organisation.yaml").write_text(DATA, encoding="utf-8")
    return tmp_path
