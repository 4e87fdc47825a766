"""The audit memo as a Word document: Word's own structure, the memo's content, fixed bytes.

Each example's .docx is opened again with python-docx and compared with the memo `Document`
it was rendered from: headings and their levels, tables with captions and repeating header
rows, pictures for the charts, real hyperlinks, page-number fields, the language, A4.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import docx
import pytest
from cli_process import run
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml.ns import qn
from docx.shared import Cm
from docx.table import Table as WordTable
from docx.text.paragraph import Paragraph as WordParagraph
from test_memo_golden import EXAMPLES, example_report

from compliance.findings import Report
from compliance.memo.charts import StackedBarChart, TargetChart
from compliance.memo.document import (
    Block,
    BulletList,
    Cell,
    Details,
    Document,
    Fields,
    Figure,
    ListItem,
    Paragraph,
    Quote,
    Section,
    Span,
    Style,
    Table,
    plain,
)
from compliance.memo.tones import Tone
from compliance.messages import message, use_language
from compliance.reporters import BINARY_FORMATS, renderer
from compliance.reporters import docx as docx_reporter
from compliance.reporters.docx_writer import HEADER_FILL, TONE_FILLS, column_widths
from compliance.reporters.svg_charts import COLOURS

ROOT = Path(__file__).resolve().parent.parent
WORD_LANGUAGES = {"sv": "sv-SE", "en": "en-GB"}
CASES = [(name, lang) for name in sorted(EXAMPLES) for lang in ("sv", "en")]
BOOKMARK = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,39}$")


@cache
def rendered(name: str, lang: str, figures: bool = False) -> tuple[Report, Document, bytes]:
    """The example's report, its memo, and the memo rendered by `render` as `--format docx`."""
    report, document = example_report(name, lang, figures=figures)
    with use_language(lang):
        data = (
            docx_reporter.render_document(document, created=midnight(report))
            if figures
            else docx_reporter.render(report)
        )
    return report, document, data


def midnight(report: Report) -> datetime:
    return datetime(report.as_of.year, report.as_of.month, report.as_of.day, tzinfo=UTC)


def word(data: bytes) -> Any:
    return docx.Document(io.BytesIO(data))


# ---------------------------------------------------------------- walking the memo


def sections(of: tuple[Section, ...]) -> Iterator[Section]:
    for section in of:
        yield section
        yield from sections(section.subsections)


def blocks(document: Document) -> Iterator[Block]:
    """Every block in the order a renderer meets it, nested ones included."""
    for section in sections(document.sections):
        yield from _nested(section.blocks)


def _nested(of: tuple[Block, ...]) -> Iterator[Block]:
    for block in of:
        yield block
        match block:
            case Details():
                yield from _nested(block.blocks)
            case BulletList():
                for item in block.items:
                    yield from _nested(item.children)
            case Figure():
                yield block.table


def spans(document: Document) -> Iterator[Span]:
    yield from (span for _, value in document.meta.items for span in value)
    for block in blocks(document):
        match block:
            case Paragraph() | Quote():
                yield from block.content
            case BulletList():
                yield from (span for item in block.items for span in item.content)
            case Fields():
                yield from (span for _, value in block.items for span in value)
            case Table():
                yield from (span for row in block.rows for cell in row for span in cell.content)


def body(opened: Any) -> list[Any]:
    """The body's paragraphs and tables in order, as python-docx objects."""
    items: list[Any] = []
    for child in opened.element.body.iterchildren():
        if child.tag == qn("w:p"):
            items.append(WordParagraph(child, opened))
        elif child.tag == qn("w:tbl"):
            items.append(WordTable(child, opened))
    return items


# ---------------------------------------------------------------- the examples


@pytest.mark.parametrize(("name", "lang"), CASES)
def test_headings_are_word_headings_in_the_memo_order(name: str, lang: str) -> None:
    _, document, data = rendered(name, lang)
    paragraphs = word(data).paragraphs
    assert (paragraphs[0].style.name, paragraphs[0].text) == ("Title", document.title)
    assert (paragraphs[1].style.name, paragraphs[1].text) == ("Subtitle", document.subtitle)
    headings = [(p.style.name, p.text) for p in paragraphs if p.style.name.startswith("Heading")]
    expected = [(f"Heading {s.level - 1}", s.heading) for s in sections(document.sections)]
    assert headings == expected
    assert {style for style, _ in headings} == {"Heading 1", "Heading 2", "Heading 3"}


