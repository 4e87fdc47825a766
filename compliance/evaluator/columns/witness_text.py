"""The evidence of a `finns` over a shared scan, written as text columns for all rows at once:
every witness's lines, and the near misses' of every subject whose own rows came closest.

A rule such as "every nämnd has a gällande tjänstegaranti", judged for 4 000 nämnder, shows
for each nämnd its witness and the comparisons of the `där` filter at that row
(`witnesses.py`): `tjänstegarantier[tg1]`, then `` `g.status = "gällande"`: g.status =
gällande – stämmer. `` and so on. Made as facts and written one by one, that is most of the
rule's time. Here each line is a polars string expression over the witness rows (the pieces
are those of `text_parts.py`), and only the `Evidence` and its file location are made per row.

The sides written are those `witnesses.py` reads from the columns: fields of the row (an id
shown as the name of the entity it names), a part of a period field, a shifted date, `annars`
between sides, and values the same for every row. A side that does not read the row is
written only when it is the subject itself compared with the key column (`g.nämnd = n`), whose
name is then the name the row's key names; the line then points at the row's field. Anything
else raises `NotWritten` and the witnesses are written from their facts. A row whose sides
the row interpreter would show otherwise (an empty field, an id not in the data) has no
lines here either.

Every witness satisfies the filter, so every comparison's verdict is "holds". A near miss
(`near_miss_lines`) shows only the comparison its row failed first, "stämmer inte", as
`EvidenceWriter` writes an element's decisive fact: `Närmast: tjänstegarantier[tg1]:
`g.status = "gällande"`: g.status = upphörd – stämmer inte.`, pointing at the field read, or
at the row when neither side was read from it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from compliance import ir
from compliance.data.dataset import RowPlaces
from compliance.evaluator.columns.examples import ShiftSide
from compliance.evaluator.columns.text_parts import (
    NotWritten,
    PlacedRows,
    formatted,
    row_label,
    side_reads,
    sides_text,
    template,
)
from compliance.evaluator.columns.witnesses import (
    Conjunct,
    Either,
    Fixed,
    Outer,
    RowField,
    RowPart,
    WitnessSide,
    columns_read,
)
from compliance.evaluator.evidence import MAX_EVIDENCE, Locate
from compliance.evaluator.formatting import format_value
from compliance.evaluator.values import EntityValue, Missing
from compliance.findings import Evidence, new_evidence
from compliance.messages import message

if TYPE_CHECKING:
    import polars as pl


@dataclass(frozen=True)
class WitnessRows:
    """The witness rows of one `finns` and what reading their cells needs."""

    conjuncts: list[Conjunct]
    collection: str
    frame: pl.DataFrame
    rows: list[int]
    has_id: bool
    subject: str  # the rule's subject variable (`n`)
    key_column: str  # the column whose value is the subject's id (`nämnd`)
    key_ref: str  # the collection those ids belong to


@dataclass(frozen=True)
class _Side:
    """A side over all witness rows: its value's text (null: the row interpreter shows it),
    whether its value is absent (`annars` then reads its fallback), whether it was read from
    the row, and the field it was read from."""

    text: pl.Expr
    empty: pl.Expr
    labelled: pl.Expr
    field: pl.Expr

    PARTS = ("text", "empty", "labelled", "field")

    @staticmethod
    def named(prefix: str) -> _Side:
        """The side whose parts are the columns `<prefix> text`, ..."""
        import polars as pl

        return _Side(*(pl.col(f"{prefix} {part}") for part in _Side.PARTS))


def witness_lines(
    witnesses: WitnessRows,
    names: EntityNames,
    locate: Locate,
    row_places: RowPlaces | None,
) -> dict[int, tuple[Evidence, ...]]:
    """The evidence lines of each witness row whose sides are known; raises `NotWritten`
    when a side or template cannot be written here."""
    import polars as pl

    collection, rows = witnesses.collection, witnesses.rows
    if not rows:
        return {}
    read = {c for j in witnesses.conjuncts if j for side in j[1:] for c in columns_read(side)}
    read.add(witnesses.key_column)
    if witnesses.has_id:
        read.add("id")
    picked = witnesses.frame.select(sorted(read))[rows]
    # Each side is made once as columns, then read by name: an expression used in several
    # places would be computed again in each.
    computed: dict[str, pl.Expr] = {"label": row_label(collection, picked, rows, witnesses.has_id)}
    conjuncts: list[tuple[str, ir.Compare, WitnessSide, WitnessSide]] = []
    for number, conjunct in enumerate(witnesses.conjuncts):
        if conjunct is None:
            continue  # a one-entry `finns` of the row: no comparison shown at this level
        node, left_side, right_side = conjunct
        position = str(number)
        if isinstance(left_side, Outer) or (
            isinstance(right_side, Outer) and not isinstance(left_side, RowField)
        ):
            # The line would point at the subject rather than at the row.
            raise NotWritten("a side not read from the row that the line would point at")
        computed |= _comparison_columns(position, left_side, right_side, picked, witnesses, names)
        conjuncts.append((position, node, left_side, right_side))
    picked = picked.with_columns(**computed)

    compare, holds = message("evidence.compare"), pl.lit(message("evidence.holds"))
    label = pl.col("label")
    parts: dict[str, pl.Expr] = {"found": template(message("evidence.exists_found"), label=label)}
    known: pl.Expr = pl.lit(True)
    for position, node, left_side, right_side in conjuncts:
        left, right, reads, field = _comparison_read(position, left_side, right_side)
        known = known & _usable(left) & _usable(right)
        parts[f"text {position}"] = template(
            compare, condition=pl.lit(node.source), sides=reads, verdict=holds
        )
        parts[f"field {position}"] = field
        parts[f"value {position}"] = (
            pl.when(left.labelled).then(left.text).when(right.labelled).then(right.text)
        )
    lines = [position for position, *_ in conjuncts]
    written = picked.select(known=known, label=label, **parts)
    columns = {name: written[name].to_list() for name in written.columns}
    return _evidence(witnesses, lines, columns, locate, row_places)


def near_miss_lines(
    rows: WitnessRows,
    failed_first: Mapping[int, int | None],
    names: EntityNames,
    locate: Locate,
    row_places: RowPlaces | None,
) -> dict[int, Evidence]:
    """The near-miss line of each of `rows` (`Närmast: rapporter[r1]: ...`): the comparison
    it failed first (`failed_first`, by row), written as `EvidenceWriter` writes an element's
    decisive fact. A row whose comparison is not one written here (a nested `finns`, a side
    the line would not point at as the row interpreter does) has none."""
    import polars as pl

    collection, picked_rows = rows.collection, rows.rows
    positions = {p for row in picked_rows if (p := failed_first.get(row)) is not None}
    writable: list[tuple[int, ir.Compare, WitnessSide, WitnessSide]] = []
    for position in sorted(positions):
        conjunct = rows.conjuncts[position]
        if conjunct is None or any(isinstance(side, Outer) for side in conjunct[1:]):
            continue  # a nested `finns`, or a comparison with the subject
        writable.append((position, *conjunct))
    if not writable:
        return {}
    read = {c for _, _, *sides in writable for side in sides for c in columns_read(side)}
    if not read:
        return {}  # nothing the lines would read from the rows
    if rows.has_id:
        read.add("id")
    picked = rows.frame.select(sorted(read))[picked_rows]
    computed: dict[str, pl.Expr] = {
        "label": row_label(collection, picked, picked_rows, rows.has_id)
    }
    written: list[tuple[int, ir.Compare, WitnessSide, WitnessSide]] = []
    for position, node, left_side, right_side in writable:
        try:
            computed |= _comparison_columns(position, left_side, right_side, picked, rows, names)
        except NotWritten:
            continue
        written.append((position, node, left_side, right_side))
    picked = picked.with_columns(**computed)

    compare, fails = message("evidence.compare"), pl.lit(message("evidence.fails"))
    near_miss, label = message("evidence.near_miss"), pl.col("label")
    parts: dict[str, pl.Expr] = {}
    for position, node, left_side, right_side in written:
        left, right, reads, field = _comparison_read(position, left_side, right_side)
        known = _usable(left) & _usable(right)
        if not (isinstance(right_side, Fixed) and right_side.shown.path is None):
            # With neither side read from the row, the row interpreter points the line where
            # the right side's value came from: known here only for a value from nowhere.
            known = known & (left.labelled | right.labelled)
        detail = template(compare, condition=pl.lit(node.source), sides=reads, verdict=fails)
        parts[f"known {position}"] = known
        parts[f"text {position}"] = template(near_miss, label=label, detail=detail)
        parts[f"field {position}"] = field  # null: the line points at the row
    frame = picked.select(label=label, **parts)
    columns = {name: frame[name].to_list() for name in frame.columns}
    shown: list[tuple[int, int, str, str | None]] = []  # (index, row, text, field)
    for i, row in enumerate(picked_rows):
        failed = failed_first.get(row)
        usable = columns.get(f"known {failed}")
        if usable is not None and usable[i]:
            shown.append((i, row, columns[f"text {failed}"][i], columns[f"field {failed}"][i]))
    places = PlacedRows(collection, [row for _, row, _, _ in shown], locate, row_places)
    at = places.of_fields([field for *_, field in shown])
    labels = columns["label"]
    return {
        row: new_evidence(
            text, labels[i] if field is None else f"{labels[i]}.{field}", None, at[number]
        )
        for number, (i, row, text, field) in enumerate(shown)
    }


def _comparison_columns(
    position: object,
    left_side: WitnessSide,
    right_side: WitnessSide,
    picked: pl.DataFrame,
    rows: WitnessRows,
    names: EntityNames,
) -> dict[str, pl.Expr]:
    """Both sides of the comparison at `position`, as the columns `_comparison_read` reads
    back; raises `NotWritten` for a side not written here."""
    columns: dict[str, pl.Expr] = {}
    for prefix, side in (("left", left_side), ("right", right_side)):
        made = _side(side, picked, rows, names)
        columns |= {f"{prefix} {position} {part}": getattr(made, part) for part in _Side.PARTS}
    return columns


def _comparison_read(
    position: object, left_side: WitnessSide, right_side: WitnessSide
) -> tuple[_Side, _Side, pl.Expr, pl.Expr]:
    """The sides of the comparison at `position` read back, how they read together, and the
    field its line points at: the first side read from the row (null when neither is)."""
    import polars as pl

    left, right = _Side.named(f"left {position}"), _Side.named(f"right {position}")
    reads = sides_text(
        side_reads(_source(left_side), left.text, left.labelled),
        side_reads(_source(right_side), right.text, right.labelled),
    )
    field = pl.when(left.labelled).then(left.field).when(right.labelled).then(right.field)
    return left, right, reads, field


def _evidence(
    witnesses: WitnessRows,
    lines: list[str],
    columns: dict[str, list[Any]],
    locate: Locate,
    row_places: RowPlaces | None,
) -> dict[int, tuple[Evidence, ...]]:
    rows, known = witnesses.rows, columns["known"]
    shown = [i for i, is_known in enumerate(known) if is_known]
    places = PlacedRows(witnesses.collection, [rows[i] for i in shown], locate, row_places)
    labels, found_lines = columns["label"], columns["found"]
    found_at = places.of_rows()
    # Each line's text, path, value and place, by position among the rows shown.
    written = []
    for line in lines:
        texts, fields, values = (columns[f"{part} {line}"] for part in ("text", "field", "value"))
        line_fields = [fields[i] for i in shown]
        line_texts, line_values = [texts[i] for i in shown], [values[i] for i in shown]
        written.append((line_texts, line_fields, line_values, places.of_fields(line_fields)))
    found: dict[int, tuple[Evidence, ...]] = {}
    for position, i in enumerate(shown):
        label = labels[i]
        items = [new_evidence(found_lines[i], label, None, found_at[position])]
        for texts, fields, values, at in written:
            column = fields[position]
            if column is None:
                items.append(new_evidence(texts[position], None, None, None))
            else:
                path = f"{label}.{column}"
                items.append(new_evidence(texts[position], path, values[position], at[position]))
        found[rows[i]] = tuple(items[:MAX_EVIDENCE])
    return found


class EntityNames:
    """The name each entity of a collection is shown by, by its id, read once per collection
    for the whole run (every rule's witnesses name the same nämnder)."""

    def __init__(self, index: Mapping[str, Mapping[Any, EntityValue]]) -> None:
        self.index = index
        self._names: dict[str, dict[str, str]] = {}

    def of(self, ref: str) -> dict[str, str]:
        names = self._names.get(ref)
        if names is None:
            names = self._names[ref] = {
                key: format_value(entity)
                for key, entity in self.index[ref].items()
                if isinstance(key, str)
            }
        return names


def _side(side: WitnessSide, picked: pl.DataFrame, rows: WitnessRows, names: EntityNames) -> _Side:
    import polars as pl

    no_field = pl.lit(None, dtype=pl.String)
    match side:
        case RowField(column=column, ref=ref):
            cells = pl.col(column)
            if ref is None:
                text = formatted(column, picked)
            else:
                text = _named(cells, picked, column, names.of(ref))
            # An empty cell is shown without a label (`witnesses._field`).
            return _Side(text, cells.is_null(), cells.is_not_null(), pl.lit(column))
        case RowPart(column=column):
            return _Side(formatted(column, picked), pl.lit(False), pl.lit(False), no_field)
        case ShiftSide(column=column, shifted=shifted):
            text = pl.when(pl.col(column).is_not_null()).then(formatted(shifted, picked))
            return _Side(text, pl.lit(False), pl.lit(False), no_field)
        case Either(value=value, fallback=fallback):
            one, other = _side(value, picked, rows, names), _side(fallback, picked, rows, names)
            # The fallback is read when the first value is absent; an absent fallback leaves
            # the side to the row interpreter.
            fallback_text = pl.when(other.empty).then(pl.lit(None, dtype=pl.String))
            return _Side(
                pl.when(one.empty).then(fallback_text.otherwise(other.text)).otherwise(one.text),
                pl.lit(False),
                pl.when(one.empty).then(other.labelled).otherwise(one.labelled),
                pl.when(one.empty).then(other.field).otherwise(one.field),
            )
        case Fixed(value=value, shown=shown):
            if shown.label is not None:
                raise NotWritten("a value read from the data, the same for every row")
            if value is None or isinstance(value, Missing):
                return _Side(no_field, pl.lit(True), pl.lit(False), no_field)
            return _Side(pl.lit(format_value(value)), pl.lit(False), pl.lit(False), no_field)
        case Outer(node=ir.Local(name=name)) if name == rows.subject:
            # The subject, where its rows are those whose key column holds its id: the
            # entity the key names.
            text = _named(pl.col(rows.key_column), picked, rows.key_column, names.of(rows.key_ref))
            return _Side(text, pl.lit(False), pl.lit(True), no_field)
    raise NotWritten(type(side).__name__)


def _named(cells: pl.Expr, picked: pl.DataFrame, column: str, names: dict[str, str]) -> pl.Expr:
    """The name of the entity each id names; null for an id not in the data."""
    import polars as pl

    if picked.schema[column] != pl.String:
        raise NotWritten(f"{column}: ids that are not text")
    return cells.replace_strict(names, default=None, return_dtype=pl.String)


def _usable(side: _Side) -> pl.Expr:
    return side.text.is_not_null() & ~side.empty


def _source(side: WitnessSide) -> str:
    match side:
        case Fixed(shown=shown):
            return shown.source
        case Outer(node=node):
            return node.source
    return side.source
