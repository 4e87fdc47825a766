"""Every collection as typed columns, for the column-wise backend.

A collection's rows are its entries written in YAML followed by the rows of its tables, in
the order `Dataset` numbers them, so row `i` here is entity `i` of the row-by-row interpreter.
Only single-valued fields become columns; a rule that reads a list field is evaluated row by
row on the rows it needs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from compliance.data.dataset import Dataset
from compliance.data.table_loading import entity_model
from compliance.data.tables.fields import Kind, table_fields
from compliance.evaluator.values import EntityValue, element_label
from compliance.periods import Period, parse_period

if TYPE_CHECKING:
    import polars as pl


def _dtype(kind: Kind) -> Any:
    import polars as pl

    return {
        Kind.TEXT: pl.String,
        Kind.CHOICE: pl.String,
        Kind.DATE: pl.Date,
        Kind.NUMBER: pl.Float64,
        Kind.INTEGER: pl.Int64,
        Kind.BOOLEAN: pl.Boolean,
    }.get(kind)


# Derived columns are named with a prefix no field name can have.
_DERIVED = "= "

# A table up to this many rows has its columns read into Python once, when a row is first
# needed, and then builds the rows asked for (`Table.models_at`: one column conversion beats
# thousands of one-row ones); a larger table converts the rows asked for each time.
WHOLE_TABLE = 100_000


class ColumnStore:
    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset
        self._frames: dict[str, pl.DataFrame] = {}
        self._entities: dict[str, dict[int, EntityValue]] = {}
        self._groups: dict[tuple[str, str], tuple[dict[Any, list[int]], list[int]]] = {}
        self._ranges: dict[tuple[str, str], tuple[Any, Any]] = {}
        self._complete: dict[tuple[str, str], bool] = {}
        self._sizes: dict[str, int] = {}

    def derived(self, name: str, label: str, compute: Callable[[], pl.Expr]) -> str:
        """The name of a column computed from the collection's columns (`inkommen + 2
        arbetsdagar`), added to its frame the first time it is asked for: every scan that
        reads it, and every subject, then shares one computation."""
        column = f"{_DERIVED}{label}"
        frame = self.frame(name)
        if column not in frame.columns:
            self._frames[name] = frame.with_columns(compute().alias(column))
        return column

    def period_part(self, name: str, column: str, part: str) -> str | None:
        """A derived column with the start, end or year (`part`) of period field `column`;
        None when `column` is not one."""
        import polars as pl

        spec = table_fields(entity_model(name)).columns.get(column)
        if spec is None or spec.kind is not Kind.PERIOD or spec.part is not None:
            return None
        dtype = pl.Int64 if part == "year" else pl.Date
        model = entity_model(name)

        def of(period: Period | None) -> Any:
            return None if period is None else getattr(period, part)

        def compute() -> pl.Expr:
            pieces: list[pl.Series] = []
            inline = getattr(self.dataset.organisation, name) or []
            if inline:
                pieces.append(pl.Series([of(getattr(m, column)) for m in inline], dtype=dtype))
            for table in self.dataset.tables.get(name, ()):
                if column not in table.frame.columns:
                    default = model.model_fields[column].get_default(call_default_factory=True)
                    pieces.append(pl.repeat(of(default), len(table), dtype=dtype, eager=True))
                    continue
                # A period column holds the text the models parse: a few distinct values.
                text = table.frame[column]
                mapping = {t: of(parse_period(t)) for t in text.drop_nulls().unique().to_list()}
                pieces.append(
                    text.replace_strict(mapping, default=None, return_dtype=dtype)
                    if mapping
                    else pl.Series([None] * len(table), dtype=dtype)
                )
            return pl.lit(pl.concat(pieces) if pieces else pl.Series([], dtype=dtype))

        return self.derived(name, f"{column}.{part}", compute)

    def entry_columns(self, name: str, field: str) -> dict[str, str] | None:
        """For a list field with at most one entry per row, as a table gives it in dotted
        columns (`överlämnad.till`): each part's column, and under "" the column telling
        whether the row has its one entry (true), an empty list (false) or an unknown one
        (null: a table row with none of the parts, as the models read it). None when a row
        has more entries, or a table without the columns would give a default list."""
        import polars as pl

        model = entity_model(name)
        fields = table_fields(model)
        entry = fields.entries.get(field)
        if entry is None or self.size(name) == 0:
            return None
        inline = getattr(self.dataset.organisation, name) or []
        lists = [getattr(m, field) for m in inline]
        if any(items is not None and len(items) > 1 for items in lists):
            return None
        default = model.model_fields[field].get_default(call_default_factory=True)
        if default is not None and any(
            not set(entry.parts) & set(t.frame.columns) for t in self.dataset.tables.get(name, ())
        ):
            return None
        typed = {part: _dtype(fields.columns[part].kind) for part in entry.parts}
        found = {fields.columns[p].part or p: p for p, dtype in typed.items() if dtype is not None}
        given = f"{_DERIVED}{field} given"
        frame = self.frame(name)
        if given not in frame.columns:
            columns: dict[str, list[pl.Series]] = {part: [] for part in [*found.values(), given]}
            if inline:
                for part in found.values():
                    key = fields.columns[part].part or part
                    values = [getattr(items[0], key) if items else None for items in lists]
                    columns[part].append(pl.Series(values, dtype=typed[part]))
                known = [None if items is None else bool(items) for items in lists]
                columns[given].append(pl.Series(known, dtype=pl.Boolean))
            for table in self.dataset.tables.get(name, ()):
                present = [part for part in entry.parts if part in table.frame.columns]
                for part in found.values():
                    columns[part].append(
                        table.frame[part].cast(typed[part])
                        if part in present
                        else pl.Series([None] * len(table), dtype=typed[part])
                    )
                has = (
                    table.frame.select(pl.any_horizontal(pl.col(present).is_not_null()))
                    .to_series()
                    .replace(False, None)
                    if present
                    else pl.Series([None] * len(table), dtype=pl.Boolean)
                )
                columns[given].append(has)
            self._frames[name] = frame.with_columns(
                pl.concat(pieces).alias(column) for column, pieces in columns.items()
            )
        return {**found, "": given}

    def size(self, name: str) -> int:
        # Asked for by every quantifier's fact, for every subject: the tables do not change.
        found = self._sizes.get(name)
        if found is None:
            found = self._sizes[name] = self.dataset.size(name)
        return found

    def columns(self, name: str) -> dict[str, Any]:
        """The single-valued fields of the collection's entities, with their column type."""
        fields = table_fields(entity_model(name))
        found: dict[str, Any] = {}
        for column, spec in fields.columns.items():
            dtype = _dtype(spec.kind)
            if spec.part is None and dtype is not None:
                found[column] = dtype
        return found

    def frame(self, name: str) -> pl.DataFrame:
        if name not in self._frames:
            self._frames[name] = self._build(name)
        return self._frames[name]

    def _build(self, name: str) -> pl.DataFrame:
        import polars as pl

        schema = self.columns(name)
        model = entity_model(name)
        parts: list[pl.DataFrame] = []
        inline = getattr(self.dataset.organisation, name) or []
        if inline:
            parts.append(
                pl.DataFrame(
                    {c: [getattr(m, c) for m in inline] for c in schema},
                    schema=schema,
                )
            )
        for table in self.dataset.tables.get(name, ()):
            columns = []
            for column, dtype in schema.items():
                if column in table.frame.columns:
                    columns.append(table.frame[column].cast(dtype).alias(column))
                else:
                    default = model.model_fields[column].get_default(call_default_factory=True)
                    columns.append(
                        pl.repeat(default, len(table), dtype=dtype, eager=True).alias(column)
                    )
            parts.append(pl.DataFrame(columns) if columns else pl.DataFrame())
        if not parts:
            return pl.DataFrame(schema=schema)
        return pl.concat(parts, how="vertical")

    def entity(self, name: str, index: int) -> EntityValue:
        """Entity `index` of the collection, built on first use."""
        cache = self._entities.setdefault(name, {})
        found = cache.get(index)
        if found is None:
            model = self._model(name, index)
            found = EntityValue(model, (name, index), element_label(name, index, model), name)
            cache[index] = found
        return found

    def prefetch(self, name: str, indices: Iterable[int]) -> None:
        """Build the entities of many rows at once: one column conversion per table instead of
        one per row, for the example rows of every subject."""
        from compliance.data.tables.entities import build_models

        cache = self._entities.setdefault(name, {})
        wanted = sorted({i for i in indices if i not in cache})
        if not wanted:
            return
        inline = self.dataset.inline_count(name)
        start = inline
        for table in self.dataset.tables.get(name, ()):
            local = [i - start for i in wanted if start <= i < start + len(table)]
            if local:
                assert table.model is not None
                if len(table) <= WHOLE_TABLE:
                    models = table.models_at(local)
                else:
                    models = build_models(table.frame[local], table.model)
                for i, model in zip(local, models, strict=True):
                    index = start + i
                    cache[index] = EntityValue(
                        model, (name, index), element_label(name, index, model), name
                    )
            start += len(table)

    def _model(self, name: str, index: int) -> Any:
        inline = getattr(self.dataset.organisation, name) or []
        if index < len(inline):
            return inline[index]
        local = index - len(inline)
        for table in self.dataset.tables.get(name, ()):
            if local < len(table):
                if len(table) <= WHOLE_TABLE:
                    return table.models_at([local])[0]
                break
            local -= len(table)
        self.prefetch(name, [index])
        return self._entities[name][index].model

    def groups(self, name: str, column: str) -> tuple[dict[Any, list[int]], list[int]]:
        """The rows of each value of `column`, ascending, and the rows where it is empty."""
        key = (name, column)
        if key not in self._groups:
            import polars as pl

            frame = self.frame(name).select(pl.col(column).alias("key")).with_row_index("row")
            grouped = frame.group_by("key", maintain_order=True).agg(pl.col("row"))
            table: dict[Any, list[int]] = {}
            empty: list[int] = []
            for value, rows in grouped.iter_rows():
                if value is None:
                    empty = rows
                else:
                    table[value] = rows
            self._groups[key] = (table, empty)
        return self._groups[key]

    def complete(self, name: str, column: str) -> bool:
        """Whether every row has a value in `column`."""
        key = (name, column)
        if key not in self._complete:
            self._complete[key] = self.frame(name)[column].null_count() == 0
        return self._complete[key]

    def date_range(self, name: str, column: str) -> tuple[date | None, date | None]:
        key = (name, column)
        if key not in self._ranges:
            series = self.frame(name)[column]
            self._ranges[key] = (series.min(), series.max())
        low, high = self._ranges[key]
        return low, high
