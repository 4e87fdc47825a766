"""A memo `Document` written into a Word document with python-docx, block by block.

The structure is Word's own, so a revisor can edit, restyle and navigate it: the title in
Title, sections in Heading 1–3 (with bookmarks for in-document links), lists in List Bullet /
List Number (each numbered list starting at 1), quotations in Quote, tables in Table Grid with
a repeating header row and a numbered Caption above, charts as pictures with alt text, a
numbered Caption and their data table. Tones shade cells and mark paragraphs with a bar; the
words and symbols already say the same. Page numbers are fields in the footer.
"""

from __future__ import annotations

import io
import re
from datetime import datetime
from urllib.parse import urlsplit

import docx
from docx.document import Document as WordDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Emu, Length, Pt
from docx.text.paragraph import Paragraph as WordParagraph
from docx.text.run import Run

from compliance.memo.document import (
    Block,
    BulletList,
    Details,
    Document,
    Fields,
    Figure,
    Inline,
    Paragraph,
    Quote,
    Section,
    Span,
    Style,
    Table,
)
from compliance.memo.tones import Tone
from compliance.messages import message
from compliance.reporters import docx_parts
from compliance.reporters.docx_charts import chart_png
from compliance.reporters.svg_charts import COLOURS

# A4 portrait with 2.5 cm margins: a 16 cm text column, the width every chart is drawn for.
PAGE_WIDTH = Cm(21)
PAGE_HEIGHT = Cm(29.7)
MARGIN = Cm(2.5)
TEXT_WIDTH = Cm(16)
PICTURE_WIDTH = TEXT_WIDTH
# A tall chart (many rows) is scaled down to leave room on its page for the caption.
PICTURE_HEIGHT = Cm(21)
# Links are kept only to places a reader can go, as in the HTML report; others are text.
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
CODE_STYLE = "HTML Code"
CODE_FONT = "Consolas"
# The HTML report's light backgrounds for cells; neutral cells stay white.
TONE_FILLS: dict[Tone, str | None] = {
    Tone.GOOD: "E3F4EC",
    Tone.PARTIAL: "FDF1D8",
    Tone.BAD: "FBE6DA",
    Tone.MISSING: "FDF1D8",
    Tone.WAIVED: "F6E6F0",
    Tone.NEUTRAL: None,
}
# A toned paragraph or list item has a bar on its left, as in the HTML report: the tone's
# colour, and a line that differs where the colours are alike (missing: dotted).
TONE_BARS: dict[Tone, tuple[str, str]] = {
    Tone.GOOD: (COLOURS[Tone.GOOD], "single"),
    Tone.PARTIAL: (COLOURS[Tone.PARTIAL], "single"),
    Tone.BAD: (COLOURS[Tone.BAD], "single"),
    Tone.MISSING: (COLOURS[Tone.MISSING], "dotted"),
    Tone.WAIVED: (COLOURS[Tone.WAIVED], "double"),
    Tone.NEUTRAL: ("C4C4C4", "single"),
}
HEADER_FILL = "F0F0F0"
# Column widths in characters: the most a column's text asks for before it wraps, the least.
WIDEST_COLUMN = 48
NARROWEST_COLUMN = 4
# Word has three levels of each list style; deeper lists stay at the third.
LIST_LEVELS = 3
# Where a field goes in a catalogue template: `Sida {page} av {pages}`.
_FIELD_MARK = re.compile("([\x01-\x04])")


def write_document(document: Document, when: datetime | None) -> bytes:
    """The bytes of a .docx file holding `document`; `when` dates it (None: undated)."""
    target = docx.Document()
    docx_parts.drop_thumbnail(target)
    language = message("docx.language")
    docx_parts.set_language(target, language)
    docx_parts.set_properties(
        target,
        title=document.title,
        subject=document.subtitle,
        language=language,
        when=when,
    )
    _page(target)
    _styles(target)
    _Writer(target).document(document)
    output = io.BytesIO()
    target.save(output)
    return docx_parts.normalise_zip(output.getvalue())


def _page(target: WordDocument) -> None:
    section = target.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.left_margin = section.right_margin = MARGIN
    section.top_margin = section.bottom_margin = MARGIN
    section.footer_distance = Cm(1.25)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _with_fields(
        footer,
        message("docx.page", page="\x01", pages="\x02"),
        {"\x01": ("PAGE", "1"), "\x02": ("NUMPAGES", "1")},
    )


def _styles(target: WordDocument) -> None:
    """The character styles Word has built in but the python-docx template leaves out."""
    styles = target.styles
    link = styles.add_style(docx_parts.HYPERLINK_STYLE, WD_STYLE_TYPE.CHARACTER, builtin=True)
    link.font.color.rgb = docx_parts.HYPERLINK_COLOR
    link.font.underline = True
    code = styles.add_style(CODE_STYLE, WD_STYLE_TYPE.CHARACTER, builtin=True)
    code.font.name = CODE_FONT
    code.font.size = Pt(10)


