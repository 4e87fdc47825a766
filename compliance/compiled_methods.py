"""The methods `dataclasses` writes, compiled once and kept beside the package's bytecode.

For every dataclass, Python 3.11 writes the source of `__init__`, `__repr__`, `__eq__` (and,
frozen, `__hash__`, `__setattr__`, `__delattr__`) and compiles each with `exec`. The command
needs ~140 dataclasses (its own and its libraries'), and compiling their ~760 methods was
a sixth of `compliance check` on the Haninge example, in every process, for the same source
text each time. Python keeps a module's bytecode in `__pycache__`; this keeps these methods'
compiled code there too, so a later process only reads it.

How it stays exactly what `dataclasses` would make:

- The one `exec` of `dataclasses` is given a stand-in that looks the source text up and runs
  the code compiled from that very text, or compiles it as `exec` would (no inherited
  `__future__` flags, file name `<string>`). The text is the key, so a changed class, field or
  Python is a different entry; nothing is ever matched by name or by time.
- The file carries Python's bytecode magic number and optimisation level; any other file, or
  one that cannot be read whole, is ignored and rebuilt.

Where it may be kept: only where Python keeps the package's own bytecode (`__pycache__`, or
under `sys.pycache_prefix`), which is as trusted as the code it sits beside, and only when
Python may write bytecode (`sys.dont_write_bytecode`, `PYTHONDONTWRITEBYTECODE`). Never in the
per-user cache: that directory may be restored from a shared CI cache, and nothing read from it
is ever run (docs/caching.md). A directory that cannot be written just means compiling again,
as for bytecode.

Only the `compliance` command installs it (`compliance.command`); importing the package as a
library leaves `dataclasses` as it is.
"""

from __future__ import annotations

import atexit
import builtins
import dataclasses
import importlib.util
import marshal
import sys
from pathlib import Path
from types import CodeType
from typing import Any

# What a file is valid for: the bytecode format and the optimisation level (`-O`).
_HEADER = importlib.util.MAGIC_NUMBER + bytes([sys.flags.optimize])
# A file grown past this (methods of classes since changed) keeps only one run's methods.
MAX_ENTRIES = 4000


class CompiledMethods:
    """The compiled code of generated methods, by their source text, read from and saved to
    `path`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.kept = _read(path)
        # Every method this run made, found or compiled; `compiled` holds the new ones.
        self.used: dict[str, CodeType] = {}
        self.compiled: dict[str, CodeType] = {}

    def exec(self, source: object, globals: Any = None, locals: Any = None, /) -> None:
        """`exec` as `dataclasses` calls it, with the code compiled from `source` before."""
        if not isinstance(source, str):
            builtins.exec(source, globals, locals)  # type: ignore[arg-type]
            return
        code = self.kept.get(source) or self.used.get(source)
        if code is None:
            code = compile(source, "<string>", "exec", dont_inherit=True)
            self.compiled[source] = code
        self.used[source] = code
        builtins.exec(code, globals, locals)

    def save(self) -> None:
        """Write what was compiled in this run, with what was kept, if anything was new."""
        if not self.compiled or sys.dont_write_bytecode:
            return
        entries = {**self.kept, **self.compiled}
        if len(entries) > MAX_ENTRIES:
            entries = self.used
        # Imported only now: most runs find every method kept and never save.
        from compliance.diagnostics import InputError
        from compliance.output import write_atomically

        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # Two processes may save at once; each renames a whole file over the other's.
            write_atomically(self.path, _HEADER + marshal.dumps(entries))
        except (OSError, InputError):
            pass  # a read-only installation: compiled again next time, as bytecode would be


def install() -> CompiledMethods | None:
    """Make `dataclasses` use the kept methods for the rest of this process, and save new
    ones at exit; None (and nothing changed) where Python keeps no bytecode."""
    path = methods_file()
    if path is None or not _replaceable():
        return None
    methods = CompiledMethods(path)
    dataclasses.exec = methods.exec  # type: ignore[attr-defined]
    atexit.register(methods.save)
    return methods


def methods_file() -> Path | None:
    """Where the package's bytecode goes, under this Python's own name for the file."""
    tag = sys.implementation.cache_tag
    if tag is None:
        return None
    try:
        beside = importlib.util.cache_from_source(__file__)
    except (NotImplementedError, ValueError):
        return None
    return Path(beside).with_name(f"dataclass-methods.{tag}.bin")


def _replaceable() -> bool:
    # `dataclasses` finds `exec` among the builtins; a module that defines its own `exec`, or
    # an interpreter that compiles them differently, is left alone.
    return "exec" not in vars(dataclasses)


def _read(path: Path) -> dict[str, CodeType]:
    try:
        data = path.read_bytes()
    except OSError:
        return {}
    if not data.startswith(_HEADER):
        return {}
    try:
        entries = marshal.loads(data[len(_HEADER) :])
    except (EOFError, ValueError, TypeError):
        return {}
    if not isinstance(entries, dict) or not all(
        isinstance(key, str) and isinstance(value, CodeType) for key, value in entries.items()
    ):
        return {}
    return entries
