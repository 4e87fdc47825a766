"""The memo's charts as PNG pictures for the Word report, drawn with matplotlib.

A chart is drawn at a fixed width and dpi, with a height that grows only with its rows, and
saved without a date or software stamp, so the same chart is the same bytes. Colour is never
the only cue: stacked segments are hatched as well as coloured, markers differ in shape, and
every bar has its numbers in words beside it; the table after each chart has them all.

matplotlib is imported when a chart is drawn, never when the command line starts.
"""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from compliance.memo.charts import Chart, StackedBarChart, TargetChart, TargetRow

# The HTML report's chart colours, so the two formats look alike.
from compliance.reporters.svg_charts import COLOURS as TONE_COLORS

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

# The picture's width in the document (the A4 text width), its resolution, and its text size.
WIDTH_INCHES = 6.3
DPI = 200
FONT_SIZE = 8
# The y axis is in inches: a row is a gap plus a line per line of its wrapped label (two at
# least), so a long label gets room without stretching every row; a bar is as thick in each.
ROW_INCHES = 0.12
LINE_INCHES = 0.13
BAR_INCHES = 0.24
# The margin above the bars, and below them the axis and a line per row of the legend.
TOP_INCHES = 0.1
AXIS_INCHES = 0.4
LEGEND_LINE_INCHES = 0.2
LEGEND_COLUMNS = 4
# The share of the width the row labels (left) and, for target charts, the row texts take.
LABEL_SHARE = 0.30
TEXT_SHARE = 0.27
LABEL_CHARACTERS = 28
TEXT_CHARACTERS = 24

# One pattern per series, in series order: two series of the same tone still differ.
HATCHES = ("", "///", "xxx", "...", "\\\\\\", "---", "ooo", "+++")
MARKER_COLOR = "#000000"
SECONDARY_COLOR = "#1F3A93"


@dataclass(frozen=True)
class Picture:
    png: bytes
    width_inches: float
    height_inches: float


