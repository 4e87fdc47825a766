"""The terminal report writes texts and tables as rich would print them, only faster.

`layout.text_lines` wraps a text (or an indented text) itself, with or without colour, and
`layout.table_lines` lays out a table without colour itself, instead of printing them through
the console; these tests print the same parts through the console and require the same lines,
escape codes included, for generated texts with long words, wide and combining characters,
tabs and line breaks, and generated tables with long names, multi-line cells and narrow
consoles.
"""

from __future__ import annotations

import io
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st
from rich import box
from rich.console import RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from compliance import api
from compliance.reporters import terminal
from compliance.reporters.layout import table_lines, text_lines
from compliance.reporters.terminal import fixed_console

WORDS = st.lists(
    st.sampled_from(
        [
            "nämnd",
            "Grundskolenämnden",
            "årsberättelse",
            "–",
            "✓",
            "⊘",
            "…",
            "日本語",
            "e\u0301",
            "\t",
            "\n",
            "\r",
            "\x07",
            "\x1b[1m",
            " ",
            "  ",
            "x" * 37,
            "https://www.haninge.se/" + "a" * 90,
        ]
    ),
    max_size=40,
).map(" ".join)


def printed(part: RenderableType, width: int, color: bool = False) -> list[str]:
    buffer = io.StringIO()
    fixed_console(buffer, color=color, width=width).print(part)
    return [line.rstrip() for line in buffer.getvalue().splitlines()]


def written(part: RenderableType, width: int, color: bool = False) -> list[str] | None:
    lines = text_lines(fixed_console(io.StringIO(), color=color, width=width), part)
    return None if lines is None else [line.rstrip() for line in lines]


@settings(max_examples=300, deadline=None)
@given(
    WORDS,
    st.integers(min_value=8, max_value=120),
    st.sampled_from([0, 2, 4, 6]),
    st.booleans(),
)
# A line that fits in cells but not in characters (a combining accent): `Text.wrap` crops its
# trailing blank, and the console pads the line with an unstyled one. CI once generated it.
@example(text="e\u0301  ", width=19, indent=2, color=True)
def test_texts_are_written_as_the_console_prints_them(
    text: str, width: int, indent: int, color: bool
) -> None:
    plain = Text(text)
    styled = Text.assemble(("Rubrik: ", "bold"), (text, "dim"))
    # A base style and spans over it: the line's own style and the spans' combine.
    mixed = Text.assemble(("✗ Avvikelse", "bold red"), " · ", text, style="dim")
    for part in (plain, styled, mixed, Text(text, style="bold red"), Text(text, tab_size=4)):
        shown = Padding(part, (0, 0, 0, indent)) if indent else part
        lines = written(shown, width, color)
        # A text with a tab is left to the console (None), which prints it itself.
        assert lines == (None if "\t" in text else printed(shown, width, color))


def test_coloured_lines_carry_the_escape_codes_the_console_writes() -> None:
    part = Padding(Text.assemble(("Allvarlighet: ", "bold"), ("hög", "red")), (0, 0, 0, 2))
    assert written(part, 100, color=True) == ["  \x1b[1mAllvarlighet: \x1b[0m\x1b[31mhög\x1b[0m"]
    wrapped = Text("ord " * 30, style="green")
    lines = written(wrapped, 40, color=True)
    assert lines == printed(wrapped, 40, color=True)
    assert lines is not None and len(lines) == 3
    assert all(line.startswith("\x1b[32m") for line in lines)


def test_a_line_longer_in_characters_than_in_cells_loses_its_trailing_blank_as_in_rich() -> None:
    # 17 cells, 18 characters, in 17 columns: rich's wrapping crops one trailing blank by its
    # character count, so the last blank is the console's padding, outside the style.
    part = Padding(Text("✗ Avvikelse · e\u0301  ", style="dim"), (0, 0, 0, 2))
    expected = ["  \x1b[2m✗ Avvikelse · e\u0301 \x1b[0m"]
    assert printed(part, 19, color=True) == expected
    assert written(part, 19, color=True) == expected


def test_the_bundled_parts_are_written_by_the_fast_path() -> None:
    assert written(Text("Sammanställning", style="bold"), 100) == ["Sammanställning"]
    assert written(Text("Sammanställning", style="bold"), 100, color=True) == [
        "\x1b[1mSammanställning\x1b[0m"
    ]
    assert written(Padding(Text("a " * 60), (0, 0, 0, 4)), 40) == printed(
        Padding(Text("a " * 60), (0, 0, 0, 4)), 40
    )


def test_anything_else_is_left_to_the_console() -> None:
    for color in (False, True):
        assert written(Table.grid(), 100, color) is None
        assert written(Padding(Text("x"), (1, 0, 0, 2)), 100, color) is None
        assert written(Padding(Text("x"), (0, 0, 0, 2), style="red"), 100, color) is None
        assert written(Text("x", justify="right"), 100, color) is None
        assert written(Text("x", end=""), 100, color) is None


