"""Without colour, the terminal report writes texts and tables as rich would print them,
only faster.

`plain_layout.plain_lines` wraps a text (or an indented text) itself and
`plain_layout.table_lines` lays out a table itself, instead of printing them through the
console; these tests print the same parts through the console and require the same lines,
for generated texts with long words, wide and combining characters, tabs and line breaks, and
generated tables with long names, multi-line cells and narrow consoles.
"""

from __future__ import annotations

import io
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from rich import box
from rich.console import RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from compliance import api
from compliance.reporters import terminal
from compliance.reporters.plain_layout import plain_lines, table_lines
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


def printed(part: RenderableType, width: int) -> list[str]:
    buffer = io.StringIO()
    fixed_console(buffer, color=False, width=width).print(part)
    return [line.rstrip() for line in buffer.getvalue().splitlines()]


def written(part: RenderableType, width: int) -> list[str] | None:
    lines = plain_lines(fixed_console(io.StringIO(), color=False, width=width), part)
    return None if lines is None else [line.rstrip() for line in lines]


@settings(max_examples=300, deadline=None)
@given(WORDS, st.integers(min_value=8, max_value=120), st.sampled_from([0, 2, 4, 6]))
def test_texts_are_written_as_the_console_prints_them(text: str, width: int, indent: int) -> None:
    plain = Text(text)
    styled = Text.assemble(("Rubrik: ", "bold"), (text, "dim"))
    for part in (plain, styled, Text(text, style="bold red"), Text(text, tab_size=4)):
        shown = Padding(part, (0, 0, 0, indent)) if indent else part
        lines = written(shown, width)
        # A text with a tab is left to the console (None), which prints it itself.
        assert lines == (None if "\t" in text else printed(shown, width))


def test_the_bundled_parts_are_written_by_the_fast_path() -> None:
    assert written(Text("Sammanställning", style="bold"), 100) == ["Sammanställning"]
    assert written(Padding(Text("a " * 60), (0, 0, 0, 4)), 40) == printed(
        Padding(Text("a " * 60), (0, 0, 0, 4)), 40
    )


def test_anything_else_is_left_to_the_console() -> None:
    assert written(Table.grid(), 100) is None
    assert written(Padding(Text("x"), (1, 0, 0, 2)), 100) is None
    assert written(Text("x", justify="right"), 100) is None
    assert written(Text("x", end=""), 100) is None


def tabled(table: Table, width: int) -> list[str] | None:
    lines = table_lines(fixed_console(io.StringIO(), color=False, width=width), table)
    return None if lines is None else [line.rstrip() for line in lines]


CELL = st.lists(WORDS, min_size=1, max_size=3).map("\n".join)


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
        table.add_row(Text(draw(WORDS)), *(Text(draw(CELL), style="bold") for _ in range(columns)))
    return table


@settings(max_examples=400, deadline=None)
@given(summary_tables(), st.integers(min_value=10, max_value=140))
def test_tables_are_laid_out_as_the_console_prints_them(table: Table, width: int) -> None:
    lines = tabled(table, width)
    # A table rich would squeeze or crop is left to the console (None).
    assert lines is None or lines == printed(table, width)


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


def test_the_bundled_report_takes_the_fast_paths() -> None:
    root = Path(__file__).resolve().parent.parent
    packs = ["haninge-verksamhetsstyrning.rules", "kommunallagen.rules", "lkbr.rules"]
    rules = api.load_rules([root / "policy_rules" / pack for pack in packs])
    data = api.load_data(
        [root / "fixtures" / "haninge" / name for name in ("organisation.yaml", "synpunkter.yaml")]
    )
    report = api.check(rules, data, period="2025", as_of="2026-09-30")
    console = fixed_console(io.StringIO(), color=False, width=100)
    parts = list(terminal._parts(report, 100))
    tables = [part for part in parts if isinstance(part, Table) and part.show_header]
    assert tables and all(table_lines(console, table) is not None for table in tables)
    texts = [part for part in parts if isinstance(part, Text | Padding)]
    assert sum(plain_lines(console, part) is not None for part in texts) > 0.9 * len(texts)


def test_a_table_one_column_too_wide_is_left_to_the_console() -> None:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("abc")
    table.add_column("x" * 10, no_wrap=True)
    # Widths with padding: 3 + 1 and 1 + 10, and one divider: 16 columns in all.
    assert tabled(table, 16) == printed(table, 16) == ["abc   xxxxxxxxxx", "─" * 16]
    assert tabled(table, 15) is None
