"""A collection's entries read from a CSV or XLSX file: typed columns and where each row is."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pydantic import BaseModel

from compliance.data.dataset import Location, new_location, new_locations

if TYPE_CHECKING:
    import polars as pl

    from compliance.data.tables.entities import RowBuilder


# From this many rows asked for at once, `Table.models_at` builds them from their own cells
# alone; fewer are built one by one from the table's columns, read into Python once (reading
# a few rows' cells costs more in setting up than in reading).
GATHERED_FROM = 64


@dataclass(frozen=True)
class TableOptions:
    """How a table is written, where it is not to be told from the file itself."""

    encoding: str | None = None  # "utf-8", "cp1252"; None: UTF-8 if it is, else Windows-1252
    separator: str | None = None  # ";", ",", "\t"; None: told from the header row (CSV only)
    decimal: str | None = None  # "," or "."; None: told from the number columns' values
    sheet: str | None = None  # the XLSX sheet's name; None: the first sheet


@dataclass
class Table:
    """The rows of one table file, one typed column per field given in it.

    Columns are typed from the collection's model: dates `pl.Date`, numbers `pl.Float64`,
    whole numbers `pl.Int64`, yes/no `pl.Boolean`, and text, allowed words, periods and
    comma-separated lists of words `pl.String` (stripped; an empty cell is null). The parts
    of a list of entries keep their dotted names (`överlämnad.datum`).
    """

    collection: str
    file: str  # the display path
    digest: str  # sha256 of the file's bytes, as for YAML files
    frame: pl.DataFrame
    # The file row of each frame row (the header is row 1); a `range` when the rows follow
    # each other without a gap, as in most files (a list of a million numbers costs time).
    rows: Sequence[int]
    columns: dict[str, int]  # column name → 1-based column number in the file
    encoding: str  # "utf-8", "utf-8-sig" or "cp1252" ("utf-8" for XLSX)
    separator: str | None  # None for XLSX
    decimal: str
    # The entities' model; None means the one `Organisation` lists for `collection`.
    model: type[BaseModel] | None = None
    _models: list[BaseModel] | None = field(default=None, repr=False, compare=False)
    # Rows built one by one before (or without) the whole table, by frame row.
    _built: dict[int, BaseModel] | None = field(default=None, repr=False, compare=False)
    _builder: RowBuilder | None = field(default=None, repr=False, compare=False)

    def __len__(self) -> int:
        return len(self.rows)

    def location(self, index: int, field: str | None) -> Location:
        """Where row `index` (0-based in the frame) is, at the column of `field` if given."""
        column = self.columns.get(field, 1) if field is not None else 1
        return new_location(self.file, self.rows[index], column)

    def locations(self, indices: Sequence[int], field: str | None) -> list[Location]:
        """`location(index, field)` of each of rows `indices`."""
        column = self.columns.get(field, 1) if field is not None else 1
        rows = self.rows
        return new_locations(self.file, [rows[index] for index in indices], column)

    def models(self) -> list[BaseModel]:
        """Every row as an entity of the collection's model, built once.

        Built with `model_construct` from the already checked values: an empty cell is None
        where the field may be unknown, else the field's default (`kategori: synpunkt`); an
        absent column gives the field's default.
        """
        if self._models is None:
            from compliance.data.tables.entities import build_models

            models = build_models(self.frame, self._model())
            # A row handed out by `models_at` stays the same object.
            for index, built in (self._built or {}).items():
                models[index] = built
            self._models, self._built, self._builder = models, None, None
        return self._models

    def models_at(self, indices: list[int]) -> list[BaseModel]:
        """Rows `indices` (0-based in the frame) as entities, the objects `models` gives; while
        the table has not been built whole, only these rows are built."""
        if self._models is not None:
            return [self._models[i] for i in indices]
        built = self._built
        if built is None:
            built = self._built = {}
        wanted = [i for i in dict.fromkeys(indices) if i not in built]
        if len(wanted) >= GATHERED_FROM:
            from compliance.data.tables.entities import build_models

            # Many rows at once: only their cells are read into Python, column by column.
            gathered = build_models(self.frame[wanted], self._model())
            built.update(zip(wanted, gathered, strict=True))
        elif wanted:
            if self._builder is None:
                from compliance.data.tables.entities import RowBuilder

                self._builder = RowBuilder(self.frame, self._model())
            built.update(zip(wanted, self._builder.build(wanted), strict=True))
        return [built[i] for i in indices]

    def _model(self) -> type[BaseModel]:
        from compliance.data.tables.fields import collection_model

        return self.model or collection_model(self.collection)
