"""A format-neutral document: the memo in words, as headings, paragraphs, lists and tables.

`layout.layout_memo` writes a `Memo` into this shape with the catalogue's words; the Markdown,
HTML and DOCX reporters only lay it out, so the three say exactly the same thing. Every piece
of text here is final (translated, numbers formatted); renderers escape it, never reword it.

A `Tone` tells a renderer how a cell or paragraph may be coloured; the words and symbols in the
text already say the same, so colour is never the only cue.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from compliance.memo.charts import Chart
from compliance.memo.tones import Tone


class Style(StrEnum):
    PLAIN = "plain"
    STRONG = "strong"
    EMPHASIS = "emphasis"
    CODE = "code"


@dataclass(frozen=True)
class Span:
    """A run of text with one style; with `href`, a link (never fetched, only followed)."""

    text: str
    style: Style = Style.PLAIN
    href: str | None = None


Inline = tuple[Span, ...]


@dataclass(frozen=True)
class Paragraph:
    content: Inline
    tone: Tone | None = None


@dataclass(frozen=True)
class Quote:
    """A verbatim quotation from a source document."""

    content: Inline


@dataclass(frozen=True)
class ListItem:
    content: Inline
    children: tuple[Block, ...] = ()
    tone: Tone | None = None


@dataclass(frozen=True)
class BulletList:
    items: tuple[ListItem, ...]
    ordered: bool = False


@dataclass(frozen=True)
class Fields:
    """Label–value pairs (period, as-of date …), shown as a definition list or a small table."""

    items: tuple[tuple[str, Inline], ...]


@dataclass(frozen=True)
class Cell:
    content: Inline
    tone: Tone | None = None


@dataclass(frozen=True)
class Table:
    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    # Right-aligned (numeric) columns.
    numeric: tuple[bool, ...] = ()
    # The first cell of each row names the row (a `<th scope="row">`).
    row_headers: bool = True

    def is_numeric(self, column: int) -> bool:
        return column < len(self.numeric) and self.numeric[column]


@dataclass(frozen=True)
class Details:
    """Content a reader opens when they want it: evidence, long appendices.

    Collapsed in Markdown (a pull-request comment); open, but collapsible, in HTML, so that a
    printed report has everything.
    """

    summary: str
    blocks: tuple[Block, ...]
    # Left out of a compact rendering (a pull-request comment with a length limit): the
    # evidence and the list of every check, which the full report has.
    omissible: bool = False


@dataclass(frozen=True)
class Figure:
    """A chart with its title, a description for those who cannot see it, and its data."""

    chart: Chart
    title: str
    description: str
    table: Table


Block = Paragraph | Quote | BulletList | Fields | Table | Details | Figure


@dataclass(frozen=True)
class Section:
    """A heading with its content; `level` 2 for the memo's main sections, 3 and 4 below."""

    heading: str
    anchor: str
    level: int
    blocks: tuple[Block, ...] = ()
    subsections: tuple[Section, ...] = ()


@dataclass(frozen=True)
class Document:
    lang: str
    title: str
    subtitle: str
    meta: Fields
    sections: tuple[Section, ...]


def plain(text: str) -> Inline:
    return (Span(text),)


def strong(text: str) -> Span:
    return Span(text, Style.STRONG)


def code_spans(text: str) -> Inline:
    """Text whose `backticked` parts are code: how evidence sentences quote conditions."""
    parts = text.split("`")
    if len(parts) % 2 == 0:  # an unpaired backtick: keep the text as it is
        return plain(text)
    return tuple(
        Span(part, Style.CODE if index % 2 else Style.PLAIN)
        for index, part in enumerate(parts)
        if part
    )