def tabled(table: Table, width: int, color: bool = False) -> list[str] | None:
    lines = table_lines(fixed_console(io.StringIO(), color=color, width=width), table)
    return None if lines is None else [line.rstrip() for line in lines]


CELL = st.lists(WORDS, min_size=1, max_size=3).map("\n".join)


# A cell's text: styled as a whole (the padding a justified line gets takes the style too),
# or in parts (as the report's cells are: "✓" in green, "✗ 1 avv" in red, on lines of their own).
CELLS = st.one_of(
    st.builds(lambda text, style: Text(text, style=style), CELL, st.sampled_from(["bold", ""])),
    st.builds(
        lambda first, second: Text("\n").join([Text(first, style="green"), Text(second)]),
        WORDS,
        WORDS,
    ),
)


@st.composite
def summary_tables(draw: st.DrawFn) -> Table:
    """Tables shaped like the report's summary: a name column that wraps, status columns that
    do not, a header, a simple head box without edges."""
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column(draw(WORDS), max_width=draw(st.sampled_from([None, 5, 12, 32])))
    columns = draw(st.integers(min_value=0, max_value=6))
    for _ in range(columns):
        table.add_column(
            draw(WORDS),
            no_wrap=draw(st.booleans()),
            min_width=draw(st.sampled_from([None, 1, 4, 9])),
            justify=draw(st.sampled_from(["left", "left", "right", "center"])),
        )
    for _ in range(draw(st.integers(min_value=0, max_value=6))):
        table.add_row(Text(draw(WORDS)), *(draw(CELLS) for _ in range(columns)))
    return table


@settings(max_examples=400, deadline=None)
@given(summary_tables(), st.integers(min_value=10, max_value=140), st.booleans())
def test_tables_are_laid_out_as_the_console_prints_them(
    table: Table, width: int, color: bool
) -> None:
    lines = tabled(table, width, color)
    # A table rich would squeeze or crop is left to the console (None).
    assert lines is None or lines == printed(table, width, color)


def test_the_report_summary_table_is_laid_out_by_the_fast_path() -> None:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("Nämnd", max_width=10)
    table.add_column("HAN-TG", no_wrap=True, min_width=6)
    table.add_row(Text("Arbetsmarknads- och vuxenutbildningsnämnden"), Text("✓\n✗ 1 avv"))
    table.add_row(Text("Valnämnden"), Text("– e.t."))
    expected = [
        "Nämnd        HAN-TG",
        "────────────────────",
        "Arbetsmar…   ✓",
        "och          ✗ 1 avv",
        "vuxenutbi…",
        "Valnämnden   – e.t.",
    ]
    assert tabled(table, 100) == printed(table, 100)
    assert tabled(table, 100) == expected
    coloured = tabled(table, 100, color=True)
    assert coloured == printed(table, 100, color=True)
    # The header, padding and all, in bold; the rows as they were.
    assert coloured is not None and coloured[0].startswith("\x1b[1mNämnd")
    assert coloured[2:] == expected[2:]


def test_a_coloured_table_with_styles_of_its_own_is_left_to_the_console() -> None:
    def table(**styles: str) -> Table:
        made = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, **styles)
        made.add_column("Nämnd")
        made.add_row(Text("Valnämnden"))
        return made

    assert tabled(table(), 100, color=True) == printed(table(), 100, color=True)
    for styles in ({"style": "on blue"}, {"border_style": "red"}, {"row_styles": ["dim"]}):
        assert tabled(table(**styles), 100, color=True) is None
        assert tabled(table(**styles), 100) is not None  # without colour, styles do not show


def test_the_bundled_report_takes_the_fast_paths() -> None:
    root = Path(__file__).resolve().parent.parent
    packs = ["haninge-verksamhetsstyrning.rules", "kommunallagen.rules", "lkbr.rules"]
    rules = api.load_rules([root / "policy_rules" / pack for pack in packs])
    data = api.load_data(
        [root / "fixtures" / "haninge" / name for name in ("organisation.yaml", "synpunkter.yaml")]
    )
    report = api.check(rules, data, period="2025", as_of="2026-09-30")
    parts = list(terminal._parts(report, 100))
    tables = [part for part in parts if isinstance(part, Table) and part.show_header]
    texts = [part for part in parts if isinstance(part, Text | Padding)]
    for color in (False, True):
        console = fixed_console(io.StringIO(), color=color, width=100)
        assert tables and all(table_lines(console, table) is not None for table in tables)
        assert sum(text_lines(console, part) is not None for part in texts) > 0.9 * len(texts)


def test_a_table_one_column_too_wide_is_left_to_the_console() -> None:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("abc")
    table.add_column("x" * 10, no_wrap=True)
    # Widths with padding: 3 + 1 and 1 + 10, and one divider: 16 columns in all.
    assert tabled(table, 16) == printed(table, 16) == ["abc   xxxxxxxxxx", "─" * 16]
    assert tabled(table, 15) is None
