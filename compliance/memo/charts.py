"""Chart data, format-neutral: what is drawn, already in words, with no geometry.

Two kinds serve the memo's three charts:

- `StackedBarChart`: counts per row and series – outcomes per nämnd.
- `TargetChart`: a bar for a value against a marker – an indicator's forecast (or outcome)
  against its target, a Kommunkompassen area's score against the median.

`reporters/svg_charts.py` draws them; a DOCX renderer may draw them its own way or show the
table that goes with every chart.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from compliance.memo.tones import Tone


@dataclass(frozen=True)
class Series:
    """One kind of count in a stacked bar: its legend word, symbol and tone."""

    name: str
    symbol: str
    tone: Tone
    # The fill's pattern, so that a series is told apart without colour: one of PATTERNS.
    pattern: str


# Fills a renderer can draw in black and white as well as in colour.
PATTERNS = ("solid", "diagonal", "dots", "cross", "horizontal", "light")


@dataclass(frozen=True)
class StackedRow:
    label: str
    counts: tuple[int, ...]  # one per series

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class StackedBarChart:
    series: tuple[Series, ...]
    rows: tuple[StackedRow, ...]


@dataclass(frozen=True)
class TargetRow:
    label: str
    # The bar; None draws no bar and shows `note` instead (e.g. "value missing").
    value: Decimal | None
    # The main marker (target, median); None: no marker.
    marker: Decimal | None
    # A second, smaller marker (the outcome so far, when the bar is the forecast).
    secondary: Decimal | None
    # The right end of this row's axis (its left end is 0, or the least negative value).
    scale_max: Decimal
    # Text after the bar, e.g. "85 (utfall 84) / mål 90 % ✗".
    text: str
    tone: Tone
    note: str | None = None


@dataclass(frozen=True)
class TargetChart:
    rows: tuple[TargetRow, ...]
    # Legend words for the bar and the two markers.
    value_name: str
    marker_name: str
    secondary_name: str | None
    # True when every row shares one axis (scores 0–100); False when each row has its own
    # (indicators in different units), which the description says.
    shared_scale: bool
    # Axis ticks of a shared scale: value and its label, as the memo's language writes it.
    ticks: tuple[tuple[Decimal, str], ...] = ()


Chart = StackedBarChart | TargetChart
