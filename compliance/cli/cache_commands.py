"""`compliance cache info` and `compliance cache clear`: the per-user cache (`user_cache`).

The cache only saves time and is never stale (docs/caching.md), so clearing it is never needed
for a correct result; it is for freeing the disk space, or for timing a run from cold.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import typer

from compliance.cli.app import EXIT_OK, app, guarded
from compliance.diagnostics import Diagnostic, InputError
from compliance.streams import say

cache_app = typer.Typer(
    help="Show or clear the per-user cache of parsed rules, loaded data and holidays.",
    no_args_is_help=True,
)
app.add_typer(cache_app, name="cache")


@cache_app.command()
@guarded
def info() -> None:
    """Where the cache is, and how many files of each kind it holds."""
    from compliance.user_cache import cache_files

    directory = _directory()
    files = cache_files(directory)
    say(f"Cache directory: {directory}")
    if not files:
        say("No cached files.")
        return
    kinds = Counter(name.partition("-")[0] for name, _ in files if not name.endswith(".tmp"))
    parts = ", ".join(f"{count} {kind}" for kind, count in sorted(kinds.items()))
    say(f"{_files(len(files))}, {_megabytes(sum(size for _, size in files))}: {parts}")


@cache_app.command()
@guarded
def clear() -> None:
    """Delete the cache's files; the next run rebuilds what it needs, a little slower.

    Only files the cache wrote are deleted, never anything else in its directory.
    """
    from compliance.user_cache import cache_files

    directory = _directory()
    files = cache_files(directory)
    for name, _ in files:
        path = directory / name
        try:
            path.unlink(missing_ok=True)  # another run may have pruned it meanwhile
        except OSError as error:
            raise InputError(
                [Diagnostic("E404", f"cannot remove `{path}`: {error.strerror}")]
            ) from None
    if files:
        size = _megabytes(sum(size for _, size in files))
        say(f"Removed {_files(len(files))} ({size}) from {directory}.")
    else:
        say(f"No cached files in {directory}.")


def _directory() -> Path:
    """The cache directory; when caching is off, says so and exits 0: nothing to show."""
    # Imported here, like every command's work: `compliance --help` must not pay for hashlib.
    from compliance.user_cache import CACHE_ENV, cache_directory

    directory = cache_directory()
    if directory is None:
        reason = f"{CACHE_ENV} is empty" if os.environ.get(CACHE_ENV) == "" else "no home"
        say(f"Caching is off ({reason}).")
        raise typer.Exit(EXIT_OK)
    return directory


def _files(count: int) -> str:
    return "1 file" if count == 1 else f"{count} files"


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"