@pytest.mark.parametrize(("name", "lang"), CASES)
def test_every_table_has_a_caption_above_and_a_repeating_header_row(name: str, lang: str) -> None:
    _, document, data = rendered(name, lang)
    items = body(word(data))
    found = [(items[i - 1], item) for i, item in enumerate(items) if isinstance(item, WordTable)]
    tables = [block for block in blocks(document) if isinstance(block, Table)]
    assert len(found) == len(tables) > 0
    with use_language(lang):
        for number, ((caption, grid), table) in enumerate(zip(found, tables, strict=True), 1):
            assert caption.style.name == "Caption"
            assert caption.text == message(
                "docx.table_caption", number=str(number), caption=table.caption
            )
            assert f"SEQ {message('docx.table_label')}" in caption._p.xml
            header = grid.rows[0]
            assert header._tr.trPr.find(qn("w:tblHeader")) is not None
            assert [cell.text for cell in header.cells] == list(table.header)
            assert len(grid.rows) == len(table.rows) + 1
            assert grid.style.name == "Table Grid"


@pytest.mark.parametrize(("name", "lang"), CASES)
def test_toned_cells_are_shaded_and_keep_their_words(name: str, lang: str) -> None:
    _, document, data = rendered(name, lang)
    tables = [block for block in blocks(document) if isinstance(block, Table)]
    grids = word(data).tables
    expected, shaded = [], []
    for table, grid in zip(tables, grids, strict=True):
        for row, cells in zip(grid.rows[1:], table.rows, strict=True):
            for target, cell in zip(row.cells, cells, strict=True):
                fill = TONE_FILLS[cell.tone] if cell.tone is not None else None
                expected.append((fill, "".join(span.text for span in cell.content)))
                shading = target._tc.tcPr.find(qn("w:shd")) if target._tc.tcPr is not None else None
                shaded.append((None if shading is None else shading.get(qn("w:fill")), target.text))
        assert grid.rows[0].cells[0]._tc.tcPr.find(qn("w:shd")).get(qn("w:fill")) == HEADER_FILL
    assert shaded == expected
    assert any(fill == TONE_FILLS[Tone.BAD] for fill, _ in shaded)


@pytest.mark.parametrize(("name", "lang"), CASES)
def test_the_footer_numbers_pages_with_fields(name: str, lang: str) -> None:
    _, _, data = rendered(name, lang)
    footer = word(data).sections[0].footer
    codes = [code.text.strip() for code in footer._element.iter(qn("w:instrText"))]
    assert codes == ["PAGE", "NUMPAGES"]
    with use_language(lang):
        assert footer.paragraphs[0].text == message("docx.page", page="1", pages="1")
    assert footer.paragraphs[0].text.startswith("Sida " if lang == "sv" else "Page ")


@pytest.mark.parametrize(("name", "lang"), CASES)
def test_the_language_is_set_for_the_spelling_checker(name: str, lang: str) -> None:
    _, _, data = rendered(name, lang)
    opened = word(data)
    defaults = opened.styles.element.find(qn("w:docDefaults"))
    language = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    assert language.get(qn("w:val")) == WORD_LANGUAGES[lang]
    assert opened.core_properties.language == WORD_LANGUAGES[lang]


@pytest.mark.parametrize(("name", "lang"), CASES)
def test_cited_addresses_are_real_hyperlinks(name: str, lang: str) -> None:
    _, document, data = rendered(name, lang)
    opened = word(data)
    cited = {s.href for s in spans(document) if s.href and not s.href.startswith("#")}
    targets = {
        rel.target_ref
        for rel in opened.part.rels.values()
        if rel.reltype == RELATIONSHIP_TYPE.HYPERLINK
    }
    linked = {link.url for p in opened.paragraphs for link in p.hyperlinks}
    assert cited == targets == linked
    if name == "haninge":  # the Kommunallagen's rules cite riksdagen.se
        assert any(url.startswith("https://www.riksdagen.se/") for url in cited)


