"""The limits on one data file's size, nesting and alias expansion, in one place.

They are far above any real kommun's data and only stop files that would make the checker
hang or run out of memory.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_DEPTH = 64
MAX_ALIASES = 10_000
MAX_NODES = 1_000_000


@dataclass(frozen=True)
class Limits:
    """The limits one read uses; tests pass smaller ones instead of writing huge files."""

    max_file_bytes: int = MAX_FILE_BYTES
    max_depth: int = MAX_DEPTH
    max_aliases: int = MAX_ALIASES
    max_nodes: int = MAX_NODES


DEFAULT_LIMITS = Limits()
