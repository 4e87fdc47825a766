"""`compliance cache info` and `compliance cache clear`: what is cached, and deleting it
without touching anything else in the directory."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from cli_process import run

from compliance.cli import EXIT_OK, cache_commands
from compliance.diagnostics import InputError
from compliance.user_cache import CACHE_ENV, cache_files

ROOT = Path(__file__).resolve().parent.parent
HANINGE = ROOT / "fixtures" / "haninge"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache directory of this test's own, filled by one check of the Haninge example, with
    a file and a folder of the user's beside the entries."""
    directory = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV, str(directory))
    checked = run("check", cwd=HANINGE)
    assert checked.code == 1, checked.stderr
    (directory / "anteckningar.txt").write_text("mina", encoding="utf-8")
    (directory / "data-00000000000000000000000000000000.pickle.bak").write_bytes(b"x")
    (directory / "rules-0123456789abcdef0123456789abcdef.pickle").mkdir()
    return directory


def test_info_counts_each_kind_and_clear_deletes_only_the_cache_files(cache: Path) -> None:
    written = cache_files(cache)
    kinds = {name.partition("-")[0] for name, _ in written}
    assert kinds == {"data", "holidays", "parser", "rules"}
    size = sum(size for _, size in written)

    info = run("cache", "info", cwd=cache.parent)
    assert info.code == EXIT_OK
    assert info.stdout.splitlines() == [
        f"Cache directory: {cache}",
        f"{len(written)} files, {size / 1_000_000:.1f} MB: "
        + ", ".join(
            f"{sum(1 for name, _ in written if name.startswith(kind + '-'))} {kind}"
            for kind in sorted(kinds)
        ),
    ]

    cleared = run("cache", "clear", cwd=cache.parent)
    assert cleared.code == EXIT_OK
    assert (
        cleared.stdout
        == f"Removed {len(written)} files ({size / 1_000_000:.1f} MB) from {cache}.\n"
    )
    assert sorted(path.name for path in cache.iterdir()) == [
        "anteckningar.txt",
        "data-00000000000000000000000000000000.pickle.bak",
        "rules-0123456789abcdef0123456789abcdef.pickle",
    ]  # the user's file, a name the cache never writes, and a folder: all left
    assert (cache / "anteckningar.txt").read_text(encoding="utf-8") == "mina"

    again = run("cache", "clear", cwd=cache.parent)
    assert again.stdout == f"No cached files in {cache}.\n"
    assert run("cache", "info", cwd=cache.parent).stdout.endswith("No cached files.\n")


def test_a_check_after_clearing_gives_the_same_report(cache: Path) -> None:
    before = run("check", cwd=HANINGE)
    assert run("cache", "clear", cwd=cache.parent).code == EXIT_OK
    after = run("check", cwd=HANINGE)
    assert (after.code, after.stdout) == (before.code, before.stdout)
    assert cache_files(cache)  # rebuilt


def test_with_caching_off_both_say_so(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(CACHE_ENV, "")
    for command in ("info", "clear"):
        result = run("cache", command, cwd=tmp_path)
        assert (result.code, result.stdout) == (
            EXIT_OK,
            f"Caching is off ({CACHE_ENV} is empty).\n",
        )


def test_a_cache_directory_that_does_not_exist_yet_is_empty(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "ny"))
    assert run("cache", "clear", cwd=tmp_path).stdout == f"No cached files in {tmp_path / 'ny'}.\n"
    assert not (tmp_path / "ny").exists()


def test_a_file_that_cannot_be_removed_is_reported_as_E404(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(path: Path, missing_ok: bool = False) -> None:
        raise PermissionError(13, os.strerror(13))

    monkeypatch.setattr(Path, "unlink", refuse)
    with pytest.raises(InputError) as raised:
        cache_commands.clear()
    (diagnostic,) = raised.value.diagnostics
    assert diagnostic.code == "E404"
    assert diagnostic.message.startswith(f"cannot remove `{cache}/")
    assert diagnostic.message.endswith("`: Permission denied")
