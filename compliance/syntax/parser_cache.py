"""A per-user cache of the compiled parser, so a run does not rebuild the LALR tables.

Building the tables takes a quarter of a second, more than the rest of a small check. The
compiled parser is saved with Lark's own `save`/`load` in the user's cache directory
(`compliance.user_cache`, which also says how its files are written and read), under a name
that hashes the grammar, the Lark version and the Python version, so a changed grammar can
never load stale tables.
"""

from __future__ import annotations

import hashlib
import io
import sys
from collections.abc import Callable
from pathlib import Path

import lark
from lark import Lark

from compliance.user_cache import CACHE_ENV, cache_directory, read_cached, write_cached

__all__ = ["CACHE_ENV", "cache_directory", "cache_file", "load_cached_parser"]


def cache_file(grammar: str) -> Path | None:
    directory = cache_directory()
    if directory is None:
        return None
    key = hashlib.sha256(
        "\\0".join((grammar, lark.__version__, sys.version)).encode("utf-8")
    ).hexdigest()[:32]
    return directory / f"parser-{key}.lark"


def load_cached_parser(grammar: str, build: Callable[[], Lark]) -> Lark:
    path = cache_file(grammar)
    saved = read_cached(path)
    if saved is not None:
        try:
            return Lark.load(io.BytesIO(saved))
        except Exception:  # a damaged or foreign cache file is simply rebuilt
            pass
    parser = build()
    if path is not None:
        buffer = io.BytesIO()
        parser.save(buffer)
        write_cached(path, buffer.getvalue())
    return parser
