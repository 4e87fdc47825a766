"""The per-user cache keeps the entries of each kind used last and deletes the rest, so it
cannot grow without bound while inputs keep changing (`user_cache._prune`)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from compliance import user_cache
from compliance.user_cache import CACHE_ENV, KEPT_PER_KIND, cache_file, read_cached, write_cached


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    return tmp_path / "cache"


def entry(kind: str, number: int) -> Path:
    path = cache_file(kind, f"{number:032x}", ".pickle")
    assert path is not None
    return path


def age(path: Path, seconds_ago: int) -> None:
    """Pretend `path` was last used `seconds_ago` (file times are too coarse to wait for)."""
    when = path.stat().st_mtime_ns - seconds_ago * 1_000_000_000
    os.utime(path, ns=(when, when))


def test_only_the_entries_of_a_kind_used_last_are_kept(cache: Path) -> None:
    write_cached(entry("holidays", 0), b"another kind")
    for number in range(KEPT_PER_KIND):
        write_cached(entry("data", number), b"x")
        age(entry("data", number), KEPT_PER_KIND - number)  # 0 is the oldest
    assert len(list(cache.glob("data-*"))) == KEPT_PER_KIND
    write_cached(entry("data", KEPT_PER_KIND), b"the newest")
    kept = sorted(cache.glob("data-*"))
    assert len(kept) == KEPT_PER_KIND
    assert entry("data", 0) not in kept and entry("data", KEPT_PER_KIND) in kept
    assert read_cached(entry("holidays", 0)) == b"another kind"  # other kinds are untouched


def test_an_entry_read_recently_outlives_one_only_written(cache: Path) -> None:
    for number in range(KEPT_PER_KIND):
        write_cached(entry("rules", number), b"x")
        age(entry("rules", number), 1000)
    age(entry("rules", 1), 2000)  # the oldest write, but about to be read
    assert read_cached(entry("rules", 1)) == b"x"
    age(entry("rules", 0), 1500)
    write_cached(entry("rules", KEPT_PER_KIND), b"new")
    assert read_cached(entry("rules", 1)) == b"x"
    assert read_cached(entry("rules", 0)) is None


def test_entries_beyond_the_kinds_byte_budget_are_deleted_but_never_the_newest(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(user_cache, "KEPT_BYTES_PER_KIND", 250)
    for number in range(3):
        write_cached(entry("data", number), b"x" * 100)
        age(entry("data", number), 10 - number)
    # 100 + 100 fit the budget of 250; the oldest third does not.
    assert [read_cached(entry("data", n)) is not None for n in range(3)] == [False, True, True]
    write_cached(entry("data", 3), b"x" * 1000)  # alone over the budget, yet kept: just written
    assert read_cached(entry("data", 3)) == b"x" * 1000
    assert [read_cached(entry("data", n)) is not None for n in range(3)] == [False, False, False]