def chart_png(chart: Chart) -> Picture:
    """`chart` drawn as a PNG, the same bytes for the same chart."""
    import matplotlib

    matplotlib.use("Agg")
    # A figure of its own, not pyplot's: nothing global to close, and a quicker import.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    rows = _row_heights(chart)
    entries = len(chart.series) if isinstance(chart, StackedBarChart) else 3
    bottom = AXIS_INCHES + LEGEND_LINE_INCHES * -(-entries // LEGEND_COLUMNS)
    height = TOP_INCHES + bottom + max(sum(rows), ROW_INCHES + 2 * LINE_INCHES)
    with matplotlib.rc_context({"font.size": FONT_SIZE, "hatch.linewidth": 0.6}):
        figure = Figure(figsize=(WIDTH_INCHES, height), dpi=DPI)
        FigureCanvasAgg(figure)
        right = 1 - TEXT_SHARE if isinstance(chart, TargetChart) else 0.97
        figure.subplots_adjust(
            left=LABEL_SHARE,
            right=right,
            top=1 - TOP_INCHES / height,
            bottom=bottom / height,
        )
        axes = figure.add_subplot()
        match chart:
            case StackedBarChart():
                _stacked(figure, axes, chart, rows)
            case TargetChart():
                _target(figure, axes, chart, rows)
        output = io.BytesIO()
        figure.savefig(output, format="png", dpi=DPI, metadata={"Software": None})
    return Picture(output.getvalue(), WIDTH_INCHES, height)


def _row_heights(chart: Chart) -> list[float]:
    """Each row's height: room for its label or, beside a target bar, its text."""
    heights = []
    for row in chart.rows:
        lines = _lines(_label(row.label))
        if isinstance(row, TargetRow):
            lines = max(lines, _lines(_label(row.text, TEXT_CHARACTERS)))
        heights.append(ROW_INCHES + LINE_INCHES * max(lines, 2))
    return heights


def _lines(text: str) -> int:
    return text.count("\n") + 1


def _label(text: str, width: int = LABEL_CHARACTERS) -> str:
    return "\n".join(textwrap.wrap(text, width)) or text


def _rows_axis(axes: Axes, labels: list[str], heights: list[float]) -> list[float]:
    """The y positions of the rows' middles, the first row at the top."""
    positions, top = [], 0.0
    for height in heights:
        positions.append(top + height / 2)
        top += height
    axes.set_yticks(positions, [_label(label) for label in labels])
    axes.set_ylim(max(top, 0.01), 0)
    axes.tick_params(axis="y", length=0)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    return positions


# ---------------------------------------------------------------- stacked bars


def _stacked(figure: Figure, axes: Axes, chart: StackedBarChart, heights: list[float]) -> None:
    from matplotlib.ticker import MaxNLocator

    positions = _rows_axis(axes, [row.label for row in chart.rows], heights)
    left = [0] * len(chart.rows)
    for index, series in enumerate(chart.series):
        counts = [row.counts[index] for row in chart.rows]
        axes.barh(
            positions,
            counts,
            left=left,
            height=BAR_INCHES,
            color=TONE_COLORS[series.tone],
            hatch=HATCHES[index % len(HATCHES)],
            edgecolor="#FFFFFF",
            linewidth=0.6,
            label=f"{series.symbol} {series.name}",
        )
        left = [start + count for start, count in zip(left, counts, strict=True)]
    largest = max((row.total for row in chart.rows), default=0)
    for position, row in zip(positions, chart.rows, strict=True):
        axes.text(row.total + largest * 0.01, position, str(row.total), va="center")
    axes.set_xlim(0, max(largest, 1) * 1.08)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    figure.legend(
        loc="lower center",
        ncol=min(len(chart.series), LEGEND_COLUMNS),
        frameon=False,
        borderaxespad=0.2,
    )


# ---------------------------------------------------------------- bars against a marker


def _target(figure: Figure, axes: Axes, chart: TargetChart, heights: list[float]) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    positions = _rows_axis(axes, [row.label for row in chart.rows], heights)
    if chart.shared_scale:
        low = min((_low(row) for row in chart.rows), default=0.0)
        high = max((float(row.scale_max) for row in chart.rows), default=1.0)
        axes.set_xlim(low, high)
    else:
        # Each row has its own unit and axis: a row's numbers are shown as shares of its
        # own range, and the axis, which would mean nothing, is left out.
        axes.set_xlim(0, 1)
        axes.set_xticks([])
    for position, row in zip(positions, chart.rows, strict=True):
        place = _placer(row, chart.shared_scale)
        start = place(Decimal(0))
        if row.value is not None:
            axes.barh(
                position,
                place(row.value) - start,
                left=start,
                height=BAR_INCHES,
                color=TONE_COLORS[row.tone],
                edgecolor="#FFFFFF",
            )
        elif row.note:
            axes.text(start, position, row.note, va="center", style="italic")
        if row.marker is not None:
            x = place(row.marker)
            reach = BAR_INCHES * 0.65
            axes.plot([x, x], [position - reach, position + reach], color=MARKER_COLOR, lw=1.8)
        if row.secondary is not None:
            axes.plot(place(row.secondary), position, marker="D", ms=5, color=SECONDARY_COLOR, lw=0)
        axes.annotate(
            _label(row.text, TEXT_CHARACTERS),
            xy=(1, position),
            xycoords=("axes fraction", "data"),
            xytext=(6, 0),
            textcoords="offset points",
            va="center",
        )
    handles = [
        # The bars take their row's tone; the legend shows the shape, not one of the colours.
        Patch(facecolor="#FFFFFF", edgecolor="#000000", linewidth=0.8, label=chart.value_name),
        Line2D(
            [], [], color=MARKER_COLOR, marker="|", ms=10, mew=1.8, lw=0, label=chart.marker_name
        ),
    ]
    if chart.secondary_name is not None:
        handles.append(
            Line2D(
                [], [], color=SECONDARY_COLOR, marker="D", ms=5, lw=0, label=chart.secondary_name
            )
        )
    figure.legend(
        handles=handles, loc="lower center", ncol=len(handles), frameon=False, borderaxespad=0.2
    )


def _low(row: TargetRow) -> float:
    """The left end of a row's axis: 0, or its least negative number."""
    numbers = [n for n in (row.value, row.marker, row.secondary) if n is not None]
    return float(min([Decimal(0), *numbers]))


def _placer(row: TargetRow, shared: bool) -> _Place:
    if shared:
        return _Place(Decimal(0), Decimal(1))
    low = Decimal(str(_low(row)))
    span = row.scale_max - low
    return _Place(low, span if span > 0 else Decimal(1))


class _Place:
    """A row's number as an x position: itself on a shared axis, a share of the row's own."""

    def __init__(self, low: Decimal, span: Decimal) -> None:
        self.low = low
        self.span = span

    def __call__(self, value: Decimal) -> float:
        return float((value - self.low) / self.span)