def _with_fields(paragraph: WordParagraph, text: str, fields: dict[str, tuple[str, str]]) -> None:
    """`text` with each mark replaced by its field (instruction, text shown until updated)."""
    for part in _FIELD_MARK.split(text):
        if part in fields:
            docx_parts.field(paragraph, *fields[part])
        elif part:
            paragraph.add_run(part)


class _Writer:
    """Appends blocks to the body of one Word document, numbering tables and figures."""

    def __init__(self, target: WordDocument) -> None:
        self.target = target
        self.tables = 0
        self.figures = 0
        self.bookmarks = 0
        # Style ids by name: python-docx looks a name up among all styles on every use.
        self.style_ids: dict[str, str] = {}

    def style_id(self, name: str) -> str:
        found = self.style_ids.get(name)
        if found is None:
            found = self.style_ids[name] = self.target.styles[name].style_id
        return found

    def add_paragraph(self, style: str | None = None, text: str = "") -> WordParagraph:
        paragraph = self.target.add_paragraph(text)
        if style is not None:
            paragraph._p.style = self.style_id(style)
        return paragraph

    def document(self, document: Document) -> None:
        self.add_paragraph("Title", document.title)
        self.add_paragraph("Subtitle", document.subtitle)
        self.fields(document.meta, 0)
        for section in document.sections:
            self.section(section)

    def section(self, section: Section) -> None:
        # The memo's main sections are level 2 under its title: Heading 1 in Word.
        level = min(max(section.level - 1, 1), 9)
        heading = self.add_paragraph(f"Heading {level}", section.heading)
        self.bookmarks += 1
        docx_parts.bookmark(heading, section.anchor, self.bookmarks)
        self.blocks(section.blocks, 0)
        for subsection in section.subsections:
            self.section(subsection)

    def blocks(self, blocks: tuple[Block, ...], depth: int) -> None:
        for block in blocks:
            self.block(block, depth)

    def block(self, block: Block, depth: int) -> None:
        """`block`; `depth` > 0 inside a list item, whose paragraphs line up with its text."""
        match block:
            case Paragraph():
                self.paragraph(block.content, _continue_style(depth), block.tone)
            case Quote():
                self.paragraph(block.content, "Quote", None)
            case BulletList():
                self.bullet_list(block, depth)
            case Fields():
                self.fields(block, depth)
            case Table():
                self.table(block)
            case Details():
                lead = self.add_paragraph(_continue_style(depth))
                lead.add_run(block.summary).bold = True
                lead.paragraph_format.keep_with_next = True
                self.blocks(block.blocks, depth)
            case Figure():
                self.figure(block)
            case _:
                raise AssertionError(f"unhandled block {block!r}")

    def paragraph(self, content: Inline, style: str | None, tone: Tone | None) -> WordParagraph:
        paragraph = self.add_paragraph(style)
        self.inline(paragraph, content)
        _mark(paragraph, tone)
        return paragraph

    def bullet_list(self, block: BulletList, depth: int) -> None:
        level = min(depth, LIST_LEVELS - 1)
        kind = "List Number" if block.ordered else "List Bullet"
        style = kind if level == 0 else f"{kind} {level + 1}"
        numbering = docx_parts.restart_numbering(self.target, style) if block.ordered else None
        for item in block.items:
            paragraph = self.paragraph(item.content, style, item.tone)
            if numbering is not None:
                docx_parts.use_numbering(paragraph, numbering)
            self.blocks(item.children, depth + 1)

    def fields(self, block: Fields, depth: int) -> None:
        """Label–value pairs, one a line: the label in bold, as a form reads."""
        for index, (label, value) in enumerate(block.items):
            paragraph = self.add_paragraph(_continue_style(depth))
            paragraph.add_run(f"{label}: ").bold = True
            self.inline(paragraph, value)
            if index < len(block.items) - 1:
                paragraph.paragraph_format.space_after = Pt(0)

    def table(self, table: Table) -> None:
        self.tables += 1
        self.caption("docx.table_caption", "docx.table_label", self.tables, table.caption)
        grid = self.target.add_table(rows=1, cols=len(table.header))
        grid._tbl.tblPr.style = self.style_id("Table Grid")
        widths = column_widths(table, TEXT_WIDTH)
        for column, width in zip(grid.columns, widths, strict=True):
            column.width = width
        header = grid.rows[0]
        docx_parts.repeat_as_header(header)
        for column, (cell, text) in enumerate(zip(header.cells, table.header, strict=True)):
            cell.width = widths[column]
            paragraph = cell.paragraphs[0]
            paragraph.add_run(text).bold = True
            _align(paragraph, table.is_numeric(column))
            docx_parts.shade_cell(cell, HEADER_FILL)
        for cells in table.rows:
            row = grid.add_row()
            docx_parts.keep_row_together(row)
            for column, (target, cell) in enumerate(zip(row.cells, cells, strict=True)):
                target.width = widths[column]
                paragraph = target.paragraphs[0]
                self.inline(paragraph, cell.content)
                _align(paragraph, table.is_numeric(column))
                fill = TONE_FILLS[cell.tone] if cell.tone is not None else None
                if fill is not None:
                    docx_parts.shade_cell(target, fill)
        # Word joins two tables with nothing between them into one; a paragraph keeps the
        # next block apart and gives the table room below.
        self.add_paragraph().paragraph_format.space_after = Pt(4)

    def figure(self, figure: Figure) -> None:
        self.figures += 1
        holder = self.add_paragraph()
        holder.alignment = WD_ALIGN_PARAGRAPH.CENTER
        holder.paragraph_format.keep_with_next = True
        chart = chart_png(figure.chart)
        width: Length = PICTURE_WIDTH
        if width * chart.height_inches / chart.width_inches > PICTURE_HEIGHT:
            width = Emu(int(PICTURE_HEIGHT * chart.width_inches / chart.height_inches))
        picture = holder.add_run().add_picture(io.BytesIO(chart.png), width=width)
        # The alt text a screen reader says instead of the picture.
        properties = picture._inline.docPr
        properties.set("title", figure.title)
        properties.set("descr", figure.description)
        self.caption("docx.figure_caption", "docx.figure_label", self.figures, figure.title)
        self.add_paragraph(None, figure.description)
        self.table(figure.table)

    def caption(self, template: str, label: str, number: int, text: str) -> None:
        """A numbered caption (`Tabell 3. …`) whose number is a SEQ field, as Word inserts it."""
        paragraph = self.add_paragraph("Caption")
        if template == "docx.table_caption":  # a figure's caption is below it, a table's above
            paragraph.paragraph_format.keep_with_next = True
        instruction = f"SEQ {message(label)} \\* ARABIC"
        _with_fields(
            paragraph,
            message(template, number="\x01", caption=text),
            {"\x01": (instruction, str(number))},
        )

    def inline(self, paragraph: WordParagraph, content: Inline) -> None:
        for span in content:
            if span.href is not None and _linkable(span.href):
                link = docx_parts.hyperlink(paragraph, span.href)
                run = docx_parts.run_in(link, paragraph, span.text)
                run._r.style = self.style_id(docx_parts.HYPERLINK_STYLE)
                if span.style is Style.CODE:
                    run.font.name = CODE_FONT
            else:
                run = paragraph.add_run(span.text)
                if span.style is Style.CODE:
                    run._r.style = self.style_id(CODE_STYLE)
            _emphasise(run, span)


