"""The loaded organisational data together with where each value was declared."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from compliance.data.model import Organisation

# A path into the data: ("rapporter", 3, "överlämnad", 0, "datum").
DataPath = tuple[str | int, ...]
T = TypeVar("T")


def nearest(table: Mapping[DataPath, T], path: DataPath) -> T | None:
    """The entry for `path`, or for its nearest ancestor that has one (a default value has no
    position of its own, so it is shown where its entity is written)."""
    for end in range(len(path), -1, -1):
        found = table.get(path[:end])
        if found is not None:
            return found
    return None


@dataclass(frozen=True, order=True)
class Location:
    """A position in a data file; line and column are 1-based."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass
class Dataset:
    """Merged organisation data from one or more files, with the position of every value."""

    organisation: Organisation
    locations: dict[DataPath, Location] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    # Whole-file text digests are added by the loader for reproducibility (reports cite them).
    digests: dict[str, str] = field(default_factory=dict)

    def location(self, path: DataPath) -> Location | None:
        """The position of `path`, or of its nearest declared ancestor."""
        return nearest(self.locations, path)

    def collection(self, name: str) -> list[Any] | None:
        value = getattr(self.organisation, name)
        return None if value is None else list(value)