@pytest.mark.parametrize(("name", "lang"), CASES)
def test_each_chart_is_a_picture_with_alt_text_and_a_caption(name: str, lang: str) -> None:
    _, document, data = rendered(name, lang)
    figures = [block for block in blocks(document) if isinstance(block, Figure)]
    opened = word(data)
    shapes = opened.inline_shapes
    assert len(shapes) == len(figures) > 0
    for shape, figure in zip(shapes, figures, strict=True):
        assert shape._inline.docPr.get("descr") == figure.description
        assert shape.width <= Cm(16)
    captions = [p.text for p in opened.paragraphs if p.style.name == "Caption"]
    with use_language(lang):
        for number, figure in enumerate(figures, 1):
            caption = message("docx.figure_caption", number=str(number), caption=figure.title)
            assert caption in captions
    images = [part for part in opened.part.package.iter_parts() if "image" in part.content_type]
    assert all(image.blob.startswith(b"\x89PNG") for image in images)


def test_the_indicator_chart_is_drawn_against_its_targets() -> None:
    _, document, data = rendered("servicenamnden", "sv", figures=True)
    charts = [block.chart for block in blocks(document) if isinstance(block, Figure)]
    assert [type(chart) for chart in charts] == [StackedBarChart, TargetChart]
    assert len(word(data).inline_shapes) == 2


@pytest.mark.parametrize(("name", "lang"), CASES)
def test_each_numbered_list_starts_at_one(name: str, lang: str) -> None:
    _, document, data = rendered(name, lang)
    ordered = [b for b in blocks(document) if isinstance(b, BulletList) and b.ordered]
    numbering: list[str] = []
    for paragraph in word(data).paragraphs:
        if paragraph.style.name.startswith("List Number"):
            num_id = paragraph._p.pPr.numPr.numId.val
            if num_id not in numbering:
                numbering.append(num_id)
    # One numbering per list, each with its own start: the second list does not go on at 4.
    assert len(numbering) == len(ordered) > 0


@pytest.mark.parametrize(("name", "lang"), CASES)
def test_the_page_is_a4_and_the_properties_carry_no_clock(name: str, lang: str) -> None:
    report, document, data = rendered(name, lang)
    opened = word(data)
    section = opened.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert round(section.left_margin.cm, 1) == round(section.right_margin.cm, 1) == 2.5
    properties = opened.core_properties
    assert properties.created == properties.modified == midnight(report)
    assert (properties.author, properties.last_modified_by) == ("compliance", "compliance")
    assert properties.title == document.title
    entries = zipfile.ZipFile(io.BytesIO(data)).infolist()
    assert entries[0].filename == "[Content_Types].xml"
    assert {entry.date_time for entry in entries} == {(1980, 1, 1, 0, 0, 0)}
    assert "docProps/thumbnail.jpeg" not in {entry.filename for entry in entries}


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_the_same_memo_gives_the_same_bytes(name: str) -> None:
    report, document, data = rendered(name, "sv")
    # A second, independent rendering, from the document rather than the report.
    with use_language("sv"):
        again = docx_reporter.render_document(document, created=midnight(report))
    assert again == data


# ---------------------------------------------------------------- any memo-shaped document


def small_document(lang: str) -> Document:
    target = Section("Iakttagelser för HAN-ÅB", "km-han-åb", 4, (Paragraph(plain("Målet.")),))
    return Document(
        lang=lang,
        title="Uppföljning",
        subtitle="Haninge kommun",
        meta=Fields((("Period", plain("2025")),)),
        sections=(
            Section(
                "Ändringar",
                "changes",
                2,
                (
                    Paragraph(
                        (
                            Span("Se "),
                            Span("HAN-ÅB", Style.STRONG, href="#km-han-åb"),
                            Span(" och "),
                            Span("s.besvarad", Style.CODE),
                            Span(" i "),
                            Span("lagen", Style.EMPHASIS, href="https://example.se/lag"),
                            Span(" ("),
                            Span("skript", href="javascript:alert(1)"),
                            Span(")"),
                            Span("."),
                        ),
                        tone=Tone.BAD,
                    ),
                    Quote(plain("Alla synpunkter ska besvaras.")),
                    BulletList(
                        (
                            ListItem(
                                plain("Nytt"),
                                children=(
                                    BulletList((ListItem(plain("HAN-SYN")),)),
                                    Paragraph(plain("Mer om det.")),
                                ),
                            ),
                        )
                    ),
                    Details("Underlag", (Paragraph(plain("Rad ett.")),)),
                ),
                (target,),
            ),
        ),
    )


