"""Without colour, the terminal report writes texts as rich would print them, only faster.

`terminal.plain_lines` wraps a text (or an indented text) itself instead of printing it
through the console; these tests print the same parts through the console and require the
same lines, for generated texts with long words, wide and combining characters, tabs and
line breaks.
"""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from compliance.reporters.terminal import fixed_console, plain_lines

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
