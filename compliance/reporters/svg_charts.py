"""The memo's charts as inline SVG: deterministic, self-contained, readable without colour.

Every chart has a `<title>` and `<desc>` (named by `aria-labelledby`), every series a fill
pattern as well as a colour, every bar its number or words beside it, and the HTML report
puts the chart's data table under it. Coordinates are written with one decimal, so the same
chart is the same bytes on every machine. Text widths are estimated from the number of
characters (no font is measured), with room to spare.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from decimal import Decimal

from compliance.memo.charts import Chart, StackedBarChart, TargetChart, TargetRow
from compliance.memo.tones import Tone

WIDTH = 760
FONT_SIZE = 12
SMALL_FONT = 11
# An average character is about this share of the font size wide; generous for DejaVu Sans.
CHAR_WIDTH = 0.6
MAX_LABEL_WIDTH = 300
MIN_LABEL_WIDTH = 100

# Okabe–Ito colours: told apart with the common colour-vision deficiencies, and still distinct
# shades of grey on a black-and-white printer; the patterns carry the difference in any case.
COLOURS: dict[Tone, str] = {
    Tone.GOOD: "#009E73",
    Tone.PARTIAL: "#E69F00",
    Tone.BAD: "#D55E00",
    Tone.MISSING: "#E69F00",
    Tone.WAIVED: "#CC79A7",
    Tone.NEUTRAL: "#56B4E9",
}
INK = "#1a1a1a"
MUTED = "#555555"


def render_chart(chart: Chart, *, chart_id: str, title: str, description: str) -> str:
    """`chart` as an `<svg>` element; `chart_id` must be unique in the page."""
    match chart:
        case StackedBarChart():
            body, height = _stacked(chart, chart_id)
        case TargetChart():
            body, height = _target(chart, chart_id)
        case _:
            raise AssertionError(f"unhandled chart {chart!r}")
    return (
        f'<svg class="chart" role="img" viewBox="0 0 {WIDTH} {_n(height)}" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'font-size="{FONT_SIZE}" fill="{INK}">\n'
        f'<title id="{chart_id}-title">{_esc(title)}</title>\n'
        f'<desc id="{chart_id}-desc">{_esc(description)}</desc>\n'
        f"{body}</svg>"
    )


# ---------------------------------------------------------------- helpers


def _n(value: float | Decimal) -> str:
    """A coordinate with at most one decimal, `12` rather than `12.0`."""
    text = f"{float(value):.1f}"
    return text[:-2] if text.endswith(".0") else text


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _text_width(text: str, size: int = FONT_SIZE) -> float:
    return len(text) * size * CHAR_WIDTH


def _label_width(labels: Iterable[str]) -> float:
    widest = max((_text_width(label) for label in labels), default=0.0)
    return min(MAX_LABEL_WIDTH, max(MIN_LABEL_WIDTH, widest + 12))


def _fit(text: str, width: float, size: int = FONT_SIZE) -> str:
    """`text` cut to `width` with an ellipsis; the full text stays in the element's title."""
    most = int(width / (size * CHAR_WIDTH))
    return text if len(text) <= most else text[: max(most - 1, 1)].rstrip() + "…"


def _pattern_id(chart_id: str, pattern: str, tone: Tone) -> str:
    return f"{chart_id}-{pattern}-{tone.value}"


def _pattern(chart_id: str, pattern: str, tone: Tone) -> str:
    """A `<pattern>`: the tone's colour with white strokes or dots, so it reads in grey too."""
    colour = COLOURS[tone]
    pid = _pattern_id(chart_id, pattern, tone)
    head = f'<pattern id="{pid}" width="6" height="6" patternUnits="userSpaceOnUse"'
    match pattern:
        case "diagonal":
            return (
                f'{head} patternTransform="rotate(45)"><rect width="6" height="6" '
                f'fill="{colour}"/><line x1="0" y1="0" x2="0" y2="6" stroke="#fff" '
                'stroke-width="2.5"/></pattern>'
            )
        case "dots":
            return (
                f'{head}><rect width="6" height="6" fill="{colour}"/>'
                '<circle cx="3" cy="3" r="1.4" fill="#fff"/></pattern>'
            )
        case "cross":
            return (
                f'{head} patternTransform="rotate(45)"><rect width="6" height="6" '
                f'fill="{colour}"/><path d="M0 3H6M3 0V6" stroke="#fff" stroke-width="1.5"/>'
                "</pattern>"
            )
        case "horizontal":
            return (
                f'{head}><rect width="6" height="6" fill="{colour}"/>'
                '<line x1="0" y1="3" x2="6" y2="3" stroke="#fff" stroke-width="2"/></pattern>'
            )
        case "light":
            return (
                f'{head} patternTransform="rotate(-45)"><rect width="6" height="6" '
                f'fill="#eeeeee"/><line x1="0" y1="0" x2="0" y2="6" stroke="#8a8a8a" '
                'stroke-width="1"/></pattern>'
            )
    return f'{head}><rect width="6" height="6" fill="{colour}"/></pattern>'


