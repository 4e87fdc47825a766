"""A per-user cache of the compiled parser, so a run does not rebuild the LALR tables.

Building the tables takes a quarter of a second, more than the rest of a small check. The
compiled parser is saved with Lark's own `save`/`load` in the user's cache directory (never
the package directory, and never a shared temporary directory where another user could plant
a file), under a name that hashes the grammar, the Lark version and the Python version, so a
changed grammar can never load stale tables. The file is written atomically, and a cache that
cannot be read or written is simply not used: it only ever costs speed, never a result.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import lark
from lark import Lark

CACHE_ENV = "COMPLIANCE_CACHE_DIR"


def cache_directory() -> Path | None:
    """`$COMPLIANCE_CACHE_DIR`, else `$XDG_CACHE_HOME/compliance`, else `~/.cache/compliance`.

    An empty `COMPLIANCE_CACHE_DIR` turns the cache off.
    """
    configured = os.environ.get(CACHE_ENV)
    if configured is not None:
        return Path(configured) if configured else None
    base = os.environ.get("XDG_CACHE_HOME")
    try:
        root = Path(base) if base else Path.home() / ".cache"
    except RuntimeError:  # no home directory to be found
        return None
    return root / "compliance"


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
    if path is not None:
        try:
            with path.open("rb") as handle:
                return Lark.load(handle)
        except Exception:  # a damaged or foreign cache file is simply rebuilt
            pass
    parser = build()
    if path is not None:
        _save(parser, path)
    return parser


def _save(parser: Lark, path: Path) -> None:
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(descriptor, "wb") as handle:
                parser.save(handle)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError:
        pass  # a read-only home or a full disk only costs the next run a rebuild
