"""Rich's layout of the report's texts and tables, without rich's segment pipeline.

A terminal report is wrapped text and a summary table. Printing each through a rich
console's segment pipeline costs most of the rendering time (the Haninge report: 60 ms
without colour, half of it one table; 85 ms with colour, most of it the indented texts), yet
the lines are simple. Here they are computed with rich's own public measuring
(`Measurement.get`), wrapping (`Text.wrap`) and styling (`Text.render`, `Segment.apply_style`,
`Style.render`), the way `Console.print` would, for the shapes the report uses: texts and
indented texts, and tables of texts, with or without colour. For anything else these
functions return None and the caller prints through rich; tests compare both ways on
generated texts and tables.
Trailing blanks are left to the caller, which strips them from every line.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.cells import cell_len
from rich.console import COLOR_SYSTEMS, Console, RenderableType
from rich.measure import Measurement
from rich.padding import Padding
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text


def text_lines(console: Console, part: RenderableType) -> list[str] | None:
    """The lines `console.print(part)` writes, for a text or an indented text, or None for
    anything else; with the console's colours, if it has any."""
    indent = 0
    if isinstance(part, Padding) and isinstance(part.renderable, Text):
        if part.top or part.right or part.bottom or part.style not in ("", "none"):
            return None
        indent, part = part.left, part.renderable
    if not isinstance(part, Text) or part.justify or part.overflow or part.no_wrap:
        return None
    # A tab is expanded differently once `print` has joined the text into its own.
    plain = part.plain
    if part.end != "\n" or indent >= console.width or "\t" in plain:
        return None
    room = console.width - indent
    # `Text.wrap` gives back a line that fits unchanged, but crops its trailing blanks to the
    # width counted in characters, not cells (`Text.rstrip_end`), so both must fit.
    if "\n" not in plain and len(plain) <= room and cell_len(plain) <= room:
        lines = [part]
    else:
        lines = list(
            part.wrap(
                console,
                room,
                justify="default",
                overflow="fold",
                tab_size=8,
                no_wrap=False,
            )
        )
    margin = " " * indent
    if console.color_system is None:
        return [margin + line.plain for line in lines]
    return [margin + styled for styled in _styled(console, lines)]


def _styled(console: Console, lines: Iterable[Text]) -> list[str]:
    """The lines with their styles as escape codes, as the console writes them."""
    return [_render(console, line) for line in _line_segments(console, lines)]


def _line_segments(console: Console, lines: Iterable[Text]) -> list[list[Segment]]:
    """Each line's segments as `Text.__rich_console__` renders them: the lines joined, so
    that each line's own style becomes a span over it, and split again."""
    segments = Text("\n").join(lines).render(console, end="\n")
    return list(Segment.split_lines(segments))


def _render(console: Console, segments: list[Segment], style: Style | None = None) -> str:
    """The segments as the console writes them, each with `style` under its own
    (`Segment.apply_style`, as a table's cell takes its style)."""
    system = COLOR_SYSTEMS[console.color_system or ""]
    if style:
        segments = list(Segment.apply_style(segments, style))
    return "".join(
        segment_style.render(text, color_system=system) if segment_style else text
        for text, segment_style, _ in segments
    )


def table_lines(console: Console, table: Table) -> list[str] | None:
    """The lines `console.print(table)` writes, for a table of texts with a header, a box
    without outer edges and columns that fit the console as measured; or None. With the
    console's colours, the header's cells (padding included) take the table's header style and
    the other cells their texts' own styles, as in rich."""
    if not _simple(console, table) or (console.color_system and not _styled_plainly(table)):
        return None
    cells: list[list[Text]] = []
    for column in table.columns:
        given = [_header(column.header), *column.cells]
        if not all(isinstance(cell, Text) for cell in given):
            return None
        cells.append([cell for cell in given if isinstance(cell, Text)])
    if len({len(texts) for texts in cells}) != 1:
        return None
    last = len(cells) - 1
    _, pad_right, _, pad_left = table.padding
    pads = [(0 if i == 0 else pad_left, 0 if i == last else pad_right) for i in range(last + 1)]
    available = console.width - last  # a divider between each two columns, no edges
    widths = _widths(console, table, cells, pads, available)
    if sum(widths) > available:
        return None  # rich would squeeze the columns; that is left to rich
    header_style = console.get_style(table.header_style or "")
    rendered = _cell_lines(console, table, cells, pads, widths, header_style)
    if rendered is None:
        return None
    blanks = [" " * width for width in widths]
    header_blanks = blanks
    if console.color_system is not None:
        # The header's empty lines are its style's, padding and all.
        header_blanks = [_render(console, [Segment(blank)], header_style) for blank in blanks]
    return _rows(table, blanks, header_blanks, rendered)