def _fill(chart_id: str, pattern: str, tone: Tone) -> str:
    return COLOURS[tone] if pattern == "solid" else f"url(#{_pattern_id(chart_id, pattern, tone)})"


def _text(x: float, y: float, text: str, **attributes: str) -> str:
    extra = "".join(f' {name.replace("_", "-")}="{value}"' for name, value in attributes.items())
    return f'<text x="{_n(x)}" y="{_n(y)}"{extra}>{_esc(text)}</text>'


# ---------------------------------------------------------------- stacked bars


def _stacked(chart: StackedBarChart, chart_id: str) -> tuple[str, float]:
    parts: list[str] = []
    used = sorted({(s.pattern, s.tone) for s in chart.series if s.pattern != "solid"})
    parts.append("<defs>" + "".join(_pattern(chart_id, p, t) for p, t in used) + "</defs>")
    # Legend, wrapping onto further lines as needed.
    x, y = 0.0, 0.0
    for series in chart.series:
        label = f"{series.symbol} {series.name}"
        width = 22 + _text_width(label) + 18
        if x and x + width > WIDTH:
            x, y = 0.0, y + 22
        parts.append(
            f'<rect x="{_n(x)}" y="{_n(y + 2)}" width="14" height="14" '
            f'fill="{_fill(chart_id, series.pattern, series.tone)}" stroke="{INK}" '
            'stroke-width="0.5"/>'
        )
        parts.append(_text(x + 20, y + 14, label))
        x += width
    label_width = _label_width(row.label for row in chart.rows)
    total_width = 44.0
    bar_left = label_width
    bar_width = WIDTH - label_width - total_width
    top = y + 34
    row_height, bar_height = 24.0, 16.0
    largest = max((row.total for row in chart.rows), default=0) or 1
    for index, row in enumerate(chart.rows):
        row_top = top + index * row_height
        parts.append(f"<g><title>{_esc(_row_title(chart, index))}</title>")
        parts.append(
            _text(bar_left - 8, row_top + 12, _fit(row.label, label_width - 10), text_anchor="end")
        )
        x = bar_left
        for series, count in zip(chart.series, row.counts, strict=True):
            if not count:
                continue
            width = count / largest * bar_width
            parts.append(
                f'<rect x="{_n(x)}" y="{_n(row_top)}" width="{_n(width)}" '
                f'height="{_n(bar_height)}" fill="{_fill(chart_id, series.pattern, series.tone)}" '
                f'stroke="{INK}" stroke-width="0.5"/>'
            )
            number = str(count)
            if width >= _text_width(number, SMALL_FONT) + 6:
                parts.append(
                    _text(
                        x + width / 2,
                        row_top + 12,
                        number,
                        text_anchor="middle",
                        font_size=str(SMALL_FONT),
                        stroke="#fff",
                        stroke_width="3",
                        paint_order="stroke",
                    )
                )
            x += width
        parts.append(_text(x + 6, row_top + 12, str(row.total), fill=MUTED))
        parts.append("</g>")
    height = top + len(chart.rows) * row_height + 4
    return "\n".join(parts) + "\n", height


def _row_title(chart: StackedBarChart, index: int) -> str:
    row = chart.rows[index]
    counts = ", ".join(
        f"{s.symbol} {s.name} {c}" for s, c in zip(chart.series, row.counts, strict=True) if c
    )
    return f"{row.label}: {counts}"


# ---------------------------------------------------------------- value against a marker


