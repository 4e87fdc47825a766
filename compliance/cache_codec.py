"""What a cache file holds: a pickle that may name only the program's own classes.

The per-user caches (`user_cache`) keep checked rule packs and loaded data files between runs.
Reading them back must cost less than the work they save, which JSON rebuilt object by object
in Python does not (the bundled packs: 19 ms from JSON, 4 ms from a pickle). An ordinary
unpickler, though, can be made to call any function it can name. This one resolves only
classes of the modules in `_MODULES` (and `datetime.date`), by a plain name, so a cache file
can describe our objects and never make anything else happen - the "restricting globals"
recipe of the `pickle` documentation. A file naming anything else is refused like a damaged
one, and its entry is rebuilt.
"""

from __future__ import annotations

import io
import pickle
from importlib import import_module
from pathlib import Path
from typing import Any

from compliance.user_cache import read_cached, write_cached

# The modules whose classes a cached rule pack or data set is made of.
_MODULES = frozenset(
    {
        "compliance.ir",
        "compliance.checker.types",
        "compliance.syntax.kinds",
        "compliance.findings",
        "compliance.diagnostics",
        "compliance.data.dataset",
        "compliance.data.model",
        "compliance.periods",
    }
)
_OTHER_CLASSES = frozenset({("datetime", "date")})

# The name ending of a cache file this module wrote.
SUFFIX = ".pickle"
# What `dumps` raises for a value it cannot write: such a value is simply not cached.
_UNSAVABLE: tuple[type[Exception], ...] = (
    pickle.PicklingError,
    TypeError,
    AttributeError,
    RecursionError,
)


def read_entry(path: Path | None) -> Any:
    """The value the cache file `path` holds; None when there is none or it cannot be read
    back (damaged, or naming a foreign class): the caller rebuilds it and writes it again."""
    data = read_cached(path)
    if data is None:
        return None
    try:
        return loads(data)
    except Exception:
        return None


def write_entry(path: Path | None, value: object) -> None:
    """Keep `value` in the cache file `path`; a value that cannot be written is not kept."""
    if path is None:
        return
    try:
        data = dumps(value)
    except _UNSAVABLE:
        return
    write_cached(path, data)


class Refused(pickle.UnpicklingError):
    """The file names something that is not one of the program's own classes."""


def dumps(value: object) -> bytes:
    """`value` as bytes; raises one of `_UNSAVABLE` for what cannot be written."""
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def loads(data: bytes) -> Any:
    """The value `data` holds; raises for damaged data and `Refused` for a foreign class."""
    return _OwnClassesOnly(io.BytesIO(data)).load()


class _OwnClassesOnly(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        allowed = module in _MODULES or (module, name) in _OTHER_CLASSES
        # A dotted name would reach attributes of a class (its methods) rather than the class.
        if allowed and "." not in name:
            found = getattr(import_module(module), name, None)
            if isinstance(found, type):
                return found
        raise Refused(f"`{module}.{name}` is not a class a cache file may hold")