def _widths(
    console: Console,
    table: Table,
    cells: list[list[Text]],
    pads: list[tuple[int, int]],
    available: int,
) -> list[int]:
    """Each column's width with its padding, measured as `Table._calculate_column_widths`
    measures a table that needs no squeezing."""
    options = console.options.update_width(available)
    widths: list[int] = []
    for column, texts, (left, right) in zip(table.columns, cells, pads, strict=True):
        measured = [
            Measurement.get(console, options, Padding(cell, (0, right, 0, left))) for cell in texts
        ]
        measurement = Measurement(
            max(m.minimum for m in measured), max(m.maximum for m in measured)
        ).with_maximum(available)
        measurement = measurement.clamp(
            None if column.min_width is None else column.min_width + left + right,
            None if column.max_width is None else column.max_width + left + right,
        )
        widths.append(measurement.maximum or 1)
    return widths


def _cell_lines(
    console: Console,
    table: Table,
    cells: list[list[Text]],
    pads: list[tuple[int, int]],
    widths: list[int],
    header_style: Style,
) -> list[list[list[str]]] | None:
    """Per column, per cell, its lines padded to the column's width (with colour, the
    header's cells in `header_style`); None where rich would crop a line."""
    rendered: list[list[list[str]]] = []
    for column, texts, width, (left, right) in zip(table.columns, cells, widths, pads, strict=True):
        inner = width - left - right
        if inner < 1:
            return None
        column_lines: list[list[str]] = []
        for number, cell in enumerate(texts):
            # The precedence of `Text.__rich_console__`: the text's own setting, then the column's.
            tab_size = console.tab_size if cell.tab_size is None else cell.tab_size
            lines = cell.wrap(
                console,
                inner,
                justify=cell.justify or column.justify,
                overflow=cell.overflow or column.overflow,
                tab_size=tab_size or 8,
                no_wrap=column.no_wrap if cell.no_wrap is None else cell.no_wrap,
            )
            plain = [line.plain for line in lines]
            if any(cell_len(text) > inner for text in plain):
                return None
            if console.color_system is None:
                column_lines.append(
                    [" " * left + text + " " * (inner - cell_len(text) + right) for text in plain]
                )
                continue
            style = header_style if number == 0 else Style.null()
            column_lines.append(
                [
                    _render(
                        console,
                        [
                            Segment(" " * left),
                            *segments,
                            Segment(" " * (inner - cell_len(text))),
                            Segment(" " * right),
                        ],
                        style,
                    )
                    for text, segments in zip(plain, _line_segments(console, lines), strict=True)
                ]
            )
        rendered.append(column_lines)
    return rendered


def _rows(
    table: Table, blank: list[str], header_blank: list[str], rendered: list[list[list[str]]]
) -> list[str]:
    """The header, the rule under it and the rows, cells side by side between the dividers;
    `blank` and `header_blank`: an empty line of each column's cells."""
    box = table.box
    assert box is not None  # checked by _simple
    widths = [len(line) for line in blank]
    out: list[str] = []
    count = len(rendered[0])
    for index in range(count):
        row = [column_lines[index] for column_lines in rendered]
        height = max(len(lines) for lines in row)
        shaped = [
            # The header sits at the bottom of its row, every other row at the top.
            ([header_blank[i]] * (height - len(lines)) + lines)
            if index == 0
            else (lines + [blank[i]] * (height - len(lines)))
            for i, lines in enumerate(row)
        ]
        divider = box.head_vertical if index == 0 else box.mid_vertical
        if index == count - 1 and index != 0:
            divider = box.foot_vertical
        for line_no in range(height):
            out.append(divider.join(lines[line_no] for lines in shaped))
        if index == 0:
            out.append(box.get_row(widths, "head", edge=False))
    return out


def _simple(console: Console, table: Table) -> bool:
    """Whether the table has only the features `table_lines` lays out as rich does."""
    box = table.box
    return (
        box is not None
        and box.substitute(console.options) is box
        and bool(table.columns)
        and table.show_header
        and not table.show_footer
        and not table.show_edge
        and not table.show_lines
        and not table.pad_edge
        and not table.collapse_padding
        and not table.expand
        and table.leading == 0
        and table.width is None
        and table.min_width is None
        and table.title is None
        and table.caption is None
        and table.padding[0] == 0
        and table.padding[2] == 0
        and all(not row.end_section for row in table.rows)
        and all(
            column.width is None and column.ratio is None and column.vertical == "top"
            for column in table.columns
        )
        and not console.options.legacy_windows
    )


def _styled_plainly(table: Table) -> bool:
    """Whether the table's only styles are its header style and its cells' texts' own: no
    table, border, row or column style, which rich would lay over cells, padding and
    dividers."""
    return (
        table.style in ("", "none")
        and table.border_style is None
        and not table.row_styles
        and all(row.style is None for row in table.rows)
        and all(
            column.style in ("", "none") and column.header_style in ("", "none")
            for column in table.columns
        )
    )


def _header(header: RenderableType) -> RenderableType:
    # rich makes a text of a string header; the report's console reads no markup in it.
    return Text(header) if isinstance(header, str) else header