def _target(chart: TargetChart, chart_id: str) -> tuple[str, float]:
    parts: list[str] = []
    tones = sorted({row.tone for row in chart.rows if row.tone is Tone.BAD})
    parts.append(
        "<defs>" + "".join(_pattern(chart_id, "diagonal", tone) for tone in tones) + "</defs>"
    )
    parts.extend(_target_legend(chart, chart_id))
    label_width = min(_label_width(row.label for row in chart.rows), 280)
    text_width = max((_text_width(row.text, SMALL_FONT) for row in chart.rows), default=0) + 12
    text_width = min(max(text_width, 120), 220)
    bar_left = label_width
    bar_width = WIDTH - label_width - text_width - 8
    top = 34.0
    row_height, bar_height = 26.0, 14.0
    height = top + len(chart.rows) * row_height
    # Back to front: row stripes, then the axis grid, then the bars and their words.
    for index in range(0, len(chart.rows), 2):
        parts.append(
            f'<rect x="0" y="{_n(top + index * row_height - 5)}" width="{WIDTH}" '
            f'height="{_n(row_height)}" fill="#f3f3f3"/>'
        )
    if chart.shared_scale and chart.ticks and chart.rows:
        parts.extend(_axis(chart, bar_left, bar_width, top - 6, height))
    for index, row in enumerate(chart.rows):
        row_top = top + index * row_height
        parts.append(f"<g><title>{_esc(f'{row.label}: {row.text}')}</title>")
        parts.append(
            _text(bar_left - 8, row_top + 11, _fit(row.label, label_width - 10), text_anchor="end")
        )
        parts.extend(_target_row(row, chart_id, bar_left, bar_width, row_top, bar_height))
        text = _fit(row.text, text_width - 8, SMALL_FONT)
        parts.append(_text(bar_left + bar_width + 8, row_top + 11, text, font_size=str(SMALL_FONT)))
        parts.append("</g>")
    if chart.shared_scale and chart.ticks and chart.rows:
        height += 18
    return "\n".join(parts) + "\n", height + 4


def _target_legend(chart: TargetChart, chart_id: str) -> list[str]:
    any_bad = any(row.tone is Tone.BAD for row in chart.rows)
    bad = _fill(chart_id, "diagonal", Tone.BAD)
    parts = [
        f'<rect x="0" y="4" width="22" height="12" fill="{COLOURS[Tone.GOOD]}"/>',
        f'<rect x="10" y="4" width="12" height="12" fill="{bad}"/>' if any_bad else "",
        _text(28, 14, chart.value_name),
    ]
    x = 28 + _text_width(chart.value_name) + 24
    parts.append(
        f'<line x1="{_n(x)}" y1="2" x2="{_n(x)}" y2="18" stroke="{INK}" stroke-width="2.5"/>'
    )
    parts.append(_text(x + 8, 14, chart.marker_name))
    x += 8 + _text_width(chart.marker_name) + 24
    if chart.secondary_name and any(row.secondary is not None for row in chart.rows):
        parts.append(_diamond(x + 5, 10))
        parts.append(_text(x + 16, 14, chart.secondary_name))
    return [part for part in parts if part]


def _target_row(
    row: TargetRow, chart_id: str, left: float, width: float, top: float, height: float
) -> list[str]:
    numbers = [n for n in (row.value, row.marker, row.secondary) if n is not None]
    low = min([Decimal(0), *numbers])
    high = row.scale_max if row.scale_max > low else low + 1

    def x(value: Decimal) -> float:
        return left + float((value - low) / (high - low)) * width

    parts: list[str] = []
    if row.value is not None:
        start, end = sorted((x(Decimal(0)), x(row.value)))
        fill = (
            COLOURS[Tone.GOOD]
            if row.tone is not Tone.BAD
            else _fill(chart_id, "diagonal", row.tone)
        )
        parts.append(
            f'<rect x="{_n(start)}" y="{_n(top)}" width="{_n(max(end - start, 1))}" '
            f'height="{_n(height)}" fill="{fill}" stroke="{INK}" stroke-width="0.5"/>'
        )
    elif row.note:
        parts.append(_text(left + 4, top + 11, row.note, font_style="italic", fill=MUTED))
    if row.marker is not None:
        mx = x(row.marker)
        parts.append(
            f'<line x1="{_n(mx)}" y1="{_n(top - 4)}" x2="{_n(mx)}" y2="{_n(top + height + 4)}" '
            f'stroke="{INK}" stroke-width="2.5"/>'
        )
    if row.secondary is not None:
        parts.append(_diamond(x(row.secondary), top + height / 2))
    return parts


def _diamond(cx: float, cy: float, size: float = 5) -> str:
    corners = ((cx, cy - size), (cx + size, cy), (cx, cy + size), (cx - size, cy))
    points = " ".join(f"{_n(px)},{_n(py)}" for px, py in corners)
    return f'<polygon points="{points}" fill="#fff" stroke="{INK}" stroke-width="1.5"/>'


def _axis(chart: TargetChart, left: float, width: float, top: float, bottom: float) -> list[str]:
    high = chart.rows[0].scale_max
    parts = []
    for value, label in chart.ticks:
        tx = left + float(value / high) * width if high else left
        parts.append(
            f'<line x1="{_n(tx)}" y1="{_n(top)}" x2="{_n(tx)}" y2="{_n(bottom)}" '
            'stroke="#bbbbbb" stroke-width="0.5"/>'
        )
        parts.append(_text(tx, bottom + 14, label, text_anchor="middle", font_size=str(SMALL_FONT)))
    return parts
