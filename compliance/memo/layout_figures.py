"""The memo's charts, each with a title, a description and the table of its data.

Outcomes per nämnd always (when there are findings); the indicator chart and the
Kommunkompassen profile when the memo has their figures (see `figures.py`).
"""

from __future__ import annotations

from decimal import Decimal

from compliance.findings import Outcome
from compliance.memo.charts import (
    Series,
    StackedBarChart,
    StackedRow,
    TargetChart,
    TargetRow,
)
from compliance.memo.document import Block, Cell, Figure, Paragraph, Table, plain
from compliance.memo.model import OUTCOME_SYMBOLS, IndicatorFigure, Memo, ProfileFigure
from compliance.memo.tones import OUTCOME_TONES, TONE_SYMBOLS, Tone
from compliance.memo.words import number_text, nämnd_name, outcome_word
from compliance.messages import message

# Room to the right of the largest value, so a marker at the end of an axis stays visible.
HEADROOM = Decimal("1.1")
PROFILE_MAXIMUM = Decimal(100)
# Each outcome's fill in a stacked bar: the same in every chart, so one legend reads them all.
OUTCOME_PATTERNS: dict[Outcome, str] = {
    Outcome.FAIL: "diagonal",
    Outcome.INSUFFICIENT_DATA: "dots",
    Outcome.WAIVED: "cross",
    Outcome.NOT_DUE: "horizontal",
    Outcome.NOT_APPLICABLE: "light",
    Outcome.PASS: "solid",
}


def overview_figures(memo: Memo) -> tuple[Block, ...]:
    blocks: list[Block] = []
    if memo.findings:
        blocks.append(_outcomes_per_namnd(memo))
    else:
        blocks.append(Paragraph(plain(message("memo.charts.no_findings"))))
    if memo.indicators:
        blocks.append(_indicators(memo.indicators))
    if memo.profile:
        blocks.append(_profile(memo.profile))
    return tuple(blocks)


# ---------------------------------------------------------------- outcomes per nämnd


def _outcomes_per_namnd(memo: Memo) -> Figure:
    # Only outcomes that occur: a legend entry with no bar would only be noise.
    outcomes = tuple(
        o
        for o in memo.outcomes
        if any(count for n in memo.nämnder for x, count in n.counts if x is o)
    )
    series = tuple(
        Series(outcome_word(o), OUTCOME_SYMBOLS[o], OUTCOME_TONES[o], OUTCOME_PATTERNS[o])
        for o in outcomes
    )
    rows = tuple(
        StackedRow(
            nämnd_name(n.name),
            tuple(count for outcome, count in n.counts if outcome in outcomes),
        )
        for n in memo.nämnder
    )
    header = (
        message("memo.charts.nämnd"),
        *(f"{s.symbol} {s.name}" for s in series),
        message("memo.charts.total"),
    )
    table_rows = tuple(
        (
            Cell(plain(row.label)),
            *(Cell(plain(str(count))) for count in row.counts),
            Cell(plain(str(row.total))),
        )
        for row in rows
    )
    title = message("memo.charts.per_namnd.title")
    return Figure(
        chart=StackedBarChart(series, rows),
        title=title,
        description=message("memo.charts.per_namnd.description"),
        table=Table(title, header, table_rows, (False, *([True] * (len(header) - 1)))),
    )


# ---------------------------------------------------------------- indicators


