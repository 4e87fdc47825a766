"""The loaded organisational data together with where each value was declared."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from compliance.data.model import Organisation

if TYPE_CHECKING:
    from compliance.data.tables import Table

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


_new = object.__new__


def new_location(file: str, line: int, column: int) -> Location:
    """`Location(file, line, column)`, made in half the time: the frozen dataclass's
    `__init__` sets each field through `object.__setattr__`, which shows when evidence places
    tens of thousands of values in a run. The instance is the same as the constructor's."""
    location = _new(Location)
    fields = location.__dict__
    fields["file"] = file
    fields["line"] = line
    fields["column"] = column
    return location


def new_locations(file: str, lines: Iterable[int], column: int) -> list[Location]:
    """`new_location(file, line, column)` for each of `lines`, without a call per line."""
    made = []
    for line in lines:
        location = _new(Location)
        fields = location.__dict__
        fields["file"] = file
        fields["line"] = line
        fields["column"] = column
        made.append(location)
    return made


class RowPlaces(Protocol):
    """Where the entries of a collection that are the rows of one table are
    (`Dataset.row_places`; a `Table` is one)."""

    def location(self, index: int, field: str | None) -> Location:
        """Where entry `index` is, at the column of `field` if one is given."""
        ...

    def locations(self, indices: Sequence[int], field: str | None) -> list[Location]:
        """`location(index, field)` of each of entries `indices`."""
        ...


@dataclass
class Dataset:
    """Merged organisation data from one or more files, with the position of every value."""

    organisation: Organisation
    locations: dict[DataPath, Location] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    # Whole-file text digests are added by the loader for reproducibility (reports cite them).
    digests: dict[str, str] = field(default_factory=dict)
    # Collections read from CSV/XLSX files. A collection's entries are those written in YAML
    # first, then each table's rows in the order the tables were declared.
    tables: dict[str, list[Table]] = field(default_factory=dict)
    _table_starts: dict[str, list[tuple[int, int, Table]]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def location(self, path: DataPath) -> Location | None:
        """The position of `path`, or of its nearest declared ancestor."""
        # Asked for every value evidence shows (tens of thousands in a large run): the row's
        # table is looked up here rather than in a helper.
        if self.tables and len(path) >= 2:
            name, index = path[0], path[1]
            starts = self._table_starts.get(name)  # type: ignore[arg-type]
            if starts is None and isinstance(name, str):
                starts = self._table_starts[name] = self._starts(name)
            if starts and isinstance(index, int):
                for start, end, table in starts:
                    if start <= index < end:
                        # `Table.location`, written out
                        field = _table_column(path)
                        column = table.columns.get(field, 1) if field is not None else 1
                        return new_location(table.file, table.rows[index - start], column)
        return nearest(self.locations, path)

    def row_places(self, name: str) -> RowPlaces | None:
        """Where the entries of collection `name` are, as `location` finds them but without
        the search, when every entry is a row of one table; else None."""
        tables = self.tables.get(name)
        if not tables or len(tables) != 1 or self.inline_count(name):
            return None
        return tables[0]

    def declared(self, name: str) -> bool:
        return getattr(self.organisation, name) is not None or bool(self.tables.get(name))

    def inline_count(self, name: str) -> int:
        """How many of the collection's entries are written in YAML (they come first)."""
        return len(getattr(self.organisation, name) or ())

    def size(self, name: str) -> int:
        return self.inline_count(name) + sum(len(t) for t in self.tables.get(name, ()))

    def collection(self, name: str) -> list[Any] | None:
        """Every entry as a model; table rows are built into models here, so an evaluator
        that can work on columns should ask for `tables` instead."""
        if not self.declared(name):
            return None
        items = list(getattr(self.organisation, name) or ())
        for table in self.tables.get(name, ()):
            items.extend(table.models())
        return items

    def _starts(self, name: str) -> list[tuple[int, int, Table]]:
        """Where each of the collection's tables begins and ends among its entities."""
        starts = []
        start = self.inline_count(name)
        for table in self.tables.get(name, ()):
            starts.append((start, start + len(table), table))
            start += len(table)
        return starts


def _table_column(path: DataPath) -> str | None:
    """The column a path into a table row names: `inkommen`, or `överlämnad.datum`."""
    if len(path) == 3 and isinstance(path[2], str):
        return path[2]  # the common case, asked for every value evidence shows
    names = [part for part in path[2:] if isinstance(part, str)]
    return ".".join(names) if names else None
