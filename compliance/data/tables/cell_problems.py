"""Find a table's bad cells column by column and word them like the YAML loader's errors.

Every check is a boolean column (one whole-column operation); only the rows it marks are
looked at one by one, and only the first few of each kind in each column are reported: a
million rows with one systematic mistake give twenty diagnostics and a count, not a million.
The codes and sentences are those of `validation_errors` (E321–E326), with the column named.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from compliance.data import codes
from compliance.data.tables.casting import BOOLEAN_WORDS
from compliance.data.tables.fields import ColumnSpec, Kind, TableFields
from compliance.data.wording import did_you_mean, listing, short
from compliance.diagnostics import Diagnostic, Span
from compliance.periods import PeriodSyntaxError, parse_period

if TYPE_CHECKING:
    import polars as pl

_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
# A problem's message and help, and how they are made from a cell's row index and text.
_Text = tuple[str, str | None]
_Wording = Callable[[int, str], _Text]


@dataclass(frozen=True)
class _Check:
    column: str
    code: str
    mask: pl.Series  # true where the cell has this problem
    wording: _Wording


@dataclass(frozen=True)
class CellContext:
    """What the checks need to know about one table."""

    file: str
    rows: Sequence[int]  # the file row of each frame row
    columns: dict[str, int]  # column name → 1-based column number
    decimal: str
    max_shown: int


def cell_problems(
    cleaned: pl.DataFrame,
    typed: pl.DataFrame,
    specs: list[ColumnSpec],
    fields: TableFields,
    context: CellContext,
) -> list[Diagnostic]:
    problems: list[Diagnostic] = []
    for check in _checks(cleaned, typed, specs, fields, context):
        problems.extend(_report(check, cleaned[check.column], context))
    return problems


def _report(check: _Check, text: pl.Series, context: CellContext) -> Iterator[Diagnostic]:
    total = int(check.mask.sum() or 0)
    if total == 0:
        return
    marked = check.mask.arg_true().head(context.max_shown + 1).to_list()
    column = context.columns[check.column]
    for index in marked[: context.max_shown]:
        message, help = check.wording(index, text[index] or "")
        span = Span.point(context.file, context.rows[index], column)
        yield Diagnostic(
            check.code, f"column `{check.column}`: {message}", span, help, file=context.file
        )
    if total > context.max_shown:
        index = marked[context.max_shown]
        more = total - context.max_shown
        yield Diagnostic(
            check.code,
            f"column `{check.column}`: and {more:,} more "
            f"{'row' if more == 1 else 'rows'} with the same problem",
            Span.point(context.file, context.rows[index], column),
            file=context.file,
        )


def _checks(
    cleaned: pl.DataFrame,
    typed: pl.DataFrame,
    specs: list[ColumnSpec],
    fields: TableFields,
    context: CellContext,
) -> Iterator[_Check]:
    for spec in specs:
        text = cleaned[spec.name]
        if spec.required and spec.part is None:
            yield _Check(spec.name, codes.MISSING_FIELD, text.is_null(), _missing)
        elif spec.required:
            given = _entry_given(cleaned, fields, spec.field)
            yield _Check(spec.name, codes.MISSING_FIELD, given & text.is_null(), _missing_part)
        failed = text.is_not_null() & typed[spec.name].is_null()
        match spec.kind:
            case Kind.DATE:
                yield _Check(spec.name, codes.INVALID_DATE, failed, _not_a_date)
            case Kind.NUMBER | Kind.INTEGER:
                yield _Check(spec.name, codes.WRONG_TYPE, failed, _not_a_number(spec, context))
            case Kind.BOOLEAN:
                yield _Check(spec.name, codes.WRONG_TYPE, failed, _not_yes_no)
            case Kind.CHOICE:
                yield _Check(spec.name, codes.NOT_ALLOWED_VALUE, failed, _not_allowed(spec))
            case Kind.CHOICES:
                yield _choices_check(text, spec)
            case Kind.PERIOD:
                yield _period_check(text, spec)
            case Kind.TEXT:
                pass
        if spec.kind in (Kind.NUMBER, Kind.INTEGER):
            yield from _bounds_checks(typed[spec.name], spec)


def _entry_given(cleaned: pl.DataFrame, fields: TableFields, field: str) -> pl.Series:
    import polars as pl

    parts = [part for part in fields.entries[field].parts if part in cleaned.columns]
    return cleaned.select(pl.any_horizontal(pl.col(parts).is_not_null())).to_series()


# --- Wording ------------------------------------------------------------------------------


def _missing(index: int, value: str) -> _Text:
    return "missing required value", None


def _missing_part(index: int, value: str) -> _Text:
    return "missing required value (the row gives other parts of this entry)", None


def _not_a_date(index: int, value: str) -> _Text:
    reason = ""
    if _ISO.fullmatch(value):
        try:
            date.fromisoformat(value)
        except ValueError as problem:
            reason = f" ({problem})"
        return f"expected a date such as `2025-05-31`, found `{short(value)}`{reason}", None
    return (
        f"expected a date such as `2025-05-31`, found `{short(value)}`",
        "write dates as YYYY-MM-DD",
    )


def _not_a_number(spec: ColumnSpec, context: CellContext) -> _Wording:
    whole = spec.kind is Kind.INTEGER
    decimal = context.decimal
    other = "." if decimal == "," else ","

    def wording(index: int, value: str) -> _Text:
        message = f"expected {'a whole number' if whole else 'a number'}, found `{short(value)}`"
        help = None
        if not whole and other in value:
            help = (
                f"the numbers in this table are read with `{decimal}` as the decimal mark; "
                f'if `{other}` is right, declare `decimaltecken: "{other}"` with the table'
            )
        return message, help

    return wording


def _not_yes_no(index: int, value: str) -> _Text:
    return f"expected yes or no ({listing(BOOLEAN_WORDS)}), found `{short(value)}`", None


def _not_allowed(spec: ColumnSpec) -> _Wording:
    def wording(index: int, value: str) -> _Text:
        return (
            f"`{short(value)}` is not a valid `{spec.part or spec.field}`; "
            f"expected one of {listing(spec.allowed)}",
            did_you_mean(value, spec.allowed),
        )

    return wording


def _choices_check(text: pl.Series, spec: ColumnSpec) -> _Check:
    """A list of allowed words in one cell (`synpunkter, ekonomi`): each word is checked."""
    import polars as pl

    words = (
        pl.DataFrame({"row": pl.int_range(0, len(text), eager=True), "word": text})
        .drop_nulls("word")
        .with_columns(pl.col("word").str.split(","))
        .explode("word")
        .with_columns(pl.col("word").str.strip_chars())
        .filter((pl.col("word") != "") & ~pl.col("word").is_in(list(spec.allowed)))
        .unique("row", keep="first", maintain_order=True)
    )
    first_bad = dict(zip(words["row"].to_list(), words["word"].to_list(), strict=True))
    mask = pl.int_range(0, len(text), eager=True).is_in(list(first_bad))

    def wording(index: int, value: str) -> _Text:
        word = first_bad[index]
        return (
            f"`{short(word)}` is not a valid `{spec.field}`; expected one of "
            f"{listing(spec.allowed)}, separated by `,`",
            did_you_mean(word, spec.allowed),
        )

    return _Check(spec.name, codes.NOT_ALLOWED_VALUE, mask, wording)


def _period_check(text: pl.Series, spec: ColumnSpec) -> _Check:
    """Each distinct period is parsed once, by the parser the YAML loader uses."""
    errors: dict[str, str] = {}
    for value in text.drop_nulls().unique().to_list():
        try:
            parse_period(value)
        except PeriodSyntaxError as error:
            errors[value] = str(error)
    mask = text.is_in(list(errors)).fill_null(False)
    return _Check(spec.name, codes.INVALID_PERIOD, mask, lambda index, value: (errors[value], None))


def _bounds_checks(values: pl.Series, spec: ColumnSpec) -> Iterator[_Check]:
    bounds = spec.bounds
    limits: tuple[tuple[float | None, str, Callable[[pl.Series, float], pl.Series]], ...] = (
        (bounds.ge, "at least", operator.lt),
        (bounds.gt, "more than", operator.le),
        (bounds.le, "at most", operator.gt),
        (bounds.lt, "less than", operator.ge),
    )
    for limit, words, outside in limits:
        if limit is None:
            continue
        shown = int(limit) if limit.is_integer() else limit

        def wording(index: int, value: str, words: str = words, shown: float = shown) -> _Text:
            return f"`{spec.field}` must be {words} {shown}, found `{short(value)}`", None

        mask = outside(values, limit).fill_null(False)
        yield _Check(spec.name, codes.CONSTRAINT, mask, wording)
