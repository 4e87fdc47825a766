"""Checked rule packs kept between runs, so an unchanged pack is not parsed and checked again.

Parsing and checking the three bundled packs takes longer than evaluating them. What the
checker produced - the program and its warnings - is saved in the user's cache directory
(`compliance.user_cache` says where and how) under a name that hashes:

- every rule file's name as shown and its full text, in the order given: an edited file, a
  renamed one or another order is a different entry, whatever its modification time;
- the tool's own code (`user_cache.code_fingerprint`) and the Python version, so a changed
  parser, checker or data model is never served a program built by the old one.

Only a pack without errors is saved: a pack with errors is checked again on every run, so its
diagnostics always come from the checker itself. The entry is written by `cache_codec`,
which reads back only the program's own classes: reading a cache file never runs code.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from compliance import cache_codec, ir
from compliance.diagnostics import Diagnostic
from compliance.user_cache import cache_file, code_fingerprint, key_digest

# Bumped when the layout of the saved entry changes.
_FORMAT = "2"

Checked = tuple[ir.Program, tuple[Diagnostic, ...]]


def cached_check(texts: Sequence[tuple[str, str]]) -> Checked | None:
    """The program and warnings saved for these (shown name, text) files, if any."""
    entry = cache_codec.read_entry(_entry(texts))
    if not _well_formed(entry):
        return None
    program, warnings = entry
    return program, warnings


def save_check(
    texts: Sequence[tuple[str, str]], program: ir.Program, warnings: tuple[Diagnostic, ...]
) -> None:
    """Save what the checker produced for these files, for the next run."""
    cache_codec.write_entry(_entry(texts), (program, warnings))


def _entry(texts: Sequence[tuple[str, str]]) -> Path | None:
    parts: list[str] = [_FORMAT, sys.version, code_fingerprint()]
    for shown, text in texts:
        parts += [shown, text]
    return cache_file("rules", key_digest(parts), cache_codec.SUFFIX)


def _well_formed(entry: object) -> bool:
    return (
        isinstance(entry, tuple)
        and len(entry) == 2
        and isinstance(entry[0], ir.Program)
        and isinstance(entry[1], tuple)
        and all(isinstance(d, Diagnostic) for d in entry[1])
    )
