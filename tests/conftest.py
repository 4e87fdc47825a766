"""Fixtures shared by the command-line tests."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings
from test_cli import DATA, RULES

from compliance.user_cache import CACHE_ENV

# The property tests draw the same examples on every run, so that a commit passes or fails
# the same way on every machine and in CI. `pytest --hypothesis-profile=explore` draws new
# ones each run, to look for cases the repeatable set does not hold; a case found that way
# belongs in the test as an `@example`.
settings.register_profile("repeatable", derandomize=True, database=None, print_blob=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile("repeatable")


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