def test_any_document_renders_with_links_bookmarks_and_styles() -> None:
    opened = word(docx_reporter.render_document(small_document("sv")))
    paragraphs = opened.paragraphs
    styles = {p.text: p.style.name for p in paragraphs}
    assert styles["Alla synpunkter ska besvaras."] == "Quote"
    assert styles["Nytt"] == "List Bullet"
    assert styles["HAN-SYN"] == "List Bullet 2"
    assert styles["Mer om det."] == "List Continue"
    assert styles["Iakttagelser för HAN-ÅB"] == "Heading 3"
    lead = next(p for p in paragraphs if p.text == "Underlag")
    assert lead.runs[0].bold and lead.paragraph_format.keep_with_next
    linked = next(p for p in paragraphs if p.text.startswith("Se "))
    assert linked.text == "Se HAN-ÅB och s.besvarad i lagen (skript)."
    internal = linked._p.find(qn("w:hyperlink"))
    name = internal.get(qn("w:anchor"))
    assert BOOKMARK.match(name)
    marks = [m.get(qn("w:name")) for m in opened.element.body.iter(qn("w:bookmarkStart"))]
    assert marks == ["changes", name]
    assert [(link.url, link.text) for link in linked.hyperlinks] == [
        ("", "HAN-ÅB"),
        ("https://example.se/lag", "lagen"),
    ]
    code = next(run for run in linked.runs if run.text == "s.besvarad")
    assert code.style.name == "HTML Code" and code.style.font.name == "Consolas"
    bar = linked._p.pPr.find(f"{qn('w:pBdr')}/{qn('w:left')}")
    assert (bar.get(qn("w:val")), bar.get(qn("w:color"))) == ("single", COLOURS[Tone.BAD][1:])
    # Without a date, the properties have none rather than the time of rendering.
    assert opened.core_properties.created is None
    assert opened.core_properties.modified is None


def test_the_added_words_follow_the_document_language() -> None:
    # Rendered in a Swedish run, an English document still gets English page numbers.
    opened = word(docx_reporter.render_document(small_document("en")))
    assert opened.sections[0].footer.paragraphs[0].text == "Page 1 of 1"
    assert opened.core_properties.language == "en-GB"


def test_columns_are_as_wide_as_their_text() -> None:
    row = (Cell(plain("HAN-TG Samtliga nämnder ska ha tjänstegarantier")), Cell(plain("3")))
    table = Table("Bedömning", ("Kontrollmål", "Avvikelse"), (row,), (False, True))
    widths = column_widths(table, Cm(16))
    assert widths[0] > 3 * widths[1]  # the count's column is as wide as its header's word
    assert abs(sum(widths) - Cm(16)) < 10


def test_bookmark_names_are_valid_and_distinct() -> None:
    from compliance.reporters.docx_parts import bookmark_name

    anchors = ["km-han-åb", "km-han-ab", "km-han-öb", "x" * 60, "1-intro", "summary"]
    names = [bookmark_name(anchor) for anchor in anchors]
    assert all(BOOKMARK.match(name) for name in names)
    assert len(set(names)) == len(names)
    assert bookmark_name("summary") == "summary"


# ---------------------------------------------------------------- the command line


def test_docx_is_a_binary_format_of_check() -> None:
    assert renderer("docx") is docx_reporter.render
    assert "docx" in BINARY_FORMATS


def test_check_writes_a_word_document(tmp_path: Path) -> None:
    output = tmp_path / "memo.docx"
    result = run("check", "--format", "docx", "--output", output, cwd=ROOT / "fixtures" / "haninge")
    assert result.code == 1, result.stderr  # the example has deviations
    assert result.stdout == ""
    _, document, data = rendered("haninge", "sv")
    assert output.read_bytes() == data
    assert word(output.read_bytes()).paragraphs[0].text == document.title


def test_loading_the_word_reporter_imports_neither_python_docx_nor_matplotlib() -> None:
    probe = (
        "import sys\n"
        "from compliance.reporters import renderer\n"
        "renderer('docx')\n"
        "print([m for m in ('docx', 'matplotlib') if m in sys.modules])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=False
    )
    assert result.stdout.strip() == "[]", result.stderr


def office() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(office() is None, reason="LibreOffice not installed")
def test_libreoffice_converts_the_memo_to_a_pdf_of_several_pages(tmp_path: Path) -> None:
    _, _, data = rendered("haninge", "sv")
    source = tmp_path / "memo.docx"
    source.write_bytes(data)
    subprocess.run(
        [str(office()), "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), source],
        capture_output=True,
        timeout=300,
        check=True,
    )
    pdf = (tmp_path / "memo.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) > 1