def column_widths(table: Table, total: Length) -> list[Length]:
    """Widths sharing `total` by what the columns hold, so a column of counts stays narrow.

    A column is as wide as its longest text (up to a limit, past which text wraps), but never
    narrower than the longest word of its header, which cannot wrap.
    """
    weights = []
    for column, heading in enumerate(table.header):
        texts = ["".join(span.text for span in row[column].content) for row in table.rows]
        longest = max((len(text) for text in texts), default=0)
        header_word = max((len(word) for word in heading.split()), default=0)
        weights.append(max(min(longest, WIDEST_COLUMN), header_word, NARROWEST_COLUMN))
    whole = sum(weights)
    return [Emu(int(total * weight / whole)) for weight in weights]


def _linkable(href: str) -> bool:
    """A heading of this document, or a place a reader can go (never `javascript:`)."""
    return href.startswith("#") or urlsplit(href).scheme.lower() in LINK_SCHEMES


def _emphasise(run: Run, span: Span) -> None:
    if span.style is Style.STRONG:
        run.bold = True
    elif span.style is Style.EMPHASIS:
        run.italic = True


def _continue_style(depth: int) -> str | None:
    """The style of a paragraph inside a list item at `depth`, indented like the item's text."""
    if depth == 0:
        return None
    level = min(depth, LIST_LEVELS)
    return "List Continue" if level == 1 else f"List Continue {level}"


def _align(paragraph: WordParagraph, numeric: bool) -> None:
    if numeric:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _mark(paragraph: WordParagraph, tone: Tone | None) -> None:
    if tone is not None:
        colour, line = TONE_BARS[tone]
        docx_parts.left_bar(paragraph, colour.removeprefix("#"), line)
