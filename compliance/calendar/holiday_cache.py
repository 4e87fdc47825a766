"""The Swedish holiday names of each year, kept between runs in the user's cache directory.

Importing the `holidays` package imports every country it knows (a tenth of a second, more
than the rest of a small check's imports), to answer for the one country needed. The package
stays the source of truth: a year it has not been asked about in this cache is computed by it
and then saved (`compliance.user_cache` says where and how). The file's name hashes the
package's version file and its Swedish calendar, and the module that computes the names, so a
`holidays` upgrade or a change in how names are computed is never served from an old file.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from functools import cache
from importlib.util import find_spec
from pathlib import Path

from compliance.user_cache import cache_file, key_digest, read_cached, write_cached

# Bumped when the layout of the file changes.
_FORMAT = "1"
# The files of the `holidays` package whose content decides the Swedish dates and names.
_PACKAGE_FILES = ("version.py", "countries/sweden.py")

Names = dict[date, str]


def cached_holiday_names(year: int, compute: Callable[[int], Names], computer: Path) -> Names:
    """The names of `year` from the cache, else `compute(year)`, then saved for later runs.

    `computer` is the source file of `compute`: a change to it is a change to the answers."""
    store = _store(computer)
    if store is None:
        return compute(year)
    known = store.years.get(year)
    if known is not None:
        return dict(known)
    names = compute(year)
    store.years[year] = dict(names)
    write_cached(store.path, _encode(store.years))
    return names


class _Store:
    def __init__(self, path: Path | None, years: dict[int, Names]) -> None:
        self.path = path
        self.years = years


@cache
def _store(computer: Path) -> _Store | None:
    """This process's view of the cache file, read once; None when there can be no cache."""
    parts = _source_texts(computer)
    if parts is None:
        return None
    path = cache_file("holidays", key_digest([_FORMAT, *parts]), ".json")
    if path is None:
        return None
    return _Store(path, _decode(read_cached(path)))


def _source_texts(computer: Path) -> list[bytes] | None:
    """The bytes the cached answers depend on, found without importing the package."""
    try:
        spec = find_spec("holidays")
        locations = spec.submodule_search_locations if spec is not None else None
        if not locations:
            return None
        package = Path(next(iter(locations)))
        return [computer.read_bytes(), *((package / name).read_bytes() for name in _PACKAGE_FILES)]
    except (OSError, ImportError, ValueError):
        return None


def _encode(years: dict[int, Names]) -> bytes:
    content = {
        str(year): [[day.isoformat(), name] for day, name in sorted(names.items())]
        for year, names in sorted(years.items())
    }
    return json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _decode(data: bytes | None) -> dict[int, Names]:
    """The years in a cache file; a damaged or foreign file counts as empty (and is rebuilt)."""
    if data is None:
        return {}
    try:
        content = json.loads(data.decode("utf-8"))
        years: dict[int, Names] = {}
        for year, pairs in content.items():
            names: Names = {}
            for day, name in pairs:
                if not isinstance(name, str):
                    return {}
                names[date.fromisoformat(day)] = name
            years[int(year)] = names
        return years
    except (ValueError, TypeError, AttributeError):
        return {}