def _indicators(indicators: tuple[IndicatorFigure, ...]) -> Figure:
    rows: list[TargetRow] = []
    table_rows = []
    missing = message("memo.charts.missing")
    for figure in indicators:
        reaches = figure.reaches_target
        tone = Tone.MISSING if reaches is None else Tone.GOOD if reaches else Tone.BAD
        unit = f" {figure.unit}" if figure.unit else ""
        target = _text(figure.target, missing)
        value = figure.value
        text = message(
            "memo.charts.indicators.row",
            value=_text(value, missing),
            target=target,
            unit=unit,
            mark=TONE_SYMBOLS[tone],
        )
        numbers = [n for n in (figure.target, figure.outcome, figure.forecast) if n is not None]
        rows.append(
            TargetRow(
                label=figure.name,
                value=value,
                marker=figure.target,
                secondary=figure.outcome if figure.forecast is not None else None,
                scale_max=max(numbers, default=Decimal(1)) * HEADROOM,
                text=text,
                tone=tone,
                note=missing if value is None else None,
            )
        )
        direction = message(
            "memo.charts.indicators.lower"
            if figure.lower_is_better
            else "memo.charts.indicators.higher"
        )
        table_rows.append(
            (
                Cell(plain(figure.name)),
                Cell(plain(_text(figure.outcome, missing))),
                Cell(plain(_text(figure.forecast, missing))),
                Cell(plain(target + unit)),
                Cell(plain(direction)),
                Cell(plain(_reached(reaches)), tone),
            )
        )
    title = message("memo.charts.indicators.title")
    header = tuple(
        message(f"memo.charts.indicators.{key}")
        for key in ("name", "outcome", "forecast", "target", "direction", "reached")
    )
    return Figure(
        chart=TargetChart(
            tuple(rows),
            value_name=message("memo.charts.indicators.bar"),
            marker_name=message("memo.charts.indicators.target"),
            secondary_name=message("memo.charts.indicators.outcome"),
            shared_scale=False,
        ),
        title=title,
        description=message("memo.charts.indicators.description"),
        table=Table(title, header, tuple(table_rows), (False, True, True, True, False, False)),
    )


def _reached(reaches: bool | None) -> str:
    if reaches is None:
        return f"{TONE_SYMBOLS[Tone.MISSING]} {message('memo.charts.missing')}"
    if reaches:
        return f"{TONE_SYMBOLS[Tone.GOOD]} {message('memo.charts.yes')}"
    return f"{TONE_SYMBOLS[Tone.BAD]} {message('memo.charts.no')}"


def _ticks(maximum: Decimal, count: int = 5) -> tuple[Decimal, ...]:
    """Evenly spaced ticks from 0 to `maximum` (100 gives 0, 20, 40, 60, 80, 100)."""
    return tuple(maximum * step / count for step in range(count + 1))


def _text(value: Decimal | None, missing: str) -> str:
    return number_text(value) if value is not None else missing


# ---------------------------------------------------------------- Kommunkompassen profile


def _profile(areas: tuple[ProfileFigure, ...]) -> Figure:
    missing = message("memo.charts.missing")
    unknown = message("memo.charts.unknown")
    numbers = [n for a in areas for n in (a.score, a.median, a.maximum) if n is not None]
    scale_max = max([PROFILE_MAXIMUM, *numbers])
    rows = []
    table_rows = []
    for area in areas:
        median = (
            number_text(area.median)
            if area.median is not None
            else missing
            if area.median_missing
            else unknown
        )
        above = None if area.median is None or area.score is None else area.score >= area.median
        tone = Tone.MISSING if above is None else Tone.GOOD if above else Tone.BAD
        rows.append(
            TargetRow(
                label=area.name,
                value=area.score,
                marker=area.median,
                secondary=None,
                scale_max=scale_max,
                text=message(
                    "memo.charts.profile.row",
                    score=_text(area.score, missing),
                    median=median,
                ),
                tone=tone,
            )
        )
        table_rows.append(
            (
                Cell(plain(area.name)),
                Cell(plain(_text(area.score, missing))),
                Cell(plain(median), Tone.MISSING if area.median is None else None),
            )
        )
    title = message("memo.charts.profile.title")
    header = tuple(message(f"memo.charts.profile.{key}") for key in ("area", "score", "median"))
    return Figure(
        chart=TargetChart(
            tuple(rows),
            value_name=message("memo.charts.profile.score"),
            marker_name=message("memo.charts.profile.median"),
            secondary_name=None,
            shared_scale=True,
            ticks=tuple((tick, number_text(tick)) for tick in _ticks(scale_max)),
        ),
        title=title,
        description=message("memo.charts.profile.description"),
        table=Table(title, header, tuple(table_rows), (False, True, True)),
    )
