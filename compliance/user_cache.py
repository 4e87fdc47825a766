"""The per-user cache directory, and how a file in it is named, read and written.

Four things are cached between runs, each only to save time: the compiled rule parser
(`syntax/parser_cache.py`), checked rule packs (`checker/rule_cache.py`), loaded data files
(`data/data_cache.py`) and the Swedish holiday dates (`calendar/holiday_cache.py`). They share
the rules set out here:

- The directory is the user's own (never the package directory, and never a shared temporary
  directory where another user could plant a file).
- A file's name hashes everything its content depends on, so a changed input can never be
  served stale; an old file is simply never asked for again.
- A file is written atomically (a temporary file renamed into place), so a reader never sees
  half of one; a file that cannot be read back is treated as absent and rebuilt.
- A cache that cannot be read or written (a read-only home, a full disk) only costs speed,
  never a result or an error.
- Of each kind of entry, only those used last are kept (`KEPT_PER_KIND`, at most
  `KEPT_BYTES_PER_KIND` together), so the directory cannot grow without bound as inputs
  change.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

CACHE_ENV = "COMPLIANCE_CACHE_DIR"
# How many entries of one kind (`rules-`, `data-` …) are kept, those used last, and how many
# bytes they may take together (a YAML data set can be tens of megabytes).
KEPT_PER_KIND = 64
KEPT_BYTES_PER_KIND = 256 * 1024 * 1024
# The names of the files the cache writes: its entries, and the temporary file of a run
# stopped while writing one. `cache_files` lists only these, so clearing a cache directory
# pointed at a folder of other files (`COMPLIANCE_CACHE_DIR=.`) deletes nothing else.
_ENTRY_NAME = re.compile(r"(?:parser|rules|data|holidays)-[0-9a-f]{32}\.[a-z]+|tmp\w+\.tmp")
# The package's files whose content can change what a cached entry would hold.
_CODE_SUFFIXES = (".py", ".lark", ".toml")


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


def cache_files(directory: Path) -> list[tuple[str, int]]:
    """The cache's files in `directory`, by name, with their sizes in bytes; none when the
    directory does not exist yet."""
    files = []
    try:
        entries = list(os.scandir(directory))
    except (FileNotFoundError, NotADirectoryError):
        return []
    for entry in entries:
        if _ENTRY_NAME.fullmatch(entry.name) and entry.is_file(follow_symlinks=False):
            with contextlib.suppress(FileNotFoundError):  # deleted meanwhile by another run
                files.append((entry.name, entry.stat(follow_symlinks=False).st_size))
    return sorted(files)


def key_digest(parts: Iterable[str | bytes]) -> str:
    """A short hash of `parts`, each length-prefixed so that no two lists share a digest."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()[:32]


def cache_file(prefix: str, key: str, suffix: str) -> Path | None:
    """`<cache directory>/<prefix>-<key><suffix>`, or None when caching is off."""
    directory = cache_directory()
    if directory is None:
        return None
    return directory / f"{prefix}-{key}{suffix}"


def read_cached(path: Path | None) -> bytes | None:
    """The bytes of a cache file, or None when there is none or it cannot be read."""
    if path is None:
        return None
    try:
        data = path.read_bytes()
    except OSError:
        return None
    with contextlib.suppress(OSError):  # a read-only cache is still read
        os.utime(path)  # used now: the last to be pruned (`_prune`)
    return data


def write_cached(path: Path | None, data: bytes) -> None:
    """Write a cache file atomically; failing to write only costs the next run some time."""
    if path is None:
        return
    import tempfile  # only when writing: most runs only read

    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(data)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        _prune(path)
    except OSError:
        pass  # a read-only home or a full disk only costs the next run a rebuild


def _prune(written: Path) -> None:
    """Keep the entries of the written file's kind used last, at most `KEPT_PER_KIND` of them
    and `KEPT_BYTES_PER_KIND` together (the newest is always kept); delete the rest.

    Every edit of a data file or rule pack makes a new entry, and nothing else would ever
    delete the old ones: a CI runner that keeps its cache would fill its disk. An entry
    deleted too soon only costs one rebuild."""
    kind = written.name.partition("-")[0] + "-"
    entries = []
    for entry in os.scandir(written.parent):
        if entry.name.startswith(kind) and not entry.name.endswith(".tmp"):
            try:
                info = entry.stat()
            except OSError:
                continue  # deleted meanwhile by another run
            entries.append((info.st_mtime_ns, info.st_size, entry.name))
    used = 0
    for number, (_, size, name) in enumerate(sorted(entries, reverse=True)):
        used += size
        if number and (number >= KEPT_PER_KIND or used > KEPT_BYTES_PER_KIND):
            (written.parent / name).unlink(missing_ok=True)


@cache
def code_fingerprint() -> str:
    """A digest of the package's own source files: path, size and modification time of each,
    as Python itself decides whether a compiled module is current. Part of the key of every
    entry built by our code, so a changed parser, checker or data model never reads an entry
    the old one wrote."""
    root = Path(__file__).resolve().parent
    parts: list[str] = []
    pending = [root]
    while pending:
        directory = pending.pop()
        try:
            entries = sorted(os.scandir(directory), key=lambda entry: entry.name)
        except OSError:
            parts.append(f"unreadable {directory}")
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if entry.name != "__pycache__":
                    pending.append(Path(entry.path))
            elif entry.name.endswith(_CODE_SUFFIXES):
                info = entry.stat()
                relative = Path(entry.path).relative_to(root).as_posix()
                parts += [relative, str(info.st_size), str(info.st_mtime_ns)]
    return key_digest(parts)
